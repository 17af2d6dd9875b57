package main

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"time"

	"civreg"
	"civreg/stats"
	"civreg/storage"

	"github.com/jackc/pgx/v5"
)

// timeApprovals approves records one at a time through storage, with the summary's triggers
// and without them, then recounts the summary (it missed the second lot).
func timeApprovals(ctx context.Context, db *storage.DB, conn *pgx.Conn, n int) error {
	u, err := db.CreateUser(ctx, "bench-reviewer", civreg.RoleReviewer, "correct horse battery")
	if err != nil {
		return err
	}
	approve := func(from int) ([]time.Duration, error) {
		if _, err := conn.Exec(ctx, `UPDATE records SET status = 'needs_review' WHERE id BETWEEN $1 AND $2`, from, from+n-1); err != nil {
			return nil, err
		}
		var took []time.Duration
		for id := from; id < from+n; id++ {
			t := time.Now()
			if err := db.ApproveRecord(ctx, u, int64(id), 1); err != nil {
				return nil, err
			}
			took = append(took, time.Since(t))
		}
		sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
		return took, nil
	}
	with, err := approve(1000)
	if err != nil {
		return err
	}
	conn.Exec(ctx, `ALTER TABLE records DISABLE TRIGGER statistics_records_update`)
	without, err := approve(5000)
	conn.Exec(ctx, `ALTER TABLE records ENABLE TRIGGER statistics_records_update`)
	if err != nil {
		return err
	}
	fmt.Printf("one approval through storage: p50 %s, p95 %s with the summary kept; p50 %s, p95 %s without\n",
		with[n/2].Round(10*time.Microsecond), with[n*95/100].Round(10*time.Microsecond),
		without[n/2].Round(10*time.Microsecond), without[n*95/100].Round(10*time.Microsecond))
	start := time.Now()
	counted, err := db.RebuildStatistics(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("civreg stats --rebuild: recounted %d records in %s\n", counted, since(start))
	return nil
}

// groupBy is, per source, the plain query a page would run without the summary: pivot the
// fields of the approved records and group them.
var groupBy = map[string][3]string{
	stats.BirthYearDistrict:    {year, "coalesce(district, '')", "birth"},
	stats.BirthMonthSex:        {month, "coalesce(sex, '')", "birth"},
	stats.DeathYearDistrict:    {year, "coalesce(district, '')", "death"},
	stats.DeathSexAge:          {"coalesce(sex, '')", "coalesce(age, '')", "death"},
	stats.DeathYearCause:       {year, "coalesce(cause, '')", "death"},
	stats.MarriageYearDistrict: {year, "coalesce(district, '')", "marriage"},
	stats.MarriageAges:         {"coalesce(groom_age, '')", "coalesce(bride_age, '')", "marriage"},
	stats.TypeDelay:            {"r.record_type", "coalesce(CASE WHEN " + days + " > 1826 THEN 1826 WHEN " + days + " < 0 THEN -1 ELSE " + days + " END::text, '')", ""},
}

const (
	event = "CASE r.record_type WHEN 'birth' THEN dob WHEN 'death' THEN dod WHEN 'marriage' THEN dom END"
	year  = "coalesce(to_char(statistics_date(" + event + "), 'YYYY'), '')"
	month = "coalesce(to_char(statistics_date(" + event + "), 'MM'), '')"
	days  = "(statistics_date(registered) - statistics_date(" + event + "))"
)

const pivot = `WITH f AS (SELECT record_id,
	max(value) FILTER (WHERE key = 'date_of_birth') AS dob, max(value) FILTER (WHERE key = 'date_of_death') AS dod,
	max(value) FILTER (WHERE key = 'date_of_marriage') AS dom, max(value) FILTER (WHERE key = 'registration_date') AS registered,
	max(value) FILTER (WHERE key = 'registration_district') AS district, max(value) FILTER (WHERE key = 'sex') AS sex,
	max(value) FILTER (WHERE key = 'age') AS age, max(value) FILTER (WHERE key = 'cause_of_death') AS cause,
	max(value) FILTER (WHERE key = 'groom_age') AS groom_age, max(value) FILTER (WHERE key = 'bride_age') AS bride_age
	FROM fields GROUP BY record_id)
SELECT %s, %s, count(*) FROM records r LEFT JOIN f ON f.record_id = r.id
 WHERE r.status IN ('approved', 'archived') AND r.duplicate_of IS NULL AND ($1 = '' OR r.record_type = $1) GROUP BY 1, 2`

func plainCounts(ctx context.Context, conn *pgx.Conn, sources ...string) (stats.Counts, error) {
	out := stats.Counts{}
	for _, src := range sources {
		q := groupBy[src]
		rows, err := conn.Query(ctx, fmt.Sprintf(pivot, q[0], q[1]), q[2])
		if err != nil {
			return nil, err
		}
		out[src] = map[[2]string]int64{}
		for rows.Next() {
			var a, b string
			var n int64
			if err := rows.Scan(&a, &b, &n); err != nil {
				return nil, err
			}
			out[src][[2]string{a, b}] = n
		}
		rows.Close()
		if rows.Err() != nil {
			return nil, rows.Err()
		}
	}
	return out, nil
}

// compare prints, per table, the time from the summary (exact, and public with its
// suppression) beside the plain GROUP BY, and whether the two agree.
func compare(ctx context.Context, db *storage.DB, conn *pgx.Conn) error {
	rules := stats.StarterRules()
	fmt.Printf("%-30s %12s %12s %14s %s\n", "table", "summary", "public", "GROUP BY", "same counts")
	for _, name := range stats.TableNames() {
		var exact *stats.Table
		fromSummary, public := time.Duration(1<<62), time.Duration(1<<62)
		for range 5 { // the best of five: the machine is shared
			t := time.Now()
			counts, err := db.StatisticsCounts(ctx)
			if err != nil {
				return err
			}
			if exact, err = stats.Compute(name, counts, rules, false, 5); err != nil {
				return err
			}
			fromSummary = min(fromSummary, time.Since(t))
			t = time.Now()
			counts, _ = db.StatisticsCounts(ctx)
			if _, err := stats.Compute(name, counts, rules, true, 5); err != nil {
				return err
			}
			public = min(public, time.Since(t))
		}
		t := time.Now()
		counts, err := plainCounts(ctx, conn, stats.SourcesOf(name)...)
		if err != nil {
			return err
		}
		plain, err := stats.Compute(name, counts, rules, false, 5)
		if err != nil {
			return err
		}
		took := time.Since(t)
		fmt.Printf("%-30s %12s %12s %14s %v\n", name, fromSummary.Round(10*time.Microsecond), public.Round(10*time.Microsecond),
			took.Round(time.Millisecond), reflect.DeepEqual(exact.Rows, plain.Rows))
	}
	return nil
}
