package ui

import (
	"net/http"

	"civreg"
)

// resetUserPassword answers POST /admin/users/{id}/password; audited, the password not.
func (s *Server) resetUserPassword(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	id, err := pathID(r)
	if err != nil {
		return backToUsers(w, r, err, "")
	}
	err = s.DB.SetPassword(r.Context(), id, r.PostFormValue("password"))
	if err == nil {
		err = s.DB.Audit(r.Context(), u, "user.reset_password", 0, 0, map[string]any{"user_id": id})
	}
	return backToUsers(w, r, err, "password reset")
}
