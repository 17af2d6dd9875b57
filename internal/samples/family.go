package samples

import (
	"fmt"
	"image"
	"maps"
	"math/rand/v2"
	"strconv"
	"strings"

	"civreg"
)

// page is what a family draws: the page and the records on it, top to bottom.
type page struct {
	img     *image.Gray
	records []RecordTruth
	font    string   // the entries' font
	rules   [][4]int // the ruled lines drawn, x0, y0, x1, y1
}

// district is the page header's district: its canonical name and as the page prints it.
type district struct {
	index         int
	name, printed string
}

// drawDistrict draws the district a page is kept for, now and then printed "St." for "Saint".
func drawDistrict(rng *rand.Rand) district {
	i := rng.IntN(len(Districts))
	d := district{index: i, name: Districts[i], printed: Districts[i]}
	if rng.IntN(5) == 0 {
		d.printed = strings.Replace(d.printed, "Saint ", "St. ", 1)
	}
	return d
}

var kindWords = map[civreg.RecordType]string{civreg.Birth: "Births", civreg.Death: "Deaths", civreg.Marriage: "Marriages"}

// pageEntries draws n entries of a page, numbered on from a running number, in date order.
func pageEntries(rng *rand.Rand, rt civreg.RecordType, st valueStyle, n int, d district) []*entry {
	day := randomDate(rng, 1925, 2023)
	start := 1 + rng.IntN(2900)
	full := rng.IntN(10) < 3 // the whole registration number, not the register's running number
	letter := strings.ToUpper(string(rt)[:1])
	var out []*entry
	for i := range n {
		number := strconv.Itoa(start + i)
		if full {
			number = fmt.Sprintf("%s%d-%d/%04d", letter, 1+d.index%9, day.y, start+i)
		}
		out = append(out, newEntry(rng, rt, st, number, day))
		day = day.after(rng, 6)
	}
	return out
}

// record is an entry's ground truth; the page header's district is every entry's.
func (s *sheet) record(e *entry, n int, region image.Rectangle, d district) RecordTruth {
	r := RecordTruth{Entry: n, Page: 1, RecordType: e.rt, Region: [4]int{region.Min.X, region.Min.Y, region.Max.X, region.Max.Y},
		Fields: maps.Clone(e.fields), Printed: maps.Clone(e.printed)}
	if s.hand {
		r.Handwritten = map[string]bool{}
		for k := range e.fields {
			r.Handwritten[k] = true
		}
	}
	r.Fields["registration_district"], r.Printed["registration_district"] = d.name, d.printed
	return r
}

// groRegister draws a General Register Office register page: a header naming the district,
// the headings, their numbers and two to five entries (two marriages).
func groRegister(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand bool) page {
	return groRegisterPage(rng, book, rt, dpi, hand, false)
}

// groRegisterUnruled draws a register page with no ruled lines at all: its columns are the
// words' alignment alone, each entry as high as it needs with a gap after it.
func groRegisterUnruled(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand bool) page {
	return groRegisterPage(rng, book, rt, dpi, hand, true)
}

func groRegisterPage(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand, unruled bool) page {
	s := newSheet(rng, book, dpi, hand, 11+rng.Float64()*3, 8+rng.Float64()*1.5)
	if unruled {
		s.rules = "none"
	}
	if rng.IntN(5) < 2 {
		s.gutter()
	}
	st := valueStyle{caps: hand && rng.IntN(5) < 3}
	d := drawDistrict(rng)
	y := s.pageHeader(rt, d)
	n := 2
	if rt != civreg.Marriage {
		n += rng.IntN(4)
	}
	entries := pageEntries(rng, rt, st, n, d)
	t := s.planTable(groColumns[rt], s.left, s.right, entries)
	var records []RecordTruth
	var bottom int
	if rt == civreg.Marriage {
		records, bottom = s.marriages(t, entries, y, d)
	} else {
		records, bottom = s.entryRows(t, entries, y, d)
	}
	return page{img: s.crop(bottom), records: records, font: s.fill.font.name, rules: s.drawn}
}

