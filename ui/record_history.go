package ui

import (
	"net/http"

	"civreg"
)

// fieldChanges answers GET /api/v1/records/{id}/history: every field change, who and when.
func (s *Server) fieldChanges(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	changes, err := s.DB.FieldChanges(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": changes})
	return nil
}
