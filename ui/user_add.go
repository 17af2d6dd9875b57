package ui

import (
	"net/http"
	"strings"

	"civreg"
)

// addUser answers the users page's add form (name, role, password); audited.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	role, err := civreg.ParseRole(r.PostFormValue("role"))
	if err != nil {
		return backToUsers(w, r, err, "")
	}
	nu, err := s.DB.CreateUser(r.Context(), name, role, r.PostFormValue("password"))
	if err == nil {
		err = s.DB.Audit(r.Context(), u, "user.add", 0, 0, map[string]any{"user": nu.Name, "role": role})
	}
	return backToUsers(w, r, err, "added "+r.PostFormValue("name"))
}
