package extract

import (
	"strconv"
	"testing"

	"civreg"
)

// formBox is one box of a test form: its heading's lines and its value's lines.
type testBox struct {
	head, value []string
}

// formPage draws a certified copy set out as a form: its title, then rows of boxes from y
// 200 (one box a row is a wide one), each heading in its box's corner and the value under it;
// ruled says whether the boxes' rules are found.
func formPage(title, district string, rows [][]testBox, ruled bool) *boxedPage {
	p := &boxedPage{}
	p.text(300, 40, title)
	p.text(300, 100, district)
	y := 200
	for _, row := range rows {
		height := 0
		for _, b := range row {
			height = max(height, 60+40*(len(b.head)+len(b.value)))
		}
		w := 1800 / len(row)
		for i, b := range row {
			x := 100 + i*w
			if ruled {
				p.box(x, y, x+w-20, y+height)
			}
			for k, l := range b.head {
				p.text(x+20, y+20+40*k, l)
			}
			for k, l := range b.value {
				p.text(x+20, y+40+40*(len(b.head)+k), l)
			}
		}
		y += height + 20
	}
	p.text(100, y+100, "Certified to be a true copy of an entry in a register in my custody.")
	return p
}

func birthForm(ruled bool) *boxedPage {
	return formPage("CERTIFIED COPY OF AN ENTRY OF BIRTH", "Births in the Registration District of Saint Mary Cayon", [][]testBox{
		{{[]string{"1. No."}, []string{"B3-1987/0234"}}, {[]string{"4. Sex"}, []string{"Boy"}}},
		{{[]string{"2. When and where born"}, []string{"Fourteenth March 1987", "Sandy Point"}}},
		{{[]string{"3. Name, if any"}, []string{"Kendall Liburd"}}, {[]string{"5. Name and surname of father"}, []string{"Errol Liburd"}}},
		{{[]string{"6. Name, surname and maiden surname of mother"}, []string{"Joan Liburd formerly Francis"}}},
		{{[]string{"7. Signature, description and", "residence of informant"}, []string{"Joan Liburd, Mother, Cayon"}}},
		{{[]string{"8. When registered"}, []string{"Twentieth March 1987"}}, {[]string{"9. Signature of registrar"}, nil}},
	}, ruled)
}

var birthFormWant = map[string]string{
	"registration_number": "B3-1987/0234", "sex": "M", "date_of_birth": "1987-03-14", "place_of_birth": "Sandy Point",
	"child_name": "Kendall Liburd", "father_name": "Errol Liburd", "mother_name": "Joan Liburd formerly Francis",
	"informant_name": "Joan Liburd", "registration_date": "1987-03-20", "registration_district": "Saint Mary Cayon",
}

func checkForm(t *testing.T, en Entry, want map[string]string) {
	t.Helper()
	got := boxedFields(en)
	for k, v := range want {
		if got[k].Value != v {
			t.Errorf("%s = %q, want %q", k, got[k].Value, v)
		}
	}
	if en.Layout != LayoutRegister {
		t.Errorf("layout %q, want the register's", en.Layout)
	}
}

// TestACopySetOutAsAFormIsReadAsItsRegisterRow: a certified copy whose register columns are
// boxes, two abreast, is read by the register's rules (the combined cell parted into date and
// place, the informant's name cut from the relation), as one entry whose region and value
// boxes are where they stand on the page.
func TestACopySetOutAsAFormIsReadAsItsRegisterRow(t *testing.T) {
	p := birthForm(true)
	e := &Extractor{Forms: BuiltinForms()}
	entries := e.Read([]civreg.PageWords{{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}})
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	en := entries[0]
	checkForm(t, en, birthFormWant)
	if en.Region[0] < 90 || en.Region[2] > 1910 || en.Region[1] < 190 {
		t.Errorf("region %v, want the form's boxes", en.Region)
	}
	for _, f := range en.Fields {
		if f.Key == "child_name" && (len(f.Box) != 4 || f.Box[0] < 100 || f.Box[2] > 1000 || f.Box[1] < 200) {
			t.Errorf("child's name box %v, want inside its box on the page", f.Box)
		}
	}
	if trusted := countTrusted(en); trusted == 0 {
		t.Errorf("nothing trusted on a clean typed form: %+v", en.Fields)
	}
}

func countTrusted(en Entry) int {
	n := 0
	for _, f := range en.Fields {
		if !f.NeedsReview {
			n++
		}
	}
	return n
}

