package ui

import (
	"log/slog"
	"net/http"
	"strings"

	"civreg"
)

// rejectRecord answers POST /api/v1/records/{id}/reject {"version", "reason"}: the scan goes
// back for rescanning, with the reason.
func (s *Server) rejectRecord(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		Version int    `json:"version"`
		Reason  string `json:"reason"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if err := s.DB.RejectRecord(r.Context(), u, id, req.Version, strings.TrimSpace(req.Reason)); err != nil {
		return s.withCurrent(r.Context(), u, id, err)
	}
	// Indexed again so that the record's new status (rejected) takes it out of search results.
	if err := s.Pipeline.RecordChanged(r.Context(), id, req.Version); err != nil {
		s.Log.Warn("index not enqueued; reconcile will", slog.Int64("record", id), slog.Any("err", err))
	}
	return s.getRecord(w, r, u)
}
