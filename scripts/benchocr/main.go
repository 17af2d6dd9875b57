// Command benchocr measures civreg's OCR of pages (what an ocr:page task does: decode, find
// the orientation, straighten, enlarge small scans, despeckle, OCR with word boxes) against
// the raw tesseract command on the same pages, with the same model and the same number of
// pages at once, in the same run; for each model asked for it prints pages per second, the
// time of each step, the ratio against tesseract (by the clock and by CPU time, which the
// other work on a shared machine disturbs less), and character accuracy: of the printed
// field values on generated pages (their .json truth) and of whole pages of the corpus
// against its .txt ground truth. Run it with scripts/bench-ocr.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"civreg/internal/testsvc"
	"civreg/ocr"
)

func main() {
	dir := flag.String("pages", "", "folder of page images with their .json truth (civreg samples writes them)")
	corpus := flag.String("corpus", "", "folder of scans with .txt ground truth (the tesseract corpus); empty: none")
	models := flag.String("models", "fast", "models to measure, comma-separated: fast, best_int, or a folder holding eng.traineddata")
	data := flag.String("data", ".data", "the data folder, where best_int is installed (tessdata/best_int)")
	parallel := flag.Int("parallel", 2, "pages read at once, by every contender")
	rounds := flag.Int("rounds", 3, "rounds of tesseract and civreg, alternating")
	flag.Parse()
	pages, err := listPages(*dir)
	if err == nil && *corpus != "" {
		_, err = listPages(*corpus)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchocr:", err)
		os.Exit(1)
	}
	fmt.Printf("%d pages, %d at once, OMP_THREAD_LIMIT=%s, %d rounds alternating tesseract and civreg; the median round is reported\n",
		len(pages), *parallel, os.Getenv("OMP_THREAD_LIMIT"), *rounds)
	var rows []summary
	for _, name := range strings.Split(*models, ",") {
		m, err := ocr.FindModel(name, *data)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchocr:", err)
			os.Exit(1)
		}
		s, err := measure(m, pages, *corpus, *parallel, *rounds)
		if err != nil {
			fmt.Fprintf(os.Stderr, "benchocr: model %s: %v\n", m.Name, err)
			os.Exit(1)
		}
		rows = append(rows, s)
	}
	printSummary(rows)
	fmt.Printf("peak resident memory of the civreg process with %d readers: %.0f MB\n", *parallel, testsvc.PeakRSSMB(0))
}

// listPages lists the page images of a folder.
func listPages(dir string) ([]string, error) {
	var pages []string
	for _, ext := range []string{"png", "jpg", "tif"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*."+ext))
		pages = append(pages, m...)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no page images (png, jpg, tif) in %q", dir)
	}
	sort.Strings(pages)
	return pages, nil
}

var mediaTypes = map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".tif": "image/tiff"}

// summary is one model's figures.
type summary struct {
	model                   string
	civreg, tess            float64 // pages/s, median round
	ratio, cpuRatio         float64 // median rounds
	fields, tessFields      float64 // character accuracy of printed field values
	corpusAcc, corpusTessAc float64 // character accuracy of the corpus's pages
}

