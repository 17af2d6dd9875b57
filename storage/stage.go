package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// These methods are the pipeline's steps. Each is one transaction guarded by the record's
// status, so a task that runs twice (a retry, a duplicate from reconcile) changes nothing the
// second time.

// BeginStage marks the stage running for the record and moves its status on (queued becomes
// ocr), as civreg.Stages says. It returns false, changing nothing, when the record is past
// that stage.
func (db *DB) BeginStage(ctx context.Context, recordID int64, stage civreg.Stage) (bool, error) {
	ss, ok := civreg.Stages[stage]
	if !ok {
		return false, civreg.Errorf(civreg.EINTERNAL, "stage %s has no status guard", stage)
	}
	todo := false
	err := db.inTx(ctx, "begin "+string(stage), func(tx pgx.Tx) error {
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM records WHERE id = $1 FOR UPDATE`, recordID).Scan(&status)
		if err := noRecord(err, recordID); err != nil {
			return err
		}
		todo = ss.Has(civreg.Status(status))
		if !todo {
			return nil
		}
		if status != string(ss.During) {
			if _, err := tx.Exec(ctx, `UPDATE records SET status = $2, status_at = now(), updated_at = now() WHERE id = $1`, recordID, string(ss.During)); err != nil {
				return err
			}
		}
		return stageState(ctx, tx, recordID, stage, civreg.StageRunning, "", "")
	})
	return todo, err
}

// PageToRead returns a page and its scan for OCR, and whether it still needs reading.
func (db *DB) PageToRead(ctx context.Context, recordID int64, pageNo int) (*civreg.Page, *civreg.Scan, bool, error) {
	var p civreg.Page
	var status string
	err := db.pool.QueryRow(ctx, `SELECT p.record_id, p.page_no, p.scan_id, p.scan_page, p.ocr_done_at IS NOT NULL, r.status
		FROM pages p JOIN records r ON r.id = p.record_id WHERE p.record_id = $1 AND p.page_no = $2`, recordID, pageNo).
		Scan(&p.RecordID, &p.Number, &p.ScanID, &p.ScanPage, &p.OCRDone, &status)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, false, civreg.Errorf(civreg.ENOTFOUND, "no page %d of record %d", pageNo, recordID)
	} else if err != nil {
		return nil, nil, false, wrap(err, "page %d of record %d", pageNo, recordID)
	}
	s, err := db.Scan(ctx, p.ScanID)
	if err != nil {
		return nil, nil, false, err
	}
	todo := !p.OCRDone && (status == string(civreg.StatusQueued) || status == string(civreg.StatusOCR))
	return &p, s, todo, nil
}

// FinishPage stores a page's OCR result once. When it was the record's last unread page, the
// record moves to extracting and FinishPage returns true: the caller enqueues extraction.
// A page already read is left as it is, and the result says whether every page is read.
func (db *DB) FinishPage(ctx context.Context, recordID int64, pageNo int, pr civreg.PageRead) (bool, error) {
	allRead := false
	err := db.inTx(ctx, "finish page", func(tx pgx.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM records WHERE id = $1 FOR UPDATE`, recordID).Scan(&status); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE pages SET image_key = $3, words_key = $4, page_text = $5, ocr_error = $6, ocr_detail = $7, ocr_done_at = now()
			WHERE record_id = $1 AND page_no = $2 AND ocr_done_at IS NULL`, recordID, pageNo, pr.ImageKey, pr.WordsKey, pr.Text, pr.Error, pr.Detail); err != nil {
			return err
		}
		var unread int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM pages WHERE record_id = $1 AND ocr_done_at IS NULL`, recordID).Scan(&unread); err != nil {
			return err
		}
		allRead = unread == 0
		if !allRead || !civreg.Stages[civreg.StageOCR].Has(civreg.Status(status)) {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE records SET status = $2, status_at = now(), updated_at = now() WHERE id = $1`, recordID, string(civreg.StatusExtracting)); err != nil {
			return err
		}
		return stageState(ctx, tx, recordID, civreg.StageOCR, civreg.StageDone, "", "")
	})
	return allRead, err
}

// AllPagesRead reports whether every page of the record has been through OCR.
func (db *DB) AllPagesRead(ctx context.Context, recordID int64) (bool, error) {
	var unread int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM pages WHERE record_id = $1 AND ocr_done_at IS NULL`, recordID).Scan(&unread)
	return unread == 0, wrap(err, "record %d pages read", recordID)
}

