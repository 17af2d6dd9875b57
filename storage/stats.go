package storage

import (
	"context"

	"civreg/stats"
)

// The statistics summary is kept by triggers (migration 0005_statistics.sql) in the same
// transaction as each approval or change, so these methods only read it or recount it.

// StatisticsCounts returns the summary's counts of every source, for stats.Compute (public
// tables are suppressed together, so they need them all).
func (db *DB) StatisticsCounts(ctx context.Context) (stats.Counts, error) {
	rows, err := db.pool.Query(ctx, `SELECT source, a, b, n FROM statistics_counts WHERE n <> 0`)
	if err != nil {
		return nil, wrap(err, "statistics counts")
	}
	defer rows.Close()
	out := stats.Counts{}
	for rows.Next() {
		var source, a, b string
		var n int64
		if err := rows.Scan(&source, &a, &b, &n); err != nil {
			return nil, wrap(err, "statistics counts")
		}
		if out[source] == nil {
			out[source] = map[[2]string]int64{}
		}
		out[source][[2]string{a, b}] = n
	}
	return out, wrap(rows.Err(), "statistics counts")
}

// RebuildStatistics recounts the summary from the approved records and returns how many it
// counted. The triggers keep it current; this is for a summary suspected wrong.
func (db *DB) RebuildStatistics(ctx context.Context) (int64, error) {
	var n int64
	err := db.pool.QueryRow(ctx, `SELECT statistics_rebuild()`).Scan(&n)
	return n, wrap(err, "rebuild statistics")
}
