package samples

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"civreg"
	"civreg/extract"

	_ "golang.org/x/image/tiff"
)

var recordTypes = []civreg.RecordType{civreg.Birth, civreg.Death, civreg.Marriage}

func testFonts(t testing.TB) fontBook {
	t.Helper()
	book, err := loadFonts(FontDir)
	if err != nil {
		t.Fatalf("%v (scripts/install.sh installs the fonts)", err)
	}
	return book
}

func family(t testing.TB, name string) Family {
	for _, f := range Families() {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no family %s", name)
	return Family{}
}

// entriesPerPage is how many entries a page of each family holds, least and most.
var entriesPerPage = map[string]map[civreg.RecordType][2]int{
	"gro-register":       {civreg.Birth: {2, 5}, civreg.Death: {2, 5}, civreg.Marriage: {2, 2}},
	"gro-certified-copy": {civreg.Birth: {1, 1}, civreg.Death: {1, 1}, civreg.Marriage: {1, 1}},
	"copy-form":          {civreg.Birth: {1, 1}, civreg.Death: {1, 1}, civreg.Marriage: {1, 1}},
	"ledger":             {civreg.Birth: {2, 5}, civreg.Death: {2, 5}, civreg.Marriage: {2, 5}},
	"parish-book":        {civreg.Birth: {2, 4}, civreg.Death: {2, 4}, civreg.Marriage: {2, 4}},
}

// requiredKeys are the fields every entry of a type writes (a father or a child's name may be
// left blank, as the registers did).
var requiredKeys = map[civreg.RecordType][]string{
	civreg.Birth: {"registration_number", "registration_date", "registration_district", "sex", "date_of_birth", "place_of_birth",
		"mother_name", "informant_name"},
	civreg.Death: {"registration_number", "registration_date", "registration_district", "deceased_name", "sex", "age",
		"date_of_death", "place_of_death", "cause_of_death", "informant_name"},
	civreg.Marriage: {"registration_number", "registration_district", "date_of_marriage", "place_of_marriage", "groom_name",
		"groom_age", "bride_name", "bride_age", "officiant_name"},
}

// TestEveryRegisterFamilyRendersAtEachResolution draws every register family, record type
// and resolution, typed and by hand, and checks the truth against the page: the number of
// entries, bands in page order inside the page and tiling no pixel twice, every field a type
// needs, and values stored as the spec says.
func TestEveryRegisterFamilyRendersAtEachResolution(t *testing.T) {
	book := testFonts(t)
	rng := rand.New(rand.NewPCG(5, 5))
	for _, f := range Families() {
		if !f.Register {
			continue
		}
		for _, dpi := range []int{150, 200, 240, 300} {
			for i, rt := range recordTypes {
				hand := (dpi/50+i)%2 == 0
				t.Run(fmt.Sprintf("%s/%d/%s/hand=%v", f.Name, dpi, rt, hand), func(t *testing.T) {
					p := f.draw(rng, book, rt, dpi, hand)
					checkPage(t, p, f.Name, rt, dpi, hand)
				})
			}
		}
	}
}

func checkPage(t *testing.T, p page, fam string, rt civreg.RecordType, dpi int, hand bool) {
	b := p.img.Bounds()
	wide := 15 * dpi
	if fam == "blind-spread" { // its pages are drawn wider
		wide = 18 * dpi
	}
	if b.Dx() < 8*dpi || b.Dx() > wide || b.Dy() < 7*dpi || b.Dy() > 20*dpi {
		t.Errorf("page %dx%d px at %d dpi: not a register page's size", b.Dx(), b.Dy(), dpi)
	}
	want, ok := entriesPerPage[fam][rt]
	if !ok {
		want = blindPerPage[fam][rt]
	}
	if n := len(p.records); n < want[0] || n > want[1] {
		t.Fatalf("%d entries; a %s page of %ss holds %d to %d", n, fam, rt, want[0], want[1])
	}
	lastBottom := 0
	for i, r := range p.records {
		reg := image.Rect(r.Region[0], r.Region[1], r.Region[2], r.Region[3])
		if r.Entry != i+1 || r.Page != 1 || r.RecordType != rt {
			t.Errorf("record %d: entry %d page %d type %s", i, r.Entry, r.Page, r.RecordType)
		}
		if reg.Empty() || !reg.In(b) || reg.Min.Y < lastBottom || reg.Dy() < dpi/4 {
			t.Errorf("entry %d: band %v on a %v page after %d", r.Entry, reg, b, lastBottom)
		}
		lastBottom = reg.Max.Y
		if ink := inked(p.img, reg); ink < 0.005 {
			t.Errorf("entry %d: its band %v is blank (%.4f inked)", r.Entry, reg, ink)
		}
		checkFields(t, r, rt, hand)
	}
}

// inked is the share of a region's pixels that are ink.
func inked(img *image.Gray, r image.Rectangle) float64 {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.GrayAt(x, y).Y < 128 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

func checkFields(t *testing.T, r RecordTruth, rt civreg.RecordType, hand bool) {
	for _, k := range requiredKeys[rt] {
		if r.Fields[k] == "" || r.Printed[k] == "" {
			t.Errorf("entry %d lacks %s: %q printed %q", r.Entry, k, r.Fields[k], r.Printed[k])
		}
	}
	for k, v := range r.Fields {
		if _, ok := r.Printed[k]; !ok {
			t.Errorf("entry %d: %s stored but not printed", r.Entry, k)
		}
		if hand != r.Handwritten[k] && k != "registration_district" {
			t.Errorf("entry %d: %s handwritten %v on a page filled by hand %v", r.Entry, k, r.Handwritten[k], hand)
		}
		switch k {
		case "date_of_birth", "date_of_death", "date_of_marriage", "registration_date":
			if _, err := strconv.Atoi(strings.ReplaceAll(v, "-", "")); err != nil || len(v) != 10 {
				t.Errorf("entry %d: %s %q is not an ISO date", r.Entry, k, v)
			}
		case "sex":
			if v != "M" && v != "F" {
				t.Errorf("entry %d: sex %q", r.Entry, v)
			}
		case "age", "groom_age", "bride_age":
			if _, err := strconv.Atoi(v); err != nil {
				t.Errorf("entry %d: %s %q is not whole years", r.Entry, k, v)
			}
		case "registration_district":
			if !contains(Districts, v) {
				t.Errorf("entry %d: district %q is not in the gazetteer", r.Entry, v)
			}
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestRegisterDatesReadBack: every way the registers write a date reads back to the stored
// date through the extractor's date parser; dates in words too once the parser reads them.
func TestRegisterDatesReadBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	_, wordsKnown := extract.ParseDate("Twenty-first November 1988")
	for i := 0; i < 400; i++ {
		d := date{1925 + rng.IntN(100), 1 + rng.IntN(12), 1 + rng.IntN(28)}
		printed := registerDate(rng, d)
		if !wordsKnown && !strings.ContainsAny(printed[:1], "0123456789") {
			continue
		}
		if got, ok := extract.ParseDate(printed); !ok || got != d.iso() {
			t.Errorf("ParseDate(%q) = %q, %v; want %s", printed, got, ok, d.iso())
		}
	}
	for day := 1; day <= 31; day++ {
		d := date{1987, 3, day}
		words := dateInWords(d)
		if !strings.HasPrefix(words, dayWords[day-1]+" March") || !strings.HasSuffix(words, " 1987") {
			t.Errorf("dateInWords(%v) = %q", d, words)
		}
		if got, ok := extract.ParseDate(words); wordsKnown && (!ok || got != d.iso()) {
			t.Errorf("ParseDate(%q) = %q, %v; want %s", words, got, ok, d.iso())
		}
	}
	if !wordsKnown {
		t.Log("extract.ParseDate does not read dates in words yet: checked the figures only")
	}
}

// TestSameSeedSameBytes: two renders with one seed write the same files, byte for byte.
func TestSameSeedSameBytes(t *testing.T) {
	var names []string
	for _, f := range Families() {
		names = append(names, f.Name)
	}
	o := Options{N: len(names), Seed: 42, Families: names}
	a, b := t.TempDir(), t.TempDir()
	if _, err := Render(a, o); err != nil {
		t.Fatal(err)
	}
	if _, err := Render(b, o); err != nil {
		t.Fatal(err)
	}
	files, _ := os.ReadDir(a)
	if len(files) != 2*len(names) {
		t.Fatalf("%d files for %d scans", len(files), len(names))
	}
	for _, f := range files {
		x, _ := os.ReadFile(filepath.Join(a, f.Name()))
		y, err := os.ReadFile(filepath.Join(b, f.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two renders of one seed", f.Name())
		}
	}
}

// TestLayoutsVaryPageToPage: register pages drawn from different seeds, and pages of one
// seed, differ in size and where their entries stand; a few fixed pages would not.
func TestLayoutsVaryPageToPage(t *testing.T) {
	book := testFonts(t)
	for _, fam := range []string{"gro-register", "ledger", "parish-book"} {
		seen := map[string]bool{}
		for seed := uint64(0); seed < 6; seed++ {
			rng := rand.New(rand.NewPCG(seed, 0))
			p := family(t, fam).draw(rng, book, civreg.Birth, 150, false)
			layout := fmt.Sprint(p.img.Bounds().Size(), p.records[0].Region, len(p.records))
			if seen[layout] {
				t.Errorf("%s: seed %d drew a layout already drawn: %s", fam, seed, layout)
			}
			seen[layout] = true
		}
	}
}

// TestRegisterRowLayoutsVaryPageToPage: register-row pages differ in paper, type and the
// heights of their heading band and row, each drawn within its range, and the ink of a page
// stays on it (the row's values are not cut off at the paper's foot).
func TestRegisterRowLayoutsVaryPageToPage(t *testing.T) {
	seen := map[string]bool{}
	for seed := uint64(0); seed < 8; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1))
		lp := drawRegisterPage(rng)
		if lp.wIn < 10.5 || lp.wIn > 14 || lp.headPt < 7 || lp.headPt > 9.5 || lp.valPt < 8.5 || lp.valPt > 11 || lp.topIn < 1 || lp.topIn > 1.8 {
			t.Errorf("seed %d: layout out of its ranges: %+v", seed, lp)
		}
		key := fmt.Sprintf("%.2f %.2f %.1f %.1f %.2f %d %d", lp.wIn, lp.hIn, lp.headPt, lp.valPt, lp.topIn, lp.headLines, lp.valLines)
		if seen[key] {
			t.Errorf("seed %d drew a layout already drawn: %s", seed, key)
		}
		seen[key] = true
		tr, img, err := certificateOf(rand.New(rand.NewPCG(seed, 2)), "register-row", civreg.Death, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		if tr.Family != "register-row" || b.Dy() < int(7.5*float64(tr.DPI)) {
			t.Errorf("seed %d: %s page %v at %d dpi", seed, tr.Family, b, tr.DPI)
		}
		// The last tenth of the page is paper: the table ends above it.
		for y := b.Max.Y - b.Dy()/10; y < b.Max.Y; y++ {
			for x := 0; x < b.Max.X; x += 3 {
				if img.GrayAt(x, y).Y < 128 {
					t.Fatalf("seed %d: ink at %d,%d in the page's last tenth", seed, x, y)
				}
			}
		}
	}
}

// TestRenderChoosesFamilies: the default draws every family but the held-out ones,
// HeldOut only those, Families only the named ones, and an unknown name is refused.
func TestRenderChoosesFamilies(t *testing.T) {
	cases := []struct {
		name    string
		o       Options
		heldOut bool
		only    []string
	}{
		{"default", Options{N: 7}, false, nil},
		{"held out", Options{N: 4, HeldOut: true}, true, []string{"ledger", "parish-book"}},
		{"named", Options{N: 3, Families: []string{"gro-certified-copy"}}, false, []string{"gro-certified-copy"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.o.Seed = 3
			truths, err := Render(t.TempDir(), c.o)
			if err != nil {
				t.Fatal(err)
			}
			for _, tr := range truths {
				if tr.HeldOut != c.heldOut || (c.only != nil && !contains(c.only, tr.Family)) || len(tr.Records) == 0 {
					t.Errorf("%s: family %s held out %v, %d records", tr.File, tr.Family, tr.HeldOut, len(tr.Records))
				}
			}
		})
	}
	if _, err := Render(t.TempDir(), Options{N: 1, Families: []string{"parish-ledger"}}); err == nil || !strings.Contains(err.Error(), "gro-register") {
		t.Errorf("an unknown family: %v; want an error listing the families", err)
	}
}

// TestMissingFontNamesItsPackage: without the Debian fonts, Render says which package to
// install and writes nothing.
func TestMissingFontNamesItsPackage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "scans")
	_, err := Render(out, Options{N: 2, Families: []string{"gro-register"}, FontDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "install the Debian package fonts-") {
		t.Fatalf("err = %v; want the package to install", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output folder was made: %v", err)
	}
}

// TestGenerateFillsRecords: the certificates carry their one record, the whole page, with
// the fields of the single-record truth.
func TestGenerateFillsRecords(t *testing.T) {
	truths, err := Generate(t.TempDir(), 4, 11, extract.BuiltinForms())
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range truths {
		if len(tr.Records) != 1 || tr.Records[0].RecordType != tr.RecordType || tr.Records[0].Region[2] == 0 ||
			fmt.Sprint(tr.Records[0].Fields) != fmt.Sprint(tr.Fields) || tr.Family == "" {
			t.Errorf("%s: family %q records %+v", tr.File, tr.Family, tr.Records)
		}
	}
}

// TestTesseractFindsEachEntryInItsBand: Tesseract reads a typed page of each register
// family; each entry's name is read inside that entry's band, and its number there and
// nowhere else (a number's digits elsewhere are another entry's date).
func TestTesseractFindsEachEntryInItsBand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Tesseract")
	}
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("no tesseract")
	}
	book := testFonts(t)
	for _, c := range []struct {
		fam string
		rt  civreg.RecordType
		key string
	}{{"gro-register", civreg.Death, "deceased_name"}, {"gro-register", civreg.Marriage, "groom_name"}, {"ledger", civreg.Birth, "mother_name"},
		{"parish-book", civreg.Death, "deceased_name"}} {
		t.Run(c.fam+"/"+string(c.rt), func(t *testing.T) {
			p := family(t, c.fam).draw(rand.New(rand.NewPCG(21, 1)), book, c.rt, 300, false)
			words := tesseractWords(t, p.img)
			for _, r := range p.records {
				in := func(w ocrWord) bool {
					cy := w.box.Min.Y + w.box.Dy()/2
					return cy >= r.Region[1] && cy < r.Region[3]
				}
				name, number := strings.Fields(r.Printed[c.key]), r.Printed["registration_number"]
				names, numbers, elsewhere := 0, 0, 0
				for _, w := range words {
					switch {
					case contains(name, w.text) && in(w):
						names++
					case w.text == number && in(w):
						numbers++
					case w.text == number && !sharedWord(p.records, r, w.text):
						elsewhere++
					}
				}
				if names == 0 || numbers == 0 || elsewhere > 0 {
					t.Errorf("entry %d %q no. %s: in its band %v %d name words and %d numbers read, %d numbers outside",
						r.Entry, name, number, r.Region, names, numbers, elsewhere)
				}
			}
		})
	}
}

