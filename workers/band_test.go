package workers_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civreg"
	"civreg/extract"
	"civreg/internal/samples"
	"civreg/ocr"
	"civreg/workers"
)

// TestHeadingsUnreadAreReadAgainFromTheirBand reads a typed register page of the GRO family
// with real Tesseract, then takes every word between the title and the first entry out of the
// page's reading (the heading band OCR sometimes returns nothing from) and reads the page again
// from those words: without a second reader the page is only parted at its entry numbers, with
// no field read; with one, the band is read again by itself and the headings are matched from
// its words, so the entries' fields are read from their columns.
func TestHeadingsUnreadAreReadAgainFromTheirBand(t *testing.T) {
	dir := t.TempDir()
	truths, err := samples.Render(dir, samples.Options{N: 6, Seed: 6, Families: []string{"gro-register"}})
	if err != nil {
		t.Fatal(err)
	}
	var tr samples.Truth
	for _, c := range truths {
		if !c.Hand && c.Rotation == 0 && len(c.Records) >= 2 {
			tr = c
			break
		}
	}
	if tr.File == "" {
		t.Fatal("seed 6 drew no typed, upright register page of two entries or more")
	}
	data, err := os.ReadFile(filepath.Join(dir, tr.File))
	if err != nil {
		t.Fatal(err)
	}
	reader := ocr.NewReader(1)
	defer reader.Close()
	r := &workers.Reading{OCR: reader, Extractor: &extract.Extractor{Forms: extract.BuiltinForms()}}
	kept := &workers.Kept{Dir: t.TempDir()}
	whole, err := r.ReadFileKept(context.Background(), data, kept, "page")
	if err != nil {
		t.Fatal(err)
	}
	headed, _ := fieldsRight(whole.Entries, tr)
	unheadPage(t, filepath.Join(kept.Dir, "page.ocr.json"), tr.Records[0].Fields["registration_number"])

	r.NoSecondReading = true
	without, err := r.ReadFileKept(context.Background(), data, kept, "page")
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range without.Entries {
		if !strings.Contains(en.Doubt, "headings were not read") {
			t.Fatalf("without the band read again, entry %d was read as %q (doubt %q): the headings should be lost", en.Entry, en.Design, en.Doubt)
		}
	}
	r.NoSecondReading = false
	with, err := r.ReadFileKept(context.Background(), data, kept, "page")
	if err != nil {
		t.Fatal(err)
	}
	if len(with.Entries) != len(tr.Records) {
		t.Fatalf("%d entries read, the page holds %d", len(with.Entries), len(tr.Records))
	}
	for i, en := range with.Entries {
		if strings.Contains(en.Doubt, "headings were not read") || en.RecordType != tr.Records[i].RecordType {
			t.Fatalf("entry %d: %s, doubt %q: the headings were not found again", i+1, en.RecordType, en.Doubt)
		}
	}
	right, want := fieldsRight(with.Entries, tr)
	t.Logf("%d of %d fields right, %d with the page's own headings", right, want, headed)
	// Short headings alone in a shaded cell ("No.", "Sex") the band's reading may miss as the
	// page's did not; the names, dates and places under the long headings must be read.
	if right*10 < want*6 {
		t.Errorf("%d of %d fields read right from the columns the band's headings gave, %d from the page's own", right, want, headed)
	}
}

// fieldsRight counts the fields of the entries read as their truth has them, and the fields
// the truth has (the district aside: it is read from the title either way).
func fieldsRight(entries []extract.Entry, tr samples.Truth) (right, want int) {
	for i, en := range entries {
		if i >= len(tr.Records) {
			break
		}
		got := map[string]string{}
		for _, f := range en.Fields {
			got[f.Key] = f.Value
		}
		for k, v := range tr.Records[i].Fields {
			if k == "registration_district" {
				continue // from the title, read either way
			}
			want++
			if got[k] == v {
				right++
			}
		}
	}
	return right, want
}

// unheadPage takes out of a kept page reading every word below the title and above the line of
// the first entry's number.
func unheadPage(t *testing.T, path, firstNumber string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Only the first page's words change: the rest (which scan and model it is) stays as kept.
	var kr map[string]json.RawMessage
	var pages []map[string]json.RawMessage
	if err := json.Unmarshal(b, &kr); err != nil || json.Unmarshal(kr["Pages"], &pages) != nil || len(pages) == 0 {
		t.Fatalf("the kept reading %s: %v", path, err)
	}
	var words []civreg.Word
	if err := json.Unmarshal(pages[0]["Words"], &words); err != nil {
		t.Fatal(err)
	}
	// The title ("Births in the Registration District of ...", "REGISTER OF DEATHS") is the
	// line of the topmost word of "regist..."; the headings' "registered" stand under it.
	var title *civreg.Word
	entryTop := -1
	for i, w := range words {
		if strings.HasPrefix(strings.ToLower(w.Text), "regist") && (title == nil || w.Box[1] < title.Box[1]) {
			title = &words[i]
		}
		if strings.Trim(w.Text, "|.") == firstNumber && (entryTop < 0 || w.Box[1] < entryTop) {
			entryTop = w.Box[1]
		}
	}
	if entryTop < 0 || title == nil {
		t.Fatalf("the title or the first entry's number %s was not read", firstNumber)
	}
	titleBottom := title.Box[3]
	for _, w := range words {
		if w.Box[1] < title.Box[3] && w.Box[3] > title.Box[1] {
			titleBottom = max(titleBottom, w.Box[3])
		}
	}
	var kept []civreg.Word
	for _, w := range words {
		if mid := (w.Box[1] + w.Box[3]) / 2; mid <= titleBottom || mid >= entryTop {
			kept = append(kept, w)
		}
	}
	if len(words)-len(kept) < 10 {
		t.Fatalf("only %d words between the title and the first entry", len(words)-len(kept))
	}
	if pages[0]["Words"], err = json.Marshal(kept); err != nil {
		t.Fatal(err)
	}
	if kr["Pages"], err = json.Marshal(pages); err != nil {
		t.Fatal(err)
	}
	if b, err = json.Marshal(kr); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
