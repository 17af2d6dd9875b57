package extract

import (
	"image"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"civreg"
)

// A book of several records a page, each a block of "label  value" lines as a certificate
// prints them, is read block by block: a block begins at its entry's number ("No. 2267",
// "Entry 2267") or, where none is printed, at the label that opens the first block, repeated.

// numberLine: the line opens with the word of an entry's number and the number: "No. 2267",
// "Entry No. 2267", "Entry 2267". It returns how many words the opening takes, or 0.
func numberLine(l *line) int { return numberOpening(l, true) }

// numberOpening is numberLine; without digits, the number may be misread as letters ("isco"
// for 1860) but must stand alone after the opening word.
func numberOpening(l *line, digits bool) int {
	i := 0
	for i < len(l.words) && i < 2 {
		t := norm(l.words[i].Text)
		if t != "no" && t != "entry" && t != "number" && t != "entryno" {
			break
		}
		i++
	}
	if i == 0 || i >= len(l.words) {
		return 0
	}
	if digits && strings.IndexFunc(l.words[i].Text, unicode.IsDigit) < 0 || !digits && len(l.words) > i+1 {
		return 0
	}
	return i
}

// blockStarts are the lines that begin the page's blocks: the number lines when there are two
// or more, or else the lines that open with the label of the first labelled line's field; a
// block whose labels come again is two (repeatStarts). guessed holds the starts found only so:
// where one record ends there is a guess.
func blockStarts(d Design, lines []*line) (starts []int, guessed map[int]bool) {
	guessed = map[int]bool{}
	opening := openingStarts(d, lines)
	if opening == nil {
		starts = repeatStarts(d, lines)
		for _, s := range starts[min(1, len(starts)):] {
			guessed[s] = true
		}
		return starts, guessed
	}
	if first := leadingBlock(d, lines[:opening[0]]); first >= 0 {
		// the first record's number was lost: its labels above the first number still make
		// it a record, not the page's header
		starts, guessed[opening[0]] = append(starts, first), true
	}
	for k, st := range opening {
		end := len(lines)
		if k+1 < len(opening) {
			end = opening[k+1]
		}
		starts = append(starts, st)
		if sub := repeatStarts(d, lines[st:end]); sub != nil {
			for _, s := range sub[1:] {
				starts, guessed[st+s] = append(starts, st+s), true
			}
		}
	}
	return starts, guessed
}

// widestCut is the line after the widest gap between lines (from, to]; clear says that gap is
// half again the median gap there or more: the space between two records.
func widestCut(lines []*line, from, to int) (int, bool) {
	var gaps []int
	cut := from + 1
	for j := from + 1; j <= to; j++ {
		g := lines[j].y0 - lines[j-1].y1
		gaps = append(gaps, g)
		if g > lines[cut].y0-lines[cut-1].y1 {
			cut = j
		}
	}
	if len(gaps) < 2 {
		return cut, false
	}
	slices.Sort(gaps)
	widest, median := gaps[len(gaps)-1], gaps[len(gaps)/2]
	return cut, widest > 0 && 2*widest >= 3*median && widest > median
}

// leadingBlock is the first labelled line of lines (those above a page's first number) when
// they hold three of the design's fields or more, else -1.
func leadingBlock(d Design, lines []*line) int {
	first, keys := -1, map[string]bool{}
	for i, l := range lines {
		if k := lineKey(d, l, false); k != "" {
			keys[k] = true
			if first < 0 {
				first = i
			}
		}
	}
	if len(keys) < 3 {
		return -1
	}
	return first
}

func openingStarts(d Design, lines []*line) []int {
	var starts []int
	for i, l := range lines {
		if numberLine(l) > 0 {
			starts = append(starts, i)
		}
	}
	if len(starts) >= 2 {
		return starts
	}
	starts = nil
	for i, l := range lines {
		if numberOpening(l, true) > 0 || numberOpening(l, false) > 0 {
			starts = append(starts, i)
		}
	}
	if len(starts) >= 2 {
		return starts
	}
	starts = nil
	first := ""
	for i, l := range lines {
		key := lineKey(d, l, false)
		if key == "" {
			continue
		}
		if first == "" {
			first = key
		}
		if key == first {
			starts = append(starts, i)
		}
	}
	if len(starts) < 2 {
		return nil
	}
	// A record whose first label was lost begins above its first label read: at the widest
	// gap since the record before began, where that gap stands clear of the lines' spacing.
	for k := 1; k < len(starts); k++ {
		if j, ok := widestCut(lines, starts[k-1], starts[k]); ok {
			starts[k] = j
		}
	}
	// An entry's number inside a block opens a record the first label did not (its own first
	// label lost): the first label does not part this page.
	for i := starts[0] + 1; i < len(lines); i++ {
		if numberOpening(lines[i], true) > 0 && !slices.Contains(starts, i) {
			return nil
		}
	}
	return starts
}

