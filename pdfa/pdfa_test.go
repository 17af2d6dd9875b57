package pdfa

import (
	"civreg"

	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "golang.org/x/image/tiff"

	"civreg/internal/testfiles"
)

var testDoc = Document{Title: "Birth record B1-2026/0042", Identifier: "B1-2026/0042", Subject: "test",
	Dates:   []string{"1987-03-02"},
	Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Modified: time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC), Key: "record 1 version 2"}

func build(t *testing.T, pages ...Page) ([]byte, *Written) {
	t.Helper()
	var b bytes.Buffer
	w, err := Write(context.Background(), &b, testDoc, pages)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), w
}

func corpusFile(t *testing.T, path string) []byte {
	t.Helper()
	dir, file := filepath.Split(path)
	b, err := os.ReadFile(filepath.Join(corpusDir(t, filepath.Clean(dir)), file))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func verifyOK(t *testing.T, name string, pdf []byte) {
	t.Helper()
	rep, err := Verify(bytes.NewReader(pdf))
	if err != nil || !rep.OK() || rep.Part != 2 || rep.Conformance != "U" {
		t.Errorf("%s: %+v, %v", name, rep, err)
	}
}

// TestEveryScanFormatMakesAVerifiedArchive: each kind of scan becomes a PDF/A-2u page; JPEG,
// PNG and CCITT G4 pages keep their compressed bytes as scanned.
func TestEveryScanFormatMakesAVerifiedArchive(t *testing.T) {
	words := &civreg.PageWords{Width: 100, Height: 100, Words: []civreg.Word{{Text: "Basseterre", Box: [4]int{10, 10, 60, 20}}, {Text: "Nevis—Ñ", Box: [4]int{10, 30, 60, 40}}}}
	cases := []struct {
		name, mediaType string
		scan            []byte
		asIs            []byte // bytes that must appear unchanged in the archive
		how             string
	}{
		{"colour JPEG", "image/jpeg", corpusFile(t, "ocrmypdf/baiona_color.jpg"), corpusFile(t, "ocrmypdf/baiona_color.jpg"), "JPEG embedded"},
		{"CMYK JPEG", "image/jpeg", corpusFile(t, "ocrmypdf/baiona_cmyk.jpg"), nil, "losslessly"},
		{"grey PNG", "image/png", corpusFile(t, "ocrmypdf/baiona_gray.png"), nil, "PNG image data"},
		{"palette PNG", "image/png", corpusFile(t, "ocrmypdf/baiona_colormapped.png"), nil, "PNG image data"},
		{"PNG with alpha", "image/png", corpusFile(t, "ocrmypdf/baiona_alpha.png"), nil, "losslessly"},
		{"G4 TIFF", "image/tiff", corpusFile(t, "tesseract/8071_093.3B.tif"), nil, "CCITT G4"},
		{"TIFF", "image/tiff", corpusFile(t, "tesseract/phototest.tif"), nil, ""},
		{"generated PNG", "image/png", testfiles.PNG(300, 200, 1), nil, ""},
		{"scanned PDF (G4)", "application/pdf", corpusFile(t, "ocrmypdf/ccitt.pdf"), nil, "PDF page's image embedded as scanned (CCITTFaxDecode)"},
		{"PDF with a palette image", "application/pdf", corpusFile(t, "ocrmypdf/palette.pdf"), nil, "rendered"},
	}
	for _, c := range cases {
		pdf, w := build(t, Page{Scan: c.scan, MediaType: c.mediaType, ScanPage: 1, Words: words})
		verifyOK(t, c.name, pdf)
		if c.asIs != nil && !bytes.Contains(pdf, c.asIs) {
			t.Errorf("%s: the scan's bytes are not in the archive as they were", c.name)
		}
		if c.how != "" && !strings.Contains(w.Pages[0], c.how) {
			t.Errorf("%s: embedded %q, want %q", c.name, w.Pages[0], c.how)
		}
	}
}

// TestMultiPageArchive: a multi-page TIFF gives one page per scan page, each at its own size.
func TestMultiPageArchive(t *testing.T) {
	tif := testfiles.MultiPageTIFF(3, 1)
	pdf, w := build(t, Page{Scan: tif, MediaType: "image/tiff", ScanPage: 1}, Page{Scan: tif, MediaType: "image/tiff", ScanPage: 3},
		Page{Scan: testfiles.JPEG(640, 480, 1), MediaType: "image/jpeg", ScanPage: 1})
	verifyOK(t, "multi-page", pdf)
	if len(w.Pages) != 3 {
		t.Errorf("pages %v", w.Pages)
	}
	path := filepath.Join(t.TempDir(), "m.pdf")
	os.WriteFile(path, pdf, 0o644)
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil || !regexp.MustCompile(`Pages:\s+3\n`).Match(info) {
		t.Errorf("pdfinfo: %v\n%s", err, info)
	}
}

// TestArchiveIsReproducible: the same record version gives the same bytes, so a retried archive
// stage finds the copy it stored before.
func TestArchiveIsReproducible(t *testing.T) {
	p := Page{Scan: corpusFile(t, "ocrmypdf/baiona_gray.png"), MediaType: "image/png", ScanPage: 1}
	a, _ := build(t, p)
	b, _ := build(t, p)
	if !bytes.Equal(a, b) {
		t.Fatal("two builds of the same archive differ")
	}
}

// TestPageSizeFollowsResolution: a 300 dpi letter-size JPEG becomes an 8.5 × 11 inch page.
func TestPageSizeFollowsResolution(t *testing.T) {
	raw := testfiles.JPEG(2550, 3300, 1)
	// Go's encoder writes no JFIF header: add one saying 300 dots per inch.
	jfif := []byte{0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1, 0x01, 0x2c, 0x01, 0x2c, 0, 0}
	img := append(append(append([]byte{}, raw[:2]...), jfif...), raw[2:]...)
	if jpegDPI(img) != 300 {
		t.Fatalf("the test JPEG says %v dpi", jpegDPI(img))
	}
	pdf, _ := build(t, Page{Scan: img, MediaType: "image/jpeg", ScanPage: 1})
	path := filepath.Join(t.TempDir(), "p.pdf")
	os.WriteFile(path, pdf, 0o644)
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil || !regexp.MustCompile(`Page size:\s+612 x 792 pts`).Match(info) {
		t.Errorf("pdfinfo: %v\n%s; want a 612 × 792 point page", err, info)
	}
}

// TestVerifierCatchesBrokenArchives: the verifier finds what breaks PDF/A in a file that was
// good, so a bad copy is never stored as preserved.
func TestVerifierCatchesBrokenArchives(t *testing.T) {
	good, _ := build(t, Page{Scan: corpusFile(t, "ocrmypdf/baiona_gray.png"), MediaType: "image/png", ScanPage: 1})
	verifyOK(t, "good", good)
	same := func(a, b string) { // replacements keep every byte offset
		if len(a) != len(b) {
			t.Fatalf("%q and %q differ in length", a, b)
		}
	}
	cases := []struct{ clause, from, to string }{
		{"6.1.2", "%PDF-1.7", "%PDF-2.0"},
		{"6.6.4", "<pdfaid:part>2</pdfaid:part>", "<pdfaid:part>3</pdfaid:part>"},
		{"6.6.2.3.1", "<xmp:CreateDate>2026", "<xmp:CreateDate>Y026"},
		{"6.1.7.2", "/Filter/FlateDecode", "/Filter/LZWDecode  "},
	}
	for _, c := range cases {
		same(c.from, c.to)
		if !bytes.Contains(good, []byte(c.from)) {
			t.Fatalf("%q not in the archive", c.from)
		}
		bad := bytes.Replace(good, []byte(c.from), []byte(c.to), 1)
		rep, _ := Verify(bytes.NewReader(bad))
		found := false
		for _, f := range rep.Failures {
			found = found || f.Clause == c.clause
		}
		if !found {
			t.Errorf("changing %q to %q: failures %+v, want clause %s", c.from, c.to, rep.Failures, c.clause)
		}
	}
	// PDF/A-2 lets the Info dictionary differ from the XMP: a note, not a failure.
	retitled := bytes.Replace(good, []byte(`x-default">Birth record`), []byte(`x-default">Dirth record`), 1)
	if rep, _ := Verify(bytes.NewReader(retitled)); !rep.OK() || !strings.HasPrefix(strings.Join(rep.Notes, ";"), "6.1.5") {
		t.Errorf("an Info Title differing from the XMP's: failures %+v, notes %q; want no failure and a 6.1.5 note", rep.Failures, rep.Notes)
	}
	rep, _ := Verify(bytes.NewReader(append(bytes.Clone(good), "trailing junk"...)))
	if rep.OK() {
		t.Error("bytes after the end-of-file marker not caught")
	}
	rep, _ = Verify(bytes.NewReader(good[:len(good)/2]))
	if rep.OK() {
		t.Error("a truncated archive verified")
	}
	rep, _ = Verify(strings.NewReader("not a pdf at all"))
	if rep.OK() {
		t.Error("a text file verified")
	}
}

// TestXMPBombIsRefused: an XMP packet with entity declarations (the billion laughs) is refused
// before any expansion.
func TestXMPBombIsRefused(t *testing.T) {
	bomb := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&lol3;</x:xmpmeta>`
	start := time.Now()
	if _, err := parseXML([]byte(bomb)); err == nil {
		t.Fatal("XMP with a DTD accepted")
	}
	if time.Since(start) > time.Second {
		t.Fatal("the bomb took too long to refuse")
	}
}

// TestArchivedPagesLookLikeTheScans renders each archive page with poppler at the scan's own
// resolution and compares it with the scan decoded: every way of embedding a page (as it is,
// or decoded and stored losslessly) must show the same picture.
func TestArchivedPagesLookLikeTheScans(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, mediaType string
		scan            []byte
	}{
		{"G4 TIFF", "image/tiff", corpusFile(t, "tesseract/8071_093.3B.tif")},
		{"phototest TIFF", "image/tiff", corpusFile(t, "tesseract/phototest.tif")},
		{"Deflate TIFF", "image/tiff", testfiles.TIFF(500, 400, 3)},
		{"grey PNG", "image/png", corpusFile(t, "ocrmypdf/baiona_gray.png")},
		{"palette PNG", "image/png", corpusFile(t, "ocrmypdf/baiona_colormapped.png")},
		{"alpha PNG", "image/png", corpusFile(t, "ocrmypdf/baiona_alpha.png")},
		{"colour JPEG", "image/jpeg", corpusFile(t, "ocrmypdf/baiona_color.jpg")},
		{"scanned PDF (G4)", "application/pdf", corpusFile(t, "ocrmypdf/ccitt.pdf")},
	} {
		pdf, _ := build(t, Page{Scan: c.scan, MediaType: c.mediaType, ScanPage: 1})
		img, err := embedImage(context.Background(), c.scan, c.mediaType, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "a.pdf")
		os.WriteFile(path, pdf, 0o644)
		out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(img.dpi), "-gray", "-singlefile", "-png", path, filepath.Join(dir, "r")).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: pdftoppm: %v %s", c.name, err, out)
		}
		rb, _ := os.ReadFile(filepath.Join(dir, "r.png"))
		rendered, _, err := image.Decode(bytes.NewReader(rb))
		if err != nil {
			t.Fatal(err)
		}
		var original image.Image
		if c.mediaType == "application/pdf" { // the scan as poppler shows it, at the same resolution
			src := filepath.Join(dir, "src.pdf")
			os.WriteFile(src, c.scan, 0o644)
			if out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(img.dpi), "-gray", "-singlefile", "-png", src, filepath.Join(dir, "s")).CombinedOutput(); err != nil {
				t.Fatalf("%s: pdftoppm: %v %s", c.name, err, out)
			}
			sb, _ := os.ReadFile(filepath.Join(dir, "s.png"))
			original, _, err = image.Decode(bytes.NewReader(sb))
		} else {
			original, _, err = image.Decode(bytes.NewReader(c.scan))
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ob, rbnd := original.Bounds(), rendered.Bounds()
		w, h := min(ob.Dx(), rbnd.Dx()), min(ob.Dy(), rbnd.Dy())
		if abs(ob.Dx()-rbnd.Dx()) > 2 || abs(ob.Dy()-rbnd.Dy()) > 2 {
			t.Errorf("%s: rendered %v, scan %v", c.name, rbnd, ob)
			continue
		}
		var diff float64
		far := 0
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				o := onWhite(original.At(ob.Min.X+x, ob.Min.Y+y))
				og := (299*int(o.R) + 587*int(o.G) + 114*int(o.B)) / 1000
				rr, _, _, _ := rendered.At(rbnd.Min.X+x, rbnd.Min.Y+y).RGBA()
				d := math.Abs(float64(og) - float64(rr>>8))
				diff += d
				if d > 128 {
					far++
				}
			}
		}
		// Edges of one-bit pages are smoothed by the renderer; an inverted, shifted or
		// garbled page differs far more.
		if mean, share := diff/float64(w*h), float64(far)/float64(w*h); mean > 12 || share > 0.03 {
			t.Errorf("%s: the archive page differs from the scan by %.1f grey levels on average, %.1f%% of pixels far off", c.name, mean, 100*share)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestVerifierRefusesAnXMPBomb: `civreg pdfa verify` on a PDF whose XMP is an XML bomb fails it
// at once, without expanding anything.
func TestVerifierRefusesAnXMPBomb(t *testing.T) {
	start := time.Now()
	rep, err := Verify(bytes.NewReader(testfiles.PDFWithXMPBomb()))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Failures {
		found = found || (f.Clause == "6.6.2.1" && strings.Contains(f.Message, "DTD"))
	}
	if !found || time.Since(start) > 2*time.Second {
		t.Fatalf("failures %+v in %s: want the XMP refused for its DTD, quickly", rep.Failures, time.Since(start))
	}
}

// TestTextLayerReadsBackAsWritten: what a viewer copies out of the text layer is the words
// read, character for character — with one-byte codes (Latin-1, curly quotes and dashes in
// the spare places, brackets and backslashes escaped, a code that is a carriage return) and,
// when a record has more distinct characters than one byte holds, with two-byte codes.
func TestTextLayerReadsBackAsWritten(t *testing.T) {
	scan := testfiles.PNG(1700, 2200, 1)
	latin := []string{"Registration (No.)", `back\slash`, "“Mary”", "O’Neil—née", "Ångström", "½×÷", "a)b(c"}
	// Greek and Cyrillic: more characters outside Latin-1 than one byte has room for.
	var wide []string
	for r := 'Α'; r <= 'Ω'; r++ {
		if r != 0x3a2 {
			wide = append(wide, string([]rune{r, r + 0x20}))
		}
	}
	for r := 'А'; r <= 'Я'; r++ {
		wide = append(wide, string([]rune{r, r + 0x20}))
	}
	for _, tc := range []struct {
		name  string
		words []string
		one   bool
	}{{"one-byte", latin, true}, {"two-byte", append(latin[:3:3], wide...), false}} {
		// The first free one-byte place goes to the lowest character outside Latin-1; make
		// sure the thirteenth (0x0D, a carriage return) is used too.
		ws := &civreg.PageWords{Width: 1700, Height: 2200}
		for i, w := range tc.words {
			ws.Words = append(ws.Words, civreg.Word{Text: w, Box: [4]int{100, 100 + 30*i, 100 + 30*len([]rune(w)), 125 + 30*i}, Line: i})
		}
		if tc.one {
			for r := rune(0x100); r < 0x10e; r++ {
				ws.Words = append(ws.Words, civreg.Word{Text: string(r), Box: [4]int{1000, 100 + 30*int(r-0xff), 1030, 125 + 30*int(r-0xff)}, Line: 100 + int(r)})
			}
		}
		enc := newTextEncoding([]Page{{Words: ws}})
		if enc.oneByte != tc.one {
			t.Fatalf("%s: one-byte codes %v", tc.name, enc.oneByte)
		}
		if tc.one {
			// Poppler reads a bare carriage return in a string as itself, though the PDF
			// rules make it a line feed: the code must be written escaped.
			if s, _ := enc.encode(string(rune(0x10c))); s != `\r` {
				t.Errorf("the code 0x0D is written %q, not escaped", s)
			}
		}
		pdf, _ := build(t, Page{Scan: scan, MediaType: "image/png", ScanPage: 1, Words: ws})
		verifyOK(t, tc.name, pdf)
		path := filepath.Join(t.TempDir(), "t.pdf")
		os.WriteFile(path, pdf, 0o644)
		out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Fields(string(out))
		var want []string
		for _, w := range ws.Words {
			want = append(want, strings.Fields(w.Text)...)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: text layer reads\n%q\nwant\n%q", tc.name, got, want)
		}
	}
}
