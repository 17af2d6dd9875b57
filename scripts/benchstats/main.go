// Command benchstats loads generated records (1,000,000 by default) into a fresh database with
// generate_series, approves them in one statement (the triggers fill the statistics summary),
// and prints for every table the time to build it from the summary, exact and public, beside a
// plain GROUP BY over the records and their fields in the same run, checking both give the
// same counts. It also times single approvals through storage. Target: every table under 1 s.
// Run it with scripts/bench-stats.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"civreg/storage"

	"github.com/jackc/pgx/v5"
)

func main() {
	n := flag.Int("records", 1000000, "records to generate")
	flag.Parse()
	if err := run(context.Background(), os.Getenv("CIVREG_DATABASE_URL"), *n); err != nil {
		fmt.Fprintln(os.Stderr, "benchstats:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dbURL string, n int) error {
	if err := freshDatabase(ctx, dbURL); err != nil {
		return err
	}
	db, err := storage.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	start := time.Now()
	if err := generate(ctx, conn, n); err != nil {
		return err
	}
	fmt.Printf("generated %d records with their fields (waiting for review) in %s\n", n, since(start))
	start = time.Now()
	if _, err := conn.Exec(ctx, `UPDATE records SET status = 'approved', approved_at = now()`); err != nil {
		return err
	}
	fmt.Printf("approved all %d in one statement, the summary kept by the triggers, in %s\n", n, since(start))
	if _, err := conn.Exec(ctx, `ANALYZE records`); err != nil { // as autovacuum would after so many changes
		return err
	}
	if err := timeApprovals(ctx, db, conn, 200); err != nil {
		return err
	}
	var rows int
	conn.QueryRow(ctx, `SELECT count(*) FROM statistics_counts`).Scan(&rows)
	fmt.Printf("the summary holds %d counts\n\n", rows)
	return compare(ctx, db, conn)
}

// freshDatabase drops and creates the database dbURL names.
func freshDatabase(ctx context.Context, dbURL string) error {
	u, err := url.Parse(dbURL)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	if !strings.HasPrefix(name, "civreg_bench") {
		return fmt.Errorf("the benchmark drops its database: name it civreg_bench..., not %q", name)
	}
	u.Path = "/postgres"
	admin, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	for _, sql := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := admin.Exec(ctx, sql); err != nil {
			return err
		}
	}
	return nil
}

func since(t time.Time) string { return time.Since(t).Round(time.Millisecond).String() }
