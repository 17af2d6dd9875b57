package storage

import "context"

// QueryForTest scans one text column of every row into out.
func (db *DB) QueryForTest(ctx context.Context, sql string, out *[]string) error {
	rows, err := db.pool.Query(ctx, sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		*out = append(*out, s)
	}
	return rows.Err()
}
