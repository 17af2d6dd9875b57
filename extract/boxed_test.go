package extract

import (
	"strings"
	"testing"

	"civreg"
)

// boxedPage builds a page's words and rules as OCR gives them, for the boxed-form tests.
type boxedPage struct {
	words []civreg.Word
	rules []civreg.Rule
}

// box rules a box's four sides, 3 pixels thick.
func (p *boxedPage) box(x0, y0, x1, y1 int) {
	p.rules = append(p.rules, civreg.Rule{Box: [4]int{x0, y0, x1, y0 + 3}}, civreg.Rule{Box: [4]int{x0, y1 - 3, x1, y1}},
		civreg.Rule{Box: [4]int{x0, y0, x0 + 3, y1}, Vertical: true}, civreg.Rule{Box: [4]int{x1 - 3, y0, x1, y1}, Vertical: true})
}

// text writes words from (x, y), 20 pixels a letter, 30 high.
func (p *boxedPage) text(x, y int, s string) {
	for _, tok := range strings.Fields(s) {
		w := 20 * len(tok)
		p.words = append(p.words, civreg.Word{Text: tok, Conf: 0.97, Box: [4]int{x, y, x + w, y + 30}})
		x += w + 15
	}
}

func (p *boxedPage) read(e *Extractor) Entry {
	return e.Read([]civreg.PageWords{{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}})[0]
}

// deathBoxes is a death certificate of boxes, two a row, each label in its box's corner and
// its value under it.
func deathBoxes() *boxedPage {
	p := &boxedPage{}
	p.text(600, 50, "CERTIFICATE OF DEATH")
	rows := [][2][2]string{
		{{"Registration No.", "D1-1988/0701"}, {"Date of Registration", "10 November 1988"}},
		{{"Registration District", "Saint George Basseterre"}, {"Sex", "Female"}},
		{{"Age at death", "94 years"}, {"Date of Death", "4 November 1988"}},
		{{"Place of Death", "Old Road Village"}, {"Cause of Death", "Diabetes mellitus"}},
	}
	for r, row := range rows {
		for c, f := range row {
			x, y := 100+c*900, 200+r*200
			p.box(x, y, x+860, y+180)
			p.text(x+20, y+20, f[0])
			if f[1] != "" {
				p.text(x+40, y+100, f[1])
			}
		}
	}
	return p
}

func boxedFields(en Entry) map[string]civreg.Field {
	got := map[string]civreg.Field{}
	for _, f := range en.Fields {
		got[f.Key] = f
	}
	return got
}

// TestABoxedValueComesFromItsOwnBox: a label written left of where its value goes, in a box
// left empty, stands on the line of the next box's value; that value is the next box's label's,
// never the empty box's.
func TestABoxedValueComesFromItsOwnBox(t *testing.T) {
	p := deathBoxes()
	p.box(100, 1000, 960, 1180)
	p.text(120, 1100, "Name of Deceased")
	p.box(1000, 1000, 1860, 1180)
	p.text(1020, 1020, "Name of Informant")
	p.text(1040, 1100, "Marcia Yearwood")
	e := &Extractor{Forms: BuiltinForms()}
	en := p.read(e)
	got := boxedFields(en)
	if f, ok := got["deceased_name"]; ok {
		t.Errorf("the empty box's label took %q", f.Value)
	}
	if f := got["informant_name"]; f.Value != "Marcia Yearwood" || f.NeedsReview {
		t.Errorf("informant %+v, want Marcia Yearwood trusted", f)
	}
	if f := got["place_of_death"]; f.Value != "Old Road Village" || f.NeedsReview {
		t.Errorf("place %+v, want Old Road Village trusted (doubt %q)", f, en.Doubt)
	}
	// Without its rules the same words are read as before boxes were known: the neighbour's
	// value goes to the empty box's label.
	p.rules = nil
	if f := boxedFields(p.read(e))["deceased_name"]; f.Value != "Marcia Yearwood" {
		t.Errorf("unruled, deceased %+v: the test no longer shows what boxes change", f)
	}
}

// TestTheDesignNamesTheBoxAValueMayStandIn: with value_cell right, an empty label box's value is
// the box right of it; without, there is none; never a box that holds a label.
func TestTheDesignNamesTheBoxAValueMayStandIn(t *testing.T) {
	p := deathBoxes()
	p.box(100, 1000, 600, 1180)
	p.text(120, 1020, "Name of Deceased")
	p.box(640, 1000, 1860, 1180)
	p.text(660, 1080, "Althea Richards")
	forms := BuiltinForms()
	if f, ok := boxedFields(p.read(&Extractor{Forms: forms}))["deceased_name"]; ok {
		t.Errorf("no value_cell: the box beside gave %q", f.Value)
	}
	for i := range forms.Designs {
		forms.Designs[i].ValueCell = "right"
	}
	if f := boxedFields(p.read(&Extractor{Forms: forms}))["deceased_name"]; f.Value != "Althea Richards" {
		t.Errorf("value_cell right: deceased %+v, want Althea Richards", f)
	}
	// the box right of "Registration No." holds "Date of Registration": never its value
	if f := boxedFields(p.read(&Extractor{Forms: forms}))["registration_number"]; f.Value != "D1-1988/0701" {
		t.Errorf("registration number %+v", f)
	}
}

