package storage

import (
	"context"
	"errors"
	"fmt"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// FinishEntries stores what the extract stage read from the pages of a record extracting, in
// one transaction. The first extraction goes on the record itself; each later one is another
// entry of its pages and becomes a record of its own in the same batch, at needs_review,
// standing on the record's pages (page_of) rather than storing them again. A record not
// extracting is left alone (ok false); an entry made before (the unique entry index) is not
// made twice, and is not returned.
func (db *DB) FinishEntries(ctx context.Context, recordID int64, entries []civreg.Extraction) (made []civreg.Extracted, ok bool, err error) {
	if len(entries) == 0 {
		return nil, false, civreg.Errorf(civreg.EINTERNAL, "record %d: no extraction to store", recordID)
	}
	err = db.inTx(ctx, "finish extract", func(tx pgx.Tx) error {
		var status string
		var version int
		var owner int64
		if err := tx.QueryRow(ctx, `SELECT status, version, coalesce(page_of, id) FROM records WHERE id = $1 FOR UPDATE`, recordID).
			Scan(&status, &version, &owner); err != nil {
			return err
		}
		if !civreg.Stages[civreg.StageExtract].Has(civreg.Status(status)) {
			return nil
		}
		ok = true
		if err := finishOne(ctx, tx, recordID, version, entries[0]); err != nil {
			return err
		}
		made = append(made, civreg.Extracted{RecordID: recordID, Version: version})
		for _, ex := range entries[1:] {
			id, err := newEntry(ctx, tx, owner, ex)
			if err != nil || id == 0 {
				return err
			}
			if err := finishOne(ctx, tx, id, 1, ex); err != nil {
				return err
			}
			made = append(made, civreg.Extracted{RecordID: id, Version: 1})
		}
		return nil
	})
	if !ok {
		made = nil
	}
	return made, ok, err
}

// newEntry makes the record of another entry on owner's pages, with the ingest and OCR stage
// rows its owner's page went through. It returns 0 when that entry has its record already.
func newEntry(ctx context.Context, tx pgx.Tx, owner int64, ex civreg.Extraction) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO records (batch_id, record_type, status, page_of, entry, entry_page)
		SELECT r.batch_id, b.record_type, $2, r.id, $3, $4 FROM records r JOIN batches b ON b.id = r.batch_id WHERE r.id = $1
		ON CONFLICT ((coalesce(page_of, id)), entry_page, entry) DO NOTHING RETURNING id`,
		owner, string(civreg.StatusExtracting), ex.Entry, max(ex.EntryPage, 1)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("entry %d of page %d of record %d: %w", ex.Entry, ex.EntryPage, owner, err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO record_stages (record_id, stage, state, attempts, started_at, finished_at, note)
		SELECT $2, stage, state, 1, started_at, finished_at, $3 FROM record_stages
		WHERE record_id = $1 AND stage IN ('ingest', 'ocr')`, owner, id, fmt.Sprintf("on the page of record %d", owner))
	return id, err
}

// finishOne stores one entry's fields, type and place on its page on record id and moves it
// to needs_review.
func finishOne(ctx context.Context, tx pgx.Tx, id int64, version int, ex civreg.Extraction) error {
	if ex.RecordType == "" {
		ex.RecordType = civreg.Unknown
	}
	for _, f := range ex.Fields {
		if _, err := tx.Exec(ctx, `INSERT INTO fields (record_id, key, value, printed, confidence, needs_review, page, box, version, suggested)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (record_id, key) DO UPDATE SET value = $3, printed = $4, confidence = $5, needs_review = $6, page = $7, box = $8, version = $9, set_by = NULL, suggested = $10`,
			id, f.Key, f.Value, f.Printed, f.Confidence, f.NeedsReview, f.Page, f.Box, version, f.Suggested); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO field_versions (record_id, version, key, new_value) VALUES ($1, $2, $3, $4)`, id, version, f.Key, f.Value); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE records SET status = $5, status_at = now(), updated_at = now(), error = $2,
		record_type = CASE WHEN $3 = $6 THEN record_type ELSE $3 END,
		type_confidence = CASE WHEN $3 = $6 THEN type_confidence ELSE $4 END,
		entry = CASE WHEN $7 > 0 THEN $7 ELSE entry END, entry_page = CASE WHEN $8 > 0 THEN $8 ELSE entry_page END,
		region = CASE WHEN $7 > 0 THEN $9 ELSE region END WHERE id = $1`,
		id, ex.Error, string(ex.RecordType), ex.TypeConfidence, string(civreg.StatusNeedsReview), string(civreg.Unknown),
		ex.Entry, ex.EntryPage, ex.Region); err != nil {
		return err
	}
	return stageState(ctx, tx, id, civreg.StageExtract, civreg.StageDone, ex.Error, ex.Note)
}

// EntriesOnPage lists the records standing on page (1-based) of owner's pages, owner's own
// entry included, top to bottom. A certificate's page gives its one record.
func (db *DB) EntriesOnPage(ctx context.Context, owner int64, page int) ([]civreg.EntryOnPage, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, entry, record_type, status FROM records
		WHERE coalesce(page_of, id) = $1 AND entry_page = $2 ORDER BY entry`, owner, page)
	return collect(rows, err, pgx.RowToStructByPos[civreg.EntryOnPage], "entries on a page")
}