// TestAFormReadInPartTrustsNothing: a form whose values mostly fail their checks (a layout
// read wrongly puts one box's words under another's heading) trusts none of them, though one
// that passes would be trusted on its own.
func TestAFormReadInPartTrustsNothing(t *testing.T) {
	p := formPage("CERTIFIED COPY OF AN ENTRY OF BIRTH", "Births in the Registration District of Saint Mary Cayon", [][]testBox{
		{{[]string{"1. No."}, []string{"B3-1987/0234"}}, {[]string{"4. Sex"}, []string{"Sandy Point"}}},
		{{[]string{"2. When and where born"}, []string{"Kendall Liburd"}}},
		{{[]string{"3. Name, if any"}, []string{"Kendall Liburd"}}, {[]string{"5. Name and surname of father"}, []string{"14/03/1987"}}},
		{{[]string{"6. Name, surname and maiden surname of mother"}, []string{"Boy"}}},
		{{[]string{"7. Signature, description and", "residence of informant"}, []string{"20/03/1987"}}},
		{{[]string{"8. When registered"}, []string{"Joan Liburd"}}, {[]string{"9. Signature of registrar"}, nil}},
	}, true)
	e := &Extractor{Forms: BuiltinForms()}
	entries := e.Read([]civreg.PageWords{{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}})
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	if n := countTrusted(entries[0]); n > 0 || entries[0].Doubt == "" {
		t.Errorf("%d trusted, doubt %q: want nothing trusted, and why", n, entries[0].Doubt)
	}
	if got := boxedFields(entries[0])["child_name"].Value; got != "Kendall Liburd" {
		t.Errorf("child_name %q: what was read is still offered", got)
	}
}

// TestAFormOfLabelBoxesBesideValueBoxes: each heading ruled off in a box of its own, its
// value in the box beside it.
func TestAFormOfLabelBoxesBesideValueBoxes(t *testing.T) {
	p := &boxedPage{}
	p.text(300, 40, "CERTIFIED COPY OF AN ENTRY OF BIRTH")
	p.text(300, 100, "Births in the Registration District of Saint Mary Cayon")
	rows := [][2]testBox{
		{{[]string{"No."}, []string{"B3-1987/0234"}}, {[]string{"Sex"}, []string{"Boy"}}},
		{{[]string{"When and", "where born"}, []string{"Fourteenth March", "1987 Sandy Point"}}, {[]string{"Name, if any"}, []string{"Kendall Liburd"}}},
		{{[]string{"Name and", "surname of father"}, []string{"Errol Liburd"}}, {[]string{"Name, surname and", "maiden surname", "of mother"}, []string{"Joan Liburd", "formerly Francis"}}},
		{{[]string{"Signature,", "description and", "residence of informant"}, []string{"Joan Liburd,", "Mother, Cayon"}}, {[]string{"When registered"}, []string{"Twentieth", "March 1987"}}},
	}
	y := 200
	for _, row := range rows {
		for i, b := range row {
			x := 100 + i*920
			p.box(x, y, x+380, y+160)
			p.box(x+380, y, x+900, y+160)
			p.lines(x+10, y+10, b.head)
			p.lines(x+400, y+10, b.value)
		}
		y += 180
	}
	checkForm(t, readOne(t, p), birthFormWant)
}

// lines writes lines of text from (x, y), 40 pixels apart.
func (p *boxedPage) lines(x, y int, ls []string) {
	for k, l := range ls {
		p.text(x, y+40*k, l)
	}
}

// readOne reads the page, which must give one entry.
func readOne(t *testing.T, p *boxedPage) Entry {
	t.Helper()
	e := &Extractor{Forms: BuiltinForms()}
	entries := e.Read([]civreg.PageWords{{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}})
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	return entries[0]
}

