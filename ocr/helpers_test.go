package ocr

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func blankPNG(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 800, 1100))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	img.SetGray(10, 10, color.Gray{Y: 0})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestMedianIsLeptonicasMedian checks the fast 3×3 median against leptonica's rank filter on
// a real scan: every pixel away from the edges the same.
func TestMedianIsLeptonicasMedian(t *testing.T) {
	img, err := decode(corpus(t, "8087_054.3B.tif"), true, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer img.free()
	fast := img.despeckle()
	defer fast.free()
	ref := img.rankMedian()
	defer ref.free()
	if !sameInside(fast, ref) {
		t.Error("the fast median differs from leptonica's inside the page")
	}
	// And it does something: a median changes a real scan.
	if sameInside(fast, img) {
		t.Error("the median left the scan unchanged")
	}
}

// TestUprightPNGIsThePage encodes a real scan as the upright page image is encoded and reads
// it back with Go's PNG decoder and with leptonica's: the same size, and the same pixels.
func TestUprightPNGIsThePage(t *testing.T) {
	img, err := decode(corpus(t, "8087_054.3B.tif"), true, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer img.free()
	b, err := img.png()
	if err != nil {
		t.Fatal(err)
	}
	g, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Go cannot decode the page PNG: %v", err)
	}
	w, h := img.size()
	if g.Bounds().Dx() != w || g.Bounds().Dy() != h {
		t.Fatalf("PNG is %v, the page %d×%d", g.Bounds(), w, h)
	}
	back, err := decode(b, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer back.free()
	if !sameInside(img, back) {
		t.Error("the page PNG's pixels differ from the page's")
	}
	gray, ok := g.(*image.Gray)
	if !ok || gray.Pix[0] != uint8(img.at(0, 0)) || gray.Pix[len(gray.Pix)-1] != uint8(img.at(w-1, h-1)) {
		t.Errorf("corner pixels differ (Go's decoder gave %T)", g)
	}
}

// noisyPNG is a white page of 2,000 × 2,600 with one pixel in 600 turned black, as dust or a
// noisy scanner leaves it.
func noisyPNG(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 2000, 2600))
	for i := range img.Pix {
		img.Pix[i] = 245
		if i%600 == 17 {
			img.Pix[i] = 10
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPagesArePreparedByWhatTheyNeed: tiny scans are enlarged, others not; only a speckled
// page is despeckled.
func TestPagesArePreparedByWhatTheyNeed(t *testing.T) {
	for _, tc := range []struct {
		name      string
		scan      []byte
		tiff      bool
		scale     float64
		despeckle bool
	}{
		{"phototest.tif (640 px)", corpus(t, "phototest.tif"), true, 2, false},
		{"8087_054.3B.tif (a real office scan)", corpus(t, "8087_054.3B.tif"), true, 1, false},
		{"a speckled page", noisyPNG(t), false, 1, true},
	} {
		img, err := decode(tc.scan, tc.tiff, 0)
		if err != nil {
			t.Fatal(err)
		}
		scale, despeckle := prepareFor(img)
		img.free()
		if scale != tc.scale || despeckle != tc.despeckle {
			t.Errorf("%s: enlarged ×%.2f, despeckled %v; want ×%.2f, %v", tc.name, scale, despeckle, tc.scale, tc.despeckle)
		}
	}
}
