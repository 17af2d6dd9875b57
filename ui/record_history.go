package ui

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"civreg"
)

// timelineLimit is how many of a record's latest actions its page and the API show: views are
// audited one by one, so a much-read record's timeline is long.
const timelineLimit = 500

// timelineEntry is one action on a record as a page shows it: the event, its words, and for
// an edit the values changed in that version that the reader may see.
type timelineEntry struct {
	civreg.Event
	What    string               `json:"what"`
	Changes []civreg.FieldChange `json:"changes,omitempty"`
	Note    string               `json:"-"` // the detail in a line, for the page
}

// timelineWords says each event in the registry's words; an event not listed shows its name.
var timelineWords = map[string]string{
	"ingest": "Uploaded", "digest": "Checksum taken of the original", "ocr": "Page read (OCR)",
	"extract": "Fields extracted", "index": "Indexed for search", "view": "Viewed", "view_page": "Page image viewed",
	"keying": "Keyed", "review": "Edited", "arbitration": "Arbitrated", "approval": "Approved",
	"rejection": "Rejected: rescan requested", "archive": "Archived", "export": "Exported in a bag",
	"download": "PDF/A copy downloaded", "link": "Linked by the registry", "link_decision": "Link decided",
	"fixity": "Fixity checked", "retry": "Sent back to the pipeline",
	"skip": "Skipped: left for someone else", "take_over": "Taken over from another reviewer's claim",
}

// recordTimeline is the record's timeline as u may see it, with its field changes (those u
// may see) and whether older entries were left out. The caller has checked u.MaySee.
func (s *Server) recordTimeline(ctx context.Context, u *civreg.User, id int64) ([]timelineEntry, []civreg.FieldChange, bool, error) {
	events, more, err := s.DB.Timeline(ctx, id, timelineLimit)
	if err != nil {
		return nil, nil, false, err
	}
	all, err := s.DB.FieldChanges(ctx, id)
	if err != nil {
		return nil, nil, false, err
	}
	var changes []civreg.FieldChange
	for _, c := range all {
		if u.MaySeeField(c.Key) {
			changes = append(changes, c)
		}
	}
	var out []timelineEntry
	for _, e := range events {
		if !mayHear(u, e) {
			continue
		}
		e.Detail = withoutHidden(u, e.Detail)
		te := timelineEntry{Event: e, What: timelineWords[e.Event], Note: detailLine(e.Detail)}
		if te.What == "" {
			te.What = e.Event
		}
		if e.Event == "review" {
			te.Changes = changesOf(changes, e.Detail["version"])
		}
		out = append(out, te)
	}
	return out, changes, more, nil
}

// detailLine writes an event's detail as "key: value" pairs in key order, leaving out lists
// and objects (an edit's values are shown from its changes instead).
func detailLine(d map[string]any) string {
	keys := make([]string, 0, len(d))
	for k, v := range d {
		switch v.(type) {
		case []any, map[string]any, nil:
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fieldLabel(k) + ": " + fmt.Sprint(d[k])
	}
	return strings.Join(parts, "; ")
}

// mayHear says whether u is told of event e: Ministry of Health staff are not told of links,
// whose other record may be one they may not see.
func mayHear(u *civreg.User, e civreg.Event) bool {
	return u.Role != civreg.RoleHealth || (e.Event != "link" && e.Event != "link_decision")
}

// changesOf are the changes made in version v (a JSON number from the audit detail).
func changesOf(changes []civreg.FieldChange, v any) []civreg.FieldChange {
	n, ok := v.(float64)
	if !ok {
		return nil
	}
	var out []civreg.FieldChange
	for _, c := range changes {
		if c.Version == int(n) {
			out = append(out, c)
		}
	}
	return out
}

// withoutHidden removes from an event's detail what u may not see: sensitive fields named as
// keys anywhere, and in the lists and maps of fields (fields, values) every field u may not see.
func withoutHidden(u *civreg.User, d map[string]any) map[string]any {
	if d == nil || u.MaySeeSensitive() {
		return d
	}
	out := map[string]any{}
	for k, v := range d {
		if _, isField := civreg.LookupField(k); isField && !u.MaySeeField(k) {
			continue
		}
		if k == "person_of" && !mayHear(u, civreg.Event{Event: "link"}) {
			continue // names the birth a record is linked to: a link by another name
		}
		switch x := v.(type) {
		case []any:
			if k == "fields" || k == "values" {
				v = fieldsOnly(u, x)
			} else {
				v = listWithoutHidden(u, x) // boxes, accepted, disputed, once: field keys among others
			}
		case map[string]any:
			if k == "fields" || k == "values" || k == "boxes" {
				v = fieldsOnly(u, x)
			} else {
				v = withoutHidden(u, x)
			}
		}
		out[k] = v
	}
	return out
}

// listWithoutHidden drops from a list the field keys u may not see, keeping everything else.
func listWithoutHidden(u *civreg.User, x []any) []any {
	keep := []any{}
	for _, e := range x {
		if s, ok := e.(string); ok {
			if _, isField := civreg.LookupField(s); isField && !u.MaySeeField(s) {
				continue
			}
		}
		keep = append(keep, e)
	}
	return keep
}

// fieldsOnly keeps, of a list of field keys or a map keyed by field, what u may see.
func fieldsOnly(u *civreg.User, v any) any {
	switch x := v.(type) {
	case []any:
		var keep []any
		for _, k := range x {
			if s, ok := k.(string); ok && u.MaySeeField(s) {
				keep = append(keep, s)
			}
		}
		return keep
	case map[string]any:
		keep := map[string]any{}
		for k, val := range x {
			if u.MaySeeField(k) {
				keep[k] = val
			}
		}
		return keep
	}
	return nil
}

// recordHistory answers GET /api/v1/records/{id}/history: the record's field changes and its
// timeline (every action, who, their role and when), as u may see them. The read is audited.
func (s *Server) recordHistory(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	rec, err := s.visibleRecord(r.Context(), u, id)
	if err != nil {
		return err
	}
	timeline, changes, more, err := s.recordTimeline(r.Context(), u, id)
	if err != nil {
		return err
	}
	if err := s.DB.Audit(r.Context(), u, "record.view", id, rec.BatchID, map[string]any{"what": "history"}); err != nil {
		return err
	}
	if changes == nil {
		changes = []civreg.FieldChange{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": changes, "timeline": timeline, "more": more})
	return nil
}
