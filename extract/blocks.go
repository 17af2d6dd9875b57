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
// block whose labels come again is two (repeatStarts).
func blockStarts(d Design, lines []*line) []int {
	starts := openingStarts(d, lines)
	if starts == nil {
		return repeatStarts(d, lines)
	}
	var out []int
	for k, st := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		out = append(out, st)
		if sub := repeatStarts(d, lines[st:end]); sub != nil {
			for _, s := range sub[1:] {
				out = append(out, st+s)
			}
		}
	}
	return out
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
		key := lineKey(d, l)
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
	return starts
}

// lineKey is the field whose label opens the line (the longest such label, so "Age at death"
// before "Age"), or "". Labels shorter than three letters ("No.") open too many lines, and a
// label is printed capitalised: a line opening in lower case is a value's ("age" of "Old age").
func lineKey(d Design, l *line) string {
	if len(l.words) == 0 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(l.words[0].Text); !unicode.IsUpper(r) {
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
// three of the design's fields or more and shares two of them with the block before: a value
// that happens to open with a label's word is no record.
func repeatStarts(d Design, lines []*line) []int {
	var starts []int
	var blocks []map[string]bool
	last := -1
	for i, l := range lines {
		k := lineKey(d, l)
		switch {
		case k == "" && len(starts) == 0 && numberLine(l) > 0:
			starts, blocks = append(starts, i), append(blocks, map[string]bool{})
		case k == "":
			continue
		case len(starts) == 0:
			starts, blocks = append(starts, i), append(blocks, map[string]bool{})
		case blocks[len(blocks)-1][k]:
			cut := last + 1
			for j := last + 1; j <= i; j++ {
				if lines[j].y0-lines[j-1].y1 > lines[cut].y0-lines[cut-1].y1 {
					cut = j
				}
			}
			starts, blocks = append(starts, cut), append(blocks, map[string]bool{})
		}
		if k != "" {
			blocks[len(blocks)-1][k] = true
			last = i
		}
	}
	// A block too small to be a record, or unlike the one before, was a value that opens
	// with a label's word ("age" wrapped from "Old age"): it stays with the block before.
	kept, keys := starts[:min(1, len(starts))], blocks[:min(1, len(blocks))]
	for b := 1; b < len(starts); b++ {
		shared := 0
		for k := range blocks[b] {
			if keys[len(keys)-1][k] {
				shared++
			}
		}
		if len(blocks[b]) < 3 || shared < 2 {
			maps.Copy(keys[len(keys)-1], blocks[b])
			continue
		}
		kept, keys = append(kept, starts[b]), append(keys, blocks[b])
	}
	for _, k := range keys {
		if len(k) < 3 {
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
	var d *Design
	for i := range e.Forms.Designs {
		if e.Forms.Designs[i].Name == design {
			d = &e.Forms.Designs[i]
		}
	}
	if d == nil || d.Layout != LayoutCertificate {
		return nil
	}
	starts := blockStarts(*d, lines)
	if starts == nil {
		return nil
	}
	district := pageDistrict(lines[:starts[0]])
	var out []Entry
	for k, st := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		block := lines[st:end]
		hits := findLabels(*d, block)
		raw := wrappedValues(readCertificate(Design{}, hits, block), hits, block)
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
		if len(hits)*2 < len(d.Fields) {
			en.Doubt = "the entry's block holds few of the form's labels: its limits may be wrong"
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
