package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"civreg/ingest"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
)

func (s *stack) serveWithToken(t *testing.T) string {
	t.Helper()
	s.civreg(t, "", "user", "add", "clerk1", "--role", "clerk")
	tok := strings.TrimSpace(s.civreg(t, "", "user", "token", "clerk1"))
	s.start(t, nil, "serve")
	waitHealthy(t, s.url())
	return tok
}

func TestIngestCommandUploadsFoldersResumesAndSummarises(t *testing.T) {
	s := newStack(t, true)
	tok := s.serveWithToken(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	for i := 0; i < 4; i++ {
		os.WriteFile(filepath.Join(dir, "sub", "page"+string(rune('a'+i))+".png"), testfiles.PNG(200, 150, i), 0o644)
	}
	// A name with characters a header carries only quoted or encoded: it must arrive as it was.
	odd := "cert (copy) a=b@c:d; é.jpg"
	os.WriteFile(filepath.Join(dir, odd), testfiles.JPEG(200, 150, 9), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.pdf"), testfiles.ZIP(), 0o644)
	os.WriteFile(filepath.Join(dir, ".hidden.png"), testfiles.PNG(20, 20, 1), 0o644)
	args := []string{"ingest", "--server", s.url(), "--token", tok, "--batch", "Births vol 12", "--type", "birth", dir}

	out, _, err := s.try("", args...)
	if err == nil || !strings.Contains(out, "5 uploaded, 0 duplicates, 1 refused") || !strings.Contains(out, "notes.pdf: this is a ZIP archive") {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	if !strings.Contains(out, "[6/6]") {
		t.Errorf("no per-file lines when not on a terminal:\n%s", out)
	}
	if n := testsvc.Count(t, s.dbURL, `SELECT count(*) FROM batch_uploads WHERE file_name = $1`, odd); n != 1 {
		t.Errorf("%q stored under its name %d times", odd, n)
	}
	// Run again after "an interruption": what is uploaded is skipped, the refusal stays.
	out, _, err = s.try("", args...)
	if err == nil || !strings.Contains(out, "5 skipped") || !strings.Contains(out, "0 uploaded, 0 duplicates, 1 refused") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	os.Remove(filepath.Join(dir, "notes.pdf"))
	os.WriteFile(filepath.Join(dir, "late.tif"), testfiles.TIFF(200, 150, 11), 0o644)
	out = s.civreg(t, "", args...)
	if !strings.Contains(out, "1 uploaded, 0 duplicates, 0 refused, 5 skipped") {
		t.Fatalf("third run:\n%s", out)
	}
	if _, _, err := s.try("", "ingest", "--server", s.url(), "--token", "wrong", "--batch", "x", dir); err == nil {
		t.Fatal("a wrong token did not fail the command")
	}

	// On a terminal the command draws a bar (files, bytes, rate, time left) instead of a line
	// per file; the upload is the same, its bytes counted as they go.
	c := &ingest.Client{Server: s.url(), Token: tok}
	batch, _, err := c.Batch(context.Background(), "Births vol 13", "birth", false)
	if err != nil {
		t.Fatal(err)
	}
	var screen bytes.Buffer
	up := &uploadRun{client: c, batch: batch, out: &screen, tty: true, start: time.Now()}
	for i := 0; i < 3; i++ {
		f := filepath.Join(t.TempDir(), fmt.Sprintf("tty-%d.png", i))
		os.WriteFile(f, testfiles.NoisePNG(300, 300, uint64(50+i)), 0o644)
		info, _ := os.Stat(f)
		up.todo, up.totalBytes = append(up.todo, f), up.totalBytes+info.Size()
	}
	up.run(context.Background(), 2)
	last := screen.String()[strings.LastIndex(screen.String(), "\r")+1:]
	m := regexp.MustCompile(`^\[#{24}\] 3/3 files  ([0-9.]+ MB)/([0-9.]+ MB)  [0-9.]+ MB/s  0:00 left \n$`).FindStringSubmatch(last)
	if up.uploaded != 3 || strings.Contains(screen.String(), "uploaded, record") || m == nil || m[1] != m[2] || m[1] != mb(up.totalBytes) {
		t.Fatalf("on a terminal: %d uploaded, screen ends %q", up.uploaded, last)
	}
}

func TestIngestWatchFolderMovesFilesToDoneOrFailedAndResumes(t *testing.T) {
	s := newStack(t, true)
	tok := s.serveWithToken(t)
	dir := t.TempDir()
	args := []string{"ingest", "--server", s.url(), "--token", tok, "--batch", "Scanner 1", "--type", "death",
		"--watch", dir, "--settle", "400ms", "--poll", "100ms"}
	w := s.start(t, nil, args...)

	// A scanner writes a file in two goes; the watcher must wait until it stops growing.
	good := testfiles.PNG(300, 200, 21)
	f, _ := os.Create(filepath.Join(dir, "scan-0001.png"))
	f.Write(good[:len(good)/2])
	time.Sleep(200 * time.Millisecond)
	f.Write(good[len(good)/2:])
	f.Close()
	os.WriteFile(filepath.Join(dir, "scan-0002.pdf"), testfiles.PDFWithJavaScript(), 0o644)

	waitFile(t, filepath.Join(dir, "done", "scan-0001.png"))
	waitFile(t, filepath.Join(dir, "failed", "scan-0002.pdf.reason.txt"))
	if b, _ := os.ReadFile(filepath.Join(dir, "done", "scan-0001.png")); string(b) != string(good) {
		t.Fatal("the file in done/ is not the file the scanner wrote")
	}
	reason, _ := os.ReadFile(filepath.Join(dir, "failed", "scan-0002.pdf.reason.txt"))
	if !strings.Contains(string(reason), "JavaScript") {
		t.Fatalf("reason %q", reason)
	}

	// Stop the watcher, let the scanner go on, start it again: it takes what came meanwhile,
	// and the same page scanned again is a duplicate, moved to done/ beside the first.
	w.Process.Kill()
	w.Wait()
	os.WriteFile(filepath.Join(dir, "scan-0003.jpg"), testfiles.JPEG(300, 200, 22), 0o644)
	os.WriteFile(filepath.Join(dir, "scan-0001.png"), good, 0o644)
	s.start(t, nil, args...)
	waitFile(t, filepath.Join(dir, "done", "scan-0003.jpg"))
	waitFile(t, filepath.Join(dir, "done", "scan-0001.1.png"))
	left, _ := filepath.Glob(filepath.Join(dir, "*.*"))
	if len(left) != 0 {
		t.Fatalf("files left in the watch folder: %v", left)
	}
}

func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			entries, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(path)), "*", "*"))
			t.Fatalf("%s never appeared; the folder holds %v", path, entries)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
