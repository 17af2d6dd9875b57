package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"civreg"
	"civreg/extract"
	"civreg/internal/samples"
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

// extracted is one line of `civreg extract` (spec/records.md).
type extracted struct {
	File           string                    `json:"file"`
	RecordType     civreg.RecordType         `json:"record_type,omitempty"`
	TypeConfidence float64                   `json:"type_confidence,omitempty"`
	Pages          int                       `json:"pages,omitempty"`
	Fields         map[string]extractedField `json:"fields,omitempty"`
	Reason         string                    `json:"reason,omitempty"`
	Error          string                    `json:"error,omitempty"`
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
	e := extracted{File: file, RecordType: fr.Result.RecordType, TypeConfidence: fr.Result.TypeConfidence, Pages: len(fr.Pages),
		Fields: map[string]extractedField{}, Reason: fr.Reason}
	for _, f := range fr.Result.Fields {
		e.Fields[f.Key] = extractedField{f.Value, f.Printed, f.Confidence, f.NeedsReview, f.Page, f.Box}
	}
	return e
}

// readAll reads files with one OCR at a time per core, calling done in the files' order.
func readAll(ctx context.Context, r *workers.Reading, files []string, done func(i int, fr *workers.FileReading, err error)) {
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
			fr, err := r.ReadFile(ctx, data)
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
		return fmt.Errorf("usage: civreg extract [--json] FILE...")
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
			enc.Encode(extracted{File: files[i], Error: civreg.ErrorMessage(err) + detailOf(err)})
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

// tally counts right answers.
type tally struct{ right, total int }

func (t tally) pct() string {
	if t.total == 0 {
		return "   -  "
	}
	return fmt.Sprintf("%5.1f%%", 100*float64(t.right)/float64(t.total))
}

func runEval(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "list every wrong field")
	dirs, err := parseInterspersed(fs, args)
	if err != nil || len(dirs) != 1 {
		return fmt.Errorf("usage: civreg eval [-v] DIR (scans with ground truth, as civreg samples writes)")
	}
	truthFiles, _ := filepath.Glob(filepath.Join(dirs[0], "*.json"))
	sort.Strings(truthFiles)
	var truths []samples.Truth
	var files []string
	for _, tf := range truthFiles {
		var t samples.Truth
		b, _ := os.ReadFile(tf)
		if json.Unmarshal(b, &t) != nil || t.File == "" {
			continue
		}
		truths = append(truths, t)
		files = append(files, filepath.Join(dirs[0], t.File))
	}
	if len(files) == 0 {
		return fmt.Errorf("no ground truth (*.json) in %s", dirs[0])
	}
	r, err := m.reading(runtime.NumCPU())
	if err != nil {
		return err
	}
	defer r.OCR.Close()
	byType, byLayout := map[string]*tally{}, map[string]*tally{}
	var types, trusted, all, upright tally
	var wrong []string
	// For the threshold sweep: every valid field read, with its confidence and whether it is right.
	type scoredField struct {
		conf  float64
		right bool
	}
	var valid []scoredField
	readAll(ctx, r, files, func(i int, fr *workers.FileReading, err error) {
		t := truths[i]
		layout := t.Layout
		if layout == "" {
			layout = "?"
		}
		if byType[string(t.RecordType)] == nil {
			byType[string(t.RecordType)] = &tally{}
		}
		if byLayout[layout] == nil {
			byLayout[layout] = &tally{}
		}
		got := map[string]civreg.Field{}
		types.total++
		if err != nil {
			wrong = append(wrong, fmt.Sprintf("%s: %v", t.File, err))
		} else {
			// The generated page was turned t.Rotation degrees clockwise: OCR must find it so.
			for _, pg := range fr.Pages {
				upright.total++
				if pg.Orientation == t.Rotation {
					upright.right++
				} else {
					wrong = append(wrong, fmt.Sprintf("%s: read %d° back, but it was turned %d°", t.File, pg.Orientation, t.Rotation))
				}
			}
			if fr.Result.RecordType == t.RecordType {
				types.right++
			} else {
				wrong = append(wrong, fmt.Sprintf("%s: record type %s, truth %s", t.File, fr.Result.RecordType, t.RecordType))
			}
			for _, f := range fr.Result.Fields {
				got[f.Key] = f
			}
		}
		for key, want := range t.Fields {
			f, ok := got[key]
			right := ok && f.Value == want
			all.total++
			byType[string(t.RecordType)].total++
			byLayout[layout].total++
			if right {
				all.right++
				byType[string(t.RecordType)].right++
				byLayout[layout].right++
			} else if *verbose {
				wrong = append(wrong, fmt.Sprintf("%s %s: got %q (printed %q), truth %q", t.File, key, f.Value, f.Printed, want))
			}
			if ok && fr != nil && fr.Result.Valid[key] {
				valid = append(valid, scoredField{f.Confidence, right})
			}
			if ok && !f.NeedsReview {
				trusted.total++
				if right {
					trusted.right++
				} else {
					wrong = append(wrong, fmt.Sprintf("%s %s: TRUSTED but wrong: got %q, truth %q", t.File, key, f.Value, want))
				}
			}
		}
	})
	w := m.Stdout
	fmt.Fprintf(w, "%d scans, %d fields\n\nfield accuracy\n", len(files), all.total)
	for _, k := range sortedKeys(byType) {
		fmt.Fprintf(w, "  %-22s %s  (%d/%d)\n", k, byType[k].pct(), byType[k].right, byType[k].total)
	}
	for _, k := range sortedKeys(byLayout) {
		fmt.Fprintf(w, "  layout %-15s %s  (%d/%d)\n", k, byLayout[k].pct(), byLayout[k].right, byLayout[k].total)
	}
	fmt.Fprintf(w, "  %-22s %s  (%d/%d)\n", "all", all.pct(), all.right, all.total)
	fmt.Fprintf(w, "\nrecord type accuracy     %s  (%d/%d)\n", types.pct(), types.right, types.total)
	fmt.Fprintf(w, "pages turned upright     %s  (%d/%d)\n", upright.pct(), upright.right, upright.total)
	coverage := tally{trusted.total, all.total}
	fmt.Fprintf(w, "needs_review: false       precision %s  (%d/%d), coverage %s of all fields\n", trusted.pct(), trusted.right, trusted.total, coverage.pct())
	fmt.Fprintf(w, "\ntrust threshold (rules: trust_confidence in the forms file): precision and coverage if it were\n")
	for _, th := range []float64{0.95, 0.90, 0.85, 0.80, 0.75, 0.70, 0.60} {
		var t tally
		for _, v := range valid {
			if v.conf >= th {
				t.total++
				if v.right {
					t.right++
				}
			}
		}
		fmt.Fprintf(w, "  %.2f  precision %s (%d/%d)  coverage %s\n", th, t.pct(), t.right, t.total, tally{t.total, all.total}.pct())
	}
	if len(wrong) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(wrong, "\n"))
	}
	return nil
}

func sortedKeys(m map[string]*tally) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
