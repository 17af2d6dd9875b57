package ui

import (
	"log/slog"
	"net/http"

	"civreg"
)

// approveRecord answers POST /api/v1/records/{id}/approve {"version"}: the record as it
// stands is approved and goes to the archive stage.
func (s *Server) approveRecord(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		Version int `json:"version"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if err := s.DB.ApproveRecord(r.Context(), u, id, req.Version); err != nil {
		return s.withCurrent(r.Context(), u, id, err)
	}
	if err := s.Pipeline.RecordApproved(r.Context(), id, req.Version); err != nil {
		s.Log.Warn("archive not enqueued; reconcile will", slog.Int64("record", id), slog.Any("err", err))
	}
	return s.getRecord(w, r, u)
}
