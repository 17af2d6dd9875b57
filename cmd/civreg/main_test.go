package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/storage"
)

// civregBin is the civreg binary built once for the tests that run it as a process.
var civregBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "civreg-bin-")
	if err != nil {
		panic(err)
	}
	civregBin = filepath.Join(dir, "civreg")
	if out, err := exec.Command("go", "build", "-o", civregBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building civreg: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// stack is a database, Redis and MinIO of the test's own, and the environment that points
// civreg at them.
type stack struct {
	dbURL string
	redis *testsvc.Redis
	minio *testsvc.MinIO
	env   []string
	logs  []string // files holding what long-lived commands wrote
}

func newStack(t *testing.T, migrate bool) *stack {
	t.Helper()
	s := &stack{dbURL: testsvc.Postgres(t), redis: testsvc.StartRedis(t), minio: testsvc.StartMinIO(t)}
	s.env = []string{
		"CIVREG_DATABASE_URL=" + s.dbURL,
		"CIVREG_REDIS_URL=" + s.redis.URL(),
		"CIVREG_MINIO_ENDPOINT=" + s.minio.Endpoint,
		"CIVREG_MINIO_ACCESS_KEY=" + s.minio.AccessKey,
		"CIVREG_MINIO_SECRET_KEY=" + s.minio.SecretKey,
		"CIVREG_LISTEN=127.0.0.1:" + fmt.Sprint(testsvc.FreePort(t)),
	}
	if migrate {
		s.civreg(t, "", "migrate")
	}
	return s
}

func (s *stack) url() string {
	for _, e := range s.env {
		if v, ok := strings.CutPrefix(e, "CIVREG_LISTEN="); ok {
			return "http://" + v
		}
	}
	return ""
}

// civreg runs a civreg command to its end and returns its standard output; it fails the test
// when the command fails.
func (s *stack) civreg(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, errOut, err := s.try(stdin, args...)
	if err != nil {
		t.Fatalf("civreg %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

func (s *stack) try(stdin string, args ...string) (string, string, error) {
	cmd := exec.Command(civregBin, args...)
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	return out.String(), errOut.String(), err
}

// start runs a long-lived civreg command (serve, work) until the test ends or kill.
func (s *stack) start(t *testing.T, extraEnv []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(civregBin, args...)
	cmd.Env = append(append(os.Environ(), s.env...), extraEnv...)
	log, _ := os.Create(filepath.Join(t.TempDir(), args[0]+".log"))
	s.logs = append(s.logs, log.Name())
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(log.Name())
			t.Logf("civreg %s log:\n%s", args[0], tail(string(b), 4000))
		}
	})
	return cmd
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func TestHelpListsEveryCommandAndVariable(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, os.Getenv, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if !strings.Contains(out.String(), "  "+c.name+" ") {
			t.Errorf("help lacks command %s", c.name)
		}
	}
	for _, s := range settings {
		if !strings.Contains(out.String(), s.name) {
			t.Errorf("help lacks variable %s", s.name)
		}
	}
}

func TestConfigReadsSecretsFromFilesAndRejectsNonsense(t *testing.T) {
	f := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(f, []byte("from-a-file\n"), 0o600)
	env := map[string]string{"CIVREG_MINIO_SECRET_KEY_FILE": f}
	cfg, err := loadConfig(func(k string) string { return env[k] })
	if err != nil || cfg.MinIOSecretKey != "from-a-file" || cfg.WorkerConcurrency < 1 {
		t.Fatalf("config %+v, %v", cfg, err)
	}
	env = map[string]string{"CIVREG_STUCK_AFTER": "soon", "CIVREG_MINIO_SECURE": "maybe"}
	_, err = loadConfig(func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "CIVREG_STUCK_AFTER") || !strings.Contains(err.Error(), "CIVREG_MINIO_SECURE") {
		t.Fatalf("bad config error: %v", err)
	}
}

func TestServeAndWorkRefuseAnOutOfDateSchema(t *testing.T) {
	s := newStack(t, false)
	for _, c := range []string{"serve", "work"} {
		_, errOut, err := s.try("", c)
		if err == nil || !strings.Contains(errOut, "civreg migrate") {
			t.Errorf("civreg %s on an empty database: %v %q, want a refusal naming civreg migrate", c, err, errOut)
		}
	}
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/healthz never answered 200: %v", base, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestUserAddAndTokenWorkAgainstTheAPI(t *testing.T) {
	s := newStack(t, true)
	s.civreg(t, "correct horse battery\n", "user", "add", "ana", "--role", "reviewer", "--password-stdin")
	if _, errOut, err := s.try("", "user", "add", "ana", "--role", "clerk"); err == nil || !strings.Contains(errOut, "already exists") {
		t.Fatalf("adding ana twice: %v %s", err, errOut)
	}
	if _, errOut, err := s.try("", "user", "add", "bob", "--role", "janitor"); err == nil || !strings.Contains(errOut, "not one of") {
		t.Fatalf("unknown role: %v %s", err, errOut)
	}
	tok := strings.TrimSpace(s.civreg(t, "", "user", "token", "ana"))
	s.start(t, nil, "serve")
	waitHealthy(t, s.url())
	req, _ := http.NewRequest("GET", s.url()+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var me civreg.User
	json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	if resp.StatusCode != 200 || me.Name != "ana" || me.Role != civreg.RoleReviewer {
		t.Fatalf("me = %d %+v", resp.StatusCode, me)
	}
	s.civreg(t, "", "user", "revoke", "ana")
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("revoked token: %d, want 401", resp.StatusCode)
	}
	// Neither the configuration's secrets nor the token reach serve's log.
	for _, f := range s.logs {
		b, _ := os.ReadFile(f)
		for name, secret := range map[string]string{"MinIO secret key": s.minio.SecretKey, "API token": tok, "password": "correct horse battery"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("the %s appears in %s", name, filepath.Base(f))
			}
		}
	}
}

