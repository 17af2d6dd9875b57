package ui

import (
	"net/http"

	"civreg"
)

// batchView is the batch page: progress, the upload box for those who may upload, the records
// and the files.
type batchView struct {
	layout
	*batchState
	Uploads   []civreg.Upload
	Refusals  []civreg.Refusal
	MayUpload bool
}

// batchPage answers GET /batches/{id}; static/batch.js uploads and keeps the counts current.
func (s *Server) batchPage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	b, err := s.loadBatch(r.Context(), id)
	if err != nil {
		return err
	}
	v := &batchView{layout: layout{Title: b.Batch.Name, User: u}, batchState: b, MayUpload: u.HasRole(clerks...)}
	if v.Uploads, v.Refusals, err = s.uploadsOf(r.Context(), id); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "batch", v)
}
