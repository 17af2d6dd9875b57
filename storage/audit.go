package storage

import (
	"context"
	"encoding/json"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// Audit appends an entry to the audit log. u may be nil for the pipeline itself.
func (db *DB) Audit(ctx context.Context, u *civreg.User, action string, recordID, batchID int64, detail map[string]any) error {
	return db.audit(ctx, db.pool, u, action, recordID, batchID, detail)
}

// auditActor is who an audit row names: the user, or civreg itself for the pipeline's own work.
func auditActor(u *civreg.User) (*int64, string) {
	if u == nil {
		return nil, "civreg"
	}
	return &u.ID, u.Name
}

func (db *DB) audit(ctx context.Context, q querier, u *civreg.User, action string, recordID, batchID int64, detail map[string]any) error {
	uid, name := auditActor(u)
	if detail == nil {
		detail = map[string]any{}
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `INSERT INTO audit_log (user_id, user_name, action, record_id, batch_id, detail)
		VALUES ($1, $2, $3, nullif($4, 0), nullif($5, 0), $6)`, uid, name, action, recordID, batchID, b)
	return wrap(err, "audit %s", action)
}

// AuditLog returns entries newest first, for one record when recordID is not 0.
func (db *DB) AuditLog(ctx context.Context, recordID int64, limit int) ([]civreg.AuditEntry, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, at, coalesce(user_id, 0), user_name, user_role, action, coalesce(record_id, 0), coalesce(batch_id, 0), detail
		FROM audit_log WHERE $1 = 0 OR record_id = $1 ORDER BY id DESC LIMIT $2`, recordID, limit)
	return collect(rows, err, pgx.RowToStructByPos[civreg.AuditEntry], "audit log")
}
