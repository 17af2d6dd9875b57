package samples

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"

	"civreg"
)

// copyMarriage are a marriage's boxes on a typed certified copy: each side's name and age
// apart, the place and the officiant as the register's lines word them.
var copyMarriage = []blindColumn{
	blindCol(heads([]string{"No.", "Entry No."}, "Regn. No."), 0, field("registration_number")),
	blindCol(heads([]string{"When married", "Date of Marriage"}, "When married"), 0, field("date_of_marriage")),
	blindCol(heads([]string{"Marriage solemnised at", "Where married"}, "Solemnised at"), 0, field("place_of_marriage")),
	blindCol(heads([]string{"Name and surname of Bridegroom", "Name of Bridegroom"}, "Bridegroom"), 0, field("groom_name")),
	blindCol(heads([]string{"Age of Bridegroom"}, "Groom's Age"), 0, field("groom_age")),
	blindCol(heads([]string{"Condition of Bridegroom"}, "Condition"), 0, sideWord("condition")),
	blindCol(heads([]string{"Name and surname of Bride", "Name of Bride"}, "Bride"), 0, func(e *entry, _ int, _ string) string { return e.printed["bride_name"] }),
	blindCol(heads([]string{"Age of Bride"}, "Bride's Age"), 0, func(e *entry, _ int, _ string) string { return e.printed["bride_age"] }),
	blindCol(heads([]string{"Solemnised by", "Officiating Minister"}, "By me"), 0, field("officiant_name")),
}

// copyBox is one box of a typed certified copy.
type copyBox struct {
	label string
	value []string // lines
	wide  bool     // takes a whole row
}

// blindCopy draws a typed certified copy of one entry: the register's columns as numbered
// boxes in an order of the copy's own, two or three a row, each with the typed value at its
// top and its number and heading printed under it; then the registrar's certificate with the
// date it was given in words.
func blindCopy(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, _ bool) page {
	s := newSheet(rng, book, dpi, false, 8.2+rng.Float64()*0.4, 11+rng.Float64()*0.7)
	d := drawDistrict(rng)
	if rng.IntN(2) == 0 {
		in := s.px(0.25)
		s.box(image.Rect(in, in, s.w-in, s.h-in))
		s.box(image.Rect(in+s.px(0.05), in+s.px(0.05), s.w-in-s.px(0.05), s.h-in-s.px(0.05)))
	}
	y := s.top + s.px(0.15)
	title := "CERTIFIED COPY OF AN ENTRY OF " + strings.ToUpper(string(rt))
	if rng.IntN(2) == 0 {
		title = "Certified Copy of an Entry of " + strings.ToUpper(string(rt)[:1]) + string(rt)[1:]
	}
	s.title.write((s.w-s.title.width(title))/2, y+s.title.ascent(), title)
	y += s.title.lineHeight()
	sub := *s.head
	sub.size *= 1.35
	where := fmt.Sprintf(pick(rng, []string{"%s in the Registration District of %s", "Register of %s, Registration District of %s"}), kindWords[rt], d.printed)
	sub.write((s.w-sub.width(where))/2, y+sub.ascent(), where)
	y += sub.lineHeight() + s.px(0.3)
	e := blindEntries(rng, rt, false, 1, d)[0]
	boxes := s.copyBoxes(rt, e)
	top := y
	y = s.drawBoxes(boxes, y, 2+rng.IntN(2))
	records := []RecordTruth{s.record(e, 1, image.Rect(s.left, top, s.right, y), d)}
	y += s.px(0.35)
	y = s.certify(&sub, rt, e, d, y)
	if rng.IntN(3) > 0 {
		s.blindStamp(image.Rect(s.left, top, s.right, records[0].Region[3]))
	}
	return page{img: s.crop(y), records: records, font: s.fill.font.name}
}

