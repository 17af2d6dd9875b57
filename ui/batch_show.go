package ui

import (
	"context"
	"net/http"

	"civreg"
)

// batchState is a batch with its counts and its records' statuses: what the batch page and
// GET /api/v1/batches/{id} show.
type batchState struct {
	Batch   *civreg.Batch
	Counts  civreg.BatchCounts
	Records []civreg.Record
}

func (s *Server) loadBatch(ctx context.Context, id int64) (*batchState, error) {
	b, err := s.DB.Batch(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &batchState{Batch: b}
	if v.Counts, err = s.DB.BatchCounts(ctx, id); err != nil {
		return nil, err
	}
	if v.Records, err = s.DB.RecordsOfBatch(ctx, id); err != nil {
		return nil, err
	}
	return v, nil
}

// getBatch answers GET /api/v1/batches/{id}: the batch, its counts and each record's status,
// which the batch page polls.
func (s *Server) getBatch(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	v, err := s.loadBatch(r.Context(), id)
	if err != nil {
		return err
	}
	type recordStatus struct {
		ID     int64         `json:"id"`
		PageOf int64         `json:"page_of,omitempty"`
		Entry  int           `json:"entry,omitempty"`
		Status civreg.Status `json:"status"`
		Badge  badgeJSON     `json:"badge"`
		Error  string        `json:"error,omitempty"`
	}
	rs := make([]recordStatus, len(v.Records))
	for i, rec := range v.Records {
		rs[i] = recordStatus{rec.ID, rec.PageOf, rec.Entry, rec.Status, badgeOf(rec.Status), rec.Error}
	}
	b := v.Batch
	writeJSON(w, http.StatusOK, map[string]any{
		"id": b.ID, "name": b.Name, "record_type": b.RecordType, "page_per_record": b.PagePerRecord, "keying": b.Keying,
		"created_at": b.CreatedAt, "counts": v.Counts, "records": rs,
	})
	return nil
}
