package ocr

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"civreg"
	"civreg/extract"
	"civreg/internal/samples"
)

// readSamples draws generated pages of the families and reads each through the reader.
func readSamples(t *testing.T, r *Reader, families []string, n int, seed uint64) ([]samples.Truth, []*Result) {
	t.Helper()
	dir := t.TempDir()
	truths, err := samples.Render(dir, samples.Options{N: n, Seed: seed, Families: families})
	if err != nil {
		t.Skipf("samples: %v", err) // the Debian fonts of the register families are not installed
	}
	var out []*Result
	for _, tr := range truths {
		b, err := os.ReadFile(filepath.Join(dir, tr.File))
		if err != nil {
			t.Fatal(err)
		}
		media := map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".tif": "image/tiff"}[filepath.Ext(tr.File)]
		res, err := r.Read(context.Background(), b, media, 1)
		if err != nil {
			t.Fatalf("%s: %v", tr.File, err)
		}
		out = append(out, res)
	}
	return truths, out
}

// along is a rule's extent along its length and its place across it.
func along(b [4]int, vertical bool) (from, to, at int) {
	if vertical {
		return b[1], b[3], (b[0] + b[2]) / 2
	}
	return b[0], b[2], (b[1] + b[3]) / 2
}

// covered is the share of a drawn rule's length that found rules of its direction cover,
// standing within tol of it.
func covered(drawn [4]int, vertical bool, found []civreg.Rule, tol int) float64 {
	from, to, at := along(drawn, vertical)
	hit := make([]bool, to-from)
	for _, f := range found {
		if f.Vertical != vertical {
			continue
		}
		ff, ft, fa := along(f.Box, vertical)
		if abs(fa-at) > tol {
			continue
		}
		for x := max(ff-tol, from); x < min(ft+tol, to); x++ {
			hit[x-from] = true
		}
	}
	n := 0
	for _, h := range hit {
		if h {
			n++
		}
	}
	return float64(n) / float64(max(len(hit), 1))
}

// TestRulesAreTheBoxesSides reads generated boxed certificates and certified copies and
// compares the rules found with the rules the generator drew: every drawn rule long enough to
// be one is found along most of its length, and nearly all the length of the rules found is
// drawn rules (not a line of text, a stamp or a signature); a page drawn unruled has none.
func TestRulesAreTheBoxesSides(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	truths, results := readSamples(t, r, []string{"certificate-boxes", "gro-certified-copy"}, 8, 505)
	for i, tr := range truths {
		res := results[i]
		long := max(res.Width, res.Height)
		tol := max(4, long/150)
		var drawn []civreg.Rule
		for _, d := range tr.Rules {
			v := d[3]-d[1] > d[2]-d[0]
			drawn = append(drawn, civreg.Rule{Box: d, Vertical: v})
			if from, to, _ := along(d, v); float64(to-from) < 1.5*ruleMinShare*float64(long) {
				continue
			}
			if c := covered(d, v, res.Rules, tol); c < 0.8 {
				t.Errorf("%s: drawn rule %v (vertical %v) found along %.0f%% of it", tr.File, d, v, 100*c)
			}
		}
		if len(drawn) == 0 && len(res.Rules) > 0 {
			t.Errorf("%s: %d rules found on a page drawn unruled: %v", tr.File, len(res.Rules), res.Rules)
		}
		// A signature's straight stroke may pass for a short rule; by length, rules found are
		// nearly all drawn ones.
		stray, total := 0, 0
		for _, f := range res.Rules {
			from, to, _ := along(f.Box, f.Vertical)
			total += to - from
			if covered(f.Box, f.Vertical, drawn, tol) < 0.8 {
				stray += to - from
				t.Logf("%s: rule %v (vertical %v) found where none was drawn", tr.File, f.Box, f.Vertical)
			}
		}
		if len(drawn) > 0 && stray*10 > total {
			t.Errorf("%s: %d px of the %d px of rules found are not drawn ones", tr.File, stray, total)
		}
	}
}

// TestAnUnruledPageHasNoRules: a certificate printed line by line has its two drawn rules
// (under the title, after the last field) and nothing else, however much text; the corpus's
// unruled scan has none.
func TestAnUnruledPageHasNoRules(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	truths, results := readSamples(t, r, []string{"certificate-lines"}, 4, 506)
	for i, tr := range truths {
		res := results[i]
		for _, f := range res.Rules {
			if f.Vertical {
				t.Errorf("%s: a vertical rule %v found on a page with none", tr.File, f.Box)
			}
		}
		tol := max(4, max(res.Width, res.Height)/150)
		var drawn []civreg.Rule
		for _, d := range tr.Rules {
			drawn = append(drawn, civreg.Rule{Box: d})
		}
		for _, f := range res.Rules {
			if covered(f.Box, f.Vertical, drawn, tol) < 0.8 {
				t.Errorf("%s: rule %v found in the text, where none was drawn", tr.File, f.Box)
			}
		}
	}
	if res := read(t, r, "phototest.tif"); len(res.Rules) != 0 {
		t.Errorf("phototest: %d rules found on an unruled page: %v", len(res.Rules), res.Rules)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestBoxedPagesReadBoxByBox reads generated boxed certificates through Tesseract and the
// extractor: every value trusted is the truth, and at most one page in four is taken for a
// misfit (a box whose rules were not all found puts its label in no box, and the page trusts
// nothing). What a misfit does is tested on built pages (extract TestABoxedPageThatDoesNotFit).
func TestBoxedPagesReadBoxByBox(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	truths, results := readSamples(t, r, []string{"certificate-boxes"}, 4, 507)
	ex := &extract.Extractor{Forms: extract.BuiltinForms()}
	misfits := 0
	for i, tr := range truths {
		res := results[i]
		page := civreg.PageWords{Number: 1, Width: res.Width, Height: res.Height, Words: res.Words, Rules: res.Rules}
		en := ex.Read([]civreg.PageWords{page})[0]
		if en.Doubt != "" {
			misfits++
			t.Logf("%s: doubt %q on a page drawn as its design", tr.File, en.Doubt)
		}
		for _, f := range en.Fields {
			if !f.NeedsReview && f.Value != tr.Fields[f.Key] {
				t.Errorf("%s: %s trusted as %q, truth %q", tr.File, f.Key, f.Value, tr.Fields[f.Key])
			}
		}
	}
	if misfits > 1 {
		t.Errorf("%d of %d pages drawn as their design taken for misfits", misfits, len(truths))
	}
}
