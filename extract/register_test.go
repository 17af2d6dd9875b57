package extract

import (
	"image"
	"image/color"
	"image/draw"
	"slices"
	"strconv"
	"strings"
	"testing"

	"civreg"
)

// sheet lays out a register page as OCR returns it: words with boxes, a character 12 pixels
// wide and a line 24 high.
type sheet struct {
	words []civreg.Word
	y     int
	conf  float64
}

func (s *sheet) text(x, y int, text string, conf float64) {
	for _, tok := range strings.Fields(text) {
		w := 12 * len([]rune(tok))
		s.words = append(s.words, civreg.Word{Text: tok, Conf: conf, Box: [4]int{x, y, x + w, y + 24}})
		x += w + 10
	}
}

// line prints text across the page at the next line.
func (s *sheet) line(text string) {
	s.text(100, s.y, text, 0.96)
	s.y += 50
}

// table prints headings (each column's lines), the row of column numbers, and rows of
// cells (each cell's lines); widths are the columns' in pixels.
func (s *sheet) table(widths []int, headings [][]string, numbered bool, rows [][][]string) [][2]int {
	x0 := 100
	maxLines := 0
	for _, h := range headings {
		maxLines = max(maxLines, len(h))
	}
	x := x0
	for i, h := range headings {
		for j, l := range h {
			s.text(x+8, s.y+30*j, l, 0.93)
		}
		x += widths[i]
	}
	s.y += 30*maxLines + 20
	if numbered {
		x = x0
		for i := range headings {
			s.text(x+widths[i]/2-6, s.y, itoa(i+1), 0.9)
			x += widths[i]
		}
		s.y += 50
	}
	var bands [][2]int
	for _, row := range rows {
		top := s.y
		n := 0
		x = x0
		for i, c := range row {
			for j, l := range c {
				s.text(x+8, s.y+30*j, l, s.conf)
			}
			n = max(n, len(c))
			x += widths[i]
		}
		s.y += 30*n + 40
		bands = append(bands, [2]int{top, s.y})
	}
	return bands
}

func itoa(n int) string { return strconv.Itoa(n) }

func (s *sheet) page() []civreg.PageWords {
	return []civreg.PageWords{{Number: 1, Width: 3400, Height: s.y + 200, Words: s.words}}
}

func fieldsOf(en Entry) map[string]civreg.Field {
	m := map[string]civreg.Field{}
	for _, f := range en.Fields {
		m[f.Key] = f
	}
	return m
}

var birthHeadings = [][]string{{"No."}, {"When and", "where born"}, {"Name, if any"}, {"Sex"}, {"Name and surname", "of father"},
	{"Name, surname and", "maiden surname", "of mother"}, {"Signature, description", "and residence of", "informant"},
	{"When", "registered"}, {"Signature of", "registrar"}}

var birthWidths = []int{260, 400, 380, 110, 380, 420, 420, 380, 300}

func birthRow(no, born, place1, place2, child, sex, father, mother, informant, rel, res, registered string) [][]string {
	return [][]string{{no}, {born, place1, place2}, {child}, {sex}, {father}, {mother}, {informant + ",", rel + ",", res}, {registered}, {"A. Registrar"}}
}

// The Cayon register's families, for pages that differ only in entry numbers, dates and how
// their rows are ruled or read.
func liburdRow(no, born, month, registered string) [][]string {
	return birthRow(no, born, month, "Cayon", "Amelia Liburd", "Girl", "Kendall Liburd", "Joan Liburd", "Joan Liburd",
		"Mother", "Cayon", registered)
}

func hodgeRow(no, born, month, registered string) [][]string {
	return birthRow(no, born, month, "Cayon", "Errol Hodge", "Boy", "Leroy Hodge", "Marcia Hodge", "Leroy Hodge",
		"Father", "Cayon", registered)
}

func browneRow(no string) [][]string {
	return birthRow(no, "Third", "December 1988", "Molineux", "Shanice Browne", "Girl", "Errol Browne",
		"Ivy Browne", "Ivy Browne", "Mother", "Molineux", "Tenth December 1988")
}

// cayonBirths is a register page of Saint Mary Cayon's births read at conf, with the entries'
// bands.
func cayonBirths(conf float64, rows ...[][]string) (*sheet, [][2]int) {
	s := &sheet{y: 100, conf: conf}
	s.line("Births in the Registration District of Saint Mary Cayon")
	return s, s.table(birthWidths, birthHeadings, true, rows)
}

func TestReadSplitsABirthRegisterPageIntoItsEntries(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("Births in the Registration District of Saint Mary Cayon Book 3 Page 112")
	s.y += 30
	bands := s.table(birthWidths, birthHeadings, true, [][][]string{
		birthRow("B5-1988/0112", "Twenty-first", "November 1988", "Cayon Village", "Amelia Grace Liburd", "Girl", "Kendall Liburd",
			"Joan Liburd formerly Jeffers", "Joan Liburd", "Mother", "Cayon", "Fifth December 1988"),
		birthRow("B5-1988/0113", "14th March 1988", "Alexandra", "Hospital", "Errol Hodge", "Boy", "Leroy Hodge", "Marcia Hodge",
			"Leroy Hodge", "Father", "Molineux", "Twenty-second December 1988"),
		birthRow("B5-1988/0114", "Fourteenth", "December 1988", "Dieppe Bay Town", "Shanice Browne", "Girl", "Errol Browne", "Ivy Browne",
			"Ivy Browne", "Mother", "Dieppe Bay", "Thirtieth December 1988"),
	})
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3: %+v", len(entries), entries)
	}
	want := []map[string]string{
		{"registration_number": "B5-1988/0112", "date_of_birth": "1988-11-21", "place_of_birth": "Cayon Village", "child_name": "Amelia Grace Liburd",
			"sex": "F", "father_name": "Kendall Liburd", "mother_name": "Joan Liburd formerly Jeffers", "informant_name": "Joan Liburd",
			"registration_date": "1988-12-05", "registration_district": "Saint Mary Cayon"},
		{"registration_number": "B5-1988/0113", "date_of_birth": "1988-03-14", "place_of_birth": "Alexandra Hospital", "sex": "M",
			"informant_name": "Leroy Hodge", "registration_date": "1988-12-22", "registration_district": "Saint Mary Cayon"},
		{"date_of_birth": "1988-12-14", "place_of_birth": "Dieppe Bay Town", "child_name": "Shanice Browne", "informant_name": "Ivy Browne",
			"registration_date": "1988-12-30"},
	}
	for i, en := range entries {
		if en.RecordType != civreg.Birth || en.Layout != LayoutRegister || en.Entry != i+1 || en.Handwritten || en.Doubt != "" {
			t.Errorf("entry %d: %s %s entry %d hand %v doubt %q", i+1, en.RecordType, en.Layout, en.Entry, en.Handwritten, en.Doubt)
		}
		if en.Region[1] > bands[i][0] || en.Region[3] < bands[i][1]-40 || (i > 0 && en.Region[1] < entries[i-1].Region[3]) {
			t.Errorf("entry %d region %v, its row is %v", i+1, en.Region, bands[i])
		}
		got := fieldsOf(en)
		for k, v := range want[i] {
			if got[k].Value != v || got[k].NeedsReview {
				t.Errorf("entry %d %s = %q (review %v, printed %q), want %q trusted", i+1, k, got[k].Value, got[k].NeedsReview, got[k].Printed, v)
			}
		}
	}
}

var deathHeadings = [][]string{{"No."}, {"When and", "where died"}, {"Name and", "surname"}, {"Sex"}, {"Age"}, {"Occupation"},
	{"Cause of", "death"}, {"Signature, description", "and residence of", "informant"}, {"When", "registered"}, {"Signature of", "registrar"}}

var deathWidths = []int{260, 400, 380, 110, 160, 260, 380, 420, 300, 300}

// deathRows are two entries of a death register, in the columns of deathHeadings.
var deathRows = [][][]string{
	{{"D9-1990/0042"}, {"Third June 1990", "Alexandra Hospital"}, {"Una Walwyn"}, {"Female"}, {"3 months"}, {"-"}, {"Pneumonia"},
		{"Olive Walwyn,", "Mother,", "Charlestown"}, {"Fifth June 1990"}, {"B. Clerk"}},
	{{"D9-1990/0043"}, {"4th June 1990", "Cotton Ground"}, {"Basil Tross"}, {"Male"}, {"74 years"}, {"Fisherman"}, {"Cardiac arrest"},
		{"Egbert Tross", "Present at the death", "Cotton Ground"}, {"Sixth June 1990"}, {"B. Clerk"}},
}

