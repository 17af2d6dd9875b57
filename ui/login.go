package ui

import (
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"strings"

	"civreg"
)

const loginCSRFCookie = "civreg_login_csrf"

// loginView is the sign-in form.
type loginView struct {
	layout
	Next string // where to go once signed in
}

// loginPage answers GET /login.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	return s.showLogin(w, r, http.StatusOK, "")
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	// Sign-in has no session yet: a double-submitted random token guards the form instead.
	b := make([]byte, 24)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	return s.render(w, r, status, "login", &loginView{layout{Title: "Sign in", CSRF: tok, Error: msg}, safeNext(r.FormValue("next"))})
}

// safeNext keeps redirects after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

// login answers POST /login: a new session for a right name and password, then on to next.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || c.Value == "" || c.Value != r.PostFormValue("csrf_token") {
		return s.showLogin(w, r, http.StatusForbidden, "This sign-in form has expired: please try again.")
	}
	ip := clientIP(r)
	if !s.loginLimit.allow(ip) {
		return s.showLogin(w, r, http.StatusTooManyRequests, "Too many sign-in attempts from this computer: wait a minute and try again.")
	}
	u, err := s.DB.Authenticate(r.Context(), r.PostFormValue("name"), r.PostFormValue("password"))
	if err != nil {
		s.Log.Info("sign-in refused", slog.String("ip", ip), slog.String("reason", civreg.ErrorMessage(err)))
		return s.showLogin(w, r, statusOf(civreg.ErrorCode(err)), civreg.ErrorMessage(err))
	}
	// A new session ID at every sign-in: any ID planted beforehand is worthless.
	if old, err := r.Cookie(sessionCookie); err == nil {
		s.DB.EndSession(r.Context(), old.Value)
	}
	sess, err := s.DB.NewSession(r.Context(), u, s.SessionTTL)
	if err != nil {
		return err
	}
	s.DB.Audit(r.Context(), u, "user.sign_in", 0, 0, map[string]any{"ip": ip})
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.ID, Path: "/", HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode, Expires: sess.ExpiresAt})
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
}