// sharedWord says another entry writes the word too, so reading it in that entry is right.
func sharedWord(records []RecordTruth, self RecordTruth, word string) bool {
	for _, r := range records {
		if r.Entry == self.Entry {
			continue
		}
		for _, v := range r.Printed {
			if contains(strings.Fields(strings.ReplaceAll(v, ",", " ")), word) {
				return true
			}
		}
	}
	return false
}

type ocrWord struct {
	text string
	box  image.Rectangle
}

func tesseractWords(t *testing.T, img *image.Gray) []ocrWord {
	f := filepath.Join(t.TempDir(), "page.png")
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(f, b.Bytes(), 0o644)
	out, err := exec.Command("tesseract", f, "-", "--psm", "11", "tsv").Output()
	if err != nil {
		t.Fatalf("tesseract: %v", err)
	}
	var words []ocrWord
	for _, line := range strings.Split(string(out), "\n")[1:] {
		c := strings.Split(line, "\t")
		if len(c) < 12 || strings.TrimSpace(c[11]) == "" {
			continue
		}
		n := make([]int, 4)
		for i := range n {
			n[i], _ = strconv.Atoi(c[6+i])
		}
		words = append(words, ocrWord{strings.Trim(c[11], ",."), image.Rect(n[0], n[1], n[0]+n[2], n[1]+n[3])})
	}
	return words
}

