package pdfa_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"civreg/extract"
	"civreg/internal/corpus"
	"civreg/internal/samples"
	"civreg/ocr"
	"civreg/pdfa"
	"civreg/workers"
)

type box struct{ x0, y0, x1, y1 float64 } // points, from the page's top left

func (b box) centre() (float64, float64) { return (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2 }

// TestTextLayerLandsOnTheWords: for pages scanned upright, turned and skewed, the invisible
// text layer puts each word where that word is printed on the archived scan. Where a PDF
// viewer says a word is (pdftotext's boxes) is compared with where Tesseract finds it on the
// archive page as rendered by poppler.
func TestTextLayerLandsOnTheWords(t *testing.T) {
	if testing.Short() {
		t.Skip("OCRs several pages")
	}
	os.Setenv("OMP_THREAD_LIMIT", "1")
	dir := t.TempDir()
	truths, err := samples.Generate(dir, 80, 424242, extract.BuiltinForms()) // enough for every turn
	if err != nil {
		t.Fatal(err)
	}
	reader := ocr.NewReader(1)
	defer reader.Close()
	// One page of each turn, and one much skewed, are enough; a page whose rendering Tesseract
	// reads too few words of to compare (a noisy page at 150 dpi) is passed over for the next
	// of its turn, three at most.
	seen, tries := map[int]bool{}, map[int]int{}
	skewed := false
	for _, tr := range truths {
		bigSkew := math.Abs(tr.Skew) >= 1.5
		if tr.Layout == "register" || (seen[tr.Rotation] && (skewed || !bigSkew)) || tries[tr.Rotation] == 3 {
			continue
		}
		tries[tr.Rotation]++
		scan, _ := os.ReadFile(filepath.Join(dir, tr.File))
		mt := map[string]string{"png": "image/png", "jpg": "image/jpeg", "tif": "image/tiff"}[tr.Format]
		if checkPlacement(t, reader, scan, mt, fmt.Sprintf("%s (turned %d°, skew %.1f°)", tr.File, tr.Rotation, tr.Skew), dir) {
			seen[tr.Rotation] = true
			skewed = skewed || bigSkew
		}
	}
	// A scanned PDF, whose page image goes into the archive as it is.
	ccitt, err := os.ReadFile(filepath.Join(corpus.Dir(t, "ocrmypdf"), "ccitt.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !checkPlacement(t, reader, ccitt, "application/pdf", "ccitt.pdf", dir) {
		t.Error("ccitt.pdf: too few words to compare")
	}
	if len(seen) < 4 || !skewed {
		t.Fatalf("the samples gave only the turns %v (and a skewed page: %v)", seen, skewed)
	}
}

// checkPlacement OCRs a scan, archives it with its words, and checks that the text layer's
// words lie on the words Tesseract finds on the archive page as poppler renders it. False
// when fewer than 8 words stand in both to compare.
func checkPlacement(t *testing.T, reader *ocr.Reader, scan []byte, mt, name, dir string) bool {
	t.Helper()
	res, err := reader.Read(context.Background(), scan, mt, 1)
	if err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "placement.pdf")
	f, _ := os.Create(pdf)
	_, err = pdfa.Write(context.Background(), f, pdfa.Document{Title: "t", Created: time.Now(), Modified: time.Now(), Key: name},
		[]pdfa.Page{{Scan: scan, MediaType: mt, ScanPage: 1, Words: workers.ArchiveWords(res)}})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	layer := pdftotextBoxes(t, pdf)
	printed := renderedBoxes(t, pdf, dir)
	matched, near := 0, 0
	for text, lb := range layer {
		pb, ok := printed[text]
		if !ok || len([]rune(text)) < 4 {
			continue
		}
		matched++
		lx, ly := lb.centre()
		px, py := pb.centre()
		if math.Hypot(lx-px, ly-py) <= math.Max(4, (pb.y1-pb.y0)*0.75) {
			near++
		}
	}
	t.Logf("%s: %d of %d words in place", name, near, matched)
	if matched < 8 {
		return false
	}
	if near < matched*85/100 {
		t.Errorf("%s: only %d of %d words of the text layer lie on the printed word", name, near, matched)
	}
	return true
}

var reWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

// pdftotextBoxes returns the words that occur once in the text layer, with their boxes.
func pdftotextBoxes(t *testing.T, pdf string) map[string]box {
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	boxes, count := map[string]box{}, map[string]int{}
	for _, m := range reWord.FindAllStringSubmatch(string(out), -1) {
		f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v }
		text := strings.Trim(m[5], ".,:;")
		boxes[text] = box{f(1), f(2), f(3), f(4)}
		count[text]++
	}
	for k, n := range count {
		if n > 1 {
			delete(boxes, k)
		}
	}
	return boxes
}

// renderedBoxes renders the page at 150 dpi and returns the words Tesseract finds once on it,
// with their boxes in points.
func renderedBoxes(t *testing.T, pdf, dir string) map[string]box {
	png := filepath.Join(dir, "render")
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-singlefile", pdf, png).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	out, err := exec.Command("tesseract", png+".png", "-", "--psm", "3", "tsv").Output()
	if err != nil {
		t.Fatalf("tesseract: %v", err)
	}
	r := csv.NewReader(bytes.NewReader(out))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	boxes, count := map[string]box{}, map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil || len(rec) < 12 || rec[0] != "5" {
			continue
		}
		n := func(i int) float64 { v, _ := strconv.ParseFloat(rec[i], 64); return v * 72 / 150 }
		text := strings.Trim(rec[11], ".,:;")
		boxes[text] = box{n(6), n(7), n(6) + n(8), n(7) + n(9)}
		count[text]++
	}
	for k, c := range count {
		if c > 1 {
			delete(boxes, k)
		}
	}
	return boxes
}