// copyBoxes words a copy's boxes, numbered in the register's column order and shuffled.
func (s *sheet) copyBoxes(rt civreg.RecordType, e *entry) []copyBox {
	cols := copyMarriage
	if rt != civreg.Marriage {
		cols = blindColumns[rt]
		cols = cols[:len(cols)-1] // the registrar signs the certificate instead
	}
	var out []copyBox
	form := pick(s.rng, []string{"%d. %s", "(%d) %s", "%d %s"})
	for i, c := range cols {
		words := pick(s.rng, c.long)
		if s.rng.IntN(4) == 0 {
			words = pick(s.rng, c.short)
		}
		value := c.text(e, 0, s.sep)
		out = append(out, copyBox{label: fmt.Sprintf(form, i+1, s.headingCase(words)), value: strings.Split(value, "\n"),
			wide: len(value) > 34})
	}
	s.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// drawBoxes lays the boxes out from y, per row across the page (a wide one alone), and
// returns the foot of the last row.
func (s *sheet) drawBoxes(boxes []copyBox, y, perRow int) int {
	pad := s.px(0.06)
	gap := s.px(0.08)
	lab := *s.head
	lab.size *= 1.1
	cellW := (s.right - s.left - (perRow-1)*gap) / perRow
	for len(boxes) > 0 {
		row := boxes[:1]
		if !boxes[0].wide {
			for len(row) < min(perRow, len(boxes)) && !boxes[len(row)].wide {
				row = boxes[:len(row)+1]
			}
		}
		boxes = boxes[len(row):]
		w := cellW
		if len(row) == 1 && row[0].wide {
			w = s.right - s.left
		}
		lines := 1
		wrapped := make([][]string, len(row))
		for i, b := range row {
			for _, l := range b.value {
				wrapped[i] = append(wrapped[i], s.fill.wrap(l, w-2*pad-s.fill.overhang())...)
			}
			lines = max(lines, len(wrapped[i]))
		}
		valueH := lines*s.fill.lineHeight() + 2*pad
		h := valueH + lab.lineHeight() + 2*pad
		for i, b := range row {
			x := s.left + i*(w+gap)
			s.box(image.Rect(x, y, x+w, y+h))
			for j, l := range wrapped[i] {
				s.fill.write(x+pad, y+pad+j*s.fill.lineHeight()+s.fill.ascent(), l)
			}
			if s.rng.IntN(2) == 0 {
				s.hline(x+pad, x+w-pad, y+valueH)
			}
			label := b.label
			for lab.width(label) > w-2*pad && len(label) > 4 {
				label = label[:len(label)-1]
			}
			lab.write(x+pad, y+valueH+pad+lab.ascent(), label)
		}
		y += h + gap
	}
	return y
}

// certify prints the registrar's certificate under the boxes, the day it was given in words,
// and the registrar's signature; it returns the foot.
func (s *sheet) certify(p *pen, rt civreg.RecordType, e *entry, d district, y int) int {
	text := fmt.Sprintf("I hereby certify that the above is a true copy of Entry No. %s in the Register of %s for the District of %s, in my custody.",
		e.printed["registration_number"], kindWords[rt], d.printed)
	for _, l := range p.wrap(text, s.right-s.left) {
		p.write(s.left, y+p.ascent(), l)
		y += p.lineHeight()
	}
	y += s.px(0.15)
	given := randomDate(s.rng, 1990, 2025)
	day := strings.SplitN(dateInWords(given), " ", 2)
	line := fmt.Sprintf("Given under my hand at the General Registry, Basseterre, this %s day of %s.", day[0], day[1])
	for _, l := range p.wrap(line, s.right-s.left) {
		p.write(s.left, y+p.ascent(), l)
		y += p.lineHeight()
	}
	y += s.px(0.2)
	sx := s.right - s.px(2.6)
	scribble(s.img, image.Rect(sx, y, s.right, y+s.px(0.45)), s.dpi, s.rng)
	y += s.px(0.5)
	p.write(sx, y+p.ascent(), pick(s.rng, []string{"Registrar General", "Registrar", "Deputy Registrar General"}))
	return y + p.lineHeight()
}
