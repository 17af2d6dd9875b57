package ocr

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

// TestInkTheLayoutLeftUnreadIsReadAgain: the lines a page reading lost (here three of
// phototest's, taken out of its words as Tesseract's layout analysis drops a column) are
// found as ink no word covers and read again, each word once; on the whole reading no ink is
// left unread and nothing is added.
func TestInkTheLayoutLeftUnreadIsReadAgain(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	res := read(t, r, "phototest.tif")
	img, err := decode(res.Upright, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer img.free()
	if again, err := r.readUnread(img, res.Words, res.Scale); err != nil || len(again) != 0 {
		t.Errorf("the whole reading: %d words read again (%v), want none", len(again), err)
	}

	var kept []Word
	var lost []string
	line := 0
	for i, w := range res.Words {
		if i > 0 && (w.Block != res.Words[i-1].Block || w.Par != res.Words[i-1].Par || w.Line != res.Words[i-1].Line) {
			line++
		}
		if line >= 2 && line <= 4 {
			lost = append(lost, w.Text)
		} else {
			kept = append(kept, w)
		}
	}
	again, err := r.readUnread(img, kept, res.Scale)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range again {
		if overlapsAny(w.Box, kept) {
			t.Errorf("%q read again over a word already read", w.Text)
		}
		got = append(got, w.Text)
	}
	if acc := CharAccuracy(strings.Join(got, " "), strings.Join(lost, " ")); acc < 0.9 {
		t.Errorf("lines lost read again as %q, want %q (%.2f)", strings.Join(got, " "), strings.Join(lost, " "), acc)
	}
}

// TestAPageMostlyUnreadDoesNotFailTheReading: a 300 dpi page of 640 patches of letter-like
// strokes the page reading left unread would stack into a sheet taller than Tesseract reads
// (70,000 px); the sheet is cut to what it can read, and the step never fails the page.
func TestAPageMostlyUnreadDoesNotFailTheReading(t *testing.T) {
	const W, H = 2550, 4200
	g := image.NewGray(image.Rect(0, 0, W, H))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	ink := func(x0, y0, x1, y1 int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				g.SetGray(x, y, color.Gray{0})
			}
		}
	}
	var words []Word
	for i := range 5 { // what the page reading read: five words 40 px high
		words = append(words, Word{Text: "Entry", Conf: 0.9, Box: [4]int{100 + 200*i, 60, 250 + 200*i, 100}})
		ink(100+200*i, 60, 250+200*i, 100)
	}
	for y := 200; y+30 < H; y += 100 {
		for x := 100; x+100 < W; x += 150 {
			for k := range 6 { // six strokes 6 px wide, 30 high: a word's letters
				ink(x+k*15, y, x+k*15+6, y+30)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, g); err != nil {
		t.Fatal(err)
	}
	img, err := decode(buf.Bytes(), false, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer img.free()
	if n := len(img.unreadBlobs(words)); n < 600 {
		t.Fatalf("%d blobs found, want the 640 patches", n)
	}
	r := NewReader(1)
	defer r.Close()
	if _, err := r.readUnread(img, words, 1); err != nil {
		t.Errorf("reading the unread ink again: %v", err)
	}
}
