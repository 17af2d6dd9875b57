package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"civreg"
	"civreg/bagit"
	"civreg/export"
	"civreg/internal/corpus"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
	"civreg/storage"
	"civreg/workers"
)

// exportEnv is a registry with real PostgreSQL, MinIO and Redis, and records taken through
// review, approval and the archive stage.
type exportEnv struct {
	db       *storage.DB
	url      string
	objects  *storage.Objects
	pipeline *workers.Pipeline
	clerk    *civreg.User
	reviewer *civreg.User
}

func newExportEnv(t *testing.T) *exportEnv {
	db, url := testsvc.MigratedDB(t)
	objects := testsvc.StartMinIO(t).Objects(t)
	opt, _ := workers.ParseRedisURL(testsvc.StartRedis(t).URL())
	ctx := context.Background()
	e := &exportEnv{db: db, url: url, objects: objects,
		pipeline: &workers.Pipeline{DB: db, Objects: objects, Queue: workers.NewQueue(opt), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	e.clerk, _ = db.CreateUser(ctx, "clerk1", civreg.RoleClerk, "correct horse battery")
	e.reviewer, _ = db.CreateUser(ctx, "reviewer1", civreg.RoleReviewer, "correct horse battery")
	return e
}

// archived adds a scan, reviews and approves its record and runs the archive stage.
func (e *exportEnv) archived(t *testing.T, batch int64, seed int, fields map[string]string) int64 {
	t.Helper()
	ctx := context.Background()
	scan := testfiles.PNG(400, 300, seed)
	sum := sha256.Sum256(scan)
	key := civreg.NewOriginalKey()
	if err := e.objects.PutNew(ctx, key, bytes.NewReader(scan), int64(len(scan)), "image/png"); err != nil {
		t.Fatal(err)
	}
	added, err := e.db.AddScan(ctx, e.clerk, civreg.NewScan{BatchID: batch, SHA256: hex.EncodeToString(sum[:]), ObjectKey: key, Size: int64(len(scan)), MediaType: "image/png", PageCount: 1, FileName: fmt.Sprintf("ledger %d.png", seed)})
	if err != nil {
		t.Fatal(err)
	}
	id := added.Records[0].RecordID
	testsvc.Exec(t, e.url, fmt.Sprintf("UPDATE records SET status = 'needs_review' WHERE id = %d", id))
	if _, err := e.db.EditRecord(ctx, e.reviewer, id, civreg.Edit{Version: 1, Fields: fields}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.ApproveRecord(ctx, e.reviewer, id, 2); err != nil {
		t.Fatal(err)
	}
	task, _ := workers.NewArchiveRecordTask(id, 2)
	if err := e.pipeline.Mux().ProcessTask(ctx, task); err != nil {
		t.Fatalf("archive stage: %v", err)
	}
	return id
}

// TestBagsCarryValidMETS: a record bag and a batch bag are valid, complete and
// METS-consistent; each METS document passes the METS and PREMIS schemas and records the
// events and agents of the record (the fixity audit's runs among them); a bag for a clerk
// leaves the sensitive fields out.
func TestBagsCarryValidMETS(t *testing.T) {
	e := newExportEnv(t)
	ctx := context.Background()
	b, _ := e.db.CreateBatch(ctx, e.clerk, "Births 1987", civreg.Birth, false)
	fields := map[string]string{"registration_number": "B1-1987/0042", "date_of_birth": "1987-03-02"}
	id := e.archived(t, b.ID, 1, fields)
	e.archived(t, b.ID, 2, map[string]string{"registration_number": "B1-1987/0043"})
	if run, err := e.pipeline.AuditFixityRun(ctx); err != nil || run.Outcome != "pass" {
		t.Fatalf("fixity audit: %+v, %v", run, err)
	}

	for _, c := range []struct {
		name     string
		audience *civreg.User
		write    func(ex *export.Exporter, w io.Writer) error
		docs     int
	}{
		{"record, registry copy", nil, func(ex *export.Exporter, w io.Writer) error { return ex.Record(ctx, w, id) }, 1},
		{"record, for a clerk", e.clerk, func(ex *export.Exporter, w io.Writer) error { return ex.Record(ctx, w, id) }, 1},
		{"batch", e.reviewer, func(ex *export.Exporter, w io.Writer) error { return ex.Batch(ctx, w, b.ID) }, 3},
	} {
		var buf bytes.Buffer
		if err := c.write(&export.Exporter{DB: e.db, Objects: e.objects, Audience: c.audience}, &buf); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		rep, _ := bagit.Verify(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if !rep.Complete() || len(rep.Warnings) > 0 || rep.METS == nil || rep.METS.Documents != c.docs || len(rep.METS.Problems) > 0 {
			t.Fatalf("%s: %+v, METS %+v", c.name, rep, rep.METS)
		}
		docs := metsDocuments(t, buf.Bytes())
		record := docs[fmt.Sprintf("mets-record-%d.xml", id)]
		for _, want := range []string{"<premis:eventType>ingestion</premis:eventType>", "<premis:eventType>message digest calculation</premis:eventType>",
			"<premis:eventType>review</premis:eventType>", "<premis:eventType>approval</premis:eventType>", "<premis:eventType>creation</premis:eventType>",
			"<premis:eventType>validation</premis:eventType>", "civreg PDF/A-2 verifier (rules revision",
			"<premis:eventType>fixity check</premis:eventType>", "; audit run 1 by civreg", "<premis:agentName>reviewer1</premis:agentName>",
			"<premis:agentName>clerk1</premis:agentName>", export.SourceOrganization, `key="registration_number">B1-1987/0042<`} {
			if !strings.Contains(record, want) {
				t.Errorf("%s: the record's METS lacks %s", c.name, want)
			}
		}
		if sensitive := strings.Contains(record, "1987-03-02"); sensitive != (c.audience != e.clerk) {
			t.Errorf("%s: the sensitive date of birth in the METS: %v", c.name, sensitive)
		}
		for name, doc := range docs {
			if err := validateMETS(t, doc); err != nil {
				t.Errorf("%s: %s: %v", c.name, name, err)
			}
		}
	}
}

// metsDocuments reads the METS documents out of a zipped bag.
func metsDocuments(t *testing.T, bag []byte) map[string]string {
	zr, err := zip.NewReader(bytes.NewReader(bag), int64(len(bag)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		if strings.Contains(f.Name, "/metadata/") {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			out[filepath.Base(f.Name)] = string(b)
		}
	}
	return out
}

// validateMETS checks a document against the METS and PREMIS schemas with xmllint, when
// the schemas and xmllint are there (bagit's tests say so when they are not).
func validateMETS(t *testing.T, doc string) error {
	t.Helper()
	schema, catalog, ok := corpus.METSSchemas(t)
	if !ok {
		return nil
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		return nil
	}
	cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", schema, "-")
	cmd.Stdin = strings.NewReader(doc)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+catalog)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("xmllint: %v\n%s", err, out)
	}
	return nil
}
