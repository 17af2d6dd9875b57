package extract

import (
	"fmt"
	"image"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"civreg"
)

// A certified copy is now and then set out as a form: each of the register's columns a ruled
// box holding its heading (over the value, beside it, or printed over the box) and the entry's
// value. unfoldForm lays such a page out again as the register row it copies, the headings
// side by side over their values, so that the register's reading, with its rules for
// combined cells and its trust, reads it; every word keeps where it stands on the page.

// formCell is one box of a form: its heading, its value and the column number printed
// before the heading.
type formCell struct {
	box     ruledBox
	heading []civreg.Word
	value   []civreg.Word
	number  []civreg.Word
}

// unfolded is a form laid out as a register row, and where each of its words stands on the
// page: synth[i] was page word orig[i].
type unfolded struct {
	page        civreg.PageWords
	synth, orig []civreg.Word
	region      [4]int     // the form's boxes on the page
	boxes       []ruledBox // the form's boxes
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

// registerLabels are the registers' headings whole, normalised.
func registerLabels(f *Forms) map[string]bool {
	out := map[string]bool{}
	for _, d := range f.Designs {
		if d.Layout != LayoutRegister {
			continue
		}
		for _, labels := range d.Fields {
			for _, l := range labels {
				out[norm(l)] = true
			}
		}
		for _, l := range d.OtherColumns {
			out[norm(l)] = true
		}
	}
	return out
}

// headingRun says a run of a line's words is a heading on a form with no boxes: heading words
// (a number before them), not ending in a comma as a value's part does; a heading of one word
// is a register heading whole ("Sex", "Occupation") or numbered.
func headingRun(vocab, labels map[string]bool, run []civreg.Word) bool {
	words := run
	if isNumberWord(words[0]) {
		words = words[1:]
	}
	if len(words) == 0 || strings.HasSuffix(words[len(words)-1].Text, ",") {
		return false
	}
	if !allHeading(vocab, words) && !headingish(vocab, words) {
		return false
	}
	return len(words) > 1 || len(run) > 1 || labels[norm(words[0].Text)]
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

// formColumn is one column of the register row a form unfolds to: a box's heading, its
// number, and its value on the entry's first row, or a marriage's two boxes under one
// heading, the bridegroom's value on the first row and the bride's on the second.
type formColumn struct {
	heading, number []civreg.Word
	rows            [2][]civreg.Word
}

// formLayout is the register entry a form unfolds to: its columns, and for a marriage the
// place and the officiant, which a register writes over and under the entry's rows.
type formLayout struct {
	cols          []formColumn
	place, byWhom *formCell
	doubt         string // why nothing read through the layout is trusted; "" when nothing stands against it
}

// unfoldForm lays the form's boxes out as a register entry (formLayout): the page's words
// above the form stay where they stand; for a marriage "Marriage solemnised at" and the place
// come next; then each column (its heading, its number under the heading when the form numbers
// them, its value or values under that), ruled as a grid; "by me" and the officiant; and the
// words under the form follow under all that.
func unfoldForm(p civreg.PageWords, cells []formCell, lay formLayout) unfolded {
	h := max(1, civreg.MedianHeight(p.Words))
	pad, step := h, h*8/5 // step: the unfolded row's line spacing
	u := unfolded{page: civreg.PageWords{Number: p.Number, Orientation: p.Orientation, Skew: p.Skew}}
	for _, fc := range cells {
		u.boxes = append(u.boxes, fc.box)
	}
	region := image.Rectangle{}
	used := map[[4]int]bool{}
	for _, fc := range cells {
		region = region.Union(image.Rect(fc.box[0], fc.box[1], fc.box[2], fc.box[3]))
		for _, ws := range [][]civreg.Word{fc.heading, fc.value, fc.number} {
			for _, w := range ws {
				used[w.Box] = true
			}
		}
	}
	u.region = [4]int{region.Min.X, region.Min.Y, region.Max.X, region.Max.Y}
	numbered := false
	headLines, rowLines := 0, [2]int{}
	for _, c := range lay.cols {
		numbered = numbered || len(c.number) > 0
		headLines = max(headLines, len(wordLines(c.heading)))
		for r := range c.rows {
			rowLines[r] = max(rowLines[r], len(wordLines(c.rows[r])))
		}
	}
	top := region.Min.Y
	if lay.place != nil {
		top = u.addLine(lay.place, "Marriage solemnised at", region.Min.X, top+pad, h) + pad
	}
	headBand := headLines*step + 2*pad
	numBand := 0
	if numbered {
		numBand = h + 2*pad
	}
	rowTop := [2]int{top + headBand + numBand, 0}
	rowTop[1] = rowTop[0] + rowLines[0]*step + 2*pad
	bottom := rowTop[1]
	if rowLines[1] > 0 {
		bottom += rowLines[1]*step + 2*pad
	}
	foot := bottom
	if lay.byWhom != nil {
		foot = u.addLine(lay.byWhom, "by me,", region.Min.X, bottom+pad, h)
	}
	shift := foot - region.Max.Y + pad
	for _, w := range p.Words {
		switch {
		case used[w.Box]:
		case w.Box[3] <= region.Min.Y:
			u.add(w, w.Box)
		case w.Box[1] >= region.Max.Y:
			u.add(w, [4]int{w.Box[0], w.Box[1] + shift, w.Box[2], w.Box[3] + shift})
		}
	}
	plan := rowPlan{top: top, headBand: headBand, rowTop: rowTop, bottom: bottom, numbered: numbered,
		twoRows: rowLines[1] > 0, h: h, pad: pad, step: step}
	x := u.addColumns(lay.cols, region.Min.X, plan)
	u.page.Width, u.page.Height = max(p.Width, x+pad), p.Height+max(0, shift)
	return u
}

// rowPlan is where an unfolded row's parts stand down the page.
type rowPlan struct {
	top, headBand int    // the headings' band from top, the numbers' under it
	rowTop        [2]int // the entry's rows (a marriage's bride on the second)
	bottom        int
	numbered      bool // the form numbered its headings: the row has its numbers
	twoRows       bool
	h, pad, step  int // a line's height, a cell's padding, the lines' spacing
}

// addColumns writes the columns from x0 as plan places them, ruled as a grid, and returns
// where they end.
func (u *unfolded) addColumns(cols []formColumn, x0 int, plan rowPlan) int {
	h, pad := plan.h, plan.pad
	rule := func(x0, y0, x1, y1 int, vertical bool) {
		u.page.Rules = append(u.page.Rules, civreg.Rule{Box: [4]int{x0, y0, x1, y1}, Vertical: vertical})
	}
	x := x0
	edges := []int{x}
	for _, c := range cols {
		hb := extent(c.heading)
		w := max(hb.Dx(), extent(c.rows[0]).Dx(), extent(c.rows[1]).Dx(), h) + 2*pad
		u.addLines(c.heading, x+pad-hb.Min.X, plan.top+pad, plan.step)
		if plan.numbered {
			// The column's number as the register prints it, whatever of it OCR read.
			n := civreg.Word{Text: strconv.Itoa(len(edges)), Conf: 1, Box: [4]int{hb.Min.X, hb.Min.Y, hb.Min.X + h, hb.Min.Y + h}}
			if len(c.number) > 0 {
				n.Box = c.number[0].Box
			}
			nx, ny := x+(w-h)/2, plan.top+plan.headBand+pad
			u.add(n, [4]int{nx, ny, nx + h*len(n.Text)*3/5, ny + h})
		}
		for r, ws := range c.rows {
			u.addLines(ws, x+pad-extent(ws).Min.X, plan.rowTop[r]+pad, plan.step)
		}
		x += w
		edges = append(edges, x)
	}
	for _, ex := range edges {
		rule(ex, plan.top, ex+2, plan.bottom, true)
	}
	across := []int{plan.top, plan.top + plan.headBand, plan.rowTop[0], plan.bottom}
	if plan.twoRows {
		across = append(across, plan.rowTop[1])
	}
	for _, y := range across {
		rule(x0, y, x+2, y+2, false)
	}
	return x
}

// addLine writes a line a register prints round a marriage's rows: the printed words (made,
// standing where the box's heading stood on the page) and the box's value after them, from
// x at y. It returns the line's foot.
func (u *unfolded) addLine(fc *formCell, printed string, x, y, h int) int {
	hb := extent(fc.heading)
	for _, t := range strings.Fields(printed) {
		w := civreg.Word{Text: t, Conf: 1, Box: [4]int{hb.Min.X, hb.Min.Y, hb.Max.X, hb.Max.Y}}
		wd := len(t) * h * 3 / 5
		u.add(w, [4]int{x, y, x + wd, y + h})
		x += wd + h/2
	}
	// The value's lines one after another on the line: the register writes the place whole.
	x += h
	for _, l := range wordLines(fc.value) {
		lb := extent(l)
		for _, w := range l {
			dx := x - lb.Min.X
			u.add(w, [4]int{w.Box[0] + dx, y + w.Box[1] - lb.Min.Y, w.Box[2] + dx, y + min(w.Box[3]-lb.Min.Y, 2*h)})
		}
		x += lb.Dx() + h
	}
	return y + 2*h
}

// layoutOf makes the register entry a form's boxes stand for: a column a box, or a
// marriage's (marriageLayout).
func layoutOf(p civreg.PageWords, f *Forms, cells []formCell) ([]formCell, formLayout) {
	if cells, lay, ok := marriageLayout(p, f, cells); ok {
		return cells, lay
	}
	var lay formLayout
	for _, fc := range cells {
		lay.cols = append(lay.cols, formColumn{heading: fc.heading, number: fc.number, rows: [2][]civreg.Word{fc.value}})
	}
	return cells, lay
}

// addLines adds words line by line, each line's top step under the last from y, moved dx
// across; a word keeps its height.
func (u *unfolded) addLines(ws []civreg.Word, dx, y, step int) {
	for k, l := range wordLines(ws) {
		for _, w := range l {
			ht := w.Box[3] - w.Box[1]
			u.add(w, [4]int{w.Box[0] + dx, y + k*step, w.Box[2] + dx, y + k*step + min(ht, step)})
		}
	}
}

func (u *unfolded) add(w civreg.Word, at [4]int) {
	u.orig = append(u.orig, w)
	w.Box = at
	u.synth = append(u.synth, w)
	u.page.Words = append(u.page.Words, w)
}

func extent(ws []civreg.Word) image.Rectangle {
	var r image.Rectangle
	for i, w := range ws {
		b := image.Rect(w.Box[0], w.Box[1], w.Box[2], w.Box[3])
		if i == 0 {
			r = b
		} else {
			r = r.Union(b)
		}
	}
	return r
}

// toPage puts the entries read from the unfolded row back on the page: each field's box
// round the page words it was read from, the entry's region the form's boxes.
func (u unfolded) toPage(entries []Entry) []Entry {
	for i := range entries {
		entries[i].Region = u.region
		for j := range entries[i].Fields {
			f := &entries[i].Fields[j]
			if len(f.Box) != 4 {
				continue
			}
			if b, ok := u.pageBox([4]int(f.Box)); ok {
				f.Box = b[:]
			} else {
				f.Box = nil
			}
		}
	}
	return entries
}

// readForm reads a page set out as a form of register headings (formCells, headed as there)
// as the register row it copies. form says the page is such a form and was read so; a copy holds one entry,
// so a reading of more is in doubt.
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
	doubt := lay.doubt
	if len(entries) > 1 {
		doubt = "a certified copy read as more than one entry"
	} else if n, of := formFit(e.Forms, entries[0]); doubt == "" && 5*n < 3*of {
		doubt = fmt.Sprintf("%d of the form's %d fields passed their checks: its layout was not read well enough to trust", n, of)
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

// formRereader reads a value of an unfolded form again where its words stand on the page.
type formRereader struct {
	rr Rereader
	u  *unfolded
}

func (f formRereader) Reread(r Region) (string, float64, error) {
	b, ok := f.u.pageBox(r.Box)
	if !ok {
		return "", 0, fmt.Errorf("extract: no words of the form in %v", r.Box)
	}
	if words, _ := f.u.synthBox(r.Box); r.Box[2] > words[2] {
		// Read on to the column's edge: on the page, to the edge of the value's box, where a
		// word OCR lost the first time would show.
		for _, c := range f.u.boxes {
			if cx, cy := (b[0]+b[2])/2, (b[1]+b[3])/2; cx >= c[0] && cx < c[2] && cy >= c[1] && cy < c[3] {
				b[2] = max(b[2], c[2]-2)
			}
		}
	}
	r.Box = b
	return f.rr.Reread(r)
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

// headedCells finds a form's boxes from its headings where its rules close no boxes (rules
// too faint, or broken, or none): each heading (its words and the lines it wraps onto) heads
// a box reaching across to the next heading beside it and down to the next heading under
// it. Its value is the words beside the heading on its lines (a heading at the left of its
// box) or under it.
func headedCells(p civreg.PageWords, vocab, labels map[string]bool, h int) []formCell {
	var heads []*headRun
	var values []civreg.Word
	var words []civreg.Word
	for _, w := range p.Words {
		if norm(w.Text) != "" || isNumberWord(w) {
			words = append(words, w) // "|", "~~", "-": rules and specks
		}
	}
	for _, l := range wordLines(words) {
		var cur []civreg.Word
		flush := func() {
			if len(cur) == 0 {
				return
			}
			if headingRun(vocab, labels, cur) {
				r := &headRun{words: cur, box: extent(cur)}
				if last := lastAbove(heads, r.box, h); last != nil {
					last.words = append(last.words, cur...)
					last.box = last.box.Union(r.box)
				} else {
					heads = append(heads, r)
				}
			} else {
				values = append(values, cur...)
			}
			cur = nil
		}
		for i, w := range l {
			if i > 0 && (w.Box[0]-l[i-1].Box[2] >= 2*h || isNumberWord(w)) {
				flush()
			}
			cur = append(cur, w)
		}
		flush()
	}
	pitch := rowPitch(heads, h)
	var out []formCell
	for _, r := range heads {
		// The box reaches across to the next heading on its line, and back a little (a value
		// may stand left of its heading) where no heading stands before it on its line: the
		// boxes beside one another never share a word.
		x0, x1, y1 := max(r.box.Min.X-3*h, 0), p.Width, p.Height
		for _, o := range heads {
			level := o.box.Min.Y < r.box.Max.Y+h/2 && o.box.Max.Y > r.box.Min.Y-h/2
			switch {
			case o == r || !level:
			case o.box.Min.X > r.box.Max.X:
				x1 = min(x1, o.box.Min.X-h/2)
			case o.box.Max.X < r.box.Min.X:
				x0 = r.box.Min.X - h/2 // the box before ends there
			}
		}
		x0 = min(x0, r.box.Min.X-h/2)
		below := false
		for _, o := range heads {
			if o != r && o.box.Min.Y >= r.box.Max.Y && o.box.Min.X < x1 && o.box.Max.X > r.box.Min.X {
				y1, below = min(y1, o.box.Min.Y), true
			}
		}
		if !below {
			// The form's last row ends a row's depth under its heading, not at the page's
			// foot: the lines under the form are not its values.
			y1 = min(y1, r.box.Max.Y+pitch)
		}
		fc := formCell{box: ruledBox{x0, r.box.Min.Y, x1, y1}}
		for _, w := range r.words {
			fc.addHeading(w)
		}
		fc.value = append(fc.value, valuesUnder(values, fc.box, r.box, h)...)
		out = append(out, fc)
	}
	return out
}

// headRun is a heading found on a form with no boxes: its words, over the lines it wraps onto.
type headRun struct {
	words []civreg.Word
	box   image.Rectangle
}

// lastAbove is the heading a run of heading words b continues: one ending just over it (less
// than a line's gap), beginning where it begins.
func lastAbove(heads []*headRun, b image.Rectangle, h int) *headRun {
	for _, r := range heads {
		gap := b.Min.Y - r.box.Max.Y
		if gap >= -h/4 && gap <= h*4/5 && abs(b.Min.X-r.box.Min.X) <= h {
			return r
		}
	}
	return nil
}

// valuesUnder are the value words of a box found from its heading: beside the heading on
// its lines, then the lines under it, down to a gap of three lines (the form's foot).
func valuesUnder(values []civreg.Word, box ruledBox, head image.Rectangle, h int) []civreg.Word {
	var in []civreg.Word
	for _, w := range values {
		cx, cy := (w.Box[0]+w.Box[2])/2, (w.Box[1]+w.Box[3])/2
		if cx >= box[0] && cx < box[2] && cy >= box[1] && cy < box[3] && (cy > head.Max.Y || w.Box[0] > head.Max.X) {
			in = append(in, w)
		}
	}
	var out []civreg.Word
	foot := head.Max.Y
	for _, l := range wordLines(in) {
		if extent(l).Min.Y-foot > 3*h {
			break
		}
		out = append(out, l...)
		foot = extent(l).Max.Y
	}
	return out
}

// Side labels: the words over a marriage form's two columns of boxes.
var (
	groomSide = map[string]bool{"bridegroom": true, "groom": true, "husband": true}
	brideSide = map[string]bool{"bride": true, "wife": true}
)

// marriageLayout reads a marriage's form: "BRIDEGROOM" over one column of boxes and "BRIDE"
// over another beside it, each of them the register's columns for one of the two (Name and
// surname, Age, Condition ...). A bridegroom's box and the bride's of the same heading are
// one column of the register, their values its two rows; the place and the officiant are the
// lines a register prints over and under the rows. ok is false when the form has no such
// two columns.
func marriageLayout(p civreg.PageWords, f *Forms, cells []formCell) ([]formCell, formLayout, bool) {
	var lay formLayout
	h := max(1, civreg.MedianHeight(p.Words))
	g, b, ok := sideLabels(p.Words, h)
	if !ok {
		return cells, lay, false
	}
	gx, bx := (g.Box[0]+g.Box[2])/2, (b.Box[0]+b.Box[2])/2
	sideTop := min(g.Box[1], b.Box[1])
	// A box under both labels is the marriage's, not one side's (the officiant's, the
	// registrar's); a side's box is on the side of the label nearer its heading.
	across := func(box ruledBox) bool { return box[0] < min(gx, bx) && box[2] > max(gx, bx) }
	onGroomSide := func(hb image.Rectangle) bool { return abs((hb.Min.X+hb.Max.X)/2-gx) < abs((hb.Min.X+hb.Max.X)/2-bx) }
	var kept []formCell
	var grooms, brides []formCell
	for _, fc := range cells {
		fc.heading = withoutSideWords(fc.heading, g, b)
		if len(fc.heading) == 0 {
			continue // the side label read as a heading of its own
		}
		kept = append(kept, fc)
		line, hb := marriageLine(f, fc.heading), extent(fc.heading)
		switch {
		case line == "place_of_marriage":
			lay.place = &fc
		case line == "officiant_name":
			lay.byWhom = &fc
		case fc.box[1] >= sideTop-h && !across(fc.box) && sideColumn(f, fc.heading) && onGroomSide(hb):
			grooms = append(grooms, fc)
		case fc.box[1] >= sideTop-h && !across(fc.box) && sideColumn(f, fc.heading):
			brides = append(brides, fc)
		default:
			lay.cols = append(lay.cols, formColumn{heading: fc.heading, number: fc.number, rows: [2][]civreg.Word{fc.value}})
		}
	}
	if len(grooms) == 0 || len(brides) == 0 {
		return cells, formLayout{}, false
	}
	taken := make([]bool, len(brides))
	for _, gc := range grooms {
		col := formColumn{heading: gc.heading, number: gc.number, rows: [2][]civreg.Word{gc.value}}
		for i, bc := range brides {
			if !taken[i] && similarity(norm(lineText(gc.heading)), norm(lineText(bc.heading))) >= 0.7 {
				taken[i], col.rows[1] = true, bc.value
				break
			}
		}
		if col.rows[1] == nil {
			lay.doubt = unpaired
		}
		lay.cols = append(lay.cols, col)
	}
	for i, bc := range brides {
		if !taken[i] {
			lay.doubt = unpaired
			lay.cols = append(lay.cols, formColumn{heading: bc.heading, number: bc.number, rows: [2][]civreg.Word{nil, bc.value}})
		}
	}
	return kept, lay, true
}

// unpaired is the doubt over a marriage form whose two sides were not read alike: a box of
// one side with no box of the same heading on the other may stand on the wrong side.
const unpaired = "the bridegroom's and the bride's boxes were not read alike: a value may stand on the wrong side"

// withoutSideWords takes the side labels g and b out of a heading they were read into
// ("BRIDEGROOM Name and surname": the label printed just over the box's heading).
func withoutSideWords(heading []civreg.Word, g, b civreg.Word) []civreg.Word {
	var out []civreg.Word
	for _, w := range heading {
		if w.Box != g.Box && w.Box != b.Box {
			out = append(out, w)
		}
	}
	return out
}

// sideLabels finds "BRIDEGROOM" and "BRIDE" standing alone side by side on one line, in
// either order.
func sideLabels(words []civreg.Word, h int) (g, b civreg.Word, ok bool) {
	alone := func(w civreg.Word) bool {
		for _, o := range words {
			if o.Box != w.Box && overlapY(o, w) && (abs(o.Box[0]-w.Box[2]) < 2*h || abs(w.Box[0]-o.Box[2]) < 2*h) {
				return false
			}
		}
		return true
	}
	for _, gw := range words {
		if !groomSide[norm(gw.Text)] || !alone(gw) {
			continue
		}
		for _, bw := range words {
			if brideSide[norm(bw.Text)] && (bw.Box[0] > gw.Box[2] || gw.Box[0] > bw.Box[2]) && overlapY(gw, bw) && alone(bw) {
				return gw, bw, true
			}
		}
	}
	return g, b, false
}

// marriageLine says whether a box's heading is the place of the marriage or its officiant,
// as the marriage register's labels name them ("Where married", "Solemnised by") or as the
// register's line over the rows reads ("Marriage solemnised at").
func marriageLine(f *Forms, heading []civreg.Word) string {
	t := norm(lineText(heading))
	if similarity(t, norm("Marriage solemnised at")) >= 0.88 || similarity(t, norm("Marriage solemnized at")) >= 0.88 {
		return "place_of_marriage"
	}
	for _, d := range f.Designs {
		if d.Layout != LayoutRegister || d.RecordType != civreg.Marriage {
			continue
		}
		for _, key := range []string{"place_of_marriage", "officiant_name"} {
			for _, l := range d.Fields[key] {
				if similarity(t, norm(l)) >= 0.88 {
					return key
				}
			}
		}
	}
	return ""
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

// pageBox is the box on the page round the words of the unfolded row inside b; ok is false
// when none is.
func (u *unfolded) pageBox(b [4]int) ([4]int, bool) { return u.within(b, u.orig) }

// synthBox is the box round the words of the unfolded row inside b, in the row.
func (u *unfolded) synthBox(b [4]int) ([4]int, bool) { return u.within(b, u.synth) }

// within is the box round ws[k] for the words u.synth[k] of the row inside b.
func (u *unfolded) within(b [4]int, ws []civreg.Word) (out [4]int, ok bool) {
	var r image.Rectangle
	for k, w := range u.synth {
		cx, cy := (w.Box[0]+w.Box[2])/2, (w.Box[1]+w.Box[3])/2
		if cx < b[0] || cx > b[2] || cy < b[1] || cy > b[3] {
			continue
		}
		o := image.Rect(ws[k].Box[0], ws[k].Box[1], ws[k].Box[2], ws[k].Box[3])
		if !ok {
			r, ok = o, true
		} else {
			r = r.Union(o)
		}
	}
	return [4]int{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y}, ok
}

// formFit counts an entry's fields that passed their checks against the fields its design
// has (the district, from the page's header, and the entry number, which a copy's lone entry
// cannot confirm, aside): a form read with few of them right is a layout not understood.
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

// sideColumn says a box's heading is one of the columns a marriage register writes for each
// of the two (Name and surname, Age, Condition ... the bridegroom's and bride's fields and
// the register's other columns), not one written once (the registrar's signature).
func sideColumn(f *Forms, heading []civreg.Word) bool {
	t := norm(lineText(heading))
	for _, d := range f.Designs {
		if d.Layout != LayoutRegister || d.RecordType != civreg.Marriage {
			continue
		}
		labels := slices.Clone(d.OtherColumns)
		for _, key := range []string{"groom_name", "groom_age", "bride_name", "bride_age"} {
			labels = append(labels, d.Fields[key]...)
		}
		for _, l := range labels {
			if similarity(t, norm(l)) >= 0.8 {
				return true
			}
		}
	}
	return false
}

// rowPitch is the usual depth from a heading to the next heading under it, on a form found
// from its headings; four lines when no heading stands under another.
func rowPitch(heads []*headRun, h int) int {
	var gaps []int
	for _, r := range heads {
		next := 0
		for _, o := range heads {
			if o.box.Min.Y >= r.box.Max.Y && o.box.Min.X < r.box.Max.X && o.box.Max.X > r.box.Min.X && (next == 0 || o.box.Min.Y < next) {
				next = o.box.Min.Y
			}
		}
		if next > 0 {
			gaps = append(gaps, next-r.box.Max.Y)
		}
	}
	if len(gaps) == 0 {
		return 4 * h
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/2] + h
}
