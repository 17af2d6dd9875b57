package storage

import (
	"context"
	"encoding/json"
	"sort"
	"time"
)

// Event is one thing that happened to a record, for its provenance: ingest, digest, OCR,
// extraction, review, approval, archive and fixity checks.
type Event struct {
	At     time.Time      `json:"at"`
	Event  string         `json:"event"`
	By     string         `json:"by,omitempty"`
	Detail map[string]any `json:"detail,omitempty"`
}

// FieldChange is one change of one field by a reviewer (or by extraction, with no one named).
type FieldChange struct {
	Version int       `json:"version"`
	Key     string    `json:"key"`
	Old     *string   `json:"old"`
	New     *string   `json:"new"`
	By      string    `json:"by,omitempty"`
	At      time.Time `json:"at"`
}

// FieldChanges lists every change of a record's fields, oldest first.
func (db *DB) FieldChanges(ctx context.Context, recordID int64) ([]FieldChange, error) {
	rows, err := db.pool.Query(ctx, `SELECT v.version, v.key, v.old_value, v.new_value, coalesce(u.name, ''), v.changed_at
		FROM field_versions v LEFT JOIN users u ON u.id = v.changed_by WHERE v.record_id = $1 ORDER BY v.id`, recordID)
	if err != nil {
		return nil, wrap(err, "field changes of record %d", recordID)
	}
	defer rows.Close()
	var out []FieldChange
	for rows.Next() {
		var c FieldChange
		if err := rows.Scan(&c.Version, &c.Key, &c.Old, &c.New, &c.By, &c.At); err != nil {
			return nil, wrap(err, "field changes of record %d", recordID)
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "field changes of record %d", recordID)
}

// History returns a record's events in time order. Views of the record are audited too but
// left out here: provenance is what was done to the record, not who looked at it.
func (db *DB) History(ctx context.Context, recordID int64) ([]Event, error) {
	var out []Event
	add := func(at *time.Time, event, by string, detail map[string]any) {
		if at != nil {
			out = append(out, Event{At: *at, Event: event, By: by, Detail: detail})
		}
	}
	// Uploads of the record's scans, and the digest taken as each original was stored.
	rows, err := db.pool.Query(ctx, `SELECT DISTINCT s.id, s.sha256, s.size, s.media_type, s.original_name, s.created_at
		FROM pages p JOIN scans s ON s.id = p.scan_id WHERE p.record_id = $1`, recordID)
	if err != nil {
		return nil, wrap(err, "history of record %d", recordID)
	}
	for rows.Next() {
		var id, size int64
		var sha, mt, name string
		var at time.Time
		if err := rows.Scan(&id, &sha, &size, &mt, &name, &at); err != nil {
			rows.Close()
			return nil, wrap(err, "history of record %d", recordID)
		}
		add(&at, "digest", "", map[string]any{"scan_id": id, "sha256": sha, "size": size, "media_type": mt, "file_name": name})
	}
	rows.Close()
	rows, err = db.pool.Query(ctx, `SELECT u.uploaded_at, coalesce(us.name, ''), u.file_name, u.duplicate, u.batch_id
		FROM batch_uploads u LEFT JOIN users us ON us.id = u.uploaded_by
		WHERE u.scan_id IN (SELECT scan_id FROM pages WHERE record_id = $1)`, recordID)
	if err != nil {
		return nil, wrap(err, "history of record %d", recordID)
	}
	for rows.Next() {
		var at time.Time
		var by, name string
		var dup bool
		var batch int64
		if err := rows.Scan(&at, &by, &name, &dup, &batch); err != nil {
			rows.Close()
			return nil, wrap(err, "history of record %d", recordID)
		}
		add(&at, "ingest", by, map[string]any{"file_name": name, "duplicate": dup, "batch_id": batch})
	}
	rows.Close()
	// Each page read.
	rows, err = db.pool.Query(ctx, `SELECT page_no, ocr_done_at, ocr_error, ocr_detail FROM pages WHERE record_id = $1 AND ocr_done_at IS NOT NULL`, recordID)
	if err != nil {
		return nil, wrap(err, "history of record %d", recordID)
	}
	for rows.Next() {
		var page int
		var at time.Time
		var oerr, detail string
		if err := rows.Scan(&page, &at, &oerr, &detail); err != nil {
			rows.Close()
			return nil, wrap(err, "history of record %d", recordID)
		}
		d := map[string]any{"page": page, "how": detail}
		if oerr != "" {
			d["problem"] = oerr
		}
		add(&at, "ocr", "", d)
	}
	rows.Close()
	// Stages (extraction, indexing, archive): their last run.
	rows, err = db.pool.Query(ctx, `SELECT stage, state, attempts, finished_at, error, note FROM record_stages
		WHERE record_id = $1 AND stage IN ('extract', 'index', 'archive') AND finished_at IS NOT NULL`, recordID)
	if err != nil {
		return nil, wrap(err, "history of record %d", recordID)
	}
	for rows.Next() {
		var stage, state, serr, note string
		var attempts int
		var at *time.Time
		if err := rows.Scan(&stage, &state, &attempts, &at, &serr, &note); err != nil {
			rows.Close()
			return nil, wrap(err, "history of record %d", recordID)
		}
		d := map[string]any{"state": state, "attempts": attempts}
		if note != "" {
			d["note"] = note
		}
		if serr != "" {
			d["error"] = serr
		}
		add(at, stage, "", d)
	}
	rows.Close()
	// Reviews and approvals, from the audit log.
	rows, err = db.pool.Query(ctx, `SELECT at, user_name, action, detail FROM audit_log
		WHERE record_id = $1 AND action IN ('record.edit', 'record.approve', 'record.reject') ORDER BY id`, recordID)
	if err != nil {
		return nil, wrap(err, "history of record %d", recordID)
	}
	for rows.Next() {
		var at time.Time
		var by, action string
		var raw []byte
		if err := rows.Scan(&at, &by, &action, &raw); err != nil {
			rows.Close()
			return nil, wrap(err, "history of record %d", recordID)
		}
		var d map[string]any
		json.Unmarshal(raw, &d)
		name := map[string]string{"record.edit": "review", "record.approve": "approval", "record.reject": "rejection"}[action]
		add(&at, name, by, d)
	}
	rows.Close()
	// Archive copies made, and every fixity check of the record's stored objects.
	archives, err := db.Archives(ctx, recordID)
	if err != nil {
		return nil, err
	}
	for _, a := range archives {
		at := a.CreatedAt
		add(&at, "archive", "", map[string]any{"version": a.Version, "sha256": a.SHA256, "size": a.Size, "conformance": "PDF/A-" + a.Conformance})
	}
	rows, err = db.pool.Query(ctx, `SELECT checked_at, object_key, ok, problem FROM fixity_checks WHERE object_key IN (
			SELECT s.object_key FROM pages p JOIN scans s ON s.id = p.scan_id WHERE p.record_id = $1
			UNION SELECT object_key FROM archives WHERE record_id = $1)
		ORDER BY id`, recordID)
	if err != nil {
		return nil, wrap(err, "history of record %d", recordID)
	}
	for rows.Next() {
		var at time.Time
		var key, problem string
		var ok bool
		if err := rows.Scan(&at, &key, &ok, &problem); err != nil {
			rows.Close()
			return nil, wrap(err, "history of record %d", recordID)
		}
		d := map[string]any{"object": key, "ok": ok}
		if problem != "" {
			d["problem"] = problem
		}
		add(&at, "fixity", "", d)
	}
	rows.Close()
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
