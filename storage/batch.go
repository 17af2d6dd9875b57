package storage

import (
	"context"
	"errors"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// CreateBatch records a new batch made by u, keyed once.
func (db *DB) CreateBatch(ctx context.Context, u *civreg.User, name string, t civreg.RecordType, pagePerRecord bool) (*civreg.Batch, error) {
	return db.CreateKeyedBatch(ctx, u, name, t, pagePerRecord, civreg.KeyingSingle)
}

// CreateKeyedBatch records a new batch made by u whose entries are keyed as keying says
// (civreg.KeyingSingle or KeyingDouble).
func (db *DB) CreateKeyedBatch(ctx context.Context, u *civreg.User, name string, t civreg.RecordType, pagePerRecord bool, keying string) (*civreg.Batch, error) {
	keying, err := civreg.ParseKeying(keying)
	if err != nil {
		return nil, err
	}
	if name == "" || len(name) > 200 {
		return nil, civreg.Errorf(civreg.EINVALID, "a batch name has 1 to 200 characters")
	}
	b := &civreg.Batch{Name: name, RecordType: t, PagePerRecord: pagePerRecord, Keying: keying, CreatedBy: u.ID}
	err = db.inTx(ctx, "create batch", func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO batches (name, record_type, page_per_record, keying, created_by) VALUES ($1, $2, $3, $4, $5)
			RETURNING id, created_at`, name, string(t), pagePerRecord, keying, u.ID).Scan(&b.ID, &b.CreatedAt)
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "batch.create", 0, b.ID, map[string]any{"name": name, "record_type": t, "keying": keying})
	})
	return b, err
}

// Batch returns batch id, or ENOTFOUND.
func (db *DB) Batch(ctx context.Context, id int64) (*civreg.Batch, error) {
	var b civreg.Batch
	var t string
	err := db.pool.QueryRow(ctx, `SELECT id, name, record_type, page_per_record, keying, coalesce(created_by, 0), created_at FROM batches WHERE id = $1`, id).
		Scan(&b.ID, &b.Name, &t, &b.PagePerRecord, &b.Keying, &b.CreatedBy, &b.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, civreg.Errorf(civreg.ENOTFOUND, "no batch %d", id)
	}
	b.RecordType = civreg.RecordType(t)
	return &b, wrap(err, "batch %d", id)
}

// Batches lists batches newest first.
func (db *DB) Batches(ctx context.Context, limit int) ([]*civreg.Batch, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, name, record_type, page_per_record, keying, coalesce(created_by, 0), created_at FROM batches ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, wrap(err, "batches")
	}
	defer rows.Close()
	var out []*civreg.Batch
	for rows.Next() {
		var b civreg.Batch
		var t string
		if err := rows.Scan(&b.ID, &b.Name, &t, &b.PagePerRecord, &b.Keying, &b.CreatedBy, &b.CreatedAt); err != nil {
			return nil, wrap(err, "batches")
		}
		b.RecordType = civreg.RecordType(t)
		out = append(out, &b)
	}
	return out, wrap(rows.Err(), "batches")
}

// BatchCounts counts the batch's records by how far they got. The counts are cumulative:
// an approved record also counts as OCR'd and extracted.
func (db *DB) BatchCounts(ctx context.Context, id int64) (civreg.BatchCounts, error) {
	var c civreg.BatchCounts
	err := db.pool.QueryRow(ctx, `SELECT
			count(*),
			count(*) FILTER (WHERE status = ANY($2)
				OR (status = ANY($4) AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.record_id = r.id AND p.ocr_done_at IS NULL))),
			count(*) FILTER (WHERE status = ANY($3)
				OR (status = ANY($4) AND EXISTS (SELECT 1 FROM record_stages s WHERE s.record_id = r.id AND s.stage = $5 AND s.state IN ('done','not_built')))),
			count(*) FILTER (WHERE status = $6),
			count(*) FILTER (WHERE status = ANY($7)),
			count(*) FILTER (WHERE status = $8),
			count(*) FILTER (WHERE status = $9),
			count(*) FILTER (WHERE status = $10)
		FROM records r WHERE batch_id = $1`, id, reachedStatuses(civreg.StatusExtracting), reachedStatuses(civreg.StatusNeedsReview),
		stoppedStatuses, string(civreg.StageExtract), string(civreg.StatusNeedsReview), publishedStatuses,
		string(civreg.StatusArchived), string(civreg.StatusFailed), string(civreg.StatusRejected)).
		Scan(&c.Uploaded, &c.OCRDone, &c.Extracted, &c.NeedsReview, &c.Approved, &c.Archived, &c.Failed, &c.Rejected)
	if err != nil {
		return c, wrap(err, "batch %d counts", id)
	}
	err = db.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM batch_uploads WHERE batch_id = $1 AND duplicate),
		(SELECT count(*) FROM batch_refusals WHERE batch_id = $1)`, id).Scan(&c.Duplicates, &c.Refused)
	return c, wrap(err, "batch %d counts", id)
}

// RecordRefusal notes that a file was refused for a batch, and why.
func (db *DB) RecordRefusal(ctx context.Context, u *civreg.User, batchID int64, fileName, reason string) error {
	return db.inTx(ctx, "record refusal", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO batch_refusals (batch_id, file_name, reason, uploaded_by) VALUES ($1, $2, $3, $4)`, batchID, fileName, reason, u.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "scan.refuse", 0, batchID, map[string]any{"file": fileName, "reason": reason})
	})
}

// Refusals lists the files refused for a batch, newest first.
func (db *DB) Refusals(ctx context.Context, batchID int64) ([]civreg.Refusal, error) {
	rows, err := db.pool.Query(ctx, `SELECT file_name, reason, refused_at FROM batch_refusals WHERE batch_id = $1 ORDER BY id DESC LIMIT 1000`, batchID)
	if err != nil {
		return nil, wrap(err, "batch %d refusals", batchID)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[civreg.Refusal])
	return out, wrap(err, "batch %d refusals", batchID)
}

// Uploads lists what was uploaded into a batch, in upload order: the ingest command skips
// these digests when it is run again after an interruption.
func (db *DB) Uploads(ctx context.Context, batchID int64) ([]civreg.Upload, error) {
	rows, err := db.pool.Query(ctx, `SELECT u.file_name, s.sha256, s.id, u.duplicate, u.uploaded_at FROM batch_uploads u JOIN scans s ON s.id = u.scan_id
		WHERE u.batch_id = $1 ORDER BY u.id`, batchID)
	if err != nil {
		return nil, wrap(err, "batch %d uploads", batchID)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[civreg.Upload])
	return out, wrap(err, "batch %d uploads", batchID)
}

// BatchByName returns the newest batch with this name, or ENOTFOUND.
func (db *DB) BatchByName(ctx context.Context, name string) (*civreg.Batch, error) {
	var id int64
	err := db.pool.QueryRow(ctx, `SELECT id FROM batches WHERE name = $1 ORDER BY id DESC LIMIT 1`, name).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, civreg.Errorf(civreg.ENOTFOUND, "no batch named %q", name)
	} else if err != nil {
		return nil, wrap(err, "batch %q", name)
	}
	return db.Batch(ctx, id)
}
