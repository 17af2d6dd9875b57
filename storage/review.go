package storage

import (
	"context"
	"errors"
	"sort"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// EditRecord applies a reviewer's edit as a new version, recording every changed field's old and
// new value, who and when. A stale Version gives ECONFLICT (the caller shows the current record);
// a record not ready for review, or claimed by another reviewer, gives ECONFLICT too. Changing an
// approved or archived record sends it back to review; approving it again archives a new version.
//
// A box given for a field becomes where its value is written (the covers of sensitive fields
// on the scans other roles see are drawn from it). A sensitive field whose value a person changes without
// saying where it is loses the box OCR gave it: the old box may mark another value, and a
// sensitive field of unknown place withholds the scan from roles not allowed it (fail closed).
func (db *DB) EditRecord(ctx context.Context, u *civreg.User, id int64, e civreg.Edit) (int, error) {
	var newVersion int
	err := db.inTx(ctx, "edit record", func(tx pgx.Tx) error {
		var status, recordType string
		var version, pages int
		err := tx.QueryRow(ctx, `SELECT status, record_type, version, (SELECT count(*) FROM pages WHERE record_id = coalesce(r.page_of, r.id))
			FROM records r WHERE id = $1 FOR UPDATE`, id).Scan(&status, &recordType, &version, &pages)
		if err := noRecord(err, id); err != nil {
			return err
		}
		if err := checkClaim(ctx, tx, u, id); err != nil {
			return err
		}
		if version != e.Version {
			return civreg.Errorf(civreg.ECONFLICT, "record %d was changed by someone else (you edited version %d, it is now at version %d): review the newer values", id, e.Version, version)
		}
		if !civreg.Status(status).Rule().Editable {
			return civreg.Errorf(civreg.ECONFLICT, "record %d is %s, not ready for review", id, status)
		}
		if e.RecordType != "" {
			recordType = string(e.RecordType)
		}
		if err := validateEdit(e, civreg.RecordType(recordType), pages); err != nil {
			return err
		}
		newVersion = version + 1
		changes := map[string]any{}
		for key, value := range e.Fields {
			change, err := setField(ctx, tx, u, id, newVersion, key, value, e.Boxes)
			if err != nil {
				return err
			}
			if change != nil {
				changes[key] = change
			}
		}
		placed, err := placeFields(ctx, tx, id, newVersion, e)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE records SET version = $2, record_type = $3, status = $4,
			status_at = CASE WHEN status = $4 THEN status_at ELSE now() END, updated_at = now(),
			approved_at = NULL, approved_by = '' WHERE id = $1`,
			id, newVersion, recordType, string(civreg.StatusNeedsReview)); err != nil {
			return err
		}
		if err := renewClaim(ctx, tx, u, id); err != nil {
			return err
		}
		detail := map[string]any{"version": newVersion, "record_type": recordType, "fields": keysOf(changes)}
		if len(placed) > 0 {
			detail["boxes"] = placed
		}
		return db.audit(ctx, tx, u, "record.edit", id, 0, detail)
	})
	return newVersion, err
}

// validate checks every value against the record type and every box against the pages.
func validateEdit(e civreg.Edit, t civreg.RecordType, pages int) error {
	for key, value := range e.Fields {
		if err := civreg.ValidateField(t, key, value); err != nil {
			return err
		}
	}
	for key, b := range e.Boxes {
		if err := civreg.ValidateField(t, key, ""); err != nil {
			return err
		}
		if v, ok := e.Fields[key]; ok && v == "" {
			return civreg.Errorf(civreg.EINVALID, "%s: a box for a value being removed", key)
		}
		if err := b.Valid(pages); err != nil {
			return civreg.Errorf(civreg.EINVALID, "%s: %s", key, civreg.ErrorMessage(err))
		}
	}
	return nil
}

// setField writes one field's new value as a person's (confidence 1, no review needed, printed
// as read) and its history row; it returns the change, or nil when the value is unchanged.
func setField(ctx context.Context, tx pgx.Tx, u *civreg.User, id int64, version int, key, value string, boxes map[string]civreg.FieldBox) (map[string]any, error) {
	var old *string
	err := tx.QueryRow(ctx, `SELECT value FROM fields WHERE record_id = $1 AND key = $2`, id, key).Scan(&old)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if old != nil && *old == value {
		return nil, nil
	}
	if value == "" {
		_, err = tx.Exec(ctx, `DELETE FROM fields WHERE record_id = $1 AND key = $2`, id, key)
	} else {
		b, placed := boxes[key]
		forget := !placed && civreg.IsSensitive(key) // see EditRecord: fail closed
		var page int
		var box []int
		if placed {
			page, box = b.Page, b.Box[:]
		}
		_, err = tx.Exec(ctx, `INSERT INTO fields (record_id, key, value, confidence, needs_review, set_by, version, page, box)
			VALUES ($1, $2, $3, 1, false, $4, $5, $6, $7)
			ON CONFLICT (record_id, key) DO UPDATE SET value = $3, confidence = 1, needs_review = false, set_by = $4, version = $5, suggested = '',
				page = CASE WHEN $8 THEN $6 ELSE fields.page END, box = CASE WHEN $8 THEN $7 ELSE fields.box END`,
			id, key, value, u.ID, version, page, box, placed || forget)
	}
	if err != nil {
		return nil, err
	}
	var newValue *string
	if value != "" {
		newValue = &value
	}
	if _, err := tx.Exec(ctx, `INSERT INTO field_versions (record_id, version, key, old_value, new_value, changed_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		id, version, key, old, newValue, u.ID); err != nil {
		return nil, err
	}
	return map[string]any{"old": old, "new": newValue}, nil
}

// placeFields sets the boxes of fields whose value the edit leaves as it is (a reviewer saying
// where an unchanged value is written); it returns every key given a box.
func placeFields(ctx context.Context, tx pgx.Tx, id int64, version int, e civreg.Edit) ([]string, error) {
	var placed []string
	for key, b := range e.Boxes {
		placed = append(placed, key)
		if _, set := e.Fields[key]; set {
			continue // placed with its value by setField, unless unchanged: then below
		}
		tag, err := tx.Exec(ctx, `UPDATE fields SET page = $3, box = $4, version = $5 WHERE record_id = $1 AND key = $2`,
			id, key, b.Page, b.Box[:], version)
		if err != nil {
			return nil, err
		}
		if tag.RowsAffected() == 0 {
			return nil, civreg.Errorf(civreg.EINVALID, "%s: a box for a field with no value; type or pick its value first", key)
		}
	}
	for key, value := range e.Fields {
		if b, ok := e.Boxes[key]; ok {
			// An unchanged value given a box: setField skipped it.
			if _, err := tx.Exec(ctx, `UPDATE fields SET page = $3, box = $4 WHERE record_id = $1 AND key = $2 AND value = $5`,
				id, key, b.Page, b.Box[:], value); err != nil {
				return nil, err
			}
		}
	}
	sort.Strings(placed)
	return placed, nil
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// ApproveRecord approves the record at version. Approving again the version already approved
// changes nothing (ok, so a double click is harmless); a stale version gives ECONFLICT.
func (db *DB) ApproveRecord(ctx context.Context, u *civreg.User, id int64, version int) error {
	return db.inTx(ctx, "approve record", func(tx pgx.Tx) error {
		status, err := lockVersion(ctx, tx, id, version, "approved")
		if err != nil {
			return err
		}
		if err := checkClaim(ctx, tx, u, id); err != nil {
			return err
		}
		switch rule := civreg.Status(status).Rule(); {
		case rule.Published:
			return nil
		case !rule.Approvable:
			return civreg.Errorf(civreg.ECONFLICT, "record %d is %s, not ready for approval", id, status)
		}
		if st, err := keyingOf(ctx, tx, id); err != nil {
			return err
		} else if st.Disputed > 0 {
			return civreg.Errorf(civreg.ECONFLICT, "the two keyings of record %d disagree on %d fields: they are arbitrated before it is approved", id, st.Disputed)
		}
		if n, err := pendingKeyed(ctx, tx, id); err != nil {
			return err
		} else if n > 0 {
			return civreg.Errorf(civreg.ECONFLICT, "record %d has been keyed once and waits for its second keying: it is approved after that", id)
		}
		if _, err := tx.Exec(ctx, `UPDATE records SET status = $3, status_at = now(), updated_at = now(), error = '',
			approved_at = date_trunc('second', now()), approved_by = $2 WHERE id = $1`, id, u.Name, string(civreg.StatusApproved)); err != nil {
			return err
		}
		if err := releaseClaim(ctx, tx, u, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "record.approve", id, 0, map[string]any{"version": version})
	})
}

// lockVersion locks a record for a change made from version (what the reviewer saw) and
// returns its status; a record changed since gives ECONFLICT, so that nobody overwrites
// values they have not seen.
func lockVersion(ctx context.Context, tx pgx.Tx, id int64, version int, what string) (string, error) {
	var status string
	var current int
	err := tx.QueryRow(ctx, `SELECT status, version FROM records WHERE id = $1 FOR UPDATE`, id).Scan(&status, &current)
	if err := noRecord(err, id); err != nil {
		return "", err
	}
	if current != version {
		return "", civreg.Errorf(civreg.ECONFLICT, "record %d was changed by someone else (you %s version %d, it is now at version %d): review the newer values", id, what, version, current)
	}
	return status, nil
}
