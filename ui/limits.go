package ui

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Request limits by route. Uploads stream each file to the intake, which bounds each file
// (CIVREG_MAX_FILE_BYTES) and its pages; every other body is read whole and must be small.
const (
	signInBodyBytes = 4 << 10  // a name, a password, a token and where to go next
	formBodyBytes   = 16 << 10 // the web pages' forms
	jsonBodyBytes   = 1 << 20  // a record's fields (ui/request.go reads at most this)
	readTimeout     = 30 * time.Second
	writeTimeout    = 2 * time.Minute
)

// limitRequests bounds every request by its route before any handler reads it: the body's
// size (413 at once when Content-Length says it is over, a cut-off body otherwise), how long
// the body may take to arrive, and how long the answer may take to send. Uploads and the
// downloads of bags and archives are left their time: they are large by nature, and the
// intake and the storage bound them.
func limitRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		// Set afresh for every request: a connection kept alive keeps the last one set.
		// (Not every writer supports deadlines; those that do not are left as they are.)
		if isDownload(r) {
			rc.SetWriteDeadline(time.Time{})
		} else {
			rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		}
		if limit := bodyLimit(r); limit > 0 {
			rc.SetReadDeadline(time.Now().Add(readTimeout))
			if r.ContentLength > limit {
				w.Header().Set("Connection", "close")
				http.Error(w, fmt.Sprintf("the request is too large: at most %d KB may be sent here", limit>>10), http.StatusRequestEntityTooLarge)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// bodyLimit is the most bytes a request to r's route may send; 0 for an upload of scans.
func bodyLimit(r *http.Request) int64 {
	switch {
	case isUpload(r):
		return 0
	case r.URL.Path == "/login":
		return signInBodyBytes
	case strings.HasPrefix(r.URL.Path, "/api/"):
		return jsonBodyBytes
	}
	return formBodyBytes
}

func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v1/batches/") && strings.HasSuffix(r.URL.Path, "/scans")
}

func isDownload(r *http.Request) bool {
	return strings.HasSuffix(r.URL.Path, "/bag.zip") || strings.HasSuffix(r.URL.Path, "/archive.pdf")
}