// lineKey is the field whose label opens the line (the longest such label, so "Age at death"
// before "Age"), or "". Labels shorter than three letters ("No.") open too many lines. With
// capital, a line opening in lower case is a value's ("age" wrapped from "Old age"), as where
// a page is parted at its labels (repeatStarts); only counted, labels may be in any case.
func lineKey(d Design, l *line, capital bool) string {
	if len(l.words) == 0 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(l.words[0].Text); capital && !unicode.IsUpper(r) {
		return ""
	}
	lt := tokens(lineText(l.words))
	key, best := "", 0
	for _, k := range slices.Sorted(maps.Keys(d.Fields)) {
		for _, lb := range d.Fields[k] {
			if n := len(norm(lb)); n >= 3 && n > best && opens(lt, tokens(lb)) {
				key, best = k, n
			}
		}
	}
	return key
}

// repeatStarts parts a page whose numbers and first labels OCR lost (under a stamp, say) where
// a label comes again: the record being read is over, and the next begins at the widest gap
// between the lines since its last label and that one. It returns nil unless every block holds
// three of the design's fields or more, half as many as the largest block, and shares two of
// them with the block before: a value that happens to open with a label's word ("Mother of the
// child", a foot's "District Registrar") is no record.
func repeatStarts(d Design, lines []*line) []int {
	var starts []int
	var blocks []map[string]bool
	last := -1
	for i, l := range lines {
		k := lineKey(d, l, true)
		switch {
		case k == "" && numberLine(l) > 0 && (len(starts) == 0 || len(blocks[len(blocks)-1]) > 0):
			// an entry's number opens its record, whatever labels were lost about it
			starts, blocks = append(starts, i), append(blocks, map[string]bool{})
			continue
		case k == "":
			continue
		case len(starts) == 0:
			starts, blocks = append(starts, i), append(blocks, map[string]bool{})
		case blocks[len(blocks)-1][k]:
			cut, ok := widestCut(lines, starts[len(starts)-1], i)
			if !ok {
				cut, _ = widestCut(lines, last, i) // no clear space: the widest since the last label
			}
			starts, blocks = append(starts, cut), append(blocks, map[string]bool{})
			for _, l := range lines[cut:i] { // the lines moved to the new block take their keys
				if lk := lineKey(d, l, true); lk != "" {
					delete(blocks[len(blocks)-2], lk)
					blocks[len(blocks)-1][lk] = true
				}
			}
		}
		if k != "" {
			blocks[len(blocks)-1][k] = true
			last = i
		}
	}
	// A block too small to be a record, or unlike the one before, was a value that opens
	// with a label's word ("age" wrapped from "Old age"): it stays with the block before.
	largest := 0
	for _, b := range blocks {
		largest = max(largest, len(b))
	}
	kept, keys := starts[:min(1, len(starts))], blocks[:min(1, len(blocks))]
	for b := 1; b < len(starts); b++ {
		shared := 0
		for k := range blocks[b] {
			if keys[len(keys)-1][k] {
				shared++
			}
		}
		if len(blocks[b]) < 3 || 2*len(blocks[b]) < largest || shared < 2 {
			maps.Copy(keys[len(keys)-1], blocks[b])
			continue
		}
		kept, keys = append(kept, starts[b]), append(keys, blocks[b])
	}
	for _, k := range keys {
		if len(k) < 3 || 2*len(k) < largest {
			return nil
		}
	}
	if len(kept) < 2 {
		return nil
	}
	return kept
}

