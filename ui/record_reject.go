package ui

import (
	"net/http"
	"strings"

	"civreg"
)

// rejectRecord answers POST /api/v1/records/{id}/reject {"version", "reason"}: the scan goes
// back for rescanning, with the reason.
func (s *Server) rejectRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	var req struct {
		Version int    `json:"version"`
		Reason  string `json:"reason"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	err := s.DB.RejectRecord(r.Context(), u, id, req.Version, strings.TrimSpace(req.Reason))
	// Indexed again so that the record's new status (rejected) takes it out of search results.
	return s.recordChanged(w, r, u, id, err, "index", s.Pipeline.RecordChanged, req.Version)
}
