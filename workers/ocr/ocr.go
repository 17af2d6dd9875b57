// Package ocr reads scanned pages with Tesseract: it decodes the page (PNG, JPEG, TIFF of any
// page, PDF pages through poppler's pdftoppm), turns it upright (Tesseract's orientation
// detector), straightens small skew (leptonica), scales small scans up to the size Tesseract
// reads best, and OCRs it with gosseract, keeping every word's box and confidence. Boxes are in
// the pixels of the upright image it returns, which is what the review screen shows.
// This is the one package that uses cgo.
package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"civreg"
	"civreg/workers/extract"

	"github.com/otiai10/gosseract/v2"
)

// Word is one word read, with its box in upright-image pixels and a confidence from 0 to 1.
type Word = extract.Word

// Result is one page read.
type Result struct {
	Upright     []byte  // PNG of the upright, straightened page
	Width       int     // of the upright image
	Height      int     // of the upright image
	Words       []Word  // in reading order
	Orientation int     // degrees clockwise the page was turned, as found
	Skew        float64 // degrees straightened
	Scale       float64 // how much the page was enlarged for OCR
	Blank       bool    // no ink, or no text found
	Detail      string  // how it was read, for the record's history
}

// Text returns the words line by line.
func (r *Result) Text() string {
	var b strings.Builder
	for i, w := range r.Words {
		if i > 0 {
			if prev := r.Words[i-1]; prev.Block != w.Block || prev.Par != w.Par || prev.Line != w.Line {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.Text)
	}
	return b.String()
}

// Reader reads pages; it keeps Tesseract instances for reuse (one per page at a time).
type Reader struct {
	pool chan *gosseract.Client
}

// NewReader makes a reader for up to n pages at once.
func NewReader(n int) *Reader {
	return &Reader{pool: make(chan *gosseract.Client, max(n, 1))}
}

// Close ends the Tesseract instances.
func (r *Reader) Close() {
	for {
		select {
		case c := <-r.pool:
			c.Close()
		default:
			return
		}
	}
}

func (r *Reader) client() *gosseract.Client {
	select {
	case c := <-r.pool:
		return c
	default:
		c := gosseract.NewClient()
		c.SetLanguage("eng")
		c.SetVariable("user_defined_dpi", "300")
		// The library's default is one uniform block; pages need their layout found, as the
		// tesseract command does.
		// (As a variable: gosseract applies variables after Tesseract's init, which would reset it.)
		c.SetVariable("tessedit_pageseg_mode", "3")
		return c
	}
}

func (r *Reader) release(c *gosseract.Client) {
	select {
	case r.pool <- c:
	default:
		c.Close()
	}
}

// ErrUnreadable marks a page that will never be read, however often it is tried.
var ErrUnreadable = errors.New("ocr: page cannot be read")

// Read reads page (1-based) of a scan with the given media type.
func (r *Reader) Read(ctx context.Context, scan []byte, mediaType string, page int) (*Result, error) {
	var img *pix
	var err error
	switch mediaType {
	case "application/pdf":
		png, err := rasterisePDF(ctx, scan, page)
		if err != nil {
			return nil, err
		}
		img, err = decode(png, false, 0)
		if err != nil {
			return nil, fmt.Errorf("%w: page %d of the PDF: %v", ErrUnreadable, page, err)
		}
	case "image/tiff":
		img, err = decode(scan, true, page-1)
	default:
		img, err = decode(scan, false, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer img.free()
	res := &Result{Scale: 1}
	if ink := img.inkFraction(); ink < 0.001 {
		res.Blank = true
		res.Detail = "blank page: no ink found"
		return res, r.keepUpright(res, img)
	}

	// Tesseract reads best with text about 300 dpi high: small scans are enlarged for OCR.
	w, h := img.size()
	res.Scale = 1
	if long := max(w, h); long < 2600 {
		res.Scale = min(2.0, 2800/float64(long))
	}

	// Upright: the orientation detector works on a copy about 1,600 pixels long (it costs as
	// much as the OCR itself on a full page); when it cannot tell, the page is read each way.
	osdScale := 1600 / float64(max(w, h))
	small := img.scale(osdScale)
	deg, conf, ok := small.orientation()
	small.free()
	if !ok || conf < 1.0 {
		big := img.scale(res.Scale)
		var err error
		deg, err = r.guessOrientation(big)
		big.free()
		if err != nil {
			return nil, err
		}
	}
	res.Orientation = deg
	turned := img.turn((4 - deg/90) % 4)
	defer turned.free()
	upright, skew := turned.deskew()
	defer upright.free()
	res.Skew = skew

	// Tesseract reads best with text about 300 dpi high: enlarge small scans.
	// Speckle out with a 3×3 median after enlarging: on a small scan the median would erase
	// thin strokes of small print.
	scaled := upright.scale(res.Scale)
	defer scaled.free()
	clean := scaled.despeckle()
	defer clean.free()
	pgm, err := clean.bmp()
	if err != nil {
		return nil, err
	}
	c := r.client()
	defer r.release(c)
	if err := c.SetImageFromBytes(pgm); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	boxes, err := c.GetBoundingBoxesVerbose()
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	for _, b := range boxes {
		text := strings.TrimSpace(b.Word)
		if text == "" {
			continue
		}
		s := res.Scale
		res.Words = append(res.Words, Word{
			Text: text, Conf: b.Confidence / 100,
			Box:   [4]int{int(float64(b.Box.Min.X) / s), int(float64(b.Box.Min.Y) / s), int(float64(b.Box.Max.X)/s + 0.5), int(float64(b.Box.Max.Y)/s + 0.5)},
			Block: b.BlockNum, Par: b.ParNum, Line: b.LineNum,
		})
	}
	res.Detail = fmt.Sprintf("turned %d° back, straightened %.1f°, enlarged ×%.2f for OCR, %d words", deg, skew, res.Scale, len(res.Words))
	if len(res.Words) == 0 {
		res.Blank = true
		res.Detail = "no text found on the page"
	}
	return res, r.keepUpright(res, upright)
}

// guessOrientation is for pages the orientation detector gives up on (too little text, small
// or noisy scans): it reads the page each way up and keeps the way with the most confidently
// read words. It returns degrees clockwise the page is turned.
func (r *Reader) guessOrientation(img *pix) (int, error) {
	c := r.client()
	defer r.release(c)
	best, bestScore := 0, -1.0
	for q := 0; q < 4; q++ {
		turned := img.turn(q)
		pgm, err := turned.bmp()
		turned.free()
		if err != nil {
			return 0, err
		}
		if err := c.SetImageFromBytes(pgm); err != nil {
			return 0, fmt.Errorf("ocr: %w", err)
		}
		boxes, err := c.GetBoundingBoxes(gosseract.RIL_WORD)
		if err != nil {
			return 0, fmt.Errorf("ocr: %w", err)
		}
		// Tesseract reads sideways lines too, so count only words lying the right way:
		// wider than tall.
		score := 0.0
		for _, b := range boxes {
			if len([]rune(strings.TrimSpace(b.Word))) >= 3 && b.Confidence > 60 && b.Box.Dx() > b.Box.Dy() {
				score += b.Confidence / 100
			}
		}
		if score > bestScore {
			best, bestScore = q, score
		}
	}
	return (4 - best) % 4 * 90, nil
}

func (r *Reader) keepUpright(res *Result, img *pix) error {
	png, err := img.png()
	if err != nil {
		return err
	}
	res.Upright = png
	res.Width, res.Height = img.size()
	return nil
}

// rasterisePDF renders one page of a PDF at 300 dpi in grey with poppler's pdftoppm, which
// reads every image encoding scanners put in PDFs (CCITT, JBIG2, JPEG 2000 among them).
func rasterisePDF(ctx context.Context, pdf []byte, page int) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "pdftoppm", "-r", "300", "-gray", "-png", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("%w: page %d of the PDF cannot be rendered: %s", ErrUnreadable, page, strings.TrimSpace(errOut.String()))
		}
		return nil, civreg.Errorf(civreg.EINTERNAL, "pdftoppm (poppler-utils) is needed to read PDF scans: %v", err)
	}
	return out.Bytes(), nil
}
