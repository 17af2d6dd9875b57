// Package ocr reads scanned pages with Tesseract: it decodes the page (PNG, JPEG, TIFF of any
// page, PDF pages through poppler's pdftoppm), turns it upright (leptonica's quick detector,
// Tesseract's when that is unsure or reads implausibly), straightens small skew (leptonica),
// enlarges tiny scans, despeckles speckled ones, and OCRs it through Tesseract's C API,
// keeping every word's box and confidence. Boxes are in the pixels of the upright image it
// returns, which is what the review screen shows. ReadRegion re-reads one region of that
// image by itself: a second, independent reading of a field.
// This is the one package that uses cgo.
package ocr

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"civreg"
	"civreg/pdfa"
)

// Word is one word read, with its box in upright-image pixels and a confidence from 0 to 1.
type Word = civreg.Word

// Result is one page read.
type Result struct {
	Upright     []byte        // PNG of the upright, straightened page
	Width       int           // of the upright image
	Height      int           // of the upright image
	Words       []Word        // in reading order
	Rules       []civreg.Rule // the ruled lines of the upright page (boxes, tables), in its pixels
	Orientation int           // degrees clockwise the page was turned, as found
	Skew        float64       // degrees straightened
	Scale       float64       // how much the page was enlarged for OCR
	Despeckled  bool          // specks were taken out for OCR (3×3 median)
	Blank       bool          // no ink, or no text found
	Detail      string        // how it was read, for the record's history
	Steps       Steps         // where the time went
}

// Steps is the time each step of a page reading took, summed over every way up the page was
// read: the benchmark prints it, since the step that costs most is not always the one expected.
type Steps struct {
	Decode, Orient, Deskew, Enlarge, Despeckle, OCR, Unread, Rules, Upright time.Duration
	Readings                                                                int // OCR passes of the whole page
}

// Total is the time of every step together.
func (s Steps) Total() time.Duration {
	return s.Decode + s.Orient + s.Deskew + s.Enlarge + s.Despeckle + s.OCR + s.Unread + s.Rules + s.Upright
}

// Add sums two splits, for totals over many pages.
func (s Steps) Add(o Steps) Steps {
	return Steps{s.Decode + o.Decode, s.Orient + o.Orient, s.Deskew + o.Deskew, s.Enlarge + o.Enlarge,
		s.Despeckle + o.Despeckle, s.OCR + o.OCR, s.Unread + o.Unread, s.Rules + o.Rules, s.Upright + o.Upright, s.Readings + o.Readings}
}

// since adds the time from start to now to *d and restarts the clock.
func since(d *time.Duration, start *time.Time) {
	now := time.Now()
	*d += now.Sub(*start)
	*start = now
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
	model Model
	pool  chan *engine
	osd   chan *detector
}

// NewReader makes a reader of Debian's fast model for up to n pages at once. A missing model
// shows as an error on the first page; NewReaderWith reports it at once.
func NewReader(n int) *Reader {
	return &Reader{model: Fast, pool: make(chan *engine, max(n, 1)), osd: make(chan *detector, max(n, 1))}
}

// NewReaderWith makes a reader of model m for up to n pages at once, loading one instance
// first so that a model that cannot be loaded is an error here, naming what to install.
func NewReaderWith(n int, m Model) (*Reader, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	r := NewReader(n)
	r.model = m
	e, err := newEngine(m)
	if err != nil {
		return nil, err
	}
	r.release(e)
	return r, nil
}

// Model is the model the reader reads with.
func (r *Reader) Model() Model { return r.model }

