package ui

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"

	"civreg"
)

// handler is one action: it runs only for an authenticated user with an allowed role, writes
// its answer, or returns an error for api or page to answer (nothing written yet).
type handler func(w http.ResponseWriter, r *http.Request, u *civreg.User) error

// idHandler is an action on the record or batch the route's {id} names.
type idHandler func(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error

// byID reads the route's {id} for fn: EINVALID unless a positive number.
func byID(fn idHandler) handler {
	return func(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		return fn(w, r, u, id)
	}
}

const sessionCookie = "civreg_session"

type sessionKey struct{}

// sessionOf returns the browser session of a page request, or nil for API tokens.
func sessionOf(r *http.Request) *civreg.Session {
	s, _ := r.Context().Value(sessionKey{}).(*civreg.Session)
	return s
}

// api guards a JSON API route: a bearer token or a session cookie, then the role. Without
// credentials it answers 401, outside the roles 403. Requests that change something and come
// with a session cookie must carry the session's CSRF token in X-CSRF-Token.
func (s *Server) api(roles []civreg.Role, fn handler) http.Handler {
	return guard(roles, fn, s.authenticate, apiAllows, s.apiError)
}

// page guards a web page: a session cookie (else a redirect to sign in), the role (else 403),
// and for forms the session's CSRF token in the csrf_token field.
func (s *Server) page(roles []civreg.Role, fn handler) http.Handler {
	return guard(roles, fn, s.authenticateSession, pageAllows, s.pageError)
}

// guard is the one frame of every handler: who is asking, whether they may, the action, and
// the answer to whichever of these failed.
func guard(roles []civreg.Role, fn handler,
	authenticate func(*http.Request) (*civreg.User, *http.Request, error),
	allows func(*http.Request, *civreg.User, []civreg.Role) error,
	answer func(http.ResponseWriter, *http.Request, *civreg.User, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, r, err := authenticate(r)
		if err == nil {
			err = allows(r, u, roles)
		}
		if err == nil {
			err = fn(w, r, u)
		}
		if err != nil {
			answer(w, r, u, err)
		}
	})
}

func apiAllows(r *http.Request, u *civreg.User, roles []civreg.Role) error {
	if sess := sessionOf(r); sess != nil && !safeMethod(r.Method) && !validCSRF(sess, r.Header.Get("X-CSRF-Token")) {
		return civreg.Errorf(civreg.EFORBIDDEN, "the request lacks this session's CSRF token")
	}
	if !u.HasRole(roles...) {
		return civreg.Errorf(civreg.EFORBIDDEN, "the %s role may not do this", u.Role)
	}
	return nil
}

func pageAllows(r *http.Request, u *civreg.User, roles []civreg.Role) error {
	if !safeMethod(r.Method) {
		if !validCSRF(sessionOf(r), r.PostFormValue("csrf_token")) && !validCSRF(sessionOf(r), r.Header.Get("X-CSRF-Token")) {
			return civreg.Errorf(civreg.EFORBIDDEN, "this form has expired or did not come from civreg: go back, reload the page and try again")
		}
	}
	if !u.HasRole(roles...) {
		return civreg.Errorf(civreg.EFORBIDDEN, "your role (%s) may not open this page", u.Role)
	}
	return nil
}

// public is a page anyone may open (sign-in): errors are answered as page's are.
func (s *Server) public(fn func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.pageError(w, r, nil, err)
		}
	})
}

func (s *Server) authenticate(r *http.Request) (*civreg.User, *http.Request, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || tok == "" {
			return nil, r, civreg.Errorf(civreg.EUNAUTHORIZED, "the Authorization header must be: Bearer TOKEN")
		}
		u, err := s.DB.UserByToken(r.Context(), strings.TrimSpace(tok))
		return u, r, err
	}
	return s.authenticateSession(r)
}

func (s *Server) authenticateSession(r *http.Request) (*civreg.User, *http.Request, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, r, civreg.Errorf(civreg.EUNAUTHORIZED, "sign in first, or send an API token")
	}
	sess, err := s.DB.SessionByID(r.Context(), c.Value, s.SessionIdle)
	if err != nil {
		return nil, r, err
	}
	return sess.User, r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess)), nil
}

func validCSRF(sess *civreg.Session, token string) bool {
	return sess != nil && token != "" && subtle.ConstantTimeCompare([]byte(sess.CSRFToken), []byte(token)) == 1
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
