package samples

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"civreg"
)

// The blind set: register families drawn from the registry's own words (docs/records.md) but
// laid out unlike every family the reader is tuned or held out on, for a measurement nobody
// tuned against. They are drawn only when asked for (civreg samples -blind, or by name), never
// with -family all or -held-out. Keep their layouts out of tuning work: report on them only.

// BlindFamilies lists the blind set's families.
func BlindFamilies() []Family {
	return []Family{
		{Name: "blind-spread", HeldOut: true, Blind: true, Register: true, draw: blindSpread, handRate: 0.35, bitonalRate: 0.15},
		{Name: "blind-unruled", HeldOut: true, Blind: true, Register: true, draw: blindUnruled, handRate: 0.35, bitonalRate: 0.25,
			dpis: []int{150, 150, 200}},
		{Name: "blind-copy-boxes", HeldOut: true, Blind: true, Register: true, draw: blindCopy, bitonalRate: 0.2},
	}
}

// blindHeadings are the blind set's wordings of a column heading: printed forms first, then
// the abbreviations of narrow columns.
type blindHeadings struct{ long, short []string }

var (
	blindNumber     = blindHeadings{[]string{"No.", "No. of Entry", "Entry No.", "Number"}, []string{"Regn. No.", "No."}}
	blindInformant  = blindHeadings{[]string{"Signature, description and residence of informant", "Name of Informant", "Informant"}, []string{"Sig., descr. & resid. of informant", "Sig., descr. and res. of informant"}}
	blindRegistered = blindHeadings{[]string{"When registered", "Date of Registration", "Date registered", "Registered on"}, []string{"When regd.", "Date regd."}}
	blindRegistrar  = blindHeadings{[]string{"Signature of registrar", "Signature of Registrar"}, []string{"Sig. of Regr.", "Registrar"}}
)

// blindColumn is one column of a blind register.
type blindColumn struct {
	blindHeadings
	weight  float64
	text    func(e *entry, row int, sep string) string
	sign    bool
	centred bool
}

func (c blindColumn) column(words string) column {
	return column{headings: []string{words}, short: []string{words}, weight: c.weight, text: c.text, sign: c.sign, centred: c.centred}
}

func blindCol(h blindHeadings, w float64, text func(*entry, int, string) string) blindColumn {
	return blindColumn{blindHeadings: h, weight: w, text: text}
}

func heads(long []string, short ...string) blindHeadings { return blindHeadings{long, short} }

// blindColumns are a register's columns per record type, in the order docs/records.md gives.
var blindColumns = map[civreg.RecordType][]blindColumn{
	civreg.Birth: {
		{blindHeadings: blindNumber, weight: 0.6, text: field("registration_number"), centred: true},
		blindCol(heads([]string{"When and where born", "When and Where Born"}, "When & where born", "When & where b."), 1.7,
			whenAndWhere("date_of_birth", "place_of_birth")),
		blindCol(heads([]string{"Name, if any", "Name (if any)", "Name of Child", "Child's Name"}, "Name, if any"), 1.4, field("child_name")),
		{blindHeadings: heads([]string{"Sex"}, "Sex"), weight: 0.5, text: field("sex"), centred: true},
		blindCol(heads([]string{"Name and surname of father", "Name of Father", "Father's Name"}, "Name & surname of father", "Father"), 1.4,
			field("father_name")),
		blindCol(heads([]string{"Name, surname and maiden surname of mother", "Name and maiden surname of mother", "Mother's Name"},
			"Name, surname & maiden surname of mother", "Mother"), 1.8, field("mother_name")),
		blindCol(blindInformant, 1.9, informant),
		blindCol(blindRegistered, 1.25, field("registration_date")),
		{blindHeadings: blindRegistrar, weight: 1.0, text: func(*entry, int, string) string { return "" }, sign: true},
	},
	civreg.Death: {
		{blindHeadings: blindNumber, weight: 0.6, text: field("registration_number"), centred: true},
		blindCol(heads([]string{"When and where died", "When and Where Died"}, "When & where died", "When & where d."), 1.7,
			whenAndWhere("date_of_death", "place_of_death")),
		blindCol(heads([]string{"Name and surname", "Name of Deceased", "Deceased"}, "Name & surname"), 1.4, field("deceased_name")),
		{blindHeadings: heads([]string{"Sex"}, "Sex"), weight: 0.5, text: field("sex"), centred: true},
		{blindHeadings: heads([]string{"Age", "Age at death"}, "Age"), weight: 0.65, text: field("age"), centred: true},
		blindCol(heads([]string{"Occupation", "Rank or profession"}, "Occupn.", "Rank or prof."), 1.1, extra("occupation")),
		blindCol(heads([]string{"Cause of death", "Cause of Death"}, "Cause of death"), 1.4, field("cause_of_death")),
		blindCol(blindInformant, 1.9, informant),
		blindCol(blindRegistered, 1.25, field("registration_date")),
		{blindHeadings: blindRegistrar, weight: 1.0, text: func(*entry, int, string) string { return "" }, sign: true},
	},
	civreg.Marriage: {
		{blindHeadings: blindNumber, weight: 0.6, text: field("registration_number"), centred: true},
		blindCol(heads([]string{"When married", "Date of Marriage"}, "When married", "When mard."), 1.3, field("date_of_marriage")),
		blindCol(heads([]string{"Name and surname", "Name and Surname"}, "Name & surname"), 1.6, side("groom_name", "bride_name")),
		{blindHeadings: heads([]string{"Age"}, "Age"), weight: 0.55, text: side("groom_age", "bride_age"), centred: true},
		blindCol(heads([]string{"Condition"}, "Cond."), 0.9, sideWord("condition")),
		blindCol(heads([]string{"Rank or profession"}, "Rank or prof."), 1.0, sideWord("rank")),
		blindCol(heads([]string{"Residence at the time of marriage"}, "Resid. at time of marriage"), 1.4, sideWord("residence")),
		blindCol(heads([]string{"Father's name and surname"}, "Father's name & surname"), 1.4, sideWord("father")),
		blindCol(heads([]string{"Rank or profession of father"}, "Rank or prof. of father"), 1.1, sideWord("father_rank")),
	},
}

