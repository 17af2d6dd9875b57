package ui

import (
	"net/http"

	"civreg"
)

// findBatches answers GET /api/v1/batches?name=NAME with the newest batch of that name, so
// civreg ingest can resume a batch; without a name it lists recent batches.
func (s *Server) findBatches(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	if name := r.URL.Query().Get("name"); name != "" {
		b, err := s.DB.BatchByName(r.Context(), name)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"batches": []*civreg.Batch{b}})
		return nil
	}
	bs, err := s.DB.Batches(r.Context(), 200)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"batches": bs})
	return nil
}
