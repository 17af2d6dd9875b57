package ui

import (
	"context"
	"log/slog"
	"net/http"

	"civreg"
)

// visibleRecord returns the record as u may see it (User.MaySee, VisibleFields), unaudited.
// A record u may not see is ENOTFOUND, the same answer as a missing one, so that health staff
// cannot tell unapproved records exist.
func (s *Server) visibleRecord(ctx context.Context, u *civreg.User, id int64) (*civreg.Record, error) {
	rec, err := s.DB.Record(ctx, id)
	if err != nil {
		return nil, err
	}
	if !u.MaySee(rec) {
		return nil, civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
	}
	rec.Fields = civreg.VisibleFields(u, rec.Fields)
	return rec, nil
}

// loadRecord is visibleRecord with the view written to the audit log: every way a record's
// fields reach someone goes through here.
func (s *Server) loadRecord(ctx context.Context, u *civreg.User, id int64) (*civreg.Record, error) {
	rec, err := s.visibleRecord(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if err := s.DB.Audit(ctx, u, "record.view", id, rec.BatchID, nil); err != nil {
		return nil, err // a view that cannot be logged is not shown
	}
	return rec, nil
}

// withCurrent answers a stale change (ECONFLICT) with the record as it now stands, so the
// reviewer sees the newer values instead of overwriting them, and who holds the record when
// another reviewer does; other errors as they are.
func (s *Server) withCurrent(ctx context.Context, u *civreg.User, id int64, err error) error {
	if civreg.ErrorCode(err) != civreg.ECONFLICT {
		return err
	}
	rec, rerr := s.loadRecord(ctx, u, id)
	if rerr != nil {
		return err
	}
	if c, cerr := s.DB.RecordClaim(ctx, id); cerr == nil && c != nil && !c.HeldBy(u) {
		return withDetail(err, "current", rec, "claim", c)
	}
	return withDetail(err, "current", rec)
}

// recordChanged ends a reviewer's change of a record (edit, approve, reject): a failed change
// is answered as withCurrent says; a done one enqueues the stage that follows (a failure to
// enqueue is left to reconcile) and answers the record as it now stands.
func (s *Server) recordChanged(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64, err error,
	stage string, enqueue func(ctx context.Context, id int64, version int) error, version int) error {
	if err != nil {
		return s.withCurrent(r.Context(), u, id, err)
	}
	if err := enqueue(r.Context(), id, version); err != nil {
		s.Log.Warn(stage+" not enqueued; reconcile will", slog.Int64("record", id), slog.Any("err", err))
	}
	return s.getRecord(w, r, u, id)
}
