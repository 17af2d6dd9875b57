package ui

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"civreg"
)

// statusOf maps an error code to its HTTP status: the one place this is decided.
func statusOf(code string) int {
	switch code {
	case civreg.EINVALID:
		return http.StatusBadRequest
	case civreg.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case civreg.EFORBIDDEN:
		return http.StatusForbidden
	case civreg.ENOTFOUND:
		return http.StatusNotFound
	case civreg.ECONFLICT:
		return http.StatusConflict
	case civreg.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case civreg.EUNSUPPORTED:
		return http.StatusUnsupportedMediaType
	case civreg.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// apiError writes err as {"error": message}, logging internal errors once, here at the edge.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error, extra ...any) {
	code := civreg.ErrorCode(err)
	if code == civreg.EINTERNAL || code == civreg.EUNAVAILABLE || code == civreg.ECORRUPT {
		s.Log.Error("request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	body := map[string]any{"error": civreg.ErrorMessage(err)}
	for i := 0; i+1 < len(extra); i += 2 {
		body[extra[i].(string)] = extra[i+1]
	}
	if code == civreg.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="civreg"`)
	}
	writeJSON(w, statusOf(code), body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// readJSON decodes a small JSON body strictly: unknown fields and oversized bodies are refused.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return civreg.Errorf(civreg.EINVALID, "the request body is not the JSON expected: %v", err)
	}
	return nil
}
