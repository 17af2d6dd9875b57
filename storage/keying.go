package storage

import (
	"context"
	"errors"
	"sort"
	"strings"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// KeyingOf returns where record id stands in keying.
func (db *DB) KeyingOf(ctx context.Context, id int64) (*civreg.KeyingState, error) {
	return keyingOf(ctx, db.pool, id)
}

// claimedKeying returns where record id stands in keying, once it is sure that u holds the
// record's claim: keying and arbitrating both change a record only its claimant may change.
func claimedKeying(ctx context.Context, tx pgx.Tx, u *civreg.User, id int64) (*civreg.KeyingState, error) {
	if err := checkClaim(ctx, tx, u, id); err != nil {
		return nil, err
	}
	return keyingOf(ctx, tx, id)
}

func keyingOf(ctx context.Context, q querier, id int64) (*civreg.KeyingState, error) {
	st := &civreg.KeyingState{}
	err := q.QueryRow(ctx, `SELECT b.keying, (SELECT count(*) FROM keyed_fields kf JOIN keyings k ON k.id = kf.keying_id
			WHERE k.record_id = r.id AND kf.outcome = 'disputed' AND k.id = (SELECT min(id) FROM keyings WHERE record_id = r.id))
		FROM records r JOIN batches b ON b.id = r.batch_id WHERE r.id = $1`, id).Scan(&st.Keying, &st.Disputed)
	if err != nil {
		return nil, wrap(noRecord(err, id), "keying of record %d", id)
	}
	rows, err := q.Query(ctx, `SELECT u.id, u.name FROM keyings k JOIN users u ON u.id = k.keyer_id WHERE k.record_id = $1 ORDER BY k.id`, id)
	st.Keyers, err = collect(rows, err, pgx.RowToStructByPos[civreg.Keyer], "keyers of record %d", id)
	return st, err
}

// SetBatchKeying changes how batch id's entries are keyed from now on; entries keyed
// already keep their keyings.
func (db *DB) SetBatchKeying(ctx context.Context, u *civreg.User, id int64, keying string) error {
	keying, err := civreg.ParseKeying(keying)
	if err != nil {
		return err
	}
	return db.inTx(ctx, "set batch keying", func(tx pgx.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT keying FROM batches WHERE id = $1 FOR UPDATE`, id).Scan(&old)
		if errors.Is(err, pgx.ErrNoRows) {
			return civreg.Errorf(civreg.ENOTFOUND, "no batch %d", id)
		} else if err != nil || old == keying {
			return err
		}
		if keying == civreg.KeyingSingle {
			// A first keying kept aside waits for a second: single keying would strand it.
			var waiting int
			if err := tx.QueryRow(ctx, `SELECT count(DISTINCT k.record_id) FROM keyings k JOIN keyed_fields f ON f.keying_id = k.id
				JOIN records r ON r.id = k.record_id WHERE r.batch_id = $1 AND f.outcome = 'pending'`, id).Scan(&waiting); err != nil {
				return err
			}
			if waiting > 0 {
				return civreg.Errorf(civreg.ECONFLICT, "%d entries of batch %d have been keyed once and wait for their second keying: key them before keying the batch once", waiting, id)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE batches SET keying = $2 WHERE id = $1`, id, keying); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "batch.keying", 0, id, map[string]any{"keying": keying, "was": old})
	})
}

