package storage

import "context"

// ExecForTest runs raw SQL, for tests that check what the database itself refuses.
func (db *DB) ExecForTest(ctx context.Context, sql string, args ...any) error {
	_, err := db.pool.Exec(ctx, sql, args...)
	return err
}

// CountForTest runs a count query.
func (db *DB) CountForTest(ctx context.Context, sql string, args ...any) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, sql, args...).Scan(&n)
	return n, err
}
