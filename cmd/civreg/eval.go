package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"civreg"
	"civreg/extract"
	"civreg/internal/samples"
	"civreg/workers"
)

// tally counts right answers.
type tally struct{ right, total int }

func (t *tally) add(right bool) {
	t.total++
	if right {
		t.right++
	}
}

func (t tally) pct() string {
	if t.total == 0 {
		return "   -  "
	}
	return fmt.Sprintf("%5.1f%%", 100*float64(t.right)/float64(t.total))
}

func (t tally) String() string { return fmt.Sprintf("%s (%d/%d)", t.pct(), t.right, t.total) }

// familyScore is what civreg eval measures on one layout family.
type familyScore struct {
	heldOut                  bool
	scans                    int
	expected, found          int // entries
	typed, hand              tally
	types                    tally
	trusted, trustedHand     tally
	typedTrusted, typedTotal int
	handFound, typedAsHand   tally // entries written by hand found so; typed entries taken for hand
}

// scoredField is a field read, with its confidence and whether it is right: the reliability
// curve and the trust threshold sweep are drawn from them.
type scoredField struct {
	conf         float64
	right, valid bool
	heldOut      bool
}

// keyScore is one field key's typed values: how many were right, and trusted.
type keyScore struct{ read, trusted tally }

// evaluation is everything civreg eval counts.
type evaluation struct {
	families map[string]*familyScore
	upright  tally
	fields   []scoredField
	byKey    map[string]*keyScore // typed fields only
	wrong    []string
	verbose  bool
	// suggested counts the suggestions made for fields left in review: right when the
	// suggestion is the truth.
	suggested tally
	pages     int
}

func runEval(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "list every wrong field (and, for the blind set, any line about a scan at all)")
	noSecond := fs.Bool("no-reread", false, "leave out the second reading of candidate values")
	keep := fs.String("keep", "", "keep each page's OCR reading (and second readings) in this folder and use those kept there instead of reading again: before and after a change to the extractor are measured on the same OCR")
	vocabDir := fs.String("vocab", "", "treat the ground truth in this folder (another seed) as the approved records the name vocabulary is drawn from")
	dirs, err := parseInterspersed(fs, args)
	if err != nil || len(dirs) != 1 {
		return fmt.Errorf("usage: civreg eval [-v] [-no-reread] [-keep DIR] [-vocab DIR] DIR (scans with ground truth, as civreg samples writes)")
	}
	truths, files, err := readTruths(dirs[0])
	if err != nil {
		return err
	}
	r, err := m.reading(runtime.NumCPU())
	if err != nil {
		return err
	}
	defer r.OCR.Close()
	r.NoSecondReading = *noSecond
	if *vocabDir != "" {
		if r.Extractor.Vocab, err = approvedVocabulary(*vocabDir); err != nil {
			return err
		}
	}
	ev := &evaluation{families: map[string]*familyScore{}, byKey: map[string]*keyScore{}, verbose: *verbose}
	var kept *workers.Kept
	if *keep != "" {
		kept = &workers.Kept{Dir: *keep}
	}
	readAllKept(ctx, r, kept, files, func(i int, fr *workers.FileReading, err error) {
		ev.score(truths[i], fr, err)
	})
	ev.report(m.Stdout, len(files))
	ev.secondReadings(m.Stdout, &r.SecondReadings)
	if kept != nil {
		fmt.Fprintf(m.Stdout, "kept readings in %s: %d pages read by OCR, %d taken from there; %d second readings taken from there%s\n",
			*keep, kept.PagesRead.Load(), kept.PagesKept.Load(), kept.RegionsKept.Load(), keptAnew(kept))
	}
	return nil
}

// keptAnew says how many scans' kept readings were not theirs, or damaged, and were read
// again and kept in their place.
func keptAnew(k *workers.Kept) string {
	var s string
	if n := k.ScansReplaced.Load(); n > 0 {
		s += fmt.Sprintf("; %d scans read again and kept anew: the reading kept under their name was of another scan or OCR model", n)
	}
	if n := k.ScansDamaged.Load(); n > 0 {
		s += fmt.Sprintf("; %d scans read again and kept anew: their kept reading was damaged", n)
	}
	return s
}

// readTruths reads the ground truth civreg samples wrote beside its scans.
func readTruths(dir string) ([]samples.Truth, []string, error) {
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(names)
	var truths []samples.Truth
	var files []string
	for _, name := range names {
		var t samples.Truth
		b, err := os.ReadFile(name)
		if err != nil || json.Unmarshal(b, &t) != nil || t.File == "" {
			continue
		}
		if len(t.Records) == 0 && len(t.Fields) > 0 {
			t.Records = []samples.RecordTruth{{Entry: 1, Page: 1, RecordType: t.RecordType, Fields: t.Fields, Printed: t.Printed}}
		}
		truths = append(truths, t)
		files = append(files, filepath.Join(dir, t.File))
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("no ground truth (*.json) in %s", dir)
	}
	return truths, files, nil
}