// pageHeader names the district once for the page, sometimes under its book and page, and
// returns where the table starts.
func (s *sheet) pageHeader(rt civreg.RecordType, d district) int {
	y := s.top
	if s.rng.IntN(2) == 0 {
		book := fmt.Sprintf("Book %d Page %d", 1+s.rng.IntN(40), 1+s.rng.IntN(400))
		s.head.write(s.right-s.head.width(book), y+s.head.ascent(), book)
		y += s.head.lineHeight() + s.px(0.05)
	}
	kind := kindWords[rt]
	if s.rng.IntN(3) == 0 {
		kind = strings.ToUpper(kind)
	}
	form := pick(s.rng, []string{"%s in the Registration District of %s", "%s in the Registration District of %s",
		"%s registered in the District of %s"})
	text := fmt.Sprintf(form, kind, d.printed)
	x := s.left
	if s.rng.IntN(3) > 0 {
		x = (s.w - s.title.width(text)) / 2
	}
	s.title.write(x, y+s.title.ascent(), text)
	return y + s.title.lineHeight() + s.px(0.15+s.rng.Float64()*0.25)
}

// entryRows draws the table from y with one row an entry: rows of one printed height, or on
// an unruled page as high as each entry needs with a gap after it.
func (s *sheet) entryRows(t *table, entries []*entry, y int, d district) ([]RecordTruth, int) {
	cells := make([][][]string, len(entries))
	heights := make([]int, len(entries))
	rowH := s.px(0.7 + s.rng.Float64()*0.6)
	for i, e := range entries {
		c, hs := s.cells(t, e, 1)
		cells[i], heights[i] = c[0], hs[0]
		rowH = max(rowH, hs[0])
	}
	ends := make([]int, len(entries))
	at := y + t.headH + t.numH
	for i := range entries {
		if s.rules == "band" || s.rules == "none" {
			heights[i] += s.px(0.1 + s.rng.Float64()*0.3)
		} else {
			heights[i] = rowH
		}
		at += heights[i]
		ends[i] = at
	}
	s.drawRules(t, y, ends, nil, 0)
	s.drawHead(t, y)
	var out []RecordTruth
	top := y + t.headH + t.numH
	for i, e := range entries {
		if s.hand { // entries are written on different days, with whatever pen was at hand
			s.fill.ink = uint8(15 + s.rng.IntN(60))
		}
		s.drawCells(t, cells[i], top, heights[i])
		out = append(out, s.record(e, i+1, image.Rect(t.x[0], top, t.x[len(t.x)-1], ends[i]), d))
		top = ends[i]
	}
	return out, ends[len(ends)-1]
}

// marriages draws marriage entries one under another, each with its own headings.
func (s *sheet) marriages(t *table, entries []*entry, y int, d district) ([]RecordTruth, int) {
	var out []RecordTruth
	for i, e := range entries {
		var r RecordTruth
		r, y = s.marriage(t, e, i+1, y, d)
		out = append(out, r)
		y += s.px(0.2 + s.rng.Float64()*0.3)
	}
	return out, y
}

// marriage draws one marriage: "Marriage solemnised at PLACE", the headings, the
// bridegroom's and the bride's rows under one number, "by me, OFFICIANT" and, often, the
// couple's and the witnesses' signatures.
func (s *sheet) marriage(t *table, e *entry, n, y int, d district) (RecordTruth, int) {
	top := y
	pad := s.px(0.05)
	base := y + pad + max(s.head.ascent(), s.fill.ascent())
	intro := s.headingCase(pick(s.rng, []string{"Marriage solemnised at", "Marriage solemnized at", "Marriage solemnised at the"})) + " "
	x := s.left + s.head.write(s.left, base, intro)
	s.fill.write(x+pad, base, e.printed["place_of_marriage"])
	y = base + s.fill.lineHeight()/2 + 2*pad
	cells, hs := s.cells(t, e, 2)
	h := max(s.px(0.4+s.rng.Float64()*0.3), hs[0], hs[1])
	rowTop := y + t.headH + t.numH
	s.drawRules(t, y, []int{rowTop + 2*h}, []int{rowTop + h}, 2)
	s.drawHead(t, y)
	s.drawCells(t, cells[0], rowTop, h)
	s.drawCells(t, cells[1], rowTop+h, h)
	base = rowTop + 2*h + 2*pad + max(s.head.ascent(), s.fill.ascent())
	x = s.left + s.head.write(s.left, base, "by me, ")
	s.fill.write(x+pad, base, e.printed["officiant_name"])
	bottom := base + s.fill.lineHeight()
	if s.rng.IntN(2) == 0 {
		bottom = s.witnesses(base)
	}
	return s.record(e, n, image.Rect(t.x[0], top, t.x[len(t.x)-1], bottom), d), bottom
}

