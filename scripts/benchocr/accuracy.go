package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"civreg"
	"civreg/ocr"
)

// round is one contender's pass over the pages.
type round struct {
	wall, cpu time.Duration
	err       error
}

// timeEach runs fn on every page, parallel at once. Its CPU time is this process's (civreg
// reads in it) plus what fn returns (a child process's).
func timeEach(pages []string, parallel int, fn func(string) (time.Duration, error)) round {
	before := selfCPU()
	start := time.Now()
	jobs := make(chan string)
	var mu sync.Mutex
	var r round
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				cpu, err := fn(p)
				mu.Lock()
				r.cpu += cpu
				if err != nil && r.err == nil {
					r.err = fmt.Errorf("%s: %w", filepath.Base(p), err)
				}
				mu.Unlock()
			}
		}()
	}
	for _, p := range pages {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	r.wall = time.Since(start)
	r.cpu += selfCPU() - before
	return r
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// printedValues reads a generated page's truth: every field value as printed on it, of one
// record or of each entry of a register page.
func printedValues(page string) ([]string, error) {
	b, err := os.ReadFile(strings.TrimSuffix(page, filepath.Ext(page)) + ".json")
	if err != nil {
		return nil, err
	}
	var t struct {
		Printed map[string]string `json:"printed"`
		Records []struct {
			Printed map[string]string `json:"printed"`
		} `json:"records"`
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Base(page), err)
	}
	var vals []string
	for _, m := range append([]map[string]string{t.Printed}, func() (ms []map[string]string) {
		for _, r := range t.Records {
			ms = append(ms, r.Printed)
		}
		return ms
	}()...) {
		for _, v := range m {
			if v = strings.Join(strings.Fields(v), " "); v != "" {
				vals = append(vals, v)
			}
		}
	}
	return vals, nil
}

// fieldAccuracy is the character accuracy of the printed field values of the pages: for each
// value, its length less its edit distance to the likest stretch of the page's text, summed
// over the values and divided by their total length; for civreg's texts and for the
// tesseract command's (written into out).
func fieldAccuracy(pages []string, civ map[string]string, out string) (civreg, tess float64) {
	var total, civRight, tessRight int
	for _, p := range pages {
		vals, err := printedValues(p)
		if err != nil {
			continue
		}
		raw, _ := os.ReadFile(filepath.Join(out, filepath.Base(p)+".txt"))
		for _, v := range vals {
			n := len([]rune(v))
			total += n
			civRight += n - min(n, nearest(v, civ[p]))
			tessRight += n - min(n, nearest(v, string(raw)))
		}
	}
	if total == 0 {
		return 0, 0
	}
	return float64(civRight) / float64(total), float64(tessRight) / float64(total)
}

// nearest is the least edit distance between want and any stretch of text (Sellers'
// approximate matching), with runs of white space made single spaces.
func nearest(want, text string) int {
	w := []rune(want)
	prev := make([]int, len(w)+1)
	cur := make([]int, len(w)+1)
	for i := range prev {
		prev[i] = i
	}
	best := prev[len(w)]
	for _, c := range strings.Join(strings.Fields(text), " ") {
		cur[0] = 0
		for i := 1; i <= len(w); i++ {
			cost := 1
			if w[i-1] == c {
				cost = 0
			}
			cur[i] = min(prev[i]+1, cur[i-1]+1, prev[i-1]+cost)
		}
		best = min(best, cur[len(w)])
		prev, cur = cur, prev
	}
	return best
}

// charAccuracy is 1 − (edit distance ÷ length of the truth), over text with runs of white
// space made single spaces and typographic quotes and dashes made plain.
func charAccuracy(got, truth string) float64 {
	norm := strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"", "—", "-", "–", "-")
	g := strings.Join(strings.Fields(norm.Replace(got)), " ")
	w := strings.Join(strings.Fields(norm.Replace(truth)), " ")
	if w == "" {
		return 0
	}
	return max(0, 1-float64(civreg.EditDistance(g, w))/float64(len([]rune(w))))
}

// corpusAccuracy reads each corpus scan that has a .txt ground truth with civreg and with the
// tesseract command, and returns both character accuracies over all the scans' characters.
func corpusAccuracy(r *ocr.Reader, m ocr.Model, dir, out string) (civreg, tess float64, err error) {
	pages, err := listPages(dir)
	if err != nil {
		return 0, 0, err
	}
	var total, civRight, tessRight float64
	for _, p := range pages {
		truth, err := os.ReadFile(strings.TrimSuffix(p, filepath.Ext(p)) + ".txt")
		if err != nil {
			continue
		}
		res, err := readPage(r, p)
		if err != nil {
			return 0, 0, err
		}
		if _, err := tesseract(m, p, out); err != nil {
			return 0, 0, err
		}
		raw, _ := os.ReadFile(filepath.Join(out, filepath.Base(p)+".txt"))
		n := float64(len([]rune(strings.Join(strings.Fields(string(truth)), " "))))
		a, b := charAccuracy(res.Text(), string(truth)), charAccuracy(string(raw), string(truth))
		fmt.Printf("  corpus %-20s civreg %6.2f%%  tesseract %6.2f%%\n", filepath.Base(p), 100*a, 100*b)
		total, civRight, tessRight = total+n, civRight+a*n, tessRight+b*n
	}
	if total == 0 {
		return 0, 0, fmt.Errorf("no scan in %s has a .txt ground truth", dir)
	}
	return civRight / total, tessRight / total, nil
}
