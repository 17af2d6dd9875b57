package ui

import (
	"net/http"

	"civreg"
)

// setUserRole answers POST /admin/users/{id}/role; audited.
func (s *Server) setUserRole(r *http.Request, admin *civreg.User, id int64) (string, error) {
	role, err := civreg.ParseRole(r.PostFormValue("role"))
	if err == nil {
		err = s.DB.SetRole(r.Context(), id, role)
	}
	if err == nil {
		err = s.DB.Audit(r.Context(), admin, "user.set_role", 0, 0, map[string]any{"user_id": id, "role": role})
	}
	return "role changed", err
}
