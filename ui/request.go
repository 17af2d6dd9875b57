package ui

import (
	"encoding/json"
	"net/http"
	"strconv"

	"civreg"
)

// pathID reads the {id} of the route: EINVALID unless a positive number.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, civreg.Errorf(civreg.EINVALID, "%q is not an ID", r.PathValue("id"))
	}
	return id, nil
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
