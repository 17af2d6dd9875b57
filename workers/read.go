package workers

import (
	"bytes"
	"context"
	"fmt"

	"civreg"
	"civreg/ingest"
	"civreg/workers/extract"
	"civreg/workers/ocr"
)

// Reading is the OCR and extraction shared by the ocr:page and extract:record stages and the
// offline `civreg extract` and `civreg eval`.
type Reading struct {
	OCR       *ocr.Reader
	Extractor *extract.Extractor
}

// FileReading is what was read from one scan file.
type FileReading struct {
	Pages  []*ocr.Result
	Result *extract.Result
	Reason string // why nothing could be read (blank pages, no text), for the reviewer
}

// ReadFile OCRs every page of a scan and extracts its fields, as one record.
func (r *Reading) ReadFile(ctx context.Context, data []byte) (*FileReading, error) {
	ins, err := ingest.Inspect(bytes.NewReader(data), int64(len(data)), ingest.DefaultLimits)
	if err != nil {
		return nil, err
	}
	out := &FileReading{}
	var pages []extract.Page
	for p := 1; p <= ins.Pages; p++ {
		res, err := r.OCR.Read(ctx, data, ins.MediaType, p)
		if err != nil {
			return nil, err
		}
		out.Pages = append(out.Pages, res)
		pages = append(pages, extract.Page{Number: p, Width: res.Width, Height: res.Height, Words: res.Words})
	}
	out.Result = r.Extractor.Extract(pages)
	out.Reason = emptyReason(out.Pages, out.Result)
	return out, nil
}

// emptyReason says why a record has no fields, or "" when it has some.
func emptyReason(pages []*ocr.Result, res *extract.Result) string {
	if len(res.Fields) > 0 {
		return ""
	}
	blank := 0
	for _, p := range pages {
		if p.Blank {
			blank++
		}
	}
	switch {
	case blank == len(pages):
		return "no text was found on the scan (blank, or too faint to read): check the scan, or rescan it"
	case res.RecordType == civreg.Unknown:
		return "the text read does not match any known form design: enter the fields by hand, or add the design to the forms file"
	}
	return fmt.Sprintf("no field of the %s could be read", res.Design)
}
