package ocr

/*
#cgo LDFLAGS: -lleptonica
#include <stdlib.h>
#include <leptonica/allheaders.h>

// civreg_unread finds the ink no word covers, at half size: bin (the page's 1-bit copy)
// halved, a pixel kept where two of its four were inked (which drops specks and keeps
// strokes), with each of the n word boxes (x0 y0 x1 y1 in half-size pixels, four ints a box)
// cleared and its rules (runs of ink longer than rule, either way) taken out, closed by a
// brick of bw×bh into blobs the size of words and lines. It returns the blobs' boxes, in
// half-size pixels, and sets *ink to a new array of the ink each holds.
static BOXA* civreg_unread(PIX* bin, const l_int32* boxes, l_int32 n, l_int32 rule, l_int32 bw, l_int32 bh, l_int32** ink) {
	*ink = NULL;
	PIX* c = pixReduceRankBinary2(bin, 2, NULL);
	if (c == NULL) return NULL;
	for (l_int32 i = 0; i < n; i++) {
		const l_int32* b = boxes + 4 * i;
		BOX* box = boxCreate(b[0], b[1], b[2] - b[0], b[3] - b[1]);
		pixClearInRect(c, box);
		boxDestroy(&box);
	}
	PIX* h = pixOpenBrick(NULL, c, rule, 1);
	PIX* v = pixOpenBrick(NULL, c, 1, rule);
	if (h != NULL) pixSubtract(c, c, h);
	if (v != NULL) pixSubtract(c, c, v);
	pixDestroy(&h);
	pixDestroy(&v);
	PIX* closed = pixCloseBrick(NULL, c, bw, bh);
	BOXA* blobs = closed != NULL ? pixConnCompBB(closed, 8) : NULL;
	pixDestroy(&closed);
	if (blobs != NULL) {
		l_int32 m = boxaGetCount(blobs);
		*ink = malloc(sizeof(l_int32) * (m > 0 ? m : 1));
		for (l_int32 i = 0; i < m; i++) {
			BOX* b = boxaGetBox(blobs, i, L_CLONE);
			l_int32 count = 0;
			pixCountPixelsInRect(c, b, &count, NULL);
			(*ink)[i] = count;
			boxDestroy(&b);
		}
	}
	pixDestroy(&c);
	return blobs;
}

// civreg_stack copies the n boxes of grey (x0 y0 x1 y1, four ints a box) one under another
// onto a white sheet, gap pixels apart and border in from its edges, and sets tops[i] to where
// box i stands on it: read once, they cost one reading instead of n.
static PIX* civreg_stack(PIX* grey, const l_int32* boxes, l_int32 n, l_int32 gap, l_int32 border, l_int32* tops) {
	l_int32 w = 0, h = border;
	for (l_int32 i = 0; i < n; i++) {
		const l_int32* b = boxes + 4 * i;
		if (b[2] - b[0] > w) w = b[2] - b[0];
		tops[i] = h;
		h += b[3] - b[1] + gap;
	}
	PIX* sheet = pixCreate(w + 2 * border, h - gap + border, 8);
	if (sheet == NULL) return NULL;
	pixSetAll(sheet);
	for (l_int32 i = 0; i < n; i++) {
		const l_int32* b = boxes + 4 * i;
		pixRasterop(sheet, border, tops[i], b[2] - b[0], b[3] - b[1], PIX_SRC, grey, b[0], b[1]);
	}
	return sheet;
}
*/
import "C"

import (
	"sort"
	"strings"
	"unicode"
	"unsafe"

	"civreg"
)

// Tesseract's layout analysis (PSM 3) now and then leaves a whole column of short lines
// unread (a certificate's labels in a light sans, a typewriter's thin values at 150 dpi):
// no block is made for them, though a reading of that part of the page by itself reads every
// word. So the ink that no word covers, rules taken out, is gathered into blobs; the blobs the
// size of words are stacked on one sheet and read again as a block, and the words read there
// join the page's.
const (
	unreadMinWords = 5    // a page read to fewer words has no line height to go by
	unreadMinConf  = 0.6  // a word read again below this is noise: a stamp's ring, a speck
	unreadMinInk   = 0.04 // a blob this little inked is a ring, a frame or a signature's loop
	unreadMaxShare = 0.2  // a blob over this share of the page is a picture or a stamp
	// unreadMaxSheet is the tallest sheet of blobs read at once, in the pixels it is read at:
	// Tesseract refuses an image over 32,767 pixels a side, and a page most of whose ink went
	// unread (a hand the layout could not follow) would make one taller.
	unreadMaxSheet = 30000
)