// readBlocks reads a page of several certificate-like records, one entry a block. It returns
// nil when the page does not part into blocks of the design's labels.
func (e *Extractor) readBlocks(p civreg.PageWords, lines []*line, design string, img *image.Gray) []Entry {
	d := e.Forms.design(design)
	if d == nil || d.Layout != LayoutCertificate {
		return nil
	}
	starts, guessed := blockStarts(*d, lines)
	if starts == nil {
		return nil
	}
	starts, found := foldSmallBlocks(*d, lines, starts, labelsOfBlocks(*d, lines, starts), guessed)
	district := pageDistrict(lines[:starts[0]])
	blockHits, held := bookLabels(lines, starts, found)
	var out []Entry
	for k, st := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		block, hits := lines[st:end], blockHits[k]
		raw := wrappedValues(readCertificate(Design{}, hits, block), hits, block)
		lost := lostLabel(hits, held) || unlabelledField(*d, hits)
		for i := range raw {
			// Where a label another block holds, or one of the form's, was not read here, the
			// line after a value may be that label's value rather than the value's second
			// line; and a value whose lines each hold two words or more ("Delia Hodge" over
			// "Errol Phillip") may be two values, the second's label lost on every block.
			if lineCount(raw[i].words) > 1 && (lost || twoWordLines(raw[i].words)) {
				raw[i].doubt = true
			}
		}
		has := map[string]bool{}
		for _, r := range raw {
			has[r.key] = true
		}
		if n := max(numberOpening(block[0], true), numberOpening(block[0], false)); n > 0 && !has["registration_number"] {
			raw = append(raw, rawField{key: "registration_number", words: untilGap(block[0].words[n:], medianHeight(block)), page: p.Number, labelQ: 1, fromLine: true})
		}
		if !has["registration_district"] && len(district) > 0 {
			raw = append(raw, rawField{key: "registration_district", words: district, page: p.Number, labelQ: 1})
		}
		en := Entry{RecordType: d.RecordType, Design: d.Name, Layout: LayoutCertificate, TypeConfidence: 0.9,
			Region: [4]int{0, block[0].y0, p.Width, block[len(block)-1].y1}}
		en.Fields, en.Valid = e.finish(d.RecordType, raw)
		// A block of few of the design's labels is not clearly one record.
		switch {
		case len(hits)*2 < len(d.Fields):
			en.Doubt = "the entry's block holds few of the form's labels: its limits may be wrong"
		case guessed[st] || k+1 < len(starts) && guessed[starts[k+1]]:
			en.Doubt = "the page was parted where its labels come again: where one record ends is a guess"
		case labelTwice(*d, block, capitalLabels(hits)):
			en.Doubt = "a label stands twice in the entry's block: it may hold two records"
		}
		vw := valueWords(en.Fields, p)
		en.hand = measureHand(vw)
		if handwritten(vw) {
			en.Handwritten, en.Doubt = true, "written by hand"
		}
		if en.Doubt != "" {
			distrust(en.Fields)
		}
		out = append(out, en)
	}
	checkEntryNumbers(out, e.Forms.Rules.TrustConfidence)
	checkNameSpellings(out)
	handPage(out)
	return out
}

// foldSmallBlocks puts a block of fewer than three labels after the first ("Entry No. 112"
// under a certificate's foot) back with the block before, whose end is then a guess: it is no
// record of its own.
func foldSmallBlocks(d Design, lines []*line, starts []int, found [][]labelHit, guessed map[int]bool) ([]int, [][]labelHit) {
	for k := len(starts) - 1; k > 0; k-- {
		keys := map[string]bool{}
		for _, h := range found[k] {
			keys[h.key] = true
		}
		if len(keys) < 3 {
			guessed[starts[k-1]] = true
			starts, found = slices.Delete(starts, k, k+1), slices.Delete(found, k, k+1)
			found[k-1] = findLabels(d, blockOf(lines, starts, k-1))
		}
	}
	return starts, found
}

// labelColumn drops the labels found away from where the block's labels stand (their median
// left edge): "Age" inside "Old Age", or "age" wrapped under "Old", is a value's word.
func labelColumn(hits []labelHit, h int) []labelHit {
	var xs []int
	for _, o := range hits {
		xs = append(xs, o.line.words[o.from].Box[0])
	}
	if len(xs) < 3 {
		return hits
	}
	slices.Sort(xs)
	mx := xs[len(xs)/2]
	return slices.DeleteFunc(slices.Clone(hits), func(o labelHit) bool { return abs(o.line.words[o.from].Box[0]-mx) > 2*h })
}

// capitalLabels: most of the labels found open with a capital, as printed.
func capitalLabels(hits []labelHit) bool {
	n := 0
	for _, h := range hits {
		if opensCapital(h) {
			n++
		}
	}
	return 2*n > len(hits)
}

// opensCapital: the label's first word opens with no lower-case letter.
func opensCapital(h labelHit) bool {
	r, _ := utf8.DecodeRuneInString(h.line.words[h.from].Text)
	return !unicode.IsLower(r)
}

// labelsOfBlocks finds each block's labels.
func labelsOfBlocks(d Design, lines []*line, starts []int) [][]labelHit {
	found := make([][]labelHit, len(starts))
	for k := range starts {
		found[k] = findLabels(d, blockOf(lines, starts, k))
	}
	return found
}

