package samples

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"

	"civreg"
)

// spread is a landscape two-page opening of a bound register: the columns run across both
// pages, the book's fold between them.
type spread struct {
	*sheet
	pages   [2]*table
	numbers string // the column numbers' form, printed above the headings
	numH    int
	headH   int
	ruled   bool     // rows ruled as well as columns
	bands   [][2]int // the stretches the column rules run down: not across a marriage's own lines
}

// blindSpread draws a two-page opening: the first columns on the left page, the rest on the
// right, the column numbers in a boxed row above headings that wrap over lines, and two to
// five entries (two marriages) straddling the fold.
func blindSpread(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand bool) page {
	pw := 7 + rng.Float64()*1.5
	s := newSheet(rng, book, dpi, hand, 2*pw, 7.5+rng.Float64()*1.5)
	s.upper = rng.IntN(3) == 0
	mid := s.w / 2
	fold := s.px(0.25 + rng.Float64()*0.3)
	s.fold(mid, fold+s.px(0.2))
	d := drawDistrict(rng)
	y := s.spreadHeader(rt, d, mid)
	n := 2
	if rt != civreg.Marriage {
		n += rng.IntN(4)
	}
	entries := blindEntries(rng, rt, hand, n, d)
	cols := blindColumns[rt]
	k := splitAt(cols)
	sp := &spread{sheet: s, numbers: pick(rng, []string{"1", "(1)", "1."}), ruled: rng.IntN(3) > 0}
	sp.pages[0] = s.blindTable(cols[:k], s.left, mid-fold, entries, 0.3)
	sp.pages[1] = s.blindTable(cols[k:], mid+fold, s.right, entries, 0.3)
	sp.headH = max(sp.pages[0].headH, sp.pages[1].headH)
	sp.numH = s.head.lineHeight() + s.px(0.08)
	top := y + sp.numH + sp.headH
	var records []RecordTruth
	for i, e := range entries {
		var r RecordTruth
		if rt == civreg.Marriage {
			r, top = sp.marriage(e, i+1, top, d)
		} else {
			r, top = sp.row(e, i+1, top, d)
		}
		records = append(records, r)
	}
	sp.frame(y, top)
	if rng.IntN(2) == 0 {
		r := records[rng.IntN(len(records))].Region
		s.blindStamp(image.Rect(r[0], r[1], r[2], r[3]))
	}
	return page{img: s.crop(top), records: records, font: s.fill.font.name}
}

// splitAt is where the left page's columns end: about half the page's width on each side.
func splitAt(cols []blindColumn) int {
	var total, run float64
	for _, c := range cols {
		total += c.weight
	}
	for i, c := range cols {
		run += c.weight
		if run >= total/2 {
			return i + 1
		}
	}
	return len(cols) - 1
}