// Close ends the Tesseract instances.
func (r *Reader) Close() {
	for {
		select {
		case e := <-r.pool:
			e.close()
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

// engine takes a pooled Tesseract instance, or loads one.
func (r *Reader) engine() (*engine, error) {
	select {
	case e := <-r.pool:
		return e, nil
	default:
		return newEngine(r.model)
	}
}

func (r *Reader) release(e *engine) {
	select {
	case r.pool <- e:
	default:
		e.close()
	}
}

// ErrUnreadable marks a page that will never be read, however often it is tried.
var ErrUnreadable = errors.New("ocr: page cannot be read")

// Read reads page (1-based) of a scan with the given media type.
func (r *Reader) Read(ctx context.Context, scan []byte, mediaType string, page int) (*Result, error) {
	clock := time.Now()
	var img *pix
	var err error
	switch mediaType {
	case "application/pdf":
		img, err = decodePDFPage(rasterisePDF(ctx, scan, page))
	case "image/tiff":
		img, err = decode(scan, true, page-1)
	default:
		img, err = decode(scan, false, 0)
	}
	return r.readDecoded(img, err, clock)
}

// ReadFile reads page (1-based) of the scan in the file at path, as Read does, without holding
// the whole file in memory: leptonica reads a TIFF's page from the file, pdftoppm the PDF's.
func (r *Reader) ReadFile(ctx context.Context, path, mediaType string, page int) (*Result, error) {
	clock := time.Now()
	var img *pix
	var err error
	switch mediaType {
	case "application/pdf":
		img, err = decodePDFPage(rasterisePDFFile(ctx, path, page))
	case "image/tiff":
		img, err = decodeFile(path, true, page-1)
	default:
		img, err = decodeFile(path, false, 0)
	}
	return r.readDecoded(img, err, clock)
}

// decodePDFPage decodes the PNG pdftoppm made of one page of a PDF.
func decodePDFPage(png []byte, page int, err error) (*pix, error) {
	if err != nil {
		return nil, err
	}
	img, err := decode(png, false, 0)
	if err != nil {
		return nil, fmt.Errorf("page %d of the PDF: %v", page, err)
	}
	return img, nil
}

// readDecoded reads a decoded page: a page that could not be decoded is unreadable for good.
func (r *Reader) readDecoded(img *pix, err error, clock time.Time) (*Result, error) {
	var machine *civreg.Error // pdftoppm missing: not the page's fault
	if errors.Is(err, ErrUnreadable) || errors.As(err, &machine) {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer img.free()
	res := &Result{Scale: 1}
	since(&res.Steps.Decode, &clock)
	if ink := img.inkFraction(); ink < 0.001 {
		res.Blank = true
		res.Detail = "blank page: no ink found"
		return res, r.keepUpright(res, img)
	}

	res.Scale, res.Despeckled = prepareFor(img)
	since(&res.Steps.Despeckle, &clock)
	// The page is read the likeliest way up by leptonica's quick detector first. Tesseract's
	// detector, about as dear as a reading, is asked when that reading is implausible, and
	// before it when the quick one is unsure of a turn: that was wrong on 3 of 5 such generated
	// pages (mostly 150 dpi registers), and a wrong first way costs a reading and a detection.
	first, sure := img.quickOrientation()
	ways := []int{first}
	if !sure && first != 0 {
		if ways, err = r.waysUp(img, first); err != nil {
			return nil, err
		}
	}
	since(&res.Steps.Orient, &clock)
	best, upright, err := r.readBest(res, img, ways)
	if err != nil {
		return nil, err
	}
	defer upright.free()
	if len(best.Words) == 0 {
		best.Blank = true
		best.Detail = "no text found on the page"
	}
	clock = time.Now()
	// Reading the unread ink again only adds to the page: when it fails, the page's own
	// reading stands.
	again, err := r.readUnread(upright, best.Words, best.Scale)
	if err != nil {
		best.Detail += fmt.Sprintf(", unread ink not read again (%v)", err)
	} else if len(again) > 0 {
		best.Words = append(best.Words, again...)
		best.Detail += fmt.Sprintf(", %d words read again where the layout left ink unread", len(again))
	}
	since(&best.Steps.Unread, &clock)
	best.Rules = upright.rules(best.Words)
	since(&best.Steps.Rules, &clock)
	return best, r.keepUpright(best, upright)
}

// prepareFor decides how a page is prepared for OCR: enlarged only when it is tiny, and
// despeckled only when it has specks. On generated pages, enlarging every scan under 2,600 px
// cost a fifth of the CPU time and read 92.4% of the printed values' characters against 93.4%
// without (30 pages); a median on every page cost an eighth and read 92.0% against 93.1%
// (30 others): Tesseract scales each line to its model's height itself, and the median thins
// strokes. Tiny scans (phototest, eurotext: 640 and 1,024 px) are still doubled, as before, and
// read as the tesseract command does; pages of salt-and-pepper noise (about 0.16% of their
// pixels specks; clean pages and the corpus's real scans at most 0.03%) are despeckled.
func prepareFor(img *pix) (scale float64, despeckle bool) {
	scale = 1
	w, h := img.size()
	if long := max(w, h); long < 1600 {
		scale = min(2.0, 2800/float64(long))
	}
	return scale, img.speckle() > 0.0005
}

// readBest reads the page the first of ways (degrees it is turned); a reading that is not
// plausible is followed by the other ways, in the detectors' order, until one is. It returns
// the best reading with its upright page.
func (r *Reader) readBest(res *Result, img *pix, ways []int) (*Result, *pix, error) {
	first := ways[0]
	var best *Result
	var bestImg *pix
	bestScore := -1.0
	tried := 0
	for ; tried < len(ways); tried++ {
		try := *res
		if best != nil {
			try.Steps = best.Steps
		}
		upright, err := r.readAt(&try, img, ways[tried])
		if err != nil {
			bestImg.free()
			return nil, nil, err
		}
		score, plausible := readingScore(try.Words)
		if best != nil {
			best.Steps = try.Steps
		}
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
			clock := time.Now()
			more, err := r.waysUp(img, first)
			since(&best.Steps.Orient, &clock)
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
	clock := time.Now()
	res.Orientation = deg
	turned := img.turn((4 - deg/90) % 4)
	defer turned.free()
	upright, skew := turned.deskew()
	since(&res.Steps.Deskew, &clock)
	res.Skew = skew
	read := false
	defer func() {
		if !read {
			upright.free()
		}
	}()

	// Speckle out with a 3×3 median after enlarging: on a small scan the median would erase
	// thin strokes of small print.
	clean := upright.scale(res.Scale)
	defer func() { clean.free() }()
	since(&res.Steps.Enlarge, &clock)
	if res.Despeckled {
		scaled := clean
		clean = scaled.despeckle()
		scaled.free()
		since(&res.Steps.Despeckle, &clock)
	}
	e, err := r.engine()
	if err != nil {
		return nil, err
	}
	defer r.release(e)
	res.Steps.Readings++
	// The layout is found as the tesseract command finds it (PSM 3), not the library's
	// default of one uniform block, which reads multi-column pages line across line.
	words, err := e.recognise(clean, psmAuto)
	since(&res.Steps.OCR, &clock)
	if err != nil {
		return nil, err
	}
	s := res.Scale
	for i := range words {
		b := &words[i].Box
		*b = [4]int{int(float64(b[0]) / s), int(float64(b[1]) / s), int(float64(b[2])/s + 0.5), int(float64(b[3])/s + 0.5)}
	}
	res.Words = words
	res.Detail = fmt.Sprintf("turned %d° back, straightened %.1f°, enlarged ×%.2f for OCR, %d words", deg, skew, res.Scale, len(res.Words))
	if res.Despeckled {
		res.Detail += ", despeckled"
	}
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
	clock := time.Now()
	defer since(&res.Steps.Upright, &clock)
	png, err := img.png()
	if err != nil {
		return err
	}
	res.Upright = png
	res.Width, res.Height = img.size()
	return nil
}

// rasterisePDF renders one page of a PDF in grey for reading.
func rasterisePDF(ctx context.Context, pdf []byte, page int) ([]byte, int, error) {
	b, err := pdfa.RenderPDFPage(ctx, pdf, page, true)
	return b, page, renderErr(err)
}

// rasterisePDFFile renders one page of the PDF file at path in grey for reading.
func rasterisePDFFile(ctx context.Context, path string, page int) ([]byte, int, error) {
	b, err := pdfa.RenderPDFFile(ctx, path, page, true)
	return b, page, renderErr(err)
}

// renderErr says what pdftoppm's failure means: a page it refuses is unreadable for good, a
// missing pdftoppm is the machine's fault.
func renderErr(err error) error {
	if err == nil {
		return nil
	}
	var refused *pdfa.PageRenderError
	if errors.As(err, &refused) {
		return fmt.Errorf("%w: %v", ErrUnreadable, refused)
	}
	return civreg.Errorf(civreg.EINTERNAL, "pdftoppm (poppler-utils) is needed to read PDF scans: %v", err)
}
