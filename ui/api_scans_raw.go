package ui

import (
	"mime"
	"net/http"

	"civreg"
	"civreg/ingest"
)

// uploadRawScan takes one file sent as the whole request body (Content-Type
// application/octet-stream, its name in Content-Disposition's filename or filename*). It is
// what civreg ingest, the watch folder and the batch page send: with its size known, the file
// goes to MinIO as it arrives (Intake.Accept). Answers as uploadScans does.
func (s *Server) uploadRawScan(w http.ResponseWriter, r *http.Request, u *civreg.User, batch int64) {
	name := ""
	if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
		name = params["filename"]
	}
	acc, err := s.Intake.Accept(r.Context(), u, batch, name, r.Body, r.ContentLength)
	if err != nil {
		s.apiError(w, r, err, "file", ingest.CleanName(name), "scans", []*ingest.Accepted{})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"scans": []*ingest.Accepted{acc}})
}
