package ui

import (
	"context"
	_ "embed"
	"log/slog"
	"net/http"
	"strconv"

	"civreg"
	"civreg/storage"
)

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDoc)
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, civreg.Errorf(civreg.EINVALID, "%q is not an ID", r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) createBatch(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	var req struct {
		Name          string `json:"name"`
		RecordType    string `json:"record_type"`
		PagePerRecord bool   `json:"page_per_record"`
	}
	if err := readJSON(r, &req); err != nil {
		s.apiError(w, r, err)
		return
	}
	t, err := civreg.ParseRecordType(req.RecordType)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	b, err := s.DB.CreateBatch(r.Context(), u, req.Name, t, req.PagePerRecord)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, b)
}

// batchView is a batch with its counts and its records' statuses: what the batch page and
// GET /api/v1/batches/{id} show.
type batchView struct {
	Batch   *civreg.Batch
	Counts  civreg.BatchCounts
	Records []civreg.Record
}

func (s *Server) loadBatch(ctx context.Context, id int64) (*batchView, error) {
	b, err := s.DB.Batch(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &batchView{Batch: b}
	if v.Counts, err = s.DB.BatchCounts(ctx, id); err != nil {
		return nil, err
	}
	if v.Records, err = s.DB.RecordsOfBatch(ctx, id); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) getBatch(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v, err := s.loadBatch(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type recordStatus struct {
		ID     int64         `json:"id"`
		Status civreg.Status `json:"status"`
		Error  string        `json:"error,omitempty"`
	}
	rs := make([]recordStatus, len(v.Records))
	for i, rec := range v.Records {
		rs[i] = recordStatus{rec.ID, rec.Status, rec.Error}
	}
	b := v.Batch
	writeJSON(w, http.StatusOK, map[string]any{
		"id": b.ID, "name": b.Name, "record_type": b.RecordType, "page_per_record": b.PagePerRecord,
		"created_at": b.CreatedAt, "counts": v.Counts, "records": rs,
	})
}

// loadRecord returns the record as u may see it: Ministry of Health staff see only approved
// records, and only the fields their grant allows. Every view is written to the audit log.
func (s *Server) loadRecord(r *http.Request, u *civreg.User, id int64) (*civreg.Record, error) {
	rec, err := s.DB.Record(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if u.Role == civreg.RoleHealth && rec.Status != civreg.StatusApproved && rec.Status != civreg.StatusArchived {
		// The same answer as a missing record: health staff cannot tell unapproved records exist.
		return nil, civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
	}
	rec.Fields = civreg.VisibleFields(u, rec.Fields)
	if err := s.DB.Audit(r.Context(), u, "record.view", id, rec.BatchID, nil); err != nil {
		return nil, err // a view that cannot be logged is not shown
	}
	return rec, nil
}

func (s *Server) getRecord(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rec, err := s.loadRecord(r, u, id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

func (s *Server) patchRecord(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var req struct {
		Version    int               `json:"version"`
		RecordType string            `json:"record_type"`
		Fields     map[string]string `json:"fields"`
	}
	if err := readJSON(r, &req); err != nil {
		s.apiError(w, r, err)
		return
	}
	edit := storage.Edit{Version: req.Version, Fields: req.Fields}
	if req.RecordType != "" {
		if edit.RecordType, err = civreg.ParseRecordType(req.RecordType); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	version, err := s.DB.EditRecord(r.Context(), u, id, edit)
	if err != nil {
		s.conflictOr(w, r, u, id, err)
		return
	}
	if err := s.Pipeline.RecordChanged(r.Context(), id, version); err != nil {
		s.Log.Warn("index not enqueued; reconcile will", slog.Int64("record", id), slog.Any("err", err))
	}
	s.getRecord(w, r, u)
}

// conflictOr answers a stale edit with 409 and the current record, so the reviewer sees the
// newer values instead of overwriting them; other errors as usual.
func (s *Server) conflictOr(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64, err error) {
	if civreg.ErrorCode(err) != civreg.ECONFLICT {
		s.apiError(w, r, err)
		return
	}
	rec, rerr := s.loadRecord(r, u, id)
	if rerr != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiError(w, r, err, "current", rec)
}

func (s *Server) approveRecord(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var req struct {
		Version int `json:"version"`
	}
	if err := readJSON(r, &req); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.DB.ApproveRecord(r.Context(), u, id, req.Version); err != nil {
		s.conflictOr(w, r, u, id, err)
		return
	}
	if err := s.Pipeline.RecordApproved(r.Context(), id, req.Version); err != nil {
		s.Log.Warn("archive not enqueued; reconcile will", slog.Int64("record", id), slog.Any("err", err))
	}
	s.getRecord(w, r, u)
}

func (s *Server) fixityAlerts(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	alerts, err := s.DB.FixityAlerts(r.Context(), 200)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": alerts})
}
