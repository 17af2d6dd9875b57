package storage_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/storage"
)

// TestTimelineHasEveryAction: a record uploaded, read, viewed, keyed, edited, arbitrated,
// approved, exported with its batch and linked shows each of those in its timeline, with who
// and their role, in time order; its provenance (History) keeps only what was done to it; a
// limit keeps the latest and says that older ones were left out.
func TestTimelineHasEveryAction(t *testing.T) {
	ctx := context.Background()
	db, url := testsvc.MigratedDB(t)
	id, other := everyAction(t, db, url)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	events, more, err := db.Timeline(ctx, id, 0)
	must(err)
	var names []string
	for i, e := range events {
		names = append(names, e.Event)
		if i > 0 && e.At.Before(events[i-1].At) {
			t.Errorf("timeline out of time order at %d: %v", i, names)
		}
	}
	for _, want := range []string{"digest", "ingest", "ocr", "extract", "view", "view_page", "keying", "review", "arbitration", "approval", "export", "link", "link_decision"} {
		if !slices.Contains(names, want) {
			t.Errorf("timeline lacks %s: %v", want, names)
		}
	}
	if more || count(names, "export") != 1 {
		t.Errorf("more %v; exports %d, want this batch's one: %v", more, count(names, "export"), names)
	}
	who := map[string]string{}
	for _, e := range events {
		who[e.Event] = e.By + "/" + e.Role
	}
	for ev, want := range map[string]string{"ingest": "clerk/clerk", "keying": "rev/reviewer", "arbitration": "rev/reviewer",
		"approval": "rev/reviewer", "export": "arch/archivist", "link_decision": "rev/reviewer", "ocr": "/"} {
		if who[ev] != want {
			t.Errorf("%s by %q, want %q", ev, who[ev], want)
		}
	}

	// The other record of the pair sees the same link and decision.
	if ev, _, _ := db.Timeline(ctx, other, 0); !slices.ContainsFunc(ev, func(e civreg.Event) bool { return e.Event == "link_decision" }) {
		t.Errorf("the pair's other record's timeline lacks the decision: %v", ev)
	}
	// Provenance is what was done to the record: no views, keying passes, exports or links.
	hist, err := db.History(ctx, id)
	must(err)
	for _, e := range hist {
		if slices.Contains([]string{"view", "view_page", "keying", "arbitration", "export", "link", "link_decision"}, e.Event) {
			t.Errorf("provenance holds a %s", e.Event)
		}
	}
	latest, more, err := db.Timeline(ctx, id, 3)
	if err != nil || !more || len(latest) != 3 || !latest[2].At.Equal(events[len(events)-1].At) {
		t.Errorf("Timeline(3) = %d events, more %v, %v", len(latest), more, err)
	}
	if ev, _, err := db.Timeline(ctx, 999999, 0); err != nil || len(ev) != 0 {
		t.Errorf("a missing record's timeline: %v, %v", ev, err)
	}
}

// everyAction makes a record that was uploaded, read, viewed, keyed, edited, arbitrated,
// approved, exported with its batch and linked (with a decision), and the other record of
// its link.
func everyAction(t *testing.T, db *storage.DB, url string) (id, other int64) {
	ctx := context.Background()
	clerk := newUser(t, db, "clerk", civreg.RoleClerk)
	rev := newUser(t, db, "rev", civreg.RoleReviewer)
	arch := newUser(t, db, "arch", civreg.RoleArchivist)
	b, _ := db.CreateBatch(ctx, clerk, "Births 1972", civreg.Birth, false)
	id = addScan(t, db, clerk, b.ID, "birth cert 1972", 1).Records[0].RecordID
	other = addScan(t, db, clerk, b.ID, "birth cert 1972 again", 1).Records[0].RecordID
	readPage(t, db, id)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if ok, _ := db.BeginStage(ctx, id, civreg.StageExtract); !ok {
		t.Fatal("extraction did not begin")
	}
	if _, ok, err := db.FinishExtract(ctx, id, civreg.Extraction{RecordType: civreg.Birth, TypeConfidence: 0.9,
		Fields: []civreg.Field{{Key: "child_name", Value: "Noelle Francis", Confidence: 0.6, NeedsReview: true}}}); !ok || err != nil {
		t.Fatal(ok, err)
	}
	must(db.Audit(ctx, rev, "record.view", id, b.ID, nil))
	must(db.Audit(ctx, rev, "record.view_page", id, 0, map[string]any{"page": 1}))
	must(db.Audit(ctx, rev, "record.key", id, 0, map[string]any{"pass": 1}))
	v, err := db.EditRecord(ctx, rev, id, civreg.Edit{Version: 1, Fields: map[string]string{"child_name": "Noëlle Francis"}})
	must(err)
	must(db.Audit(ctx, rev, "record.arbitrate", id, 0, map[string]any{"fields": []string{"child_name"}}))
	must(db.ApproveRecord(ctx, rev, id, v))
	must(db.Audit(ctx, arch, "export.bag", 0, b.ID, nil))
	must(db.Audit(ctx, arch, "export.bag", 0, b.ID+1000, nil)) // another batch's: not this record's
	must(db.Audit(ctx, rev, "user.role", 0, 0, nil))           // no record: on nobody's timeline
	testsvc.Exec(t, url, `INSERT INTO record_links (a, b, role, kind, state, score) VALUES ($1, $2, 'child', 'duplicate', 'review', 7.5)`, other, id)
	links, err := db.LinksOf(ctx, id, true)
	if err != nil || len(links) != 1 {
		t.Fatalf("links of %d: %v, %v", id, links, err)
	}
	if _, err := db.DecideLink(ctx, rev, links[0].ID, "different"); err != nil {
		t.Fatal(err)
	}

	return id, other
}

func count(s []string, v string) int {
	n := 0
	for _, x := range s {
		if x == v {
			n++
		}
	}
	return n
}

// TestTimelineFigures measures a much-viewed record's timeline: TIMELINE_FIGURES=N audit rows
// of views of it, among as many of other records (go test ./storage -run TestTimelineFigures -v).
func TestTimelineFigures(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("TIMELINE_FIGURES"))
	if n == 0 {
		t.Skip("set TIMELINE_FIGURES to the number of views to measure with")
	}
	ctx := context.Background()
	db, url := testsvc.MigratedDB(t)
	id, _ := everyAction(t, db, url)
	testsvc.Exec(t, url, `INSERT INTO audit_log (user_name, action, record_id, detail)
		SELECT 'rev', 'record.view', CASE WHEN g % 2 = 0 THEN $1 ELSE $1 + 1000000 END, '{}' FROM generate_series(1, $2 * 2) g`, id, n)
	testsvc.Exec(t, url, `ANALYZE audit_log`)
	start := time.Now()
	const rounds = 20
	for range rounds {
		if ev, more, err := db.Timeline(ctx, id, 500); err != nil || len(ev) != 500 || !more {
			t.Fatalf("Timeline = %d events, more %v, %v", len(ev), more, err)
		}
	}
	t.Logf("timeline of a record viewed %d times (latest 500): %.1f ms a call", n, float64(time.Since(start).Microseconds())/1000/rounds)
}
