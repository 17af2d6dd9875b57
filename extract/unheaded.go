package extract

import (
	"image"
	"slices"
	"strings"

	"civreg"
)

// A register page whose headings OCR did not read (small print over a ruled band, read as a
// picture) still shows its entries: lines that begin with an entry's number, one under the
// other at the page's left. Such a page is parted into its entries, each of the register the
// title names, with its number and district as suggestions and nothing trusted: a person
// reads the rest from the entry's band.

// unheadedDoubt is why nothing of such an entry is trusted.
const unheadedDoubt = "the table's headings were not read: the entry's fields are for a person to read from its band"

// numberedEntries reads a page as a register without headings: nil unless a register's title
// stands above two lines or more that begin with an entry number at the page's left.
func (e *Extractor) numberedEntries(p civreg.PageWords, lines []*line) []Entry {
	if len(lines) == 0 {
		return nil
	}
	h := medianHeight(lines)
	starts := numberedLines(lines, p.Width, h)
	if len(starts) < 2 {
		return nil
	}
	d := registerByTitle(e.Forms, lines, lines[starts[0]].y0)
	if d == nil {
		return nil
	}
	district := pageDistrict(lines[:starts[0]])
	var out []Entry
	for k, end := range entryEnds(lines, starts, h) {
		out = append(out, e.unheadedEntry(d, lines[starts[k]:end], district, h))
	}
	for i := range out {
		if i > 0 {
			cut := (out[i-1].Region[3] + out[i].Region[1]) / 2
			out[i-1].Region[3], out[i].Region[1] = cut, cut
		}
	}
	return out
}

// numberedLines are the lines that begin with an entry's number (two to six digits, or a
// registration number's shape, "B8-1977/1069") at the page's left, left-aligned with one another, and run on across the page.
func numberedLines(lines []*line, width, h int) []int {
	var at []int
	left := width
	for i, l := range lines {
		if len(l.words) < 2 {
			continue
		}
		first, last := l.words[0], l.words[len(l.words)-1]
		n, ok := EntryNumber(first.Text)
		if !ok && regNoShape.MatchString(first.Text) {
			n, ok = first.Text, true
		}
		if !ok || len(n) < 2 || first.Box[0] > width/5 || last.Box[2]-first.Box[0] < width/3 {
			continue
		}
		at = append(at, i)
		left = min(left, first.Box[0])
	}
	var out []int
	for _, i := range at {
		if lines[i].words[0].Box[0]-left <= 3*h {
			out = append(out, i)
		}
	}
	return out
}

// registerByTitle is the register design whose title (not a certificate's) stands above y.
func registerByTitle(f *Forms, lines []*line, y int) *Design {
	var best *Design
	bestQ := 0.0
	for i := range f.Designs {
		d := f.Designs[i]
		if d.Layout != LayoutRegister {
			continue
		}
		var titles []string
		for _, t := range d.Titles {
			if u := strings.ToUpper(t); !strings.Contains(u, "CERTIF") && !strings.Contains(u, "COPY") {
				titles = append(titles, t)
			}
		}
		d.Titles = titles
		if q := titleEvidence(&d, lines, y); q > bestQ {
			best, bestQ = &f.Designs[i], q
		}
	}
	return best
}

// unheadedEntry is one entry of such a page: its band, its number and the page's district,
// in review.
func (e *Extractor) unheadedEntry(d *Design, ls []*line, district []civreg.Word, h int) Entry {
	en := Entry{RecordType: d.RecordType, Design: d.Name, Layout: LayoutRegister, Doubt: unheadedDoubt}
	var words []civreg.Word
	x0, x1 := ls[0].words[0].Box[0], 0
	for _, l := range ls {
		words = append(words, l.words...)
		for _, w := range l.words {
			x0, x1 = min(x0, w.Box[0]), max(x1, w.Box[2])
		}
	}
	en.Region = [4]int{x0 - h, ls[0].y0 - h/2, x1 + h, ls[len(ls)-1].y1 + h/2}
	raw := []rawField{{key: "registration_number", words: ls[0].words[:1], page: ls[0].page, labelQ: 0.5}}
	if len(district) > 0 {
		raw = append(raw, rawField{key: "registration_district", words: district, page: ls[0].page, labelQ: 1})
	}
	en.Fields, en.Valid = e.finish(en.RecordType, raw)
	distrust(en.Fields)
	en.hand = measureHand(words)
	en.Handwritten = handwritten(words)
	return en
}