// TestARegisterTableCutInBandsIsAForm: a copy prints the register's columns in two bands of
// boxes, each heading ruled off over its value's box: two rows of headings, read as one entry.
func TestARegisterTableCutInBandsIsAForm(t *testing.T) {
	p := &boxedPage{}
	p.text(300, 40, "CERTIFIED COPY OF AN ENTRY OF BIRTH")
	p.text(300, 100, "Births in the Registration District of Saint Mary Cayon")
	bands := [][]testBox{
		{{[]string{"No."}, []string{"B3-1987/0234"}}, {[]string{"When and", "where born"}, []string{"Fourteenth", "March 1987", "Sandy Point"}},
			{[]string{"Name, if any"}, []string{"Kendall", "Liburd"}}, {[]string{"Sex"}, []string{"Boy"}},
			{[]string{"Name and", "surname of", "father"}, []string{"Errol", "Liburd"}}},
		{{[]string{"Name, surname", "and maiden", "surname of", "mother"}, []string{"Joan Liburd", "formerly", "Francis"}},
			{[]string{"Signature,", "description and", "residence of", "informant"}, []string{"Joan Liburd,", "Mother, Cayon"}},
			{[]string{"When", "registered"}, []string{"Twentieth", "March 1987"}}, {[]string{"Signature of", "registrar"}, nil}},
	}
	y := 200
	for _, band := range bands {
		w := 1800 / len(band)
		for i, b := range band {
			x := 100 + i*w
			p.box(x, y, x+w, y+190)
			p.box(x, y+190, x+w, y+330)
			p.lines(x+10, y+10, b.head)
			p.lines(x+10, y+200, b.value)
		}
		y += 360
	}
	checkForm(t, readOne(t, p), birthFormWant)
}

// TestAFormWithoutRulesIsReadFromItsHeadings: where the boxes' rules are not found, each
// heading heads a box reaching to the next heading beside and under it.
func TestAFormWithoutRulesIsReadFromItsHeadings(t *testing.T) {
	p := birthForm(false)
	e := &Extractor{Forms: BuiltinForms()}
	if _, form := e.readForm(civreg.PageWords{Number: 1, Width: 2000, Height: 2000, Words: p.words}, false, nil); form {
		t.Fatal("a page with no rules read as a form of ruled boxes")
	}
	entries := e.Read([]civreg.PageWords{{Number: 1, Width: 2000, Height: 2000, Words: p.words}})
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	checkForm(t, entries[0], birthFormWant)
}

// TestCertificateBoxesAreNotAForm: a certificate's boxes hold certificate labels, not a
// register's columns: it is read as a certificate.
func TestCertificateBoxesAreNotAForm(t *testing.T) {
	p := deathBoxes()
	e := &Extractor{Forms: BuiltinForms()}
	page := civreg.PageWords{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}
	if _, form := e.readForm(page, false, nil); form {
		t.Error("certificate boxes read as a register form")
	}
	if en := p.read(e); en.Layout != LayoutCertificate {
		t.Errorf("layout %q, want a certificate's", en.Layout)
	}
}

// TestARegisterHeadingRowIsNotAForm: a register's headings in boxes side by side, wrapped to
// different depths, are one row of headings, not a form.
func TestARegisterHeadingRowIsNotAForm(t *testing.T) {
	p := &boxedPage{}
	heads := [][]string{{"No."}, {"When and", "where born"}, {"Name, if any"}, {"Sex"}, {"Name and", "surname", "of father"}, {"When", "registered"}}
	for i, hl := range heads {
		x := 100 + i*300
		p.box(x, 200, x+290, 360)
		for k, l := range hl {
			p.text(x+10, 210+40*k, l)
		}
		p.box(x, 360, x+290, 500)
		p.text(x+10, 380, "Value")
	}
	if cells := formCells(civreg.PageWords{Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}, BuiltinForms(), false); cells != nil {
		t.Errorf("a register's heading row taken for a form: %d boxes", len(cells))
	}
}

// TestAMarriageRegisterPageIsNotAForm: a marriage register page heads each entry with its
// own row of headings and numbers: many headings side by side under one rule, not a form.
func TestAMarriageRegisterPageIsNotAForm(t *testing.T) {
	p := &boxedPage{}
	heads := [][]string{{"No."}, {"When", "married"}, {"Name and", "surname"}, {"Age"}, {"Condition"}, {"Rank or", "profession"},
		{"Residence"}, {"Father's", "name"}}
	numbers := []string{"l", "2", "3", "tA", "S", "b", "T", "8"} // the column numbers, as OCR misreads them
	for entry := range 3 {
		top := 150 + entry*600
		p.box(100, top-80, 1940, top)
		p.text(110, top-60, "Marriage solemnised at St. George's Church")
		for i, hd := range heads {
			x := 100 + i*230
			p.box(x, top, x+225, top+160)
			for k, l := range hd {
				p.text(x+10, top+10+35*k, l)
			}
			p.text(x+10, top+115, numbers[i])
			p.box(x, top+160, x+225, top+400)
			p.text(x+10, top+180, "Value")
		}
	}
	if cells := formCells(civreg.PageWords{Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}, BuiltinForms(), false); cells != nil {
		t.Errorf("a marriage register page taken for a form: %d boxes", len(cells))
	}
}

