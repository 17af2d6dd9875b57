package extract

import (
	"image"
	"math"
	"regexp"
	"sort"
	"strings"

	"civreg"
)

// A certified copy is now and then set out as a form: each of the register's columns a ruled
// box holding its heading (over the value, beside it, or printed over the box) and the entry's
// value. Here the form's boxes are found (from its rules; from its headings alone in
// form_headed.go); unfoldForm (form_unfold.go) lays the page out again as the register row it
// copies, the headings side by side over their values, so that the register's reading, with
// its rules for combined cells and its trust, reads it; every word keeps where it stands on
// the page. A marriage's two sides are paired in form_marriage.go.

// formCell is one box of a form: its heading, its value and the column number printed
// before the heading.
type formCell struct {
	box     ruledBox
	heading []civreg.Word
	value   []civreg.Word
	number  []civreg.Word
}

// readForm reads a page set out as a form of register headings (formCells, headed as there)
// as the register row it copies. form says the page is such a form and was read so; a copy
// holds one entry, so a reading of more is in doubt.
func (e *Extractor) readForm(p civreg.PageWords, headed bool, img *image.Gray) (entries []Entry, form bool) {
	cells := formCells(p, e.Forms, headed)
	if cells == nil || !registerHeadings(e.Forms, cells) {
		return nil, false
	}
	cells, lay := layoutOf(p, e.Forms, cells)
	if repeatsHeading(lay.cols) {
		return nil, false // headings printed twice: a register's entries, each under its own row of them
	}
	u := unfoldForm(p, cells, lay)
	ex := *e
	if e.check != nil {
		// The second reading reads the page, not the unfolded row: its regions are moved back.
		c := *e.check
		c.suggested = map[fieldAt]string{}
		if c.rr != nil {
			c.rr = formRereader{c.rr, &u}
		}
		ex.check = &c
	}
	entries, _, _ = ex.readRegisterPage(u.page, buildLines(u.page), nil)
	if len(entries) == 0 {
		return nil, false
	}
	entries = u.toPage(entries)
	doubt := lay.doubt // and one read with few fields right trusts nothing (formFit, in ReadInked)
	if len(entries) > 1 {
		doubt = "a certified copy read as more than one entry"
	}
	// The unfolded row lines its words up: the hand is judged, and ink OCR read nothing from
	// looked for, on the page.
	if vw := valueWords(entries[0].Fields, p); len(entries) == 1 && handwritten(vw) {
		entries[0].Handwritten = true
		doubt = joinDoubts(doubt, "written by hand")
	}
	for i := range entries {
		if doubt != "" {
			entries[i].Doubt = joinDoubts(doubt, entries[i].Doubt)
			distrust(entries[i].Fields)
		}
		inkedInBox(entries[i].Fields, p, cells, img)
	}
	if e.check != nil {
		for at, v := range ex.check.suggested {
			if b, ok := u.pageBox(at.box); ok {
				at.box = b
			}
			e.check.suggested[at] = v
		}
	}
	return entries, true
}
func joinDoubts(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// repeatsHeading: two columns of the unfolded row bear the same heading.
func repeatsHeading(cols []formColumn) bool {
	seen := map[string]bool{}
	for _, c := range cols {
		t := norm(lineText(c.heading))
		if seen[t] {
			return true
		}
		seen[t] = true
	}
	return false
}

// inkedInBox sends to review a value with ink after its last word, inside its box, that OCR
// read nothing from (a word lost: "Errol James" of "Errol James Liburd").
func inkedInBox(fs []civreg.Field, p civreg.PageWords, cells []formCell, img *image.Gray) {
	if img == nil {
		return
	}
	h := max(1, civreg.MedianHeight(p.Words))
	for i := range fs {
		f := &fs[i]
		if f.NeedsReview || len(f.Box) != 4 {
			continue
		}
		ws := valueWords(fs[i:i+1], p)
		for _, fc := range cells {
			cx, cy := (f.Box[0]+f.Box[2])/2, (f.Box[1]+f.Box[3])/2
			if cx >= fc.box[0] && cx < fc.box[2] && cy >= fc.box[1] && cy < fc.box[3] && inkBeside(img, ws, fc.box[2], h) {
				f.NeedsReview = true
			}
		}
	}
}

// formFit counts an entry's fields that passed their checks against the fields its design
// has (the district, from the page's header, and the entry number, which a copy's lone entry
// cannot confirm, aside): a copy or form read with few of them right is a layout not
// understood.
func formFit(f *Forms, en Entry) (n, of int) {
	for _, d := range f.Designs {
		if d.Name != en.Design {
			continue
		}
		for key := range d.Fields {
			if key == "registration_district" || key == "registration_number" {
				continue
			}
			of++
			if en.Valid[key] {
				n++
			}
		}
	}
	return n, of
}

// columnNumberRe is a column's number printed before its heading: "3", "3.", "(3)", and as
// OCR misreads one with a stop after it ("Is." for "5.", "l." for "1.").
var columnNumberRe = regexp.MustCompile(`^(\(?\d{1,2}[.),]?\)?\.?|\(?[0-9IlSsOoZz|]{1,2}[.)]\)?)$`)

// formCells returns the boxes of a page set out as a form of register headings, in reading
// order, found from its rules, or with headed from its headings alone (headedCells); nil when
// the page is not such a form: fewer than four boxes carry a heading, or the headed boxes
// stand in fewer than three rows (a register's heading row of boxes).
func formCells(p civreg.PageWords, f *Forms, headed bool) []formCell {
	h := max(1, civreg.MedianHeight(p.Words))
	vocab := headingVocabulary(f)
	if !headed {
		return ruledFormCells(p, vocab, h)
	}
	return inOrder(formShaped(headedCells(p, vocab, registerLabels(f), h), h), h)
}

// ruledFormCells finds the form's boxes from its rules.
func ruledFormCells(p civreg.PageWords, vocab map[string]bool, h int) []formCell {
	cells := withoutFrames(findCells(p))
	cells = append(cells, shortBoxes(p.Rules, cells, h)...)
	if len(cells) < 4 {
		return nil
	}
	in := make([][]civreg.Word, len(cells))
	var outside []civreg.Word
	for _, w := range p.Words {
		if ci := cellOf(cells, w.Box); ci >= 0 {
			in[ci] = append(in[ci], w)
		} else {
			outside = append(outside, w)
		}
	}
	cells, in = partBoxes(cells, in, outside, vocab, h)
	// A box holding a heading and nothing else is the room over a box whose heading is
	// printed over it (or a box left empty): its words stand outside the boxes.
	split := make([]formCell, len(cells))
	headOnly := make([]formCell, len(cells)) // the boxes holding a heading alone
	for ci, c := range cells {
		in[ci] = withoutEdgeRules(c, in[ci], h)
		split[ci] = splitCell(c, wordLines(in[ci]), vocab, h)
		if len(split[ci].value) == 0 && len(split[ci].heading) > 0 || len(split[ci].heading) == 0 && headingish(vocab, in[ci]) {
			headOnly[ci] = split[ci]
			if len(headOnly[ci].heading) == 0 {
				headOnly[ci].number, headOnly[ci].heading = nil, in[ci]
			}
			outside = append(outside, in[ci]...)
			split[ci].heading, split[ci].number = nil, nil
			in[ci] = nil
		}
	}
	var out []formCell
	for ci, fc := range split {
		if len(fc.heading) == 0 && len(in[ci]) > 0 {
			fc.value = in[ci]
			if li := headingBox(fc.box, cells, headOnly, h); li >= 0 {
				// The heading in a box of its own beside or over the value's: the two are one.
				fc.number, fc.heading = headOnly[li].number, headOnly[li].heading
				fc.box[0], fc.box[1] = min(fc.box[0], cells[li][0]), min(fc.box[1], cells[li][1])
			} else {
				fc.number, fc.heading = headingAbove(fc.box, boxesAbove(fc.box, split, in), outside, vocab, h)
			}
		}
		if len(fc.heading) > 0 {
			out = append(out, fc)
		}
	}
	return inOrder(formShaped(out, h), h)
}

// formShaped keeps the cells when they make a form: four headed boxes or more, in three rows
// or more or two bands, no more than six level (a register's headings stand in one row).
func formShaped(out []formCell, h int) []formCell {
	rows := formRows(out, h)
	// Three rows of boxes, or two bands of three headings or more, seven in all (the
	// register's table cut in two to fit the copy's page); a register's heading row holds
	// more than six (a marriage form's two sides hold up to six).
	banded := len(rows) == 2 && min(rows[0], rows[1]) >= 3 && rows[0]+rows[1] >= 7
	if len(out) < 4 || len(rows) < 3 && !banded || abreast(out, h) > 6 {
		return nil
	}
	valued, numbers := 0, 0
	for _, fc := range out {
		if len(fc.value) > 0 {
			valued++
		}
		if len(fc.value) == 1 && isNumberWord(fc.value[0]) {
			numbers++
		}
	}
	if 3*valued < 2*len(out) || 2*numbers > len(out) {
		return nil // headings with little or a column's number under them: a register's heading band
	}
	return out
}

// abreast is the most boxes whose tops stand level: a register's heading boxes share the
// rule over them; a marriage form's two sides are drawn each to its own depths.
func abreast(cells []formCell, h int) int {
	most := 0
	for _, a := range cells {
		n := 0
		for _, b := range cells {
			if abs(a.box[1]-b.box[1]) <= h/2 {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// formRows counts the headings in each row they stand in: headings that overlap one another
// down the page (a register's, wrapped to different depths) are one row.
func formRows(cells []formCell, h int) []int {
	var spans [][2]int
	for _, fc := range cells {
		// A word's box OCR drew tall (a rule's piece run into it) is cut to a line's height.
		sp := [2]int{math.MaxInt32, 0}
		for _, w := range fc.heading {
			sp[0], sp[1] = min(sp[0], w.Box[1]), max(sp[1], min(w.Box[3], w.Box[1]+h*3/2))
		}
		spans = append(spans, sp)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var rows []int
	end := -1
	for _, sp := range spans {
		if sp[0] >= end {
			rows = append(rows, 0)
		}
		rows[len(rows)-1]++
		end = max(end, sp[1])
	}
	return rows
}

// inOrder sorts a form's cells as they are read: by rows, each left to right.
func inOrder(out []formCell, h int) []formCell {
	sort.SliceStable(out, func(i, j int) bool {
		if abs(out[i].box[1]-out[j].box[1]) > h {
			return out[i].box[1] < out[j].box[1]
		}
		return out[i].box[0] < out[j].box[0]
	})
	return out
}

// wordLines groups words into lines by their vertical overlap, top to bottom, each left to
// right.
func wordLines(ws []civreg.Word) [][]civreg.Word {
	sorted := append([]civreg.Word(nil), ws...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Box[1]+sorted[i].Box[3] < sorted[j].Box[1]+sorted[j].Box[3] })
	var out [][]civreg.Word
	var y0, y1 int
	for _, w := range sorted {
		mid := (w.Box[1] + w.Box[3]) / 2
		if len(out) > 0 && mid >= y0 && mid <= y1 {
			out[len(out)-1] = append(out[len(out)-1], w)
			y0, y1 = min(y0, w.Box[1]), max(y1, w.Box[3])
			continue
		}
		out = append(out, []civreg.Word{w})
		y0, y1 = w.Box[1], w.Box[3]
	}
	for _, l := range out {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Box[0] < l[j].Box[0] })
	}
	return out
}

// headingWord: a word of the register's headings, or a column's number.
func headingWord(vocab map[string]bool, w civreg.Word) (heading, number bool) {
	if columnNumberRe.MatchString(w.Text) {
		return false, true
	}
	t := norm(w.Text)
	return t != "" && inVocabulary(vocab, t), false
}

// splitCell parts a box's lines into its heading and its value: the heading is the lines of
// heading words at its top, or,
// when the first line goes on from heading words to others across a gap, the heading words at
// the left of each line.
func splitCell(c ruledBox, lines [][]civreg.Word, vocab map[string]bool, h int) formCell {
	fc := formCell{box: c}
	if len(lines) == 0 {
		return fc
	}
	// Leading heading words of the first line, and where they end.
	lead := 0
	for _, w := range lines[0] {
		hw, num := headingWord(vocab, w)
		if !hw && !(num && lead == 0) {
			break
		}
		lead++
	}
	if lead == 0 || lead == 1 && isNumberWord(lines[0][0]) {
		return fc
	}
	first := lines[0][:lead]
	if lead < len(lines[0]) {
		// Beside the value: the heading stops where the gap opens.
		if lines[0][lead].Box[0]-first[lead-1].Box[2] < h {
			return fc
		}
		edge := lines[0][lead].Box[0] - h // where the value's lines begin
		for _, l := range lines {
			for _, w := range l {
				if w.Box[0] < edge {
					fc.addHeading(w)
				} else {
					fc.value = append(fc.value, w)
				}
			}
		}
		return fc
	}
	k := 0
	for ; k < len(lines) && k < 5; k++ { // a narrow box wraps a long heading over four lines
		if !allHeading(vocab, lines[k]) && !headingish(vocab, lines[k]) {
			break
		}
		for _, w := range lines[k] {
			fc.addHeading(w)
		}
	}
	for _, l := range lines[k:] {
		fc.value = append(fc.value, l...)
	}
	return fc
}
func (fc *formCell) addHeading(w civreg.Word) {
	if len(fc.heading) == 0 && columnNumberRe.MatchString(w.Text) {
		fc.number = append(fc.number, w)
		return
	}
	fc.heading = append(fc.heading, w)
}
func isNumberWord(w civreg.Word) bool { return columnNumberRe.MatchString(w.Text) }

// allHeading: the words are heading words, a column number before them aside, and there
// is one at least.
func allHeading(vocab map[string]bool, l []civreg.Word) bool {
	words := 0
	for i, w := range l {
		hw, num := headingWord(vocab, w)
		if !hw && !(num && i == 0) {
			return false
		}
		if hw {
			words++
		}
	}
	return words > 0
}

// headingAbove finds a box's heading printed over it, outside: the lines of heading words
// standing over the box within three lines, under ceiling (the foot of the box above).
func headingAbove(c ruledBox, ceiling int, outside []civreg.Word, vocab map[string]bool, h int) (number, heading []civreg.Word) {
	var near []civreg.Word
	for _, w := range outside {
		cx := (w.Box[0] + w.Box[2]) / 2
		if w.Box[3] <= c[1]+h/2 && w.Box[1] >= max(c[1]-4*h, ceiling) && cx > c[0] && cx < c[2] {
			near = append(near, w)
		}
	}
	if !allHeading(vocab, near) && !headingish(vocab, near) {
		return nil, nil
	}
	for _, l := range wordLines(near) {
		for _, w := range l {
			if len(heading) == 0 && isNumberWord(w) {
				number = append(number, w)
				continue
			}
			heading = append(heading, w)
		}
	}
	return number, heading
}

// shortBoxes are the boxes a line or two high whose sides are too short to be found as rules:
// the room between two rules across of the same span, with no rule across between them and
// no cell in it.
func shortBoxes(rules []civreg.Rule, cells []ruledBox, h int) []ruledBox {
	var across []civreg.Rule
	for _, r := range rules {
		if !r.Vertical {
			across = append(across, r)
		}
	}
	sort.Slice(across, func(i, j int) bool { return across[i].Box[1] < across[j].Box[1] })
	var out []ruledBox
	for i, a := range across {
		for _, b := range across[i+1:] {
			gap := b.Box[1] - a.Box[3]
			if gap > 6*h {
				break
			}
			if overlap(a.Box[0], a.Box[2], b.Box[0], b.Box[2]) <= 0 {
				continue // a rule of another box beside
			}
			if gap < h || abs(a.Box[0]-b.Box[0]) > 2*h || abs(a.Box[2]-b.Box[2]) > 2*h {
				break
			}
			r := ruledBox{max(a.Box[0], b.Box[0]), a.Box[3], min(a.Box[2], b.Box[2]), b.Box[1]}
			if !overlapsCell(r, cells) {
				out = append(out, r)
			}
			break
		}
	}
	return out
}
func overlap(a0, a1, b0, b1 int) int { return min(a1, b1) - max(a0, b0) }

// overlapsCell: a fifth of r or more lies in one of the cells.
func overlapsCell(r ruledBox, cells []ruledBox) bool {
	for _, c := range cells {
		w, hh := overlap(r[0], r[2], c[0], c[2]), overlap(r[1], r[3], c[1], c[3])
		if w > 0 && hh > 0 && 5*w*hh >= area(r) {
			return true
		}
	}
	return false
}

// withoutFrames leaves out the cells that hold other cells: a frame round the page or the
// form, whose words stand outside every box.
func withoutFrames(cells []ruledBox) []ruledBox {
	var out []ruledBox
	for i, c := range cells {
		frame := false
		for j, o := range cells {
			if i != j && inCell(c, [4]int(o), 0) {
				frame = true
				break
			}
		}
		if !frame {
			out = append(out, c)
		}
	}
	return out
}

// boxesAbove is the foot of the nearest box over c that holds words (0 when none): a heading
// printed over c stands below it.
func boxesAbove(c ruledBox, split []formCell, in [][]civreg.Word) int {
	foot := 0
	for i, o := range split {
		if len(in[i]) > 0 && o.box[3] <= c[1]+2 && overlap(o.box[0], o.box[2], c[0], c[2]) > 0 {
			foot = max(foot, o.box[3])
		}
	}
	return foot
}

// headingish: words that are mostly heading words, a misread one aside.
func headingish(vocab map[string]bool, ws []civreg.Word) bool {
	n, hit, _ := vocabularyHits(vocab, ws)
	return hit >= 2 && 10*hit >= 7*n
}

// withoutEdgeRules leaves out a box's sides read as words ("|", "LI") at its left or right,
// and specks ("*", "~~"), and takes off the marks a side leaves on the word beside it
// ("[Moravian", "Bachelor |").
func withoutEdgeRules(c ruledBox, ws []civreg.Word, h int) []civreg.Word {
	var out []civreg.Word
	for _, w := range ws {
		edge := w.Box[0] < c[0]+h || w.Box[2] > c[2]-h
		if edge && strings.Trim(w.Text, "|¦[]!LIl1:") == "" || norm(w.Text) == "" && !isNumberWord(w) {
			continue
		}
		if edge {
			w.Text = strings.TrimRight(strings.TrimLeft(w.Text, "[|¦‘'\"`"), "|¦]")
		}
		out = append(out, w)
	}
	return out
}

// registerHeadings says the form's headings are a register's, not a certificate's boxes: its
// headings carry column numbers, or two of them are register headings no certificate prints
// ("When and where born", "Signature of registrar", "Occupation").
func registerHeadings(f *Forms, cells []formCell) bool {
	certificate := map[string]bool{}
	var register []string
	for _, d := range f.Designs {
		for _, labels := range d.Fields {
			for _, l := range labels {
				if d.Layout == LayoutRegister {
					register = append(register, norm(l))
				} else {
					certificate[norm(l)] = true
				}
			}
		}
		if d.Layout == LayoutRegister {
			for _, l := range d.OtherColumns {
				register = append(register, norm(l))
			}
		}
	}
	numbered, own := 0, 0
	for _, fc := range cells {
		if len(fc.number) > 0 {
			numbered++
		}
		t := norm(lineText(fc.heading))
		for _, l := range register {
			if !certificate[l] && similarity(t, l) >= 0.8 {
				own++
				break
			}
		}
	}
	return numbered >= 3 || own >= 2
}

// partBoxes parts a box whose top line, or the line of headings printed over it, holds two
// headings, a numbered one after another ("4. Name and surname 5. Age") or two set far apart:
// boxes side by side whose rule between them is too short to be found. Each part keeps the
// words over its share.
func partBoxes(cells []ruledBox, in [][]civreg.Word, outside []civreg.Word, vocab map[string]bool, h int) ([]ruledBox, [][]civreg.Word) {
	var outCells []ruledBox
	var outIn [][]civreg.Word
	for ci, c := range cells {
		lines := wordLines(in[ci])
		if len(lines) == 0 || !allHeading(vocab, lines[0]) {
			// Headings printed over the box: the line of them nearest its top.
			var over []civreg.Word
			for _, w := range outside {
				cx := (w.Box[0] + w.Box[2]) / 2
				if w.Box[3] <= c[1]+h/2 && w.Box[1] >= c[1]-3*h && cx > c[0] && cx < c[2] {
					over = append(over, w)
				}
			}
			if ls := wordLines(over); len(ls) > 0 {
				lines = ls[len(ls)-1:]
			}
		}
		var cuts []int
		if len(lines) > 0 && allHeading(vocab, lines[0]) {
			l := lines[0]
			for i := 1; i < len(l); i++ {
				gap := l[i].Box[0] - l[i-1].Box[2]
				if isNumberWord(l[i]) && !isNumberWord(l[i-1]) && gap >= h || gap >= 3*h {
					cuts = append(cuts, l[i].Box[0]-h/2)
				}
			}
		}
		x0 := c[0]
		for _, x := range append(cuts, c[2]) {
			part := ruledBox{x0, c[1], x, c[3]}
			var ws []civreg.Word
			for _, w := range in[ci] {
				if cx := (w.Box[0] + w.Box[2]) / 2; cx >= part[0] && cx < part[2] {
					ws = append(ws, w)
				}
			}
			outCells, outIn = append(outCells, part), append(outIn, ws)
			x0 = x
		}
	}
	return outCells, outIn
}

// headingBox is the box holding a heading alone just left of box c and level with it (label
// boxes beside value boxes), or just over it and as wide (a register's table of boxes cut in
// bands), or -1.
func headingBox(c ruledBox, cells []ruledBox, headOnly []formCell, h int) int {
	for i, o := range cells {
		if len(headOnly[i].heading) == 0 {
			continue
		}
		beside := abs(o[1]-c[1]) <= h && abs(o[3]-c[3]) <= h && c[0]-o[2] >= 0 && c[0]-o[2] <= 2*h
		over := abs(o[0]-c[0]) <= h && abs(o[2]-c[2]) <= h && c[1]-o[3] >= 0 && c[1]-o[3] <= 2*h
		if beside || over {
			return i
		}
	}
	return -1
}
