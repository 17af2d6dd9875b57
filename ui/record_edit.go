package ui

import (
	"net/http"

	"civreg"
)

// editRecord answers PATCH /api/v1/records/{id} {"version", "record_type", "fields"}: the
// reviewer's corrections, refused with 409 and the current record when version is stale.
func (s *Server) editRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	var req struct {
		Version    int               `json:"version"`
		RecordType string            `json:"record_type"`
		Fields     map[string]string `json:"fields"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	edit := civreg.Edit{Version: req.Version, Fields: req.Fields}
	if req.RecordType != "" {
		t, err := civreg.ParseRecordType(req.RecordType)
		if err != nil {
			return err
		}
		edit.RecordType = t
	}
	version, err := s.DB.EditRecord(r.Context(), u, id, edit)
	return s.recordChanged(w, r, u, id, err, "index", s.Pipeline.RecordChanged, version)
}
