package workers

import (
	"context"
	"log/slog"

	"civreg"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"civreg/extract"
	"civreg/ocr"
)

// RereadStats counts the second readings done, for the cost civreg eval reports.
type RereadStats struct {
	Regions atomic.Int64
	CPU     atomic.Int64 // nanoseconds of CPU time of the readings, on their threads
	Failed  atomic.Int64
}

// SecondScale is how much a region is enlarged before it is read again: the page was read at
// its own scale, so the second reading sees other pixels (and another line height).
const SecondScale = 1.5

// regionReader reads values again from a record's upright pages with ocr.ReadRegion (the
// extractor's Rereader): each page is decoded once, when a region of it is first asked for.
type regionReader struct {
	ocr      *ocr.Reader
	uprights map[int][]byte // page number → upright PNG as the OCR stage stored it
	stats    *RereadStats

	mu    sync.Mutex
	pages map[int]*ocr.Page
}

func newRegionReader(r *ocr.Reader, uprights map[int][]byte, stats *RereadStats) *regionReader {
	return &regionReader{ocr: r, uprights: uprights, stats: stats, pages: map[int]*ocr.Page{}}
}

func (rr *regionReader) page(n int) (*ocr.Page, error) {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	if p := rr.pages[n]; p != nil {
		return p, nil
	}
	b := rr.uprights[n]
	if len(b) == 0 {
		return nil, ocr.ErrUnreadable
	}
	p, err := ocr.OpenPage(b)
	if err != nil {
		return nil, err
	}
	rr.pages[n] = p
	return p, nil
}

// Reread reads a value's box by itself (regionMode).
func (rr *regionReader) Reread(r extract.Region) (string, float64, error) {
	p, err := rr.page(r.Page)
	if err != nil {
		rr.count(0, err)
		return "", 0, err
	}
	mode, box := regionMode(r, p)
	runtime.LockOSThread() // the thread's CPU time is read either side of the reading
	defer runtime.UnlockOSThread()
	start := threadCPU()
	text, conf, err := rr.ocr.ReadRegion(p, box, mode)
	rr.count(threadCPU()-start, err)
	return text, conf, err
}

// HeadingScale is how much a register's heading band is enlarged before it is read again:
// headings are the page's smallest print.
const HeadingScale = 2

// ReadBand reads a band of a page again as sparse text (headings scattered between rules),
// enlarged HeadingScale times, its words' boxes in the page's pixels.
func (rr *regionReader) ReadBand(page int, box [4]int) ([]civreg.Word, error) {
	p, err := rr.page(page)
	if err != nil {
		rr.count(0, err)
		return nil, err
	}
	w, h := p.Size()
	box = [4]int{max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3])}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := threadCPU()
	words, err := rr.ocr.ReadRegionWords(p, box, ocr.Mode{Seg: ocr.SparseText, Scale: HeadingScale})
	rr.count(threadCPU()-start, err)
	return words, err
}

func (rr *regionReader) count(cpu time.Duration, err error) {
	if rr.stats == nil {
		return
	}
	rr.stats.Regions.Add(1)
	rr.stats.CPU.Add(int64(cpu))
	if err != nil {
		rr.stats.Failed.Add(1)
	}
}

// close frees the decoded pages.
func (rr *regionReader) close() {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	for _, p := range rr.pages {
		p.Close()
	}
	rr.pages = map[int]*ocr.Page{}
}

// threadCPU is the CPU time of the calling goroutine's thread: Tesseract runs on it during
// the cgo call, so the difference around a reading is what the reading cost, whatever else
// the machine is doing (the caller locks its goroutine to the thread).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(1, &ru) != nil { // RUSAGE_THREAD
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// regionMode is how a region is read again, and the box read: first one word (PSM 8) for a
// value of one word, one line (PSM 7) for a value on one line, a block (PSM 6) for one that
// wraps, enlarged SecondScale times with a margin of a quarter of its line height so no
// letter is cut at the edge; then (Attempt 1) as one line, twice the size, with a margin of an
// eighth, which leaves out more of a rule or box edge beside the value.
func regionMode(r extract.Region, p *ocr.Page) (ocr.Mode, [4]int) {
	mode := ocr.Mode{Seg: ocr.OneLine, Scale: SecondScale}
	switch {
	case r.Lines > 1:
		mode.Seg = ocr.TextBlock
	case r.Words == 1:
		mode.Seg = ocr.OneWord
	}
	lineH := (r.Box[3] - r.Box[1]) / max(r.Lines, 1)
	pad := max(3, lineH/4)
	if r.Attempt > 0 {
		mode = ocr.Mode{Seg: ocr.OneLine, Scale: 2}
		if r.Lines > 1 {
			mode.Seg = ocr.TextBlock
		}
		pad = max(2, lineH/8)
	}
	w, h := p.Size()
	return mode, [4]int{max(0, r.Box[0]-pad), max(0, r.Box[1]-pad), min(w, r.Box[2]+pad), min(h, r.Box[3]+pad)}
}

// vocabCache holds the name vocabulary of approved records for a while: approvals change it
// slowly, and reading it for every record would cost a scan of every approved field.
type vocabCache struct {
	mu     sync.Mutex
	v      *extract.Vocabulary
	loaded time.Time
}

// VocabularyEvery is how long a name vocabulary read from the approved records is used.
const VocabularyEvery = 10 * time.Minute

// vocabulary is the name vocabulary of the approved records, read again when it is older
// than VocabularyEvery; when it cannot be read, the last one (or none) is used and the next
// record tries again: without one a name is only checked by its second reading.
func (p *Pipeline) vocabulary(ctx context.Context) *extract.Vocabulary {
	c := &p.vocab
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != nil && time.Since(c.loaded) < VocabularyEvery {
		return c.v
	}
	names, err := p.DB.NameVocabulary(ctx, civreg.KindName)
	if err == nil {
		var places map[string]int
		if places, err = p.DB.NameVocabulary(ctx, civreg.KindText); err == nil {
			c.v, c.loaded = extract.NewVocabulary(names, places), time.Now()
		}
	}
	if err != nil && p.Log != nil {
		p.Log.Warn("name vocabulary not read; names are checked against the last one", slog.Any("err", err))
	}
	return c.v
}

// ForgetVocabulary makes the next record read the name vocabulary afresh (after approvals
// that should count at once).
func (p *Pipeline) ForgetVocabulary() {
	p.vocab.mu.Lock()
	defer p.vocab.mu.Unlock()
	p.vocab.v = nil
}