// openDB opens the stack's database for the test, closed when the test ends.
func (s *stack) openDB(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), s.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// putRecord stores an original and its record as ingest does, without enqueueing anything.
func putRecord(t *testing.T, s *stack, content string, pages int) int64 {
	t.Helper()
	ctx := context.Background()
	db := s.openDB(t)
	objects := s.minio.Objects(t)
	sum := sha256.Sum256([]byte(content))
	sha := hex.EncodeToString(sum[:])
	key := civreg.NewOriginalKey()
	if err := objects.PutNew(ctx, key, strings.NewReader(content), int64(len(content)), "image/png"); err != nil {
		t.Fatal(err)
	}
	u, err := db.UserByName(ctx, "clerk")
	if err != nil {
		u, _ = db.CreateUser(ctx, "clerk", civreg.RoleClerk, "")
	}
	b, err := db.CreateBatch(ctx, u, "Deaths 1990", civreg.Death, false)
	if err != nil {
		t.Fatal(err)
	}
	added, err := db.AddScan(ctx, u, civreg.NewScan{BatchID: b.ID, SHA256: sha, ObjectKey: key, Size: int64(len(content)), MediaType: "image/png", PageCount: pages, FileName: "d.png"})
	if err != nil {
		t.Fatal(err)
	}
	return added.Records[0].RecordID
}

