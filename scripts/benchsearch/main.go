// Command benchsearch fills the PostgreSQL search index with generated records (200,000 by
// default) and measures, in the same run: indexing throughput, index size on disk, and the
// p50/p95 latency of a misspelt name query and of a filtered query, beside an exact
// registration-number lookup as the baseline. Target: p95 under 50 ms. Run it with
// scripts/bench-search.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"time"

	"civreg"
	"civreg/internal/samples"
	"civreg/search"
	"civreg/storage"
)

func main() {
	n := flag.Int("records", 200000, "records to index")
	queries := flag.Int("queries", 200, "queries of each kind")
	reuse := flag.Bool("reuse", false, "measure the queries on the index a previous run built")
	flag.Parse()
	if err := run(*n, *queries, *reuse); err != nil {
		fmt.Fprintln(os.Stderr, "benchsearch:", err)
		os.Exit(1)
	}
}

func run(n, queries int, reuse bool) error {
	ctx := context.Background()
	db, err := storage.Open(ctx, os.Getenv("CIVREG_DATABASE_URL"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	idx := db.Search()
	rng := rand.New(rand.NewPCG(2026, 11))
	types := []civreg.RecordType{civreg.Birth, civreg.Death, civreg.Marriage}
	start := time.Now()
	names, regNos, err := fill(ctx, idx, rng, n, reuse)
	if err != nil {
		return err
	}
	took := time.Since(start)
	size, err := idx.Size(ctx)
	if err != nil {
		return err
	}
	all := []civreg.Status{civreg.StatusApproved, civreg.StatusArchived}
	measure := func(mk func(i int) civreg.SearchQuery) ([]time.Duration, int) {
		var ds []time.Duration
		found := 0
		for i := 0; i < queries; i++ {
			q := mk(i)
			q.Statuses, q.Page, q.PerPage = all, 1, 20
			t0 := time.Now()
			res, err := idx.Search(ctx, q)
			ds = append(ds, time.Since(t0))
			if err == nil && res.Total > 0 {
				found++
			}
		}
		sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
		return ds, found
	}
	misspell := func(w string) string {
		r := []rune(w)
		p := 1 + rng.IntN(len(r)-1)
		r[p] = 'x'
		return string(r)
	}
	exact, _ := measure(func(i int) civreg.SearchQuery { return search.ParseQuery(regNos[i%len(regNos)]) })
	typo, tf := measure(func(i int) civreg.SearchQuery { return search.ParseQuery(misspell(names[i%len(names)])) })
	filtered, ff := measure(func(i int) civreg.SearchQuery {
		q := search.ParseQuery(names[i%len(names)])
		q.Type = types[i%3]
		q.District = samples.Districts[i%len(samples.Districts)]
		q.From, q.To = "1950-01-01", "1999-12-31"
		return q
	})
	pct := func(ds []time.Duration, p float64) time.Duration { return ds[int(float64(len(ds)-1)*p)] }
	fmt.Printf("PostgreSQL search, %d records\n", n)
	fmt.Printf("  indexing          %.0f records/s (%s)\n", float64(n)/took.Seconds(), took.Round(time.Millisecond))
	fmt.Printf("  index size        %.1f MB on disk, indexes included\n", float64(size)/(1<<20))
	row := func(name string, ds []time.Duration, found int, target bool) {
		v := ""
		if target {
			v = "  target p95 < 50 ms: met"
			if pct(ds, 0.95) >= 50*time.Millisecond {
				v = "  target p95 < 50 ms: MISSED"
			}
		}
		fmt.Printf("  %-30s p50 %6.1f ms  p95 %6.1f ms  (%d/%d found something)%s\n", name, ms(pct(ds, 0.5)), ms(pct(ds, 0.95)), found, len(ds), v)
	}
	row("registration number (baseline)", exact, len(exact), false)
	row("misspelt name", typo, tf, true)
	row("name + type, district, dates", filtered, ff, true)
	return nil
}

// fill indexes n generated records (or, with reuse, only generates them again: the same seed
// gives the same records), returning some names and registration numbers to search for.
func fill(ctx context.Context, idx *storage.Search, rng *rand.Rand, n int, reuse bool) (names, regNos []string, err error) {
	types := []civreg.RecordType{civreg.Birth, civreg.Death, civreg.Marriage}
	statuses := []civreg.Status{civreg.StatusApproved, civreg.StatusApproved, civreg.StatusArchived, civreg.StatusNeedsReview}
	build := idx.Rebuild
	if reuse {
		build = func(ctx context.Context, fill func(put func(...civreg.SearchDoc) error) error) error {
			return fill(func(...civreg.SearchDoc) error { return nil }) // same seed: the same names, not stored again
		}
	}
	err = build(ctx, func(put func(...civreg.SearchDoc) error) error {
		batch := make([]civreg.SearchDoc, 0, 1000)
		for i := 1; i <= n; i++ {
			t := types[i%3]
			values, _ := samples.Fields(rng, t)
			r := &civreg.Record{ID: int64(i), Version: 1, RecordType: t, Status: statuses[i%len(statuses)], Fields: map[string]civreg.Field{}}
			for k, v := range values {
				r.Fields[k] = civreg.Field{Value: v}
			}
			d := search.FromRecord(r)
			if i%997 == 0 {
				names = append(names, strings.Fields(d.Fields[map[civreg.RecordType]string{civreg.Birth: "child_name", civreg.Death: "deceased_name", civreg.Marriage: "groom_name"}[t]])[0:2]...)
				regNos = append(regNos, d.RegNumber)
			}
			batch = append(batch, d)
			if len(batch) == cap(batch) || i == n {
				if err := put(batch...); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return nil
	})
	return names, regNos, err
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