// witnesses draws "This marriage was solemnised between us" and "in the presence of us"
// with their signatures, on the right half from baseline base; it returns the bottom.
func (s *sheet) witnesses(base int) int {
	x := (s.left + s.right) / 2
	lh := max(s.head.lineHeight(), s.px(0.35))
	for _, words := range []string{"This marriage was solemnised between us,", "in the presence of us,"} {
		w := s.head.write(x, base, words)
		for k := range 2 {
			sx := x + w + s.px(0.1) + k*(s.right-x-w)/2
			scribble(s.img, image.Rect(sx, base-lh*3/4, sx+(s.right-x-w)/2-s.px(0.1), base+lh/4), s.dpi, s.rng)
		}
		base += lh
	}
	return base
}

// certifiedCopy draws a certified copy: the register's table with one entry under
// "CERTIFIED COPY OF AN ENTRY OF ..." and the registrar's certificate below.
func certifiedCopy(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand bool) page {
	s := newSheet(rng, book, dpi, hand, 11+rng.Float64()*1.5, 7.5+rng.Float64()*1.5)
	s.thick = max(1, dpi/150) * (1 + rng.IntN(3)) // copies are ruled from hairlines to heavy rules
	st := valueStyle{caps: hand && rng.IntN(5) < 3}
	d := drawDistrict(rng)
	y := s.copyTitle(rt, d)
	entries := pageEntries(rng, rt, st, 1, d)
	t := s.planTable(groColumns[rt], s.left, s.right, entries)
	var records []RecordTruth
	if rt == civreg.Marriage {
		r, bottom := s.marriage(t, entries[0], 1, y, d)
		records, y = []RecordTruth{r}, bottom
	} else {
		records, y = s.entryRows(t, entries, y, d)
	}
	return page{img: s.crop(s.copyFoot(y)), records: records, font: s.fill.font.name, rules: s.drawn}
}

// copyTitle heads a certified copy, now and then framed: "CERTIFIED COPY OF AN ENTRY OF ..."
// and the district's line. It returns where the copy's entry begins.
func (s *sheet) copyTitle(rt civreg.RecordType, d district) int {
	if s.rng.IntN(2) == 0 {
		s.box(image.Rect(s.px(0.2), s.px(0.2), s.w-s.px(0.2), s.h-s.px(0.2)))
	}
	y := s.top + s.px(0.1)
	title := "CERTIFIED COPY OF AN ENTRY OF " + strings.ToUpper(string(rt))
	s.title.write((s.w-s.title.width(title))/2, y+s.title.ascent(), title)
	y += s.title.lineHeight()
	sub := s.subHead()
	line := fmt.Sprintf(pick(s.rng, []string{"%s in the Registration District of %s", "Registration District of %[2]s"}), kindWords[rt], d.printed)
	sub.write((s.w-sub.width(line))/2, y+sub.ascent(), line)
	return y + sub.lineHeight() + s.px(0.2)
}

// subHead is the pen of a certified copy's lines above and below its entry.
func (s *sheet) subHead() *pen {
	sub := *s.head
	sub.size *= 1.3
	return &sub
}

// copyFoot writes the registrar's certificate under a copy's entry, which ends at y, and
// returns the page's foot.
func (s *sheet) copyFoot(y int) int {
	sub := s.subHead()
	y += s.px(0.3)
	sub.write(s.left, y+sub.ascent(), "Certified to be a true copy of an entry in a register in my custody.")
	y += sub.lineHeight() + s.px(0.15)
	issued := randomDate(s.rng, 1990, 2025)
	x := s.left + sub.write(s.left, y+sub.ascent(), "Date: ")
	s.fill.write(x, y+sub.ascent(), dateInWords(issued))
	sx := s.right - s.px(2.5)
	scribble(s.img, image.Rect(sx, y-s.px(0.2), s.right, y+s.px(0.3)), s.dpi, s.rng)
	y += s.px(0.45)
	sub.write(sx, y+sub.ascent(), pick(s.rng, []string{"Registrar General", "Registrar", "Deputy Registrar"}))
	return y + sub.lineHeight()
}