func record(t *testing.T, s *stack, id int64) *civreg.Record {
	t.Helper()
	db, err := storage.Open(context.Background(), s.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.Record(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func stageOf(r *civreg.Record, st civreg.Stage) civreg.StageRun {
	for _, s := range r.Stages {
		if s.Stage == st {
			return s
		}
	}
	return civreg.StageRun{}
}

// TestWorkerKilledMidTaskIsRetried kills a worker with SIGKILL while it holds an OCR task: the
// task's lease runs out, asynq hands it to the next worker, and the record ends in the right
// state once, with one record, one scan and the OCR stage attempted twice.
func TestWorkerKilledMidTaskIsRetried(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for asynq's lease to expire (about a minute)")
	}
	t.Parallel()
	s := newStack(t, true)
	id := putRecord(t, s, "a page that is being read when the worker dies", 1)
	// The record's tasks go into the queue the way a lost task would: by reconcile.
	s.env = append(s.env, "CIVREG_STUCK_AFTER=1ms")
	if out := s.civreg(t, "", "reconcile"); !strings.HasPrefix(out, "1 ") {
		t.Fatalf("reconcile: %q", out)
	}
	w := s.start(t, []string{"CIVREG_TEST_HOLD=ocr:page=10m"}, "work")
	deadline := time.Now().Add(30 * time.Second)
	for record(t, s, id).Status != civreg.StatusOCR {
		if time.Now().After(deadline) {
			t.Fatalf("the worker never began OCR: %+v", record(t, s, id))
		}
		time.Sleep(100 * time.Millisecond)
	}
	syscall.Kill(-w.Process.Pid, syscall.SIGKILL)
	w.Wait()
	s.start(t, nil, "work")
	deadline = time.Now().Add(4 * time.Minute)
	for {
		r := record(t, s, id)
		if r.Status == civreg.StatusNeedsReview {
			if ocr := stageOf(r, civreg.StageOCR); ocr.Attempts != 2 {
				t.Errorf("OCR attempts %d, want 2 (killed once, then done)", ocr.Attempts)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("record after the kill: %+v", r)
		}
		time.Sleep(time.Second)
	}
	ctx := context.Background()
	db := s.openDB(t)
	c, _ := db.BatchCounts(ctx, record(t, s, id).BatchID)
	if c.Uploaded != 1 || c.NeedsReview != 1 {
		t.Fatalf("counts %+v: want one record, in review", c)
	}
}

// TestEvalReportsAccuracyAndOrientation: civreg eval on generated samples, some of them turned,
// reports field and record-type accuracy and how many pages OCR turned upright.
func TestEvalReportsAccuracyAndOrientation(t *testing.T) {
	if testing.Short() {
		t.Skip("OCRs generated pages")
	}
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"samples", "-n", "10", "-seed", "616", "-o", dir}, os.Getenv, nil, &out); err != nil {
		t.Fatal(err)
	}
	turned := 0
	truths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range truths {
		b, _ := os.ReadFile(f)
		if !bytes.Contains(b, []byte(`"rotation": 0,`)) {
			turned++
		}
	}
	if turned == 0 {
		t.Fatal("the samples have no turned page: choose another seed")
	}
	out.Reset()
	if err := run(context.Background(), []string{"eval", dir}, os.Getenv, nil, &out); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of 10 pages turned\n%s", turned, out.String())
	for _, want := range []string{"10 scans", "record type accuracy", "pages turned upright     100.0%  (10/10)",
		"reliability, tuned families", "trust threshold, tuned families", "second readings: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("eval output lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "second readings: none") {
		t.Error("eval read no value a second time")
	}
}

// TestEvalKeepsReadings: civreg eval -keep stores each page's OCR reading, and a second run
// reads no page with OCR and reports the same figures and the same wrong fields.
func TestEvalKeepsReadings(t *testing.T) {
	if testing.Short() {
		t.Skip("OCRs generated pages")
	}
	dir, keep := t.TempDir(), t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"samples", "-family", "register-row,gro-register", "-n", "2", "-seed", "7", "-o", dir}, os.Getenv, nil, &out); err != nil {
		t.Fatal(err)
	}
	report := func() (string, string) {
		out.Reset()
		if err := run(context.Background(), []string{"eval", "-v", "-keep", keep, dir}, os.Getenv, nil, &out); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		i := strings.Index(s, "\nsecond readings:")
		if i < 0 {
			t.Fatalf("no second readings line in\n%s", s)
		}
		return s[:i], s[strings.Index(s, "kept readings"):]
	}
	first, firstKept := report()
	if !strings.Contains(firstKept, ": 2 pages read by OCR, 0 taken from there") {
		t.Errorf("first run: %s", firstKept)
	}
	if kept, _ := filepath.Glob(filepath.Join(keep, "*.ocr.json")); len(kept) != 2 {
		t.Errorf("kept readings %v, want 2", kept)
	}
	second, secondKept := report()
	if !strings.Contains(secondKept, ": 0 pages read by OCR, 2 taken from there") {
		t.Errorf("second run: %s", secondKept)
	}
	if first != second {
		t.Errorf("the second run differs:\n%s\n---\n%s", first, second)
	}
}