// KeyEntry stores u's keying of record id. civreg.Keyed once (a single-keying batch), the values go
// onto the record as u's edit. civreg.Keyed twice, the first keying is kept aside unseen, and the
// second puts onto the record the fields both keyings agree on and leaves the others for
// arbitration. The same keying sent again changes nothing (Repeated); a different one from
// someone who keyed the entry already, a third keying, a stale version or a record not
// waiting for review is ECONFLICT; a field u may not see is EFORBIDDEN.
func (db *DB) KeyEntry(ctx context.Context, u *civreg.User, id int64, k civreg.Keying) (*civreg.Keyed, error) {
	out := &civreg.Keyed{}
	err := db.inTx(ctx, "key entry", func(tx pgx.Tx) error {
		var status, recordType string
		var version int
		err := tx.QueryRow(ctx, `SELECT status, record_type, version FROM records WHERE id = $1 FOR UPDATE`, id).Scan(&status, &recordType, &version)
		if err := noRecord(err, id); err != nil {
			return err
		}
		st, err := claimedKeying(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if st.KeyedBy(u.ID) {
			return repeatedKeying(ctx, tx, u, id, k, version, out)
		}
		if err := mayKey(u, id, civreg.Status(status), civreg.RecordType(recordType), version, st, k); err != nil {
			return err
		}
		out.Round = len(st.Keyers) + 1
		keyingID, err := insertKeying(ctx, tx, u, id, k)
		if err != nil {
			return err
		}
		accept := map[string]string{}
		switch {
		case st.Keying == civreg.KeyingDouble && out.Round == 1:
			// Kept aside: nothing of it reaches the record until a second person keys the entry.
		case st.Keying == civreg.KeyingDouble:
			if accept, err = compareKeyings(ctx, tx, id, keyingID, out); err != nil {
				return err
			}
		default:
			for _, f := range k.Fields {
				out.Accepted = append(out.Accepted, f.Key)
				if !f.Illegible {
					accept[f.Key] = f.Value
				}
			}
			if _, err := tx.Exec(ctx, `UPDATE keyed_fields SET outcome = 'accepted' WHERE keying_id = $1`, keyingID); err != nil {
				return err
			}
		}
		out.Version = version
		if len(accept) > 0 {
			out.Version = version + 1
			if err := writeFields(ctx, tx, u, id, recordType, out.Version, accept); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, u, "record.key", id, 0, map[string]any{"round": out.Round, "keying": st.Keying, "version": out.Version,
			"fields": keyedKeys(k.Fields), "accepted": out.Accepted, "disputed": out.Disputed})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mayKey checks that u may key record id now, as keying k.
func mayKey(u *civreg.User, id int64, status civreg.Status, t civreg.RecordType, version int, st *civreg.KeyingState, k civreg.Keying) error {
	if status != civreg.StatusNeedsReview {
		return civreg.Errorf(civreg.ECONFLICT, "record %d is %s, not waiting to be keyed", id, status.Word())
	}
	if st.Needed() == 0 {
		names := make([]string, len(st.Keyers))
		for i, ky := range st.Keyers {
			names[i] = ky.Name
		}
		return civreg.Errorf(civreg.ECONFLICT, "record %d is keyed already (by %s)", id, strings.Join(names, " and "))
	}
	if k.Version != version {
		return civreg.Errorf(civreg.ECONFLICT, "record %d was changed by someone else (you keyed version %d, it is now at version %d): open it again", id, k.Version, version)
	}
	if len(k.Fields) == 0 {
		return civreg.Errorf(civreg.EINVALID, "a keying holds at least one field")
	}
	seen := map[string]bool{}
	for _, f := range k.Fields {
		if seen[f.Key] {
			return civreg.Errorf(civreg.EINVALID, "%s is keyed twice in one keying", f.Key)
		}
		seen[f.Key] = true
		if !u.MaySeeField(f.Key) {
			return civreg.Errorf(civreg.EFORBIDDEN, "your role may not see the %s, so it may not key it", strings.ReplaceAll(f.Key, "_", " "))
		}
		if err := civreg.ValidateField(t, f.Key, f.Value); err != nil {
			return err
		}
		if f.Illegible && f.Value != "" {
			return civreg.Errorf(civreg.EINVALID, "%s is marked illegible but has a value", f.Key)
		}
		if f.Keystrokes < 0 || f.Seconds < 0 || f.Keystrokes > 100000 || f.Seconds > 86400 {
			return civreg.Errorf(civreg.EINVALID, "the keys or seconds of %s are out of range", f.Key)
		}
	}
	return nil
}

// repeatedKeying answers a keying from someone who keyed the entry already: the same values
// again (a retry) change nothing; other values are refused, for one person is never both keyers.
func repeatedKeying(ctx context.Context, tx pgx.Tx, u *civreg.User, id int64, k civreg.Keying, version int, out *civreg.Keyed) error {
	rows, err := tx.Query(ctx, `SELECT kf.key, kf.value, kf.illegible FROM keyed_fields kf JOIN keyings k ON k.id = kf.keying_id
		WHERE k.record_id = $1 AND k.keyer_id = $2`, id, u.ID)
	type kv struct {
		Key, Value string
		Illegible  bool
	}
	had, err := collect(rows, err, pgx.RowToStructByPos[kv], "keying of record %d", id)
	if err != nil {
		return err
	}
	same := len(had) == len(k.Fields)
	for _, h := range had {
		found := false
		for _, f := range k.Fields {
			found = found || (f.Key == h.Key && f.Value == h.Value && f.Illegible == h.Illegible)
		}
		same = same && found
	}
	if !same {
		return civreg.Errorf(civreg.ECONFLICT, "you keyed record %d already: a second keying must be someone else's", id)
	}
	*out = civreg.Keyed{Version: version, Repeated: true}
	return nil
}

func insertKeying(ctx context.Context, tx pgx.Tx, u *civreg.User, id int64, k civreg.Keying) (int64, error) {
	var keyingID int64
	if err := tx.QueryRow(ctx, `INSERT INTO keyings (record_id, keyer_id, record_version) VALUES ($1, $2, $3) RETURNING id`,
		id, u.ID, k.Version).Scan(&keyingID); err != nil {
		return 0, err
	}
	for _, f := range k.Fields {
		if _, err := tx.Exec(ctx, `INSERT INTO keyed_fields (keying_id, key, value, illegible, keystrokes, seconds) VALUES ($1, $2, $3, $4, $5, $6)`,
			keyingID, f.Key, f.Value, f.Illegible, f.Keystrokes, f.Seconds); err != nil {
			return 0, err
		}
	}
	return keyingID, nil
}

// compareKeyings sets the outcome of each field of record id's two keyings (second is the
// one just stored) and returns the legible values they agree on.
func compareKeyings(ctx context.Context, tx pgx.Tx, id, second int64, out *civreg.Keyed) (map[string]string, error) {
	rows, err := tx.Query(ctx, `SELECT coalesce(a.key, b.key), a.key IS NOT NULL AND b.key IS NOT NULL,
			a.key IS NOT NULL AND b.key IS NOT NULL AND a.value = b.value AND a.illegible = b.illegible, coalesce(b.value, ''), coalesce(b.illegible, false)
		FROM (SELECT kf.* FROM keyed_fields kf JOIN keyings k ON k.id = kf.keying_id WHERE k.record_id = $1 AND k.id <> $2) a
		FULL JOIN (SELECT * FROM keyed_fields WHERE keying_id = $2) b ON a.key = b.key ORDER BY 1`, id, second)
	type cmp struct {
		Key          string
		Both, Agreed bool
		Value        string
		Illegible    bool
	}
	cmps, err := collect(rows, err, pgx.RowToStructByPos[cmp], "compare keyings of record %d", id)
	if err != nil {
		return nil, err
	}
	accept := map[string]string{}
	for _, c := range cmps {
		outcome := "once"
		switch {
		case c.Agreed:
			outcome = "accepted"
			out.Accepted = append(out.Accepted, c.Key)
			if !c.Illegible {
				accept[c.Key] = c.Value
			}
		case c.Both:
			outcome = "disputed"
			out.Disputed = append(out.Disputed, c.Key)
		default:
			out.Once = append(out.Once, c.Key)
		}
		if _, err := tx.Exec(ctx, `UPDATE keyed_fields SET outcome = $3 FROM keyings k
			WHERE k.id = keyed_fields.keying_id AND k.record_id = $1 AND keyed_fields.key = $2`, id, c.Key, outcome); err != nil {
			return nil, err
		}
	}
	return accept, nil
}

// writeFields stores values on record id as u's version: the fields, their history and the
// record's new version, back to needs_review (approval clears, as after any change). A value
// equal to the stored one is not a change, but is trusted from now on; "" removes the field.
func writeFields(ctx context.Context, tx pgx.Tx, u *civreg.User, id int64, recordType string, newVersion int, values map[string]string) error {
	if _, err := storeKeyed(ctx, tx, u, id, newVersion, values); err != nil {
		return err
	}
	// A keyed value that is what OCR read is not a change, but a person has read it now.
	var keys []string
	for k, v := range values {
		if v != "" {
			keys = append(keys, k)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE fields SET confidence = 1, needs_review = false, set_by = $3
		WHERE record_id = $1 AND key = ANY($2) AND set_by IS NULL`, id, keys, u.ID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE records SET version = $2, record_type = $3, status = $4,
		status_at = CASE WHEN status = $4 THEN status_at ELSE now() END, updated_at = now(),
		approved_at = NULL, approved_by = '' WHERE id = $1`, id, newVersion, recordType, string(civreg.StatusNeedsReview))
	return err
}

// storeKeyed stores values on record id at newVersion as u's, as a reviewer's edit is stored
// (setField): each changed field, trusted, and its old and new value in the history. A value
// equal to the stored one is not a change; "" removes the field. Page and box stay where OCR
// found the cell, which is what the keyer was shown.
func storeKeyed(ctx context.Context, tx pgx.Tx, u *civreg.User, id int64, newVersion int, values map[string]string) (map[string]any, error) {
	boxes, err := fieldBoxes(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	changes := map[string]any{}
	for key, value := range values {
		if civreg.IsSensitive(key) {
			// The keyer may have read the value elsewhere in the band than OCR's box: a
			// sensitive value that changed loses its box, and the scan is withheld from
			// those it is covered for until a reviewer gives one (fail closed).
			delete(boxes, key)
		}
		c, err := setField(ctx, tx, u, id, newVersion, key, value, boxes)
		if err != nil {
			return nil, err
		}
		if c != nil {
			changes[key] = c
		}
	}
	return changes, nil
}

// pendingKeyed counts the fields of record id a first keying holds aside for a second.
func pendingKeyed(ctx context.Context, tx pgx.Tx, id int64) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM keyings k JOIN keyed_fields f ON f.keying_id = k.id
		WHERE k.record_id = $1 AND f.outcome = 'pending'`, id).Scan(&n)
	return n, err
}

// fieldBoxes is where each field of record id stands on its page, for those that have a place.
func fieldBoxes(ctx context.Context, tx pgx.Tx, id int64) (map[string]civreg.FieldBox, error) {
	rows, err := tx.Query(ctx, `SELECT key, page, box FROM fields WHERE record_id = $1 AND page > 0 AND cardinality(box) = 4`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]civreg.FieldBox{}
	for rows.Next() {
		var key string
		var page int
		var box []int
		if err := rows.Scan(&key, &page, &box); err != nil {
			return nil, err
		}
		out[key] = civreg.FieldBox{Page: page, Box: [4]int(box)}
	}
	return out, rows.Err()
}

func keyedKeys(fs []civreg.KeyedField) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Key
	}
	sort.Strings(out)
	return out
}

// Disputes lists the fields of record id waiting for arbitration, in field order.
func (db *DB) Disputes(ctx context.Context, id int64) ([]civreg.Dispute, error) {
	rows, err := db.pool.Query(ctx, `SELECT kf.key, kf.value, kf.illegible, kf.keystrokes, kf.seconds FROM keyed_fields kf
		JOIN keyings k ON k.id = kf.keying_id WHERE k.record_id = $1 AND kf.outcome = 'disputed' ORDER BY kf.key, k.id`, id)
	keyed, err := collect(rows, err, pgx.RowToStructByPos[civreg.KeyedField], "disputes of record %d", id)
	if err != nil {
		return nil, err
	}
	var out []civreg.Dispute
	for i := 0; i+1 < len(keyed); i += 2 {
		out = append(out, civreg.Dispute{Key: keyed[i].Key, First: keyed[i], Second: keyed[i+1]})
	}
	order := map[string]int{}
	for i, f := range civreg.FieldSpecs {
		order[f.Key] = i
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i].Key] < order[out[j].Key] })
	return out, nil
}

// Arbitrate settles every disputed field of record id with u's picks (key: civreg.PickFirst,
// PickSecond or civreg.PickOCR), made from version, and stores the picked values as u's version.
// Someone who keyed the entry may not arbitrate it (EFORBIDDEN); a pick missing or for a field
// not disputed is EINVALID; a stale version or nothing to arbitrate is ECONFLICT. The same
// picks sent again once done change nothing.
func (db *DB) Arbitrate(ctx context.Context, u *civreg.User, id int64, version int, picks map[string]string) (int, error) {
	newVersion := version
	err := db.inTx(ctx, "arbitrate", func(tx pgx.Tx) error {
		var recordType string
		status, err := lockVersion(ctx, tx, id, version, "arbitrated")
		if civreg.ErrorCode(err) == civreg.ECONFLICT && samePicks(ctx, tx, u, id, picks) {
			return tx.QueryRow(ctx, `SELECT version FROM records WHERE id = $1`, id).Scan(&newVersion)
		} else if err != nil {
			return err
		}
		st, err := claimedKeying(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if st.KeyedBy(u.ID) {
			return civreg.Errorf(civreg.EFORBIDDEN, "you keyed record %d: its disagreements must be settled by someone who did not key it", id)
		}
		if status != string(civreg.StatusNeedsReview) || st.Disputed == 0 {
			return civreg.Errorf(civreg.ECONFLICT, "record %d has nothing to arbitrate", id)
		}
		if err := tx.QueryRow(ctx, `SELECT record_type FROM records WHERE id = $1`, id).Scan(&recordType); err != nil {
			return err
		}
		values, err := pickedValues(ctx, tx, u, id, picks)
		if err != nil {
			return err
		}
		newVersion = version + 1
		if err := writeFields(ctx, tx, u, id, recordType, newVersion, values); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "record.arbitrate", id, 0, map[string]any{"version": newVersion, "picks": picks})
	})
	return newVersion, err
}

// pickedValues checks picks against record id's disputes, records each decision and the
// keyings' outcomes, and returns the legible values picked.
func pickedValues(ctx context.Context, tx pgx.Tx, u *civreg.User, id int64, picks map[string]string) (map[string]string, error) {
	rows, err := tx.Query(ctx, `SELECT kf.key, kf.value, kf.illegible, kf.keying_id FROM keyed_fields kf JOIN keyings k ON k.id = kf.keying_id
		WHERE k.record_id = $1 AND kf.outcome = 'disputed' ORDER BY kf.key, k.id`, id)
	type disputed struct {
		Key, Value string
		Illegible  bool
		KeyingID   int64
	}
	ds, err := collect(rows, err, pgx.RowToStructByPos[disputed], "disputes of record %d", id)
	if err != nil {
		return nil, err
	}
	if len(picks) != len(ds)/2 {
		return nil, civreg.Errorf(civreg.EINVALID, "record %d has %d fields to arbitrate; pick a value for each (%d picked)", id, len(ds)/2, len(picks))
	}
	values := map[string]string{}
	for i := 0; i+1 < len(ds); i += 2 {
		a, b := ds[i], ds[i+1]
		if !u.MaySeeField(a.Key) {
			return nil, civreg.Errorf(civreg.EFORBIDDEN, "your role may not see the %s, so it may not arbitrate it", strings.ReplaceAll(a.Key, "_", " "))
		}
		var chosen disputed
		switch picks[a.Key] {
		case civreg.PickFirst:
			chosen = a
		case civreg.PickSecond:
			chosen = b
		case civreg.PickOCR:
			err := tx.QueryRow(ctx, `SELECT value FROM fields WHERE record_id = $1 AND key = $2 AND set_by IS NULL AND value <> ''`, id, a.Key).Scan(&chosen.Value)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil, civreg.Errorf(civreg.EINVALID, "OCR read nothing in the %s: pick one of the keyings", strings.ReplaceAll(a.Key, "_", " "))
			} else if err != nil {
				return nil, err
			}
		default:
			return nil, civreg.Errorf(civreg.EINVALID, "the pick for %s is %q; it is first, second or ocr", a.Key, picks[a.Key])
		}
		if !chosen.Illegible {
			values[a.Key] = chosen.Value
		}
		if _, err := tx.Exec(ctx, `UPDATE keyed_fields SET outcome = CASE WHEN value = $2 AND illegible = $3 THEN 'picked' ELSE 'overruled' END
			WHERE keying_id IN ($4, $5) AND key = $1`, a.Key, chosen.Value, chosen.Illegible, a.KeyingID, b.KeyingID); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO arbitrations (record_id, key, value, illegible, chosen, arbitrator_id) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, a.Key, chosen.Value, chosen.Illegible, picks[a.Key], u.ID); err != nil {
			return nil, err
		}
	}
	return values, nil
}

// samePicks reports whether u arbitrated record id already with these picks: a retry.
func samePicks(ctx context.Context, tx pgx.Tx, u *civreg.User, id int64, picks map[string]string) bool {
	rows, err := tx.Query(ctx, `SELECT key, chosen FROM arbitrations WHERE record_id = $1 AND arbitrator_id = $2`, id, u.ID)
	type pick struct{ Key, Chosen string }
	had, err := collect(rows, err, pgx.RowToStructByPos[pick], "arbitration of record %d", id)
	if err != nil || len(had) == 0 || len(had) != len(picks) {
		return false
	}
	for _, h := range had {
		if picks[h.Key] != h.Chosen {
			return false
		}
	}
	return true
}

// needsKeying picks the records waiting for review whose values nobody has set and whose
// reading trusted none of them: written by hand, or read with nothing trusted.
const needsKeying = `r.status = 'needs_review'
	AND NOT EXISTS (SELECT 1 FROM fields f WHERE f.record_id = r.id AND (f.set_by IS NOT NULL OR NOT f.needs_review))`

// KeyingQueue lists, oldest first, the entries u may key now: waiting for a keying and not
// keyed by u. When the entry has a keying already, u must be someone else.
func (db *DB) KeyingQueue(ctx context.Context, u *civreg.User, limit int) ([]civreg.ToKey, error) {
	return db.keyingRows(ctx, `WHERE `+needsKeying+`
		AND (SELECT count(*) FROM keyings k WHERE k.record_id = r.id) < CASE WHEN b.keying = 'double' THEN 2 ELSE 1 END
		AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.record_id = r.id AND k.keyer_id = $1)`, u.ID, limit)
}

// ArbitrationQueue lists, oldest first, the entries with fields to arbitrate that u did not key.
func (db *DB) ArbitrationQueue(ctx context.Context, u *civreg.User, limit int) ([]civreg.ToKey, error) {
	return db.keyingRows(ctx, `WHERE r.status = 'needs_review'
		AND EXISTS (SELECT 1 FROM keyed_fields kf JOIN keyings k ON k.id = kf.keying_id WHERE k.record_id = r.id AND kf.outcome = 'disputed')
		AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.record_id = r.id AND k.keyer_id = $1)`, u.ID, limit)
}

func (db *DB) keyingRows(ctx context.Context, where string, userID int64, limit int) ([]civreg.ToKey, error) {
	rows, err := db.pool.Query(ctx, `SELECT r.id, r.batch_id, b.name, r.entry, r.entry_page, r.record_type, b.keying,
			coalesce((SELECT array_agg(u.name ORDER BY k.id) FROM keyings k JOIN users u ON u.id = k.keyer_id WHERE k.record_id = r.id), '{}'),
			(SELECT count(*)::int / 2 FROM keyed_fields kf JOIN keyings k ON k.id = kf.keying_id WHERE k.record_id = r.id AND kf.outcome = 'disputed')
		FROM records r JOIN batches b ON b.id = r.batch_id `+where+` ORDER BY r.status_at, r.id LIMIT $2`, userID, limit)
	return collect(rows, err, pgx.RowToStructByPos[civreg.ToKey], "keying queue")
}

// KeyerFigures lists every person who keyed, by name.
func (db *DB) KeyerFigures(ctx context.Context) ([]civreg.KeyerFigures, error) {
	rows, err := db.pool.Query(ctx, `SELECT u.name, count(DISTINCT k.id)::int, count(kf.key)::int,
			coalesce(avg(kf.keystrokes), 0)::float8, coalesce(avg(kf.seconds), 0)::float8,
			count(*) FILTER (WHERE kf.outcome IN ('accepted', 'disputed', 'picked', 'overruled') AND b.keying = 'double')::int,
			coalesce((count(*) FILTER (WHERE kf.outcome = 'accepted' AND b.keying = 'double'))::float8
				/ nullif(count(*) FILTER (WHERE kf.outcome IN ('accepted', 'disputed', 'picked', 'overruled') AND b.keying = 'double'), 0), 0),
			count(*) FILTER (WHERE kf.outcome IN ('accepted', 'picked', 'overruled') AND b.keying = 'double')::int,
			coalesce((count(*) FILTER (WHERE kf.outcome IN ('accepted', 'picked') AND b.keying = 'double'))::float8
				/ nullif(count(*) FILTER (WHERE kf.outcome IN ('accepted', 'picked', 'overruled') AND b.keying = 'double'), 0), 0),
			(SELECT count(DISTINCT record_id)::int FROM arbitrations a WHERE a.arbitrator_id = u.id)
		FROM keyings k JOIN users u ON u.id = k.keyer_id JOIN keyed_fields kf ON kf.keying_id = k.id
		JOIN records r ON r.id = k.record_id JOIN batches b ON b.id = r.batch_id
		GROUP BY u.id, u.name ORDER BY u.name`)
	return collect(rows, err, pgx.RowToStructByPos[civreg.KeyerFigures], "keyer figures")
}

// ApprovedNames lists the whole names held in field key of approved records, most used first:
// the suggestions a keyer is offered for a name field.
func (db *DB) ApprovedNames(ctx context.Context, key string, limit int) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT f.value FROM fields f JOIN records r ON r.id = f.record_id
		WHERE f.key = $1 AND r.status = ANY($2) AND f.value <> '' GROUP BY f.value ORDER BY count(*) DESC, f.value LIMIT $3`,
		key, publishedStatuses, limit)
	return collect(rows, err, pgx.RowTo[string], "names in %s", key)
}
