package storage

import (
	"context"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// lastAdminGuard refuses a change that would leave the registry with no enabled admin: it
// locks the enabled admins' rows (so two admins demoting each other at once cannot both
// pass) and gives ECONFLICT when userID is the only one.
func lastAdminGuard(ctx context.Context, tx pgx.Tx, userID int64) error {
	rows, err := tx.Query(ctx, `SELECT id FROM users WHERE role = 'admin' AND NOT disabled FOR UPDATE`)
	ids, err := collect(rows, err, pgx.RowTo[int64], "admins")
	if err != nil {
		return err
	}
	if len(ids) == 1 && ids[0] == userID {
		return civreg.Errorf(civreg.ECONFLICT, "this is the last admin: make another user admin first")
	}
	return nil
}

// SetRole changes a user's role; sessions and tokens keep working with the new role. Demoting
// the last enabled admin gives ECONFLICT.
func (db *DB) SetRole(ctx context.Context, userID int64, role civreg.Role) error {
	return db.inTx(ctx, "set role", func(tx pgx.Tx) error {
		if role != civreg.RoleAdmin {
			if err := lastAdminGuard(ctx, tx, userID); err != nil {
				return err
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE users SET role = $2 WHERE id = $1`, userID, string(role))
		if err == nil && tag.RowsAffected() == 0 {
			return civreg.Errorf(civreg.ENOTFOUND, "no user %d", userID)
		}
		return err
	})
}

// SetDisabled disables a user (no sign-in, no token, sessions ended) or enables them again.
// Disabling the last enabled admin gives ECONFLICT.
func (db *DB) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	return db.inTx(ctx, "disable user", func(tx pgx.Tx) error {
		if disabled {
			if err := lastAdminGuard(ctx, tx, userID); err != nil {
				return err
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE users SET disabled = $2 WHERE id = $1`, userID, disabled)
		if err == nil && tag.RowsAffected() == 0 {
			return civreg.Errorf(civreg.ENOTFOUND, "no user %d", userID)
		} else if err != nil || !disabled {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		return err
	})
}

// SetSeesSensitive grants or withdraws a Ministry of Health user the sensitive fields (and
// the uncovered scans). Other roles see them by their role: EINVALID.
func (db *DB) SetSeesSensitive(ctx context.Context, userID int64, sees bool) error {
	tag, err := db.pool.Exec(ctx, `UPDATE users SET sees_sensitive = $2 WHERE id = $1 AND role = 'health'`, userID, sees)
	if err == nil && tag.RowsAffected() == 0 {
		return civreg.Errorf(civreg.EINVALID, "user %d is not Ministry of Health staff: other roles see sensitive fields by their role or not at all", userID)
	}
	return wrap(err, "set sensitive fields of user %d", userID)
}