// BenchmarkPage draws pages of each family, degraded and encoded as the command writes them.
func BenchmarkPage(b *testing.B) {
	for _, f := range Families() {
		b.Run(f.Name, func(b *testing.B) {
			if _, err := Render(b.TempDir(), Options{N: b.N, Seed: 1, Families: []string{f.Name}}); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// TestBitonalScansHaveNoGreys: a page scanned bitonal holds only black and white (unless
// saved as JPEG, which smears it); a page scanned in grey keeps its greys.
func TestBitonalScansHaveNoGreys(t *testing.T) {
	book := testFonts(t)
	dir := t.TempDir()
	checked := 0
	for i := range 12 {
		rng := rand.New(rand.NewPCG(uint64(i), 4))
		p := groRegister(rng, book, civreg.Death, 150, false)
		tr := Truth{File: fmt.Sprintf("page-%d", i)}
		bitonal := float64(i % 2)
		if err := finish(rng, dir, p.img, &tr, bitonal); err != nil {
			t.Fatal(err)
		}
		if tr.Bitonal != (bitonal == 1) {
			t.Errorf("%s: bitonal %v", tr.File, tr.Bitonal)
		}
		if tr.Format == "jpg" {
			continue
		}
		checked++
		f, _ := os.Open(filepath.Join(dir, tr.File))
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", tr.File, err)
		}
		greys := 0
		for _, v := range img.(*image.Gray).Pix {
			if v != 0 && v != 255 {
				greys++
			}
		}
		if tr.Bitonal != (greys == 0) {
			t.Errorf("%s: bitonal %v with %d grey pixels", tr.File, tr.Bitonal, greys)
		}
	}
	if checked < 4 {
		t.Errorf("only %d pages not JPEG", checked)
	}
}

// TestRenderMixesHandAndType: over a run, about as many register pages are handwritten as the
// family's rate says, the first ones included (unscrambled seeds drew 9 of the first 10 by hand).
func TestRenderMixesHandAndType(t *testing.T) {
	truths, err := Render(t.TempDir(), Options{N: 10, Seed: 11, Families: []string{"gro-register"}})
	if err != nil {
		t.Fatal(err)
	}
	hand := 0
	for _, tr := range truths {
		if tr.Hand {
			hand++
		}
	}
	if hand < 2 || hand > 8 {
		t.Errorf("%d of 10 pages by hand; the family's rate is 0.45", hand)
	}
}

// TestCertificatesAreTheSizeTheirTruthSays: a certificate's page measures its paper at the
// resolution its truth gives (a register row's, paper drawn within its range), turned as the
// truth says, and its one record covers it.
func TestCertificatesAreTheSizeTheirTruthSays(t *testing.T) {
	dir := t.TempDir()
	truths, err := Render(dir, Options{N: 9, Seed: 2, Families: []string{"certificate-lines", "certificate-boxes", "register-row"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range truths {
		f, _ := os.Open(filepath.Join(dir, tr.File))
		cfg, _, err := image.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", tr.File, err)
		}
		w, h := cfg.Width, cfg.Height
		if tr.Rotation == 90 || tr.Rotation == 270 {
			w, h = h, w
		}
		r := tr.Records[0].Region
		if tr.Family == "register-row" {
			// A register page's paper is drawn for each page: A4 landscape to foolscap.
			win, hin := float64(w)/float64(tr.DPI), float64(h)/float64(tr.DPI)
			if win < 10.5 || win > 14 || hin < 7.5 || hin > 9.5 || r != [4]int{0, 0, w, h} {
				t.Errorf("%s: %dx%d px at %d dpi, region %v", tr.File, w, h, tr.DPI, r)
			}
			continue
		}
		if w != int(5.8*float64(tr.DPI)) || h != int(8.3*float64(tr.DPI)) || r != [4]int{0, 0, w, h} {
			t.Errorf("%s: %dx%d px at %d dpi, region %v", tr.File, w, h, tr.DPI, r)
		}
	}
}

// TestSomeRegisterPagesAreUnruled: about one register page in four is drawn with no ruled
// lines, chosen from a stream of its own, so the same page drawn ruled holds the same
// entries; the unruled page's truth has no rules and its records are the ruled page's.
func TestSomeRegisterPagesAreUnruled(t *testing.T) {
	n := 0
	for i := range 400 {
		if unruledPage(7, i) {
			n++
		}
	}
	if n < 70 || n > 130 {
		t.Errorf("%d of 400 pages unruled, want about a quarter", n)
	}
	book := testFonts(t)
	for _, name := range []string{"gro-register", "register-row"} {
		f := family(t, name)
		for seed := range uint64(3) {
			ruled, _, err := drawFamily(rand.New(rand.NewPCG(seed, 9)), f, book, civreg.Birth, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			bare, _, err := drawFamily(rand.New(rand.NewPCG(seed, 9)), f, book, civreg.Birth, nil, true)
			if err != nil {
				t.Fatal(err)
			}
			if ruled.Unruled || len(ruled.Rules) == 0 || !bare.Unruled || len(bare.Rules) > 0 {
				t.Errorf("%s seed %d: ruled page unruled %v with %d rules, unruled one %v with %d", name, seed, ruled.Unruled, len(ruled.Rules), bare.Unruled, len(bare.Rules))
			}
			if len(bare.Records) != len(ruled.Records) {
				t.Fatalf("%s seed %d: %d records unruled, %d ruled", name, seed, len(bare.Records), len(ruled.Records))
			}
			for k, r := range bare.Records {
				if fmt.Sprint(r.Fields) != fmt.Sprint(ruled.Records[k].Fields) {
					t.Errorf("%s seed %d entry %d: unruled %v, ruled %v", name, seed, k+1, r.Fields, ruled.Records[k].Fields)
				}
			}
		}
	}
}

// TestFixedSeedRegisterPagesStayRuled: the register pages the fixed-seed tests of the workers,
// the command and this package were written on are drawn ruled, as they were before some
// pages were drawn unruled.
func TestFixedSeedRegisterPagesStayRuled(t *testing.T) {
	// seed 2 draws three families, the register rows third; the others are register pages only
	pages := map[uint64][]int{2: {2, 5, 8}, 6: {0, 1, 2, 3, 4, 5}, 7: {0, 1}, 11: {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 31: {0}, 32: {0}}
	for seed, is := range pages {
		for _, i := range is {
			if unruledPage(seed, i) {
				t.Errorf("seed %d page %d is drawn unruled", seed, i+1)
			}
		}
	}
}
