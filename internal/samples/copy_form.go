package samples

import (
	"image"
	"math/rand/v2"
	"strconv"
	"strings"

	"civreg"
)

// formBox is one ruled box of a certified copy set out as a form: a register column's heading
// and what the entry writes under it.
type formBox struct {
	heading []string // the heading's lines
	value   []string // the value's lines
	sign    bool     // the registrar signs here
	wide    bool     // the box takes its row alone
}

// formStyle is how a form's boxes hold their headings, drawn once a page.
type formStyle struct {
	place    string // "top" (heading over the value, inside), "left" (heading beside the value), "beside" (as left, ruled off in a box of its own, now and then shaded), "above" (heading over the box, outside) or "banded" (the register's table cut in two bands of columns, each heading ruled off over its value)
	shaded   bool   // beside: the headings' boxes are shaded
	abreast  int    // boxes a row
	gap      int    // between boxes; 0 when they share their rules
	numbered bool   // headings carry the column's number ("3." or "(3)")
	headH    int    // banded: the height of the row's headings' boxes
}

// copyForm draws a certified copy set out as a form: each of the register's columns a ruled
// box holding its heading and the entry's value, two or three abreast, the combined cells and
// dates written as the register writes them. A marriage's boxes stand twice, the
// bridegroom's under "BRIDEGROOM" beside the bride's under "BRIDE".
func copyForm(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand bool) page {
	s := newSheet(rng, book, dpi, hand, 8.3+rng.Float64()*0.7, 10.5+rng.Float64())
	s.thick = max(1, dpi/150) * (1 + rng.IntN(2))
	st := valueStyle{caps: hand && rng.IntN(5) < 3}
	d := drawDistrict(rng)
	fs := formStyle{place: pick(rng, []string{"top", "top", "left", "above", "beside", "banded"}), abreast: 2 + rng.IntN(2),
		numbered: rng.IntN(3) == 0, shaded: rng.IntN(2) == 0}
	if fs.place == "banded" {
		fs.abreast = (len(groColumns[rt]) + 1) / 2
	}
	if rng.IntN(2) == 0 {
		fs.gap = s.px(0.05 + rng.Float64()*0.12)
	}
	y := s.copyTitle(rt, d)
	e := pageEntries(rng, rt, st, 1, d)[0]
	top := y
	if rt == civreg.Marriage {
		y = s.marriageForm(fs, e, y)
	} else {
		y = s.formRows(fs, s.formBoxes(fs, groColumns[rt], 1, e, 0, s.right-s.left), s.left, s.right, y)
	}
	r := s.record(e, 1, image.Rect(s.left, top, s.right, y), d)
	return page{img: s.crop(s.copyFoot(y)), records: []RecordTruth{r}, font: s.fill.font.name, rules: s.drawn}
}

// marriageForm draws a marriage's boxes: its number, date and place across the page, then
// the bridegroom's and the bride's columns side by side under their names, and the officiant
// under them. It returns the form's foot.
func (s *sheet) marriageForm(fs formStyle, e *entry, y int) int {
	cols := groColumns[civreg.Marriage]
	place := column{headings: []string{"Marriage solemnised at", "Where married", "Place of Marriage"}, weight: 2,
		text: field("place_of_marriage")}
	officiant := column{headings: []string{"Solemnised by", "Officiating Minister", "Marriage Officer"}, weight: 2,
		text: field("officiant_name")}
	head := []column{cols[0], cols[1], place}
	fs.abreast = 3
	y = s.formRows(fs, s.formBoxes(fs, head, 1, e, 0, s.right-s.left), s.left, s.right, y)
	y += s.px(0.1)
	mid := (s.left + s.right) / 2
	half := mid - s.left - s.px(0.1)
	bottom := y
	side := fs
	side.abreast = 1 + s.rng.IntN(2)
	for i, who := range []string{"BRIDEGROOM", "BRIDE"} {
		x0, x1 := s.left, mid-s.px(0.1)
		if i == 1 {
			x0, x1 = mid+s.px(0.1), s.right
		}
		s.head.write(x0+(x1-x0-s.head.width(who))/2, y+s.head.ascent(), who)
		boxes := s.formBoxes(side, cols[2:], len(head)+1, e, i, half)
		bottom = max(bottom, s.formRows(side, boxes, x0, x1, y+s.head.lineHeight()+s.px(0.05)))
	}
	y = bottom + s.px(0.1)
	return s.formRows(fs, s.formBoxes(fs, []column{officiant, registrarColumn}, len(head)+len(cols)-1, e, 0, s.right-s.left), s.left, s.right, y)
}

