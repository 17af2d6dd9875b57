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
	// ReadOnly says why the record opens read-only ("" when it opens for review): approved
	// or archived (who approved it and when), or held by another reviewer (who, since when).
	ReadOnly    string
	Claim       *civreg.Claim // the live claim of someone else, nil when none
	TakeOver    bool          // u may end that claim and take the record (an admin)
	MayTakeOver bool          // u may take over any claim met later (an admin)
	// Published: approved or archived; the reviewer may still open it for a correction.
	Published bool
	Next      string // the query /review/next keeps (the queue's filters)
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
	claim, err := s.DB.RecordClaim(r.Context(), id)
	if err != nil {
		return err
	}
	f, err := queueFilter(r.URL.Query())
	if err != nil {
		return err
	}
	v := &reviewView{layout: layout{Title: fmt.Sprintf("Review record %d", id), User: u}, Record: rec, Changes: changes,
		Meta: reviewMeta(), Entry: entry, Next: filterQuery(f).Encode(), MayTakeOver: u.MayTakeOver()}
	for _, st := range rec.Stages {
		if st.Stage == civreg.StageExtract {
			v.Read = st.Note
		}
	}
	switch {
	case claim != nil && !claim.HeldBy(u):
		v.Claim = claim
		v.TakeOver = u.MayTakeOver()
		v.ReadOnly = fmt.Sprintf("%s is reviewing this record (since %s): it is read-only to you until they finish or leave it.",
			claim.By, claim.Since.Local().Format("15:04"))
	case rec.Status.Rule().Published:
		v.Published = true
		v.ReadOnly = fmt.Sprintf("This record is %s: %s approved it%s. It is read-only; open it for a correction only if a value is wrong (that sends it back to review).",
			rec.Status, orSomeone(rec.ApprovedBy), when(rec.ApprovedAt))
	}
	return s.render(w, r, http.StatusOK, "review", v)
}
