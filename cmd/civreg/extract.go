package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"civreg"
	"civreg/extract"
	"civreg/ocr"
	"civreg/workers"
)

func (m *Main) reading(n int) (*workers.Reading, error) {
	forms, err := extract.LoadForms(m.Config.FormsFile)
	if err != nil {
		return nil, err
	}
	model, err := ocr.FindModel(m.Config.OCRModel, m.Config.DataDir)
	if err != nil {
		return nil, err
	}
	reader, err := ocr.NewReaderWith(n, model)
	if err != nil {
		return nil, err
	}
	return &workers.Reading{OCR: reader, Extractor: &extract.Extractor{Forms: forms}}, nil
}

// extracted is one line of `civreg extract` (docs/records.md): a file and the records on it.
type extracted struct {
	File    string            `json:"file"`
	Pages   int               `json:"pages,omitempty"`
	Records []extractedRecord `json:"records"`
	Reason  string            `json:"reason,omitempty"`
}

// extractedRecord is one entry of a register page, or a certificate.
type extractedRecord struct {
	Entry          int                       `json:"entry"`
	Page           int                       `json:"page"`
	Region         [4]int                    `json:"region"`
	RecordType     civreg.RecordType         `json:"record_type"`
	TypeConfidence float64                   `json:"type_confidence"`
	Handwritten    bool                      `json:"handwritten,omitempty"`
	Doubt          string                    `json:"doubt,omitempty"`
	Fields         map[string]extractedField `json:"fields"`
}

type extractedField struct {
	Value       string  `json:"value"`
	Printed     string  `json:"printed"`
	Confidence  float64 `json:"confidence"`
	NeedsReview bool    `json:"needs_review"`
	Page        int     `json:"page"`
	Box         []int   `json:"box"`
}

func toExtracted(file string, fr *workers.FileReading) extracted {
	e := extracted{File: file, Pages: len(fr.Pages), Records: []extractedRecord{}, Reason: fr.Reason}
	for _, en := range fr.Entries {
		r := extractedRecord{Entry: en.Entry, Page: en.Page, Region: en.Region, RecordType: en.RecordType, TypeConfidence: en.TypeConfidence,
			Handwritten: en.Handwritten, Doubt: en.Doubt, Fields: map[string]extractedField{}}
		for _, f := range en.Fields {
			r.Fields[f.Key] = extractedField{f.Value, f.Printed, f.Confidence, f.NeedsReview, f.Page, f.Box}
		}
		e.Records = append(e.Records, r)
	}
	return e
}

// readAll reads files with one OCR at a time per core, calling done in the files' order.
func readAll(ctx context.Context, r *workers.Reading, files []string, done func(i int, fr *workers.FileReading, err error)) {
	readAllKept(ctx, r, nil, files, done)
}

// readAllKept is readAll with each scan's readings kept in kept (nil: none), under the scan's
// file name without its extension.
func readAllKept(ctx context.Context, r *workers.Reading, kept *workers.Kept, files []string, done func(i int, fr *workers.FileReading, err error)) {
	type result struct {
		fr  *workers.FileReading
		err error
	}
	results := make([]chan result, len(files))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			data, err := os.ReadFile(f)
			if err != nil {
				results[i] <- result{nil, err}
				return
			}
			var fr *workers.FileReading
			if kept != nil {
				name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
				fr, err = r.ReadFileKept(ctx, data, kept, name)
			} else {
				fr, err = r.ReadFile(ctx, data)
			}
			results[i] <- result{fr, err}
		}()
	}
	for i := range files {
		res := <-results[i]
		done(i, res.fr, res.err)
	}
	wg.Wait()
}

func runExtract(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.Bool("json", true, "one JSON object per file, one per line (the only output)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("usage: civreg extract [--json] FILE [FILE ...]")
	}
	r, err := m.reading(runtime.NumCPU())
	if err != nil {
		return err
	}
	defer r.OCR.Close()
	failed := 0
	enc := json.NewEncoder(m.Stdout)
	readAll(ctx, r, files, func(i int, fr *workers.FileReading, err error) {
		if err != nil {
			failed++
			enc.Encode(struct {
				File  string `json:"file"`
				Error string `json:"error"`
			}{files[i], civreg.ErrorMessage(err) + detailOf(err)})
			return
		}
		enc.Encode(toExtracted(files[i], fr))
	})
	if failed > 0 {
		return exitError(1)
	}
	return nil
}

func detailOf(err error) string {
	if civreg.ErrorCode(err) == civreg.EINTERNAL {
		return ": " + err.Error()
	}
	return ""
}
