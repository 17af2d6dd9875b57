package ui

import (
	"net/http"

	"civreg"
)

// setUserRole answers POST /admin/users/{id}/role; audited.
func (s *Server) setUserRole(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	id, err := pathID(r)
	if err != nil {
		return backToUsers(w, r, err, "")
	}
	role, err := civreg.ParseRole(r.PostFormValue("role"))
	if err == nil {
		err = s.DB.SetRole(r.Context(), id, role)
	}
	if err == nil {
		err = s.DB.Audit(r.Context(), u, "user.set_role", 0, 0, map[string]any{"user_id": id, "role": role})
	}
	return backToUsers(w, r, err, "role changed")
}
