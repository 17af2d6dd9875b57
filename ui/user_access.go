package ui

import (
	"net/http"

	"civreg"
)

// setUserSensitive answers POST /admin/users/{id}/sensitive (sees=true|false): grants a
// Ministry of Health user the sensitive fields and uncovered scans, or withdraws them; audited.
func (s *Server) setUserSensitive(r *http.Request, admin *civreg.User, id int64) (string, error) {
	sees := r.PostFormValue("sees") == "true"
	if err := s.DB.SetSeesSensitive(r.Context(), id, sees); err != nil {
		return "", err
	}
	return "sensitive", s.DB.Audit(r.Context(), admin, "user.set_sensitive", 0, 0, map[string]any{"user_id": id, "sees_sensitive": sees})
}

// setUserDisabled answers POST /admin/users/{id}/disable and /enable: a disabled user can
// neither sign in nor use a token, and their sessions end; audited.
func (s *Server) setUserDisabled(disabled bool) userChange {
	return func(r *http.Request, admin *civreg.User, id int64) (string, error) {
		if err := s.DB.SetDisabled(r.Context(), id, disabled); err != nil {
			return "", err
		}
		action, done := "user.enable", "enabled"
		if disabled {
			action, done = "user.disable", "disabled"
		}
		return done, s.DB.Audit(r.Context(), admin, action, 0, 0, map[string]any{"user_id": id})
	}
}