// TestEvalKeepsEachScansOwnReading: samples of every seed are named alike, so a folder of
// kept readings meets another scan under a kept name; that scan is read again and kept in
// its place (eval scores it as a run with nothing kept does), and a kept file left truncated
// by a killed run is read again, not an error.
func TestEvalKeepsEachScansOwnReading(t *testing.T) {
	if testing.Short() {
		t.Skip("OCRs generated pages")
	}
	keep := t.TempDir()
	var out bytes.Buffer
	eval := func(args ...string) (string, string) {
		t.Helper()
		out.Reset()
		if err := run(context.Background(), append([]string{"eval", "-v"}, args...), os.Getenv, nil, &out); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		i := strings.Index(s, "\nsecond readings:")
		if i < 0 {
			t.Fatalf("no second readings line in\n%s", s)
		}
		kept := ""
		if j := strings.Index(s, "kept readings"); j >= 0 {
			kept = s[j:]
		}
		return s[:i], kept
	}
	var dirs, fresh []string
	for _, seed := range []string{"31", "32"} {
		dir := t.TempDir()
		if err := run(context.Background(), []string{"samples", "-family", "register-row", "-n", "1", "-seed", seed, "-o", dir}, os.Getenv, nil, &out); err != nil {
			t.Fatal(err)
		}
		report, _ := eval(dir)
		dirs, fresh = append(dirs, dir), append(fresh, report)
	}
	names := func(dir string) []string {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for i := range files {
			files[i] = filepath.Base(files[i])
		}
		return files
	}
	if a, b := names(dirs[0]), names(dirs[1]); !slices.Equal(a, b) {
		t.Fatalf("the seeds' samples are not named alike: %v, %v", a, b)
	}
	if fresh[0] == fresh[1] {
		t.Fatal("the two seeds score alike: the test cannot tell their readings apart")
	}
	for i, want := range []string{"1 pages read by OCR, 0 taken from there; 0 second readings taken from there\n",
		"1 pages read by OCR, 0 taken from there", "0 pages read by OCR, 1 taken from there"} {
		seed := min(i, 1) // seed 31, then 32 twice
		report, kept := eval("-keep", keep, dirs[seed])
		if report != fresh[seed] {
			t.Errorf("run %d scores otherwise than with nothing kept:\n%s\n---\n%s", i+1, report, fresh[seed])
		}
		if !strings.Contains(kept, want) {
			t.Errorf("run %d: %q, want %q", i+1, kept, want)
		}
		if i == 1 && !strings.Contains(kept, "1 scans read again and kept anew: the reading kept under their name was of another scan or OCR model") {
			t.Errorf("run 2 does not say the kept reading was replaced: %q", kept)
		}
	}
	// A run killed while writing: the reading is cut short.
	kept, _ := filepath.Glob(filepath.Join(keep, "*.ocr.json"))
	if len(kept) != 1 {
		t.Fatalf("kept readings %v, want 1", kept)
	}
	b, err := os.ReadFile(kept[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kept[0], b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	report, k := eval("-keep", keep, dirs[1])
	if report != fresh[1] || !strings.Contains(k, "1 pages read by OCR, 0 taken from there") ||
		!strings.Contains(k, "1 scans read again and kept anew: their kept reading was damaged") {
		t.Errorf("after a truncated kept reading: %q\n%s\n---\n%s", k, report, fresh[1])
	}
	if left, _ := filepath.Glob(filepath.Join(keep, "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
