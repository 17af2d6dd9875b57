package ocr

import (
	"fmt"
	"math"
	"strings"

	"civreg"
)

// Seg is how Tesseract is told to segment a region it re-reads.
type Seg int

const (
	OneLine   Seg = psmLine  // one line of text (Tesseract's PSM 7): a field's value, an entry's cell
	OneWord   Seg = psmWord  // one word (PSM 8): a registration number, a sex
	TextBlock Seg = psmBlock // a block of lines (PSM 6): a cell whose text wraps
	// SparseText finds what text it can, in no order (PSM 11): a register's heading band,
	// short headings scattered across the columns in small print.
	SparseText Seg = psmSparse
)

// Mode is how a region is re-read: a second reading independent of the page's (which found
// the layout itself, PSM 3, at the page's own scale) agrees with it by more than chance.
type Mode struct {
	Seg   Seg
	Scale float64 // the crop is enlarged by this before reading; 0 means 1
}

// Page is an upright page image held decoded for re-reading regions of it: decoding a page
// costs as much as several region readings, so a page is opened once for all its fields.
// Its regions may be read from several goroutines at once.
type Page struct {
	img  *pix
	w, h int
}

// OpenPage decodes an upright page image: Result.Upright, as stored for the review screen.
func OpenPage(upright []byte) (*Page, error) {
	img, err := decode(upright, false, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	w, h := img.size()
	return &Page{img, w, h}, nil
}

// Size is the page's width and height in pixels.
func (p *Page) Size() (int, int) { return p.w, p.h }

// Close frees the decoded image.
func (p *Page) Close() { p.img.free() }

// ReadRegion re-reads one region of an upright page, box [x0 y0 x1 y1] in its pixels (as
// Word.Box), by itself with mode: only the crop is read, which is what makes it cheap. It
// returns the words read, lines joined by newlines, and their mean confidence from 0 to 1;
// a region with nothing legible in it reads as "" with confidence 0.
func (r *Reader) ReadRegion(p *Page, box [4]int, mode Mode) (text string, conf float64, err error) {
	words, err := r.ReadRegionWords(p, box, mode)
	if err != nil || len(words) == 0 {
		return "", 0, err
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			if prev := words[i-1]; prev.Block != w.Block || prev.Par != w.Par || prev.Line != w.Line {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.Text)
		conf += w.Conf
	}
	return b.String(), conf / float64(len(words)), nil
}

// ReadRegionWords is ReadRegion's reading as words, each with its box in the page's pixels
// (as the page reading's words), so words read again can stand in for the page's own.
func (r *Reader) ReadRegionWords(p *Page, box [4]int, mode Mode) ([]Word, error) {
	if box[0] < 0 || box[1] < 0 || box[2] > p.w || box[3] > p.h || box[2] <= box[0] || box[3] <= box[1] {
		return nil, civreg.Errorf(civreg.EINVALID, "ocr: region %v is not a box inside the %d×%d page", box, p.w, p.h)
	}
	switch mode.Seg {
	case OneLine, OneWord, TextBlock, SparseText:
	default:
		return nil, civreg.Errorf(civreg.EINVALID, "ocr: region segmentation %d is not OneLine, OneWord, TextBlock or SparseText", mode.Seg)
	}
	scale := mode.Scale
	if scale == 0 {
		scale = 1
	}
	if scale < 0.25 || scale > 8 {
		return nil, civreg.Errorf(civreg.EINVALID, "ocr: region scale %g is not between 0.25 and 8", scale)
	}
	crop := p.img.crop(box, scale)
	if crop.p == nil {
		return nil, fmt.Errorf("ocr: region %v of the page cannot be copied", box)
	}
	defer crop.free()
	if crop.inkFraction() == 0 {
		return nil, nil // nothing to read, and Tesseract would guess at the blank
	}
	e, err := r.engine()
	if err != nil {
		return nil, err
	}
	defer r.release(e)
	words, err := e.recognise(crop, int(mode.Seg))
	if err != nil {
		return nil, err
	}
	// The crop starts cropMargin before the box (within the page) and lies in a border of
	// cropBorder pixels, enlarged by scale.
	x0, y0 := max(box[0]-cropMargin, 0), max(box[1]-cropMargin, 0)
	at := func(v, origin, limit int) int {
		return min(max(origin+int(math.Round(float64(v-cropBorder)/scale)), 0), limit)
	}
	for i := range words {
		b := &words[i].Box
		*b = [4]int{at(b[0], x0, p.w), at(b[1], y0, p.h), at(b[2], x0, p.w), at(b[3], y0, p.h)}
	}
	return words, nil
}