func TestReadDeathRegisterAgesAndAPageUnderACertificateTitle(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("DEATH CERTIFICATE") // a register under a certificate's title is still a register
	s.line("Deaths in the Registration District of St. Paul Charlestown")
	s.table(deathWidths, deathHeadings, true, deathRows)
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	want := []map[string]string{
		{"registration_number": "D9-1990/0042", "date_of_death": "1990-06-03", "place_of_death": "Alexandra Hospital", "deceased_name": "Una Walwyn",
			"sex": "F", "age": "0", "cause_of_death": "Pneumonia", "informant_name": "Olive Walwyn", "registration_date": "1990-06-05",
			"registration_district": "Saint Paul Charlestown"},
		{"age": "74", "informant_name": "Egbert Tross", "place_of_death": "Cotton Ground", "cause_of_death": "Cardiac arrest", "deceased_name": "Basil Tross"},
	}
	for i, en := range entries {
		if en.RecordType != civreg.Death {
			t.Errorf("entry %d read as %s", i+1, en.RecordType)
		}
		got := fieldsOf(en)
		for k, v := range want[i] {
			if got[k].Value != v {
				t.Errorf("entry %d %s = %q (printed %q), want %q", i+1, k, got[k].Value, got[k].Printed, v)
			}
		}
		if _, ok := got["registrar"]; ok {
			t.Error("the registrar's column was read as a field")
		}
	}
}

var marriageHeadings = [][]string{{"No."}, {"When", "married"}, {"Name and", "surname"}, {"Age"}, {"Condition"}, {"Rank or", "profession"},
	{"Residence at the", "time of marriage"}, {"Father's name", "and surname"}}

var marriageWidths = []int{240, 380, 420, 160, 260, 300, 420, 420}

// twoMarriages is a marriage register page of two entries; the second opens with the line
// opening and under the headings given (none: headings not read).
func twoMarriages(opening string, headings [][]string) *sheet {
	s := &sheet{y: 100, conf: 0.95}
	s.line("Marriages in the Registration District of Saint George Basseterre")
	s.line("Marriage solemnised at St. George's Anglican Church, Basseterre")
	s.table(marriageWidths, marriageHeadings, true, [][][]string{
		{{"M1-1975/0007"}, {"Twelfth April 1975"}, {"Winston Claxton"}, {"28 years"}, {"Bachelor"}, {"Mason"}, {"Basseterre"}, {"Rupert Claxton"}},
		{{}, {}, {"Gloria Maynard"}, {"24 years"}, {"Spinster"}, {"Nurse"}, {"Basseterre"}, {"Ivor Maynard"}},
	})
	s.line("by me, Rev. Canon Leroy Hodge")
	s.y += 40
	s.line(opening)
	s.table(marriageWidths, headings, headings != nil, [][][]string{
		{{"M1-1975/0008"}, {"19th April 1975"}, {"Denzil Amory"}, {"31"}, {"Bachelor"}, {"Clerk"}, {"Irish Town"}, {"Basil Amory"}},
		{{}, {}, {"Thelma Gumbs"}, {"29"}, {"Spinster"}, {"Teacher"}, {"Irish Town"}, {"Horace Gumbs"}},
	})
	s.line("by me, Pastor Errol Liburd")
	return s
}

func TestReadMarriageEntriesAreTwoRowsBetweenTheirLines(t *testing.T) {
	s := twoMarriages("Marriage solemnised at Wesley Methodist Church, Basseterre", marriageHeadings)
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2: %+v", len(entries), entries)
	}
	want := []map[string]string{
		{"registration_number": "M1-1975/0007", "date_of_marriage": "1975-04-12", "groom_name": "Winston Claxton", "groom_age": "28",
			"bride_name": "Gloria Maynard", "bride_age": "24", "place_of_marriage": "St. George's Anglican Church, Basseterre",
			"officiant_name": "Rev. Canon Leroy Hodge", "registration_district": "Saint George Basseterre"},
		{"registration_number": "M1-1975/0008", "date_of_marriage": "1975-04-19", "groom_name": "Denzil Amory", "bride_name": "Thelma Gumbs",
			"groom_age": "31", "bride_age": "29", "officiant_name": "Pastor Errol Liburd", "place_of_marriage": "Wesley Methodist Church, Basseterre"},
	}
	for i, en := range entries {
		if en.RecordType != civreg.Marriage || en.Doubt != "" {
			t.Errorf("entry %d: %s, doubt %q", i+1, en.RecordType, en.Doubt)
		}
		got := fieldsOf(en)
		for k, v := range want[i] {
			if got[k].Value != v {
				t.Errorf("entry %d %s = %q (printed %q), want %q", i+1, k, got[k].Value, got[k].Printed, v)
			}
		}
	}
}

func TestReadCertifiedCopyIsOneEntryAndUnknownPagesTrustNothing(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("CERTIFIED COPY OF AN ENTRY OF BIRTH")
	s.line("Registration District Saint John Figtree")
	s.table(birthWidths, birthHeadings, true, [][][]string{
		birthRow("B12-2001/0321", "First May 2001", "Brown Hill", "Nevis", "Keisha Nisbett", "Girl", "Nigel Nisbett", "Faith Nisbett",
			"Faith Nisbett", "Mother", "Brown Hill", "Third May 2001"),
	})
	s.line("Certified to be a true copy of an entry in a register in my custody")
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 1 || entries[0].RecordType != civreg.Birth {
		t.Fatalf("%d entries: %+v", len(entries), entries)
	}
	if got := fieldsOf(entries[0]); got["child_name"].Value != "Keisha Nisbett" || got["registration_district"].Value != "Saint John Figtree" {
		t.Errorf("certified copy read as %+v", got)
	}

	// Two records written as labels and values on one page: a certificate prints each label once.
	two := &sheet{y: 100, conf: 0.97}
	for _, l := range []string{"DEATH CERTIFICATE", "Name of Deceased: Althea Richards", "Date of Death: 4 November 1988",
		"Cause of Death: Diabetes mellitus", "Name of Deceased: Basil Tross", "Date of Death: 9 November 1988", "Cause of Death: Old age"} {
		two.line(l)
	}
	allForReview(t, "a page of two label-and-value records", (&Extractor{Forms: BuiltinForms()}).Read(two.page()))

	odd := &sheet{y: 100, conf: 0.97}
	odd.line("Parish Vestry Minutes 1921")
	odd.line("Resolved that the road to Cayon be mended")
	odd.line("Moved by Mr. Liburd seconded by Mr. Hodge")
	allForReview(t, "a page of no known layout", (&Extractor{Forms: BuiltinForms()}).Read(odd.page()))
}

// allForReview fails t for each value of entries trusted, though why says none may be.
func allForReview(t *testing.T, why string, entries []Entry) {
	t.Helper()
	for _, en := range entries {
		for _, f := range en.Fields {
			if !f.NeedsReview {
				t.Errorf("%s: entry %d's %s = %q trusted (confidence %.2f)", why, en.Entry, f.Key, f.Value, f.Confidence)
			}
		}
	}
}

// handwrittenBirths is a register page of two birth entries in block capitals by hand: the
// entries' words read at confs in turn, letters of varying height and width (no typewriter's
// fixed pitch).
func handwrittenBirths(confs []float64) *sheet {
	s, bands := cayonBirths(0.95,
		birthRow("511", "Twenty-first", "November 1988", "Cayon", "AMELIA LIBURD", "GIRL", "KENDALL LIBURD",
			"JOAN LIBURD", "JOAN LIBURD", "MOTHER", "CAYON", "Fifth December 1988"),
		birthRow("512", "Second", "December 1988", "Cayon", "ERROL HODGE", "BOY", "LEROY HODGE",
			"MARCIA HODGE", "LEROY HODGE", "FATHER", "CAYON", "Ninth December 1988"),
	)
	for i := range s.words {
		if s.words[i].Box[1] >= bands[0][0] { // the entry's words
			s.words[i].Conf = confs[i%len(confs)]
			s.words[i].Box[3] += []int{0, 14, -6, 9, 20}[i%5]
			s.words[i].Box[2] += []int{-12, 16, 4, -15, 10, 22}[i%6]
		}
	}
	return s
}

// TestHandwrittenEntriesAreNeverTrusted: block capitals by hand, read unevenly, letters of
// varying height: the entry is marked handwritten and every value goes to a person.
func TestHandwrittenEntriesAreNeverTrusted(t *testing.T) {
	s := handwrittenBirths([]float64{0.91, 0.42, 0.77, 0.55, 0.88})
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 || !entries[0].Handwritten || !entries[1].Handwritten {
		t.Fatalf("entries %+v: want two, handwritten", entries)
	}
	allForReview(t, "handwritten", entries)
}

// unnumberedBirths is a birth register page of two entries in a table without its column of
// entry numbers.
func unnumberedBirths() *sheet {
	s := &sheet{y: 100, conf: 0.96}
	var headings [][]string
	var row [][]string
	for i, h := range birthHeadings[1:] {
		headings = append(headings, h)
		row = append(row, liburdRow("", "First", "May 1988", "Fifth May 1988")[i+1])
	}
	s.table(birthWidths[1:], headings, true, [][][]string{row, row})
	return s
}

