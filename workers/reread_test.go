package workers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/extract"
	"civreg/internal/samples"
	"civreg/internal/testsvc"
	"civreg/linkage"
	"civreg/workers"
)

// TestSecondReadingGuardsTrust runs certificates through the pipeline (real Tesseract,
// PostgreSQL, Redis, MinIO) and checks that the extract stage reads values a second time; then
// it replaces a trusted name's word in the stored page words with a confident misreading and
// extracts again: without the second reading it would be trusted wrong, with it the value goes
// to review with the page's own reading suggested. A misreading the approved names' vocabulary
// undoes (an OCR confusion) is corrected and, read so the second time, trusted.
func TestSecondReadingGuardsTrust(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	certs, err := samples.Generate(dir, 3, 7, extract.BuiltinForms())
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	var key, want string
	for _, c := range certs {
		data, _ := os.ReadFile(filepath.Join(dir, c.File))
		rid := e.upload(t, string(data), 1)
		if id != 0 {
			continue
		}
		for _, k := range []string{"child_name", "deceased_name", "groom_name"} {
			if v := c.Fields[k]; v != "" && c.Rotation == 0 {
				id, key, want = rid, k, v
			}
		}
	}
	if id == 0 {
		t.Fatal("seed 7 drew no upright certificate with a name to misread")
	}
	stop := e.runWorker(t)
	rec := waitStatus(t, e.db, id, civreg.StatusNeedsReview, 120*time.Second)
	stop() // the stage is run by hand from here
	if n := e.pipeline.Reading.SecondReadings.Regions.Load(); n == 0 {
		t.Fatal("the extract stage read no value a second time")
	}
	f := rec.Fields[key]
	if f.Value != want || f.NeedsReview {
		t.Fatalf("%s read %q (in review %v), truth %q: the page must be read right and trusted for the test", key, f.Value, f.NeedsReview, want)
	}
	last := strings.Fields(want)[len(strings.Fields(want))-1]
	wrong := last[:len(last)-1] + map[bool]string{true: "a", false: "e"}[!strings.HasSuffix(last, "a")]

	// A confident misreading: trusted without the second reading, held with it.
	e.misread(t, rec, last, wrong)
	e.pipeline.Reading.NoSecondReading = true
	if got := e.extractAgain1(t, id).Fields[key]; got.NeedsReview || !strings.Contains(got.Value, wrong) {
		t.Fatalf("without a second reading %s is %q (in review %v): the misreading should have been trusted", key, got.Value, got.NeedsReview)
	}
	e.pipeline.Reading.NoSecondReading = false
	if got := e.extractAgain1(t, id).Fields[key]; !got.NeedsReview || !strings.Contains(got.Value, wrong) {
		t.Fatalf("with the second reading %s is %q, in review %v: a reading the second contradicts must not be trusted", key, got.Value, got.NeedsReview)
	} else if !strings.Contains(got.Suggested, last) {
		t.Fatalf("with the second reading %s is %q in review, suggested %q: the page's own reading (%q) should be offered", key, got.Value, got.Suggested, last)
	}

	// An OCR confusion the approved names undo: "Liburd" read "Libum" style, here the last
	// word with its first vowel or l read as a digit or capital I.
	confused := confuse(last)
	if confused == "" {
		t.Skipf("%q holds no letter OCR confuses with another", last)
	}
	e.misread(t, rec, wrong, confused)
	testsvc.ApprovedRecords(t, e.dbURL, e.batch.ID, []linkage.Record{{ID: 900, Type: civreg.Birth, Fields: map[string]string{"father_name": "Ivor " + last}}})
	e.pipeline.ForgetVocabulary()
	got := e.extractAgain1(t, id).Fields[key]
	if got.Value != want || got.NeedsReview {
		t.Fatalf("%q misread %q, approved names hold %q: got %q (in review %v), want it corrected and trusted", want, confused, last, got.Value, got.NeedsReview)
	}
}

// confuse writes one letter of w as OCR often misreads it; "" when it has none of them.
func confuse(w string) string {
	for i, r := range w {
		if i == 0 {
			continue
		}
		if alt, ok := map[rune]string{'l': "1", 'o': "0", 's': "5", 'm': "rn", 'i': "l"}[r]; ok {
			return w[:i] + alt + w[i+1:]
		}
	}
	return ""
}

// misread replaces the word from by to in the stored words of the record's first page, at
// confidence 0.99: what OCR would have stored had it misread the word confidently.
func (e *env) misread(t *testing.T, rec *civreg.Record, from, to string) {
	t.Helper()
	ctx := context.Background()
	key := civreg.PageWordsKey(rec.ID, 1)
	r, err := e.objects.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	var pw civreg.PageWords
	err = json.NewDecoder(r).Decode(&pw)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, w := range pw.Words {
		if strings.Trim(w.Text, ",.;:") == from {
			pw.Words[i].Text, pw.Words[i].Conf = strings.Replace(w.Text, from, to, 1), 0.99
			n++
		}
	}
	if n == 0 {
		t.Fatalf("no word %q on the page to misread", from)
	}
	b, _ := json.Marshal(pw)
	if err := e.objects.Put(ctx, key, bytes.NewReader(b), int64(len(b)), "application/json"); err != nil {
		t.Fatal(err)
	}
}

// extractAgain1 retries a record's extract stage, as an admin would, and returns it read again.
func (e *env) extractAgain1(t *testing.T, id int64) *civreg.Record {
	t.Helper()
	ctx := context.Background()
	admin, err := e.db.UserByName(ctx, "admin")
	if err != nil {
		if admin, err = e.db.CreateUser(ctx, "admin", civreg.RoleAdmin, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.db.FailStage(ctx, id, civreg.StageExtract, "read again for the test", true); err != nil {
		t.Fatal(err)
	}
	if to, err := e.db.RetryRecord(ctx, admin, id); err != nil || to != civreg.StatusExtracting {
		t.Fatalf("retry: %s, %v", to, err)
	}
	task, _ := workers.NewExtractRecordTask(id)
	if err := e.pipeline.Mux().ProcessTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	r, err := e.db.Record(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