// TestAValueOverARuleIsNotTrusted: a value OCR ran over its box's right rule may hold the next
// box's words.
func TestAValueOverARuleIsNotTrusted(t *testing.T) {
	p := deathBoxes()
	p.box(100, 1000, 960, 1180)
	p.text(120, 1020, "Name of Informant")
	p.words = append(p.words, civreg.Word{Text: "Marcia", Conf: 0.97, Box: [4]int{700, 1100, 840, 1130}},
		civreg.Word{Text: "Yearwood", Conf: 0.97, Box: [4]int{855, 1100, 1015, 1130}})
	f := boxedFields(p.read(&Extractor{Forms: BuiltinForms()}))["informant_name"]
	if f.Value == "" || !f.NeedsReview {
		t.Errorf("informant %+v: a value over a rule must be read and sent to review", f)
	}
}

// TestABoxedPageThatDoesNotFitTrustsNothing: two labels in one box, or many labels in no box,
// is a layout the design does not describe: nothing is trusted, and the entry says why.
func TestABoxedPageThatDoesNotFitTrustsNothing(t *testing.T) {
	fits := deathBoxes().read(&Extractor{Forms: BuiltinForms()})
	if fits.Doubt != "" {
		t.Fatalf("the fitting page has doubt %q", fits.Doubt)
	}
	shared := deathBoxes()
	shared.rules = shared.rules[:len(shared.rules)-8] // the last row is one box: two labels in it
	shared.box(100, 800, 1860, 980)
	outside := deathBoxes()
	outside.rules = outside.rules[:16] // only the first two rows are boxed
	for name, p := range map[string]*boxedPage{"shared": shared, "outside": outside} {
		en := p.read(&Extractor{Forms: BuiltinForms()})
		if !strings.Contains(en.Doubt, "do not fit") {
			t.Errorf("%s: doubt %q, want the boxes' misfit", name, en.Doubt)
		}
		for _, f := range en.Fields {
			if !f.NeedsReview {
				t.Errorf("%s: %s = %q trusted on a page that does not fit", name, f.Key, f.Value)
			}
		}
		if len(en.Fields) < 6 {
			t.Errorf("%s: %d fields read; the values are still offered", name, len(en.Fields))
		}
	}
}

// TestCellsAreTheClosedBoxes: rules that close nothing (a title's underline) make no cell,
// and boxes whose rules stop short of their corners still do.
func TestCellsAreTheClosedBoxes(t *testing.T) {
	p := civreg.PageWords{Width: 2000, Height: 2000, Rules: []civreg.Rule{{Box: [4]int{100, 100, 1900, 103}}}}
	if cs := findCells(p); len(cs) != 0 {
		t.Errorf("an underline made cells %v", cs)
	}
	p.Rules = []civreg.Rule{{Box: [4]int{106, 200, 894, 203}}, {Box: [4]int{106, 497, 894, 500}},
		{Box: [4]int{100, 206, 103, 494}, Vertical: true}, {Box: [4]int{897, 206, 900, 494}, Vertical: true}}
	cs := findCells(p)
	if len(cs) != 1 || !inCell(cs[0], [4]int{120, 220, 880, 480}, 0) || inCell(cs[0], [4]int{80, 220, 880, 480}, 0) {
		t.Errorf("a box whose rules end short of its corners: cells %v", cs)
	}
}

// TestARuleThroughAValueIsACrossing: a rule running through a value's words crosses it; the
// rules of the value's own box, along its edges, do not.
func TestARuleThroughAValueIsACrossing(t *testing.T) {
	value := [4]int{200, 300, 700, 340}
	own := []civreg.Rule{{Box: [4]int{100, 250, 800, 253}}, {Box: [4]int{100, 342, 800, 345}},
		{Box: [4]int{197, 250, 200, 345}, Vertical: true}, {Box: [4]int{700, 250, 703, 345}, Vertical: true}}
	if crossesRule(value, own) {
		t.Error("the value's own box's rules taken for a crossing")
	}
	if !crossesRule(value, append(own, civreg.Rule{Box: [4]int{450, 250, 453, 400}, Vertical: true})) {
		t.Error("a column's rule through the value not seen")
	}
	if !crossesRule(value, []civreg.Rule{{Box: [4]int{100, 318, 800, 321}}}) {
		t.Error("a row's rule through the value not seen")
	}
}

