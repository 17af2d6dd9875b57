package ui

import (
	"fmt"
	"io"
	"net/http"

	"civreg"
	"civreg/export"
)

// recordBag answers GET /api/v1/records/{id}/bag.zip: an archived record as a BagIt bag.
func (s *Server) recordBag(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	ex := &export.Exporter{DB: s.DB, Objects: s.Objects, Audience: u}
	if _, _, err := ex.CheckRecord(r.Context(), id); err != nil {
		return err
	}
	return s.streamBag(w, r, u, fmt.Sprintf("civreg-record-%d.zip", id), id, 0, func(out io.Writer) error { return ex.Record(r.Context(), out, id) })
}
