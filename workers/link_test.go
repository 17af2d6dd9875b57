package workers_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"civreg/internal/testsvc"
	"civreg/linkage"
	"civreg/linkage/population"
	"civreg/workers"

	"github.com/hibiken/asynq"
)

// TestLinkRecordAsRecordsAreApproved links a generated population one record at a time, in
// the order the records were approved, as link:record does; the links must be about as good
// as a full run's, and linking a record again straight after must change nothing.
func TestLinkRecordAsRecordsAreApproved(t *testing.T) {
	ctx := context.Background()
	pop := population.Generate(population.ForRecords(11, 1000))
	db, url := testsvc.ApprovedPopulation(t, pop.Records)
	p := &workers.Pipeline{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, r := range pop.Records {
		if _, err := p.LinkRecord(ctx, r.ID); err != nil {
			t.Fatalf("record %d: %v", r.ID, err)
		}
	}
	snapshot := `SELECT count(*) * 1000000 + coalesce(sum(a * 7 + b * 13 + (state = 'linked')::int), 0) FROM record_links`
	right, linked := 0, 0
	for _, r := range pop.Records {
		links, err := db.LinksOf(ctx, r.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			if l.B == r.ID && l.State == "linked" {
				linked++
				if pop.True(linkage.Pair{A: l.A, B: l.B, Role: l.Role, Kind: l.Kind}) {
					right++
				}
			}
		}
	}
	truth := pop.Truth()
	t.Logf("%d records: %d links, %d right; %d true pairs", len(pop.Records), linked, right, truth[linkage.SamePerson]+truth[linkage.Duplicate])
	if float64(right) < 0.95*float64(linked) || float64(right) < 0.8*float64(truth[linkage.SamePerson]+truth[linkage.Duplicate]) {
		t.Errorf("%d of %d links right, for %v true pairs", right, linked, truth)
	}
	for _, r := range pop.Records[:50] {
		if _, err := p.LinkRecord(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		before := testsvc.Count(t, url, snapshot)
		if _, err := p.LinkRecord(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if after := testsvc.Count(t, url, snapshot); after != before {
			t.Fatalf("linking record %d again changed the links (%d, then %d)", r.ID, before, after)
		}
	}
}

func TestApprovalEnqueuesLinking(t *testing.T) {
	ctx := context.Background()
	redis := testsvc.StartRedis(t)
	opt, err := workers.ParseRedisURL(redis.URL())
	if err != nil {
		t.Fatal(err)
	}
	q := workers.NewQueue(opt)
	defer q.Close()
	for range 2 { // approving twice leaves one task
		if err := q.RecordApproved(ctx, 42, 3); err != nil {
			t.Fatal(err)
		}
	}
	insp := asynq.NewInspector(opt)
	defer insp.Close()
	info, err := insp.GetTaskInfo(workers.QueueIndex, "link:record:42:v3")
	if err != nil || info.Type != workers.TypeLinkRecord {
		t.Fatalf("link task: %+v, %v", info, err)
	}
	pending, _ := insp.ListPendingTasks(workers.QueueIndex)
	n := 0
	for _, ti := range pending {
		if ti.Type == workers.TypeLinkRecord {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d link tasks, want 1", n)
	}
}