// unreadBlobs are the boxes of the page's ink that no word covers and that could be words.
func (x *pix) unreadBlobs(words []Word) [][4]int {
	if len(words) < unreadMinWords {
		return nil
	}
	hm := civreg.MedianHeight(words)
	if hm < 4 {
		return nil
	}
	pad := max(2, hm/8)
	w, h := x.size()
	boxes := make([]C.l_int32, 0, 4*len(words))
	for _, wd := range words {
		b := wd.Box
		boxes = append(boxes, C.l_int32(max(b[0]-pad, 0)/2), C.l_int32(max(b[1]-pad, 0)/2), C.l_int32((min(b[2]+pad, w)+1)/2), C.l_int32((min(b[3]+pad, h)+1)/2))
	}
	var ink *C.l_int32
	// At half size: a straight run of ink longer than a letter and a half is a rule (or a
	// piece of one between its crossings), not a letter; letters of a word and words of a line
	// close up across a gap of a line's height, and lines a line apart join into one block.
	blobs := C.civreg_unread(x.binary(), &boxes[0], C.l_int32(len(words)), C.l_int32(max(3*hm/4, 4)), C.l_int32(hm/2+1), C.l_int32(hm/4+1), &ink)
	if blobs == nil {
		return nil
	}
	defer C.boxaDestroy(&blobs)
	defer C.free(unsafe.Pointer(ink))
	n := int(C.boxaGetCount(blobs))
	counts := unsafe.Slice(ink, n)
	var out [][4]int
	for i := range n {
		var bx, by, bw, bh C.l_int32
		C.boxaGetBoxGeometry(blobs, C.l_int32(i), &bx, &by, &bw, &bh)
		bwi, bhi := 2*int(bw), 2*int(bh)
		if bhi < hm*2/3 || bwi < 3*hm/2 || float64(bwi*bhi) > unreadMaxShare*float64(w*h) ||
			float64(4*counts[i]) < unreadMinInk*float64(bwi*bhi) {
			continue
		}
		b := [4]int{2 * int(bx), 2 * int(by), min(2*int(bx)+bwi, w), min(2*int(by)+bhi, h)}
		// A little ink against a word read is a piece of it (a letter its box cut, a rule
		// through it): a word the layout left unread stands apart, or with others.
		if bwi < 6*hm && bhi < 3*hm && overlapsAny([4]int{b[0] - hm/2, b[1] - hm/2, b[2] + hm/2, b[3] + hm/2}, words) {
			continue
		}
		out = append(out, b)
	}
	return joinBlobs(out, hm)
}

// joinBlobs joins blobs that stand over one another within a line's height into blocks:
// a reading has a cost of its own however small the crop, so a column of lines is read once.
func joinBlobs(bs [][4]int, hm int) [][4]int {
	for joined := true; joined; {
		joined = false
		for i := 0; i < len(bs) && !joined; i++ {
			for j := i + 1; j < len(bs); j++ {
				a, b := bs[i], bs[j]
				if a[0] < b[2] && b[0] < a[2] && b[1]-a[3] <= hm && a[1]-b[3] <= hm {
					bs[i] = [4]int{min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])}
					bs = append(bs[:j], bs[j+1:]...)
					joined = true
					break
				}
			}
		}
	}
	return bs
}

// readUnread reads the unread blobs of the upright page again, stacked on one sheet and read
// as a block at the scale the page was read at, and returns the words it finds that no word
// of the page's reading overlaps.
func (r *Reader) readUnread(upright *pix, words []Word, scale float64) ([]Word, error) {
	blobs := upright.unreadBlobs(words)
	if len(blobs) == 0 {
		return nil, nil
	}
	hm := civreg.MedianHeight(words)
	// The largest blobs first, as many as a sheet holds: the rest are the smallest pieces.
	sort.SliceStable(blobs, func(i, j int) bool { return area(blobs[i]) > area(blobs[j]) })
	height := hm
	for i, b := range blobs {
		if height += b[3] - b[1] + 2*hm; float64(height)*scale > unreadMaxSheet {
			blobs = blobs[:i]
			break
		}
	}
	if len(blobs) == 0 {
		return nil, nil
	}
	boxes := make([]C.l_int32, 0, 4*len(blobs))
	for _, b := range blobs {
		boxes = append(boxes, C.l_int32(b[0]), C.l_int32(b[1]), C.l_int32(b[2]), C.l_int32(b[3]))
	}
	tops := make([]C.l_int32, len(blobs))
	sheet := &pix{p: C.civreg_stack(upright.p, &boxes[0], C.l_int32(len(blobs)), C.l_int32(2*hm), C.l_int32(hm), &tops[0])}
	if sheet.p == nil {
		return nil, nil
	}
	defer sheet.free()
	read := sheet
	if scale != 1 {
		read = sheet.scale(scale)
		defer read.free()
	}
	e, err := r.engine()
	if err != nil {
		return nil, err
	}
	defer r.release(e)
	got, err := e.recognise(read, int(TextBlock))
	if err != nil {
		return nil, err
	}
	block := 0
	for _, wd := range words {
		block = max(block, wd.Block)
	}
	var out []Word
	for _, g := range got {
		// The blob the word was read in: the one whose place on the sheet holds its middle.
		b := [4]int{int(float64(g.Box[0]) / scale), int(float64(g.Box[1]) / scale), int(float64(g.Box[2])/scale + 0.5), int(float64(g.Box[3])/scale + 0.5)}
		mid, slot := (b[1]+b[3])/2, -1
		for i, bl := range blobs {
			if top := int(tops[i]); mid >= top && mid < top+bl[3]-bl[1] {
				slot = i
			}
		}
		if slot < 0 || g.Conf < unreadMinConf || !legible(g.Text) {
			continue
		}
		bl, dx, dy := blobs[slot], blobs[slot][0]-hm, blobs[slot][1]-int(tops[slot])
		g.Box = [4]int{max(b[0]+dx, bl[0]), max(b[1]+dy, bl[1]), min(b[2]+dx, bl[2]), min(b[3]+dy, bl[3])}
		if g.Box[2] <= g.Box[0] || g.Box[3] <= g.Box[1] || overlapsAny(g.Box, words) {
			continue
		}
		g.Block = block + 1 + slot
		out = append(out, g)
	}
	return out, nil
}

// legible: a word holds a letter or a digit, not only marks.
func legible(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func area(b [4]int) int { return (b[2] - b[0]) * (b[3] - b[1]) }

func overlapsAny(b [4]int, words []Word) bool {
	for _, w := range words {
		if b[0] < w.Box[2] && w.Box[0] < b[2] && b[1] < w.Box[3] && w.Box[1] < b[3] {
			return true
		}
	}
	return false
}
