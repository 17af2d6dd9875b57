package storage

import (
	"context"

	"civreg"

	"github.com/jackc/pgx/v5"
)

const archiveColumns = `record_id, version, object_key, sha256, size, conformance, pages_detail, created_at`

// Archives lists a record's PDF/A copies, oldest version first.
func (db *DB) Archives(ctx context.Context, recordID int64) ([]civreg.Archive, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+archiveColumns+` FROM archives WHERE record_id = $1 ORDER BY version`, recordID)
	if err != nil {
		return nil, wrap(err, "archives of record %d", recordID)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[civreg.Archive])
	return out, wrap(err, "archives of record %d", recordID)
}

// ArchivesAfter lists up to limit archive copies with object key above after, in key order,
// so a fixity audit can walk them all in pages.
func (db *DB) ArchivesAfter(ctx context.Context, after string, limit int) ([]civreg.Archive, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+archiveColumns+` FROM archives WHERE object_key > $1 ORDER BY object_key LIMIT $2`, after, limit)
	if err != nil {
		return nil, wrap(err, "archives")
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[civreg.Archive])
	return out, wrap(err, "archives")
}