// TestDoubtfulNumbersAndLimitsAreNotTrusted: a registration number OCR lost its slash from is
// put back in shape but sent to a person; an entry number no neighbour confirms is too; a
// table without a column of numbers has entries whose limits are guessed, so nothing is trusted.
func TestDoubtfulNumbersAndLimitsAreNotTrusted(t *testing.T) {
	s, _ := cayonBirths(0.96,
		liburdRow("B5-19880112", "First", "May 1988", "Fifth May 1988"),
		hodgeRow("740", "Second", "May 1988", "Ninth May 1988"),
	)
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 {
		t.Fatalf("%d entries", len(entries))
	}
	for i, want := range []string{"B5-1988/0112", "740"} {
		f := fieldsOf(entries[i])["registration_number"]
		if f.Value != want || !f.NeedsReview {
			t.Errorf("entry %d number %+v: want %s, for review", i+1, f, want)
		}
		if c := fieldsOf(entries[i])["child_name"]; c.NeedsReview {
			t.Errorf("entry %d: the child's name %+v should stand on its own evidence", i+1, c)
		}
	}

	unnumbered := (&Extractor{Forms: BuiltinForms()}).Read(unnumberedBirths().page())
	for _, en := range unnumbered {
		if en.Doubt == "" {
			t.Errorf("entry %d of a table without entry numbers has no doubt", en.Entry)
		}
	}
	allForReview(t, "the entry's limits guessed", unnumbered)
}