// measure runs the rounds for one model and reports them.
func measure(m ocr.Model, pages []string, corpus string, parallel, rounds int) (summary, error) {
	fmt.Printf("\nmodel %s (%s)\n", m.Name, orDefault(m.Dir, "Tesseract's own tessdata"))
	reader, err := ocr.NewReaderWith(parallel, m)
	if err != nil {
		return summary{}, err
	}
	defer reader.Close()
	out, err := os.MkdirTemp("", "civreg-benchocr-")
	if err != nil {
		return summary{}, err
	}
	defer os.RemoveAll(out)
	s := summary{model: m.Name}
	var walls, cpus, civRates, tessRates []float64
	var steps ocr.Steps
	texts := map[string]string{}
	results := map[string]*ocr.Result{}
	var mu sync.Mutex
	for round := 1; round <= rounds; round++ {
		tess := timeEach(pages, parallel, func(p string) (time.Duration, error) { return tesseract(m, p, out) })
		civ := timeEach(pages, parallel, func(p string) (time.Duration, error) {
			res, err := readPage(reader, p)
			if err == nil {
				mu.Lock()
				defer mu.Unlock()
				steps = steps.Add(res.Steps)
				texts[p], results[p] = res.Text(), res
			}
			return 0, err
		})
		if tess.err != nil || civ.err != nil {
			return s, fmt.Errorf("a reading failed: tesseract %v, civreg %v", tess.err, civ.err)
		}
		n := float64(len(pages))
		walls = append(walls, tess.wall.Seconds()/civ.wall.Seconds())
		cpus = append(cpus, tess.cpu.Seconds()/civ.cpu.Seconds())
		tessRates, civRates = append(tessRates, n/tess.wall.Seconds()), append(civRates, n/civ.wall.Seconds())
		fmt.Printf("  round %d: tesseract %.2f pages/s (%s, CPU %.0f ms a page), civreg %.2f pages/s (%s, CPU %.0f ms a page): ratio %.2f, by CPU %.2f\n",
			round, tessRates[round-1], tess.wall.Round(time.Millisecond), ms(tess.cpu)/n, civRates[round-1], civ.wall.Round(time.Millisecond), ms(civ.cpu)/n, walls[round-1], cpus[round-1])
	}
	s.ratio, s.cpuRatio, s.civreg, s.tess = median(walls), median(cpus), median(civRates), median(tessRates)
	printSteps(steps, len(pages)*rounds)
	s.fields, s.tessFields = fieldAccuracy(pages, texts, out)
	fmt.Printf("  printed field values, character accuracy: civreg %.2f%%, tesseract command %.2f%%\n", 100*s.fields, 100*s.tessFields)
	var last []*ocr.Result
	for _, p := range pages {
		last = append(last, results[p])
	}
	if err := regionReadings(reader, last); err != nil {
		return s, err
	}
	if corpus != "" {
		if s.corpusAcc, s.corpusTessAc, err = corpusAccuracy(reader, m, corpus, out); err != nil {
			return s, err
		}
	}
	return s, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// tesseract runs the command on page p, writing p's text into out, and returns its CPU time.
func tesseract(m ocr.Model, p, out string) (time.Duration, error) {
	args := []string{p, filepath.Join(out, filepath.Base(p))}
	if m.Dir != "" {
		args = append(args, "--tessdata-dir", m.Dir)
	}
	cmd := exec.Command("tesseract", args...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("tesseract %s: %v: %s", filepath.Base(p), err, b)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

func readPage(r *ocr.Reader, p string) (*ocr.Result, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return r.Read(context.Background(), b, mediaTypes[filepath.Ext(p)], 1)
}

// printSteps prints where civreg's time went, a page on average.
func printSteps(s ocr.Steps, pages int) {
	total := s.Total()
	fmt.Printf("  civreg's time a page, by step (clock time, %d pages at once; %d whole-page OCR passes for %d pages):\n", 2, s.Readings, pages)
	for _, st := range []struct {
		name string
		d    time.Duration
	}{{"decode", s.Decode}, {"orientation", s.Orient}, {"turn and deskew", s.Deskew}, {"enlarge", s.Enlarge},
		{"despeckle", s.Despeckle}, {"Tesseract OCR with word boxes", s.OCR}, {"unread ink read again", s.Unread}, {"ruled lines", s.Rules}, {"upright page PNG", s.Upright}} {
		fmt.Printf("    %-32s %7.1f ms  %5.1f%%\n", st.name, ms(st.d)/float64(pages), 100*st.d.Seconds()/total.Seconds())
	}
	fmt.Printf("    %-32s %7.1f ms\n", "all", ms(total)/float64(pages))
}

// printSummary prints one line a model.
func printSummary(rows []summary) {
	fmt.Println("\nmodel      civreg p/s  tesseract p/s  ratio  by CPU  target >= 0.90  field chars civreg/tesseract  corpus chars civreg/tesseract")
	for _, r := range rows {
		verdict := "met"
		if r.ratio < 0.9 {
			verdict = "MISSED"
		}
		fmt.Printf("%-10s %10.2f %14.2f %6.2f %7.2f  %-14s  %13.2f%% / %.2f%%  %13.2f%% / %.2f%%\n", r.model, r.civreg, r.tess, r.ratio, r.cpuRatio, verdict,
			100*r.fields, 100*r.tessFields, 100*r.corpusAcc, 100*r.corpusTessAc)
	}
}