// BandReader is a Rereader that also reads a band of a page again as words, each with its
// box in the page's pixels: a register's heading band the page reading left unread or
// garbled (small print between rules, taken for a picture) is read by itself, and its
// headings matched from those words.
type BandReader interface {
	ReadBand(page int, box [4]int) ([]civreg.Word, error)
}

// reheaded reads a page as a register once more with its heading band read again: nil
// unless the page's numbered entries stand under a band the second reader can read (one
// band a page, and only for a page whose headings gave no table).
func (e *Extractor) reheaded(p civreg.PageWords, lines []*line, img *image.Gray) []Entry {
	br, ok := e.bandReader()
	if !ok || len(lines) == 0 {
		return nil
	}
	h := medianHeight(lines)
	starts := numberedLines(lines, p.Width, h)
	if len(starts) < 2 {
		return nil
	}
	first := lines[starts[0]]
	top := 0
	for _, l := range lines[:starts[0]] {
		if registerTitle(e.Forms, l) {
			top = l.y1 + h/4 // the title, and what stands above it, is not the headings
		}
	}
	band := [4]int{0, top, p.Width, first.y0 - max(1, h/4)}
	if band[3]-band[1] < h {
		return nil
	}
	words, err := br.ReadBand(p.Number, band)
	if err != nil || len(words) == 0 {
		return nil
	}
	q := p
	q.Words = withBand(p.Words, band, words)
	entries, _, _ := e.readRegisterPage(q, buildLines(q), img)
	return entries
}

// headingsAgain reads a register page's heading band once more when some of its columns'
// headings matched no label (small print OCR garbled): the entries read with the band's
// words when they leave fewer headings unread, else the entries as read.
func (e *Extractor) headingsAgain(p civreg.PageWords, lines []*line, kept []*section, img *image.Gray, entries []Entry) []Entry {
	br, ok := e.bandReader()
	if !ok {
		return entries
	}
	h := medianHeight(lines)
	unread := 0
	for _, s := range kept {
		unread += s.unread
	}
	if len(kept) != 1 || unread == 0 {
		return entries // one table a page is read again, as for a page of no table
	}
	band := [4]int{0, max(0, kept[0].headTop-h/2), p.Width, kept[0].headBottom + max(1, h/4)}
	words, err := br.ReadBand(p.Number, band)
	if err != nil || len(words) == 0 {
		return entries
	}
	q := p
	q.Words = withBand(p.Words, band, words)
	qLines := buildLines(q)
	qh := medianHeight(qLines)
	again, typeConf, _ := e.registerSections(qLines, p.Rules, qh)
	// A reading with fewer columns unnamed that names fewer columns has lost one.
	if len(again) != 1 || again[0].unread >= unread || keyedColumns(again[0]) < keyedColumns(kept[0]) {
		return entries
	}
	if en := e.readTables(q, qLines, again, typeConf, qh, img); len(en) > 0 {
		return en
	}
	return entries
}

// keyedColumns counts the section's columns that hold a field.
func keyedColumns(s *section) int {
	n := 0
	for _, c := range s.cols {
		if len(c.keys) > 0 {
			n++
		}
	}
	return n
}

// bandReader is the second reader when it reads bands.
func (e *Extractor) bandReader() (BandReader, bool) {
	if e.check == nil || e.check.rr == nil {
		return nil, false
	}
	br, ok := e.check.rr.(BandReader)
	return br, ok
}

// registerTitle: the line is a register's title ("BIRTHS in the Registration District of").
func registerTitle(f *Forms, l *line) bool {
	for i := range f.Designs {
		if d := &f.Designs[i]; d.Layout == LayoutRegister && titleEvidence(d, []*line{l}, l.y1) > 0 {
			return true
		}
	}
	return false
}

// withBand is the page's words with those of band read again: a word read again stands for
// the page's words it overlaps, and a page word it does not overlap stays when OCR was sure
// of it (a column's number the band reading missed).
func withBand(page []civreg.Word, band [4]int, again []civreg.Word) []civreg.Word {
	var out []civreg.Word
	for _, a := range again {
		// a word the band's edge cuts is the bottom of the title or the top of an entry
		if a.Box[1] > band[1] && a.Box[3] < band[3] {
			out = append(out, a)
		}
	}
	for _, w := range page {
		mid := (w.Box[1] + w.Box[3]) / 2
		if mid < band[1] || mid > band[3] {
			out = append(out, w)
			continue
		}
		if w.Conf < 0.5 || slices.ContainsFunc(again, func(a civreg.Word) bool { return overlaps(a.Box, w.Box) }) {
			continue
		}
		out = append(out, w)
	}
	return out
}

func overlaps(a, b [4]int) bool {
	return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}