// TestInkBesideAValueSendsItToReview: a letter OCR did not read (here a bar of ink where the
// last letter of the informant's name stands, under a stamp) makes the value doubtful; the
// same page without it is trusted.
func TestInkBesideAValueSendsItToReview(t *testing.T) {
	s, _ := cayonBirths(0.96,
		birthRow("511", "First", "May 1988", "Cayon", "Amelia Liburd", "Girl", "Kendall Liburd", "Joan Liburd", "Errol Ruper",
			"Father", "Cayon", "Fifth May 1988"),
		hodgeRow("512", "Second", "May 1988", "Ninth May 1988"),
	)
	pages := s.page()
	img := image.NewGray(image.Rect(0, 0, pages[0].Width, pages[0].Height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	informant := func(entries []Entry) civreg.Field { return fieldsOf(entries[0])["informant_name"] }
	e := &Extractor{Forms: BuiltinForms()}
	if f := informant(e.ReadInked(pages, []*image.Gray{img})); f.Value != "Errol Ruper" || f.NeedsReview {
		t.Fatalf("on a clean page the informant is %+v, want trusted", f)
	}
	var last civreg.Word
	for _, w := range pages[0].Words {
		if w.Text == "Ruper," {
			last = w
		}
	}
	draw.Draw(img, image.Rect(last.Box[2]+6, last.Box[1], last.Box[2]+16, last.Box[3]), image.Black, image.Point{}, draw.Src)
	if f := informant(e.ReadInked(pages, []*image.Gray{img})); !f.NeedsReview {
		t.Errorf("ink OCR did not read stands after %q, yet it is trusted: %+v", last.Text, f)
	}
}

func TestAssignTellsTheBridesColumnsFromTheBridegrooms(t *testing.T) {
	var d *Design
	for i, x := range BuiltinForms().Designs {
		if x.RecordType == civreg.Marriage && x.Layout == LayoutRegister {
			d = &BuiltinForms().Designs[i]
		}
	}
	cols := []column{{heading: "Husband"}, {heading: "Age"}, {heading: "Name of Bride"}, {heading: "Age of Bride"}}
	want := []string{"groom_name", "groom_age", "bride_name", "bride_age"}
	got, _ := assign(d, cols)
	for i, c := range got {
		if len(c.keys) != 1 || c.keys[0] != want[i] {
			t.Errorf("column %q holds %v, want [%s]", c.heading, c.keys, want[i])
		}
	}
}

func TestMayContinueDistrustsAValueThatMayGoOn(t *testing.T) {
	const h = 30
	col := column{x0: 100, x1: 700}
	word := func(x0, x1, y int) civreg.Word {
		return civreg.Word{Text: "Delia", Box: [4]int{x0, y, x1, y + h}, Conf: 0.96}
	}
	blank := image.NewGray(image.Rect(0, 0, 800, 400))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	inked := image.NewGray(blank.Rect)
	copy(inked.Pix, blank.Pix)
	for y := 150; y < 175; y += 2 { // a word under the value that OCR did not read
		for x := 120; x < 260; x += 3 {
			inked.SetGray(x, y, color.Gray{0})
		}
	}
	ruled := image.NewGray(blank.Rect)
	copy(ruled.Pix, blank.Pix)
	for y := 150; y < 153; y++ { // the row's rule under it: no letters
		for x := 0; x < 800; x++ {
			ruled.SetGray(x, y, color.Gray{0})
		}
	}
	for _, c := range []struct {
		name string
		key  string
		ws   []civreg.Word
		img  *image.Gray
		want bool
	}{
		{"short of the edge, nothing under", "child_name", []civreg.Word{word(110, 250, 100), word(270, 450, 100)}, blank, false},
		{"runs to the edge", "child_name", []civreg.Word{word(110, 400, 100), word(420, 680, 100)}, blank, true},
		{"ink under it", "child_name", []civreg.Word{word(110, 250, 100), word(270, 450, 100)}, inked, true},
		{"a rule under it", "child_name", []civreg.Word{word(110, 250, 100), word(270, 450, 100)}, ruled, false},
		{"a date runs to the edge", "date_of_birth", []civreg.Word{word(110, 400, 100), word(420, 680, 100)}, blank, false},
	} {
		if got := mayContinue(c.key, c.ws, col, 300, h, c.img); got != c.want {
			t.Errorf("%s: mayContinue = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestARuleReadIntoAWordLeavesItsBox(t *testing.T) {
	for _, c := range []struct {
		text   string
		x0, x1 int
	}{
		{"|When", 110, 150},
		{"When|", 100, 140},
		{"When", 100, 150},
	} {
		ls := buildLines(civreg.PageWords{Words: []civreg.Word{{Text: c.text, Conf: 0.9, Box: [4]int{100, 10, 150, 30}}}})
		if len(ls) != 1 || ls[0].words[0].Text != "When" || ls[0].words[0].Box[0] != c.x0 || ls[0].words[0].Box[2] != c.x1 {
			t.Errorf("%q: read as %+v, want When from x %d to %d", c.text, ls[0].words, c.x0, c.x1)
		}
	}
}

func TestARuleBetweenTwoHeadingsPartsTheirColumns(t *testing.T) {
	w := func(text string, x0, x1 int) civreg.Word {
		return civreg.Word{Text: text, Conf: 0.95, Box: [4]int{x0, 282, x1, 300}}
	}
	head := []civreg.Word{w("Age", 1938, 1976), w("of", 1983, 2002), w("Bride", 2008, 2058),
		w("Marriage", 2080, 2165), w("Officer", 2172, 2236)}
	for _, c := range []struct {
		name string
		rule bool
		cols int
	}{{"a rule read between them", true, 2}, {"no rule", false, 1}} {
		words := append([]civreg.Word(nil), head...)
		if c.rule {
			words = append(words, civreg.Word{Text: "|", Conf: 0.3, Box: [4]int{2065, 279, 2075, 309}})
		}
		ls := buildLines(civreg.PageWords{Words: words})
		if len(ls) != 1 {
			t.Fatalf("%s: %d lines", c.name, len(ls))
		}
		if cols := columnsOf(ls[0].words, ls[0].rules, nil, nil, 22); len(cols) != c.cols {
			t.Errorf("%s: %d columns %+v, want %d", c.name, len(cols), cols, c.cols)
		}
	}
}

func TestHandPageDistrustsTheEntriesOfAPageMostlyByHand(t *testing.T) {
	for _, c := range []struct {
		name string
		hand []bool
		want bool // the typed-looking entry ends up handwritten
	}{
		{"two of three by hand", []bool{true, false, true}, true},
		{"one of two by hand", []bool{true, false}, true},
		{"one of three by hand", []bool{true, false, false}, false},
	} {
		var entries []Entry
		for _, h := range c.hand {
			entries = append(entries, Entry{Handwritten: h, Fields: []civreg.Field{{Key: "child_name", Value: "Delia Harris"}}})
		}
		handPage(entries)
		if got := entries[1].Handwritten; got != c.want || entries[1].Fields[0].NeedsReview != c.want {
			t.Errorf("%s: handwritten %v, needs review %v; want %v", c.name, got, entries[1].Fields[0].NeedsReview, c.want)
		}
	}
}

// A combined heading printed over two columns ("When and where died" over the date's column
// and again over the place's, the first with its space lost, "Whenand"): the date is read
// from the first, the place from the second, even with the date misread ("@5-Sep-1986").
func TestACombinedHeadingOverTwoColumnsPartsDateAndPlace(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("REGISTER OF DEATHS")
	s.y += 30
	s.table([]int{300, 300, 300, 120, 360, 300, 220, 300, 300, 300},
		[][]string{{"Number"}, {"Date registered"}, {"Parish"}, {"Sex"}, {"Informant"}, {"Name of Deceased"}, {"Age at death"},
			{"Whenand where", "died"}, {"When and where", "died"}, {"Cause of death"}}, false,
		[][][]string{{{"D9-1986/1047"}, {"20-Sep-1986"}, {"Trinity Palmetto", "Point"}, {"Male"}, {"Lennox Errol", "Phillip"}, {"Kendall Amory"},
			{"44"}, {"@5-Sep-1986"}, {"Brown Hill, Nevis"}, {"Renal failure"}}})
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	got := fieldsOf(entries[0])
	if got["place_of_death"].Value != "Brown Hill, Nevis" {
		t.Errorf("place of death %q, want Brown Hill, Nevis", got["place_of_death"].Value)
	}
	if d := got["date_of_death"]; d.Value == "Brown Hill, Nevis" || (d.Value != "1986-09-05" && !d.NeedsReview) {
		t.Errorf("date of death %q (review %v), want the date or a doubtful reading of it", d.Value, d.NeedsReview)
	}
}

// A stamp printed below the last entry, in a column of its cells ("REGISTRY BASSETERRE
// 1932" under the mother's name), is not part of the entry: no entry number below bounds it.
func TestAStampBelowTheLastEntryIsNotItsText(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("Births in the Registration District of Saint John Capisterre")
	s.y += 30
	s.table(birthWidths, birthHeadings, true, [][][]string{
		birthRow("1636", "15th September 1938", "Cunningham Hospital,", "Basseterre", "Winston Kendall Warner", "Boy", "Fitzroy Warner",
			"Joan Mills", "Joan Mills", "Mother", "Conaree", "Twenty-second October 1938"),
		birthRow("1637", "Twenty-first September", "1938", "Old Road", "Franklyn Vernon Hector", "Boy", "Egbert Hector",
			"Keisha Hector formerly Connor", "Keisha Hector", "Mother", "Half Way Tree", "Third October 1938"),
	})
	mother := 100 + 260 + 400 + 380 + 110 + 380
	s.text(mother+20, s.y+420, "REGISTRY", 0.9)
	s.text(mother+10, s.y+450, "BASSETERRE", 0.9)
	s.text(mother+40, s.y+480, "1932", 0.9)
	s.y += 520
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	if got := fieldsOf(entries[1])["mother_name"].Value; got != "Keisha Hector formerly Connor" {
		t.Errorf("last entry's mother %q, want Keisha Hector formerly Connor", got)
	}
	if bottom := entries[1].Region[3]; bottom > s.y-520+400 {
		t.Errorf("last entry's band ends at %d, below the stamp's top %d", bottom, s.y-520+420)
	}
}

// lastEntryEnd with no entry found: the lines end where the body does (bands are cut once,
// outside the loop over entries, even when no entry number was read).
func TestLastEntryEndWithNoEntries(t *testing.T) {
	body := []*line{{y0: 100, y1: 130}, {y0: 140, y1: 170}, {y0: 600, y1: 630}}
	if got := lastEntryEnd(body, nil, 30); got != len(body) {
		t.Errorf("lastEntryEnd with no entries = %d, want %d", got, len(body))
	}
	if got := lastEntryEnd(body, []int{0}, 30); got != 2 {
		t.Errorf("lastEntryEnd after one entry = %d, want 2: the gap of 430 ends it", got)
	}
}

// The row of column numbers OCR parted into two lines, two of its numbers misread ("qd)",
// "a)"), still sets the columns' edges: the mother's heading, which begins close to the
// father's and has a gap of words not read inside it, keeps the mother's values whole; and
// the last column, whose heading OCR did not read, ends the informant's where its values
// begin, so the informant's name does not seem to run on into them, and holds the design's
// last key by its place.
func TestAColumnNumberRowOnTwoLinesSetsTheEdges(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("BIRTHS registered in the District of Saint Mary Cayon")
	for _, h := range []struct {
		x    int
		text string
	}{{150, "No."}, {330, "When and where born"}, {760, "Name of Child"}, {1120, "Sex"}, {1260, "Name and Surname of Father"},
		{1590, "Name,"}, {1760, "and maiden surname of mother"}, {2150, "Informant"}} {
		s.text(h.x, 200, h.text, 0.95)
	}
	for _, n := range []struct {
		x, y int
		text string
	}{{190, 276, "qd)"}, {530, 276, "(2)"}, {920, 276, "3)"}, {1160, 276, "a)"}, {1410, 250, "(5)"}, {1700, 250, ","},
		{1850, 276, "(6)"}, {2290, 276, "(7)"}, {2690, 276, "(8)"}} {
		s.text(n.x, n.y, n.text, 0.7)
	}
	row := func(y int, no, born, place, child, sex, father string, mother []string, informant, registered string) {
		for _, c := range []struct {
			x    int
			text string
		}{{150, no}, {330, born}, {760, child}, {1120, sex}, {1270, father}, {2150, informant}, {2500, registered}} {
			s.text(c.x, y, c.text, 0.95)
		}
		s.text(330, y+40, place, 0.95)
		for i, m := range mother {
			s.text(1600, y+40*i, m, 0.95)
		}
	}
	row(350, "288", "7th November 1959", "Gingerland", "Esther Pemberton", "Girl", "", []string{"Claudette Pemberton"}, "Claudette Pemberton", "7th December 1959")
	row(500, "289", "12th November 1959", "Gingerland", "Althea Browne", "Girl", "Lennox Browne", []string{"Delia Browne formerly", "Rawlins"}, "Lennox Browne", "23rd November 1959")
	s.y = 650
	lines := buildLines(s.page()[0])
	secs := findSections(headingVocabulary(BuiltinForms()), lines, medianHeight(lines))
	if len(secs) != 1 || !secs[0].numbered {
		t.Fatalf("%d tables, want 1 with its columns numbered", len(secs))
	}
	cut := false
	for _, c := range secs[0].cols {
		cut = cut || c.x0 > 2376 && c.x0 <= 2500 // after the informants' names, before the dates registered
	}
	if !cut {
		t.Errorf("no column begins between the informants' names and the dates registered: %+v", secs[0].cols)
	}
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	for i, want := range []map[string]string{{"father_name": "", "mother_name": "Claudette Pemberton"},
		{"father_name": "Lennox Browne", "mother_name": "Delia Browne formerly Rawlins"}} {
		got := fieldsOf(entries[i])
		if f := got["informant_name"]; f.Value != "Claudette Pemberton" && f.Value != "Lennox Browne" || f.NeedsReview {
			t.Errorf("entry %d informant %q, review %v: want the name, trusted", i+1, f.Value, f.NeedsReview)
		}
		// the last column, unheaded, holds the design's last key, taken by its place: not trusted
		if f := got["registration_date"]; f.Value != []string{"1959-12-07", "1959-11-23"}[i] || !f.NeedsReview {
			t.Errorf("entry %d registration date %q, review %v: want it read by its column's place, in review", i+1, f.Value, f.NeedsReview)
		}
		for k, v := range want {
			if got[k].Value != v {
				t.Errorf("entry %d %s = %q, want %q", i+1, k, got[k].Value, v)
			}
		}
	}
}

// On a page filled by hand the values stand twice the headings' height: the gap between two
// headings is measured against the headings' type, so the father's and the mother's columns,
// whose headings stand a little more than a heading space apart, stay two.
func TestHeadingGapsAreMeasuredInTheHeadingsType(t *testing.T) {
	var ws []civreg.Word
	put := func(x, y, hgt, charW int, text string, conf float64) {
		for _, tok := range strings.Fields(text) {
			w := charW * len([]rune(tok))
			ws = append(ws, civreg.Word{Text: tok, Conf: conf, Box: [4]int{x, y, x + w, y + hgt}})
			x += w + charW
		}
	}
	put(400, 60, 30, 14, "Births in the Registration District of Saint George Gingerland", 0.96)
	// headings 20 px high, 7 px a letter: "father" ends at 1042, "Name," begins at 1075
	for _, h := range []struct {
		x    int
		text string
	}{{100, "No."}, {250, "When and where born"}, {560, "Name, if any"}, {760, "Sex"}, {860, "Name and surname of father"}, {1075, "Name, surname and maiden"},
		{1420, "Signature, description and residence of informant"}, {1990, "When registered"}} {
		put(h.x, 200, 20, 7, h.text, 0.93)
	}
	for _, x := range []int{1075} {
		put(x, 225, 20, 7, "surname of mother", 0.93)
	}
	row := func(y int, no, born, child, sex, father, mother, informant, registered string) {
		for _, c := range []struct {
			x    int
			text string
		}{{100, no}, {250, born}, {560, child}, {760, sex}, {870, father}, {1100, mother}, {1430, informant}, {1990, registered}} {
			put(c.x, y, 48, 20, c.text, 0.5)
		}
	}
	row(400, "2872", "10 Jan 2019", "Winston", "Boy", "Horace", "Delia", "Delia", "6 Feb 2019")
	row(560, "2873", "11 Jan 2019", "Thelma", "Girl", "Desmond", "Ivy", "Desmond", "19 Jan 2019")
	page := []civreg.PageWords{{Number: 1, Width: 2400, Height: 800, Words: ws}}
	entries := (&Extractor{Forms: BuiltinForms()}).Read(page)
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2: %+v", len(entries), entries)
	}
	for i, want := range [][2]string{{"Horace", "Delia"}, {"Desmond", "Ivy"}} {
		got := fieldsOf(entries[i])
		if got["father_name"].Value != want[0] || got["mother_name"].Value != want[1] {
			t.Errorf("entry %d father %q mother %q, want %q and %q", i+1, got["father_name"].Value, got["mother_name"].Value, want[0], want[1])
		}
	}
}

// TestColumnsWhoseHeadingsAreLostTakeTheirPlaceInTheOrder: small headings of two lines that OCR
// ran into garble leave five columns unread, the last the registrar's signature; the order
// counts that column too, so the four before it take their keys by place, for a person to check.
func TestColumnsWhoseHeadingsAreLostTakeTheirPlaceInTheOrder(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("BIRTHS registered in the District of Saint Peter Basseterre")
	s.y += 30
	headings := append(append([][]string{}, birthHeadings[:4]...), []string{"NAZI STAM"}, []string{"ar ee"}, []string{"erent"},
		[]string{"wen eastred"}, []string{"Sone"})
	s.table(birthWidths, headings, true, [][][]string{
		birthRow("B2-1940/0507", "Twenty-eighth", "July 1940", "Tabernacle", "Michael Douglas", "Boy", "Egbert Douglas",
			"Janelle Douglas formerly Walwyn", "Althea Hodge", "Grandmother", "Stapleton", "19th August, 1940"),
		birthRow("B2-1940/0508", "3rd August 1940", "Alexandra", "Hospital", "Elvis Yearwood", "Boy", "Winston Yearwood",
			"Hyacinth Yearwood formerly Amory", "Hyacinth Yearwood", "Mother", "Basseterre", "20th August, 1940"),
	})
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	for i, want := range []map[string]string{
		{"father_name": "Egbert Douglas", "mother_name": "Janelle Douglas formerly Walwyn", "informant_name": "Althea Hodge", "registration_date": "1940-08-19"},
		{"father_name": "Winston Yearwood", "mother_name": "Hyacinth Yearwood formerly Amory", "informant_name": "Hyacinth Yearwood", "registration_date": "1940-08-20"},
	} {
		got := fieldsOf(entries[i])
		for k, v := range want {
			if f := got[k]; f.Value != v || !f.NeedsReview {
				t.Errorf("entry %d %s = %q (review %v), want %q by its column's place, in review", i+1, k, f.Value, f.NeedsReview, v)
			}
		}
		if f := got["child_name"]; f.NeedsReview {
			t.Errorf("entry %d: the child's name, under its own heading, is in review", i+1)
		}
	}
}

// TestAStrayNumberBeforeADateKeepsThePlaceAfterIt: "2 Twenty-first November 1988 Cayon" is no
// date (which day is a guess), but where the date ends is plain: the place is read after it.
func TestAStrayNumberBeforeADateKeepsThePlaceAfterIt(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("Births in the Registration District of Saint Mary Cayon Book 3 Page 112")
	s.y += 30
	s.table(birthWidths, birthHeadings, true, [][][]string{
		birthRow("B5-1988/0112", "2 Twenty-first", "November 1988", "Cayon Village", "Amelia Grace Liburd", "Girl", "Kendall Liburd",
			"Joan Liburd", "Joan Liburd", "Mother", "Cayon", "Fifth December 1988"),
		birthRow("B5-1988/0113", "Fourteenth", "December 1988", "Dieppe Bay Town", "Shanice Browne", "Girl", "Errol Browne", "Ivy Browne",
			"Ivy Browne", "Mother", "Dieppe Bay", "Thirtieth December 1988"),
	})
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	got := fieldsOf(entries[0])
	if f := got["date_of_birth"]; !f.NeedsReview {
		t.Errorf("date of birth %q trusted", f.Value)
	}
	if f := got["place_of_birth"]; f.Value != "Cayon Village" {
		t.Errorf("place of birth %q (printed %q), want Cayon Village", f.Value, f.Printed)
	}
}

// TestAHeadingIsReadLineByLineInItsOwnColumn: headings of one, two and three lines stand
// centred at different heights, and a tall word beside can start a line higher than the one
// its neighbour's words fall in; each column's heading is still read in its own line order.
func TestAHeadingIsReadLineByLineInItsOwnColumn(t *testing.T) {
	w := func(text string, x0, y0, x1, y1 int) civreg.Word {
		return civreg.Word{Text: text, Conf: 0.9, Box: [4]int{x0, y0, x1, y1}}
	}
	head := []civreg.Word{
		w("Sex", 120, 410, 180, 430), w("Informant", 1000, 382, 1150, 418),
		w("and", 500, 352, 548, 376), w("maiden", 520, 389, 615, 427), w("surname", 630, 389, 740, 427),
		w("of", 755, 393, 786, 417), w("mother", 600, 434, 694, 458),
	}
	cols := columnsOf(head, nil, nil, []colNumber{{1, 150}, {2, 640}, {3, 1075}}, 24)
	got := headingsOf(cols)
	if len(cols) != 3 || cols[1].heading != "and maiden surname of mother" {
		t.Errorf("headings %q, want the middle one read \"and maiden surname of mother\"", got)
	}
}

// bandEcho is a second reader whose band reading gives the headings as printed: the page's
// words read again, with the garbled heading words replaced by what the band holds.
type bandEcho struct {
	pageEcho
	band  []civreg.Word
	bands int
}

func (b *bandEcho) ReadBand(page int, box [4]int) ([]civreg.Word, error) {
	b.bands++
	var out []civreg.Word
	for _, w := range b.band {
		if w.Box[1] >= box[1] && w.Box[3] <= box[3] {
			out = append(out, w)
		}
	}
	return out, nil
}

// TestGarbledHeadingsAreReadAgainFromTheirBand: a table whose small two-line headings OCR
// garbled is read once more with its heading band read by itself; the columns then take their
// keys from their headings (trusted as any), not from their places. A page whose headings were
// all read is not read again.
func TestGarbledHeadingsAreReadAgainFromTheirBand(t *testing.T) {
	draw := func(headings [][]string) *sheet {
		s := &sheet{y: 100, conf: 0.96}
		s.line("BIRTHS registered in the District of Saint Peter Basseterre")
		s.y += 30
		s.table(birthWidths, headings, true, [][][]string{
			birthRow("B2-1940/0507", "Twenty-eighth", "July 1940", "Tabernacle", "Michael Douglas", "Boy", "Egbert Douglas",
				"Janelle Douglas", "Althea Hodge", "Grandmother", "Stapleton", "19th August, 1940"),
			birthRow("B2-1940/0508", "3rd August 1940", "Alexandra", "Hospital", "Elvis Yearwood", "Boy", "Winston Yearwood",
				"Hyacinth Yearwood", "Hyacinth Yearwood", "Mother", "Basseterre", "20th August, 1940"),
		})
		return s
	}
	garbled := append(append([][]string{}, birthHeadings[:4]...), []string{"NAZI STAM"}, []string{"ar ee"}, []string{"erent"},
		[]string{"wen eastred"}, []string{"Sone"})
	page := draw(garbled).page()
	printed := draw(birthHeadings).page()[0].Words
	rr := &bandEcho{pageEcho: pageEcho{pages: page}, band: printed}
	entries := (&Extractor{Forms: BuiltinForms()}).ReadChecked(page, nil, rr)
	if rr.bands != 1 || len(entries) != 2 {
		t.Fatalf("%d band readings, %d entries: want the band read once and 2 entries", rr.bands, len(entries))
	}
	for i, want := range []string{"Egbert Douglas", "Winston Yearwood"} {
		if f := fieldsOf(entries[i])["father_name"]; f.Value != want || f.NeedsReview {
			t.Errorf("entry %d father %q (review %v, %.2f), want %q trusted from its heading read again", i+1, f.Value, f.NeedsReview, f.Confidence, want)
		}
	}
	clean := draw(birthHeadings).page()
	rr = &bandEcho{pageEcho: pageEcho{pages: clean}, band: printed}
	(&Extractor{Forms: BuiltinForms()}).ReadChecked(clean, nil, rr)
	if rr.bands != 0 {
		t.Errorf("a page whose headings were read had its band read %d times", rr.bands)
	}
}

// TestACutBetweenNumberedColumnsKeepsAWrappedHeadingWhole: on an unruled page a father's
// name runs over the gap between its heading and the next, and the only bare x left between
// the two column numbers is the space between "of" and "father" under "Rank or"; the cut goes
// in the gap every heading line leaves open, so each column keeps its whole heading.
func TestACutBetweenNumberedColumnsKeepsAWrappedHeadingWhole(t *testing.T) {
	w := func(text string, x0, y0, x1 int) civreg.Word {
		return civreg.Word{Text: text, Conf: 0.9, Box: [4]int{x0, y0, x1, y0 + 18}}
	}
	head := []civreg.Word{
		w("Rank", 1602, 100, 1640), w("or", 1647, 100, 1662),
		w("Father's", 1372, 125, 1429), w("name", 1436, 125, 1475), w("&", 1482, 125, 1495), w("surname", 1503, 125, 1564),
		w("profession", 1669, 125, 1744),
		w("of", 1640, 150, 1656), w("father", 1663, 150, 1706),
	}
	body := []civreg.Word{w("Winston", 1380, 250, 1480), w("Yearwood", 1490, 250, 1615), w("Labourer", 1620, 250, 1660)}
	cols := columnsOf(head, nil, body, []colNumber{{1, 1468}, {2, 1672}}, 18)
	got := headingsOf(cols)
	if len(cols) != 2 || cols[0].heading != "Father's name & surname" || cols[1].heading != "Rank or profession of father" {
		t.Errorf("headings %q, want \"Father's name & surname\" and \"Rank or profession of father\"", got)
	}
}

// TestALostFirstNumberCutsNoHeading: the "1" and the "No." over it both lost, the first
// number read is 2, under the middle of "When and where born"; the cut for the lost number
// has no open gap left of it in the headings, so none is made (the entry numbers' column
// comes from its values), rather than one through the heading.
func TestALostFirstNumberCutsNoHeading(t *testing.T) {
	w := func(text string, x0, x1 int) civreg.Word {
		return civreg.Word{Text: text, Conf: 0.9, Box: [4]int{x0, 100, x1, 124}}
	}
	head := []civreg.Word{w("When", 299, 370), w("and", 381, 427), w("where", 438, 513), w("born", 524, 581),
		w("Name,", 745, 815), w("if", 826, 849), w("any", 862, 902), w("Sex", 1043, 1088)}
	cols := columnsOf(head, nil, nil, []colNumber{{2, 440}, {3, 823}, {4, 1065}}, 24)
	got := headingsOf(cols)
	if len(cols) != 3 || cols[0].heading != "When and where born" {
		t.Errorf("headings %q, want \"When and where born\" whole and first", got)
	}
}

// TestTheEndOfAWrappedLastHeadingIsNoLostColumn: "RANK OR PROFESSION" of the last heading
// lost, its "OF" stands apart from "FATHER" on a line of its own, just right of the last
// column number; it is the end of that column's heading, not the heading of a column whose
// number was lost, which would stand about a column's width further on.
func TestTheEndOfAWrappedLastHeadingIsNoLostColumn(t *testing.T) {
	w := func(text string, x0, y0, x1 int) civreg.Word {
		return civreg.Word{Text: text, Conf: 0.9, Box: [4]int{x0, y0, x1, y0 + 29}}
	}
	head := []civreg.Word{w("RESIDENCE", 1783, 100, 1978), w("FATHER'S", 2157, 100, 2316), w("NAME", 2339, 100, 2428),
		w("CONDITION", 1245, 140, 1439), w("OF", 2710, 140, 2754), w("AND", 2190, 180, 2260), w("SURNAME", 2270, 180, 2420),
		w("FATHER", 2554, 220, 2684)}
	cols := columnsOf(head, nil, nil, []colNumber{{1, 1342}, {2, 1880}, {3, 2291}, {4, 2617}}, 29)
	got := headingsOf(cols)
	if len(cols) != 4 || cols[3].heading != "OF FATHER" {
		t.Errorf("headings %q, want four columns, the last \"OF FATHER\"", got)
	}
}

// A marriage whose table's headings OCR garbled (no table is found there) is read under the
// next table's columns, in doubt, not dropped: its rows are those under its column numbers,
// read in part as letters, or under the rule below a line of headings.
func TestReadMarriageAboveTheFirstTableFound(t *testing.T) {
	for _, ruled := range []bool{false, true} {
		s := &sheet{y: 100, conf: 0.95}
		s.line("Marriages in the Registration District of Saint George Basseterre")
		s.line("Marriage solemnised at St. George's Anglican Church, Basseterre")
		s.line("Nc. Whon marred Nane aud surnane Cordtion")
		var rule int
		if ruled {
			s.line("or of and the or of")
			s.line("ool eee LL Ks eee")
			rule = s.y - 10
		} else {
			s.line("2 3 i 5 a 7 8")
		}
		s.table(marriageWidths, nil, false, [][][]string{
			{{"M1-1975/0007"}, {"Twelfth April 1975"}, {"Winston Claxton"}, {"28 years"}, {"Bachelor"}, {"Mason"}, {"Basseterre"}, {"Rupert Claxton"}},
			{{}, {}, {"Gloria Maynard"}, {"24 years"}, {"Spinster"}, {"Nurse"}, {"Basseterre"}, {"Ivor Maynard"}},
		})
		s.line("by me, Rev. Canon Leroy Hodge")
		s.y += 40
		s.line("Marriage solemnised at Wesley Methodist Church, Basseterre")
		s.table(marriageWidths, marriageHeadings, true, [][][]string{
			{{"M1-1975/0008"}, {"19th April 1975"}, {"Denzil Amory"}, {"31"}, {"Bachelor"}, {"Clerk"}, {"Irish Town"}, {"Basil Amory"}},
			{{}, {}, {"Thelma Gumbs"}, {"29"}, {"Spinster"}, {"Teacher"}, {"Irish Town"}, {"Horace Gumbs"}},
		})
		s.line("by me, Pastor Errol Liburd")
		p := s.page()
		if ruled {
			p[0].Rules = []civreg.Rule{{Box: [4]int{100, rule, 2700, rule + 3}}}
		}
		entries := (&Extractor{Forms: BuiltinForms()}).Read(p)
		if len(entries) != 2 {
			t.Fatalf("ruled %v: %d entries, want 2", ruled, len(entries))
		}
		if entries[0].Doubt == "" || entries[1].Doubt != "" {
			t.Errorf("ruled %v: doubts %q, %q; want the first only", ruled, entries[0].Doubt, entries[1].Doubt)
		}
		got := fieldsOf(entries[0])
		for k, v := range map[string]string{"groom_name": "Winston Claxton", "bride_name": "Gloria Maynard", "groom_age": "28",
			"place_of_marriage": "St. George's Anglican Church, Basseterre", "officiant_name": "Rev. Canon Leroy Hodge"} {
			if got[k].Value != v {
				t.Errorf("ruled %v: %s = %q, want %q", ruled, k, got[k].Value, v)
			}
		}
	}
}

// A ruled marriage: the rule between the bridegroom's row and the bride's parts them where
// the gaps between lines do not, and the line under the table's foot rule is its closing line
// though OCR misread "by me" ("ryme,"): read, in doubt, and no row of the bride's. Where "by
// me" is read, a stamp under the foot rule is no row either.
func TestReadMarriageRowsByItsRules(t *testing.T) {
	for _, misread := range []bool{true, false} {
		readMarriageRowsByItsRules(t, misread)
	}
}

func readMarriageRowsByItsRules(t *testing.T, misread bool) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("Marriages in the Registration District of Saint George Basseterre")
	s.line("Marriage solemnised at St. George's Anglican Church, Basseterre")
	s.table(marriageWidths, marriageHeadings, true, nil)
	y := s.y
	cells := func(y int, vs ...string) {
		x := 100
		for i, v := range vs {
			if v != "" {
				s.text(x+8, y, v, 0.95)
			}
			x += marriageWidths[i]
		}
	}
	cells(y, "M1-1975/0007", "Twelfth April 1975", "Winston Percival", "28", "Bachelor", "Mason", "Basseterre", "Rupert Claxton")
	cells(y+50, "", "", "Claxton")
	cells(y+95, "", "", "Gloria Maynard", "24", "Spinster", "Nurse", "Basseterre", "Ivor Maynard")
	if misread {
		s.text(100, y+160, "ryme, Rev. Canon Leroy Hodge", 0.9)
	} else {
		s.text(728, y+150, "REGISTRY", 0.6)
		s.text(100, y+200, "by me, Rev. Canon Leroy Hodge", 0.9)
	}
	s.y = y + 250
	s.line("Marriage solemnised at Wesley Methodist Church, Basseterre")
	s.table(marriageWidths, marriageHeadings, true, [][][]string{
		{{"M1-1975/0008"}, {"19th April 1975"}, {"Denzil Amory"}, {"31"}, {"Bachelor"}, {"Clerk"}, {"Irish Town"}, {"Basil Amory"}},
		{{}, {}, {"Thelma Gumbs"}, {"29"}, {"Spinster"}, {"Teacher"}, {"Irish Town"}, {"Horace Gumbs"}},
	})
	s.line("by me, Pastor Errol Liburd")
	p := s.page()
	for _, ry := range []int{y - 15, y + 85, y + 140} {
		p[0].Rules = append(p[0].Rules, civreg.Rule{Box: [4]int{100, ry, 2700, ry + 3}})
	}
	entries := (&Extractor{Forms: BuiltinForms()}).Read(p)
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	if misread && entries[0].Doubt == "" {
		t.Errorf("the marriage whose closing line was misread is not in doubt")
	}
	got := fieldsOf(entries[0])
	for k, v := range map[string]string{"groom_name": "Winston Percival Claxton", "bride_name": "Gloria Maynard", "bride_age": "24",
		"officiant_name": "Rev. Canon Leroy Hodge"} {
		if got[k].Value != v {
			t.Errorf("misread %v: %s = %q, want %q", misread, k, got[k].Value, v)
		}
	}
}

// TestAColumnsRulesPartItFromTheNextWhenItsHeadingIsLost: on a ruled register the informant's
// heading OCR lost (and the row of column numbers) leaves no gap in the headings between the
// mother's column and the informant's; the rule between them still parts them, and the informant's column takes its
// key by its place, for a person to check.
func TestAColumnsRulesPartItFromTheNextWhenItsHeadingIsLost(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("Births in the Registration District of Saint Mary Cayon")
	s.y += 30
	top := s.y - 10
	headings := append([][]string{}, birthHeadings...)
	headings[6] = nil // the informant's heading, lost
	widths := append([]int{}, birthWidths...)
	widths[5] = 300 // the mothers' names run to the informants'
	s.table(widths, headings, false, [][][]string{
		birthRow("B5-1988/0112", "Twenty-first", "November 1988", "Cayon Village", "Amelia Grace Liburd", "Girl", "Kendall Liburd",
			"Joan Liburd formerly Jeffers", "Joan Liburd", "Mother", "Cayon", "Fifth December 1988"),
		birthRow("B5-1988/0113", "14th March 1988", "Alexandra", "Hospital", "Errol Hodge", "Boy", "Leroy Hodge", "Marcia Hodge formerly Browne",
			"Leroy Hodge", "Father", "Molineux", "Twenty-second December 1988"),
	})
	page := s.page()
	x := 100
	for _, w := range widths[:len(widths)-1] {
		x += w
		page[0].Rules = append(page[0].Rules, civreg.Rule{Box: [4]int{x - 2, top, x + 2, s.y}, Vertical: true})
	}
	entries := (&Extractor{Forms: BuiltinForms()}).Read(page)
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	for i, want := range [][2]string{{"Joan Liburd formerly Jeffers", "Joan Liburd"}, {"Marcia Hodge formerly Browne", "Leroy Hodge"}} {
		got := fieldsOf(entries[i])
		if got["mother_name"].Value != want[0] {
			t.Errorf("entry %d mother %q, want %q alone", i+1, got["mother_name"].Value, want[0])
		}
		if f := got["informant_name"]; f.Value != want[1] || !f.NeedsReview {
			t.Errorf("entry %d informant %q (review %v), want %q by its column's place, in review", i+1, f.Value, f.NeedsReview, want[1])
		}
	}
}

// headingsOf lists the columns' headings, for a test's message.
func headingsOf(cols []column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.heading)
	}
	return out
}

// TestAStopLeftOfAValueIsAWordLost: OCR read "Rev." as a lone stop before "Canon Leroy Hodge":
// the value may have lost its beginning. A stop after the value, or in another column, is not.
func TestAStopLeftOfAValueIsAWordLost(t *testing.T) {
	value := []civreg.Word{
		{Text: "Canon", Conf: 0.96, Box: [4]int{756, 367, 811, 380}},
		{Text: "Leroy", Conf: 0.96, Box: [4]int{823, 367, 878, 383}},
		{Text: "Hodge", Conf: 0.96, Box: [4]int{891, 367, 946, 383}},
	}
	col := column{x0: 685, x1: 1002}
	for name, stop := range map[string]struct {
		box  [4]int
		lost bool
	}{
		"before the value":  {[4]int{737, 377, 740, 379}, true},
		"after the value":   {[4]int{950, 377, 953, 379}, false},
		"in another column": {[4]int{640, 377, 643, 379}, false},
	} {
		ws := append(slices.Clone(value), civreg.Word{Text: ".", Conf: 0.8, Box: stop.box})
		if got := markBefore(buildLines(civreg.PageWords{Number: 1, Words: ws}), value, col); got != stop.lost {
			t.Errorf("a stop %s: word lost %v, want %v", name, got, stop.lost)
		}
	}
}

// TestAMarriagesRowsPartAtTheRuleBetweenThem: a heading's remnant read above the bridegroom's
// row has a rule under it too; the rows part at the rule between the bridegroom's lines and
// the bride's, not at the first rule with a line above it.
func TestAMarriagesRowsPartAtTheRuleBetweenThem(t *testing.T) {
	remnant := textLine(280, map[int]string{0: "A", 100: "Rank", 200: "or"})
	groom := []*line{
		textLine(396, map[int]string{0: "M2-1925/0270", 100: "Eighth", 200: "Denzil", 300: "Mills", 400: "42", 500: "Bachelor"}),
		textLine(430, map[int]string{200: "Fitzroy", 300: "Mills"}),
	}
	bride := []*line{
		textLine(507, map[int]string{200: "Keisha", 300: "Rawlins", 400: "27", 500: "Widow"}),
		textLine(540, map[int]string{200: "Servant"}),
	}
	ls := append(append([]*line{remnant}, groom...), bride...)
	rows := splitRows(ls, []int{270, 358, 394, 496, 598})
	if len(rows) != 2 || !slices.Equal(rows[0], append([]*line{remnant}, groom...)) || !slices.Equal(rows[1], bride) {
		t.Errorf("rows parted after %d lines, want after the bridegroom's %d", len(rows[0]), 1+len(groom))
	}
}

// TestAValueAloneInAMarriagesSharedColumnIsEithers: the bridegroom and the bride each write
// their age in a shared column; an age read in one row only may be either's (the rows' limits
// are a guess where no rule parts them), so it goes to a person. Both read, each is trusted.
func TestAValueAloneInAMarriagesSharedColumnIsEithers(t *testing.T) {
	d := registerDesign(civreg.Marriage)
	sec := &section{design: d, x0: 0, x1: 400, cols: []column{
		{x0: 0, x1: 300, keys: []string{"groom_name", "bride_name"}, quality: 1},
		{x0: 300, x1: 400, keys: []string{"groom_age", "bride_age"}, quality: 1},
	}}
	read := func(brideAge string) map[string]civreg.Field {
		bride := map[int]string{0: "Esther"}
		if brideAge != "" {
			bride[300] = brideAge
		}
		b := band{page: 1, sec: sec, top: 90, bottom: 220, rows: [][]*line{
			{textLine(100, map[int]string{0: "Percival", 300: "35"})}, {textLine(160, bride)}}}
		return fieldsOf((&Extractor{Forms: BuiltinForms()}).readEntry(b, nil, 30, nil))
	}
	if f := read("")["groom_age"]; f.Value != "35" || !f.NeedsReview {
		t.Errorf("an age alone in the shared column: %q (review %v), want 35 in review", f.Value, f.NeedsReview)
	}
	got := read("26")
	if f := got["groom_age"]; f.Value != "35" || f.NeedsReview {
		t.Errorf("the bridegroom's age beside the bride's: %q (review %v), want 35 trusted", f.Value, f.NeedsReview)
	}
}

// TestAMarriageWithColumnsOfItsOwnIsOneRow: a register that gives the bridegroom a column of
// his own ("Name of Bridegroom") writes a marriage on one row, though its "Age" column is
// shared; one whose columns are all shared writes the bridegroom's row and the bride's.
func TestAMarriageWithColumnsOfItsOwnIsOneRow(t *testing.T) {
	col := func(keys ...string) column { return column{keys: keys} }
	if sharedRows(&section{cols: []column{col("groom_name"), col("groom_age", "bride_age"), col("officiant_name")}}) {
		t.Error("a marriage with the bridegroom's own column read on two rows")
	}
	if !sharedRows(&section{cols: []column{col("groom_name", "bride_name"), col("groom_age", "bride_age")}}) {
		t.Error("a marriage of shared columns read on one row")
	}
}

// faintCells reads a band again as the words the page's reading lost.
type faintCells struct {
	words []civreg.Word
	bands int
}

func (f *faintCells) Reread(Region) (string, float64, error) { return "", 0, nil }
func (f *faintCells) ReadBand(page int, box [4]int) ([]civreg.Word, error) {
	f.bands++
	return f.words, nil
}

// TestAnEmptyCellWithInkIsReadAgain: a sex written in a narrow column that the page's reading
// dropped is read again from its cell where ink stands there, and goes to a person; a cell
// with no ink is not read again.
func TestAnEmptyCellWithInkIsReadAgain(t *testing.T) {
	d := registerDesign(civreg.Birth)
	sec := &section{design: d, x0: 0, x1: 500, cols: []column{
		{x0: 0, x1: 300, keys: []string{"child_name"}, quality: 1},
		{x0: 300, x1: 500, keys: []string{"sex"}, quality: 1},
	}}
	b := band{page: 1, sec: sec, top: 90, bottom: 160, rows: [][]*line{{textLine(100, map[int]string{0: "Amelia", 100: "Liburd"})}}}
	img := image.NewGray(image.Rect(0, 0, 600, 300))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	read := func(ink bool) (map[string]civreg.Field, int) {
		page := image.NewGray(img.Rect)
		copy(page.Pix, img.Pix)
		if ink {
			draw.Draw(page, image.Rect(330, 105, 390, 128), image.Black, image.Point{}, draw.Src)
		}
		fc := &faintCells{words: []civreg.Word{{Text: "Female", Conf: 0.9, Box: [4]int{330, 105, 390, 128}}}}
		e := &Extractor{Forms: BuiltinForms(), check: &checking{rr: fc, suggested: map[fieldAt]string{}}}
		return fieldsOf(e.readEntry(b, nil, 30, page)), fc.bands
	}
	got, bands := read(true)
	if f, ok := got["sex"]; !ok || f.Value != "F" || !f.NeedsReview || bands != 1 {
		t.Errorf("a sex in ink the page's reading lost: %+v (read again %d times), want F in review", f, bands)
	}
	if got, bands := read(false); bands != 0 || got["sex"].Value != "" {
		t.Errorf("a blank cell read again %d times (%q)", bands, got["sex"].Value)
	}
	// a cell read again does not count as read: with the date's column empty too, most of
	// the entry's columns are, and the name read is not trusted
	sec.cols = append(sec.cols, column{x0: 500, x1: 600, keys: []string{"date_of_birth"}, quality: 1})
	if got, _ := read(true); !got["child_name"].NeedsReview {
		t.Errorf("the name trusted in an entry whose columns were mostly read again or empty")
	}
}

// registerDesign is the built-in register design of a record type.
func registerDesign(t civreg.RecordType) *Design {
	for _, d := range BuiltinForms().DesignsFor(t) {
		if d.Layout == LayoutRegister {
			return &d
		}
	}
	panic("no register design for " + string(t))
}

// TestAMarriagesRowsBeginUnderItsColumnNumbers: the column numbers, garbled, stand under the
// headings' rule and have no rule of their own; the next rule down is the table's foot. The
// rows begin under the numbers (not at the foot, which would leave none, nor above the
// numbers, which would take them for the bridegroom's row).
func TestAMarriagesRowsBeginUnderItsColumnNumbers(t *testing.T) {
	rows := []*line{
		textLine(301, map[int]string{0: "f"}),
		textLine(346, map[int]string{0: "q@", 100: "Q", 200: "GB", 300: "4", 400: "5", 500: "6", 600: "8", 700: "9"}),
		textLine(384, map[int]string{0: "314", 100: "Nineteenth", 200: "Oswald", 300: "Byron", 400: "29"}),
		textLine(460, map[int]string{200: "Joan", 300: "Hodge", 400: "31"}),
	}
	b := band{page: 1, top: 230, bottom: 540, rows: [][]*line{rows},
		sec: &section{x0: 0, x1: 800, headWords: []civreg.Word{{Text: "Name"}, {Text: "surname"}}}}
	var rules []civreg.Rule
	for _, y := range []int{236, 335, 530} {
		rules = append(rules, civreg.Rule{Box: [4]int{0, y, 800, y + 3}})
	}
	ruledRows(&b, rules, 30)
	if got := b.rows[0]; len(got) != 2 || got[0] != rows[2] {
		t.Errorf("rows begin at %d lines, want the 2 under the numbers", len(got))
	}
}

// TestWhenAndWhereWithItsDateLostIsThePlace: a "When and where died" cell whose date OCR lost
// holds the place alone: it is read as the place, in review, not as a date that fails.
func TestWhenAndWhereWithItsDateLostIsThePlace(t *testing.T) {
	c := column{keys: []string{"date_of_death", "place_of_death"}, heading: "When and where died"}
	read := func(text string) []rawField {
		return cellFields(c, 0, 1, textLine(100, map[int]string{0: text}).words, 1, 1)
	}
	if fs := read("Cayon Street, Basseterre"); len(fs) != 1 || fs[0].key != "place_of_death" || !fs[0].doubt {
		t.Errorf("the place alone read as %+v, want the place in doubt", fs)
	}
	if fs := read("Tw3nty ember"); len(fs) != 1 || fs[0].key != "date_of_death" {
		t.Errorf("a date too garbled to read taken for %+v, want the date (failing its check)", fs)
	}
}

// TestAMarriageWhoseOpeningWasNotReadBeginsAtItsNumber: after one marriage's "by me" line, the
// next one's "Marriage solemnised at" line is garbled and its headings unread; it begins at
// its first row's number, and is read in doubt rather than dropped.
func TestAMarriageWhoseOpeningWasNotReadBeginsAtItsNumber(t *testing.T) {
	entries := (&Extractor{Forms: BuiltinForms()}).Read(twoMarriages("at the late C ion Cathedral, Basseterre", nil).page())
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	got := fieldsOf(entries[1])
	if entries[1].Doubt == "" || got["groom_name"].Value != "Denzil Amory" || got["bride_name"].Value != "Thelma Gumbs" {
		t.Errorf("second marriage: bridegroom %q, bride %q, doubt %q; want both read, in doubt", got["groom_name"].Value, got["bride_name"].Value, entries[1].Doubt)
	}
}

// TestAHeadingOCRCouldNotReadStillMarksItsColumn: a death ledger's two-line "AGE AT DEATH"
// read as one unsure word ("ae") is dropped from the headings' text, but its ink still parts
// the ages from the places beside them, a space away: the ages are read from their values (in
// review, no heading named them) and no place holds an age. A band read again that loses the
// heading altogether names fewer columns and is not taken.
func TestAHeadingOCRCouldNotReadStillMarksItsColumn(t *testing.T) {
	headings := [][]string{{"REGISTRATION NO."}, {"DATE OF DEATH"}, {"AGE AT", "DEATH"}, {"PLACE OF DEATH"}, {"NAME OF DECEASED"},
		{"CAUSE OF DEATH"}, {"SEX"}, {"INFORMANT"}}
	widths := []int{300, 340, 110, 420, 380, 340, 140, 380}
	rows := [][][]string{
		{{"D1-1994/2567"}, {"17th November,", "1994"}, {"33 years"}, {"Pogson Medical Centre,", "Sandy Point"}, {"Cuthbert Rupert", "Sutton"},
			{"Cardiac arrest"}, {"Male"}, {"Jerome Nigel Sutton"}},
		{{"D1-1994/2568"}, {"Nineteenth", "November 1994"}, {"81 years"}, {"Cotton Ground, Nevis"}, {"Ivor Trevor", "Skerritt"},
			{"Old age"}, {"Male"}, {"Glenroy Skerritt"}},
	}
	draw := func() *sheet {
		s := &sheet{y: 100, conf: 0.96}
		s.line("REGISTER OF DEATHS")
		s.line("District: Saint James Windward")
		s.table(widths, headings, false, rows)
		return s
	}
	printed := draw().page()
	var page []civreg.Word
	var band []civreg.Word // the band read again: every heading but the age's
	ageX := 100 + widths[0] + widths[1]
	for _, w := range printed[0].Words {
		if w.Box[0] >= ageX && w.Box[2] <= ageX+widths[2] && (w.Text == "AGE" || w.Text == "AT" || w.Text == "DEATH") {
			continue
		}
		page = append(page, w)
	}
	var top int
	for i, w := range page {
		if w.Text == "REGISTRATION" {
			top = w.Box[1]
		}
		// the place's heading stands centred over its wide column
		if w.Box[1] == top && w.Box[0] >= ageX+widths[2] && w.Box[2] <= ageX+widths[2]+widths[3] {
			page[i].Box[0], page[i].Box[2] = w.Box[0]+100, w.Box[2]+100
		}
	}
	band = append(band, page...)
	// as tall as the two lines it garbled, about the one-line headings' middle
	page = append(page, civreg.Word{Text: "ae", Conf: 0.33, Box: [4]int{ageX + 8, top - 14, ageX + 98, top + 38}})
	pages := []civreg.PageWords{{Number: 1, Width: printed[0].Width, Height: printed[0].Height, Words: page}}
	for _, again := range []bool{false, true} {
		e := &Extractor{Forms: BuiltinForms()}
		var entries []Entry
		if again {
			rr := &bandEcho{pageEcho: pageEcho{pages: pages}, band: band}
			entries = e.ReadChecked(pages, nil, rr)
		} else {
			entries = e.Read(pages)
		}
		if len(entries) != 2 {
			t.Fatalf("band read again %v: %d entries, want 2", again, len(entries))
		}
		for i, want := range [][2]string{{"33", "Pogson Medical Centre, Sandy Point"}, {"81", "Cotton Ground, Nevis"}} {
			got := fieldsOf(entries[i])
			if got["age"].Value != want[0] || got["place_of_death"].Value != want[1] {
				t.Errorf("band read again %v, entry %d: age %q, place %q; want %q and %q", again, i+1,
					got["age"].Value, got["place_of_death"].Value, want[0], want[1])
			}
			if !got["age"].NeedsReview {
				t.Errorf("entry %d: an age whose heading was not read is trusted", i+1)
			}
		}
	}
}
