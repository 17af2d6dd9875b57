package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testfiles"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func inspectBytes(b []byte) (*Inspection, error) {
	return Inspect(bytes.NewReader(b), int64(len(b)), DefaultLimits)
}

// corpus is the peer corpus beside the project; tests that read it skip when it is absent.
func corpus(t *testing.T, dir string) string {
	p := filepath.Join("..", "..", "shared", "corpus", dir)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("peer corpus %s is absent", p)
	}
	return p
}

func TestInspectAcceptsEveryScanInTheCorpusWithItsPageCount(t *testing.T) {
	want := map[string]int{
		"ocrmypdf/2400dpi.pdf": 1, "ocrmypdf/c02-22.pdf": 1, "ocrmypdf/cardinal.pdf": 4, "ocrmypdf/ccitt.pdf": 1,
		"ocrmypdf/cmyk.pdf": 1, "ocrmypdf/enormous.pdf": 1, "ocrmypdf/jbig2.pdf": 1, "ocrmypdf/lichtenstein.pdf": 1,
		"ocrmypdf/masks.pdf": 1, "ocrmypdf/multipage.pdf": 6, "ocrmypdf/palette.pdf": 1, "ocrmypdf/skew.pdf": 1,
		"ocrmypdf/baiona.png": 1, "ocrmypdf/baiona_alpha.png": 1, "ocrmypdf/baiona_cmyk.jpg": 1, "ocrmypdf/baiona_color.jpg": 1,
		"ocrmypdf/baiona_colormapped.png": 1, "ocrmypdf/baiona_gray.png": 1, "ocrmypdf/crom.png": 1, "ocrmypdf/linn.png": 1,
		"ocrmypdf/typewriter.png":   1,
		"tesseract/8071_093.3B.tif": 1, "tesseract/8087_054.3B.tif": 1, "tesseract/eurotext.tif": 1, "tesseract/phototest.tif": 1,
		"tesseract/phototestrot.tif": 1, "tesseract/phototest-rotated-180.png": 1, "tesseract/phototest-rotated-L.png": 1,
		"tesseract/phototest-rotated-R.png": 1,
	}
	root := filepath.Dir(corpus(t, "ocrmypdf"))
	for name, pages := range want {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		in, err := inspectBytes(b)
		if err != nil || in.Pages != pages {
			t.Errorf("%s: %+v, %v; want %d pages accepted", name, in, err, pages)
		}
	}
}

func TestInspectRefusesWhatIsNotAScanInTheCorpus(t *testing.T) {
	refused := map[string]string{
		"invalid.pdf":     "corrupt",
		"vector.pdf":      "no scanned image",
		"trivial.pdf":     "no scanned image",
		"no_contents.pdf": "no scanned image",
		"acroform.pdf":    "fillable form",
		"hugemono.pdf":    "over the limit",
		"linn.txt":        "not a scan",
		"README.rst":      "not a scan",
	}
	dir := corpus(t, "ocrmypdf")
	for name, reason := range refused {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := inspectBytes(b); err == nil || !strings.Contains(err.Error(), reason) {
			t.Errorf("%s: %v, want a refusal saying %q", name, err, reason)
		}
	}
}

func TestInspectRecognisesFormatsByBytesNotName(t *testing.T) {
	cases := []struct {
		name  string
		file  []byte
		media string
		pages int
	}{
		{"png", testfiles.PNG(300, 200, 1), PNG, 1},
		{"jpeg", testfiles.JPEG(300, 200, 1), JPEG, 1},
		{"tiff", testfiles.TIFF(300, 200, 1), TIFF, 1},
		{"multi-page tiff", testfiles.MultiPageTIFF(3, 1), TIFF, 3},
		{"pdf of a scan", testfiles.PDF(testfiles.JPEG(200, 100, 1), 200, 100, ""), PDF, 1},
	}
	for _, c := range cases {
		in, err := inspectBytes(c.file)
		if err != nil || in.MediaType != c.media || in.Pages != c.pages {
			t.Errorf("%s: %+v, %v; want %s with %d pages", c.name, in, err, c.media, c.pages)
		}
	}
}

func TestInspectRefusesBrokenAndHostileFiles(t *testing.T) {
	png := testfiles.PNG(300, 200, 2)
	jpg := testfiles.JPEG(300, 200, 2)
	tif := testfiles.TIFF(300, 200, 2)
	encrypted := encryptPDF(t, testfiles.PDF(testfiles.JPEG(200, 100, 3), 200, 100, ""))
	cases := []struct {
		name string
		file []byte
		code string
		says string
	}{
		{"zero bytes", nil, civreg.EINVALID, "empty"},
		{"truncated PNG", png[:len(png)/2], civreg.EINVALID, "truncated"},
		{"truncated JPEG", jpg[:len(jpg)/2], civreg.EINVALID, "truncated"},
		{"truncated TIFF", tif[:len(tif)-40], civreg.EINVALID, "truncated"},
		{"50,000 × 50,000 PNG", testfiles.PNGHeaderOnly(50000, 50000), civreg.ETOOLARGE, "2500 million"},
		{"100,000 × 100,000 PNG", testfiles.PNGHeaderOnly(100000, 100000), civreg.ETOOLARGE, "over the limit"},
		{"TIFF claiming 10,000 pages", testfiles.TIFFClaimingPages(10000), civreg.ETOOLARGE, "more than 1000 pages"},
		{"PDF with JavaScript", testfiles.PDFWithJavaScript(), civreg.EUNSUPPORTED, "JavaScript"},
		{"encrypted PDF", encrypted, civreg.EUNSUPPORTED, "encrypted"},
		{"zip renamed .pdf", testfiles.ZIP(), civreg.EUNSUPPORTED, "ZIP archive"},
		{"truncated PDF", testfiles.PDF(testfiles.JPEG(200, 100, 4), 200, 100, "")[:300], civreg.EINVALID, "truncated"},
		{"PDF of junk", []byte("%PDF-1.4\n junk junk\n%%EOF\n"), civreg.EINVALID, "corrupt"},
	}
	for _, c := range cases {
		_, err := inspectBytes(c.file)
		if civreg.ErrorCode(err) != c.code || !strings.Contains(civreg.ErrorMessage(err), c.says) {
			t.Errorf("%s: %v (code %s), want %s saying %q", c.name, err, civreg.ErrorCode(err), c.code, c.says)
		}
	}
}

