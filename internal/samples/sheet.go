package samples

import (
	"image"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// sheet is one page of the register family being drawn: its paper, the printer's and the
// clerk's pens and the page's style, all drawn at random per page.
type sheet struct {
	rng               *rand.Rand
	dpi               int
	img               *image.Gray
	title, head, fill *pen
	hand              bool
	rules             string // grid, rows, columns, boxed (a shaded heading row, rows ruled), band (only the heading row) or none
	ruleInk           uint8
	thick             int
	w, h              int // the page's least size; it grows to hold its entries
	left, right, top  int
	sep               string   // between the parts of a combined cell
	numbers           string   // the column numbers' form, "1" or "(1)"; empty for none
	upper             bool     // headings in capitals
	drawn             [][4]int // the rules drawn, x0, y0, x1, y1
}

var ruleStyles = []string{"grid", "grid", "grid", "rows", "columns", "boxed"}

// newSheet draws a page's style; hand says the entries are written by pen.
func newSheet(rng *rand.Rand, book fontBook, dpi int, hand bool, wIn, hIn float64) *sheet {
	s := &sheet{rng: rng, dpi: dpi, hand: hand, rules: pick(rng, ruleStyles), numbers: pick(rng, []string{"1", "1", "(1)"})}
	s.w, s.h = s.px(wIn), s.px(hIn)
	s.left = s.px(0.3 + rng.Float64()*0.5)
	s.right = s.w - s.px(0.3+rng.Float64()*0.5)
	s.top = s.px(0.35 + rng.Float64()*0.5)
	s.ruleInk = uint8(20 + rng.IntN(100))
	s.thick = max(1, dpi/150+rng.IntN(2))
	s.sep = pick(rng, []string{"\n", "\n", ", "})
	s.upper = rng.IntN(4) == 0
	pf := pick(rng, book[printedFont])
	s.title = newPen(nil, dpi, pf, 13+rng.Float64()*4, rng)
	s.head = newPen(nil, dpi, pf, 7+rng.Float64()*2.5, rng)
	if hand {
		s.fill = newPen(nil, dpi, pick(rng, book[handFont]), 10+rng.Float64()*4, rng)
	} else {
		s.fill = newPen(nil, dpi, pick(rng, book[typedFont]), 9+rng.Float64()*2.5, rng)
	}
	// The canvas is drawn tall enough for any page and cut to what the page holds (crop).
	s.img = image.NewGray(image.Rect(0, 0, s.w, s.h*2))
	fill(s.img, s.img.Rect, uint8(232+rng.IntN(20)))
	s.title.img, s.head.img, s.fill.img = s.img, s.img, s.img
	return s
}

func (s *sheet) px(in float64) int { return int(in * float64(s.dpi)) }

// gutter darkens the paper toward the binding on one side, as a bound register's page curves
// into it under the scanner.
func (s *sheet) gutter() {
	w := s.px(0.3 + s.rng.Float64()*0.6)
	depth := 40 + s.rng.IntN(70)
	left := s.rng.IntN(2) == 0
	for x := 0; x < w; x++ {
		dark := uint8(depth * (w - x) * (w - x) / (w * w))
		col := x
		if !left {
			col = s.w - 1 - x
		}
		for i := col; i < len(s.img.Pix); i += s.img.Stride {
			s.img.Pix[i] -= min(s.img.Pix[i], dark)
		}
	}
}

// crop returns the page down to its least height or to bottom and a margin.
func (s *sheet) crop(bottom int) *image.Gray {
	h := min(s.img.Rect.Dy(), max(s.h, bottom+s.px(0.5)))
	out := image.NewGray(image.Rect(0, 0, s.w, h))
	copy(out.Pix, s.img.Pix[:len(out.Pix)])
	return out
}

func (s *sheet) hline(x0, x1, y int) { s.rule(image.Rect(x0, y, x1, y+s.thick)) }

func (s *sheet) vline(x, y0, y1 int) { s.rule(image.Rect(x, y0, x+s.thick, y1)) }

// rule draws a ruled line and keeps its place for the truth.
func (s *sheet) rule(r image.Rectangle) {
	fill(s.img, r, s.ruleInk)
	s.drawn = append(s.drawn, [4]int{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y})
}

func (s *sheet) box(r image.Rectangle) {
	s.hline(r.Min.X, r.Max.X, r.Min.Y)
	s.hline(r.Min.X, r.Max.X, r.Max.Y-s.thick)
	s.vline(r.Min.X, r.Min.Y, r.Max.Y)
	s.vline(r.Max.X-s.thick, r.Min.Y, r.Max.Y)
}

func (s *sheet) shade(r image.Rectangle) { fill(s.img, r, uint8(205+s.rng.IntN(25))) }

// fill paints r in one grey.
func fill(img *image.Gray, r image.Rectangle, grey uint8) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := range row {
			row[i] = grey
		}
	}
}

