package storage

import (
	"context"
	"time"

	"civreg"
)

// BeginFixityRun records that an audit starts.
func (db *DB) BeginFixityRun(ctx context.Context) (*civreg.FixityRun, error) {
	r := &civreg.FixityRun{Agent: "civreg " + civreg.Software(), Outcome: "running"}
	err := db.pool.QueryRow(ctx, `INSERT INTO fixity_runs (agent) VALUES ($1) RETURNING id, started_at`, r.Agent).Scan(&r.ID, &r.StartedAt)
	return r, wrap(err, "begin fixity run")
}

// RecordRunFixity stores one check made by a run.
func (db *DB) RecordRunFixity(ctx context.Context, runID int64, c civreg.FixityCheck) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO fixity_checks (object_key, expected, actual, ok, problem, run_id) VALUES ($1, $2, $3, $4, $5, $6)`,
		c.Key, c.Expected, c.Actual, c.OK, c.Problem, runID)
	return wrap(err, "fixity check of %s", c.Key)
}

// RecordUnexpected stores an object the store holds and the registry has no record of.
func (db *DB) RecordUnexpected(ctx context.Context, runID int64, key string, size int64, modified time.Time) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO fixity_unexpected (run_id, object_key, size, modified) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
		runID, key, size, modified)
	return wrap(err, "unexpected object %s", key)
}

// FinishFixityRun records the run's figures and outcome.
func (db *DB) FinishFixityRun(ctx context.Context, r *civreg.FixityRun) error {
	err := db.pool.QueryRow(ctx, `UPDATE fixity_runs SET finished_at = now(), checked = $2, bytes = $3, changed = $4, missing = $5,
		unexpected = $6, outcome = $7, note = $8 WHERE id = $1 RETURNING finished_at`,
		r.ID, r.Checked, r.Bytes, r.Changed, r.Missing, r.Unexpected, r.Outcome, r.Note).Scan(&r.FinishedAt)
	return wrap(err, "finish fixity run %d", r.ID)
}

// FixityOf lists every check of the given objects, oldest first, with the runs that made them.
func (db *DB) FixityOf(ctx context.Context, keys []string) ([]civreg.ObjectFixity, error) {
	rows, err := db.pool.Query(ctx, `SELECT c.checked_at, c.object_key, c.expected, c.actual, c.ok, c.problem,
			r.id, r.started_at, r.finished_at, r.agent, r.checked, r.changed, r.missing, r.unexpected, r.outcome
		FROM fixity_checks c LEFT JOIN fixity_runs r ON r.id = c.run_id WHERE c.object_key = ANY($1) ORDER BY c.id`, keys)
	if err != nil {
		return nil, wrap(err, "fixity of %d objects", len(keys))
	}
	defer rows.Close()
	var out []civreg.ObjectFixity
	for rows.Next() {
		var f civreg.ObjectFixity
		var id *int64
		var started *time.Time
		var agent, outcome *string
		var checked, changed, missing, unexpected *int
		var finished *time.Time
		if err := rows.Scan(&f.At, &f.Key, &f.Expected, &f.Actual, &f.OK, &f.Problem,
			&id, &started, &finished, &agent, &checked, &changed, &missing, &unexpected, &outcome); err != nil {
			return nil, wrap(err, "fixity of %d objects", len(keys))
		}
		if id != nil {
			f.Run = &civreg.FixityRun{ID: *id, StartedAt: *started, FinishedAt: finished, Agent: *agent, Checked: *checked,
				Changed: *changed, Missing: *missing, Unexpected: *unexpected, Outcome: *outcome}
		}
		out = append(out, f)
	}
	return out, wrap(rows.Err(), "fixity of %d objects", len(keys))
}
