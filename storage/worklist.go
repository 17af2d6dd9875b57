package storage

import (
	"context"
	"errors"
	"time"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// reviewOrder puts the worst-read records first: nothing read at all, then the lowest field
// confidence, then the most fields to check, then the oldest.
const reviewOrder = `coalesce(min(f.confidence), 0), count(f.key) FILTER (WHERE f.needs_review) DESC, r.status_at, r.id`

// ReviewQueue lists records waiting for review, worst-read first.
func (db *DB) ReviewQueue(ctx context.Context, limit int) ([]civreg.QueueItem, error) {
	rows, err := db.pool.Query(ctx, `SELECT r.id, r.batch_id, b.name, r.record_type, count(f.key),
			count(f.key) FILTER (WHERE f.needs_review), coalesce(min(f.confidence), 0), r.error, r.status_at
		FROM records r JOIN batches b ON b.id = r.batch_id LEFT JOIN fields f ON f.record_id = r.id
		WHERE r.status = $2
		GROUP BY r.id, b.name ORDER BY `+reviewOrder+` LIMIT $1`, limit, string(civreg.StatusNeedsReview))
	return collect(rows, err, pgx.RowToStructByPos[civreg.QueueItem], "review queue")
}

// NextForReview returns the worst-read record waiting for review other than skip, or
// ENOTFOUND when the queue is empty.
func (db *DB) NextForReview(ctx context.Context, skip int64) (int64, error) {
	var id int64
	err := db.pool.QueryRow(ctx, `SELECT r.id FROM records r LEFT JOIN fields f ON f.record_id = r.id
		WHERE r.status = $2 AND r.id <> $1
		GROUP BY r.id ORDER BY `+reviewOrder+` LIMIT 1`, skip, string(civreg.StatusNeedsReview)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, civreg.Errorf(civreg.ENOTFOUND, "no records are waiting for review")
	}
	return id, wrap(err, "next record for review")
}

// RejectRecord marks a record as needing a rescan, with the reviewer's reason. A stale
// version gives ECONFLICT, as for edits.
func (db *DB) RejectRecord(ctx context.Context, u *civreg.User, id int64, version int, reason string) error {
	if reason == "" {
		return civreg.Errorf(civreg.EINVALID, "say why the record needs a rescan")
	}
	return db.inTx(ctx, "reject record", func(tx pgx.Tx) error {
		status, err := lockVersion(ctx, tx, id, version, "sent back")
		if err != nil {
			return err
		}
		if !civreg.Status(status).Rule().Rejectable {
			return civreg.Errorf(civreg.ECONFLICT, "record %d is %s and cannot be sent for rescanning", id, status)
		}
		if _, err := tx.Exec(ctx, `UPDATE records SET status = $3, error = $2, status_at = now(), updated_at = now() WHERE id = $1`,
			id, "needs a rescan: "+reason, string(civreg.StatusRejected)); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "record.reject", id, 0, map[string]any{"version": version, "reason": reason})
	})
}

// ProblemRecords lists failed records and records in a pipeline stage for longer than stuckAfter.
func (db *DB) ProblemRecords(ctx context.Context, stuckAfter time.Duration, limit int) ([]civreg.ProblemRecord, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, batch_id, status, error, status_at FROM records
		WHERE status = $3 OR (status = ANY($4) AND status_at < now() - $1::interval)
		ORDER BY status_at LIMIT $2`, stuckAfter.String(), limit, string(civreg.StatusFailed), inPipelineStatuses)
	return collect(rows, err, pgx.RowToStructByPos[civreg.ProblemRecord], "problem records")
}

// RetryRecord puts a failed record back at the stage that failed (OCR, extraction or
// archiving), dated in the past so that the next reconcile (within a minute) enqueues it.
// It returns the status it went back to.
func (db *DB) RetryRecord(ctx context.Context, u *civreg.User, id int64) (civreg.Status, error) {
	var to civreg.Status
	err := db.inTx(ctx, "retry record", func(tx pgx.Tx) error {
		var status, errText string
		var entry bool // a later entry of a page: its pages are its owner's, read already
		err := tx.QueryRow(ctx, `SELECT status, error, page_of IS NOT NULL FROM records WHERE id = $1 FOR UPDATE`, id).Scan(&status, &errText, &entry)
		if errors.Is(err, pgx.ErrNoRows) {
			return civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
		} else if err != nil {
			return err
		}
		var failed string
		tx.QueryRow(ctx, `SELECT stage FROM record_stages WHERE record_id = $1 AND state = $2 ORDER BY finished_at DESC NULLS LAST LIMIT 1`, id, civreg.StageFailed).Scan(&failed)
		switch {
		case status == string(civreg.StatusFailed) && failed == string(civreg.StageArchive):
			to = civreg.StatusApproved
		case status == string(civreg.StatusFailed) && (failed == string(civreg.StageExtract) || entry):
			to = civreg.StatusExtracting
		case status == string(civreg.StatusFailed):
			to = civreg.StatusOCR
		case civreg.Status(status).Rule().InPipeline:
			to = civreg.Status(status) // stuck: reconcile enqueues it again as it is
		default:
			return civreg.Errorf(civreg.ECONFLICT, "record %d is %s: there is nothing to retry", id, status)
		}
		if _, err := tx.Exec(ctx, `UPDATE records SET status = $2, error = '', status_at = now() - interval '1 day' WHERE id = $1`, id, string(to)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE record_stages SET state = $2, error = '' WHERE record_id = $1 AND state = $3`, id, civreg.StageRunning, civreg.StageFailed); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "record.retry", id, 0, map[string]any{"from": status, "to": string(to), "error": errText})
	})
	return to, err
}
