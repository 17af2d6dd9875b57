package extract

import (
	"fmt"
	"image"
	"strconv"
	"strings"

	"civreg"
)

// Laying a form out again as the register row it copies (unfoldForm), and putting what
// the register's reading found back where it stands on the page.

// unfolded is a form laid out as a register row, and where each of its words stands on the
// page: synth[i] was page word orig[i].
type unfolded struct {
	page        civreg.PageWords
	synth, orig []civreg.Word
	region      [4]int     // the form's boxes on the page
	boxes       []ruledBox // the form's boxes
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
