package storage

import (
	"context"
	"encoding/json"
	"slices"

	"civreg"
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

// auditEvents names the audit log's actions as a record's events. The first group is
// provenance (what was done to the record, which its bag carries); the rest only the timeline
// shows: who looked at it, keyed or arbitrated it, exported or linked it.
var auditEvents = map[string]string{
	"record.edit": "review", "record.approve": "approval", "record.reject": "rejection",

	"record.view": "view", "record.view_page": "view_page", "record.key": "keying",
	"record.arbitrate": "arbitration", "record.retry": "retry", "record.download_archive": "download",
	"export.bag": "export", "record.claim": "claim", "record.release": "release", "record.skip": "skip",
	"record.claim_take_over": "take_over",
}

var provenanceActions = []string{"record.edit", "record.approve", "record.reject"}

// History returns a record's provenance in time order. Views and exports of the record are
// audited too but left out here: provenance is what was done to the record, not who looked
// at it.
func (db *DB) History(ctx context.Context, recordID int64) ([]civreg.Event, error) {
	return db.events(ctx, recordID, provenanceActions, false, 0)
}

// Timeline returns every action on a record, oldest first: its provenance and every audited
// action on it (views, keying, arbitration, exports, its batch's exports), and the links the
// linkage found with every decision people made on them (link_decisions: both records of a
// pair, where the audit log names one). At most limit of the latest are returned (0: all), and more says whether
// older ones were left out.
func (db *DB) Timeline(ctx context.Context, recordID int64, limit int) (events []civreg.Event, more bool, err error) {
	var actions []string
	for a := range auditEvents {
		actions = append(actions, a)
	}
	slices.Sort(actions)
	q := limit
	if limit > 0 {
		q = limit + 1
	}
	events, err = db.events(ctx, recordID, actions, true, q)
	if limit > 0 && len(events) > limit {
		return events[len(events)-limit:], true, err
	}
	return events, false, err
}

// historyQuery gathers a record's events from where each is kept, in one statement: $1 the
// record, $2 the audit actions wanted, $3 whether links and their decisions count, $4 how many
// of the latest (NULL: all). Each branch reads by an index (audit_log by record and id, or by
// batch for batch exports, 0011); the audit log, where a much-viewed record's rows pile up,
// gives only its latest $4. A later entry of a register page shares its page's scans and reading
// (owner). src breaks ties of time in the order the pipeline goes.
const historyQuery = `WITH rec AS (SELECT id, batch_id, coalesce(page_of, id) AS owner FROM records WHERE id = $1),
	scan_ids AS (SELECT DISTINCT p.scan_id FROM pages p, rec WHERE p.record_id = rec.owner),
	ev AS (
	SELECT s.created_at AS at, 1 AS src, s.id AS seq, 'digest' AS event, '' AS by, '' AS role,
		jsonb_build_object('scan_id', s.id, 'sha256', s.sha256, 'size', s.size, 'media_type', s.media_type, 'file_name', s.original_name) AS detail
	FROM scans s WHERE s.id IN (SELECT scan_id FROM scan_ids)
	UNION ALL
	SELECT u.uploaded_at, 2, u.id, 'ingest', coalesce(us.name, ''), coalesce(us.role, ''),
		jsonb_build_object('file_name', u.file_name, 'duplicate', u.duplicate, 'batch_id', u.batch_id)
	FROM batch_uploads u LEFT JOIN users us ON us.id = u.uploaded_by WHERE u.scan_id IN (SELECT scan_id FROM scan_ids)
	UNION ALL
	SELECT p.ocr_done_at, 3, p.page_no, 'ocr', '', '',
		jsonb_strip_nulls(jsonb_build_object('page', p.page_no, 'how', p.ocr_detail, 'problem', nullif(p.ocr_error, '')))
	FROM pages p, rec WHERE p.record_id = rec.owner AND p.ocr_done_at IS NOT NULL
	UNION ALL
	SELECT st.finished_at, 4, 0, st.stage, '', '',
		jsonb_strip_nulls(jsonb_build_object('state', st.state, 'attempts', st.attempts, 'note', nullif(st.note, ''), 'error', nullif(st.error, '')))
	FROM record_stages st WHERE st.record_id = $1 AND st.stage IN ('extract', 'index', 'archive') AND st.finished_at IS NOT NULL
	UNION ALL
	SELECT * FROM (SELECT a.at, 5, a.id, a.action, a.user_name, coalesce(nullif(a.user_role, ''), us.role, ''), a.detail
		FROM audit_log a LEFT JOIN users us ON us.id = a.user_id WHERE a.record_id = $1 AND a.action = ANY($2)
		ORDER BY a.id DESC LIMIT $4) audited
	UNION ALL
	SELECT a.at, 5, a.id, a.action, a.user_name, coalesce(nullif(a.user_role, ''), us.role, ''), a.detail || jsonb_build_object('batch_id', a.batch_id)
	FROM audit_log a LEFT JOIN users us ON us.id = a.user_id, rec
	WHERE a.batch_id = rec.batch_id AND a.record_id IS NULL AND a.action = 'export.bag' AND a.action = ANY($2)
	UNION ALL
	SELECT ar.created_at, 6, ar.version, 'archive', '', '',
		jsonb_build_object('version', ar.version, 'sha256', ar.sha256, 'size', ar.size, 'conformance', 'PDF/A-' || ar.conformance)
	FROM archives ar WHERE ar.record_id = $1
	UNION ALL
	SELECT f.checked_at, 7, f.id, 'fixity', '', '',
		jsonb_strip_nulls(jsonb_build_object('object', f.object_key, 'ok', f.ok, 'problem', nullif(f.problem, '')))
	FROM fixity_checks f WHERE f.object_key IN (
		SELECT s.object_key FROM scans s WHERE s.id IN (SELECT scan_id FROM scan_ids)
		UNION SELECT object_key FROM archives WHERE record_id = $1)
	UNION ALL
	SELECT l.created_at, 8, l.id, 'link', '', '',
		jsonb_build_object('link', l.id, 'other', CASE WHEN l.a = $1 THEN l.b ELSE l.a END, 'kind', l.kind, 'role', l.role, 'score', l.score)
	FROM record_links l WHERE $3 AND (l.a = $1 OR l.b = $1)
	UNION ALL
	SELECT d.decided_at, 9, d.id, 'link_decision', coalesce(us.name, ''), coalesce(us.role, ''),
		jsonb_build_object('link', l.id, 'other', CASE WHEN l.a = $1 THEN l.b ELSE l.a END, 'decision', d.decision,
			'from', d.old_kind || '/' || d.old_state, 'to', d.new_kind || '/' || d.new_state)
	FROM link_decisions d JOIN record_links l ON l.id = d.link_id LEFT JOIN users us ON us.id = d.decided_by
	WHERE $3 AND (l.a = $1 OR l.b = $1)
	)
	SELECT at, event, by, role, detail FROM (SELECT * FROM ev ORDER BY at DESC, src DESC, seq DESC LIMIT $4) latest
	ORDER BY at, src, seq`

// events runs historyQuery and names each audit action as its event.
func (db *DB) events(ctx context.Context, recordID int64, actions []string, links bool, limit int) ([]civreg.Event, error) {
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	rows, err := db.pool.Query(ctx, historyQuery, recordID, actions, links, lim)
	if err != nil {
		return nil, wrap(err, "history of record %d", recordID)
	}
	defer rows.Close()
	var out []civreg.Event
	for rows.Next() {
		var e civreg.Event
		var raw []byte
		if err := rows.Scan(&e.At, &e.Event, &e.By, &e.Role, &raw); err != nil {
			return nil, wrap(err, "history of record %d", recordID)
		}
		if name, ok := auditEvents[e.Event]; ok {
			e.Event = name
		}
		if err := json.Unmarshal(raw, &e.Detail); err != nil {
			return nil, wrap(err, "history of record %d: detail", recordID)
		}
		if len(e.Detail) == 0 {
			e.Detail = nil
		}
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "history of record %d", recordID)
}
