package workers

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"strings"

	"civreg"
	"civreg/extract"
	"civreg/ocr"
	"civreg/scan"
)

// Reading is the OCR and extraction shared by the ocr:page and extract:record stages and the
// offline `civreg extract` and `civreg eval`.
type Reading struct {
	OCR       *ocr.Reader
	Extractor *extract.Extractor
	// NoSecondReading leaves out the second reading of candidate values (ocr.ReadRegion), to
	// measure what it adds; SecondReadings counts those done.
	NoSecondReading bool
	SecondReadings  RereadStats
}

// FileReading is what was read from one scan file.
type FileReading struct {
	MediaType string
	Pages     []*ocr.Result
	// Entries are the records on the pages, page by page and top to bottom.
	Entries []extract.Entry
	// Result is the first record (or a certificate over all pages), for one record a file.
	Result *extract.Result
	Reason string // why nothing could be read (blank pages, no text), for the reviewer
}

// ReadFile OCRs every page of a scan and reads the records on them.
func (r *Reading) ReadFile(ctx context.Context, data []byte) (*FileReading, error) {
	mediaType, pages, err := r.readPages(ctx, data)
	if err != nil {
		return nil, err
	}
	return r.entriesOf(mediaType, pages, nil), nil
}

// readPages OCRs every page of a scan.
func (r *Reading) readPages(ctx context.Context, data []byte) (string, []*ocr.Result, error) {
	ins, err := scan.Inspect(bytes.NewReader(data), int64(len(data)), scan.DefaultLimits)
	if err != nil {
		return "", nil, err
	}
	var out []*ocr.Result
	for p := 1; p <= ins.Pages; p++ {
		res, err := r.OCR.Read(ctx, data, ins.MediaType, p)
		if err != nil {
			return "", nil, err
		}
		out = append(out, res)
	}
	return ins.MediaType, out, nil
}

// entriesOf reads the records on a scan's pages as OCR read them, the second readings
// answered by kept when it is not nil.
func (r *Reading) entriesOf(mediaType string, read []*ocr.Result, kept *keptRegions) *FileReading {
	out := &FileReading{MediaType: mediaType, Pages: read}
	var pages []civreg.PageWords
	var problems []string
	uprights := map[int][]byte{}
	for i, res := range read {
		p := i + 1
		if res.Blank {
			problems = append(problems, fmt.Sprintf("page %d: %s", p, res.Detail))
		}
		pages = append(pages, civreg.PageWords{Number: p, Width: res.Width, Height: res.Height, Words: res.Words, Rules: res.Rules})
		uprights[p] = res.Upright
	}
	out.Entries = r.readEntries(pages, uprightImages(out.Pages), uprights, r.Extractor.Vocab, kept)
	if len(pages) == 1 {
		out.Result = out.Entries[0].Result()
	} else {
		out.Result = r.Extractor.Extract(pages)
	}
	out.Reason = noFieldsReason(problems, out.Result)
	return out
}

// noFieldsReason says why a record has no fields, for the reviewer: what went wrong with its
// pages (undecodable, blank, no text), or that its text matched no form design; "" when it has
// fields. The ocr:page stage and the offline reader share it.
func noFieldsReason(pageProblems []string, res *extract.Result) string {
	switch {
	case len(res.Fields) > 0:
		return ""
	case len(pageProblems) > 0:
		return strings.Join(pageProblems, "; ")
	case res.RecordType == civreg.Unknown:
		return "the text read does not match any known form design: enter the fields by hand, or add the design to the forms file"
	}
	return "no field of the " + res.Design + " could be read"
}

// uprightImages decodes the upright page images OCR made, for the ink check beside values; a
// page that does not decode gets nil (and no ink check).
func uprightImages(pages []*ocr.Result) []*image.Gray {
	out := make([]*image.Gray, len(pages))
	for i, p := range pages {
		out[i] = grayPNG(p.Upright)
	}
	return out
}

// grayPNG decodes an upright page image as grey, or nil when it does not decode.
func grayPNG(b []byte) *image.Gray {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}

// readEntries reads the records on the pages, each value that would be trusted read a
// second time from its upright page (uprights by page number), names checked against vocab
// (nil: none); kept, when not nil, answers the second readings it holds.
func (r *Reading) readEntries(pages []civreg.PageWords, images []*image.Gray, uprights map[int][]byte, vocab *extract.Vocabulary, kept *keptRegions) []extract.Entry {
	ex := *r.Extractor
	ex.Vocab = vocab
	if r.NoSecondReading || r.OCR == nil {
		return ex.ReadChecked(pages, images, nil)
	}
	rr := newRegionReader(r.OCR, uprights, &r.SecondReadings)
	defer rr.close()
	if kept != nil {
		kept.inner = rr
		return ex.ReadChecked(pages, images, kept)
	}
	return ex.ReadChecked(pages, images, rr)
}
