package ocr

import (
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
