package main

import (
	"fmt"
	"time"

	"civreg/ocr"
)

// lineBoxes groups a reading's words into its lines: each line's text and box.
func lineBoxes(words []ocr.Word) (texts []string, boxes [][4]int) {
	for i, w := range words {
		if i == 0 || w.Block != words[i-1].Block || w.Par != words[i-1].Par || w.Line != words[i-1].Line {
			texts, boxes = append(texts, w.Text), append(boxes, w.Box)
			continue
		}
		b := &boxes[len(boxes)-1]
		*b = [4]int{min(b[0], w.Box[0]), min(b[1], w.Box[1]), max(b[2], w.Box[2]), max(b[3], w.Box[3])}
		texts[len(texts)-1] += " " + w.Text
	}
	return texts, boxes
}

// regionReadings re-reads every line the page readings found, by itself (one line, PSM 7, at
// the page's scale), and prints what a second reading costs and how often it agrees with the
// first, with the mean confidence of each kind: what the extractor's agreement evidence
// stands on.
func regionReadings(r *ocr.Reader, results []*ocr.Result) error {
	var n, same int
	var took time.Duration
	var confSame, confDiff float64
	for _, res := range results {
		if res.Blank {
			continue
		}
		p, err := ocr.OpenPage(res.Upright)
		if err != nil {
			return err
		}
		texts, boxes := lineBoxes(res.Words)
		for i, box := range boxes {
			start := time.Now()
			text, conf, err := r.ReadRegion(p, box, ocr.Mode{Seg: ocr.OneLine})
			took += time.Since(start)
			if err != nil {
				p.Close()
				return err
			}
			n++
			if text == texts[i] {
				same++
				confSame += conf
			} else {
				confDiff += conf
			}
		}
		p.Close()
	}
	if n == 0 {
		return nil
	}
	fmt.Printf("  ReadRegion, each line the page reading found re-read alone (PSM 7): %d lines, %.1f ms a line (clock, one at a time);\n", n, ms(took)/float64(n))
	fmt.Printf("    same text as the page reading on %.1f%% (mean confidence %.2f), different on %.1f%% (mean confidence %.2f)\n",
		100*float64(same)/float64(n), confSame/float64(max(same, 1)), 100*float64(n-same)/float64(n), confDiff/float64(max(n-same, 1)))
	return nil
}
