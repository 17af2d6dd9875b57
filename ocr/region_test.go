package ocr

import (
	"errors"
	"strings"
	"testing"

	"civreg"
)

// phototestLines reads the corpus's phototest and returns its upright page with the box of
// each line the page reading found, paired in order with the ground truth's lines.
func phototestLines(t *testing.T, r *Reader) (*Page, [][4]int, []string) {
	t.Helper()
	res := read(t, r, "phototest.tif")
	var truth []string
	for _, l := range strings.Split(string(corpus(t, "phototest.txt")), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			truth = append(truth, l)
		}
	}
	var boxes [][4]int
	for i, w := range res.Words {
		if i == 0 || w.Block != res.Words[i-1].Block || w.Par != res.Words[i-1].Par || w.Line != res.Words[i-1].Line {
			boxes = append(boxes, w.Box)
			continue
		}
		b := &boxes[len(boxes)-1]
		*b = [4]int{min(b[0], w.Box[0]), min(b[1], w.Box[1]), max(b[2], w.Box[2]), max(b[3], w.Box[3])}
	}
	if len(boxes) != len(truth) {
		t.Fatalf("the page reading found %d lines, the ground truth has %d", len(boxes), len(truth))
	}
	p, err := OpenPage(res.Upright)
	if err != nil {
		t.Fatal(err)
	}
	return p, boxes, truth
}

// TestReadRegionRereadsEachLine re-reads every line of phototest by itself, one line (PSM 7)
// at the page's scale and enlarged twice: each reading must match its ground-truth line.
func TestReadRegionRereadsEachLine(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	p, boxes, truth := phototestLines(t, r)
	defer p.Close()
	for _, mode := range []Mode{{Seg: OneLine}, {Seg: OneLine, Scale: 2}, {Seg: TextBlock}} {
		for i, box := range boxes {
			text, conf, err := r.ReadRegion(p, box, mode)
			if err != nil {
				t.Fatalf("%+v line %d: %v", mode, i+1, err)
			}
			if acc := CharAccuracy(text, truth[i]); acc < 0.97 || conf < 0.8 {
				t.Errorf("%+v line %d %v: read %q (confidence %.2f, accuracy %.3f), want %q", mode, i+1, box, text, conf, acc, truth[i])
			}
		}
	}
}

// TestReadRegionReadsOnlyTheRegion: the left half of a line reads as that half's words, one
// word's box as that word, and an empty margin as nothing.
func TestReadRegionReadsOnlyTheRegion(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	p, boxes, truth := phototestLines(t, r)
	defer p.Close()
	first := boxes[0] // "This is a lot of 12 point text to test the"
	half := first
	half[2] = (first[0] + first[2]) / 2
	text, _, err := r.ReadRegion(p, half, Mode{Seg: OneLine})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(text)); n == 0 || n >= len(strings.Fields(truth[0])) || !strings.HasPrefix(truth[0], strings.Fields(text)[0]) {
		t.Errorf("the left half of %q read as %q", truth[0], text)
	}
	res := read(t, r, "phototest.tif")
	var quick Word
	for _, w := range res.Words {
		if w.Text == "quick" {
			quick = w
			break
		}
	}
	if word, conf, err := r.ReadRegion(p, quick.Box, Mode{Seg: OneWord, Scale: 2}); err != nil || word != "quick" || conf < 0.8 {
		t.Errorf("the word quick at %v re-read as %q (confidence %.2f), %v", quick.Box, word, conf, err)
	}
	// The blank line between the two paragraphs.
	gap := [4]int{boxes[3][0], boxes[2][3] + 4, boxes[3][2], boxes[3][1] - 4}
	if text, conf, err := r.ReadRegion(p, gap, Mode{Seg: OneLine}); err != nil || text != "" || conf != 0 {
		t.Errorf("the blank line %v read as %q (confidence %.2f), %v", gap, text, conf, err)
	}
}

// TestReadRegionRefusesBadRegions: boxes outside the page, empty boxes, unknown modes and
// scales are refused with the reason, as bad input.
func TestReadRegionRefusesBadRegions(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	p, err := OpenPage(blankPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, tc := range []struct {
		box  [4]int
		mode Mode
		want string
	}{
		{[4]int{-1, 0, 100, 100}, Mode{Seg: OneLine}, "not a box inside the 800×1100 page"},
		{[4]int{0, 0, 801, 100}, Mode{Seg: OneLine}, "not a box inside"},
		{[4]int{50, 50, 50, 60}, Mode{Seg: OneLine}, "not a box inside"},
		{[4]int{0, 0, 100, 100}, Mode{Seg: 3}, "not OneLine, OneWord, TextBlock or SparseText"},
		{[4]int{0, 0, 100, 100}, Mode{Seg: OneWord, Scale: 20}, "scale 20 is not between"},
	} {
		_, _, err := r.ReadRegion(p, tc.box, tc.mode)
		if err == nil || !strings.Contains(err.Error(), tc.want) || civreg.ErrorCode(err) != civreg.EINVALID {
			t.Errorf("region %v %+v: %v, want EINVALID saying %q", tc.box, tc.mode, err, tc.want)
		}
	}
	if _, err := OpenPage([]byte("not an image")); !errors.Is(err, ErrUnreadable) {
		t.Errorf("OpenPage of a non-image: %v, want ErrUnreadable", err)
	}
}

// TestReadRegionWordsAreInPageCoordinates re-reads phototest's lines two at a time, enlarged
// twice, as words: each word read must stand where the page reading found its line, in the
// page's pixels, whatever the crop's scale and border.
func TestReadRegionWordsAreInPageCoordinates(t *testing.T) {
	r := NewReader(1)
	defer r.Close()
	p, boxes, truth := phototestLines(t, r)
	defer p.Close()
	for _, mode := range []Mode{{Seg: SparseText, Scale: 2}, {Seg: TextBlock}} {
		for i := 0; i+1 < len(boxes); i += 2 {
			a, b := boxes[i], boxes[i+1]
			band := [4]int{min(a[0], b[0]), a[1], max(a[2], b[2]), b[3]}
			words, err := r.ReadRegionWords(p, band, mode)
			if err != nil {
				t.Fatal(err)
			}
			var got [2][]string
			for _, w := range words {
				mid := (w.Box[1] + w.Box[3]) / 2
				switch {
				case mid >= a[1] && mid <= a[3] && w.Box[0] >= a[0]-3 && w.Box[2] <= a[2]+3:
					got[0] = append(got[0], w.Text)
				case mid >= b[1] && mid <= b[3] && w.Box[0] >= b[0]-3 && w.Box[2] <= b[2]+3:
					got[1] = append(got[1], w.Text)
				default:
					t.Errorf("%+v lines %d-%d: %q at %v is on neither line (%v, %v)", mode, i+1, i+2, w.Text, w.Box, a, b)
				}
			}
			for k := range got {
				if acc := CharAccuracy(strings.Join(got[k], " "), truth[i+k]); acc < 0.95 {
					t.Errorf("%+v line %d: words %q, want %q", mode, i+k+1, got[k], truth[i+k])
				}
			}
		}
	}
}