// familyOf names the family a scan is scored under: a family's unruled pages apart from its
// ruled ones, as the extractor reads them another way.
func familyOf(t samples.Truth) string {
	for _, f := range []string{t.Family, t.Layout} {
		if f != "" && t.Unruled {
			return f + " (unruled)"
		}
		if f != "" {
			return f
		}
	}
	return "?"
}

// score compares one file's reading with its truth.
// tell keeps a line about one scan's reading for the report. On a blind-set scan it is kept
// only with -v: the summary of a blind measurement says how well, never what was misread.
func (ev *evaluation) tell(t samples.Truth, line string) {
	if !t.Blind || ev.verbose {
		ev.wrong = append(ev.wrong, line)
	}
}

func (ev *evaluation) score(t samples.Truth, fr *workers.FileReading, err error) {
	fam := ev.families[familyOf(t)]
	if fam == nil {
		fam = &familyScore{heldOut: t.HeldOut}
		ev.families[familyOf(t)] = fam
	}
	fam.scans++
	fam.expected += len(t.Records)
	if err != nil {
		ev.tell(t, fmt.Sprintf("%s: %v", t.File, err))
		fam.types.total += len(t.Records)
		for _, rec := range t.Records {
			for _, key := range sortedKeys(rec.Fields) {
				ev.field(fam, t, rec, key, civreg.Field{}, false, false)
			}
		}
		return
	}
	// The generated page was turned t.Rotation degrees clockwise: OCR must find it so.
	ev.pages += len(fr.Pages)
	for _, pg := range fr.Pages {
		ev.upright.add(pg.Orientation == t.Rotation)
		if pg.Orientation != t.Rotation {
			ev.tell(t, fmt.Sprintf("%s: read %d° back, but it was turned %d°", t.File, pg.Orientation, t.Rotation))
		}
	}
	var read []extract.Entry
	for _, en := range fr.Entries {
		if en.RecordType != civreg.Unknown {
			read = append(read, en)
		}
	}
	matched := matchEntries(t.Records, read)
	for i, rec := range t.Records {
		en, ok := matched[i]
		if ok {
			fam.found++
		} else {
			ev.tell(t, fmt.Sprintf("%s: entry %d of page %d not found", t.File, rec.Entry, rec.Page))
		}
		fam.types.add(ok && en.RecordType == rec.RecordType)
		if hand := t.Hand || len(rec.Handwritten) > 0; hand {
			fam.handFound.add(ok && en.Handwritten)
		} else {
			fam.typedAsHand.add(ok && en.Handwritten)
		}
		if ok && en.RecordType != rec.RecordType {
			ev.tell(t, fmt.Sprintf("%s entry %d: record type %s, truth %s", t.File, rec.Entry, en.RecordType, rec.RecordType))
		}
		got := map[string]civreg.Field{}
		for _, f := range en.Fields {
			got[f.Key] = f
		}
		for _, key := range sortedKeys(rec.Fields) {
			f, found := got[key]
			// valid, and in an entry with nothing against it: trusted at a high enough confidence
			ev.field(fam, t, rec, key, f, found, found && en.Valid[key] && en.Doubt == "")
			if s, ok := en.Suggested[key]; ok && found && f.NeedsReview {
				ev.suggested.add(s == rec.Fields[key])
			}
		}
	}
}

// field counts one field of the truth against what was read.
func (ev *evaluation) field(fam *familyScore, t samples.Truth, rec samples.RecordTruth, key string, f civreg.Field, found, valid bool) {
	want := rec.Fields[key]
	right := found && f.Value == want
	hand := t.Hand || rec.Handwritten[key]
	if hand {
		fam.hand.add(right)
	} else {
		fam.typed.add(right)
		fam.typedTotal++
		if ev.byKey[key] == nil {
			ev.byKey[key] = &keyScore{}
		}
		ev.byKey[key].read.add(right)
		if found && !f.NeedsReview {
			ev.byKey[key].trusted.add(right)
		}
	}
	if !right && ev.verbose {
		ev.tell(t, fmt.Sprintf("%s entry %d %s: got %q (printed %q), truth %q", t.File, rec.Entry, key, f.Value, f.Printed, want))
	}
	if !found {
		return
	}
	ev.fields = append(ev.fields, scoredField{f.Confidence, right, valid, t.HeldOut})
	if f.NeedsReview {
		if right && !hand && ev.verbose {
			ev.tell(t, fmt.Sprintf("%s entry %d %s: right but sent to review: %q at %.2f", t.File, rec.Entry, key, f.Printed, f.Confidence))
		}
		return
	}
	fam.trusted.add(right)
	if hand {
		fam.trustedHand.add(right)
	} else {
		fam.typedTrusted++
	}
	if !right {
		ev.tell(t, fmt.Sprintf("%s entry %d %s: TRUSTED but wrong: got %q, truth %q", t.File, rec.Entry, key, f.Value, want))
	}
}

