package ui

import (
	"fmt"
	"io"
	"net/http"

	"civreg"
	"civreg/export"
)

// batchBag answers GET /api/v1/batches/{id}/bag.zip: a batch's archived records as one bag.
func (s *Server) batchBag(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	if _, err := s.DB.Batch(r.Context(), id); err != nil {
		return err
	}
	ex := &export.Exporter{DB: s.DB, Objects: s.Objects, Audience: u}
	return s.streamBag(w, r, u, fmt.Sprintf("civreg-batch-%d.zip", id), 0, id, func(out io.Writer) error { return ex.Batch(r.Context(), out, id) })
}