func TestInspectLimitsAreConfigurable(t *testing.T) {
	b := testfiles.PNG(300, 200, 5)
	if _, err := Inspect(bytes.NewReader(b), int64(len(b)), Limits{MaxFileBytes: 100, MaxPagePixels: 1e9, MaxPages: 10}); civreg.ErrorCode(err) != civreg.ETOOLARGE {
		t.Errorf("file size limit: %v", err)
	}
	if _, err := Inspect(bytes.NewReader(b), int64(len(b)), Limits{MaxFileBytes: 1e9, MaxPagePixels: 300*200 - 1, MaxPages: 10}); civreg.ErrorCode(err) != civreg.ETOOLARGE {
		t.Errorf("pixel limit: %v", err)
	}
	tif := testfiles.MultiPageTIFF(3, 1)
	if _, err := Inspect(bytes.NewReader(tif), int64(len(tif)), Limits{MaxFileBytes: 1e9, MaxPagePixels: 1e9, MaxPages: 2}); civreg.ErrorCode(err) != civreg.ETOOLARGE {
		t.Errorf("page limit: %v", err)
	}
}

func encryptPDF(t *testing.T, b []byte) []byte {
	t.Helper()
	conf := model.NewAESConfiguration("user-pw", "owner-pw", 256)
	conf.Offline = true
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(b), &out, conf); err != nil {
		t.Fatalf("encrypting a test PDF: %v", err)
	}
	return out.Bytes()
}

func FuzzInspect(f *testing.F) {
	for _, b := range [][]byte{testfiles.PNG(30, 20, 1), testfiles.JPEG(30, 20, 1), testfiles.TIFF(30, 20, 1),
		testfiles.MultiPageTIFF(2, 1), testfiles.PDF(testfiles.JPEG(20, 10, 1), 20, 10, ""), testfiles.ZIP()} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := Inspect(bytes.NewReader(b), int64(len(b)), Limits{MaxFileBytes: 1 << 20, MaxPagePixels: 1 << 22, MaxPages: 50})
		if err == nil && (in.Pages < 1 || in.Pages > 50) {
			t.Fatalf("accepted with %d pages", in.Pages)
		}
		if err != nil && civreg.ErrorCode(err) == civreg.EINTERNAL {
			t.Fatalf("internal error: %v", err)
		}
	})
}

// TestXMPBombInAScannedPDF: a scanned page whose XMP metadata is an XML bomb is taken as the
// scan it is (civreg never expands its metadata), at once and without the memory a parser
// expanding the entities would need.
func TestXMPBombInAScannedPDF(t *testing.T) {
	start := time.Now()
	ins, err := inspectBytes(testfiles.PDFWithXMPBomb())
	if err != nil || ins.Pages != 1 {
		t.Fatalf("PDF with an XMP bomb: %+v, %v", ins, err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("took %s", time.Since(start))
	}
}

// TestStreamChecksTakeAnyPieces: the one-pass checks give the same verdict however the bytes
// are split (a piece boundary inside a chunk head, a CRC, a JPEG marker).
func TestStreamChecksTakeAnyPieces(t *testing.T) {
	png, jpg := testfiles.PNG(120, 80, 5), testfiles.JPEG(120, 80, 5)
	files := map[string][]byte{"png": png, "jpeg": jpg, "truncated png": png[:len(png)-3], "truncated jpeg": jpg[:len(jpg)/2],
		"bomb": testfiles.PNGHeaderOnly(50000, 50000)}
	for name, b := range files {
		want, wantErr := Inspect(bytes.NewReader(b), int64(len(b)), DefaultLimits)
		media, _ := Sniff(b)
		for _, piece := range []int{1, 2, 3, 5, 13, 100} {
			c := NewStreamCheck(media, DefaultLimits)
			var err error
			for rest := b; len(rest) > 0 && err == nil; rest = rest[min(piece, len(rest)):] {
				_, err = c.Write(rest[:min(piece, len(rest))])
			}
			pages, endErr := c.End()
			if err == nil {
				err = endErr
			}
			if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) || (err == nil && pages != want.Pages) {
				t.Errorf("%s in pieces of %d: %d pages, %v; in one: %+v, %v", name, piece, pages, err, want, wantErr)
			}
		}
	}
}
