package storage

import (
	"context"
	"encoding/json"
	"sort"
	"time"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// FieldChanges lists every change of a record's fields, oldest first.
func (db *DB) FieldChanges(ctx context.Context, recordID int64) ([]civreg.FieldChange, error) {
	rows, err := db.pool.Query(ctx, `SELECT v.version, v.key, v.old_value, v.new_value, coalesce(u.name, ''), v.changed_at
		FROM field_versions v LEFT JOIN users u ON u.id = v.changed_by WHERE v.record_id = $1 ORDER BY v.id`, recordID)
	if err != nil {
		return nil, wrap(err, "field changes of record %d", recordID)
	}
	defer rows.Close()
	var out []civreg.FieldChange
	for rows.Next() {
		var c civreg.FieldChange
		if err := rows.Scan(&c.Version, &c.Key, &c.Old, &c.New, &c.By, &c.At); err != nil {
			return nil, wrap(err, "field changes of record %d", recordID)
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "field changes of record %d", recordID)
}

// History returns a record's events in time order. Views of the record are audited too but
// left out here: provenance is what was done to the record, not who looked at it.
func (db *DB) History(ctx context.Context, recordID int64) ([]civreg.Event, error) {
	var out []civreg.Event
	for _, src := range historySources {
		rows, err := db.pool.Query(ctx, src.query, recordID)
		if err != nil {
			return nil, wrap(err, "history of record %d", recordID)
		}
		events, err := pgx.CollectRows(rows, src.event)
		if err != nil {
			return nil, wrap(err, "history of record %d", recordID)
		}
		out = append(out, events...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// historySources are the queries a record's history is gathered from, each with how one of
// its rows reads as an event.
var historySources = []struct {
	query string
	event pgx.RowToFunc[civreg.Event]
}{
	// Uploads of the record's scans, and the digest taken as each original was stored.
	{`SELECT DISTINCT s.id, s.sha256, s.size, s.media_type, s.original_name, s.created_at
		FROM pages p JOIN scans s ON s.id = p.scan_id WHERE p.record_id = (SELECT coalesce(page_of, id) FROM records WHERE id = $1)`, digestEvent},
	{`SELECT u.uploaded_at, coalesce(us.name, ''), u.file_name, u.duplicate, u.batch_id
		FROM batch_uploads u LEFT JOIN users us ON us.id = u.uploaded_by
		WHERE u.scan_id IN (SELECT scan_id FROM pages WHERE record_id = (SELECT coalesce(page_of, id) FROM records WHERE id = $1))`, ingestEvent},
	// Each page read.
	{`SELECT page_no, ocr_done_at, ocr_error, ocr_detail FROM pages WHERE record_id = (SELECT coalesce(page_of, id) FROM records WHERE id = $1) AND ocr_done_at IS NOT NULL`, ocrEvent},
	// Stages (extraction, indexing, archive): their last run.
	{`SELECT stage, state, attempts, finished_at, error, note FROM record_stages
		WHERE record_id = $1 AND stage IN ('extract', 'index', 'archive') AND finished_at IS NOT NULL`, stageEvent},
	// Reviews and approvals, from the audit log.
	{`SELECT at, user_name, action, detail FROM audit_log
		WHERE record_id = $1 AND action IN ('record.edit', 'record.approve', 'record.reject') ORDER BY id`, reviewEvent},
	// Archive copies made, and every fixity check of the record's stored objects.
	{`SELECT created_at, version, sha256, size, conformance FROM archives WHERE record_id = $1 ORDER BY version`, archiveEvent},
	{`SELECT checked_at, object_key, ok, problem FROM fixity_checks WHERE object_key IN (
			SELECT s.object_key FROM pages p JOIN scans s ON s.id = p.scan_id WHERE p.record_id = (SELECT coalesce(page_of, id) FROM records WHERE id = $1)
			UNION SELECT object_key FROM archives WHERE record_id = $1)
		ORDER BY id`, fixityEvent},
}

func digestEvent(row pgx.CollectableRow) (civreg.Event, error) {
	var id, size int64
	var sha, mt, name string
	var at time.Time
	err := row.Scan(&id, &sha, &size, &mt, &name, &at)
	return civreg.Event{At: at, Event: "digest", Detail: map[string]any{"scan_id": id, "sha256": sha, "size": size, "media_type": mt, "file_name": name}}, err
}

func ingestEvent(row pgx.CollectableRow) (civreg.Event, error) {
	var at time.Time
	var by, name string
	var dup bool
	var batch int64
	err := row.Scan(&at, &by, &name, &dup, &batch)
	return civreg.Event{At: at, Event: "ingest", By: by, Detail: map[string]any{"file_name": name, "duplicate": dup, "batch_id": batch}}, err
}

func ocrEvent(row pgx.CollectableRow) (civreg.Event, error) {
	var page int
	var at time.Time
	var problem, how string
	err := row.Scan(&page, &at, &problem, &how)
	return civreg.Event{At: at, Event: "ocr", Detail: withText(map[string]any{"page": page, "how": how}, "problem", problem)}, err
}

func stageEvent(row pgx.CollectableRow) (civreg.Event, error) {
	var stage, state, problem, note string
	var attempts int
	var at time.Time
	err := row.Scan(&stage, &state, &attempts, &at, &problem, &note)
	d := withText(withText(map[string]any{"state": state, "attempts": attempts}, "note", note), "error", problem)
	return civreg.Event{At: at, Event: stage, Detail: d}, err
}

// reviewEvents names the audit actions a record's history shows.
var reviewEvents = map[string]string{"record.edit": "review", "record.approve": "approval", "record.reject": "rejection"}

func reviewEvent(row pgx.CollectableRow) (civreg.Event, error) {
	var at time.Time
	var by, action string
	var raw []byte
	if err := row.Scan(&at, &by, &action, &raw); err != nil {
		return civreg.Event{}, err
	}
	var d map[string]any
	json.Unmarshal(raw, &d)
	return civreg.Event{At: at, Event: reviewEvents[action], By: by, Detail: d}, nil
}

func archiveEvent(row pgx.CollectableRow) (civreg.Event, error) {
	var at time.Time
	var version int
	var sha, conformance string
	var size int64
	err := row.Scan(&at, &version, &sha, &size, &conformance)
	return civreg.Event{At: at, Event: "archive", Detail: map[string]any{"version": version, "sha256": sha, "size": size, "conformance": "PDF/A-" + conformance}}, err
}

func fixityEvent(row pgx.CollectableRow) (civreg.Event, error) {
	var at time.Time
	var key, problem string
	var ok bool
	err := row.Scan(&at, &key, &ok, &problem)
	return civreg.Event{At: at, Event: "fixity", Detail: withText(map[string]any{"object": key, "ok": ok}, "problem", problem)}, err
}

// withText adds key to the detail d when text is not empty.
func withText(d map[string]any, key, text string) map[string]any {
	if text != "" {
		d[key] = text
	}
	return d
}