// fold darkens the paper either side of the binding at x, deepest at the fold.
func (s *sheet) fold(x, w int) {
	depth := 30 + s.rng.IntN(60)
	for dx := -w; dx < w; dx++ {
		a := w - abs(dx)
		dark := uint8(depth * a * a / (w * w))
		col := x + dx
		if col < 0 || col >= s.w {
			continue
		}
		for i := col; i < len(s.img.Pix); i += s.img.Stride {
			s.img.Pix[i] -= min(s.img.Pix[i], dark)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// spreadHeader prints the record type over the left page and the district over the right,
// or the whole heading on the left, and returns where the table starts.
func (s *sheet) spreadHeader(rt civreg.RecordType, d district, mid int) int {
	y := s.top + s.title.ascent()
	kind := strings.ToUpper(kindWords[rt])
	switch s.rng.IntN(3) {
	case 0:
		s.title.write((mid-s.title.width(kind))/2, y, kind)
		where := fmt.Sprintf(pick(s.rng, []string{"in the Registration District of %s", "Registration District: %s", "Parish of %s"}), d.printed)
		s.title.write(mid+(s.w-mid-s.title.width(where))/2, y, where)
	default:
		text := fmt.Sprintf(pick(s.rng, []string{"%s in the Registration District of %s", "%s registered in the District of %s"}),
			kindWords[rt], d.printed)
		s.title.write(s.left, y, text)
		book := fmt.Sprintf("Vol. %d  Folio %d", 1+s.rng.IntN(40), 1+s.rng.IntN(400))
		s.head.write(s.right-s.head.width(book), y, book)
	}
	return y + s.title.lineHeight() + s.px(0.1+s.rng.Float64()*0.2)
}

// frame rules both pages: the boxed row of column numbers, the headings under it, every
// column to the last entry's foot at bottom, and the numbers and headings written in.
func (sp *spread) frame(y, bottom int) {
	first := 1
	for _, t := range sp.pages {
		left, right := t.x[0], t.x[len(t.x)-1]
		sp.shade(image.Rect(left, y, right, y+sp.numH))
		sp.box(image.Rect(left, y, right, bottom+sp.thick))
		sp.hline(left, right, y+sp.numH)
		sp.hline(left, right, y+sp.numH+sp.headH)
		sp.hline(left, right, y+sp.numH+sp.headH+2*sp.thick)
		bands := append([][2]int{{y, y + sp.numH + sp.headH}}, sp.bands...)
		for _, x := range t.x[1 : len(t.x)-1] {
			for _, b := range bands {
				sp.vline(x, b[0], b[1])
			}
		}
		sp.writeNumbers(t, y, sp.numH, first, sp.numbers)
		sp.writeHeads(t, y+sp.numH, sp.headH, true, sp.rng.IntN(2) == 0)
		first += len(t.cols)
	}
}

// row draws one entry across both pages from top: as high as the taller page's cells need.
func (sp *spread) row(e *entry, n, top int, d district) (RecordTruth, int) {
	var cells [2][][]string
	h := sp.px(0.6 + sp.rng.Float64()*0.4)
	for i, t := range sp.pages {
		c, hs := sp.cells(t, e, 1)
		cells[i] = c[0]
		h = max(h, hs[0])
	}
	if sp.hand {
		sp.fill.ink = uint8(15 + sp.rng.IntN(60))
	}
	for i, t := range sp.pages {
		sp.drawCells(t, cells[i], top, h)
		if sp.ruled {
			sp.hline(t.x[0], t.x[len(t.x)-1], top+h)
		}
	}
	sp.bands = append(sp.bands, [2]int{top, top + h})
	return sp.record(e, n, image.Rect(sp.pages[0].x[0], top, sp.pages[1].x[len(sp.pages[1].x)-1], top+h), d), top + h
}

// marriage draws one marriage across both pages from top: "Marriage solemnised at PLACE" on
// the left page, the bridegroom's and the bride's rows across both, "by me, OFFICIANT" at the
// foot of the right page's part of the entry.
func (sp *spread) marriage(e *entry, n, top int, d district) (RecordTruth, int) {
	pad := sp.px(0.05)
	lh := max(sp.head.lineHeight(), sp.fill.lineHeight())
	l, r := sp.pages[0], sp.pages[1]
	base := top + pad + max(sp.head.ascent(), sp.fill.ascent())
	intro := sp.headingCase(pick(sp.rng, []string{"Marriage solemnised at", "Marriage solemnized at"})) + " "
	x := l.x[0] + pad + sp.head.write(l.x[0]+pad, base, intro)
	sp.fill.write(x, base, e.printed["place_of_marriage"])
	y := top + lh + 2*pad
	h := sp.px(0.35 + sp.rng.Float64()*0.25)
	var cells [2][][][]string
	for i, t := range sp.pages {
		c, hs := sp.cells(t, e, 2)
		cells[i] = c
		h = max(h, hs[0], hs[1])
	}
	for i, t := range sp.pages {
		sp.drawCells(t, cells[i][0], y, h)
		sp.drawCells(t, cells[i][1], y+h, h)
		if sp.ruled { // the number and the date span both rows
			sp.hline(t.x[2*(1-i)], t.x[len(t.x)-1], y+h)
		}
	}
	sp.bands = append(sp.bands, [2]int{y, y + 2*h})
	y += 2 * h
	base = y + pad + max(sp.head.ascent(), sp.fill.ascent())
	by := "by me, "
	w := sp.head.width(by) + pad + sp.fill.width(e.printed["officiant_name"])
	x = r.x[len(r.x)-1] - pad - w
	x += sp.head.write(x, base, by) + pad
	sp.fill.write(x, base, e.printed["officiant_name"])
	bottom := y + lh + 2*pad
	for _, t := range sp.pages {
		sp.hline(t.x[0], t.x[len(t.x)-1], bottom)
	}
	return sp.record(e, n, image.Rect(l.x[0], top, r.x[len(r.x)-1], bottom), d), bottom
}
