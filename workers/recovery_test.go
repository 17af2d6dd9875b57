package workers_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"civreg"
	"civreg/workers"

	"github.com/redis/go-redis/v9"
)

// TestReconcileLeavesWaitingTasksAlone: records whose tasks are in the queue, however long
// they have waited, are not counted or enqueued again; once the queue loses them, they are.
func TestReconcileLeavesWaitingTasksAlone(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, c := range []string{"slow a", "slow bb"} {
		e.upload(t, c, 1)
	}
	time.Sleep(10 * time.Millisecond) // past StuckAfter: old enough to be looked at
	if n, err := e.pipeline.Reconcile(ctx); err != nil || n != 0 {
		t.Fatalf("reconcile with every task waiting: %d enqueued (%v), want 0", n, err)
	}
	rc := redis.NewClient(&redis.Options{Addr: e.redis.Addr})
	defer rc.Close()
	rc.FlushAll(ctx)
	if n, err := e.pipeline.Reconcile(ctx); err != nil || n != 2 {
		t.Fatalf("reconcile after the queue lost them: %d enqueued (%v), want 2", n, err)
	}
}

// TestRedisFlushedMidBatchEveryRecordReachesReviewOnce: a worker reads a batch (each page held
// so that the flush lands mid-batch), Redis is flushed, and the worker's own reconcile (every
// 3 s, the shipped CIVREG_STUCK_AFTER) brings every record to review within two minutes, each once: one record per scan, and
// the queue empty at the end.
func TestRedisFlushedMidBatchEveryRecordReachesReviewOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.pipeline.Hold = map[string]time.Duration{workers.TypeOCRPage: 300 * time.Millisecond}
	e.pipeline.StuckAfter = 5 * time.Second // the shipped CIVREG_STUCK_AFTER
	var ids []int64
	for i := 0; i < 8; i++ {
		ids = append(ids, e.upload(t, fmt.Sprintf("register page %d", i), 1+i%2))
	}
	wctx, cancel := context.WithCancel(ctx)
	w := workers.NewWorker(e.redisOpt, e.pipeline, workers.WorkerConfig{Concurrency: 2, ReconcileEvery: 3 * time.Second, FixityEvery: 24 * time.Hour})
	done := make(chan struct{})
	go func() { w.Run(wctx); close(done) }()
	defer func() { cancel(); <-done }()

	waitStatus(t, e.db, ids[0], civreg.StatusNeedsReview, time.Minute)
	rc := redis.NewClient(&redis.Options{Addr: e.redis.Addr})
	defer rc.Close()
	if err := rc.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	flushed := time.Now()
	for _, id := range ids {
		waitStatus(t, e.db, id, civreg.StatusNeedsReview, 2*time.Minute-time.Since(flushed))
	}
	t.Logf("every record in review %s after the flush", time.Since(flushed).Round(time.Second))
	counts, err := e.db.BatchCounts(ctx, e.batch.ID)
	if err != nil || counts.NeedsReview != len(ids) || counts.Failed+counts.Duplicates+counts.Rejected != 0 {
		t.Errorf("batch counts %+v (%v), want %d records in review and nothing else", counts, err, len(ids))
	}
	for deadline := time.Now().Add(30 * time.Second); len(e.pending(t)) > 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) { // indexing of the records in review follows them
			t.Errorf("tasks left waiting: %v", e.pending(t))
			break
		}
	}
	if n, _ := e.pipeline.Reconcile(ctx); n != 0 {
		t.Errorf("a reconcile after recovery enqueued %d records", n)
	}
}
