package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"civreg"
	"civreg/stats"
	"civreg/storage"
)

func TestStatisticsCountThePublishedStatusesOfTheLifecycle(t *testing.T) {
	db := openDB(t)
	var got []string
	if err := db.QueryForTest(context.Background(), `SELECT unnest(statistics_published())`, &got); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, s := range civreg.StatusesWhere(func(r civreg.StatusRule) bool { return r.Published }) {
		want = append(want, string(s))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the summary counts records %v, the lifecycle publishes %v", got, want)
	}
}

// extracted takes a new record through extraction with fields and returns its id and version.
func extracted(t *testing.T, db *storage.DB, clerk *civreg.User, batch int64, name string, fields map[string]string) (int64, int) {
	t.Helper()
	ctx := context.Background()
	id := addScan(t, db, clerk, batch, name, 1).Records[0].RecordID
	if err := db.ExecForTest(ctx, `UPDATE records SET status = 'extracting' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	var fs []civreg.Field
	for k, v := range fields {
		fs = append(fs, civreg.Field{Key: k, Value: v, Confidence: 0.9})
	}
	v, ok, err := db.FinishExtract(ctx, id, civreg.Extraction{RecordType: civreg.Death, Fields: fs})
	if err != nil || !ok {
		t.Fatalf("extract: %v %v", ok, err)
	}
	return id, v
}

func deathsBySex(t *testing.T, db *storage.DB) map[string]int64 {
	t.Helper()
	c, err := db.StatisticsCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for k, n := range c[stats.DeathSexAge] {
		out[k[0]+"/"+k[1]] += n
	}
	return out
}

func TestStatisticsSummaryFollowsApprovalCorrectionArchiveAndDuplicates(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clerk := newUser(t, db, "clerk", civreg.RoleClerk)
	rev := newUser(t, db, "rev", civreg.RoleReviewer)
	b, _ := db.CreateBatch(ctx, clerk, "Deaths 1990", civreg.Death, false)
	death := map[string]string{"sex": "F", "age": "84", "date_of_death": "1990-06-01", "registration_date": "1990-06-03"}
	first, v1 := extracted(t, db, clerk, b.ID, "death one", death)
	second, v2 := extracted(t, db, clerk, b.ID, "death two", death)
	if got := deathsBySex(t, db); len(got) != 0 {
		t.Fatalf("records waiting for review are counted: %v", got)
	}
	for id, v := range map[int64]int{first: v1, second: v2} {
		if err := db.ApproveRecord(ctx, rev, id, v); err != nil {
			t.Fatal(err)
		}
	}
	if got := deathsBySex(t, db); !reflect.DeepEqual(got, map[string]int64{"F/84": 2}) {
		t.Fatalf("after two approvals: %v", got)
	}
	// A correction sends the record back to review: it leaves the tables until approved again.
	v, err := db.EditRecord(ctx, rev, first, civreg.Edit{Version: v1, Fields: map[string]string{"sex": "M", "age": "85"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := deathsBySex(t, db); !reflect.DeepEqual(got, map[string]int64{"F/84": 1}) {
		t.Fatalf("after a correction: %v", got)
	}
	if err := db.ApproveRecord(ctx, rev, first, v); err != nil {
		t.Fatal(err)
	}
	err = db.FinishArchive(ctx, civreg.Archive{RecordID: first, Version: v, Key: "archives/x.pdf", SHA256: fmt.Sprintf("%064d", 1), Size: 10, Conformance: "2u"})
	if err != nil {
		t.Fatal(err)
	}
	if got := deathsBySex(t, db); !reflect.DeepEqual(got, map[string]int64{"F/84": 1, "M/85": 1}) {
		t.Fatalf("after approving the correction and archiving: %v", got)
	}
	// The same death registered twice is counted once.
	if err := db.ExecForTest(ctx, `UPDATE records SET duplicate_of = $1 WHERE id = $2`, second, first); err != nil {
		t.Fatal(err)
	}
	if got := deathsBySex(t, db); !reflect.DeepEqual(got, map[string]int64{"F/84": 1}) {
		t.Fatalf("after marking a duplicate: %v", got)
	}
	if n, err := db.RebuildStatistics(ctx); err != nil || n != 1 {
		t.Fatalf("rebuild counted %d, %v; want 1", n, err)
	}
	if got := deathsBySex(t, db); !reflect.DeepEqual(got, map[string]int64{"F/84": 1}) {
		t.Fatalf("after a rebuild: %v", got)
	}
}

// generatedRecords are records with every kind of awkward value the tables must count: dates
// that are missing or unreadable, ages at the group boundaries, delays at the band boundaries,
// districts outside the gazetteer; a few are not approved or are duplicates.
func generatedRecords(n int) []stats.Record {
	rnd := rand.New(rand.NewPCG(42, 1))
	types := []civreg.RecordType{civreg.Birth, civreg.Death, civreg.Marriage}
	eventKey := map[civreg.RecordType]string{civreg.Birth: "date_of_birth", civreg.Death: "date_of_death", civreg.Marriage: "date_of_marriage"}
	pick := func(vs ...string) string { return vs[rnd.IntN(len(vs))] }
	statuses := []civreg.Status{civreg.StatusApproved, civreg.StatusApproved, civreg.StatusArchived, civreg.StatusNeedsReview}
	var out []stats.Record
	for i := range n {
		typ := types[i%3]
		r := stats.Record{ID: strconv.Itoa(i + 1), RecordType: typ, Status: statuses[rnd.IntN(len(statuses))], Fields: map[string]string{}}
		event := time.Date(1985+rnd.IntN(6), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), 0, 0, 0, 0, time.UTC)
		delay := []int{0, 30, 31, 365, 366, 1825, 1826, -3}[rnd.IntN(8)]
		r.Fields[eventKey[typ]] = pick(event.Format(time.DateOnly), event.Format(time.DateOnly), "", "14/03/1987", "1987-02-30", "1900-02-29")
		r.Fields["registration_date"] = pick(event.AddDate(0, 0, delay).Format(time.DateOnly), "")
		r.Fields["registration_district"] = pick("Saint Mary Cayon", "Saint Paul Charlestown", "saint mary cayon", "Atlantis", "")
		r.Fields["sex"] = pick("M", "F", "", "X")
		r.Fields["age"] = pick("0", "3 months", "4", "5", "84", "85", "", "old")
		r.Fields["cause_of_death"] = pick("Stroke", "heart failure", "", "Unknown fever")
		r.Fields["groom_age"], r.Fields["bride_age"] = pick("19", "20", "50", ""), pick("18", "24", "")
		for k, v := range r.Fields {
			if v == "" && rnd.IntN(2) == 0 {
				delete(r.Fields, k) // missing altogether, not just empty
			}
		}
		if i%25 == 24 {
			r.DuplicateOf = "1"
		}
		out = append(out, r)
	}
	return out
}

// insertRecords writes records straight into the tables in two statements, as a bulk load would.
func insertRecords(t *testing.T, db *storage.DB, recs []stats.Record) {
	t.Helper()
	ctx := context.Background()
	if err := db.ExecForTest(ctx, `INSERT INTO batches (name, record_type) VALUES ('generated', 'unknown')`); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var types, statuses []string
	var fid []int64
	var keys, values []string
	for _, r := range recs {
		id, _ := strconv.ParseInt(r.ID, 10, 64)
		ids, types, statuses = append(ids, id), append(types, string(r.RecordType)), append(statuses, string(r.Status))
		for k, v := range r.Fields {
			fid, keys, values = append(fid, id), append(keys, k), append(values, v)
		}
	}
	if err := db.ExecForTest(ctx, `INSERT INTO records (id, batch_id, record_type, status)
		SELECT unnest($1::bigint[]), (SELECT max(id) FROM batches), unnest($2::text[]), unnest($3::text[])`, ids, types, statuses); err != nil {
		t.Fatal(err)
	}
	if err := db.ExecForTest(ctx, `INSERT INTO fields (record_id, key, value, version) SELECT unnest($1::bigint[]), unnest($2::text[]), unnest($3::text[]), 1`, fid, keys, values); err != nil {
		t.Fatal(err)
	}
	var dups []int64
	for _, r := range recs {
		if r.DuplicateOf != "" {
			id, _ := strconv.ParseInt(r.ID, 10, 64)
			dups = append(dups, id)
		}
	}
	if err := db.ExecForTest(ctx, `UPDATE records SET duplicate_of = 1 WHERE id = ANY ($1)`, dups); err != nil {
		t.Fatal(err)
	}
}

func TestStatisticsSummaryAgreesWithTheOfflineCount(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	recs := generatedRecords(3000)
	insertRecords(t, db, recs)
	want := stats.Tally(recs)
	check := func(when string) {
		got, err := db.StatisticsCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stats.Sources {
			if !reflect.DeepEqual(got[s.Name], want[s.Name]) {
				for k, n := range want[s.Name] {
					if got[s.Name][k] != n {
						t.Errorf("%s: %s %q: summary %d, offline %d", when, s.Name, k, got[s.Name][k], n)
					}
				}
				t.Fatalf("%s: %s differs: summary has %d cells, offline %d", when, s.Name, len(got[s.Name]), len(want[s.Name]))
			}
		}
	}
	check("kept by the triggers")
	if _, err := db.RebuildStatistics(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a rebuild")
	// Tables from both agree too, public ones included.
	got, _ := db.StatisticsCounts(ctx)
	for _, name := range stats.TableNames() {
		a, _ := stats.Compute(name, got, stats.StarterRules(), true, 5)
		b, _ := stats.Compute(name, want, stats.StarterRules(), true, 5)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the table from the database differs from the offline one", name)
		}
	}
}