// blindTable sizes cols between left and right and words their headings: abbreviated with
// chance abbrev, and always when the printed words would not fit in three lines. The
// headings are wrapped but not yet placed; headH is the tallest one's height.
func (s *sheet) blindTable(cols []blindColumn, left, right int, entries []*entry, abbrev float64) *table {
	var plain []column
	for _, c := range cols {
		words := pick(s.rng, c.long)
		if s.rng.Float64() < abbrev {
			words = pick(s.rng, c.short)
		}
		plain = append(plain, c.column(s.headingCase(words)))
	}
	t := &table{cols: plain, x: s.columnEdges(plain, left, right, entries)}
	pad := s.px(0.04)
	lines := 1
	for i, c := range cols {
		w := t.x[i+1] - t.x[i] - 2*pad
		hl := s.head.wrap(plain[i].headings[0], w)
		if len(hl) > 3 || s.tooWide(hl, w) {
			short := s.headingCase(c.short[0])
			t.cols[i].headings = []string{short}
			hl = s.head.wrap(short, w)
		}
		t.head = append(t.head, hl)
		lines = max(lines, len(hl))
	}
	t.headH = lines*s.head.lineHeight() + 2*pad + s.px(s.rng.Float64()*0.1)
	return t
}

func (s *sheet) tooWide(lines []string, w int) bool {
	for _, l := range lines {
		if s.head.width(l) > w {
			return true
		}
	}
	return false
}

// writeHeads writes t's headings in the band from y, headH high: centred or flush left in
// their columns, and at the band's foot or middle.
func (s *sheet) writeHeads(t *table, y, headH int, centred, foot bool) {
	lh := s.head.lineHeight()
	pad := s.px(0.04)
	for i, hl := range t.head {
		top := y + (headH-len(hl)*lh)/2
		if foot {
			top = y + headH - pad - len(hl)*lh
		}
		for j, l := range hl {
			x := t.x[i] + pad
			if centred {
				x = t.x[i] + (t.x[i+1]-t.x[i]-s.head.width(l))/2
			}
			s.head.write(x, top+j*lh+s.head.ascent(), l)
		}
	}
}

// writeNumbers writes the column numbers from first in the row from y, h high.
func (s *sheet) writeNumbers(t *table, y, h, first int, form string) {
	for i := range t.cols {
		n := strings.Replace(form, "1", strconv.Itoa(first+i), 1)
		cw := t.x[i+1] - t.x[i]
		s.head.write(t.x[i]+(cw-s.head.width(n))/2, y+(h-s.head.lineHeight())/2+s.head.ascent(), n)
	}
}

// blindEntries draws a page's entries; a clerk's style and the district are the page's.
func blindEntries(rng *rand.Rand, rt civreg.RecordType, hand bool, n int, d district) []*entry {
	return pageEntries(rng, rt, valueStyle{caps: hand && rng.IntN(5) < 3}, n, d)
}

// blindStamp presses an oval registry stamp over r, the words written there showing through:
// the stamps of the blind set fall on the entries, not in a margin.
func (s *sheet) blindStamp(r image.Rectangle) {
	rx := float64(s.dpi) * (0.7 + s.rng.Float64()*0.4)
	ry := rx * (0.5 + s.rng.Float64()*0.2)
	cx := float64(r.Min.X) + s.rng.Float64()*float64(max(1, r.Dx()))
	cy := float64(r.Min.Y+r.Max.Y) / 2
	ink := uint8(110 + s.rng.IntN(60))
	width := max(1, float64(s.dpi)/120)
	for a := 0.0; a < 2*math.Pi; a += 0.4 / rx {
		for _, k := range []float64{1, 0.8} {
			dot(s.img, cx+k*rx*math.Cos(a), cy+k*ry*math.Sin(a), width, ink)
		}
	}
	p := newPen(s.img, s.dpi, s.title.font, 7+s.rng.Float64()*2, s.rng)
	p.ink = ink
	lines := []string{"GENERAL REGISTRY", fmt.Sprintf("%d %s %d", 1+s.rng.IntN(28), strings.ToUpper(months[s.rng.IntN(12)][:3]), 1930+s.rng.IntN(90)),
		pick(s.rng, []string{"ST. KITTS", "NEVIS", "BASSETERRE"})}
	for i, l := range lines {
		p.write(int(cx)-p.width(l)/2, int(cy)+(i-1)*p.lineHeight()+p.ascent()/2, l)
	}
}
