package storage

import (
	"context"
	"errors"
	"fmt"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// AddScan records a stored original in a batch, in one transaction: the scan row, its records
// and pages, the batch upload and an audit row. The same bytes (by SHA-256) already in the
// registry, from any batch, give the existing scan and records with Duplicate set, and no new
// record. ENOTFOUND when the batch does not exist.
func (db *DB) AddScan(ctx context.Context, u *civreg.User, ns civreg.NewScan) (*civreg.AddedScan, error) {
	if out, err := db.addNewScan(ctx, u, ns); err != nil || out != nil {
		return out, err
	}
	return db.addDuplicate(ctx, u, ns)
}

// addNewScan records new bytes in a batch as one statement: one round trip instead of nine,
// which at ingest was most of PostgreSQL's work and a fifth of each upload's time. One
// statement is one transaction, so all of it is stored or none. The batch row is not locked:
// batches are never deleted, and the foreign keys hold it. ON CONFLICT waits for a concurrent
// upload of the same bytes. It returns nil (and stores nothing) for a duplicate or a missing
// batch, which addDuplicate answers.
func (db *DB) addNewScan(ctx context.Context, u *civreg.User, ns civreg.NewScan) (*civreg.AddedScan, error) {
	uid, name := auditActor(u)
	out := &civreg.AddedScan{}
	var ids []int64
	err := db.pool.QueryRow(ctx, `WITH b AS (
		SELECT id, record_type, CASE WHEN page_per_record THEN 1 ELSE $5::int END AS per_record
		FROM batches WHERE id = $1
	), s AS (
		INSERT INTO scans (sha256, object_key, size, media_type, page_count, original_name)
		SELECT $2::text, $3, $4::bigint, $6, $5::int, $7::text FROM b
		ON CONFLICT (sha256) DO NOTHING RETURNING id
	), firsts AS ( -- each record's first page
		SELECT f, row_number() OVER (ORDER BY f) AS n FROM b, s, generate_series(1, $5::int, b.per_record) AS f
	), r AS (
		INSERT INTO records (batch_id, record_type) SELECT b.id, b.record_type FROM b, firsts ORDER BY firsts.f RETURNING id
	), rf AS (
		SELECT r.id, firsts.f FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM r) r JOIN firsts USING (n)
	), p AS (
		INSERT INTO pages (record_id, page_no, scan_id, scan_page)
		SELECT rf.id, k + 1, s.id, rf.f + k FROM rf, s, b, generate_series(0, b.per_record - 1) AS k
	), st AS (
		INSERT INTO record_stages (record_id, stage, state, attempts, started_at, finished_at)
		SELECT id, 'ingest', 'done', 1, now(), now() FROM rf
	), up AS (
		INSERT INTO batch_uploads (batch_id, scan_id, file_name, duplicate, uploaded_by)
		SELECT b.id, s.id, $7::text, false, $8::bigint FROM b, s
	), ids AS (
		SELECT coalesce(array_agg(id ORDER BY id), '{}') AS ids FROM rf
	), a AS (
		INSERT INTO audit_log (user_id, user_name, action, batch_id, detail)
		SELECT $8::bigint, $9::text, 'scan.upload', b.id, jsonb_build_object('scan', s.id, 'sha256', $2::text,
			'file', $7::text, 'size', $4::bigint, 'duplicate', false, 'records', ids.ids)
		FROM b, s, ids
	)
	SELECT s.id, ids.ids FROM s, ids`,
		ns.BatchID, ns.SHA256, ns.ObjectKey, ns.Size, ns.PageCount, ns.MediaType, ns.FileName, uid, name).Scan(&out.ScanID, &ids)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, wrap(err, "add scan")
	}
	per := ns.PageCount / max(len(ids), 1)
	for _, id := range ids {
		out.Records = append(out.Records, civreg.RecordPages{RecordID: id, Pages: per})
	}
	return out, nil
}

