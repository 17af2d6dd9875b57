package ocr

import (
	"fmt"
	"strings"

	"civreg"
)

// Seg is how Tesseract is told to segment a region it re-reads.
type Seg int

const (
	OneLine   Seg = psmLine  // one line of text (Tesseract's PSM 7): a field's value, an entry's cell
	OneWord   Seg = psmWord  // one word (PSM 8): a registration number, a sex
	TextBlock Seg = psmBlock // a block of lines (PSM 6): a cell whose text wraps
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
	if box[0] < 0 || box[1] < 0 || box[2] > p.w || box[3] > p.h || box[2] <= box[0] || box[3] <= box[1] {
		return "", 0, civreg.Errorf(civreg.EINVALID, "ocr: region %v is not a box inside the %d×%d page", box, p.w, p.h)
	}
	switch mode.Seg {
	case OneLine, OneWord, TextBlock:
	default:
		return "", 0, civreg.Errorf(civreg.EINVALID, "ocr: region segmentation %d is not OneLine, OneWord or TextBlock", mode.Seg)
	}
	scale := mode.Scale
	if scale == 0 {
		scale = 1
	}
	if scale < 0.25 || scale > 8 {
		return "", 0, civreg.Errorf(civreg.EINVALID, "ocr: region scale %g is not between 0.25 and 8", scale)
	}
	crop := p.img.crop(box, scale)
	if crop.p == nil {
		return "", 0, fmt.Errorf("ocr: region %v of the page cannot be copied", box)
	}
	defer crop.free()
	if crop.inkFraction() == 0 {
		return "", 0, nil // nothing to read, and Tesseract would guess at the blank
	}
	e, err := r.engine()
	if err != nil {
		return "", 0, err
	}
	defer r.release(e)
	words, err := e.recognise(crop, int(mode.Seg))
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