// bookLabels are the labels of each block that stand as a book prints them, and how many
// blocks hold each field's label.
func bookLabels(lines []*line, starts []int, found [][]labelHit) ([][]labelHit, map[string]int) {
	hits := make([][]labelHit, len(found))
	held := map[string]int{}
	for k := range found {
		// a book's labels open their lines: "Age" inside "Old Age" is the cause's word
		hits[k] = labelColumn(printedHits(found[k]), medianHeight(blockOf(lines, starts, k)))
		for _, h := range hits[k] {
			held[h.key]++
		}
	}
	return hits, held
}

// blockOf is block k's lines.
func blockOf(lines []*line, starts []int, k int) []*line {
	if k+1 < len(starts) {
		return lines[starts[k]:starts[k+1]]
	}
	return lines[starts[k]:]
}

// printedHits drops the labels found on lines opening in lower case when most labels open
// with a capital, as printed: "age" wrapped from "Old age" is the cause's, not the age's label.
func printedHits(hits []labelHit) []labelHit {
	if !capitalLabels(hits) {
		return hits
	}
	return slices.DeleteFunc(slices.Clone(hits), func(h labelHit) bool { return !opensCapital(h) })
}

// lostLabel: the block lacks a label another block of the page holds.
func lostLabel(hits []labelHit, held map[string]int) bool {
	has := map[string]bool{}
	for _, h := range hits {
		has[h.key] = true
	}
	for k := range held {
		if !has[k] {
			return true
		}
	}
	return false
}

// twoWordLines: every line of the value's words holds two words or more.
func twoWordLines(ws []civreg.Word) bool {
	per := map[int]int{}
	var order []int
	for _, w := range sortedByTop(ws) {
		found := false
		for _, y := range order {
			if abs(y-w.Box[1]) < (w.Box[3]-w.Box[1])/2 {
				per[y]++
				found = true
				break
			}
		}
		if !found {
			order = append(order, w.Box[1])
			per[w.Box[1]] = 1
		}
	}
	for _, n := range per {
		if n < 2 {
			return false
		}
	}
	return true
}

// unlabelledField: a field of the form other than the registration's number and district
// (which a book prints above its entries) has no label in the block.
func unlabelledField(d Design, hits []labelHit) bool {
	has := map[string]bool{}
	for _, h := range hits {
		has[h.key] = true
	}
	for k := range d.Fields {
		if !has[k] && k != "registration_number" && k != "registration_district" {
			return true
		}
	}
	return false
}

// labelTwice: a field's label opens two lines of the block, which may then hold two records;
// with capital, as the page prints its labels, lines opening in lower case are values'.
func labelTwice(d Design, block []*line, capital bool) bool {
	seen := map[string]bool{}
	for _, l := range block {
		if k := lineKey(d, l, capital); k != "" {
			if seen[k] {
				return true
			}
			seen[k] = true
		}
	}
	return false
}

// pageDistrict is the district the lines above the entries name: after "District" or
// "Parish", or a line's last words that are a district's name ("BIRTHS - Saint Paul Charlestown").
func pageDistrict(lines []*line) []civreg.Word {
	if len(lines) == 0 {
		return nil
	}
	if ws := headerDistrict(lines, lines[len(lines)-1].y1+1); ws != nil {
		return ws
	}
	for _, l := range lines {
		for n := min(5, len(l.words)); n >= 2; n-- {
			ws := l.words[len(l.words)-n:]
			name, d := SnapDistrict(lineText(ws))
			if d <= 2 && d*6 < len(name) {
				return ws
			}
		}
	}
	return nil
}

// wrappedValues joins to a value read beside its label the lines under it that hold no label
// and begin where the value begins: a long value the book wrapped ("Mary Charles Hospital,"
// then "Molineux"). A line under it that begins elsewhere is no part of it, but may be, so the
// value is a person's to check.
func wrappedValues(raw []rawField, hits []labelHit, block []*line) []rawField {
	h := medianHeight(block)
	labelled := func(l *line) bool {
		for _, o := range hits {
			if o.line == l {
				return true
			}
		}
		return numberLine(l) > 0
	}
	for i := range raw {
		r := &raw[i]
		if !r.fromLine || len(r.words) == 0 {
			continue
		}
		at := -1
		for k, l := range block {
			if len(l.words) > 0 && l.y0 <= r.words[0].Box[1] && l.y1 >= r.words[0].Box[3] {
				at = k
			}
		}
		for k := at + 1; at >= 0 && k < len(block) && !labelled(block[k]); k++ {
			l := block[k]
			if abs(l.words[0].Box[0]-r.words[0].Box[0]) > 2*h {
				r.doubt = true
				break
			}
			r.words = append(append([]civreg.Word(nil), r.words...), l.words...)
		}
	}
	return raw
}