// FinishExtract stores the fields read from a record extracting, moves it to needs_review and
// returns its version for indexing. A record not extracting is left alone (ok false).
func (db *DB) FinishExtract(ctx context.Context, recordID int64, ex civreg.Extraction) (version int, ok bool, err error) {
	made, ok, err := db.FinishEntries(ctx, recordID, []civreg.Extraction{ex})
	if !ok || err != nil {
		return 0, ok, err
	}
	return made[0].Version, true, nil
}

// IndexState returns the record's version and the version the search index holds.
func (db *DB) IndexState(ctx context.Context, recordID int64) (version, indexed int, err error) {
	err = db.pool.QueryRow(ctx, `SELECT version, indexed_version FROM records WHERE id = $1`, recordID).Scan(&version, &indexed)
	return version, indexed, wrap(noRecord(err, recordID), "record %d index state", recordID)
}

// MarkIndexed records that the search index holds version of the record (never going back).
func (db *DB) MarkIndexed(ctx context.Context, recordID int64, version int, note string) error {
	return db.inTx(ctx, "mark indexed", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE records SET indexed_version = greatest(indexed_version, $2) WHERE id = $1`, recordID, version); err != nil {
			return err
		}
		return stageState(ctx, tx, recordID, civreg.StageIndex, civreg.StageDone, "", note)
	})
}

// FinishArchive records the PDF/A copy of an approved version of a record and moves the
// record to archived. A record corrected since (no longer approved at that version) keeps its
// status; the copy of the version that was approved is kept all the same.
func (db *DB) FinishArchive(ctx context.Context, a civreg.Archive) error {
	return db.inTx(ctx, "finish archive", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO archives (record_id, version, object_key, sha256, size, conformance, pages_detail)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (record_id, version) DO NOTHING`,
			a.RecordID, a.Version, a.Key, a.SHA256, a.Size, a.Conformance, a.Detail); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE records SET status = $3, status_at = now(), updated_at = now()
			WHERE id = $1 AND status = ANY($4) AND version = $2`, a.RecordID, a.Version, string(civreg.StatusArchived), texts(civreg.Stages[civreg.StageArchive].From))
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		return stageState(ctx, tx, a.RecordID, civreg.StageArchive, civreg.StageDone, "",
			fmt.Sprintf("PDF/A-%s copy of version %d, %d bytes, sha256 %s", a.Conformance, a.Version, a.Size, a.SHA256))
	})
}

// FailStage records a stage's error. When final (no retries left, or an input that can never
// work) the record's status becomes failed with the reason, where admins see and retry it.
func (db *DB) FailStage(ctx context.Context, recordID int64, stage civreg.Stage, reason string, final bool) error {
	return db.inTx(ctx, "fail stage", func(tx pgx.Tx) error {
		state := civreg.StageRunning
		if final {
			state = civreg.StageFailed
			if _, err := tx.Exec(ctx, `UPDATE records SET status = $3, error = $2, status_at = now(), updated_at = now()
				WHERE id = $1 AND status <> ALL($4)`, recordID, string(stage)+": "+reason, string(civreg.StatusFailed), keepOnFailure); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO record_stages (record_id, stage, state, attempts, started_at, error) VALUES ($1, $2, $3, 1, now(), $4)
			ON CONFLICT (record_id, stage) DO UPDATE SET state = $3, error = $4`, recordID, string(stage), state, reason)
		return err
	})
}

// Unfinished lists records whose status has not changed for stuckAfter while they still have
// pipeline work to do, and records whose search index entry is behind.
func (db *DB) Unfinished(ctx context.Context, stuckAfter time.Duration, limit int) ([]civreg.Unfinished, error) {
	rows, err := db.pool.Query(ctx, `SELECT r.id, r.status, r.version,
			coalesce(array_agg(p.page_no ORDER BY p.page_no) FILTER (WHERE p.ocr_done_at IS NULL), '{}'),
			r.indexed_version < r.version AND r.status = ANY($3)
		FROM records r LEFT JOIN pages p ON p.record_id = r.id
		WHERE r.status_at < now() - $1::interval
		  AND (r.status = ANY($4) OR (r.indexed_version < r.version AND r.status = ANY($3)))
		GROUP BY r.id ORDER BY r.id LIMIT $2`, stuckAfter.String(), limit, indexedStatuses, inPipelineStatuses)
	return collect(rows, err, pgx.RowToStructByPos[civreg.Unfinished], "unfinished records")
}