// TestARegisterOfEntriesUnderTheirOwnHeadingsIsNotAForm: a register page printing each entry
// under its own row of heading boxes repeats its headings: it is read as a register, entry
// by entry, never as one form.
func TestARegisterOfEntriesUnderTheirOwnHeadingsIsNotAForm(t *testing.T) {
	p := &boxedPage{}
	p.text(300, 40, "Deaths in the Registration District of Saint Mary Cayon")
	heads := [][]string{{"No."}, {"When and", "where died"}, {"Name and", "surname"}, {"Sex"}, {"Age"}, {"Cause of", "death"}}
	vals := [][]string{
		{"D3-1987/0234", "4 March 1987", "Ken Liburd", "Male", "62", "Pneumonia"},
		{"D3-1987/0235", "Molineux", "Mary Hodge", "Female", "80", "Old age"},
		{"D3-1987/0236", "12 March 1987", "Jon Browne", "Male", "45", "Heart failure"},
	}
	for entry := range 3 {
		top := 150 + entry*550
		for i, hd := range heads {
			x := 100 + i*300
			p.box(x, top, x+290, top+120)
			p.lines(x+10, top+10, hd)
			p.box(x, top+120, x+290, top+400)
			p.text(x+10, top+140, vals[entry][i])
		}
	}
	e := &Extractor{Forms: BuiltinForms()}
	if _, form := e.readForm(civreg.PageWords{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}, false, nil); form {
		t.Error("a register page read as one form")
	}
}

func marriageForm() *boxedPage { return marriageFormWithout(-1) }

// marriageFormWithout draws the marriage form with the bride's box of row skip left out (-1:
// none), as OCR losing it would.
func marriageFormWithout(skip int) *boxedPage {
	p := formPage("CERTIFIED COPY OF AN ENTRY OF MARRIAGE", "Marriages in the Registration District of Saint Mary Cayon", [][]testBox{
		{{[]string{"1. No."}, []string{"M5-1962/0412"}}, {[]string{"2. When married"}, []string{"Ninth June 1962"}}},
		{{[]string{"3. Where married"}, []string{"Wesley Methodist Church, Basseterre"}}},
	}, true)
	p.text(400, 700, "BRIDEGROOM")
	p.text(1300, 700, "BRIDE")
	sides := [][2]testBox{
		{{[]string{"4. Name and surname"}, []string{"Marvin Clement Yearwood"}}, {[]string{"4. Name and surname"}, []string{"Veronica Gumbs"}}},
		{{[]string{"5. Age"}, []string{"29"}}, {[]string{"5. Age"}, []string{"24"}}},
		{{[]string{"6. Condition"}, []string{"Bachelor"}}, {[]string{"6. Condition"}, []string{"Spinster"}}},
	}
	for r, row := range sides {
		for i, b := range row {
			if i == 1 && r == skip {
				continue
			}
			x, y := 100+i*900, 760+r*160
			p.box(x, y, x+880, y+150)
			p.text(x+20, y+20, b.head[0])
			p.text(x+20, y+80, b.value[0])
		}
	}
	p.box(100, 1260, 1880, 1410)
	p.text(120, 1280, "7. Solemnised by")
	p.text(120, 1340, "Rev. Canon Leroy Hodge")
	return p
}

// TestAMarriageFormPairsItsTwoSides: the bridegroom's boxes under "BRIDEGROOM" and the
// bride's under "BRIDE" are the register's two rows, the place and the officiant its lines
// over and under them.
func TestAMarriageFormPairsItsTwoSides(t *testing.T) {
	p := marriageForm()
	e := &Extractor{Forms: BuiltinForms()}
	entries := e.Read([]civreg.PageWords{{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}})
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	checkForm(t, entries[0], map[string]string{
		"registration_number": "M5-1962/0412", "date_of_marriage": "1962-06-09", "groom_name": "Marvin Clement Yearwood",
		"bride_name": "Veronica Gumbs", "groom_age": "29", "bride_age": "24",
		"place_of_marriage": "Wesley Methodist Church, Basseterre", "officiant_name": "Rev. Canon Leroy Hodge",
	})
}

// TestAMarriageFormsSidesFollowTheirLabels: with "BRIDE" printed over the left column and
// "BRIDEGROOM" over the right, the left boxes are the bride's.
func TestAMarriageFormsSidesFollowTheirLabels(t *testing.T) {
	p := marriageForm()
	for i, w := range p.words {
		switch w.Text {
		case "BRIDEGROOM":
			p.words[i].Text = "BRIDE"
		case "BRIDE":
			p.words[i].Text = "BRIDEGROOM"
		}
	}
	en := readOne(t, p)
	got := boxedFields(en)
	if got["bride_name"].Value != "Marvin Clement Yearwood" || got["groom_name"].Value != "Veronica Gumbs" || got["groom_age"].Value != "24" {
		t.Errorf("bride %q groom %q (%q): the sides are not their labels'", got["bride_name"].Value, got["groom_name"].Value, got["groom_age"].Value)
	}
}

