package ui

import (
	"context"
	"net/http"
	"time"

	"civreg"
)

// approveRecord answers POST /api/v1/records/{id}/approve {"version"}: the record as it
// stands is approved and goes to the archive stage. A record approved already is not approved
// again: the approver's retry is answered with the record as it is, anyone else's with 409
// saying who approved it and when.
func (s *Server) approveRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	var req struct {
		Version int `json:"version"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if done, err := s.alreadyApproved(r.Context(), u, id); err != nil {
		return err
	} else if done {
		return s.getRecord(w, r, u, id) // a retry of the caller's own approval: nothing again
	}
	err := s.DB.ApproveRecord(r.Context(), u, id, req.Version)
	return s.recordChanged(w, r, u, id, err, "archive", s.Pipeline.RecordApproved, req.Version)
}

// alreadyApproved reports whether record id is approved (or archived) by u already, and gives
// ECONFLICT naming the approver when someone else approved it.
func (s *Server) alreadyApproved(ctx context.Context, u *civreg.User, id int64) (bool, error) {
	rec, err := s.visibleRecord(ctx, u, id)
	if err != nil {
		return false, err
	}
	if !rec.Status.Rule().Published {
		return false, nil
	}
	if rec.ApprovedBy == u.Name {
		return true, nil
	}
	return false, s.withCurrent(ctx, u, id, civreg.Errorf(civreg.ECONFLICT, "record %d is %s already: %s approved it%s; it is not approved again",
		id, rec.Status, orSomeone(rec.ApprovedBy), when(rec.ApprovedAt)))
}

func orSomeone(name string) string {
	if name == "" {
		return "someone"
	}
	return name
}

func when(t *time.Time) string {
	if t == nil {
		return ""
	}
	return " on " + t.Local().Format("2 Jan 2006 at 15:04")
}
