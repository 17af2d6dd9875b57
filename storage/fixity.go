package storage

import (
	"context"
	"time"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// OriginalsAfter lists up to limit original scans with ID above after, in ID order, so a
// fixity audit can walk every original in pages.
func (db *DB) OriginalsAfter(ctx context.Context, after int64, limit int) ([]civreg.StoredObject, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, object_key, sha256 FROM scans WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	return collect(rows, err, pgx.RowToStructByPos[civreg.StoredObject], "originals")
}

// RecordFixity stores the result of one check.
func (db *DB) RecordFixity(ctx context.Context, c civreg.FixityCheck) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO fixity_checks (object_key, expected, actual, ok, problem) VALUES ($1, $2, $3, $4, $5)`,
		c.Key, c.Expected, c.Actual, c.OK, c.Problem)
	return wrap(err, "fixity check of %s", c.Key)
}

// FixityAlerts lists failed checks newest first: the alerts admins and archivists see.
func (db *DB) FixityAlerts(ctx context.Context, limit int) ([]civreg.FixityCheck, error) {
	rows, err := db.pool.Query(ctx, `SELECT checked_at, object_key, expected, actual, ok, problem FROM fixity_checks WHERE NOT ok ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, wrap(err, "fixity alerts")
	}
	defer rows.Close()
	var out []civreg.FixityCheck
	for rows.Next() {
		var c civreg.FixityCheck
		if err := rows.Scan(&c.At, &c.Key, &c.Expected, &c.Actual, &c.OK, &c.Problem); err != nil {
			return nil, wrap(err, "fixity alerts")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "fixity alerts")
}

// LastFixityCheck returns when the fixity audit last checked an object, or nil if never.
func (db *DB) LastFixityCheck(ctx context.Context) (*time.Time, error) {
	var at *time.Time
	err := db.pool.QueryRow(ctx, `SELECT max(checked_at) FROM fixity_checks`).Scan(&at)
	return at, wrap(err, "last fixity check")
}
