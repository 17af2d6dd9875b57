package samples

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"

	"civreg"
)

// roleColumn names the side of a marriage each of its rows is: it heads no field.
var roleColumn = blindColumn{blindHeadings: heads([]string{""}, ""), weight: 0.9,
	text: func(e *entry, row int, _ string) string {
		return map[int]string{0: "Bridegroom", 1: "Bride"}[row]
	}}

// blindUnruled draws a register page with no ruled line at all, its columns only where the
// words line up: headings, often abbreviated, flush left at the foot of their band; the
// columns in an order of the page's own; two to five entries (two or three marriages) each as
// high as it needs with a gap under it. Its pages are scanned at low resolution.
func blindUnruled(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand bool) page {
	s := newSheet(rng, book, dpi, hand, 11.5+rng.Float64()*2.5, 8+rng.Float64()*1.5)
	d := drawDistrict(rng)
	y := s.unruledHeader(rt, d)
	cols := unruledOrder(rng, rt)
	n := 2 + rng.IntN(4)
	if rt == civreg.Marriage {
		n = 2 + rng.IntN(2)
	}
	entries := blindEntries(rng, rt, hand, n, d)
	t := s.blindTable(cols, s.left, s.right, entries, 0.6)
	s.writeHeads(t, y, t.headH, false, true)
	top := y + t.headH + s.px(0.1+rng.Float64()*0.15)
	if rng.IntN(2) == 0 { // a row of dashes under the headings: printed, not ruled
		dash := strings.Repeat("-", max(3, (s.right-s.left)/max(1, s.head.width("-"))-2))
		s.head.write(s.left, top-s.px(0.05), dash)
		top += s.px(0.05)
	}
	var records []RecordTruth
	for i, e := range entries {
		if hand {
			s.fill.ink = uint8(15 + rng.IntN(60))
		}
		var r RecordTruth
		if rt == civreg.Marriage {
			r, top = s.unruledMarriage(t, e, i+1, top, d)
		} else {
			cells, hs := s.cells(t, e, 1)
			s.drawCells(t, cells[0], top, hs[0])
			r = s.record(e, i+1, image.Rect(s.left, top, s.right, top+hs[0]), d)
			top += hs[0]
		}
		records = append(records, r)
		gap := s.px(0.1 + rng.Float64()*0.25)
		records[i].Region[3] += gap / 2
		top += gap
	}
	if rng.IntN(2) == 0 {
		r := records[rng.IntN(len(records))].Region
		s.blindStamp(image.Rect(r[0], r[1], r[2], r[3]))
	}
	return page{img: s.crop(top), records: records, font: s.fill.font.name}
}

// unruledOrder puts a page's columns in its own order: the number first or last, a
// marriage's side names after it, the rest shuffled.
func unruledOrder(rng *rand.Rand, rt civreg.RecordType) []blindColumn {
	all := blindColumns[rt]
	rest := append([]blindColumn(nil), all[1:]...)
	rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	if rt == civreg.Marriage {
		rest = append([]blindColumn{roleColumn}, rest...)
	}
	if rng.IntN(3) == 0 {
		return append(rest, all[0])
	}
	return append([]blindColumn{all[0]}, rest...)
}

// unruledHeader prints the register's name and its district, and returns where the headings
// start.
func (s *sheet) unruledHeader(rt civreg.RecordType, d district) int {
	y := s.top + s.title.ascent()
	kind := pick(s.rng, []string{"REGISTER OF " + strings.ToUpper(kindWords[rt]), "Register of " + kindWords[rt], strings.ToUpper(kindWords[rt])})
	where := fmt.Sprintf("%s: %s", pick(s.rng, []string{"Registration District", "District", "Parish"}), d.printed)
	if s.rng.IntN(2) == 0 {
		s.title.write(s.left, y, kind)
		s.title.write(s.right-s.title.width(where), y, where)
		return y + s.title.lineHeight() + s.px(0.2)
	}
	s.title.write((s.w-s.title.width(kind))/2, y, kind)
	y += s.title.lineHeight()
	s.head.write((s.w-s.head.width(where))/2, y, where)
	return y + s.head.lineHeight() + s.px(0.25)
}

// unruledMarriage draws "Marriage solemnised at PLACE", the bridegroom's and bride's rows
// under it and "by me, OFFICIANT" under them, from top.
func (s *sheet) unruledMarriage(t *table, e *entry, n, top int, d district) (RecordTruth, int) {
	pad := s.px(0.05)
	lh := max(s.head.lineHeight(), s.fill.lineHeight())
	base := top + max(s.head.ascent(), s.fill.ascent())
	x := s.left + s.head.write(s.left, base, s.headingCase("Marriage solemnised at")+" ") + pad
	s.fill.write(x, base, e.printed["place_of_marriage"])
	y := top + lh
	cells, hs := s.cells(t, e, 2)
	s.drawCells(t, cells[0], y, hs[0])
	y += hs[0]
	s.drawCells(t, cells[1], y, hs[1])
	y += hs[1]
	base = y + max(s.head.ascent(), s.fill.ascent())
	x = t.x[min(2, len(t.x)-1)]
	x += s.head.write(x, base, "by me, ") + pad
	s.fill.write(x, base, e.printed["officiant_name"])
	y += lh
	return s.record(e, n, image.Rect(s.left, top, s.right, y), d), y
}