// formBoxes words the boxes of columns, numbered from first, for an entry's row (the bride's
// is 1) in a form width wide.
func (s *sheet) formBoxes(fs formStyle, cols []column, first int, e *entry, row, width int) []formBox {
	var out []formBox
	for i, c := range cols {
		words := c.headings[0]
		if s.rng.IntN(4) == 0 {
			words = pick(s.rng, c.headings)
		}
		words = s.headingCase(words)
		if fs.numbered {
			words = strings.Replace(s.numbers, "1", strconv.Itoa(first+i), 1) + ". " + words
			words = strings.Replace(words, "). ", ") ", 1)
		}
		b := formBox{sign: c.sign, wide: c.weight >= 1.7 && s.rng.IntN(2) == 0 && fs.place != "banded"}
		inner := s.boxInner(fs, b.wide, width)
		hw := inner
		if fs.place == "left" || fs.place == "beside" {
			hw = inner * 2 / 5
		}
		b.heading = s.head.wrap(words, hw)
		if !c.sign {
			vw := inner
			if fs.place == "left" || fs.place == "beside" {
				vw = inner - hw - s.px(0.1)
			}
			b.value = s.fill.wrap(c.text(e, row, s.sep), vw-s.fill.overhang())
		}
		out = append(out, b)
	}
	return out
}

// boxInner is the room inside a box of a form width wide, its padding taken off.
func (s *sheet) boxInner(fs formStyle, wide bool, width int) int {
	n := fs.abreast
	if wide {
		n = 1
	}
	return (width-(n-1)*fs.gap)/n - 2*s.px(0.06)
}

// formRows draws the boxes from y between x0 and x1, fs.abreast a row (a wide box alone), and
// returns the foot of the last row.
func (s *sheet) formRows(fs formStyle, boxes []formBox, x0, x1, y int) int {
	pad := s.px(0.06)
	hl, fl := s.head.lineHeight(), s.fill.lineHeight()
	for len(boxes) > 0 {
		n := min(fs.abreast, len(boxes))
		for i, b := range boxes[:n] {
			if b.wide {
				n = max(1, i)
				break
			}
		}
		row := boxes[:n]
		boxes = boxes[n:]
		h, above := 0, 0
		fs.headH = 0
		for _, b := range row {
			fs.headH = max(fs.headH, len(b.heading)*hl+pad*2)
		}
		for _, b := range row {
			lines := len(b.value)
			if b.sign {
				lines = 2
			}
			switch fs.place {
			case "banded":
				h = max(h, fs.headH+max(1, lines)*fl+pad*2)
			case "top":
				h = max(h, len(b.heading)*hl+max(1, lines)*fl+pad*3)
			case "left", "beside":
				h = max(h, max(len(b.heading)*hl, max(1, lines)*fl)+pad*2)
			case "above":
				above = max(above, len(b.heading)*hl)
				h = max(h, max(1, lines)*fl+pad*2)
			}
		}
		w := (x1 - x0 - (n-1)*fs.gap) / n
		for i, b := range row {
			bx := x0 + i*(w+fs.gap)
			s.formBox(fs, b, image.Rect(bx, y+above, bx+w, y+above+h))
		}
		y += above + h + fs.gap
		if fs.gap == 0 {
			y -= s.thick // boxes one under another share their rule
		}
	}
	return y
}

// formBox rules one box at r and writes its heading and value as the form's style places them.
func (s *sheet) formBox(fs formStyle, b formBox, r image.Rectangle) {
	pad := s.px(0.06)
	hl, fl := s.head.lineHeight(), s.fill.lineHeight()
	split := r.Min.X + (r.Dx()-2*pad)*2/5 + s.px(0.1) // where a heading beside its value ends
	switch fs.place {
	case "beside":
		if fs.shaded {
			s.shade(image.Rect(r.Min.X, r.Min.Y, split-pad, r.Max.Y))
		}
		s.vline(split-pad, r.Min.Y, r.Max.Y)
	case "banded":
		if fs.shaded {
			s.shade(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+fs.headH))
		}
		s.hline(r.Min.X, r.Max.X, r.Min.Y+fs.headH)
	}
	s.box(r)
	vx, vy := r.Min.X+pad, r.Min.Y+pad
	for j, l := range b.heading {
		switch fs.place {
		case "top":
			s.head.write(r.Min.X+pad, r.Min.Y+pad+j*hl+s.head.ascent(), l)
		case "left", "beside", "banded":
			s.head.write(r.Min.X+pad, r.Min.Y+pad+j*hl+s.head.ascent(), l)
		case "above":
			s.head.write(r.Min.X+pad/2, r.Min.Y-(len(b.heading)-j)*hl+s.head.ascent(), l)
		}
	}
	switch fs.place {
	case "top":
		vy += len(b.heading)*hl + pad
	case "left", "beside":
		vx = split + pad
	case "banded":
		vy = r.Min.Y + fs.headH + pad
	}
	if b.sign {
		scribble(s.img, image.Rect(vx, vy, min(r.Max.X-pad, vx+s.px(2)), r.Max.Y-pad), s.dpi, s.rng)
		return
	}
	if s.hand {
		vx, vy = vx+s.rng.IntN(pad+1), vy+s.rng.IntN(pad/2+1)
	}
	for j, l := range b.value {
		s.fill.write(vx, vy+j*fl+s.fill.ascent(), l)
	}
}
