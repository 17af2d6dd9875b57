package ui

import (
	"context"
	"net/http"

	"civreg"
)

// batchRow is a batch with its counts, as the batches and preservation pages list it.
type batchRow struct {
	*civreg.Batch
	Counts civreg.BatchCounts
}

// batchRows lists the latest batches with their counts.
func (s *Server) batchRows(ctx context.Context) ([]batchRow, error) {
	batches, err := s.DB.Batches(ctx, 100)
	if err != nil {
		return nil, err
	}
	rows := make([]batchRow, len(batches))
	for i, b := range batches {
		rows[i].Batch = b
		if rows[i].Counts, err = s.DB.BatchCounts(ctx, b.ID); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// batchesView is the batches page: the new-batch form and the latest batches.
type batchesView struct {
	layout
	Batches []batchRow
}

// batchesPage answers GET /batches.
func (s *Server) batchesPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	rows, err := s.batchRows(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "batches", &batchesView{layout{Title: "Batches", User: u}, rows})
}