// addDuplicate answers what addNewScan did not add: ENOTFOUND for a missing batch, else the
// bytes are stored already, and the upload is recorded as a duplicate of their scan's records.
func (db *DB) addDuplicate(ctx context.Context, u *civreg.User, ns civreg.NewScan) (*civreg.AddedScan, error) {
	out := &civreg.AddedScan{Duplicate: true}
	err := db.inTx(ctx, "add scan", func(tx pgx.Tx) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM batches WHERE id = $1`, ns.BatchID).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return civreg.Errorf(civreg.ENOTFOUND, "no batch %d", ns.BatchID)
		} else if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT id FROM scans WHERE sha256 = $1`, ns.SHA256).Scan(&out.ScanID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT record_id, count(*) FROM pages WHERE scan_id = $1 GROUP BY record_id ORDER BY record_id`, out.ScanID)
		if err != nil {
			return err
		}
		if out.Records, err = pgx.CollectRows(rows, pgx.RowToStructByPos[civreg.RecordPages]); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO batch_uploads (batch_id, scan_id, file_name, duplicate, uploaded_by) VALUES ($1, $2, $3, true, $4)`,
			ns.BatchID, out.ScanID, ns.FileName, u.ID); err != nil {
			return err
		}
		ids := make([]int64, len(out.Records))
		for i, r := range out.Records {
			ids[i] = r.RecordID
		}
		return db.audit(ctx, tx, u, "scan.upload", 0, ns.BatchID, map[string]any{
			"scan": out.ScanID, "sha256": ns.SHA256, "file": ns.FileName, "size": ns.Size, "duplicate": true, "records": ids})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ScanByObjectKey returns the scan stored under this object key, or ENOTFOUND.
func (db *DB) ScanByObjectKey(ctx context.Context, key string) (*civreg.Scan, error) {
	return db.scanWhere(ctx, "object_key = $1", key)
}

// Scan returns scan id, or ENOTFOUND.
func (db *DB) Scan(ctx context.Context, id int64) (*civreg.Scan, error) {
	return db.scanWhere(ctx, "id = $1", id)
}

func (db *DB) scanWhere(ctx context.Context, where string, arg any) (*civreg.Scan, error) {
	var s civreg.Scan
	err := db.pool.QueryRow(ctx, `SELECT id, sha256, object_key, size, media_type, page_count, original_name, created_at FROM scans WHERE `+where, arg).
		Scan(&s.ID, &s.SHA256, &s.ObjectKey, &s.Size, &s.MediaType, &s.PageCount, &s.OriginalName, &s.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, civreg.Errorf(civreg.ENOTFOUND, "no such scan")
	}
	return &s, wrap(err, "scan %v", arg)
}

// Record returns record id with its pages, fields and stages, or ENOTFOUND. A later entry of a
// register page has its owner's pages (Page.RecordID is the owner).
func (db *DB) Record(ctx context.Context, id int64) (*civreg.Record, error) {
	r := &civreg.Record{Fields: map[string]civreg.Field{}}
	var t, st string
	var pageOf *int64
	err := db.pool.QueryRow(ctx, `SELECT id, batch_id, record_type, type_confidence, status, version, error, created_at, updated_at, approved_at, approved_by,
			page_of, entry, entry_page, region FROM records WHERE id = $1`, id).
		Scan(&r.ID, &r.BatchID, &t, &r.TypeConfidence, &st, &r.Version, &r.Error, &r.CreatedAt, &r.UpdatedAt, &r.ApprovedAt, &r.ApprovedBy,
			&pageOf, &r.Entry, &r.EntryPage, &r.Region)
	if err != nil {
		return nil, wrap(noRecord(err, id), "record %d", id)
	}
	r.RecordType, r.Status = civreg.RecordType(t), civreg.Status(st)
	if pageOf != nil {
		r.PageOf = *pageOf
	}

	rows, err := db.pool.Query(ctx, `SELECT f.key, f.value, f.printed, f.confidence, f.needs_review, f.page, coalesce(f.box, '{}'), coalesce(u.name, ''), f.version, f.suggested
		FROM fields f LEFT JOIN users u ON u.id = f.set_by WHERE f.record_id = $1`, id)
	if err != nil {
		return nil, wrap(err, "record %d fields", id)
	}
	for rows.Next() {
		var f civreg.Field
		if err := rows.Scan(&f.Key, &f.Value, &f.Printed, &f.Confidence, &f.NeedsReview, &f.Page, &f.Box, &f.SetBy, &f.Version, &f.Suggested); err != nil {
			rows.Close()
			return nil, wrap(err, "record %d fields", id)
		}
		r.Fields[f.Key] = f
	}
	rows.Close()

	rows, err = db.pool.Query(ctx, `SELECT record_id, page_no, scan_id, scan_page, image_key, words_key, ocr_done_at IS NOT NULL, ocr_error, ocr_detail
		FROM pages WHERE record_id = $1 ORDER BY page_no`, r.PageOwner())
	if err != nil {
		return nil, wrap(err, "record %d pages", id)
	}
	r.Pages, err = pgx.CollectRows(rows, pgx.RowToStructByPos[civreg.Page])
	if err != nil {
		return nil, wrap(err, "record %d pages", id)
	}

	rows, err = db.pool.Query(ctx, `SELECT stage, state, attempts, started_at, finished_at, error, note FROM record_stages WHERE record_id = $1
		ORDER BY array_position($2::text[], stage)`, id, texts(civreg.PipelineStages))
	if err != nil {
		return nil, wrap(err, "record %d stages", id)
	}
	r.Stages, err = pgx.CollectRows(rows, pgx.RowToStructByPos[civreg.StageRun])
	return r, wrap(err, "record %d stages", id)
}

// RecordsOfBatch lists the IDs, statuses and places on their pages of a batch's records, in
// upload order and, on a page of several entries, top to bottom.
func (db *DB) RecordsOfBatch(ctx context.Context, batchID int64) ([]civreg.Record, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, status, error, entry, entry_page, coalesce(page_of, 0) FROM records WHERE batch_id = $1
		ORDER BY coalesce(page_of, id), entry_page, entry`, batchID)
	if err != nil {
		return nil, wrap(err, "batch %d records", batchID)
	}
	defer rows.Close()
	var out []civreg.Record
	for rows.Next() {
		var r civreg.Record
		var st string
		if err := rows.Scan(&r.ID, &st, &r.Error, &r.Entry, &r.EntryPage, &r.PageOf); err != nil {
			return nil, wrap(err, "batch %d records", batchID)
		}
		r.Status = civreg.Status(st)
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "batch %d records", batchID)
}

// stageState writes a record's stage row.
func stageState(ctx context.Context, q querier, id int64, stage civreg.Stage, state, errText, note string) error {
	var err error
	switch state {
	case civreg.StageRunning:
		_, err = q.Exec(ctx, `INSERT INTO record_stages (record_id, stage, state, attempts, started_at) VALUES ($1, $2, 'running', 1, now())
			ON CONFLICT (record_id, stage) DO UPDATE SET state = 'running', attempts = record_stages.attempts + 1,
			started_at = now(), finished_at = NULL`, id, string(stage))
	default:
		_, err = q.Exec(ctx, `INSERT INTO record_stages (record_id, stage, state, attempts, started_at, finished_at, error, note)
			VALUES ($1, $2, $3, 1, now(), now(), $4, $5)
			ON CONFLICT (record_id, stage) DO UPDATE SET state = $3, finished_at = now(), error = $4, note = $5`,
			id, string(stage), state, errText, note)
	}
	if err != nil {
		return fmt.Errorf("record %d stage %s: %w", id, stage, err)
	}
	return nil
}
