package ui

import (
	"context"
	"net/http"

	"civreg"
)

// batchUploads answers GET /api/v1/batches/{id}/uploads: the files taken and the files refused.
func (s *Server) batchUploads(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	if err := s.batchExists(r.Context(), id); err != nil {
		return err
	}
	ups, refused, err := s.uploadsOf(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"uploads": ups, "refused": refused})
	return nil
}

// uploadsOf lists a batch's files taken and files refused, as the API and the batch page show.
func (s *Server) uploadsOf(ctx context.Context, batch int64) ([]civreg.Upload, []civreg.Refusal, error) {
	ups, err := s.DB.Uploads(ctx, batch)
	if err != nil {
		return nil, nil, err
	}
	refused, err := s.DB.Refusals(ctx, batch)
	if err != nil {
		return nil, nil, err
	}
	return ups, refused, nil
}
