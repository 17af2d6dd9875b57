package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/corpus"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
	"civreg/workers"
)

// TestPDFACommandWritesAndVerifies: `civreg pdfa` makes a searchable PDF/A of a scan that
// `civreg pdfa verify` passes; verify fails a file of the reference corpus, naming the clause.
func TestPDFACommandWritesAndVerifies(t *testing.T) {
	s := &stack{}
	out := filepath.Join(t.TempDir(), "phototest.pdf")
	got := s.civreg(t, "", "pdfa", "-o", out, filepath.Join(corpus.Dir(t, "tesseract"), "phototest.tif"))
	if !strings.Contains(got, "PDF/A-2u") || !strings.Contains(got, "verified") {
		t.Fatalf("pdfa said %q", got)
	}
	if got := s.civreg(t, "", "pdfa", "verify", out); !strings.Contains(got, "passes") {
		t.Fatalf("verify said %q", got)
	}
	text, err := exec.Command("pdftotext", out, "-").Output()
	if err != nil || !strings.Contains(string(text), "quick brown") {
		t.Errorf("the archive's text layer: %q, %v", text, err)
	}
	bad := filepath.Join(corpus.Dir(t, "verapdf-pdfa2b"), "6.1 File structure/6.1.2 File header/veraPDF test suite 6-1-2-t01-fail-a.pdf")
	stdout, _, err := s.try("", "pdfa", "verify", out, bad)
	if code := exitCode(err); code != 1 || !strings.Contains(stdout, "FAILS") || !strings.Contains(stdout, "6.1.2") {
		t.Fatalf("verify of a failing file: exit %d, %q", code, stdout)
	}
	stdout, _, err = s.try("", "pdfa", "verify", "--json", out, bad)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code := exitCode(err); code != 1 || len(lines) != 2 || !strings.Contains(lines[0], `"ok":true`) || !strings.Contains(lines[1], `"ok":false`) {
		t.Fatalf("verify --json of a passing and a failing file: exit %d, %q", code, stdout)
	}
	// A scan that cannot be read leaves no output file.
	junk := filepath.Join(t.TempDir(), "junk.png")
	os.WriteFile(junk, []byte("not an image"), 0o644)
	none := filepath.Join(t.TempDir(), "none.pdf")
	if _, _, err := s.try("", "pdfa", "-o", none, junk); err == nil {
		t.Error("pdfa of a junk file succeeded")
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Errorf("pdfa left %s behind after failing", none)
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestExportCommandWritesAValidBagOrNothing: `civreg export` writes a bag `civreg export
// verify` finds valid; an unapproved record or a changed original gives an error and no file.
func TestExportCommandWritesAValidBagOrNothing(t *testing.T) {
	s := newStack(t, true)
	ctx := context.Background()
	db := s.openDB(t)
	objects := s.minio.Objects(t)
	id := putRecord(t, s, string(testfiles.PNG(300, 200, 7)), 1)
	dir := t.TempDir()
	bag := filepath.Join(dir, "record.zip")
	if _, errOut, err := s.try("", "export", "--record", strconv.FormatInt(id, 10), "-o", bag); err == nil || !strings.Contains(errOut, "no PDF/A copy") {
		t.Fatalf("export of an unapproved record: %v %q", err, errOut)
	}
	if _, err := os.Stat(bag); !os.IsNotExist(err) {
		t.Fatal("a refused export left a file")
	}
	testsvc.Exec(t, s.dbURL, "UPDATE records SET status = 'needs_review'")
	rev, _ := db.CreateUser(ctx, "rev", civreg.RoleReviewer, "")
	if err := db.ApproveRecord(ctx, rev, id, 1); err != nil {
		t.Fatal(err)
	}
	p := &workers.Pipeline{DB: db, Objects: objects, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	task, _ := workers.NewArchiveRecordTask(id, 1)
	if err := p.Mux().ProcessTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	s.civreg(t, "", "export", "--record", strconv.FormatInt(id, 10), "-o", bag)
	if got := s.civreg(t, "", "export", "verify", bag); !strings.Contains(got, "complete and valid") || !strings.Contains(got, "METS-consistent") {
		t.Fatalf("export verify: %q", got)
	}
	// A bag with a payload file changed is not valid.
	broken := filepath.Join(dir, "broken.zip")
	data, _ := os.ReadFile(bag)
	i := strings.Index(string(data), "\"approved_by\"")
	data[i+2] = 'X'
	os.WriteFile(broken, data, 0o644)
	if out, _, err := s.try("", "export", "verify", broken); exitCode(err) != 1 || !strings.Contains(out, "NOT VALID") {
		t.Errorf("verify of a changed bag: %v %q", err, out)
	}
	// A changed original stops the export; nothing is left under the name asked for.
	r, _ := db.Record(ctx, id)
	scan, _ := db.Scan(ctx, r.Pages[0].ScanID)
	objects.Put(ctx, scan.ObjectKey, strings.NewReader("changed"), 7, "image/png")
	again := filepath.Join(dir, "again.zip")
	if _, errOut, err := s.try("", "export", "--record", strconv.FormatInt(id, 10), "-o", again); err == nil || !strings.Contains(errOut, "no longer matches") {
		t.Fatalf("export with a changed original: %v %q", err, errOut)
	}
	if _, err := os.Stat(again); !os.IsNotExist(err) {
		t.Error("a failed export left a file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".civreg-export-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
