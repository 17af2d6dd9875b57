package ui

import (
	"io"
	"net/http"
	"strconv"

	"civreg"
)

// pageImage answers GET /api/v1/records/{id}/pages/{page}/image: the upright page image the
// review screen, the record page and search results show.
func (s *Server) pageImage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	return s.scanPage(w, r, u, id, "image", "image/png", func(p civreg.Page) string { return p.ImageKey })
}

// pageWords answers GET /api/v1/records/{id}/pages/{page}/words: the words read on the page.
func (s *Server) pageWords(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	return s.scanPage(w, r, u, id, "words", "application/json", func(p civreg.Page) string { return p.WordsKey })
}

// scanPage serves one part of a page of a record u may see (the same rule as the record's
// fields) and writes each read to the audit log as a record.view_page.
func (s *Server) scanPage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64, part, contentType string, keyOf func(civreg.Page) string) error {
	rec, err := s.visibleRecord(r.Context(), u, id)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.PathValue("page"))
	key := ""
	if n >= 1 && n <= len(rec.Pages) {
		key = keyOf(rec.Pages[n-1])
	}
	if key == "" {
		return civreg.Errorf(civreg.ENOTFOUND, "record %d has no page %d read yet", id, n)
	}
	obj, err := s.Objects.Get(r.Context(), key)
	if err != nil {
		return err
	}
	defer obj.Close()
	if err := s.DB.Audit(r.Context(), u, "record.view_page", id, rec.BatchID, map[string]any{"page": n, "part": part}); err != nil {
		return err // a view that cannot be logged is not shown
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "private, max-age=300")
	io.Copy(w, obj)
	return nil
}
