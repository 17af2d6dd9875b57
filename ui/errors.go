package ui

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"civreg"
)

// statusOf maps an error code to its HTTP status: the one place this is decided.
func statusOf(code string) int {
	if status, ok := statusOfCode[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

var statusOfCode = map[string]int{
	civreg.EINVALID:      http.StatusBadRequest,
	civreg.EUNAUTHORIZED: http.StatusUnauthorized,
	civreg.EFORBIDDEN:    http.StatusForbidden,
	civreg.ENOTFOUND:     http.StatusNotFound,
	civreg.ECONFLICT:     http.StatusConflict,
	civreg.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	civreg.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	civreg.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// answerError is an error whose JSON answer carries more than the message: the file refused
// and the scans accepted before it, or the record as it now stands after a stale edit.
type answerError struct {
	err    error
	detail map[string]any
}

func (e *answerError) Error() string { return e.err.Error() }
func (e *answerError) Unwrap() error { return e.err }

// withDetail adds key, value pairs to err's JSON answer.
func withDetail(err error, kv ...any) error {
	d := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		d[kv[i].(string)] = kv[i+1]
	}
	return &answerError{err, d}
}

// logFailure logs err once, here at the edge, when it is the registry's fault rather than the
// request's.
func (s *Server) logFailure(r *http.Request, u *civreg.User, err error) {
	code := civreg.ErrorCode(err)
	if code != civreg.EINTERNAL && code != civreg.EUNAVAILABLE && code != civreg.ECORRUPT {
		return
	}
	attrs := []any{slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("code", code), slog.Any("err", err)}
	if u != nil {
		attrs = append(attrs, slog.String("user", u.Name))
	}
	s.Log.Error("request failed", attrs...)
}

// apiError answers err as {"error": message} and any detail withDetail added.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, u *civreg.User, err error) {
	s.logFailure(r, u, err)
	code := civreg.ErrorCode(err)
	body := map[string]any{}
	var ae *answerError
	if errors.As(err, &ae) {
		body = ae.detail
	}
	body["error"] = civreg.ErrorMessage(err)
	if code == civreg.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="civreg"`)
	}
	writeJSON(w, statusOf(code), body)
}

// errorTitles head the error page by status.
var errorTitles = map[int]string{403: "Not allowed", 404: "Not found", 409: "Changed by someone else", 503: "Try again shortly"}

// pageError answers err with the error page, or sends someone not signed in to sign in.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, u *civreg.User, err error) {
	if civreg.ErrorCode(err) == civreg.EUNAUTHORIZED {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.logFailure(r, u, err)
	if u == nil {
		if sess := sessionOf(r); sess != nil {
			u = sess.User
		}
	}
	status := statusOf(civreg.ErrorCode(err))
	title := errorTitles[status]
	if title == "" {
		title = "Something went wrong"
	}
	v := &layout{Title: title, User: u, Error: civreg.ErrorMessage(err)}
	if rerr := s.render(w, r, status, "error", v); rerr != nil {
		s.logFailure(r, u, rerr)
		http.Error(w, title, status)
	}
}
