package ui

import (
	"encoding/json"
	"fmt"
	"net/http"

	"civreg"
)

// reviewView is the review screen's frame; Meta tells static/review.js each record type's
// fields and the districts.
type reviewView struct {
	layout
	Record  *civreg.Record
	Changes []civreg.FieldChange
	Meta    string
	Entry   *entryView // nil for a record that is its page's only one
	// Read says how the extract stage read the record and why it trusted nothing of it, if
	// so (a hand, an entry's uncertain boundaries).
	Read string
}

// reviewMeta is the JSON review.js reads from the page: every record type's field keys with
// their labels and kinds, and the districts.
func reviewMeta() string {
	type key struct {
		Type  string `json:"type"`
		Key   string `json:"key"`
		Label string `json:"label"`
		Kind  string `json:"kind"`
	}
	var keys []key
	for _, t := range []civreg.RecordType{civreg.Birth, civreg.Death, civreg.Marriage} {
		for _, f := range civreg.FieldsOf(t) {
			keys = append(keys, key{string(t), f.Key, fieldLabel(f.Key), f.Kind})
		}
	}
	meta, _ := json.Marshal(map[string]any{"keys": keys, "districts": civreg.Districts})
	return string(meta)
}

// reviewPage answers GET /review/{id}. review.js loads the record through the API (so the
// view is audited there, once) and does the rest.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	rec, err := s.visibleRecord(r.Context(), u, id)
	if err != nil {
		return err
	}
	changes, err := s.DB.FieldChanges(r.Context(), id)
	if err != nil {
		return err
	}
	entry, err := s.entryOf(r.Context(), u, rec)
	if err != nil {
		return err
	}
	v := &reviewView{layout{Title: fmt.Sprintf("Review record %d", id), User: u}, rec, changes, reviewMeta(), entry, ""}
	for _, st := range rec.Stages {
		if st.Stage == civreg.StageExtract {
			v.Read = st.Note
		}
	}
	return s.render(w, r, http.StatusOK, "review", v)
}
