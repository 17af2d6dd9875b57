package workers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"civreg/internal/testsvc"
	"civreg/linkage"
	"civreg/linkage/population"
	"civreg/storage"
	"civreg/workers"

	"github.com/hibiken/asynq"
	goredis "github.com/redis/go-redis/v9"
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
	right, linked := linksRight(t, db, pop)
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
	_, opt, q := startQueue(t)
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

// TestReconcileRequeuesLinkingLostWithRedis: records are approved and their link:record
// tasks enqueued, a hundred are linked, then Redis is flushed before the rest run. Reconcile
// enqueues the linking of exactly the unlinked ones (again: nothing more while they wait); a
// worker runs them; every record is linked once, the links as good as linking without the
// loss, and reconcile then finds nothing to do.
func TestReconcileRequeuesLinkingLostWithRedis(t *testing.T) {
	ctx := context.Background()
	pop := population.Generate(population.ForRecords(13, 800))
	db, url := testsvc.ApprovedPopulation(t, pop.Records)
	// Archived and indexed: no stage work is pending, so reconcile's count is linking alone.
	testsvc.Exec(t, url, `UPDATE records SET status = 'archived', indexed_version = version`)
	redis, opt, q := startQueue(t)
	p := &workers.Pipeline{DB: db, Queue: q, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, r := range pop.Records {
		if err := q.EnqueueLink(ctx, r.ID, 1); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range pop.Records[:100] {
		if _, err := p.LinkRecord(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	rc := goredis.NewClient(&goredis.Options{Addr: redis.Addr})
	defer rc.Close()
	if err := rc.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	lost := len(pop.Records) - 100
	if n, err := p.Reconcile(ctx); err != nil || n != lost {
		t.Fatalf("reconcile after the flush enqueued %d (%v), want the %d records not linked", n, err, lost)
	}
	if n, err := p.Reconcile(ctx); err != nil || n != 0 {
		t.Fatalf("reconcile with the link tasks waiting enqueued %d (%v), want 0", n, err)
	}
	// The queue's own list: the inspector no longer knows a queue Redis forgot in the flush.
	pending, err := rc.LRange(ctx, "asynq:{"+workers.QueueIndex+"}:pending", 0, -1).Result()
	if err != nil || len(pending) != lost {
		t.Fatalf("%d tasks waiting (%v), want %d", len(pending), err, lost)
	}
	for _, id := range pending {
		if !strings.HasPrefix(id, workers.TypeLinkRecord+":") || id == fmt.Sprintf("link:record:%d:v1", pop.Records[0].ID) {
			t.Fatalf("task %s waiting, want linking of records not linked", id)
		}
	}
	if ran := runLinkWorker(t, opt, p, url, len(pop.Records)); ran != lost {
		t.Errorf("%d link tasks ran after the flush, want %d: each lost record linked once", ran, lost)
	}
	if n, err := p.Reconcile(ctx); err != nil || n != 0 {
		t.Errorf("reconcile once every record was linked enqueued %d (%v), want 0", n, err)
	}
	right, linked := linksRight(t, db, pop)
	truth := pop.Truth()
	t.Logf("%d records: %d links, %d right; %v true pairs", len(pop.Records), linked, right, truth)
	if float64(right) < 0.95*float64(linked) || float64(right) < 0.8*float64(truth[linkage.SamePerson]+truth[linkage.Duplicate]) {
		t.Errorf("%d of %d links right, for %v true pairs", right, linked, truth)
	}
}

// runLinkWorker serves the index queue (where link:record runs) until every one of want
// records is marked linked and the queue is empty, then stops; it returns how many link tasks
// it ran.
// linksRight counts the links made between pop's records and how many of them are true.
func linksRight(t *testing.T, db *storage.DB, pop *population.Population) (right, linked int) {
	t.Helper()
	for _, r := range pop.Records {
		links, err := db.LinksOf(context.Background(), r.ID, false)
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
	return right, linked
}

func runLinkWorker(t *testing.T, opt asynq.RedisConnOpt, p *workers.Pipeline, url string, want int) int {
	t.Helper()
	srv := asynq.NewServer(opt, asynq.Config{Concurrency: 2, Queues: map[string]int{workers.QueueIndex: 1},
		Logger: quietLogger{}, LogLevel: asynq.FatalLevel})
	var ran atomic.Int64
	mux := asynq.NewServeMux()
	mux.HandleFunc(workers.TypeLinkRecord, func(ctx context.Context, task *asynq.Task) error {
		ran.Add(1)
		return p.Mux().ProcessTask(ctx, task)
	})
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		n := testsvc.Count(t, url, `SELECT count(*) FROM link_runs`)
		if n == want {
			time.Sleep(time.Second) // a task run twice would be under way by now
			return int(ran.Load())
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d records linked after two minutes", n, want)
		}
	}
}

type quietLogger struct{}

func (quietLogger) Debug(...any) {}
func (quietLogger) Info(...any)  {}
func (quietLogger) Warn(...any)  {}
func (quietLogger) Error(...any) {}
func (quietLogger) Fatal(...any) {}
