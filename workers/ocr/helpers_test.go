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
