package ui

import (
	"log/slog"
	"net/http"

	"civreg"
	"civreg/storage"
)

// editRecord answers PATCH /api/v1/records/{id} {"version", "record_type", "fields"}: the
// reviewer's corrections, refused with 409 and the current record when version is stale.
func (s *Server) editRecord(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		Version    int               `json:"version"`
		RecordType string            `json:"record_type"`
		Fields     map[string]string `json:"fields"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	edit := storage.Edit{Version: req.Version, Fields: req.Fields}
	if req.RecordType != "" {
		if edit.RecordType, err = civreg.ParseRecordType(req.RecordType); err != nil {
			return err
		}
	}
	version, err := s.DB.EditRecord(r.Context(), u, id, edit)
	if err != nil {
		return s.withCurrent(r.Context(), u, id, err)
	}
	if err := s.Pipeline.RecordChanged(r.Context(), id, version); err != nil {
		s.Log.Warn("index not enqueued; reconcile will", slog.Int64("record", id), slog.Any("err", err))
	}
	return s.getRecord(w, r, u)
}
