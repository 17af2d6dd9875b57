// Package storage is the registry's system of record: PostgreSQL for records, fields,
// versions, users and the audit log (type DB), and MinIO for original scans and the objects
// derived from them (type Objects). It is the only package of the server that imports pgx or
// minio-go; the benchmark programs in scripts/ use minio-go directly for their baselines.
package storage

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"civreg"
	"civreg/linkage"
	"civreg/stats"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is the PostgreSQL side of storage.
type DB struct {
	pool *pgxpool.Pool
}

// Open connects to PostgreSQL at url. It does not migrate; see Migrate and CheckSchema.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("storage: database URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("storage: connect: %w", err)
	}
	return &DB{pool: pool}, nil
}

// WithStatementTimeout returns url with every statement on its connections limited to d
// (PostgreSQL's statement_timeout), unless url sets a limit of its own: a query the server
// should not be running (a pathological search) is cancelled by PostgreSQL, not left to hold
// a connection.
func WithStatementTimeout(url string, d time.Duration) (string, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "", fmt.Errorf("storage: database URL: %w", err)
	}
	if _, set := cfg.RuntimeParams["statement_timeout"]; set || d <= 0 {
		return url, nil
	}
	sep := "?"
	if !strings.Contains(url, "://") {
		sep = " " // a key=value connection string
	} else if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "statement_timeout=" + strconv.FormatInt(d.Milliseconds(), 10), nil
}

// Close closes every connection.
func (db *DB) Close() { db.pool.Close() }

// Ping checks that PostgreSQL answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("storage: postgres: %w", err)
	}
	return nil
}

// querier is what a pool and a transaction share, so helpers work inside or outside one.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("storage: migration %s has no version number", base)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, base, string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`

// Migrate applies every embedded migration not applied yet, in order, each in its own
// transaction. Concurrent callers are serialised by an advisory lock. It returns the names applied.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("storage: migrate: %w", err)
	}
	defer conn.Release()
	// A session-level lock so two starting processes do not migrate at once.
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(727001)`); err != nil {
		return nil, fmt.Errorf("storage: migrate lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727001)`)
	if _, err := conn.Exec(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("storage: migrate: %w", err)
	}
	var applied []string
	for _, m := range ms {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
				return err
			} else if n > 0 {
				return nil
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
				return err
			}
			applied = append(applied, m.name)
			return nil
		})
		if err != nil {
			return applied, fmt.Errorf("storage: migration %s: %w", m.name, err)
		}
	}
	return applied, nil
}

// CheckSchema returns an error naming what to run when the database lacks migrations this
// build needs, or holds migrations from a newer build.
func (db *DB) CheckSchema(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	want := ms[len(ms)-1].version
	var have int
	err = db.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table
		have = 0
	} else if err != nil {
		return fmt.Errorf("storage: schema check: %w", err)
	}
	switch {
	case have < want:
		return fmt.Errorf("the database schema is at version %d but this civreg needs version %d: run `civreg migrate` first", have, want)
	case have > want:
		return fmt.Errorf("the database schema is at version %d, newer than this civreg knows (%d): upgrade civreg", have, want)
	}
	return nil
}

// isUniqueViolation reports whether err is PostgreSQL's unique_violation on constraint (any when "").
func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && (constraint == "" || pgErr.ConstraintName == constraint)
}

// noRecord is err from looking up record id, with no row meaning that the record does not exist.
func noRecord(err error, id int64) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
	}
	return err
}

// wrap adds the package's voice to err; an error that means PostgreSQL cannot be reached
// becomes EUNAVAILABLE so the user is told to try again rather than "internal error".
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ce *civreg.Error
	if errors.As(err, &ce) {
		return err
	}
	msg := fmt.Sprintf(format, args...)
	if pgconn.SafeToRetry(err) || isConnError(err) {
		return fmt.Errorf("storage: %s: %w", msg, &civreg.Error{Code: civreg.EUNAVAILABLE, Message: "the registry database is not answering; nothing was changed, try again shortly"})
	}
	return fmt.Errorf("storage: %s: %w", msg, err)
}

func isConnError(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08: connection exception; 57P01..03: admin shutdown, crash shutdown, cannot connect now.
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P")
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF)
}

// collect reads every row of a query with row, closing the rows and checking their error;
// errors name what was read. No rows give a nil slice.
func collect[T any](rows pgx.Rows, err error, row pgx.RowToFunc[T], format string, args ...any) ([]T, error) {
	if err != nil {
		return nil, wrap(err, format, args...)
	}
	out, err := pgx.AppendRows([]T(nil), rows, row)
	return out, wrap(err, format, args...)
}

// DB and Objects are the registry's store: every service the adapters are given.
var (
	_ civreg.Records  = (*DB)(nil)
	_ civreg.Review   = (*DB)(nil)
	_ civreg.Batches  = (*DB)(nil)
	_ civreg.Users    = (*DB)(nil)
	_ civreg.Progress = (*DB)(nil)
	_ civreg.Fixity   = (*DB)(nil)
	_ linkage.Links   = (*DB)(nil)
	_ stats.Store     = (*DB)(nil)
	_ civreg.Objects  = (*Objects)(nil)
)

// ConnInfo is what a PostgreSQL connection string names: where, who signs in, and whether
// the connection is encrypted.
type ConnInfo struct {
	Host, User, Password string
	TLS                  bool
}

// ParseURL reads a PostgreSQL connection string (a URL or key=value pairs) without connecting.
func ParseURL(url string) (*ConnInfo, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	// TLS only when nothing falls back to a plain connection (sslmode=prefer, pgx's default,
	// tries TLS and then goes on without it).
	tls := cfg.TLSConfig != nil
	for _, f := range cfg.Fallbacks {
		tls = tls && f.TLSConfig != nil
	}
	return &ConnInfo{Host: cfg.Host, User: cfg.User, Password: cfg.Password, TLS: tls}, nil
}
