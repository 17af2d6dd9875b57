package ui

import (
	"net/http"

	"civreg"
)

// getRecord answers GET /api/v1/records/{id}, and the record changes answer with it.
func (s *Server) getRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	rec, err := s.loadRecord(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}
