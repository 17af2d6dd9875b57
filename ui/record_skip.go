package ui

import (
	"fmt"
	"net/http"

	"civreg"
)

// skipRecord answers POST /api/v1/records/{id}/skip: u leaves the record for someone else;
// it is released and kept out of u's next records for a while. The answer says where to go.
func (s *Server) skipRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	if _, err := s.visibleRecord(r.Context(), u, id); err != nil {
		return err
	}
	if err := s.DB.SkipRecord(r.Context(), u, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"skipped": id, "next": fmt.Sprintf("/review/next?after=%d", id)})
	return nil
}