// table is a row of column headings, sized for the page.
type table struct {
	cols  []column
	x     []int      // each column's left edge, then the last one's right edge
	head  [][]string // each heading's lines
	headH int
	numH  int // the column numbers' row; 0 when there is none
}

// planTable sizes the columns and words their headings, which wrap over lines in narrow
// columns.
func (s *sheet) planTable(cols []column, left, right int, entries []*entry) *table {
	t := &table{cols: cols, x: s.columnEdges(cols, left, right, entries)}
	pad := s.px(0.04)
	lines := 1
	for i, c := range cols {
		w := t.x[i+1] - t.x[i] - 2*pad
		words := c.headings[0]
		switch r := s.rng.IntN(8); {
		case r < 2:
			words = pick(s.rng, c.headings)
		case r == 2:
			words = pick(s.rng, c.short)
		}
		hl := s.head.wrap(s.headingCase(words), w)
		if len(hl) > 3 || slices.ContainsFunc(hl, func(l string) bool { return s.head.width(l) > w }) {
			hl = s.head.wrap(s.headingCase(c.short[0]), w)
		}
		t.head = append(t.head, hl)
		lines = max(lines, len(hl))
	}
	t.headH = lines*s.head.lineHeight() + 2*pad + s.px(s.rng.Float64()*0.15)
	if s.numbers != "" {
		t.numH = s.head.lineHeight() + 2*pad
	}
	return t
}

// columnEdges draws the columns' widths at random around their weights, each wide enough for
// the longest word its entries write, and returns their left edges and the last right edge.
func (s *sheet) columnEdges(cols []column, left, right int, entries []*entry) []int {
	pad := s.px(0.04)
	w := make([]float64, len(cols))
	least := make([]float64, len(cols))
	var total float64
	for i, c := range cols {
		w[i] = c.weight * (0.8 + s.rng.Float64()*0.4)
		total += w[i]
		for _, word := range strings.Fields(s.headingCase(c.short[0])) {
			least[i] = max(least[i], float64(s.head.width(word)+3*pad))
		}
		if c.sign {
			least[i] = max(least[i], float64(s.px(0.8)))
		}
		for _, e := range entries {
			for r := range 2 {
				for _, word := range strings.Fields(c.text(e, r, s.sep)) {
					least[i] = max(least[i], float64(s.fill.width(word)+s.fill.overhang()+3*pad))
				}
			}
		}
	}
	for i := range w {
		w[i] *= float64(right-left) / total
	}
	for range 3 { // widen the columns too narrow for their words, taking it from the others' room
		var short, spare float64
		for i := range w {
			if w[i] < least[i] {
				short += least[i] - w[i]
				w[i] = least[i]
			} else {
				spare += w[i] - least[i]
			}
		}
		if short == 0 || spare == 0 {
			break
		}
		take := min(1, short/spare)
		for i := range w {
			if w[i] > least[i] {
				w[i] -= (w[i] - least[i]) * take
			}
		}
	}
	edges := []int{left}
	x := float64(left)
	for i := range cols {
		x += w[i]
		edges = append(edges, int(x))
	}
	edges[len(cols)] = right
	return edges
}

