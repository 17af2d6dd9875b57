package ui_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"civreg/internal/testsvc"
	"civreg/workers"
)

// TestRunFixityNow: an archivist's "Run fixity now" enqueues one fixity run; a second click
// while it waits enqueues nothing and says so; a clerk, or a form without its CSRF token, is
// refused. Once the workers have run it, the page shows the run, who asked for it and its
// coverage, and a new click asks again.
func TestRunFixityNow(t *testing.T) {
	e := newEnv(t)
	e.queuedBirth(t, "6") // one original recorded, never stored: the run finds it missing
	c, csrf := e.signIn(t, "archivist1")
	click := func(c *http.Client, token string) (int, string) {
		t.Helper()
		resp, err := c.PostForm(e.srv.URL+"/archive/fixity", url.Values{"csrf_token": {token}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b)
	}
	if code, page := click(c, csrf); code != 200 || !strings.Contains(page, "Fixity run requested") {
		t.Fatalf("first click: %d\n%s", code, page)
	}
	if code, page := click(c, csrf); code != 200 || !strings.Contains(page, "was not asked for again") {
		t.Fatalf("second click: %d\n%s", code, page)
	}
	if code, _ := click(c, "not-the-token"); code != 403 {
		t.Errorf("without the CSRF token: %d, want 403", code)
	}
	clerk, clerkCSRF := e.signIn(t, "clerk1")
	if code, _ := click(clerk, clerkCSRF); code != 403 {
		t.Errorf("a clerk's click: %d, want 403", code)
	}
	if n := testsvc.Count(t, e.dbURL, `SELECT count(*) FROM audit_log WHERE action = 'fixity.request' AND user_name = 'archivist1'`); n != 1 {
		t.Errorf("%d fixity requests audited, want 1", n)
	}

	opt, _ := workers.ParseRedisURL(e.redis.URL())
	p := &workers.Pipeline{DB: e.db, Objects: e.objects, Queue: e.queue, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), StuckAfter: time.Hour}
	ctx, stop := context.WithCancel(context.Background())
	w := workers.NewWorker(opt, p, workers.WorkerConfig{Concurrency: 1, ReconcileEvery: time.Hour, FixityEvery: 24 * time.Hour})
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	deadline := time.Now().Add(30 * time.Second)
	for testsvc.Count(t, e.dbURL, `SELECT count(*) FROM fixity_runs WHERE requested_by = 'archivist1' AND finished_at IS NOT NULL`) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the requested fixity run did not run")
		}
		time.Sleep(200 * time.Millisecond)
	}
	_, page := getPageResponse(t, c, e.srv.URL+"/archive")
	for _, want := range []string{`id="last-run"`, "archivist1", "1 objects checked of 1 stored", "1 missing", "<strong>fail</strong>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the preservation page lacks %q:\n%s", want, page)
		}
	}
	stop() // the workers stop, so that nothing but this test starts or ends a run from here on
	<-done
	if code, page := click(c, csrf); code != 200 || !strings.Contains(page, "Fixity run requested") {
		t.Errorf("a click after the run ended: %d\n%s", code, page)
	}
	// Any run under way (the schedule's too) is not doubled.
	testsvc.Exec(t, e.dbURL, `INSERT INTO fixity_runs (agent, started_at) VALUES ('civreg test', now() + interval '1 minute')`)
	if code, page := click(c, csrf); code != 200 || !strings.Contains(page, "under way already") {
		t.Errorf("a click while a run is under way: %d\n%s", code, page)
	}
}
