package workers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/extract"
	"civreg/internal/samples"
	"civreg/internal/testsvc"
	"civreg/ocr"
	"civreg/pdfa"
	"civreg/search"
	"civreg/storage"
	"civreg/workers"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

type env struct {
	db       *storage.DB
	dbURL    string
	objects  *storage.Objects
	redis    *testsvc.Redis
	redisOpt asynq.RedisConnOpt
	minio    *testsvc.MinIO
	queue    *workers.Queue
	pipeline *workers.Pipeline
	clerk    *civreg.User
	batch    *civreg.Batch
}

// startQueue starts a Redis for a test and the registry's queue on it, closed when the test ends.
func startQueue(t *testing.T) (*testsvc.Redis, asynq.RedisConnOpt, *workers.Queue) {
	t.Helper()
	redis := testsvc.StartRedis(t)
	opt, err := workers.ParseRedisURL(redis.URL())
	if err != nil {
		t.Fatal(err)
	}
	q := workers.NewQueue(opt)
	t.Cleanup(func() { q.Close() })
	return redis, opt, q
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{}
	var err error
	e.db, e.dbURL = testsvc.MigratedDB(t)
	m := testsvc.StartMinIO(t)
	e.minio = m
	e.objects = m.Objects(t)
	e.redis, e.redisOpt, e.queue = startQueue(t)
	reading := &workers.Reading{OCR: ocr.NewReader(2), Extractor: &extract.Extractor{Forms: extract.BuiltinForms()}}
	t.Cleanup(reading.OCR.Close)
	e.pipeline = &workers.Pipeline{DB: e.db, Objects: e.objects, Queue: e.queue, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		StuckAfter: time.Millisecond, Reading: reading, Search: e.db.Search()}
	if e.clerk, err = e.db.CreateUser(ctx, "clerk", civreg.RoleClerk, ""); err != nil {
		t.Fatal(err)
	}
	if e.batch, err = e.db.CreateBatch(ctx, e.clerk, "Births 1987", civreg.Birth, false); err != nil {
		t.Fatal(err)
	}
	return e
}

// upload stores an original and its record the way ingest does, and enqueues its OCR.
func (e *env) upload(t *testing.T, content string, pages int) int64 {
	t.Helper()
	ctx := context.Background()
	sum := sha256.Sum256([]byte(content))
	sha := hex.EncodeToString(sum[:])
	key := civreg.NewOriginalKey()
	mediaType := http.DetectContentType([]byte(content))
	if strings.HasPrefix(content, "II*\x00") || strings.HasPrefix(content, "MM\x00*") {
		mediaType = "image/tiff"
	} else if !strings.HasPrefix(mediaType, "image/") {
		mediaType = "image/png" // test content standing in for a scan
	}
	if err := e.objects.PutNew(ctx, key, strings.NewReader(content), int64(len(content)), mediaType); err != nil {
		t.Fatal(err)
	}
	added, err := e.db.AddScan(ctx, e.clerk, civreg.NewScan{BatchID: e.batch.ID, SHA256: sha, ObjectKey: key, Size: int64(len(content)), MediaType: mediaType, PageCount: pages, FileName: "x.png"})
	if err != nil {
		t.Fatal(err)
	}
	id := added.Records[0].RecordID
	if err := e.queue.RecordIngested(ctx, id, pages); err != nil {
		t.Fatal(err)
	}
	return id
}

// pending counts the tasks waiting in each stage's queue, read from Redis itself: after a
// FLUSHALL asynq's inspector no longer lists a queue that a running client re-filled.
func (e *env) pending(t *testing.T) map[string]int {
	t.Helper()
	rc := redis.NewClient(&redis.Options{Addr: e.redis.Addr})
	defer rc.Close()
	out := map[string]int{}
	for q, typ := range map[string]string{workers.QueueOCR: workers.TypeOCRPage, workers.QueueExtract: workers.TypeExtractRecord,
		workers.QueueIndex: workers.TypeIndexRecord, workers.QueueArchive: workers.TypeArchiveRecord} {
		n, err := rc.LLen(context.Background(), "asynq:{"+q+"}:pending").Result()
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			out[typ] = int(n)
		}
	}
	return out
}