func (s *sheet) headingCase(words string) string {
	if s.upper {
		return strings.ToUpper(words)
	}
	return words
}

// drawHead writes the headings, centred in their columns, and the column numbers under them.
func (s *sheet) drawHead(t *table, y int) {
	lh := s.head.lineHeight()
	for i, hl := range t.head {
		cw := t.x[i+1] - t.x[i]
		top := y + (t.headH-len(hl)*lh)/2
		for j, l := range hl {
			s.head.write(t.x[i]+(cw-s.head.width(l))/2, top+j*lh+s.head.ascent(), l)
		}
		if t.numH > 0 {
			n := strings.Replace(s.numbers, "1", strconv.Itoa(i+1), 1)
			s.head.write(t.x[i]+(cw-s.head.width(n))/2, y+t.headH+(t.numH-lh)/2+s.head.ascent(), n)
		}
	}
}

// drawRules rules the table from its top at y down to its rows' ends; inner are the row
// boundaries that stop short of the first skip columns (a marriage's number and date span
// both its rows).
func (s *sheet) drawRules(t *table, y int, ends []int, inner []int, skip int) {
	left, right := t.x[0], t.x[len(t.x)-1]
	bottom := ends[len(ends)-1]
	headEnd := y + t.headH + t.numH
	switch s.rules {
	case "none":
		return
	case "band": // the headings in a shaded box, nothing ruled under them
		s.shade(image.Rect(left, y, right, y+t.headH))
		s.box(image.Rect(left, y, right, y+t.headH))
		return
	case "boxed":
		s.shade(image.Rect(left, y, right, y+t.headH))
		s.box(image.Rect(left, y, right, y+t.headH))
		for _, x := range t.x[1 : len(t.x)-1] {
			s.vline(x, y, y+t.headH)
		}
		for _, e := range ends {
			s.hline(left, right, e)
		}
		return
	}
	s.box(image.Rect(left, y, right, bottom+s.thick))
	s.hline(left, right, y+t.headH)
	s.hline(left, right, headEnd)
	if s.rules != "columns" {
		for _, e := range ends {
			s.hline(left, right, e)
		}
		for _, e := range inner {
			s.hline(t.x[skip], right, e)
		}
	}
	if s.rules != "rows" {
		for _, x := range t.x[1 : len(t.x)-1] {
			s.vline(x, y, bottom)
		}
	}
}

// cells wraps what an entry writes in each column on each of its rows; it returns the lines
// per row and column and the height each row needs.
func (s *sheet) cells(t *table, e *entry, rows int) ([][][]string, []int) {
	pad := s.px(0.05)
	out := make([][][]string, rows)
	hs := make([]int, rows)
	for r := range rows {
		n := 1
		for i, c := range t.cols {
			l := s.fill.wrap(c.text(e, r, s.sep), t.x[i+1]-t.x[i]-2*pad-s.fill.overhang())
			out[r] = append(out[r], l)
			n = max(n, len(l))
		}
		hs[r] = n*s.fill.lineHeight() + 2*pad
	}
	return out, hs
}

// drawCells writes one row's cells from top, h high; the registrar signs in his column.
func (s *sheet) drawCells(t *table, lines [][]string, top, h int) {
	pad := s.px(0.05)
	lh := s.fill.lineHeight()
	for i, l := range lines {
		if t.cols[i].sign {
			scribble(s.img, image.Rect(t.x[i]+pad, top+pad, t.x[i+1]-pad, top+min(h, s.px(0.6))-pad), s.dpi, s.rng)
			continue
		}
		dx, dy := 0, 0
		if s.hand {
			dx, dy = s.rng.IntN(pad+1), s.rng.IntN(pad+1)
		}
		for j, text := range l {
			x := t.x[i] + pad + dx
			if t.cols[i].centred {
				x = t.x[i] + max(pad, (t.x[i+1]-t.x[i]-s.fill.width(text))/2)
			}
			s.fill.write(x, top+pad+dy+j*lh+s.fill.ascent(), text)
		}
	}
}