// TestAMarriageFormWithALostBoxTrustsNothing: with a box of one side not read, the sides
// cannot be paired with certainty (the lost box's value might be taken for the other side's):
// the entry is read, in doubt, nothing of it trusted.
func TestAMarriageFormWithALostBoxTrustsNothing(t *testing.T) {
	p := marriageFormWithout(1)
	e := &Extractor{Forms: BuiltinForms()}
	entries := e.Read([]civreg.PageWords{{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}})
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	if entries[0].Doubt != unpaired || countTrusted(entries[0]) > 0 {
		t.Errorf("doubt %q, %d trusted; want the sides' doubt and nothing trusted", entries[0].Doubt, countTrusted(entries[0]))
	}
	if got := boxedFields(entries[0])["groom_name"].Value; got != "Marvin Clement Yearwood" {
		t.Errorf("groom_name %q: the rest is still read", got)
	}
}

// recordingRereader reads every region as the value the test expects there, and keeps the
// regions it was asked for.
type recordingRereader struct {
	asked []Region
	text  func(Region) string
}

func (r *recordingRereader) Reread(g Region) (string, float64, error) {
	r.asked = append(r.asked, g)
	return r.text(g), 0.97, nil
}

// TestAFormsSecondReadingReadsThePage: a value of a form is read a second time where it
// stands on the page, not where the unfolded row put it.
func TestAFormsSecondReadingReadsThePage(t *testing.T) {
	p := birthForm(true)
	page := civreg.PageWords{Number: 1, Width: 2000, Height: 2000, Words: p.words, Rules: p.rules}
	rr := &recordingRereader{}
	rr.text = func(g Region) string {
		var ws []civreg.Word
		for _, w := range p.words {
			if w.Box[0] >= g.Box[0] && w.Box[2] <= g.Box[2] && w.Box[1] >= g.Box[1] && w.Box[3] <= g.Box[3] {
				ws = append(ws, w)
			}
		}
		return lineText(ws)
	}
	e := &Extractor{Forms: BuiltinForms()}
	entries := e.ReadChecked([]civreg.PageWords{page}, nil, rr)
	if len(rr.asked) == 0 {
		t.Fatal("no value was read a second time")
	}
	for _, g := range rr.asked {
		if g.Box[3] <= 200 {
			continue // the district, in the page's header
		}
		if g.Box[0] < 100 || g.Box[2] > 1900 {
			t.Errorf("second reading of %v: outside the form on the page", g.Box)
		}
	}
	checkForm(t, entries[0], birthFormWant)
	if countTrusted(entries[0]) == 0 {
		t.Error("nothing trusted though both readings agree")
	}
}

// TestACopyReadInPartTrustsNothing: a certified copy's one register row whose values mostly
// fail their checks (a layout read wrongly) trusts none of them, the one that passes included.
func TestACopyReadInPartTrustsNothing(t *testing.T) {
	p := &boxedPage{}
	p.text(300, 40, "CERTIFIED COPY OF AN ENTRY OF BIRTH")
	p.text(300, 100, "Births in the Registration District of Saint Mary Cayon")
	heads := [][]string{{"No."}, {"When and", "where born"}, {"Name, if", "any"}, {"Sex"}, {"Name and", "surname of", "father"},
		{"Name, surname", "and maiden", "surname of", "mother"}, {"Signature,", "description", "of informant"}, {"When", "registered"}}
	values := []string{"B3-1987/0234", "Kendall", "Liburd", "14/03/1987", "Boy", "20/03/1987", "Cayon", "Joan"}
	for i, hd := range heads {
		x := 60 + i*235
		p.box(x, 200, x+235, 380)
		p.lines(x+8, 210, hd)
		p.box(x, 380, x+235, 440)
		p.text(x+90, 390, strconv.Itoa(i+1))
		p.box(x, 440, x+235, 560)
		p.text(x+8, 460, values[i])
	}
	en := readOne(t, p)
	if n := countTrusted(en); n > 0 {
		t.Errorf("%d trusted (doubt %q): want nothing trusted", n, en.Doubt)
	}
}
