package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civreg/internal/samples"
)

// TestExtractReadsEveryEntryOfRenderedRegisterPages: register pages and certified copies drawn
// by civreg samples (typed and by hand), read through Tesseract by civreg extract: every
// entry of a typed page is found in its place with its record type, typed entries are read,
// nothing trusted is wrong and no handwritten value is trusted; a file that is no scan gets
// its error line and the command fails at the end, after reading the others.
func TestExtractReadsEveryEntryOfRenderedRegisterPages(t *testing.T) {
	if testing.Short() {
		t.Skip("OCRs rendered pages")
	}
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"samples", "-family", "gro-register,gro-certified-copy", "-n", "3", "-seed", "8", "-o", dir},
		os.Getenv, nil, &out); err != nil {
		t.Fatal(err)
	}
	truths, files := truthsIn(t, dir)
	bad := filepath.Join(dir, "notes.png")
	os.WriteFile(bad, []byte("not a scan"), 0o644)
	out.Reset()
	err := run(context.Background(), append(append([]string{"extract", "--json"}, files...), bad), os.Getenv, nil, &out)
	if err == nil {
		t.Error("extract succeeded although one file is no scan")
	}
	var typed, typedRight, lines int
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines++
		var got extracted
		var e struct{ Error string }
		json.Unmarshal(sc.Bytes(), &got)
		json.Unmarshal(sc.Bytes(), &e)
		if got.File == bad {
			if e.Error == "" {
				t.Errorf("no error for the file that is no scan: %s", sc.Text())
			}
			continue
		}
		tr := truths[got.File]
		if len(got.Records) != len(tr.Records) {
			// Tesseract reads a hand too poorly to find every entry; a typed page's must all be found.
			if !tr.Hand {
				t.Errorf("%s: %d records, want %d", tr.File, len(got.Records), len(tr.Records))
			}
			for _, en := range got.Records {
				for key, f := range en.Fields {
					if !f.NeedsReview && tr.Hand {
						t.Errorf("%s entry %d %s = %q: handwritten, yet trusted", tr.File, en.Entry, key, f.Value)
					}
				}
			}
			continue
		}
		for i, rec := range tr.Records {
			en := got.Records[i]
			if en.Entry != i+1 || en.RecordType != rec.RecordType {
				t.Errorf("%s record %d: entry %d, %s; want %s", tr.File, i+1, en.Entry, en.RecordType, rec.RecordType)
			}
			for key, want := range rec.Fields {
				f, ok := en.Fields[key]
				hand := tr.Hand || rec.Handwritten[key]
				if !hand {
					typed++
					if ok && f.Value == want {
						typedRight++
					}
				}
				if ok && !f.NeedsReview && (hand || f.Value != want) {
					t.Errorf("%s entry %d %s = %q trusted (hand %v), truth %q", tr.File, i+1, key, f.Value, hand, want)
				}
			}
		}
	}
	if lines != len(files)+1 {
		t.Errorf("%d lines for %d files", lines, len(files)+1)
	}
	if typed == 0 || float64(typedRight) < 0.9*float64(typed) {
		t.Errorf("typed fields read right: %d of %d", typedRight, typed)
	}
	t.Logf("typed fields right %d/%d; output:\n%s", typedRight, typed, strings.TrimSpace(out.String())[:min(400, out.Len())])
}

// truthsIn reads the ground truth civreg samples wrote in dir, by the path of each scan.
func truthsIn(t *testing.T, dir string) (map[string]samples.Truth, []string) {
	truths := map[string]samples.Truth{}
	var files []string
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, name := range names {
		var tr samples.Truth
		b, _ := os.ReadFile(name)
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatal(err)
		}
		truths[filepath.Join(dir, tr.File)] = tr
		files = append(files, filepath.Join(dir, tr.File))
	}
	return truths, files
}