// TestARegisterValueStandsInTheCellUnderItsHeading: a cell's words in one ruled cell under the
// column are its value; words of the next column's cell, or of two cells, are not.
func TestARegisterValueStandsInTheCellUnderItsHeading(t *testing.T) {
	var p boxedPage
	p.box(100, 100, 600, 300)
	p.box(600, 100, 1200, 300)
	cells := findCells(civreg.PageWords{Width: 2000, Height: 2000, Rules: p.rules})
	rows := []*line{{cells: cells}}
	col := column{x0: 100, x1: 650} // the headings stood so that the column runs into the next cell
	own := []civreg.Word{{Text: "Althea", Box: [4]int{120, 200, 260, 230}}}
	next := []civreg.Word{{Text: "Female", Box: [4]int{620, 200, 760, 230}}}
	if !underHeading(rows, own, col) {
		t.Error("the column's own cell refused")
	}
	if underHeading(rows, next, col) {
		t.Error("the next column's cell taken as this column's")
	}
	if underHeading(rows, append(own, next...), col) {
		t.Error("words of two cells taken as one value")
	}
	if !underHeading([]*line{{}}, next, col) {
		t.Error("an unruled page has no cells to refuse by")
	}
}

// TestAPageWhoseLabelBoxesAreEmptySaysWhereItsValuesStand: a form no design describes, its
// labels in boxes of their own and each value in the box beside (or under) its label's, is read
// from those boxes, and only as suggestions: the page goes to a person.
func TestAPageWhoseLabelBoxesAreEmptySaysWhereItsValuesStand(t *testing.T) {
	rows := [][2]string{
		{"Registration No.", "D4-1979/0213"},
		{"Name of Deceased", "Winston Hazel"},
		{"Date of Death", "3 May 1979"},
		{"Place of Death", "Tabernacle"},
		{"Cause of Death", "Heart failure"},
	}
	beside := &boxedPage{}
	beside.text(600, 50, "CERTIFICATE OF DEATH")
	for r, f := range rows {
		y := 200 + r*160
		beside.box(100, y, 700, y+140)
		beside.text(120, y+20, f[0])
		beside.box(700, y, 1860, y+140)
		beside.text(720, y+50, f[1])
	}
	under := &boxedPage{}
	under.text(600, 50, "CERTIFICATE OF DEATH")
	for c, f := range rows {
		x := 60 + c*380
		under.box(x, 200, x+380, 300)
		under.text(x+10, 220, strings.Fields(f[0])[0]+" "+strings.Join(strings.Fields(f[0])[1:], " "))
		under.box(x, 300, x+380, 500)
		under.text(x+10, 350, f[1])
	}
	forms := BuiltinForms()
	for _, c := range []struct {
		name string
		p    *boxedPage
	}{{"beside", beside}, {"under", under}} {
		en := c.p.read(&Extractor{Forms: forms})
		got := boxedFields(en)
		for _, f := range rows {
			key := map[string]string{"Registration No.": "registration_number", "Name of Deceased": "deceased_name",
				"Date of Death": "date_of_death", "Place of Death": "place_of_death", "Cause of Death": "cause_of_death"}[f[0]]
			if got[key].Printed != f[1] {
				t.Errorf("%s: %s = %+v, want %q", c.name, key, got[key], f[1])
			}
			if f, ok := got[key]; ok && !f.NeedsReview {
				t.Errorf("%s: %s trusted on a layout no design describes", c.name, key)
			}
		}
		if en.Doubt == "" {
			t.Errorf("%s: no doubt said for the page", c.name)
		}
	}
}

// TestAColumnNumberIsNoValue: a certified copy keeps its register's row of column numbers
// between the headings and the values; a value under its heading is read past the number's
// box, never the number.
func TestAColumnNumberIsNoValue(t *testing.T) {
	cols := [][2]string{
		{"No.", "213"}, {"Name and surname", "Winston Hazel"}, {"Age", "80 years"},
		{"Date of Death", "3 May 1979"}, {"Place of Death", "Tabernacle"}, {"Cause of Death", "Heart failure"},
	}
	p := &boxedPage{}
	p.text(500, 50, "CERTIFIED COPY OF AN ENTRY OF DEATH")
	for c, f := range cols { // two bands of three columns, each heading, number and value
		x, y := 100+(c%3)*600, 200+(c/3)*500
		p.box(x, y, x+600, y+100)
		p.text(x+10, y+20, f[0])
		p.box(x, y+100, x+600, y+160)
		p.text(x+280, y+115, "("+string(rune('1'+c))+")")
		p.box(x, y+160, x+600, y+360)
		p.text(x+10, y+200, f[1])
	}
	en := p.read(&Extractor{Forms: BuiltinForms()})
	t.Logf("layout %q design %q doubt %q", en.Layout, en.Design, en.Doubt)
	got := boxedFields(en)
	if f := got["age"]; f.Printed != "80 years" {
		t.Errorf("age %+v, want 80 years (not the column's number)", f)
	}
	if f := got["place_of_death"]; f.Printed != "Tabernacle" {
		t.Errorf("place %+v, want Tabernacle", f)
	}
	for k, f := range got {
		if !f.NeedsReview {
			t.Errorf("%s trusted on a layout no design describes", k)
		}
	}
}
