package ui

import (
	"net/http"

	"civreg"
)

// resetUserPassword answers POST /admin/users/{id}/password; audited, the password not.
func (s *Server) resetUserPassword(r *http.Request, admin *civreg.User, id int64) (string, error) {
	if err := s.DB.SetPassword(r.Context(), id, r.PostFormValue("password")); err != nil {
		return "", err
	}
	return "password reset", s.DB.Audit(r.Context(), admin, "user.reset_password", 0, 0, map[string]any{"user_id": id})
}
