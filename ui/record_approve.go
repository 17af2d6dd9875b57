package ui

import (
	"net/http"

	"civreg"
)

// approveRecord answers POST /api/v1/records/{id}/approve {"version"}: the record as it
// stands is approved and goes to the archive stage.
func (s *Server) approveRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	var req struct {
		Version int `json:"version"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	err := s.DB.ApproveRecord(r.Context(), u, id, req.Version)
	return s.recordChanged(w, r, u, id, err, "archive", s.Pipeline.RecordApproved, req.Version)
}