func (e *env) runWorker(t *testing.T) context.CancelFunc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := workers.NewWorker(e.redisOpt, e.pipeline, workers.WorkerConfig{Concurrency: 2, ReconcileEvery: time.Hour, FixityEvery: 24 * time.Hour})
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return cancel
}

func waitStatus(t *testing.T, db *storage.DB, id int64, want civreg.Status, within time.Duration) *civreg.Record {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		r, err := db.Record(context.Background(), id)
		if err == nil && r.Status == want {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("record %d: %+v (err %v); want status %s within %s", id, r, err, want, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestEnqueueSameStageTwiceGivesOneTask(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.upload(t, "one page", 1)
	// The same page again, the same record's extraction twice, and one index version twice.
	if err := e.queue.RecordIngested(ctx, id, 1); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		task, _ := workers.NewExtractRecordTask(id)
		if err := e.queue.Enqueue(ctx, task); err != nil {
			t.Fatal(err)
		}
		if err := e.queue.RecordChanged(ctx, id, 3); err != nil {
			t.Fatal(err)
		}
	}
	// A newer version is a different task: the later change must not be swallowed.
	if err := e.queue.RecordChanged(ctx, id, 4); err != nil {
		t.Fatal(err)
	}
	got := e.pending(t)
	want := map[string]int{workers.TypeOCRPage: 1, workers.TypeExtractRecord: 1, workers.TypeIndexRecord: 2}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("pending %s = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
}

// uploadSample uploads, as upload does, one synthetic certificate made from seed, and
// returns its record and the certificate's truth.
func (e *env) uploadSample(t *testing.T, seed uint64) (int64, samples.Truth) {
	t.Helper()
	dir := t.TempDir()
	truths, err := samples.Generate(dir, 1, seed, extract.BuiltinForms())
	if err != nil {
		t.Fatal(err)
	}
	scan, err := os.ReadFile(filepath.Join(dir, truths[0].File))
	if err != nil {
		t.Fatal(err)
	}
	return e.upload(t, string(scan), 1), truths[0]
}

// checkReading checks a record read from a synthetic certificate: both stages done once, its
// type and most fields right, and its upright page and words stored where the review screen
// finds them, every field's box on that image.
func (e *env) checkReading(t *testing.T, r *civreg.Record, truth samples.Truth) {
	t.Helper()
	ctx := context.Background()
	stages := map[civreg.Stage]civreg.StageRun{}
	for _, s := range r.Stages {
		stages[s.Stage] = s
	}
	if s := stages[civreg.StageOCR]; s.State != civreg.StageDone || s.Attempts != 1 {
		t.Errorf("ocr stage = %+v, want done in one attempt", s)
	}
	if s := stages[civreg.StageExtract]; s.State != civreg.StageDone || !strings.Contains(s.Note, truth.Design) {
		t.Errorf("extract stage = %+v, want done reading a %s", s, truth.Design)
	}
	if r.RecordType != truth.RecordType {
		t.Errorf("record type %s, truth %s", r.RecordType, truth.RecordType)
	}
	right := 0
	for key, want := range truth.Fields {
		if f, ok := r.Fields[key]; ok && f.Value == want {
			right++
		}
	}
	if right < len(truth.Fields)*8/10 {
		t.Errorf("%d of %d fields right: %+v", right, len(truth.Fields), r.Fields)
	}
	p := r.Pages[0]
	img, err := e.objects.Get(ctx, p.ImageKey)
	if err != nil {
		t.Fatalf("page image: %v", err)
	}
	cfg, _, err := image.DecodeConfig(img)
	img.Close()
	if err != nil {
		t.Fatal(err)
	}
	for k, f := range r.Fields {
		if len(f.Box) != 4 || f.Box[0] < 0 || f.Box[2] > cfg.Width || f.Box[3] > cfg.Height || f.Box[0] >= f.Box[2] {
			t.Errorf("field %s box %v outside the %d×%d page image", k, f.Box, cfg.Width, cfg.Height)
		}
	}
	if _, err := e.objects.Size(ctx, p.WordsKey); err != nil {
		t.Errorf("page words: %v", err)
	}
}

// checkIndexed waits for the record's index to catch up and finds it by a name on it,
// without its sensitive fields.
func (e *env) checkIndexed(t *testing.T, id int64, truth samples.Truth) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, indexed, _ := e.db.IndexState(ctx, id)
		if indexed == v {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("index version %d, record version %d", indexed, v)
		}
		time.Sleep(100 * time.Millisecond)
	}
	q := search.ParseQuery(strings.Fields(truth.Fields[map[civreg.RecordType]string{civreg.Birth: "child_name", civreg.Death: "deceased_name", civreg.Marriage: "groom_name"}[truth.RecordType]])[0])
	q.Statuses, q.Page, q.PerPage = []civreg.Status{civreg.StatusNeedsReview}, 1, 20
	found, err := e.db.Search().Search(ctx, q)
	if err != nil || found.Total != 1 || found.Hits[0].RecordID != id {
		t.Fatalf("search after indexing: %+v, %v", found, err)
	}
	for k := range found.Hits[0].Fields {
		if civreg.IsSensitive(k) {
			t.Errorf("sensitive %s indexed", k)
		}
	}
}

func TestRecordGoesThroughEveryStageOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id, truth := e.uploadSample(t, 3)
	e.runWorker(t)
	r := waitStatus(t, e.db, id, civreg.StatusNeedsReview, 60*time.Second)
	e.checkReading(t, r, truth)
	e.checkIndexed(t, id, truth)
	reviewer, _ := e.db.CreateUser(ctx, "rev", civreg.RoleReviewer, "")
	if err := e.db.ApproveRecord(ctx, reviewer, id, r.Version); err != nil {
		t.Fatal(err)
	}
	e.queue.RecordApproved(ctx, id, r.Version)
	waitStatus(t, e.db, id, civreg.StatusArchived, 30*time.Second)
	c, _ := e.db.BatchCounts(ctx, e.batch.ID)
	if c.Uploaded != 1 || c.Archived != 1 || c.OCRDone != 1 {
		t.Fatalf("counts %+v", c)
	}
	first := e.checkArchive(t, id, r.Version)
	// The archive's text layer holds what was read: a value the reviewer approved is in it.
	text := pdfText(t, e, first.Key)
	if printed := strings.Fields(r.Fields["registration_number"].Printed); len(printed) == 0 {
		t.Errorf("no registration number read: %+v", r.Fields)
	} else if !strings.Contains(text, printed[0]) {
		t.Errorf("archive text layer lacks the registration number as printed %q: %.300q", printed[0], text)
	}
	if checked, bad, err := e.pipeline.AuditFixity(ctx); err != nil || checked != 2 || bad != 0 {
		t.Errorf("AuditFixity = %d checked, %d bad, %v; want the original and the archive, both good", checked, bad, err)
	}

	// A correction approved later archives a new version and keeps the first.
	v2, err := e.db.EditRecord(ctx, reviewer, id, civreg.Edit{Version: r.Version, Fields: map[string]string{"registration_district": "Saint Paul Charlestown"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.ApproveRecord(ctx, reviewer, id, v2); err != nil {
		t.Fatal(err)
	}
	e.queue.RecordApproved(ctx, id, v2)
	waitStatus(t, e.db, id, civreg.StatusArchived, 30*time.Second)
	second := e.checkArchive(t, id, v2)
	if second.Key == first.Key || second.SHA256 == first.SHA256 {
		t.Errorf("second archive %+v is not a new copy of %+v", second, first)
	}
	if all, _ := e.db.Archives(ctx, id); len(all) != 2 {
		t.Errorf("archives %+v, want both versions", all)
	}
	if _, err := e.objects.Size(ctx, first.Key); err != nil {
		t.Errorf("first archive copy gone after the second: %v", err)
	}

	// A changed archive copy is found by the fixity audit.
	e.objects.Put(ctx, first.Key, strings.NewReader("%PDF-1.7 damaged"), 16, "application/pdf")
	if _, bad, err := e.pipeline.AuditFixity(ctx); err != nil || bad != 1 {
		t.Errorf("AuditFixity after damaging an archive: %d bad, %v", bad, err)
	}
	alerts, _ := e.db.FixityAlerts(ctx, 5)
	if len(alerts) == 0 || alerts[0].Key != first.Key {
		t.Errorf("alerts %+v, want the damaged archive", alerts)
	}
}

// checkArchive finds the stored PDF/A copy of version of record id and checks it: its
// recorded hash, and the verifier's verdict.
func (e *env) checkArchive(t *testing.T, id int64, version int) civreg.Archive {
	t.Helper()
	ctx := context.Background()
	all, err := e.db.Archives(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Version != version {
			continue
		}
		r, err := e.objects.Get(ctx, a.Key)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(r)
		r.Close()
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != a.SHA256 || int64(len(data)) != a.Size {
			t.Fatalf("archive %s does not match its recorded hash and size", a.Key)
		}
		rep, err := pdfa.Verify(bytes.NewReader(data))
		if err != nil || !rep.OK() || rep.Conformance != "U" {
			t.Fatalf("archive %s: %+v, %v", a.Key, rep, err)
		}
		return a
	}
	t.Fatalf("no archive of record %d version %d in %+v", id, version, all)
	return civreg.Archive{}
}

// pdfText extracts a stored PDF's text with poppler's pdftotext.
func pdfText(t *testing.T, e *env, key string) string {
	t.Helper()
	r, err := e.objects.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = r
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestArchiveRefusesChangedOrMissingOriginals: an archive is made only from the bytes that
// were uploaded; a changed or vanished original fails the record with the reason and stores
// nothing.
func TestArchiveRefusesChangedOrMissingOriginals(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	reviewer, _ := e.db.CreateUser(ctx, "rev", civreg.RoleReviewer, "")
	ids := []int64{e.upload(t, "\x89PNG\r\n\x1a\n changed later", 1), e.upload(t, "\x89PNG\r\n\x1a\n lost later", 1)}
	e.runWorker(t)
	for _, id := range ids {
		waitStatus(t, e.db, id, civreg.StatusNeedsReview, 30*time.Second)
	}
	// An unapproved record has no archive copy.
	r0, _ := e.db.Record(ctx, ids[0])
	if _, err := workers.BuildArchive(ctx, e.db, e.objects, r0, io.Discard); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Errorf("BuildArchive of an unapproved record = %v, want a conflict", err)
	}
	for i, id := range ids {
		r, _ := e.db.Record(ctx, id)
		scan, _ := e.db.Scan(ctx, r.Pages[0].ScanID)
		if i == 0 {
			e.objects.Put(ctx, scan.ObjectKey, strings.NewReader("other bytes"), 11, "image/png")
		} else {
			e.objects.Remove(ctx, scan.ObjectKey)
		}
		if err := e.db.ApproveRecord(ctx, reviewer, id, r.Version); err != nil {
			t.Fatal(err)
		}
		task, _ := workers.NewArchiveRecordTask(id, r.Version)
		if err := e.pipeline.Mux().ProcessTask(ctx, task); err == nil {
			t.Fatalf("archiving record %d with a bad original succeeded", id)
		}
		r = waitStatus(t, e.db, id, civreg.StatusFailed, time.Second)
		want := []string{"no longer matches", "missing"}[i]
		if !strings.Contains(r.Error, want) {
			t.Errorf("record %d error %q, want %q", id, r.Error, want)
		}
		if a, _ := e.db.Archives(ctx, id); len(a) != 0 {
			t.Errorf("archives stored from a bad original: %+v", a)
		}
		if _, err := e.objects.Size(ctx, civreg.ArchiveKey(id, r.Version)); civreg.ErrorCode(err) != civreg.ENOTFOUND {
			t.Errorf("archive object stored from a bad original: %v", err)
		}
	}
}

// TestBadPageGoesToReviewWithAReason: a page that cannot be decoded is not retried round and
// round; the record goes to a reviewer with no fields and the reason.
func TestBadPageGoesToReviewWithAReason(t *testing.T) {
	e := newEnv(t)
	id := e.upload(t, "\x89PNG\r\n\x1a\n but not an image", 1)
	e.runWorker(t)
	r := waitStatus(t, e.db, id, civreg.StatusNeedsReview, 30*time.Second)
	if len(r.Fields) != 0 || !strings.Contains(r.Error, "cannot be decoded") {
		t.Fatalf("record %+v: want no fields and the reason", r)
	}
	for _, s := range r.Stages {
		if s.Stage == civreg.StageOCR && s.Attempts != 1 {
			t.Errorf("OCR tried %d times, want once", s.Attempts)
		}
	}
}

func TestReconcileAfterRedisFlushRequeuesEveryUnfinishedRecord(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var ids []int64
	for _, c := range []string{"a", "bb", "ccc"} {
		ids = append(ids, e.upload(t, c, len(c)))
	}
	rc := redis.NewClient(&redis.Options{Addr: e.redis.Addr})
	defer rc.Close()
	if err := rc.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if got := e.pending(t); len(got) != 0 {
		t.Fatalf("after FLUSHALL pending = %v", got)
	}
	time.Sleep(10 * time.Millisecond) // past StuckAfter
	n, err := e.pipeline.Reconcile(ctx)
	if err != nil || n != 3 {
		t.Fatalf("Reconcile = %d, %v; want 3 records", n, err)
	}
	if got := e.pending(t); got[workers.TypeOCRPage] != 1+2+3 {
		t.Fatalf("after reconcile pending = %v, want 6 ocr:page", got)
	}
	// Reconciling again while the tasks wait adds nothing.
	e.pipeline.Reconcile(ctx)
	if got := e.pending(t); got[workers.TypeOCRPage] != 6 {
		t.Fatalf("after second reconcile pending = %v", got)
	}
	e.runWorker(t)
	for _, id := range ids {
		waitStatus(t, e.db, id, civreg.StatusNeedsReview, 30*time.Second)
	}
}

func TestMissingOriginalFailsTheRecordWithAReasonAfterRetries(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.upload(t, "vanishing", 1)
	r, _ := e.db.Record(ctx, id)
	scan, _ := e.db.Scan(ctx, r.Pages[0].ScanID)
	e.objects.Remove(ctx, scan.ObjectKey)
	// Handle the task directly on its last attempt: a worker would get here after its retries.
	task, _ := workers.NewOCRPageTask(id, 1)
	err := e.pipeline.Mux().ProcessTask(lastAttempt(ctx), task)
	if err == nil {
		t.Fatal("OCR of a missing original succeeded")
	}
	r = waitStatus(t, e.db, id, civreg.StatusFailed, time.Second)
	if !strings.Contains(r.Error, "missing") {
		t.Fatalf("record error %q, want the reason", r.Error)
	}
}

func TestFixityAuditFindsChangedAndMissingOriginals(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.upload(t, "kept", 1)
	id := e.upload(t, "lost", 1)
	r, _ := e.db.Record(ctx, id)
	scan, _ := e.db.Scan(ctx, r.Pages[0].ScanID)
	e.objects.Remove(ctx, scan.ObjectKey)
	checked, bad, err := e.pipeline.AuditFixity(ctx)
	if err != nil || checked != 2 || bad != 1 {
		t.Fatalf("AuditFixity = %d, %d, %v", checked, bad, err)
	}
	alerts, _ := e.db.FixityAlerts(ctx, 10)
	if len(alerts) != 1 || alerts[0].Key != scan.ObjectKey || !strings.Contains(alerts[0].Problem, "missing") {
		t.Fatalf("alerts %+v", alerts)
	}
}

// TestArchivedTaskDoesNotBlockTheStageForever: a task that failed for good stays archived in
// Redis under its ID; enqueueing the same stage again (reconcile, an admin's retry) must
// replace it rather than count it as already queued.
func TestArchivedTaskDoesNotBlockTheStageForever(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.upload(t, "archived", 1)
	in := asynq.NewInspector(e.redisOpt)
	defer in.Close()
	taskID := fmt.Sprintf("ocr:page:%d:1", id)
	if err := in.ArchiveTask(workers.QueueOCR, taskID); err != nil {
		t.Fatal(err)
	}
	if got := e.pending(t); got[workers.TypeOCRPage] != 0 {
		t.Fatalf("pending after archiving: %v", got)
	}
	if err := e.queue.RecordIngested(ctx, id, 1); err != nil {
		t.Fatal(err)
	}
	if got := e.pending(t); got[workers.TypeOCRPage] != 1 {
		t.Fatalf("pending after enqueueing again: %v, want the archived task replaced", got)
	}
}

// TestRedisRestartKeepsQueuedWork kills Redis with tasks waiting and starts it again (it keeps
// an append-only file, as the deployment's does): the work is done once, nothing lost.
func TestRedisRestartKeepsQueuedWork(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var ids []int64
	for _, c := range []string{"r1", "r2", "r3"} {
		ids = append(ids, e.upload(t, c, 1))
	}
	time.Sleep(1500 * time.Millisecond) // past the append-only file's one-second fsync
	e.redis.Stop()
	e.redis.Start()
	if got := e.pending(t); got[workers.TypeOCRPage] != 3 {
		t.Fatalf("pending after the restart: %v, want the 3 OCR tasks", got)
	}
	e.runWorker(t)
	for _, id := range ids {
		r := waitStatus(t, e.db, id, civreg.StatusNeedsReview, 30*time.Second)
		for _, s := range r.Stages {
			if s.Stage == civreg.StageOCR && s.Attempts != 1 {
				t.Errorf("record %d: OCR ran %d times", id, s.Attempts)
			}
		}
	}
	c, _ := e.db.BatchCounts(ctx, e.batch.ID)
	if c.Uploaded != 3 || c.NeedsReview != 3 {
		t.Fatalf("counts %+v", c)
	}
}

// TestMinIODownDuringOCR stops MinIO with a page waiting to be read: the OCR task fails,
// is retried rather than failing the record, and once MinIO is back the record reaches review
// once, its original unchanged.
func TestMinIODownDuringOCR(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id, _ := e.uploadSample(t, 77)
	e.minio.Stop()
	e.runWorker(t)
	time.Sleep(4 * time.Second) // the first attempts meet a storage that is down
	r, _ := e.db.Record(ctx, id)
	if r.Status == civreg.StatusFailed || r.Status == civreg.StatusNeedsReview {
		t.Fatalf("with MinIO down the record is %s (%s), want it still waiting", r.Status, r.Error)
	}
	back := time.Now()
	e.minio.Start()
	r = waitStatus(t, e.db, id, civreg.StatusNeedsReview, 90*time.Second)
	// The stage met the outage: an attempt failed and another succeeded, or (minio-go retries
	// a request for some seconds itself) the one attempt began while MinIO was down.
	for _, s := range r.Stages {
		if s.Stage == civreg.StageOCR && (s.State != civreg.StageDone || (s.Attempts < 2 && (s.StartedAt == nil || !s.StartedAt.Before(back)))) {
			t.Errorf("OCR stage %+v: want done, after a failed attempt or an attempt begun while MinIO was down (back at %s)", s, back)
		}
	}
	if len(r.Pages) != 1 || !r.Pages[0].OCRDone || len(r.Fields) == 0 {
		t.Errorf("record after MinIO came back: %d pages, fields %v", len(r.Pages), r.Fields)
	}
	recs, _ := e.db.RecordsOfBatch(ctx, e.batch.ID)
	if len(recs) != 1 {
		t.Errorf("%d records in the batch, want 1", len(recs))
	}
	sc, _ := e.db.Scan(ctx, r.Pages[0].ScanID)
	obj, err := e.objects.Get(ctx, sc.ObjectKey)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(obj)
	obj.Close()
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != sc.SHA256 {
		t.Error("the original changed")
	}
}
