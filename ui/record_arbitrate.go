package ui

import (
	"fmt"
	"net/http"

	"civreg"
)

// arbitrateView is the arbitration screen: each field two keyings of an entry disagree on,
// its cell of the page, both values and OCR's reading, to pick one with one key.
type arbitrateView struct {
	layout
	ID       int64
	Version  int
	Page     int
	Region   string
	Keyers   []civreg.Keyer
	Disputes []disputeView
	Blocked  string
}

// disputeView is one field to arbitrate.
type disputeView struct {
	Key, Label    string
	First, Second string // the keyed values, "" when marked illegible
	FirstIllegible,
	SecondIllegible bool
	OCR  string // "" when OCR read nothing
	Page int
	Box  string
}

// arbitratePage answers GET /records/{id}/arbitrate. Someone who keyed the entry is told
// that another person must arbitrate it, and shown no values.
func (s *Server) arbitratePage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	ctx := r.Context()
	rec, st, err := s.recordKeying(ctx, u, id)
	if err != nil {
		return err
	}
	v := &arbitrateView{layout: layout{Title: fmt.Sprintf("Arbitrate record %d", id), User: u}, ID: id, Version: rec.Version,
		Page: max(rec.EntryPage, 1), Keyers: st.Keyers}
	switch {
	case st.KeyedBy(u.ID):
		v.Blocked = fmt.Sprintf("You keyed record %d, so you may not arbitrate it: someone who did not key it must.", id)
	case st.Disputed == 0:
		v.Blocked = fmt.Sprintf("Record %d has nothing to arbitrate.", id)
	}
	if v.Blocked != "" {
		return s.render(w, r, http.StatusConflict, "arbitrate", v)
	}
	if len(rec.Region) == 4 {
		v.Region = boxText(rec.Region)
	}
	ds, err := s.DB.Disputes(ctx, id)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if !u.MaySeeField(d.Key) {
			continue // refused by storage if picked; rec.Fields holds none of it
		}
		dv := disputeView{Key: d.Key, Label: fieldLabel(d.Key), First: d.First.Value, Second: d.Second.Value,
			FirstIllegible: d.First.Illegible, SecondIllegible: d.Second.Illegible, Page: v.Page}
		if f, ok := rec.Fields[d.Key]; ok {
			if f.SetBy == "" {
				dv.OCR = f.Value
			}
			if len(f.Box) == 4 && f.Page > 0 {
				dv.Box, dv.Page = boxText(f.Box), f.Page
			}
		}
		v.Disputes = append(v.Disputes, dv)
	}
	return s.render(w, r, http.StatusOK, "arbitrate", v)
}

// arbitrate answers POST /api/v1/records/{id}/arbitration {"version", "picks": {key: "first"
// | "second" | "ocr"}}: u settles every disputed field; the picked values go onto the record.
func (s *Server) arbitrate(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	var req struct {
		Version int               `json:"version"`
		Picks   map[string]string `json:"picks"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	version, err := s.DB.Arbitrate(r.Context(), u, id, req.Version, req.Picks)
	return s.recordChanged(w, r, u, id, err, "index", s.Pipeline.RecordChanged, version)
}
