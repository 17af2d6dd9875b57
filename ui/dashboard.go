package ui

import (
	"net/http"

	"civreg"
)

// dashboard serves asynqmon's queue dashboard to admins.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	// asynqmon's page has inline scripts of its own: relax the policy for it alone.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
	s.Dashboard.ServeHTTP(w, r)
	return nil
}
