package ui

import (
	"net/http"

	"civreg"
)

// homePage answers GET /: each role's start page, what they came to do.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	return s.render(w, r, http.StatusOK, "home", &layout{Title: "Start", User: u})
}
