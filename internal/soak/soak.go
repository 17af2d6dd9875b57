// Package soak runs generated pages through the whole pipeline with real processes — one
// `civreg serve` and several `civreg work` — and checks that every count agrees at the end:
// uploaded = read = extracted = indexed, and every approved record archived with a PDF/A copy
// that verifies. scripts/soak.sh runs it on 1,000 pages; the test suite on 100.
package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/pdfa"
	"civreg/storage"
)

// Config says what to run against. Env points civreg at its services (CIVREG_DATABASE_URL,
// CIVREG_REDIS_URL, CIVREG_MINIO_*); Listen is the address serve takes.
type Config struct {
	Bin      string
	Env      []string
	Listen   string
	Pages    int
	Workers  int
	Seed     uint64
	Dir      string
	Log      io.Writer
	Deadline time.Duration
}

// Report is what the soak measured.
type Report struct {
	Pages          int
	ReadMinutes    float64 // from the start of the upload until every page was read and extracted
	PagesPerMinute float64
	TotalMinutes   float64
	PeakRSSMB      map[string]float64 // per process: serve, work-1, work-2...
	Counts         civreg.BatchCounts
	Indexed        int
	ArchivesOK     int
	Problems       []string
}

func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d pages read and extracted in %.1f min: %.1f pages/min; whole run (approval and archiving included) %.1f min\n",
		r.Pages, r.ReadMinutes, r.PagesPerMinute, r.TotalMinutes)
	for name, mb := range r.PeakRSSMB {
		fmt.Fprintf(&b, "peak resident memory of %s: %.0f MB\n", name, mb)
	}
	c := r.Counts
	fmt.Fprintf(&b, "uploaded %d, read %d, extracted %d, indexed %d, approved %d, archived %d with %d PDF/A copies verifying, failed %d\n",
		c.Uploaded, c.OCRDone, c.Extracted, r.Indexed, c.Approved, c.Archived, r.ArchivesOK, c.Failed)
	if len(r.Problems) == 0 {
		b.WriteString("every count agrees\n")
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "PROBLEM: %s\n", p)
	}
	return b.String()
}

type proc struct {
	name string
	cmd  *exec.Cmd
	peak float64
}

