package ui

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"civreg"
)

// keyView is the keying screen of one entry: its band of the page, zoomed, and each field
// to key with its cell of the page above it.
type keyView struct {
	layout
	ID      int64
	Version int
	Keying  string // civreg.KeyingSingle or KeyingDouble
	Round   int    // which keying of the entry this is
	Entry   *entryView
	Page    int    // the page the entry stands on
	Region  string // the entry's band, "" for the whole page
	Fields  []keyField
	Lists   []keyList
	// Blocked says why u may not key the entry now; the screen then shows only that.
	Blocked   string
	Arbitrate bool // Blocked because the keyings wait for arbitration
}

// keyField is one field to key.
type keyField struct {
	Key, Label, Kind string
	Hint             string // how to key it
	Placeholder      string // OCR's reading, on single keying only
	List             string // id of the datalist of suggestions, if any
	Page             int
	Box              string // the field's cell "x0 y0 x1 y1"; "" when not known (the band is shown)
}

// keyList is a datalist of suggestions.
type keyList struct {
	ID      string
	Options []string
}

// keyHints say how a value of each kind is keyed.
var keyHints = map[string]string{
	civreg.KindDate:     "day month year: 14 3 87 or 14th March 1987",
	civreg.KindSex:      "b or m for a boy, g or f for a girl",
	civreg.KindAge:      "years, as a number",
	civreg.KindDistrict: "the parish: start typing and pick from the list",
	civreg.KindName:     "as written; names from approved records are offered",
}

// keyPage answers GET /records/{id}/key: the keying screen, or why u may not key the entry.
func (s *Server) keyPage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	ctx := r.Context()
	rec, st, err := s.recordKeying(ctx, u, id)
	if err != nil {
		return err
	}
	v := &keyView{layout: layout{Title: fmt.Sprintf("Key record %d", id), User: u}, ID: id, Version: rec.Version,
		Keying: st.Keying, Round: len(st.Keyers) + 1, Page: max(rec.EntryPage, 1)}
	if v.Blocked, v.Arbitrate = keyBlocked(u, rec, st); v.Blocked != "" {
		return s.render(w, r, http.StatusConflict, "key", v)
	}
	if v.Entry, err = s.entryOf(ctx, u, rec); err != nil {
		return err
	}
	if len(rec.Region) == 4 {
		v.Region = boxText(rec.Region)
	}
	if err := s.keyFields(ctx, u, rec, st, v); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "key", v)
}

// keyBlocked says why u may not key rec now, and whether that is because it waits for
// arbitration; "" when u may.
func keyBlocked(u *civreg.User, rec *civreg.Record, st *civreg.KeyingState) (string, bool) {
	switch {
	case rec.Status != civreg.StatusNeedsReview:
		return fmt.Sprintf("Record %d is not waiting to be keyed: it is %s.", rec.ID, strings.ToLower(rec.Status.Word())), false
	case st.KeyedBy(u.ID):
		return fmt.Sprintf("You keyed record %d already. A second keying must be someone else's.", rec.ID), false
	case st.Needed() == 0 && st.Disputed > 0:
		return fmt.Sprintf("Record %d is keyed twice already; %d fields wait for arbitration.", rec.ID, st.Disputed), true
	case st.Needed() == 0:
		return fmt.Sprintf("Record %d is keyed already.", rec.ID), false
	case rec.RecordType == civreg.Unknown:
		return fmt.Sprintf("The kind of record %d is not decided yet: set it on the review screen, then key it.", rec.ID), false
	}
	return "", false
}

// keyFields fills v with the fields of rec's type that u may see, each with its cell, hint
// and suggestions. OCR's reading is a field's placeholder on single keying only: keyed twice,
// neither keyer is led by it.
func (s *Server) keyFields(ctx context.Context, u *civreg.User, rec *civreg.Record, st *civreg.KeyingState, v *keyView) error {
	lists := map[string]bool{}
	for _, spec := range civreg.FieldsOf(rec.RecordType) {
		if !u.MaySeeField(spec.Key) {
			continue
		}
		f := keyField{Key: spec.Key, Label: fieldLabel(spec.Key), Kind: spec.Kind, Hint: keyHints[spec.Kind], Page: v.Page}
		if read, ok := rec.Fields[spec.Key]; ok {
			if st.Keying != civreg.KeyingDouble {
				f.Placeholder = read.Value
			}
			if len(read.Box) == 4 && read.Page > 0 {
				f.Box, f.Page = boxText(read.Box), read.Page
			}
		}
		switch spec.Kind {
		case civreg.KindDistrict:
			f.List = "districts"
			if !lists[f.List] {
				v.Lists = append(v.Lists, keyList{f.List, civreg.Districts})
			}
		case civreg.KindName:
			f.List = "names-" + spec.Key
			names, err := s.DB.ApprovedNames(ctx, spec.Key, 300)
			if err != nil {
				return err
			}
			v.Lists = append(v.Lists, keyList{f.List, names})
		}
		lists[f.List] = true
		v.Fields = append(v.Fields, f)
	}
	return nil
}

func boxText(b []int) string { return fmt.Sprintf("%d %d %d %d", b[0], b[1], b[2], b[3]) }

// keyEntry answers POST /api/v1/records/{id}/keying {"version", "fields": [{"key", "value",
// "illegible", "keystrokes", "seconds"}]}: u's keying of the entry, each value read by its
// field's rule (civreg.KeyedValue). Values that cannot be read are answered 400 with
// "fields": key → what is wrong, and nothing is stored.
func (s *Server) keyEntry(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	var req struct {
		Version int                 `json:"version"`
		Fields  []civreg.KeyedField `json:"fields"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	rec, err := s.visibleRecord(r.Context(), u, id)
	if err != nil {
		return err
	}
	bad := map[string]string{}
	now := time.Now()
	for i, f := range req.Fields {
		if f.Illegible {
			continue
		}
		v, err := civreg.KeyedValue(rec.RecordType, f.Key, f.Value, now)
		if err != nil {
			bad[f.Key] = civreg.ErrorMessage(err)
		}
		req.Fields[i].Value = v
	}
	if len(bad) > 0 {
		return withDetail(civreg.Errorf(civreg.EINVALID, "%d of the values keyed cannot be read: see each field", len(bad)), "fields", bad)
	}
	keyed, err := s.DB.KeyEntry(r.Context(), u, id, civreg.Keying{Version: req.Version, Fields: req.Fields})
	if err != nil {
		return err
	}
	if len(keyed.Accepted) > 0 && !keyed.Repeated {
		if err := s.Pipeline.RecordChanged(r.Context(), id, keyed.Version); err != nil {
			s.Log.Warn("index not enqueued; reconcile will", "record", id, "err", err)
		}
	}
	writeJSON(w, http.StatusOK, keyed)
	return nil
}

// recordKeying loads record id as u may see it (audited) with where it stands in keying.
func (s *Server) recordKeying(ctx context.Context, u *civreg.User, id int64) (*civreg.Record, *civreg.KeyingState, error) {
	rec, err := s.loadRecord(ctx, u, id)
	if err != nil {
		return nil, nil, err
	}
	st, err := s.DB.KeyingOf(ctx, id)
	return rec, st, err
}
