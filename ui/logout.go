package ui

import (
	"net/http"

	"civreg"
)

// logout answers POST /logout: the session ends here and in the browser.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	if sess := sessionOf(r); sess != nil {
		s.DB.EndSession(r.Context(), sess.ID)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
