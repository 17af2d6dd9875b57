package ui

import (
	"net/http"

	"civreg"
)

// pageImage answers GET /api/v1/records/{id}/pages/{page}/image: the upright page image the
// review screen, the record page and search results show (covered for roles not allowed
// sensitive fields: servePagePart).
func (s *Server) pageImage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	return s.servePagePart(w, r, u, id, pageImagePart)
}

// pageWords answers GET /api/v1/records/{id}/pages/{page}/words: the words read on the page.
func (s *Server) pageWords(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	return s.servePagePart(w, r, u, id, pageWordsPart)
}

// pageThumbnail answers GET /api/v1/records/{id}/pages/{page}/thumbnail: a small copy of the
// page image for search results, never the original.
func (s *Server) pageThumbnail(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	return s.servePagePart(w, r, u, id, thumbnailPart)
}
