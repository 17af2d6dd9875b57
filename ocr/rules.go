package ocr

/*
#cgo LDFLAGS: -lleptonica
#include <leptonica/allheaders.h>

// civreg_rules finds the runs of a 1-bit image at least minlen long across (or down, when
// vertical): opened with such a brick only rules stay, text's strokes are far shorter. It
// returns their 8-connected components' boxes, in the image's pixels.
// Only components whose box is at most 2.5 pixels thicker than their mean thickness, or that
// fill 60% of it, are kept: a rule is straight (a thin one a little skewed fills half its box,
// two rules of boxes side by side make one thick one), while a signature's stroke or a stamp's
// ring that survives the opening wanders across its box.
static BOXA* civreg_rules(PIX* bin, l_int32 minlen, int vertical) {
	// Gaps of two pixels down a vertical rule are bridged first (noise and a faint scan break
	// rules); across, that would join the tops of a line's letters into one.
	PIX* closed = vertical ? pixCloseBrick(NULL, bin, 1, 3) : pixClone(bin);
	if (closed == NULL) return NULL;
	PIX* open = vertical ? pixOpenBrick(NULL, closed, 1, minlen) : pixOpenBrick(NULL, closed, minlen, 1);
	pixDestroy(&closed);
	if (open == NULL) return NULL;
	BOXA* all = pixConnComp(open, NULL, 8);
	BOXA* kept = boxaCreate(0);
	l_int32* tab = makePixelSumTab8();
	for (l_int32 i = 0; all != NULL && i < boxaGetCount(all); i++) {
		BOX* b = boxaGetBox(all, i, L_CLONE);
		l_int32 x, y, w, h, n = 0;
		boxGetGeometry(b, &x, &y, &w, &h);
		pixCountPixelsInRect(open, b, &n, tab);
		l_int32 thick = vertical ? w : h, len = vertical ? h : w;
		if (2 * n >= (2 * thick - 5) * len || n * 10 >= w * h * 6) boxaAddBox(kept, b, L_COPY);
		boxDestroy(&b);
	}
	LEPT_FREE(tab);
	boxaDestroy(&all);
	pixDestroy(&open);
	return kept;
}

// civreg_rule_bits is the page in 1 bit for finding rules, dark below 180 (not OCR's 128: a
// one-pixel rule straightened by a fraction of a degree is two pixels of half its ink, and
// lost where it is), halved: a 2×2 square is dark when any of its pixels is.
static PIX* civreg_rule_bits(PIX* grey) {
	PIX* b = pixConvertTo1(grey, 180);
	if (b == NULL) return NULL;
	PIX* half = pixReduceRankBinary2(b, 1, NULL);
	pixDestroy(&b);
	return half;
}
*/
import "C"

import "civreg"

// Rules are measured against the page's long side and its text: a rule is at least
// ruleMinShare of the long side (0.24 in on an A5 certificate at any resolution; a letter's
// stroke at 16 pt is under 0.17 in) and ruleMinWords times the median word's height long
// (a small scan's letters are large against its page), and at most ruleMaxThickShare thick
// (0.05 in, two heavy rules of boxes side by side: a solid border or a block of ink is not a rule).
const (
	ruleMinShare      = 1.0 / 35
	ruleMinWords      = 3.5
	ruleMaxThickShare = 1.0 / 160
)

// rules finds the page's ruled lines, across and down, on a 1-bit copy of it halved
// (civreg_rule_bits): a quarter of the pixels to open, and a residual skew's staircase of
// steps stays one connected line.
// Boxes are in the page's pixels; words are the page's, whose size says how long a letter's
// stroke can be.
func (x *pix) rules(words []Word) []civreg.Rule {
	half := C.civreg_rule_bits(x.p)
	if half == nil {
		return nil
	}
	defer C.pixDestroy(&half)
	w, h := x.size()
	long := float64(max(w, h))
	minLen := max(int(long*ruleMinShare/2), int(ruleMinWords*float64(civreg.MedianHeight(words))/2), 8)
	maxThick := max(int(long*ruleMaxThickShare/2+0.5), 2)
	var out []civreg.Rule
	for _, vertical := range []bool{false, true} {
		v := C.int(0)
		if vertical {
			v = 1
		}
		boxa := C.civreg_rules(half, C.l_int32(minLen), v)
		if boxa == nil {
			continue
		}
		for i := range int(C.boxaGetCount(boxa)) {
			var bx, by, bw, bh C.l_int32
			C.boxaGetBoxGeometry(boxa, C.l_int32(i), &bx, &by, &bw, &bh)
			thick := int(bh)
			if vertical {
				thick = int(bw)
			}
			if thick > maxThick {
				continue
			}
			r := civreg.Rule{Box: [4]int{2 * int(bx), 2 * int(by), min(2*int(bx+bw), w), min(2*int(by+bh), h)}, Vertical: vertical}
			if !inWords(r, words) {
				out = append(out, r)
			}
		}
		C.boxaDestroy(&boxa)
	}
	return out
}

// inWords says whether half a rule found or more runs through the middle of words OCR read:
// letters' tops or stems bridged into a line, not a rule (a rule runs between words, or
// under them).
func inWords(r civreg.Rule, words []Word) bool {
	from, to, at := r.Box[0], r.Box[2], (r.Box[1]+r.Box[3])/2
	if r.Vertical {
		from, to, at = r.Box[1], r.Box[3], (r.Box[0]+r.Box[2])/2
	}
	inside := 0
	for _, w := range words {
		lo, hi, a0, a1 := w.Box[0], w.Box[2], w.Box[1], w.Box[3]
		if r.Vertical {
			lo, hi, a0, a1 = w.Box[1], w.Box[3], w.Box[0], w.Box[2]
		}
		m := (a1 - a0) / 6
		if at > a0+m && at < a1-m {
			inside += max(0, min(hi, to)-max(lo, from))
		}
	}
	return inside*2 > to-from
}
