package main

import (
	"fmt"
	"io"
	"time"

	"civreg"
	"civreg/extract"
	"civreg/workers"
)

// reliability prints, for the families tuned on and the held-out ones apart, observed
// accuracy per confidence band, and what other trust thresholds (rules: trust_confidence in
// the forms file) would give: the threshold is chosen on the tuned families and judged on the
// held-out ones.
func (ev *evaluation) reliability(w io.Writer) {
	for _, held := range []bool{false, true} {
		var fields []scoredField
		for _, f := range ev.fields {
			if f.heldOut == held {
				fields = append(fields, f)
			}
		}
		if len(fields) == 0 {
			continue
		}
		total := 0
		for _, f := range ev.families {
			if f.heldOut == held {
				total += f.typed.total + f.hand.total
			}
		}
		group := map[bool]string{false: "tuned families", true: "held-out families"}[held]
		printReliability(w, group, fields, total)
	}
	if ev.suggested.total > 0 {
		fmt.Fprintf(w, "\nsuggestions for fields in review (second reading, vocabulary): right %s\n", ev.suggested)
	}
}

// printReliability prints one group's reliability curve and threshold sweep.
func printReliability(w io.Writer, group string, fields []scoredField, total int) {
	fmt.Fprintf(w, "\nreliability, %s: confidence against observed accuracy (every field read)\n", group)
	edges := []float64{0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01}
	for i := 0; i+1 < len(edges); i++ {
		var t tally
		for _, f := range fields {
			if f.conf >= edges[i] && f.conf < edges[i+1] {
				t.add(f.right)
			}
		}
		fmt.Fprintf(w, "  %.2f-%.2f  %s\n", edges[i], min(edges[i+1], 1), t)
	}
	fmt.Fprintf(w, "trust threshold, %s: precision and coverage of valid fields, in entries with no doubt, at or above it\n", group)
	for _, th := range []float64{0.95, 0.90, 0.85, 0.80, 0.75, 0.70, 0.60} {
		var t tally
		for _, f := range fields {
			if f.valid && f.conf >= th {
				t.add(f.right)
			}
		}
		fmt.Fprintf(w, "  %.2f  precision %s  coverage %s\n", th, t, tally{t.total, total}.pct())
	}
}

// secondReadings prints what the second reading of values cost.
func (ev *evaluation) secondReadings(w io.Writer, s *workers.RereadStats) {
	n := s.Regions.Load()
	if n == 0 {
		fmt.Fprintf(w, "\nsecond readings: none\n")
		return
	}
	cpu := time.Duration(s.CPU.Load())
	fmt.Fprintf(w, "\nsecond readings: %d regions (%.1f a page, %d failed), CPU %s a region, %s a page\n", n,
		float64(n)/float64(max(ev.pages, 1)), s.Failed.Load(), (cpu / time.Duration(n)).Round(time.Millisecond/10),
		(cpu / time.Duration(max(ev.pages, 1))).Round(time.Millisecond))
}

// approvedVocabulary is the name vocabulary of a registry whose approved records are the
// ground truth in dir (scans of another seed): the values of the non-sensitive name and
// place fields, counted by record, as storage.DB.NameVocabulary gives them.
func approvedVocabulary(dir string) (*extract.Vocabulary, error) {
	truths, _, err := readTruths(dir)
	if err != nil {
		return nil, err
	}
	names, places := map[string]int{}, map[string]int{}
	for _, t := range truths {
		for _, rec := range t.Records {
			for key, v := range rec.Fields {
				spec, ok := civreg.LookupField(key)
				if !ok || spec.Sensitive {
					continue
				}
				into := map[string]map[string]int{civreg.KindName: names, civreg.KindText: places}[spec.Kind]
				if into == nil {
					continue
				}
				into[v]++
			}
		}
	}
	return extract.NewVocabulary(names, places), nil
}
