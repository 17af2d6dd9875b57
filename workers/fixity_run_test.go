package workers_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"civreg"
)

// TestFixityRunFindsChangedMissingUnexpectedAndRepairsNothing: one run, recorded as one
// event with a check per object, finds an original changed, one missing and an object the
// registry has no record of; the changed bytes and the stray object stay as found, and the
// recorded SHA-256 is not touched.
func TestFixityRunFindsChangedMissingUnexpectedAndRepairsNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.upload(t, "kept", 1)
	changedID := e.upload(t, "changed", 1)
	lostID := e.upload(t, "lost", 1)
	changed, lost := e.scanOf(t, changedID), e.scanOf(t, lostID)
	if err := e.objects.Put(ctx, changed.Key, strings.NewReader("tampered"), 8, "image/png"); err != nil {
		t.Fatal(err)
	}
	e.objects.Remove(ctx, lost.Key)
	if err := e.objects.Put(ctx, "originals/stray", strings.NewReader("stray"), 5, "image/png"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // the store's times are to the second: the stray is older than the run

	run, err := e.pipeline.AuditFixityRun(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if run.Outcome != "fail" || run.Checked != 3 || run.Changed != 1 || run.Missing != 1 || run.Unexpected != 1 || run.FinishedAt == nil {
		t.Fatalf("run %+v; want 3 checked, 1 changed, 1 missing, 1 unexpected, failed, finished", run)
	}
	if got := e.read(t, changed.Key); got != "tampered" {
		t.Errorf("the changed original now holds %q: the audit must leave it as found", got)
	}
	if got := e.read(t, "originals/stray"); got != "stray" {
		t.Errorf("the unexpected object now holds %q: the audit must leave it", got)
	}
	if again := e.scanOf(t, changedID); again.SHA256 != changed.SHA256 {
		t.Errorf("the recorded SHA-256 changed from %s to %s", changed.SHA256, again.SHA256)
	}
	checks, err := e.db.FixityOf(ctx, []string{changed.Key, lost.Key})
	if err != nil || len(checks) != 2 {
		t.Fatalf("FixityOf = %+v, %v", checks, err)
	}
	for _, c := range checks {
		if c.OK || c.Run == nil || c.Run.ID != run.ID || c.Problem == "" {
			t.Errorf("check %+v: want a failed check of run %d with its problem", c, run.ID)
		}
	}
	// Put right, the next run passes and is a run of its own.
	e.objects.Put(ctx, changed.Key, strings.NewReader("changed"), 7, "image/png")
	e.objects.Put(ctx, lost.Key, strings.NewReader("lost"), 4, "image/png")
	e.objects.Remove(ctx, "originals/stray")
	next, err := e.pipeline.AuditFixityRun(ctx)
	if err != nil || next.Outcome != "pass" || next.ID == run.ID || next.Checked != 3 {
		t.Errorf("second run %+v, %v; want a new run that passes", next, err)
	}
}

// TestFixityRunFigures measures the audit (objects checked per second) on a store of
// FIXITY_FIGURES objects of 256 KB; skipped unless that is set, as it measures, not checks.
func TestFixityRunFigures(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("FIXITY_FIGURES"))
	if n <= 0 {
		t.Skip("set FIXITY_FIGURES=N to measure the audit on N objects")
	}
	e := newEnv(t)
	body := bytes.Repeat([]byte("scan"), 64<<10)
	for i := 0; i < n; i++ {
		b := append([]byte(fmt.Sprintf("%08d", i)), body...)
		e.upload(t, string(b), 1)
	}
	run, err := e.pipeline.AuditFixityRun(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	secs := run.FinishedAt.Sub(run.StartedAt).Seconds()
	t.Logf("%d objects, %.1f MB in %.2f s: %.0f objects/s, %.0f MB/s", run.Checked, float64(run.Bytes)/1e6, secs, float64(run.Checked)/secs, float64(run.Bytes)/1e6/secs)
}

func (e *env) scanOf(t *testing.T, recordID int64) civreg.StoredObject {
	t.Helper()
	r, err := e.db.Record(context.Background(), recordID)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.db.Scan(context.Background(), r.Pages[0].ScanID)
	if err != nil {
		t.Fatal(err)
	}
	return civreg.StoredObject{ID: s.ID, Key: s.ObjectKey, SHA256: s.SHA256}
}

func (e *env) read(t *testing.T, key string) string {
	t.Helper()
	r, err := e.objects.Get(context.Background(), key)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	return string(b)
}
