package ui

import (
	"net/http"

	"civreg"
)

// me answers GET /api/v1/me: who the token or session belongs to, and their role.
func (s *Server) me(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	writeJSON(w, http.StatusOK, u)
	return nil
}
