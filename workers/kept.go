package workers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
// and after a change, are measured on the same OCR. Readings are kept under the scan's name
// but taken only for the same scan (its SHA-256) read with the same model: samples of every
// seed are named alike.
type Kept struct {
	Dir string
	// PagesRead counts the pages OCR read, PagesKept those taken from the folder; RegionsKept
	// the second readings taken from it. ScansReplaced counts the scans whose kept reading was
	// of another scan or model, ScansDamaged those whose kept files could not be read: both are
	// read again and kept anew.
	PagesRead, PagesKept, RegionsKept atomic.Int64
	ScansReplaced, ScansDamaged       atomic.Int64

	mu     sync.Mutex
	models map[ocr.Model]keptModel
}

// keptModel is what a reading was read with: the model's name, its file and that file's
// SHA-256 (a model replaced in place reads otherwise).
type keptModel struct {
	Name, File, SHA256 string
}

// model is m as it is kept, its file hashed once a run.
func (k *Kept) model(m ocr.Model) keptModel {
	k.mu.Lock()
	defer k.mu.Unlock()
	if km, ok := k.models[m]; ok {
		return km
	}
	km := keptModel{Name: m.Name, File: m.File()}
	if abs, err := filepath.Abs(km.File); err == nil {
		km.File = abs
	}
	if b, err := os.ReadFile(km.File); err == nil {
		km.SHA256 = sha256Hex(b)
	}
	if k.models == nil {
		k.models = map[ocr.Model]keptModel{}
	}
	k.models[m] = km
	return km
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// keptPage is one page's reading as kept: ocr.Result without the upright image, which is kept
// beside it as a PNG (PNG its SHA-256, so a PNG another scan's run left is not taken).
type keptPage struct {
	Width, Height int
	Words         []ocr.Word
	Rules         []civreg.Rule
	Orientation   int
	Skew, Scale   float64
	Despeckled    bool
	Blank         bool
	Detail        string
	PNG           string
}

type keptReading struct {
	Scan      string // SHA-256 of the scan file
	Model     keptModel
	MediaType string
	Pages     []keptPage
}

func (k *Kept) path(name, suffix string) string { return filepath.Join(k.Dir, name+suffix) }

// keptState is what load found for a scan.
type keptState int

const (
	keptNone    keptState = iota // nothing kept under its name
	keptFound                    // its own reading
	keptOther                    // the reading of another scan or model
	keptDamaged                  // files that cannot be read (a run killed while writing them)
)

// load reads a scan's kept pages if they are the reading of scan (its SHA-256) with model.
func (k *Kept) load(name, scan string, model keptModel) (string, []*ocr.Result, keptState) {
	b, err := os.ReadFile(k.path(name, ".ocr.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, keptNone
	}
	var kr keptReading
	if err != nil || json.Unmarshal(b, &kr) != nil {
		return "", nil, keptDamaged
	}
	if kr.Scan != scan || kr.Model != model {
		return "", nil, keptOther
	}
	var pages []*ocr.Result
	for i, p := range kr.Pages {
		png, err := os.ReadFile(k.path(name, fmt.Sprintf(".p%d.png", i+1)))
		if err != nil || sha256Hex(png) != p.PNG {
			return "", nil, keptDamaged
		}
		pages = append(pages, &ocr.Result{Upright: png, Width: p.Width, Height: p.Height, Words: p.Words, Rules: p.Rules,
			Orientation: p.Orientation, Skew: p.Skew, Scale: p.Scale, Despeckled: p.Despeckled, Blank: p.Blank, Detail: p.Detail})
	}
	return kr.MediaType, pages, keptFound
}

// store keeps a scan's pages as OCR read them.
func (k *Kept) store(name string, kr keptReading, pages []*ocr.Result) error {
	if err := os.MkdirAll(k.Dir, 0o755); err != nil {
		return err
	}
	for i, p := range pages {
		kr.Pages = append(kr.Pages, keptPage{p.Width, p.Height, p.Words, p.Rules, p.Orientation, p.Skew, p.Scale, p.Despeckled, p.Blank, p.Detail, sha256Hex(p.Upright)})
		if err := writeKept(k.path(name, fmt.Sprintf(".p%d.png", i+1)), p.Upright); err != nil {
			return err
		}
	}
	b, err := json.Marshal(kr)
	if err != nil {
		return err
	}
	return writeKept(k.path(name, ".ocr.json"), b)
}

// writeKept writes a kept file whole or not at all: a run killed while writing leaves the
// file as it was (and a temporary file beside it), never half of it.
func writeKept(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// ReadFileKept is ReadFile with the scan's readings kept in k under name: its pages are read
// from the folder when they are this scan's, read with this model, and read by OCR and
// stored (over what was kept under the name) when they are not; its second readings
// likewise, region by region.
func (r *Reading) ReadFileKept(ctx context.Context, data []byte, k *Kept, name string) (*FileReading, error) {
	kr := keptReading{Scan: sha256Hex(data), Model: k.model(r.OCR.Model())}
	mediaType, pages, state := k.load(name, kr.Scan, kr.Model)
	if state == keptFound {
		k.PagesKept.Add(int64(len(pages)))
	} else {
		var err error
		if mediaType, pages, err = r.readPages(ctx, data); err != nil {
			return nil, err
		}
		k.PagesRead.Add(int64(len(pages)))
		switch state {
		case keptOther:
			k.ScansReplaced.Add(1)
		case keptDamaged:
			k.ScansDamaged.Add(1)
		}
		kr.MediaType = mediaType
		if err := k.store(name, kr, pages); err != nil {
			return nil, err
		}
	}
	regions := k.regions(name, kr.Scan, kr.Model)
	out := r.entriesOf(mediaType, pages, regions)
	return out, regions.save()
}

// keptRegions is a Rereader that answers from the regions kept for a scan and reads (and
// keeps) the others with the region reader it is given.
type keptRegions struct {
	k     *Kept
	name  string
	scan  string
	model keptModel
	inner extract.Rereader

	mu      sync.Mutex
	read    map[string]keptRegion
	changed bool
}

type keptRegion struct {
	Text  string
	Conf  float64
	Words []civreg.Word `json:",omitempty"` // a band read as words (ReadBand)
}

// keptRegionsFile is NAME.regions.json: the second readings of one scan read with one model.
type keptRegionsFile struct {
	Scan    string
	Model   keptModel
	Regions map[string]keptRegion
}

// regions is the second readings kept for scan under name; those of another scan or model,
// or a damaged file, are read again.
func (k *Kept) regions(name, scan string, model keptModel) *keptRegions {
	kr := &keptRegions{k: k, name: name, scan: scan, model: model, read: map[string]keptRegion{}}
	var f keptRegionsFile
	if b, err := os.ReadFile(k.path(name, ".regions.json")); err == nil && json.Unmarshal(b, &f) == nil &&
		f.Scan == scan && f.Model == model && f.Regions != nil {
		kr.read = f.Regions
	} else if err == nil {
		kr.changed = true // rewritten even when no region is read, so it is this scan's
	}
	return kr
}

// Reread answers a region by its page, box, shape and attempt. A reading that failed is not
// kept: the next run tries it again.
func (kr *keptRegions) Reread(r extract.Region) (string, float64, error) {
	key := fmt.Sprintf("%d %v %d %d %d", r.Page, r.Box, r.Lines, r.Words, r.Attempt)
	kr.mu.Lock()
	got, ok := kr.read[key]
	kr.mu.Unlock()
	if ok {
		kr.k.RegionsKept.Add(1)
		return got.Text, got.Conf, nil
	}
	text, conf, err := kr.inner.Reread(r)
	if err != nil {
		return text, conf, err
	}
	kr.mu.Lock()
	kr.read[key], kr.changed = keptRegion{Text: text, Conf: conf}, true
	kr.mu.Unlock()
	return text, conf, nil
}

// ReadBand answers a band read as words by its page and box. A reading that failed is not
// kept.
func (kr *keptRegions) ReadBand(page int, box [4]int) ([]civreg.Word, error) {
	key := fmt.Sprintf("band %d %v", page, box)
	kr.mu.Lock()
	got, ok := kr.read[key]
	kr.mu.Unlock()
	if ok {
		kr.k.RegionsKept.Add(1)
		return got.Words, nil
	}
	br, ok := kr.inner.(extract.BandReader)
	if !ok {
		return nil, errors.New("the second reader reads no bands")
	}
	words, err := br.ReadBand(page, box)
	if err != nil {
		return words, err
	}
	kr.mu.Lock()
	kr.read[key], kr.changed = keptRegion{Words: words}, true
	kr.mu.Unlock()
	return words, nil
}

func (kr *keptRegions) save() error {
	if !kr.changed {
		return nil
	}
	b, err := json.Marshal(keptRegionsFile{kr.scan, kr.model, kr.read})
	if err != nil {
		return err
	}
	return writeKept(kr.k.path(kr.name, ".regions.json"), b)
}