// matchEntries pairs each truth record with the entry read on its page whose band overlaps
// its band most (the best overlapping pairs first, so an entry is not taken by a record it
// barely touches), or, where a record's band overlaps no entry and an entry overlaps no record,
// the entry in the same place in the page's order. An entry read over two records is paired
// with one of them; the other is not found.
func matchEntries(truth []samples.RecordTruth, read []extract.Entry) map[int]extract.Entry {
	type pair struct {
		ti, ri  int
		overlap float64
	}
	var pairs []pair
	touches := map[int]bool{} // read entries that overlap some record of their page
	for i, rec := range truth {
		for j, en := range read {
			if en.Page != rec.Page {
				continue
			}
			if o := overlapShare(rec.Region, en.Region); o >= 0.3 {
				pairs = append(pairs, pair{i, j, o})
				touches[j] = true
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].overlap > pairs[b].overlap })
	out := map[int]extract.Entry{}
	used := map[int]bool{}
	for _, p := range pairs {
		if _, done := out[p.ti]; !done && !used[p.ri] {
			out[p.ti], used[p.ri] = read[p.ri], true
		}
	}
	order := map[int]int{} // truth index → its place among its page's records
	seen := map[int]int{}
	for i, rec := range truth {
		order[i] = seen[rec.Page]
		seen[rec.Page]++
	}
	for i, rec := range truth {
		if _, done := out[i]; done || slices.ContainsFunc(pairs, func(p pair) bool { return p.ti == i }) {
			continue
		}
		k := 0
		for j, en := range read {
			if en.Page != rec.Page {
				continue
			}
			if k == order[i] && !used[j] && !touches[j] {
				out[i], used[j] = en, true
			}
			k++
		}
	}
	return out
}

// overlapShare is how much of the shorter of two bands their vertical overlap covers.
func overlapShare(a, b [4]int) float64 {
	lo, hi := max(a[1], b[1]), min(a[3], b[3])
	short := min(a[3]-a[1], b[3]-b[1])
	if hi <= lo || short <= 0 {
		return 0
	}
	return float64(hi-lo) / float64(short)
}

// report prints the families tuned on, then the held-out ones, the reliability curve and the
// trust threshold sweep.
func (ev *evaluation) report(w io.Writer, scans int) {
	var all familyScore
	for _, f := range ev.families {
		all.typed.total += f.typed.total + f.hand.total
	}
	fmt.Fprintf(w, "%d scans, %d fields\n", scans, all.typed.total)
	fmt.Fprintf(w, "\n%-22s %6s %9s %-22s %-22s %-22s %-24s %s\n", "family", "scans", "entries", "typed fields", "handwritten fields",
		"record type", "trusted right", "trusted cover (typed)")
	var types tally
	for _, held := range []bool{false, true} {
		var group familyScore
		names := familyNames(ev.families, held)
		for _, name := range names {
			f := ev.families[name]
			printFamily(w, name, f)
			group.merge(f)
			types.right += f.types.right
			types.total += f.types.total
		}
		if len(names) > 0 {
			printFamily(w, map[bool]string{false: "TUNED families", true: "HELD-OUT families"}[held], &group)
		}
	}
	fmt.Fprintf(w, "\nrecord type accuracy     %s  (%d/%d)\n", types.pct(), types.right, types.total)
	fmt.Fprintf(w, "pages turned upright     %s  (%d/%d)\n", ev.upright.pct(), ev.upright.right, ev.upright.total)
	ev.reliability(w)
	if ev.verbose {
		fmt.Fprintf(w, "\ntyped fields by key: read right, trusted right\n")
		var keys []string
		for k := range ev.byKey {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  %-22s %-20s %s\n", k, ev.byKey[k].read, ev.byKey[k].trusted)
		}
	}
	if len(ev.wrong) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(ev.wrong, "\n"))
	}
}

func familyNames(fams map[string]*familyScore, heldOut bool) []string {
	var out []string
	for name, f := range fams {
		if f.heldOut == heldOut {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func (f *familyScore) merge(o *familyScore) {
	f.scans += o.scans
	f.expected += o.expected
	f.found += o.found
	for _, p := range [][2]*tally{{&f.typed, &o.typed}, {&f.hand, &o.hand}, {&f.types, &o.types}, {&f.trusted, &o.trusted}, {&f.trustedHand, &o.trustedHand}} {
		p[0].right += p[1].right
		p[0].total += p[1].total
	}
	for _, p := range [][2]*tally{{&f.handFound, &o.handFound}, {&f.typedAsHand, &o.typedAsHand}} {
		p[0].right += p[1].right
		p[0].total += p[1].total
	}
	f.typedTrusted += o.typedTrusted
	f.typedTotal += o.typedTotal
}

func printFamily(w io.Writer, name string, f *familyScore) {
	held := ""
	if f.heldOut {
		held = " (held out)"
	}
	fmt.Fprintf(w, "%-22s %6d %4d/%-4d %-22s %-22s %-22s %-24s %-20s hand trusted %-16s hand found %-16s typed taken for hand %s\n",
		name, f.scans, f.found, f.expected, f.typed, f.hand, f.types, f.trusted, tally{f.typedTrusted, f.typedTotal}.pct()+held,
		f.trustedHand, f.handFound, f.typedAsHand)
}

// sortedKeys are a record's field keys in order, so two runs list what they got wrong alike.
func sortedKeys(fields map[string]string) []string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