// Run runs the soak and returns its report; Problems lists every disagreement.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	if cfg.Deadline == 0 {
		cfg.Deadline = time.Duration(cfg.Pages)*6*time.Second + 5*time.Minute
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, "soak: "+format+"\n", args...)
		}
	}
	run := func(stdin string, args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, cfg.Bin, args...)
		cmd.Env = append(os.Environ(), cfg.Env...)
		cmd.Stdin = strings.NewReader(stdin)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return out.String(), fmt.Errorf("civreg %s: %v: %s", args[0], err, errOut.String())
		}
		return out.String(), nil
	}
	if _, err := run("", "migrate"); err != nil {
		return nil, err
	}
	user := fmt.Sprintf("soak-%d", time.Now().UnixNano())
	if _, err := run("a long soak password\n", "user", "add", user, "--role", "admin", "--password-stdin"); err != nil {
		return nil, err
	}
	tokOut, err := run("", "user", "token", user)
	if err != nil {
		return nil, err
	}
	token := strings.TrimSpace(tokOut)

	scans := filepath.Join(cfg.Dir, "scans")
	logf("rendering %d sample pages", cfg.Pages)
	if _, err := run("", "samples", "-n", fmt.Sprint(cfg.Pages), "-seed", fmt.Sprint(cfg.Seed), "-o", scans); err != nil {
		return nil, err
	}
	// The ground truth files stay out of the upload.
	upload := filepath.Join(cfg.Dir, "upload")
	os.MkdirAll(upload, 0o755)
	entries, _ := os.ReadDir(scans)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			os.Rename(filepath.Join(scans, e.Name()), filepath.Join(upload, e.Name()))
		}
	}

	var procs []*proc
	start := func(name string, extra []string, args ...string) error {
		cmd := exec.Command(cfg.Bin, args...)
		cmd.Env = append(append(os.Environ(), cfg.Env...), extra...)
		f, err := os.Create(filepath.Join(cfg.Dir, name+".log"))
		if err != nil {
			return err
		}
		cmd.Stdout, cmd.Stderr = f, f
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			return err
		}
		procs = append(procs, &proc{name: name, cmd: cmd})
		return nil
	}
	defer func() {
		for _, p := range procs {
			p.cmd.Process.Signal(syscall.SIGTERM)
		}
		for _, p := range procs {
			p.cmd.Wait()
		}
	}()
	if err := start("serve", []string{"CIVREG_LISTEN=" + cfg.Listen}, "serve"); err != nil {
		return nil, err
	}
	for i := 1; i <= cfg.Workers; i++ {
		// One page at a time per process: the machine's cores are shared among the workers.
		if err := start(fmt.Sprintf("work-%d", i), []string{"CIVREG_WORKER_CONCURRENCY=1"}, "work"); err != nil {
			return nil, err
		}
	}
	var mu sync.Mutex
	stopWatch := make(chan struct{})
	watched := make(chan struct{})
	go func() { // peak resident memory of each process, read until the end
		defer close(watched)
		for {
			mu.Lock()
			for _, p := range procs {
				if v := testsvc.PeakRSSMB(p.cmd.Process.Pid); v > p.peak {
					p.peak = v
				}
			}
			mu.Unlock()
			select {
			case <-stopWatch:
				return
			case <-time.After(250 * time.Millisecond):
			}
		}
	}()
	base := "http://" + cfg.Listen
	api := &client{base: base, token: token}
	if err := api.waitHealthy(ctx, time.Minute); err != nil {
		return nil, err
	}

	batchName := "Soak " + time.Now().Format("2006-01-02 15:04:05")
	began := time.Now()
	logf("uploading with civreg ingest")
	if out, err := run("", "ingest", "--server", base, "--token", token, "--batch", batchName, "--type", "unknown", upload); err != nil {
		return nil, fmt.Errorf("%v\n%s", err, out)
	}
	var found struct {
		Batches []struct {
			ID int64 `json:"id"`
		} `json:"batches"`
	}
	if err := api.get(ctx, "/api/v1/batches?name="+url.QueryEscape(batchName), &found); err != nil {
		return nil, err
	}
	if len(found.Batches) != 1 {
		return nil, fmt.Errorf("the batch %q is not found after the upload", batchName)
	}
	batchID := found.Batches[0].ID
	deadline := time.Now().Add(cfg.Deadline)
	batch, err := api.waitBatch(ctx, batchID, deadline, func(b *batchState) bool {
		return b.Counts.Extracted+b.Counts.Failed >= cfg.Pages
	}, logf)
	if err != nil {
		return nil, err
	}
	rep := &Report{Pages: cfg.Pages, ReadMinutes: time.Since(began).Minutes(), PeakRSSMB: map[string]float64{}}
	rep.PagesPerMinute = float64(cfg.Pages) / rep.ReadMinutes
	logf("all %d pages read in %.1f min; approving", cfg.Pages, rep.ReadMinutes)

	approved := 0
	for _, r := range batch.Records {
		if r.Status != civreg.StatusNeedsReview {
			continue
		}
		var rec struct {
			Version int `json:"version"`
		}
		if err := api.get(ctx, fmt.Sprintf("/api/v1/records/%d", r.ID), &rec); err != nil {
			return nil, err
		}
		if err := api.post(ctx, fmt.Sprintf("/api/v1/records/%d/approve", r.ID), map[string]int{"version": rec.Version}); err != nil {
			return nil, err
		}
		approved++
	}
	batch, err = api.waitBatch(ctx, batchID, deadline, func(b *batchState) bool {
		return b.Counts.Archived+b.Counts.Failed >= approved
	}, logf)
	if err != nil {
		return nil, err
	}
	rep.TotalMinutes = time.Since(began).Minutes()
	close(stopWatch)
	<-watched
	for _, p := range procs {
		rep.PeakRSSMB[p.name] = p.peak
	}
	rep.Counts = batch.Counts
	if err := verify(ctx, cfg, batch, approved, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// verify checks the counts from the database and every archive copy from storage.
func verify(ctx context.Context, cfg Config, batch *batchState, approved int, rep *Report) error {
	env := map[string]string{}
	for _, kv := range append(os.Environ(), cfg.Env...) {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	db, err := storage.Open(ctx, env["CIVREG_DATABASE_URL"])
	if err != nil {
		return err
	}
	defer db.Close()
	bucket := env["CIVREG_MINIO_BUCKET"]
	if bucket == "" {
		bucket = "civreg"
	}
	objects, err := storage.OpenObjects(ctx, storage.ObjectsConfig{Endpoint: env["CIVREG_MINIO_ENDPOINT"], AccessKey: env["CIVREG_MINIO_ACCESS_KEY"], SecretKey: env["CIVREG_MINIO_SECRET_KEY"], Bucket: bucket})
	if err != nil {
		return err
	}
	c := rep.Counts
	problem := func(format string, args ...any) { rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...)) }
	if c.Uploaded != cfg.Pages || c.OCRDone != cfg.Pages || c.Extracted != cfg.Pages {
		problem("uploaded %d, read %d, extracted %d: want %d each", c.Uploaded, c.OCRDone, c.Extracted, cfg.Pages)
	}
	if c.Failed != 0 || c.Duplicates != 0 || c.Refused != 0 {
		problem("failed %d, duplicates %d, refused %d: want none", c.Failed, c.Duplicates, c.Refused)
	}
	if len(batch.Records) != cfg.Pages {
		problem("%d records for %d pages", len(batch.Records), cfg.Pages)
	}
	for _, r := range batch.Records {
		if r.Status == civreg.StatusFailed || r.Status == civreg.StatusRejected {
			full, _ := db.Record(ctx, r.ID)
			problem("record %d is %s: %s", r.ID, r.Status, full.Error)
		}
		version, indexed, err := db.IndexState(ctx, r.ID)
		if err != nil {
			return err
		}
		if indexed >= version {
			rep.Indexed++
		} else {
			problem("record %d indexed at version %d of %d", r.ID, indexed, version)
		}
		archives, err := db.Archives(ctx, r.ID)
		if err != nil {
			return err
		}
		if len(archives) != 1 {
			problem("record %d has %d archive copies, want 1", r.ID, len(archives))
			continue
		}
		obj, err := objects.Get(ctx, archives[0].Key)
		if err != nil {
			return err
		}
		vrep, err := pdfa.Verify(obj)
		obj.Close()
		if err != nil || !vrep.OK() {
			problem("archive of record %d fails verification: %+v %v", r.ID, vrep, err)
			continue
		}
		rep.ArchivesOK++
	}
	if c.Archived != approved || rep.ArchivesOK != approved {
		problem("approved %d, archived %d, verifying copies %d", approved, c.Archived, rep.ArchivesOK)
	}
	return nil
}

