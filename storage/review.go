package storage

import (
	"context"
	"errors"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// EditRecord applies a reviewer's edit as a new version, recording every changed field's old and
// new value, who and when. A stale Version gives ECONFLICT (the caller shows the current record);
// a record not ready for review gives ECONFLICT too. Changing an approved or archived record
// sends it back to review; approving it again archives a new version.
func (db *DB) EditRecord(ctx context.Context, u *civreg.User, id int64, e civreg.Edit) (int, error) {
	var newVersion int
	err := db.inTx(ctx, "edit record", func(tx pgx.Tx) error {
		var status, recordType string
		var version int
		err := tx.QueryRow(ctx, `SELECT status, record_type, version FROM records WHERE id = $1 FOR UPDATE`, id).Scan(&status, &recordType, &version)
		if errors.Is(err, pgx.ErrNoRows) {
			return civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
		} else if err != nil {
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
		for key, value := range e.Fields {
			if err := civreg.ValidateField(civreg.RecordType(recordType), key, value); err != nil {
				return err
			}
		}
		newVersion = version + 1
		changes := map[string]any{}
		for key, value := range e.Fields {
			var old *string
			err := tx.QueryRow(ctx, `SELECT value FROM fields WHERE record_id = $1 AND key = $2`, id, key).Scan(&old)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			if old != nil && *old == value {
				continue
			}
			if value == "" {
				_, err = tx.Exec(ctx, `DELETE FROM fields WHERE record_id = $1 AND key = $2`, id, key)
			} else {
				// A person's value is trusted: confidence 1, no review needed; printed stays as read.
				_, err = tx.Exec(ctx, `INSERT INTO fields (record_id, key, value, confidence, needs_review, set_by, version)
					VALUES ($1, $2, $3, 1, false, $4, $5)
					ON CONFLICT (record_id, key) DO UPDATE SET value = $3, confidence = 1, needs_review = false, set_by = $4, version = $5`,
					id, key, value, u.ID, newVersion)
			}
			if err != nil {
				return err
			}
			var newValue *string
			if value != "" {
				newValue = &value
			}
			if _, err := tx.Exec(ctx, `INSERT INTO field_versions (record_id, version, key, old_value, new_value, changed_by) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, newVersion, key, old, newValue, u.ID); err != nil {
				return err
			}
			changes[key] = map[string]any{"old": old, "new": newValue}
		}
		if _, err := tx.Exec(ctx, `UPDATE records SET version = $2, record_type = $3, status = $4,
			status_at = CASE WHEN status = $4 THEN status_at ELSE now() END, updated_at = now(),
			approved_at = NULL, approved_by = '' WHERE id = $1`,
			id, newVersion, recordType, string(civreg.StatusNeedsReview)); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "record.edit", id, 0, map[string]any{"version": newVersion, "record_type": recordType, "fields": keysOf(changes)})
	})
	return newVersion, err
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
		if _, err := tx.Exec(ctx, `UPDATE records SET status = $3, status_at = now(), updated_at = now(), error = '',
			approved_at = date_trunc('second', now()), approved_by = $2 WHERE id = $1`, id, u.Name, string(civreg.StatusApproved)); err != nil {
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
	if errors.Is(err, pgx.ErrNoRows) {
		return "", civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
	} else if err != nil {
		return "", err
	}
	if current != version {
		return "", civreg.Errorf(civreg.ECONFLICT, "record %d was changed by someone else (you %s version %d, it is now at version %d): review the newer values", id, what, version, current)
	}
	return status, nil
}
