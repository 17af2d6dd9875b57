package workers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"civreg"
	"civreg/extract"
	"civreg/ocr"
)

// Kept is a folder of readings kept between runs (civreg eval -keep): each scan's pages as OCR
// read them (NAME.ocr.json, the words and how each page was read; NAME.pN.png, the upright
// page) and the regions read a second time (NAME.regions.json). A run that finds a scan's
// readings there reads none of its pages with Tesseract, so two runs of the extractor, before
// and after a change, are measured on the same OCR.
type Kept struct {
	Dir string
	// PagesRead counts the pages OCR read, PagesKept those taken from the folder; RegionsKept
	// the second readings taken from it.
	PagesRead, PagesKept, RegionsKept atomic.Int64
}

// keptPage is one page's reading as kept: ocr.Result without the upright image, which is kept
// beside it as a PNG.
type keptPage struct {
	Width, Height int
	Words         []ocr.Word
	Orientation   int
	Skew, Scale   float64
	Despeckled    bool
	Blank         bool
	Detail        string
}

type keptReading struct {
	MediaType string
	Pages     []keptPage
}

func (k *Kept) path(name, suffix string) string { return filepath.Join(k.Dir, name+suffix) }

// load reads a scan's kept pages; ok is false when none are kept.
func (k *Kept) load(name string) (string, []*ocr.Result, bool, error) {
	b, err := os.ReadFile(k.path(name, ".ocr.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, false, nil
	}
	var kr keptReading
	if err == nil {
		err = json.Unmarshal(b, &kr)
	}
	if err != nil {
		return "", nil, false, fmt.Errorf("kept reading of %s: %w", name, err)
	}
	var pages []*ocr.Result
	for i, p := range kr.Pages {
		png, err := os.ReadFile(k.path(name, fmt.Sprintf(".p%d.png", i+1)))
		if err != nil {
			return "", nil, false, fmt.Errorf("kept reading of %s: %w", name, err)
		}
		pages = append(pages, &ocr.Result{Upright: png, Width: p.Width, Height: p.Height, Words: p.Words,
			Orientation: p.Orientation, Skew: p.Skew, Scale: p.Scale, Despeckled: p.Despeckled, Blank: p.Blank, Detail: p.Detail})
	}
	k.PagesKept.Add(int64(len(pages)))
	return kr.MediaType, pages, true, nil
}

// store keeps a scan's pages as OCR read them.
func (k *Kept) store(name, mediaType string, pages []*ocr.Result) error {
	if err := os.MkdirAll(k.Dir, 0o755); err != nil {
		return err
	}
	kr := keptReading{MediaType: mediaType}
	for i, p := range pages {
		kr.Pages = append(kr.Pages, keptPage{p.Width, p.Height, p.Words, p.Orientation, p.Skew, p.Scale, p.Despeckled, p.Blank, p.Detail})
		if err := os.WriteFile(k.path(name, fmt.Sprintf(".p%d.png", i+1)), p.Upright, 0o644); err != nil {
			return err
		}
	}
	b, err := json.Marshal(kr)
	if err != nil {
		return err
	}
	return os.WriteFile(k.path(name, ".ocr.json"), b, 0o644)
}

// ReadFileKept is ReadFile with the scan's readings kept in k under name: its pages are read
// from the folder when they are there, and read by OCR and stored when they are not; its
// second readings likewise, region by region.
func (r *Reading) ReadFileKept(ctx context.Context, data []byte, k *Kept, name string) (*FileReading, error) {
	mediaType, pages, ok, err := k.load(name)
	if err != nil {
		return nil, err
	}
	if !ok {
		if mediaType, pages, err = r.readPages(ctx, data); err != nil {
			return nil, err
		}
		k.PagesRead.Add(int64(len(pages)))
		if err := k.store(name, mediaType, pages); err != nil {
			return nil, err
		}
	}
	regions := k.regions(name)
	out := r.entriesOf(mediaType, pages, regions)
	return out, regions.save()
}

// keptRegions is a Rereader that answers from the regions kept for a scan and reads (and
// keeps) the others with the region reader it is given.
type keptRegions struct {
	k     *Kept
	name  string
	inner extract.Rereader

	mu      sync.Mutex
	read    map[string]keptRegion
	changed bool
}

type keptRegion struct {
	Text  string
	Conf  float64
	Err   string
	Words []civreg.Word `json:",omitempty"` // a band read as words (ReadBand)
}

func (k *Kept) regions(name string) *keptRegions {
	kr := &keptRegions{k: k, name: name, read: map[string]keptRegion{}}
	if b, err := os.ReadFile(k.path(name, ".regions.json")); err == nil {
		_ = json.Unmarshal(b, &kr.read) // a damaged file is read again
	}
	return kr
}

// Reread answers a region by its page, box, shape and attempt.
func (kr *keptRegions) Reread(r extract.Region) (string, float64, error) {
	key := fmt.Sprintf("%d %v %d %d %d", r.Page, r.Box, r.Lines, r.Words, r.Attempt)
	kr.mu.Lock()
	got, ok := kr.read[key]
	kr.mu.Unlock()
	if ok {
		kr.k.RegionsKept.Add(1)
	} else {
		text, conf, err := kr.inner.Reread(r)
		got = keptRegion{Text: text, Conf: conf}
		if err != nil {
			got.Err = err.Error()
		}
		kr.mu.Lock()
		kr.read[key], kr.changed = got, true
		kr.mu.Unlock()
	}
	if got.Err != "" {
		return got.Text, got.Conf, errors.New(got.Err)
	}
	return got.Text, got.Conf, nil
}

// ReadBand answers a band read as words by its page and box.
func (kr *keptRegions) ReadBand(page int, box [4]int) ([]civreg.Word, error) {
	key := fmt.Sprintf("band %d %v", page, box)
	kr.mu.Lock()
	got, ok := kr.read[key]
	kr.mu.Unlock()
	if ok {
		kr.k.RegionsKept.Add(1)
	} else {
		br, ok := kr.inner.(extract.BandReader)
		if !ok {
			return nil, errors.New("the second reader reads no bands")
		}
		words, err := br.ReadBand(page, box)
		got = keptRegion{Words: words}
		if err != nil {
			got.Err = err.Error()
		}
		kr.mu.Lock()
		kr.read[key], kr.changed = got, true
		kr.mu.Unlock()
	}
	if got.Err != "" {
		return got.Words, errors.New(got.Err)
	}
	return got.Words, nil
}

func (kr *keptRegions) save() error {
	if !kr.changed {
		return nil
	}
	b, err := json.Marshal(kr.read)
	if err != nil {
		return err
	}
	return os.WriteFile(kr.k.path(kr.name, ".regions.json"), b, 0o644)
}
