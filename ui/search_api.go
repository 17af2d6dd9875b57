package ui

import (
	"net/http"

	"civreg"
)

// searchRecords answers GET /api/v1/search (runSearch).
func (s *Server) searchRecords(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	res, _, err := s.runSearch(r, u, r.URL.Query())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
