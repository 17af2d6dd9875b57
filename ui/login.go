package ui

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"unicode"

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

// safeNext keeps redirects after sign-in on this site: a path of its own, "/" otherwise.
// Browsers drop tabs and newlines from a URL and read a backslash as a slash, so any control
// character, space or backslash is refused before "//" (another site) is looked for.
func safeNext(next string) string {
	if strings.IndexFunc(next, func(c rune) bool { return unicode.IsControl(c) || unicode.IsSpace(c) || c == '\\' }) >= 0 {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}

// login answers POST /login: a new session for a right name and password, then on to next.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var tooLarge *http.MaxBytesError
	if err := r.ParseForm(); errors.As(err, &tooLarge) {
		return civreg.Errorf(civreg.ETOOLARGE, "the sign-in form sent is too large: at most %d KB", tooLarge.Limit>>10)
	}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || c.Value == "" || c.Value != r.PostFormValue("csrf_token") {
		return s.showLogin(w, r, http.StatusForbidden, "This sign-in form has expired: please try again.")
	}
	ip := s.clientIP(r)
	name := r.PostFormValue("name")
	if !s.loginLimit.allow(ip) || !s.accountLimit.allow(strings.ToLower(name)) {
		return s.showLogin(w, r, http.StatusTooManyRequests, "Too many sign-in attempts: wait a minute and try again.")
	}
	u, err := s.DB.Authenticate(r.Context(), name, r.PostFormValue("password"))
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

// clientIP is the address a request came from: the connection's, or behind a trusted proxy
// the last address in X-Forwarded-For that is not itself a trusted proxy (what comes before it
// the client wrote, and may be anything).
func (s *Server) clientIP(r *http.Request) string {
	addr, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	ip := addr.Addr().Unmap()
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0 && s.trusted(ip); i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		ip = hop.Unmap()
	}
	return ip.String()
}

func (s *Server) trusted(ip netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
