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
