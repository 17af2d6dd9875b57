package ui_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/bagit"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
	"civreg/pdfa"
	"civreg/workers"
)

// approvedArchived stores a real scan as a record, approves it through the API and runs the
// archive stage, returning the record and its original's bytes.
func (e *env) approvedArchived(t *testing.T, batch int64, seed int) (int64, []byte) {
	t.Helper()
	ctx := context.Background()
	scan := testfiles.PNG(400, 300, seed)
	sum := sha256.Sum256(scan)
	sha := hex.EncodeToString(sum[:])
	key := civreg.NewOriginalKey()
	if err := e.objects.PutNew(ctx, key, bytes.NewReader(scan), int64(len(scan)), "image/png"); err != nil {
		t.Fatal(err)
	}
	clerk, _ := e.db.UserByName(ctx, "clerk1")
	added, err := e.db.AddScan(ctx, clerk, civreg.NewScan{BatchID: batch, SHA256: sha, ObjectKey: key, Size: int64(len(scan)), MediaType: "image/png", PageCount: 1, FileName: "../../etc/passwd.png"})
	if err != nil {
		t.Fatal(err)
	}
	id := added.Records[0].RecordID
	testsvc.Exec(t, e.dbURL, "UPDATE records SET status = 'needs_review' WHERE id = "+itoa(id))
	path := "/api/v1/records/" + itoa(id)
	if code, body := e.do(t, "PATCH", path, e.tokens[civreg.RoleReviewer], `{"version":1,"fields":{"registration_number":"B1-1987/0042"}}`); code != 200 {
		t.Fatalf("patch: %d %v", code, body)
	}
	if code, _ := e.do(t, "POST", path+"/approve", e.tokens[civreg.RoleReviewer], `{"version":2}`); code != 200 {
		t.Fatalf("approve: %d", code)
	}
	p := &workers.Pipeline{DB: e.db, Objects: e.objects, Queue: e.queue, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	task, _ := workers.NewArchiveRecordTask(id, 2)
	if err := p.Mux().ProcessTask(ctx, task); err != nil {
		t.Fatalf("archive stage: %v", err)
	}
	return id, scan
}

func (e *env) get(t *testing.T, path, token string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// TestArchivistDownloadsArchivesAndBags: the verified PDF/A copy, and BagIt bags of a record
// and a batch holding the originals byte for byte, every PDF/A copy, metadata and history.
func TestArchivistDownloadsArchivesAndBags(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clerk, _ := e.db.UserByName(ctx, "clerk1")
	b, _ := e.db.CreateBatch(ctx, clerk, "Births 1987", civreg.Birth, false)
	id, scan := e.approvedArchived(t, b.ID, 1)
	id2, _ := e.approvedArchived(t, b.ID, 2)
	archivist := e.tokens[civreg.RoleArchivist]

	resp, pdf, err := e.get(t, "/api/v1/records/"+itoa(id)+"/archive.pdf", archivist)
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("archive.pdf: %v %v", resp, err)
	}
	if sum := sha256.Sum256(pdf); hex.EncodeToString(sum[:]) != resp.Header.Get("X-Content-SHA256") {
		t.Error("archive.pdf bytes do not match the SHA-256 the server gives")
	}
	if rep, _ := pdfa.Verify(bytes.NewReader(pdf)); !rep.OK() {
		t.Errorf("downloaded archive fails verification: %+v", rep.Failures)
	}

	resp, bag, err := e.get(t, "/api/v1/records/"+itoa(id)+"/bag.zip", archivist)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("record bag: %v %v", resp, err)
	}
	rep, _ := bagit.Verify(bytes.NewReader(bag), int64(len(bag)))
	if !rep.Valid() || rep.Files != 4 {
		t.Fatalf("record bag: %+v, want valid with record.json, events.json, the original and one PDF/A", rep)
	}
	checkRecordBag(t, unzip(t, bag), "civreg-record-"+itoa(id)+"/", scan)

	resp, bag, err = e.get(t, "/api/v1/batches/"+itoa(b.ID)+"/bag.zip", archivist)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("batch bag: %v %v", resp, err)
	}
	if rep, _ := bagit.Verify(bytes.NewReader(bag), int64(len(bag))); !rep.Valid() || rep.Files != 9 {
		t.Fatalf("batch bag: %+v, want batch.json and 4 files for each of 2 records", rep)
	}

	// A record not yet approved has no bag: a clear 409, no zip.
	added, _ := e.db.AddScan(ctx, clerk, civreg.NewScan{BatchID: b.ID, SHA256: strings.Repeat("9", 64), ObjectKey: "originals/z", Size: 1, MediaType: "image/png", PageCount: 1, FileName: "z.png"})
	code, body := e.do(t, "GET", "/api/v1/records/"+itoa(added.Records[0].RecordID)+"/bag.zip", archivist, "")
	if code != 409 || !strings.Contains(body["error"].(string), "no PDF/A copy") {
		t.Errorf("bag of an unapproved record: %d %v", code, body)
	}

	// An original changed in storage stops the export: the download fails rather than
	// delivering a bag that vouches for the wrong bytes.
	r2, _ := e.db.Record(ctx, id2)
	s2, _ := e.db.Scan(ctx, r2.Pages[0].ScanID)
	e.objects.Put(ctx, s2.ObjectKey, strings.NewReader("tampered"), 8, "image/png")
	_, bag, err = e.get(t, "/api/v1/records/"+itoa(id2)+"/bag.zip", archivist)
	if err == nil {
		if rep, _ := bagit.Verify(bytes.NewReader(bag), int64(len(bag))); rep.Valid() {
			t.Fatal("a bag with a changed original was delivered whole")
		}
	}
	time.Sleep(10 * time.Millisecond)
}

// checkRecordBag checks a record bag's files under root: the original byte for byte, the
// bag-info, the record's metadata and its events.
func checkRecordBag(t *testing.T, files map[string][]byte, root string, scan []byte) {
	t.Helper()
	if !bytes.Equal(files[root+"data/originals/scan-1.png"], scan) {
		t.Errorf("the original in the bag is not the uploaded bytes; files %v", keys(files))
	}
	info := string(files[root+"bag-info.txt"])
	for _, want := range []string{"Source-Organization: Civil Registry", "External-Identifier: B1-1987/0042", "Payload-Oxum: ", "Bagging-Date: "} {
		if !strings.Contains(info, want) {
			t.Errorf("bag-info.txt lacks %q:\n%s", want, info)
		}
	}
	var meta struct {
		ApprovedBy   string                  `json:"approved_by"`
		Fields       map[string]civreg.Field `json:"fields"`
		FieldChanges []civreg.FieldChange    `json:"field_changes"`
		Scans        []struct {
			OriginalName string `json:"original_name"`
		}
	}
	json.Unmarshal(files[root+"data/record.json"], &meta)
	if meta.ApprovedBy != "reviewer1" || meta.Fields["registration_number"].Value != "B1-1987/0042" || len(meta.FieldChanges) == 0 || meta.Scans[0].OriginalName == "" {
		t.Errorf("record.json %+v", meta)
	}
	var events []civreg.Event
	json.Unmarshal(files[root+"data/events.json"], &events)
	seen := map[string]bool{}
	for _, ev := range events {
		seen[ev.Event] = true
	}
	for _, want := range []string{"ingest", "digest", "review", "approval", "archive"} {
		if !seen[want] {
			t.Errorf("events.json lacks %s: %+v", want, events)
		}
	}
}

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
