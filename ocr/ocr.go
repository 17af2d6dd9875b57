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
	"slices"
	"strings"

	"civreg"

	"github.com/otiai10/gosseract/v2"
)

// Word is one word read, with its box in upright-image pixels and a confidence from 0 to 1.
type Word = civreg.Word

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

// Reader reads pages; it keeps Tesseract instances and orientation detectors for reuse (one
// of each per page at a time): loading them costs as much as reading a small page.
type Reader struct {
	pool chan *gosseract.Client
	osd  chan *detector
}

// NewReader makes a reader for up to n pages at once.
func NewReader(n int) *Reader {
	return &Reader{pool: make(chan *gosseract.Client, max(n, 1)), osd: make(chan *detector, max(n, 1))}
}

// Close ends the Tesseract instances.
func (r *Reader) Close() {
	for {
		select {
		case c := <-r.pool:
			c.Close()
		case d := <-r.osd:
			d.close()
		default:
			return
		}
	}
}

// orientation runs a pooled orientation detector on img.
func (r *Reader) orientation(img *pix) (deg int, ok bool, err error) {
	var d *detector
	select {
	case d = <-r.osd:
	default:
		if d, err = newDetector(); err != nil {
			return 0, false, err
		}
	}
	deg, ok = d.orientation(img)
	select {
	case r.osd <- d:
	default:
		d.close()
	}
	return deg, ok, nil
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
	if long := max(w, h); long < 2600 {
		res.Scale = min(2.0, 2800/float64(long))
	}
	// The page is read the likeliest way up by leptonica's quick detector first; Tesseract's
	// detector, ten times dearer, is asked only when that reading is implausible.
	best, upright, err := r.readBest(res, img, img.quickOrientation())
	if err != nil {
		return nil, err
	}
	defer upright.free()
	if len(best.Words) == 0 {
		best.Blank = true
		best.Detail = "no text found on the page"
	}
	return best, r.keepUpright(best, upright)
}

// readBest reads the page turned first degrees back; a reading that is not plausible is
// followed by the other three ways, in the detectors' order, until one is. It returns the best
// reading with its upright page.
func (r *Reader) readBest(res *Result, img *pix, first int) (*Result, *pix, error) {
	ways := []int{first}
	var best *Result
	var bestImg *pix
	bestScore := -1.0
	tried := 0
	for ; tried < len(ways); tried++ {
		try := *res
		upright, err := r.readAt(&try, img, ways[tried])
		if err != nil {
			bestImg.free()
			return nil, nil, err
		}
		score, plausible := readingScore(try.Words)
		if score > bestScore {
			bestImg.free()
			best, bestImg, bestScore = &try, upright, score
		} else {
			upright.free()
		}
		if plausible {
			break
		}
		if len(ways) == 1 {
			more, err := r.waysUp(img, first)
			if err != nil {
				bestImg.free()
				return nil, nil, err
			}
			ways = append(ways, slices.DeleteFunc(more, func(d int) bool { return d == first })...)
		}
	}
	if tried > 0 {
		best.Detail += fmt.Sprintf("; read each way up, as %d° back read too few words", first)
	}
	return best, bestImg, nil
}

// waysUp lists the four ways the page may be turned (degrees clockwise), likeliest first:
// Tesseract's orientation detector's answer, then leptonica's, then the rest.
func (r *Reader) waysUp(img *pix, lean int) ([]int, error) {
	// The detector works on a copy about 1,600 pixels long: on a full page it costs as much
	// as the OCR itself.
	w, h := img.size()
	small := img.scale(1600 / float64(max(w, h)))
	deg, ok, err := r.orientation(small)
	small.free()
	if err != nil {
		return nil, err
	}
	var ways []int
	if ok {
		ways = append(ways, deg)
	}
	for _, d := range []int{lean, 0, 180, 90, 270} {
		if !slices.Contains(ways, d) {
			ways = append(ways, d)
		}
	}
	return ways, nil
}

// readAt reads the page turned deg degrees back: turned, straightened, enlarged, despeckled,
// OCRed. It returns the upright, straightened page (before enlarging) for the review screen.
func (r *Reader) readAt(res *Result, img *pix, deg int) (*pix, error) {
	res.Orientation = deg
	turned := img.turn((4 - deg/90) % 4)
	defer turned.free()
	upright, skew := turned.deskew()
	res.Skew = skew
	read := false
	defer func() {
		if !read {
			upright.free()
		}
	}()

	// Speckle out with a 3×3 median after enlarging: on a small scan the median would erase
	// thin strokes of small print.
	scaled := upright.scale(res.Scale)
	defer scaled.free()
	clean := scaled.despeckle()
	defer clean.free()
	bmp, err := clean.bmp()
	if err != nil {
		return nil, err
	}
	c := r.client()
	defer r.release(c)
	if err := c.SetImageFromBytes(bmp); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	boxes, err := c.GetBoundingBoxesVerbose()
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	res.Words = nil
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
	read = true
	return upright, nil
}

// readingScore weighs a reading by its confidently read words of three letters or more lying
// the right way (Tesseract reads sideways lines too, as tall words). A reading is plausible
// when most such words are confident: text the wrong way up reads as few, doubtful words.
func readingScore(words []Word) (score float64, plausible bool) {
	long, good := 0, 0
	for _, w := range words {
		if len([]rune(w.Text)) < 3 {
			continue
		}
		long++
		if w.Conf > 0.6 && w.Box[2]-w.Box[0] > w.Box[3]-w.Box[1] {
			good++
			score += w.Conf
		}
	}
	return score, good >= 3 && float64(good) >= 0.6*float64(long)
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
