package samples

import (
	"bytes"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"civreg"
)

// blindPerPage is how many entries a page of each blind family holds, least and most.
var blindPerPage = map[string]map[civreg.RecordType][2]int{
	"blind-spread":     {civreg.Birth: {2, 5}, civreg.Death: {2, 5}, civreg.Marriage: {2, 2}},
	"blind-unruled":    {civreg.Birth: {2, 5}, civreg.Death: {2, 5}, civreg.Marriage: {2, 3}},
	"blind-copy-boxes": {civreg.Birth: {1, 1}, civreg.Death: {1, 1}, civreg.Marriage: {1, 1}},
}

// TestBlindFamiliesRenderAtEachResolution draws every blind family, record type and
// resolution, typed and by hand (the typed copy always typed), and checks the truth against
// the page: the number of entries, bands in page order inside the page, not blank, every
// field a type needs, values stored as the spec says.
func TestBlindFamiliesRenderAtEachResolution(t *testing.T) {
	book := testFonts(t)
	rng := rand.New(rand.NewPCG(7, 7))
	for _, f := range BlindFamilies() {
		if !f.Blind || !f.HeldOut || !f.Register {
			t.Errorf("%s: blind %v, held out %v, register %v", f.Name, f.Blind, f.HeldOut, f.Register)
		}
		for _, dpi := range []int{150, 200, 300} {
			for i, rt := range recordTypes {
				hand := (dpi/50+i)%2 == 0 && f.handRate > 0
				t.Run(fmt.Sprintf("%s/%d/%s/hand=%v", f.Name, dpi, rt, hand), func(t *testing.T) {
					p := f.draw(rng, book, rt, dpi, hand)
					checkPage(t, p, f.Name, rt, dpi, hand)
				})
			}
		}
	}
}

// TestBlindSetIsDrawnOnlyWhenAsked: neither the default, nor every family, nor the held-out
// ones draw a blind family; Blind draws only them, each in turn, held out and marked blind;
// a blind family named is drawn alone.
func TestBlindSetIsDrawnOnlyWhenAsked(t *testing.T) {
	for _, c := range []struct {
		name  string
		o     Options
		blind bool
	}{
		{"default", Options{N: 8}, false},
		{"held out", Options{N: 4, HeldOut: true}, false},
		{"blind", Options{N: 6, Blind: true}, true},
		{"named", Options{N: 2, Families: []string{"blind-copy-boxes"}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.o.Seed = 4
			truths, err := Render(t.TempDir(), c.o)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, tr := range truths {
				seen[tr.Family] = true
				if tr.Blind != c.blind || strings.HasPrefix(tr.Family, "blind-") != c.blind || (c.blind && !tr.HeldOut) || len(tr.Records) == 0 {
					t.Errorf("%s: family %s blind %v held out %v, %d records", tr.File, tr.Family, tr.Blind, tr.HeldOut, len(tr.Records))
				}
			}
			if c.name == "blind" && len(seen) != len(BlindFamilies()) {
				t.Errorf("drew %v; want every blind family", seen)
			}
			if c.name == "named" && (len(seen) != 1 || !seen["blind-copy-boxes"]) {
				t.Errorf("drew %v; want blind-copy-boxes alone", seen)
			}
		})
	}
}

// TestBlindSameSeedSameBytes: two renders of the blind set with one seed write the same
// files, byte for byte, and another seed writes other pages.
func TestBlindSameSeedSameBytes(t *testing.T) {
	n := 2 * len(BlindFamilies())
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, r := range []struct {
		dir  string
		seed uint64
	}{{a, 42}, {b, 42}, {c, 43}} {
		if _, err := Render(r.dir, Options{N: n, Seed: r.seed, Blind: true}); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := os.ReadDir(a)
	if len(files) != 2*n {
		t.Fatalf("%d files for %d scans", len(files), n)
	}
	differ := 0
	for _, f := range files {
		x, _ := os.ReadFile(filepath.Join(a, f.Name()))
		y, err := os.ReadFile(filepath.Join(b, f.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two renders of one seed", f.Name())
		}
		if z, err := os.ReadFile(filepath.Join(c, f.Name())); err != nil || !bytes.Equal(x, z) {
			differ++
		}
	}
	if differ < n {
		t.Errorf("only %d of %d files differ between seeds 42 and 43", differ, 2*n)
	}
}

// TestBlindLayoutsVaryPageToPage: pages of each blind family drawn from different seeds
// differ in size and where their entries stand.
func TestBlindLayoutsVaryPageToPage(t *testing.T) {
	book := testFonts(t)
	for _, f := range BlindFamilies() {
		seen := map[string]bool{}
		for seed := uint64(0); seed < 6; seed++ {
			p := f.draw(rand.New(rand.NewPCG(seed, 3)), book, civreg.Death, 150, false)
			layout := fmt.Sprint(p.img.Bounds().Size(), p.records[0].Region, len(p.records))
			if seen[layout] {
				t.Errorf("%s: seed %d drew a layout already drawn: %s", f.Name, seed, layout)
			}
			seen[layout] = true
		}
	}
}

// TestBlindTruthIsOnThePage: Tesseract reads a typed 300 dpi page of each blind family and
// record type, and most words of each entry's printed values are read inside that entry's
// band: the truth says what the page shows, where it shows it.
func TestBlindTruthIsOnThePage(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Tesseract")
	}
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("no tesseract")
	}
	book := testFonts(t)
	for _, f := range BlindFamilies() {
		for _, rt := range recordTypes {
			t.Run(f.Name+"/"+string(rt), func(t *testing.T) {
				p := f.draw(rand.New(rand.NewPCG(23, uint64(len(rt)))), book, rt, 300, false)
				words := tesseractWords(t, p.img)
				for _, r := range p.records {
					want, got := bandWords(r, words)
					if got < want*8/10 {
						t.Errorf("entry %d band %v: %d of its %d value words read inside it", r.Entry, r.Region, got, want)
					}
				}
			})
		}
	}
}

// bandWords counts an entry's printed value words of three letters or more, the district's
// aside (the page header prints it once), and how many of them were read inside its band.
func bandWords(r RecordTruth, read []ocrWord) (want, got int) {
	in := func(w ocrWord) bool {
		cx, cy := (w.box.Min.X+w.box.Max.X)/2, (w.box.Min.Y+w.box.Max.Y)/2
		return image.Pt(cx, cy).In(image.Rect(r.Region[0], r.Region[1], r.Region[2], r.Region[3]))
	}
	for k, v := range r.Printed {
		if k == "registration_district" {
			continue
		}
		for _, word := range strings.Fields(strings.NewReplacer(",", " ", ".", " ").Replace(v)) {
			if len(word) < 3 {
				continue
			}
			want++
			for _, w := range read {
				if strings.EqualFold(strings.Trim(w.text, ",.;:"), word) && in(w) {
					got++
					break
				}
			}
		}
	}
	return want, got
}
