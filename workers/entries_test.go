package workers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/extract"
	"civreg/internal/samples"
	"civreg/internal/testfiles"
	"civreg/workers"

	"github.com/jackc/pgx/v5"
	"golang.org/x/image/tiff"
)

// registerPage draws register pages of one family and returns the first that matches want,
// with its bytes.
func registerPage(t *testing.T, seed uint64, want func(samples.Truth) bool) (samples.Truth, []byte) {
	t.Helper()
	dir := t.TempDir()
	truths, err := samples.Render(dir, samples.Options{N: 6, Seed: seed, Families: []string{"gro-register"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range truths {
		if want(tr) {
			data, err := os.ReadFile(filepath.Join(dir, tr.File))
			if err != nil {
				t.Fatal(err)
			}
			return tr, data
		}
	}
	t.Fatalf("seed %d drew no register page as wanted", seed)
	return samples.Truth{}, nil
}

// entriesOf returns the records standing on owner's page, owner first, in entry order.
func (e *env) entriesOf(t *testing.T, owner int64) []*civreg.Record {
	t.Helper()
	on, err := e.db.EntriesOnPage(context.Background(), owner, 1)
	if err != nil {
		t.Fatal(err)
	}
	var out []*civreg.Record
	for _, en := range on {
		r, err := e.db.Record(context.Background(), en.RecordID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// count runs a count query on the test database.
func (e *env) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRegisterPageGivesARecordPerEntry uploads a typed register page of several entries and a
// certificate: the page is stored and read once, each entry is a record at needs_review with
// its band and the page header's district, the extract stage run again makes nothing twice,
// and approving one entry archives it with its page. The certificate stays one record.
func TestRegisterPageGivesARecordPerEntry(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	truth, scan := registerPage(t, 11, func(tr samples.Truth) bool {
		return !tr.Hand && tr.Rotation == 0 && !tr.Noise && !tr.Blur && len(tr.Records) >= 3
	})
	certDir := t.TempDir()
	certs, err := samples.Generate(certDir, 1, 3, extract.BuiltinForms())
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := os.ReadFile(filepath.Join(certDir, certs[0].File))
	owner := e.upload(t, string(scan), 1)
	certID := e.upload(t, string(cert), 1)
	e.runWorker(t)
	waitStatus(t, e.db, owner, civreg.StatusNeedsReview, 90*time.Second)
	waitStatus(t, e.db, certID, civreg.StatusNeedsReview, 90*time.Second)

	recs := e.entriesOf(t, owner)
	if len(recs) != len(truth.Records) {
		t.Fatalf("%d records on the page, truth %d entries", len(recs), len(truth.Records))
	}
	e.checkEntries(t, owner, recs, truth)
	for _, s := range recs[0].Stages {
		if s.StartedAt != nil && s.FinishedAt != nil {
			t.Logf("page of %d entries, %s stage: %s", len(recs), s.Stage, s.FinishedAt.Sub(*s.StartedAt).Round(time.Millisecond))
		}
	}
	if n := e.count(t, `SELECT count(*) FROM pages`); n != 2 {
		t.Errorf("%d pages rows, want one for the register page and one for the certificate", n)
	}
	if cr, _ := e.db.Record(ctx, certID); cr.Region != nil || cr.PageOf != 0 || cr.Entry != 1 || len(cr.Fields) == 0 {
		t.Errorf("certificate record: region %v, page_of %d, entry %d, %d fields; want one whole-page record", cr.Region, cr.PageOf, cr.Entry, len(cr.Fields))
	}
	if all, _ := e.db.RecordsOfBatch(ctx, e.batch.ID); len(all) != len(truth.Records)+1 {
		t.Errorf("batch holds %d records, want %d entries and the certificate", len(all), len(truth.Records)+1)
	}
	if c, _ := e.db.BatchCounts(ctx, e.batch.ID); c.NeedsReview != len(truth.Records)+1 || c.Extracted != c.NeedsReview {
		t.Errorf("batch counts %+v: want every entry counted as a record", c)
	}

	e.extractAgain(t, owner, recs)
	e.approveEntry(t, recs[1])
}

// checkEntries checks each entry's record against the page's truth.
func (e *env) checkEntries(t *testing.T, owner int64, recs []*civreg.Record, truth samples.Truth) {
	t.Helper()
	district := truth.Records[0].Fields["registration_district"]
	for i, r := range recs {
		tr := truth.Records[i]
		if r.Status != civreg.StatusNeedsReview || r.Entry != i+1 || r.EntryPage != 1 {
			t.Errorf("record %d: status %s entry %d page %d, want needs_review, entry %d of page 1", r.ID, r.Status, r.Entry, r.EntryPage, i+1)
		}
		if wantOf := map[bool]int64{true: 0, false: owner}[i == 0]; r.PageOf != wantOf {
			t.Errorf("entry %d: page_of %d, want %d", i+1, r.PageOf, wantOf)
		}
		if len(r.Pages) != 1 || r.Pages[0].RecordID != owner || r.Pages[0].ImageKey == "" {
			t.Errorf("entry %d: pages %+v, want the owner's one page", i+1, r.Pages)
		}
		if len(r.Region) != 4 {
			t.Errorf("entry %d: region %v", i+1, r.Region)
		} else if mid := (r.Region[1] + r.Region[3]) / 2; mid < tr.Region[1] || mid > tr.Region[3] {
			t.Errorf("entry %d: region %v lies outside its band %v", i+1, r.Region, tr.Region)
		}
		if got := r.Fields["registration_district"].Value; got != district {
			t.Errorf("entry %d: district %q, want the header's %q", i+1, got, district)
		}
		if r.RecordType != tr.RecordType {
			t.Errorf("entry %d: type %s, truth %s", i+1, r.RecordType, tr.RecordType)
		}
		if r.Fields["registration_number"].Value != tr.Fields["registration_number"] {
			t.Errorf("entry %d: registration number %q, truth %q", i+1, r.Fields["registration_number"].Value, tr.Fields["registration_number"])
		}
		if r.Stages[0].Stage != civreg.StageIngest || !slices.ContainsFunc(r.Stages, func(s civreg.StageRun) bool {
			return s.Stage == civreg.StageExtract && s.State == civreg.StageDone
		}) {
			t.Errorf("entry %d: stages %+v, want ingest to extract", i+1, r.Stages)
		}
		if version, indexed, _ := e.waitIndexed(t, r.ID); indexed < version {
			t.Errorf("entry %d: index at version %d of %d", i+1, indexed, version)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM record_stages WHERE record_id = $1 AND stage = 'ocr' AND attempts = 1`, owner); n != 1 {
		t.Errorf("the page was not read exactly once")
	}
}

// waitIndexed waits until the search index holds record id's version.
func (e *env) waitIndexed(t *testing.T, id int64) (int, int, error) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		v, ix, err := e.db.IndexState(context.Background(), id)
		if err != nil || ix >= v || time.Now().After(deadline) {
			return v, ix, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// extractAgain runs the extract stage again: first as a duplicate task (the status guard),
// then after the owner failed and an admin retried it (the unique entry index). Neither
// makes a record, and the entries a reviewer may have touched keep their fields.
func (e *env) extractAgain(t *testing.T, owner int64, recs []*civreg.Record) {
	t.Helper()
	ctx := context.Background()
	before := e.count(t, `SELECT count(*) FROM records`)
	task, _ := workers.NewExtractRecordTask(owner)
	if err := e.pipeline.Mux().ProcessTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	admin, _ := e.db.CreateUser(ctx, "admin", civreg.RoleAdmin, "")
	if err := e.db.FailStage(ctx, owner, civreg.StageExtract, "the work queue is not answering", true); err != nil {
		t.Fatal(err)
	}
	if to, err := e.db.RetryRecord(ctx, admin, owner); err != nil || to != civreg.StatusExtracting {
		t.Fatalf("retry: %s, %v", to, err)
	}
	if err := e.pipeline.Mux().ProcessTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	if after := e.count(t, `SELECT count(*) FROM records`); after != before {
		t.Errorf("extracting again made %d records", after-before)
	}
	if n := e.count(t, `SELECT count(*) FROM field_versions WHERE record_id = $1`, recs[1].ID); n != len(recs[1].Fields) {
		t.Errorf("entry 2 has %d field versions, want its %d fields once", n, len(recs[1].Fields))
	}
	if r, _ := e.db.Record(ctx, owner); r.Status != civreg.StatusNeedsReview || r.Entry != 1 {
		t.Errorf("owner after the retried extract: %s entry %d", r.Status, r.Entry)
	}
	// A later entry retried reads its owner's page again and takes its own entry only.
	third := recs[2]
	if err := e.db.FailStage(ctx, third.ID, civreg.StageIndex, "the index is not answering", true); err != nil {
		t.Fatal(err)
	}
	if to, err := e.db.RetryRecord(ctx, admin, third.ID); err != nil || to != civreg.StatusExtracting {
		t.Fatalf("retry of entry 3: %s, %v", to, err)
	}
	again, _ := workers.NewExtractRecordTask(third.ID)
	if err := e.pipeline.Mux().ProcessTask(ctx, again); err != nil {
		t.Fatal(err)
	}
	r, _ := e.db.Record(ctx, third.ID)
	if r.Status != civreg.StatusNeedsReview || r.Entry != 3 || r.Fields["registration_number"].Value != third.Fields["registration_number"].Value ||
		!slices.Equal(r.Region, third.Region) {
		t.Errorf("entry 3 extracted again: %s entry %d number %q region %v; want its own entry back", r.Status, r.Entry, r.Fields["registration_number"].Value, r.Region)
	}
	if after := e.count(t, `SELECT count(*) FROM records`); after != before {
		t.Errorf("extracting entry 3 again made %d records", after-before)
	}
}

// approveEntry approves one entry and checks its archive: one page, the register page, with
// the entry and its band named in the copy's metadata.
func (e *env) approveEntry(t *testing.T, r *civreg.Record) {
	t.Helper()
	ctx := context.Background()
	a, info := e.archiveEntry(t, r)
	if !strings.Contains(info, "\nPages:           1\n") {
		t.Errorf("archive of entry 2 is not its one page: %s", info)
	}
	text := pdfText(t, e, a.Key)
	if num := r.Fields["registration_number"].Printed; num == "" || !strings.Contains(text, num) {
		t.Errorf("archive text layer lacks entry's number %q", num)
	}
	if !strings.Contains(info, "entry 2 of page 1") || !strings.Contains(info, "region [") {
		t.Errorf("archive metadata does not name the entry and its region: %q", info)
	}
	if got, _ := e.db.Record(ctx, r.PageOf); got.Status != civreg.StatusNeedsReview {
		t.Errorf("approving entry 2 moved its page's first entry to %s", got.Status)
	}
}

// archiveEntry approves an entry as a new reviewer and waits for its archive, checked; it
// returns the archive and its pdfinfo.
func (e *env) archiveEntry(t *testing.T, r *civreg.Record) (civreg.Archive, string) {
	t.Helper()
	ctx := context.Background()
	reviewer, _ := e.db.CreateUser(ctx, "rev", civreg.RoleReviewer, "")
	if err := e.db.ApproveRecord(ctx, reviewer, r.ID, r.Version); err != nil {
		t.Fatal(err)
	}
	e.queue.RecordApproved(ctx, r.ID, r.Version)
	waitStatus(t, e.db, r.ID, civreg.StatusArchived, 60*time.Second)
	a := e.checkArchive(t, r.ID, r.Version)
	return a, pdfInfo(t, e, a.Key)
}

// pdfInfo is poppler's pdfinfo of a stored PDF: its metadata and page count.
func pdfInfo(t *testing.T, e *env, key string) string {
	t.Helper()
	r, err := e.objects.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(r)
	r.Close()
	path := filepath.Join(t.TempDir(), "copy.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}

// TestHandwrittenEntriesGoToReviewUntrusted: the entries of a page written by hand are each a
// record with nothing trusted, and the extract stage tells the reviewer why.
func TestHandwrittenEntriesGoToReviewUntrusted(t *testing.T) {
	e := newEnv(t)
	truth, scan := registerPage(t, 11, func(tr samples.Truth) bool {
		return tr.Hand && tr.Rotation == 0 && len(tr.Records) >= 2
	})
	owner := e.upload(t, string(scan), 1)
	e.runWorker(t)
	waitStatus(t, e.db, owner, civreg.StatusNeedsReview, 90*time.Second)
	recs := e.entriesOf(t, owner)
	if len(recs) != len(truth.Records) {
		t.Fatalf("%d records on the handwritten page, truth %d entries", len(recs), len(truth.Records))
	}
	for _, r := range recs {
		for k, f := range r.Fields {
			if !f.NeedsReview {
				t.Errorf("entry %d: handwritten %s = %q trusted", r.Entry, k, f.Value)
			}
		}
		i := slices.IndexFunc(r.Stages, func(s civreg.StageRun) bool { return s.Stage == civreg.StageExtract })
		if i < 0 || !strings.Contains(r.Stages[i].Note, "nothing trusted: written by hand") {
			t.Errorf("entry %d: stages %+v, want the extract note to say the hand is not trusted", r.Entry, r.Stages)
		}
	}
}

// twoRegisterPages draws two typed register pages and joins them, in each order, into
// two-page TIFFs (different bytes, so two scans).
func twoRegisterPages(t *testing.T) (truths [2]samples.Truth, tiffs [2][]byte) {
	t.Helper()
	dir := t.TempDir()
	all, err := samples.Render(dir, samples.Options{N: 7, Seed: 11, Families: []string{"gro-register"}})
	if err != nil {
		t.Fatal(err)
	}
	var ones [][]byte
	for _, tr := range all {
		if tr.Hand || tr.Rotation != 0 || tr.Noise || tr.Blur || len(ones) == 2 {
			continue
		}
		f, err := os.Open(filepath.Join(dir, tr.File))
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tiff.Encode(&b, img, &tiff.Options{Compression: tiff.Deflate}); err != nil {
			t.Fatal(err)
		}
		truths[len(ones)] = tr
		ones = append(ones, b.Bytes())
	}
	if len(ones) != 2 {
		t.Fatalf("seed 11 drew %d typed upright register pages, want 2", len(ones))
	}
	return truths, [2][]byte{testfiles.JoinTIFF(ones[0], ones[1]), testfiles.JoinTIFF(ones[1], ones[0])}
}

// TestRegisterVolumesOfSeveralPages: a two-page file in a page-per-record batch is two page
// records, each with its entries; in a batch of one record a file, the entries of the second
// page stand on it (entry_page 2), and an entry's archive copy is that one page.
func TestRegisterVolumesOfSeveralPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	truths, tiffs := twoRegisterPages(t)
	volume, err := e.db.CreateBatch(ctx, e.clerk, "Register of Births, volume 3", civreg.Birth, true)
	if err != nil {
		t.Fatal(err)
	}
	owners := e.uploadTo(t, volume, tiffs[0], 2)
	whole := e.uploadTo(t, e.batch, tiffs[1], 2)[0]
	e.runWorker(t)
	if len(owners) != 2 {
		t.Fatalf("page-per-record batch: records %v, want one a page", owners)
	}
	for i, owner := range owners {
		waitStatus(t, e.db, owner, civreg.StatusNeedsReview, 90*time.Second)
		if got := e.entriesOf(t, owner); len(got) != len(truths[i].Records) {
			t.Errorf("page %d of the volume: %d records, truth %d entries", i+1, len(got), len(truths[i].Records))
		}
	}

	waitStatus(t, e.db, whole, civreg.StatusNeedsReview, 90*time.Second)
	on, err := e.db.EntriesOnPage(ctx, whole, 2)
	if err != nil || len(on) != len(truths[0].Records) {
		t.Fatalf("page 2 of the one-record file: %v entries (%v), truth %d", len(on), err, len(truths[0].Records))
	}
	last, _ := e.db.Record(ctx, on[len(on)-1].RecordID)
	if last.PageOf != whole || last.EntryPage != 2 || len(last.Pages) != 2 {
		t.Fatalf("last entry of page 2: page_of %d, entry page %d, %d pages", last.PageOf, last.EntryPage, len(last.Pages))
	}
	a, info := e.archiveEntry(t, last)
	if !strings.Contains(info, "\nPages:           1\n") || !strings.Contains(info, "of page 2 of scan record") {
		t.Errorf("archive of an entry on page 2: %s", info)
	}
	if text := pdfText(t, e, a.Key); !strings.Contains(text, last.Fields["registration_number"].Printed) {
		t.Errorf("the archived page is not the entry's: its number %q is not in %.200q", last.Fields["registration_number"].Printed, text)
	}
}

// uploadTo stores a scan of pages pages in batch as ingest does, enqueues the OCR of each of
// its records, and returns them.
func (e *env) uploadTo(t *testing.T, batch *civreg.Batch, scan []byte, pages int) []int64 {
	t.Helper()
	ctx := context.Background()
	sum := sha256.Sum256(scan)
	key := civreg.NewOriginalKey()
	if err := e.objects.PutNew(ctx, key, bytes.NewReader(scan), int64(len(scan)), "image/tiff"); err != nil {
		t.Fatal(err)
	}
	added, err := e.db.AddScan(ctx, e.clerk, civreg.NewScan{BatchID: batch.ID, SHA256: hex.EncodeToString(sum[:]), ObjectKey: key,
		Size: int64(len(scan)), MediaType: "image/tiff", PageCount: pages, FileName: "volume.tif"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range added.Records {
		if err := e.queue.RecordIngested(ctx, r.RecordID, r.Pages); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.RecordID)
	}
	return ids
}
