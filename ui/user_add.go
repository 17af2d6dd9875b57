package ui

import (
	"net/http"
	"strings"

	"civreg"
)

// addUser answers POST /admin/users/add (name, role, password); audited.
func (s *Server) addUser(r *http.Request, admin *civreg.User, _ int64) (string, error) {
	role, err := civreg.ParseRole(r.PostFormValue("role"))
	if err != nil {
		return "", err
	}
	nu, err := s.DB.CreateUser(r.Context(), strings.TrimSpace(r.PostFormValue("name")), role, r.PostFormValue("password"))
	if err != nil {
		return "", err
	}
	return "added " + r.PostFormValue("name"), s.DB.Audit(r.Context(), admin, "user.add", 0, 0, map[string]any{"user": nu.Name, "role": role})
}
