package ocr

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"civreg"
	peer "civreg/internal/corpus"
)

// corpus reads a file of the peer corpus's Tesseract scans (skipping the test without it).
func corpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(peer.Dir(t, "tesseract"), name))
	if err != nil {
		t.Fatalf("peer corpus: %v", err)
	}
	return b
}

// CharAccuracy is 1 − (edit distance ÷ length of the truth), over text with runs of white
// space made single spaces.
func CharAccuracy(got, truth string) float64 {
	norm := strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"", "—", "-", "–", "-")
	g := []rune(strings.Join(strings.Fields(norm.Replace(got)), " "))
	w := []rune(strings.Join(strings.Fields(norm.Replace(truth)), " "))
	if len(w) == 0 {
		return 0
	}
	return max(0, 1-float64(civreg.EditDistance(string(g), string(w)))/float64(len(w)))
}

func read(t *testing.T, r *Reader, name string) *Result {
	t.Helper()
	media := "image/png"
	if filepath.Ext(name) == ".tif" {
		media = "image/tiff"
	}
	res, err := r.Read(context.Background(), corpus(t, name), media, 1)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// TestRotatedScansComeOutUpright reads the corpus's phototest turned left, right and upside
// down: each must read within one point of character accuracy of the upright original.
func TestRotatedScansComeOutUpright(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	truth := string(corpus(t, "phototest.txt"))
	base := CharAccuracy(read(t, r, "phototest.tif").Text(), truth)
	if base < 0.95 {
		t.Fatalf("phototest.tif character accuracy %.3f, want at least 0.95", base)
	}
	t.Logf("phototest.tif: %.2f%%", 100*base)
	for _, n := range []string{"phototest-rotated-L.png", "phototest-rotated-R.png", "phototest-rotated-180.png", "phototestrot.tif"} {
		res := read(t, r, n)
		acc := CharAccuracy(res.Text(), truth)
		t.Logf("%s: %.2f%% (%s)", n, 100*acc, res.Detail)
		if acc < base-0.01 {
			t.Errorf("%s: accuracy %.3f, more than one point below the upright %.3f (%s)", n, acc, base, res.Detail)
		}
		if res.Width > res.Height != (read(t, r, "phototest.tif").Width > read(t, r, "phototest.tif").Height) {
			t.Errorf("%s: upright image is %d×%d, not the shape of the original", n, res.Width, res.Height)
		}
	}
}

// TestCorpusCharacterAccuracy reports character accuracy on the corpus's real scans against
// their ground truth, beside the raw tesseract command's on the same files in the same run
// (the UNLV pages are in columns, so reading order weighs on both alike); civreg must not read
// worse than tesseract by more than a point.
func TestCorpusCharacterAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("reads three full office scans")
	}
	r := NewReader(1)
	defer r.Close()
	for _, n := range []string{"eurotext.tif", "8071_093.3B.tif", "8087_054.3B.tif"} {
		truth := string(corpus(t, strings.TrimSuffix(n, ".tif")+".txt"))
		res := read(t, r, n)
		acc := CharAccuracy(res.Text(), truth)
		out, err := exec.Command("tesseract", filepath.Join(peer.Dir(t, "tesseract"), n), "-").Output()
		if err != nil {
			t.Fatalf("tesseract %s: %v", n, err)
		}
		raw := CharAccuracy(string(out), truth)
		t.Logf("%s: character accuracy civreg %.2f%%, tesseract command %.2f%% (%s)", n, 100*acc, 100*raw, res.Detail)
		if acc < raw-0.01 {
			t.Errorf("%s: civreg %.3f reads worse than the tesseract command %.3f", n, acc, raw)
		}
	}
}

func TestBadPagesGiveAClearReason(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	if _, err := r.Read(context.Background(), []byte("\x89PNG\r\n\x1a\nnot really"), "image/png", 1); err == nil || !strings.Contains(err.Error(), "cannot be decoded") {
		t.Errorf("undecodable page: %v", err)
	}
	blank := blankPNG(t)
	res, err := r.Read(context.Background(), blank, "image/png", 1)
	if err != nil || !res.Blank || !strings.Contains(res.Detail, "blank") || len(res.Upright) == 0 {
		t.Errorf("blank page: %+v, %v", res, err)
	}
}

// TestAWrongFirstGuessIsCaught: leptonica's quick detector is sometimes sure of a wrong way
// (a sideways certificate taken for upright); the reading then has too few words lying the
// right way, and the page is read the other ways. Here the first guess is forced wrong on the
// corpus's page turned left, and on one turned upside down.
func TestAWrongFirstGuessIsCaught(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	truth := string(corpus(t, "phototest.txt"))
	for _, tc := range []struct {
		name  string
		turn  int
		wrong int
	}{{"phototest-rotated-L.png", 270, 0}, {"phototest-rotated-180.png", 180, 0}, {"phototest-rotated-L.png", 270, 90}} {
		img, err := decode(corpus(t, tc.name), false, 0)
		if err != nil {
			t.Fatal(err)
		}
		res, upright, err := r.readBest(&Result{Scale: 2}, img, []int{tc.wrong})
		img.free()
		if err != nil {
			t.Fatal(err)
		}
		upright.free()
		acc := CharAccuracy(res.Text(), truth)
		t.Logf("%s, first read %d° back: %s, %.1f%%", tc.name, tc.wrong, res.Detail, 100*acc)
		if res.Orientation != tc.turn || acc < 0.95 || !strings.Contains(res.Detail, "read each way") {
			t.Errorf("%s first read %d° back: ended %d° back (want %d), accuracy %.3f: %s", tc.name, tc.wrong, res.Orientation, tc.turn, acc, res.Detail)
		}
	}
	// And a right first guess is read once.
	img, _ := decode(corpus(t, "phototest.tif"), true, 0)
	defer img.free()
	res, upright, err := r.readBest(&Result{Scale: 2}, img, []int{0})
	if err != nil {
		t.Fatal(err)
	}
	upright.free()
	if strings.Contains(res.Detail, "each way") {
		t.Errorf("an upright page read right was read again: %s", res.Detail)
	}
}
