package storage

import (
	"context"
	"time"

	"civreg"

	"github.com/jackc/pgx/v5"
)

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
		if err := checkClaim(ctx, tx, u, id); err != nil {
			return err
		}
		if !civreg.Status(status).Rule().Rejectable {
			return civreg.Errorf(civreg.ECONFLICT, "record %d is %s and cannot be sent for rescanning", id, status)
		}
		if _, err := tx.Exec(ctx, `UPDATE records SET status = $3, error = $2, status_at = now(), updated_at = now() WHERE id = $1`,
			id, "needs a rescan: "+reason, string(civreg.StatusRejected)); err != nil {
			return err
		}
		if err := releaseClaim(ctx, tx, u, id); err != nil {
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
		if err := noRecord(err, id); err != nil {
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
