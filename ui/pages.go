package ui

import (
	"crypto/rand"
	"embed"
	"encoding/base64"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"civreg"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

var pageNames = []string{"login", "home", "error", "batches", "batch", "queue", "review", "search", "record", "archivist", "users", "problems"}

// parseTemplates parses every page once, at start.
func parseTemplates() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, n := range pageNames {
		out[n] = template.Must(template.New(n).Funcs(pageFuncs).ParseFS(templateFiles, "templates/layout.html", "templates/"+n+".html"))
	}
	return out
}

// pageData is what every page template gets.
type pageData struct {
	Title string
	User  *civreg.User
	CSRF  string
	Error string
	Next  string
	Data  any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, d pageData) {
	if sess := sessionOf(r); sess != nil && d.CSRF == "" {
		d.CSRF = sess.CSRFToken
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := s.templates[name].ExecuteTemplate(w, name+".html", d); err != nil {
		s.Log.Error("render page", slog.String("page", name), slog.Any("err", err))
	}
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code := civreg.ErrorCode(err)
	if code == civreg.EINTERNAL || code == civreg.EUNAVAILABLE {
		s.Log.Error("page failed", slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	var u *civreg.User
	if sess := sessionOf(r); sess != nil {
		u = sess.User
	}
	title := map[int]string{403: "Not allowed", 404: "Not found", 409: "Changed by someone else", 503: "Try again shortly"}[statusOf(code)]
	if title == "" {
		title = "Something went wrong"
	}
	s.render(w, r, statusOf(code), "error", pageData{Title: title, User: u, Error: civreg.ErrorMessage(err)})
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	return http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
}

const loginCSRFCookie = "civreg_login_csrf"

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.showLogin(w, r, http.StatusOK, "")
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	// Sign-in has no session yet: a double-submitted random token guards the form instead.
	b := make([]byte, 24)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: tok, Path: "/login", HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	s.render(w, r, status, "login", pageData{Title: "Sign in", CSRF: tok, Error: msg, Next: safeNext(r.FormValue("next"))})
}

// safeNext keeps redirects after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || c.Value == "" || c.Value != r.PostFormValue("csrf_token") {
		s.showLogin(w, r, http.StatusForbidden, "This sign-in form has expired: please try again.")
		return
	}
	ip := clientIP(r)
	if !s.loginLimit.allow(ip) {
		s.showLogin(w, r, http.StatusTooManyRequests, "Too many sign-in attempts from this computer: wait a minute and try again.")
		return
	}
	u, err := s.DB.Authenticate(r.Context(), r.PostFormValue("name"), r.PostFormValue("password"))
	if err != nil {
		s.Log.Info("sign-in refused", slog.String("ip", ip), slog.String("reason", civreg.ErrorMessage(err)))
		s.showLogin(w, r, statusOf(civreg.ErrorCode(err)), civreg.ErrorMessage(err))
		return
	}
	// A new session ID at every sign-in: any ID planted beforehand is worthless.
	if old, err := r.Cookie(sessionCookie); err == nil {
		s.DB.EndSession(r.Context(), old.Value)
	}
	sess, err := s.DB.NewSession(r.Context(), u, s.SessionTTL)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.DB.Audit(r.Context(), u, "user.sign_in", 0, 0, map[string]any{"ip": ip})
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.ID, Path: "/", HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode, Expires: sess.ExpiresAt})
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	if sess := sessionOf(r); sess != nil {
		s.DB.EndSession(r.Context(), sess.ID)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
}

// rateLimit allows a burst of attempts per key and then one per interval: it slows password
// guessing from one address while the per-account lockout in storage stops it for one name.
type rateLimit struct {
	mu       sync.Mutex
	burst    int
	interval time.Duration
	seen     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimit(burst int, interval time.Duration) *rateLimit {
	return &rateLimit{burst: burst, interval: interval, seen: map[string]*bucket{}}
}

func (l *rateLimit) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	b := l.seen[key]
	if b == nil {
		if len(l.seen) > 10000 { // forget everyone rather than grow without bound
			l.seen = map[string]*bucket{}
		}
		b = &bucket{tokens: float64(l.burst), last: now}
		l.seen[key] = b
	}
	b.tokens = min(float64(l.burst), b.tokens+now.Sub(b.last).Seconds()/l.interval.Seconds())
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
