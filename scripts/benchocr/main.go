// Command benchocr measures civreg's OCR of pages (what an ocr:page task does: decode, find
// the orientation, straighten, enlarge small scans, despeckle, OCR with word boxes) against
// the raw tesseract command on the same pages with the same number of processes at once, and
// against ocrmypdf making a searchable PDF of each page, all in the same run. It also reports
// the peak resident memory of the civreg process. Run it with scripts/bench-ocr.sh.
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
	"time"

	"civreg/internal/testsvc"
	"civreg/ocr"
)

func main() {
	dir := flag.String("pages", "", "folder of page images (civreg samples writes them)")
	parallel := flag.Int("parallel", 2, "pages read at once, by every contender")
	rounds := flag.Int("rounds", 3, "rounds of tesseract and civreg, alternating")
	flag.Parse()
	if err := run(*dir, *parallel, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "benchocr:", err)
		os.Exit(1)
	}
}

func run(dir string, parallel, rounds int) error {
	var pages []string
	for _, ext := range []string{"png", "jpg", "tif"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*."+ext))
		pages = append(pages, m...)
	}
	if len(pages) == 0 {
		return fmt.Errorf("no pages in %s", dir)
	}
	out, err := os.MkdirTemp("", "civreg-benchocr-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(out)

	reader := ocr.NewReader(parallel)
	defer reader.Close()
	readTess := func(p string) error {
		return exec.Command("tesseract", p, filepath.Join(out, filepath.Base(p))).Run()
	}
	readCivreg := func(p string) error {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		media := map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".tif": "image/tiff"}[filepath.Ext(p)]
		_, err = reader.Read(context.Background(), b, media, 1)
		return err
	}
	report := func(name string, r result) {
		if r.err != nil {
			fmt.Printf("  %-34s failed: %v\n", name, r.err)
			return
		}
		fmt.Printf("  %-34s %6.2f pages/s  (%s)\n", name, float64(len(pages))/r.d.Seconds(), r.d.Round(time.Millisecond))
	}
	// Rounds alternate the two, so that neither gains from a quieter moment of a shared
	// machine; the ratio is the median round's.
	fmt.Printf("%d pages, %d at once, OMP_THREAD_LIMIT=%s, %d rounds\n", len(pages), parallel, os.Getenv("OMP_THREAD_LIMIT"), rounds)
	var ratios []float64
	var civ result
	for round := 1; round <= rounds; round++ {
		tess := timeEach(pages, parallel, readTess)
		civ = timeEach(pages, parallel, readCivreg)
		if tess.err != nil || civ.err != nil {
			report("tesseract command", tess)
			report("civreg ocr:page reading", civ)
			return fmt.Errorf("a reading failed")
		}
		ratio := tess.d.Seconds() / civ.d.Seconds()
		ratios = append(ratios, ratio)
		fmt.Printf("  round %d: tesseract command %.2f pages/s (%s), civreg ocr:page reading %.2f pages/s (%s), ratio %.2f\n", round,
			float64(len(pages))/tess.d.Seconds(), tess.d.Round(time.Millisecond), float64(len(pages))/civ.d.Seconds(), civ.d.Round(time.Millisecond), ratio)
	}
	sort.Float64s(ratios)
	ratio := ratios[len(ratios)/2]
	verdict := "met"
	if ratio < 0.9 {
		verdict = "MISSED"
	}
	fmt.Printf("  civreg / tesseract, median round   %6.2f        target >= 0.90  %s\n", ratio, verdict)
	if _, err := exec.LookPath("ocrmypdf"); err == nil {
		omp := timeEach(pages, parallel, func(p string) error {
			cmd := exec.Command("ocrmypdf", "-q", "-j", "1", "--image-dpi", "300", "--output-type", "pdf", p, filepath.Join(out, filepath.Base(p)+".pdf"))
			if b, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("%v: %s", err, strings.TrimSpace(string(b)))
			}
			return nil
		})
		report("ocrmypdf (searchable PDF)", omp)
		if omp.err == nil && civ.err == nil {
			fmt.Printf("  civreg / ocrmypdf                  %6.2f\n", omp.d.Seconds()/civ.d.Seconds())
		}
	} else {
		fmt.Println("  ocrmypdf is not installed: no comparison")
	}
	fmt.Printf("  peak resident memory, civreg process with %d readers: %.0f MB\n", parallel, testsvc.PeakRSSMB(0))
	return nil
}

type result struct {
	d   time.Duration
	err error
}

func timeEach(pages []string, parallel int, fn func(string) error) result {
	start := time.Now()
	jobs := make(chan string)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for i := 0; i < parallel; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				if err := fn(p); err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("%s: %w", filepath.Base(p), err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range pages {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	return result{time.Since(start), first}
}