type batchState struct {
	Counts  civreg.BatchCounts `json:"counts"`
	Records []struct {
		ID     int64         `json:"id"`
		Status civreg.Status `json:"status"`
	} `json:"records"`
}

type client struct{ base, token string }

func (c *client) do(ctx context.Context, method, path string, body any, out any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(ctx, method, c.base+path, r)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return json.NewDecoder(resp.Body).Decode(out)
	}
	return nil
}

func (c *client) get(ctx context.Context, path string, out any) error {
	return c.do(ctx, "GET", path, nil, out)
}

func (c *client) post(ctx context.Context, path string, body any) error {
	return c.do(ctx, "POST", path, body, nil)
}

func (c *client) waitHealthy(ctx context.Context, d time.Duration) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(c.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("civreg serve did not answer /healthz within %s", d)
}

func (c *client) waitBatch(ctx context.Context, id int64, deadline time.Time, done func(*batchState) bool, logf func(string, ...any)) (*batchState, error) {
	last := time.Now()
	for {
		var b batchState
		if err := c.get(ctx, fmt.Sprintf("/api/v1/batches/%d", id), &b); err != nil {
			return nil, err
		}
		if done(&b) {
			return &b, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the pipeline did not finish in time: %+v", b.Counts)
		}
		if time.Since(last) > 30*time.Second {
			logf("%+v", b.Counts)
			last = time.Now()
		}
		time.Sleep(time.Second)
	}
}
