package extract

import (
	"strings"
	"testing"

	"civreg"
)

func TestParseDateReadsDatesInWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Twenty-first November 1988", "1988-11-21"},
		{"Fourteenth March 1987", "1987-03-14"},
		{"14th March 1987", "1987-03-14"},
		{"First January, 1950", "1950-01-01"},
		{"Thirtieth June 1990", "1990-06-30"},
		{"the Fourth of July 1960", "1960-07-04"},
		{"Twenty second May 2001", "2001-05-22"},
		{"Fourteenth March Nineteen hundred and eighty-seven", "1987-03-14"},
		{"Fifth June two thousand and four", "2004-06-05"},
		{"Fourteentn March 1987", "1987-03-14"}, // one letter misread in a long word
		{"SECOND JULY 1932", "1932-07-02"},
	} {
		if got, ok := ParseDate(c.in); !ok || got != c.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %s", c.in, got, ok, c.want)
		}
	}
	for _, bad := range []string{"Thirty-second May 1988", "Sixth 1988", "Fourteenth Marsh", "Twenty-ninth February 1987"} {
		if got, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %q, want no date", bad, got)
		}
	}
}

func TestInformantNameIsTheNameAlone(t *testing.T) {
	for _, c := range []struct {
		in, want string
		cut      bool
	}{
		{"Joan Liburd, Mother, Cayon", "Joan Liburd", true},
		{"Joan Liburd Mother Cayon", "Joan Liburd", true}, // the commas not read
		{"Trevor Clement Hanley Widower Gingerland, Nevis", "Trevor Clement Hanley", true},
		{"Egbert Tross Present at the death Cotton Ground", "Egbert Tross", true},
		{"Olive Walwyn; Occupier; Charlestown", "Olive Walwyn", true},
		{"Glenroy Nigel Huggins", "Glenroy Nigel Huggins", false},
	} {
		if got, cut := InformantName(c.in); got != c.want || cut != c.cut {
			t.Errorf("InformantName(%q) = %q, %v; want %q, %v", c.in, got, cut, c.want, c.cut)
		}
	}
}

func TestAgesAndSexesAsTheRegistersWriteThem(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{{"74 years", 74}, {"74", 74}, {"3 months", 0}, {"11 days", 0}, {"1 month", 0}, {"5 weeks", 0}, {"2 YEARS", 2}, {"Three months", 0}} {
		if got, ok := ParseAgeText(c.in); !ok || got != c.want {
			t.Errorf("ParseAgeText(%q) = %d, %v; want %d", c.in, got, ok, c.want)
		}
	}
	if _, ok := ParseAgeText("many moons"); ok {
		t.Error(`ParseAgeText("many moons") read an age`)
	}
	// an age's unit wrapped onto a line of its own tells an age's column from its values
	for in, want := range map[string]string{"years": civreg.KindAge, "months": civreg.KindAge, "Days.": civreg.KindAge,
		"wks": civreg.KindAge, "74 years": civreg.KindAge, "moons": "", "Cayon": ""} {
		if got := valueKind(in, false); got != want {
			t.Errorf("valueKind(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Boy": "M", "Girl": "F", "GIRL": "F", "boy.": "M"} {
		if got, ok := ParseSex(in); !ok || got != want {
			t.Errorf("ParseSex(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	if !PlausibleName("Joan Francis formerly Jeffers") || PlausibleName("formerly Jeffers") {
		t.Error(`"formerly" is part of a mother's name as the registers give it, but not a name by itself`)
	}
	// A name that ran on into the sex or a date beside it is not a name; given names that are
	// months stay names.
	for in, want := range map[string]bool{"Lorna Walwyn Female": false, "Keisha Huggins Twentieth March": false,
		"Errol Tross Twenty-first": false, "Ivor Tross September": false, "April May Tross": true, "June Liburd": true, "Mary Augusta Boyd": true} {
		if got := PlausibleName(in); got != want {
			t.Errorf("PlausibleName(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestRegistrationNumbersRepairedByShapeAreNotTrusted: a number in the registry's shape is
// kept; one OCR damaged is put back in shape where the shape says how, and marked repaired
// (a person checks it); one that cannot be is not in shape at all.
func TestRegistrationNumbersRepairedByShapeAreNotTrusted(t *testing.T) {
	for _, c := range []struct {
		in, letter, want string
		repaired, ok     bool
	}{
		{"B3-2000/0792", "B", "B3-2000/0792", false, true},
		{"B6-20133448", "B", "B6-2013/3448", true, true},    // the slash lost
		{"B6 2013 3448", "B", "B6-2013/3448", true, true},   // read as three words
		{"D55-1962/3895", "D", "D5-1962/3895", true, true},  // no district has number 55
		{"D11-1962/3895", "D", "D11-1962/3895", true, true}, // 11 may be real: kept, but checked
		{"83-2000/0792", "B", "B3-2000/0792", false, true},  // B read as 8: CleanRegNo's own
		{"B3-2000/0792", "D", "D3-2000/0792", true, true},   // a death register's number is a D
		{"B3-2000/07792", "B", "B3-2000/07792", false, false},
		{"B8-1954/175@", "B", "B8-1954/1750", true, true},   // the 0 read as "@": kept, but checked
		{"B8-1954/175O", "B", "B8-1954/1750", false, true},  // an O in the shape is a digit misread, as in any number
		{"B3-2000/0792|", "B", "B3-2000/0792", false, true}, // a rule after a whole number is debris
		{"Sandy Point", "B", "", false, false},
		// A character after a space is another word's, never a digit the shape left out.
		{"D3-1960/123 |", "B", "", false, false},
		{"B8-1954/175 @", "B", "", false, false},
		// A word after the number that is not number-like is cut off, not read as digits; the
		// number is checked when cutting it changed what was read.
		{"B8-1954/175 Sandy", "B", "", false, false},
		{"B3-2000/0792 Sandy Point", "B", "B3-2000/0792", true, true},
		{"B3-2000/0792 |", "B", "B3-2000/0792", false, true},
		{"B6 - 2013/3448", "B", "B6-2013/3448", false, true}, // a dash read as a word is the number's
		{"B6 2013/34 48", "B", "B6-2013/3448", true, true},   // digits read apart are the number's
	} {
		got, repaired, ok := RepairRegNo(c.in, c.letter)
		if ok != c.ok || ok && (got != c.want || repaired != c.repaired) {
			t.Errorf("RepairRegNo(%q) = %q, repaired %v, ok %v; want %q, %v, %v", c.in, got, repaired, ok, c.want, c.repaired, c.ok)
		}
	}
	for in, want := range map[string]string{"511": "511", "No. 2839": "2839", "1O2": "102"} {
		if got, ok := EntryNumber(in); !ok || got != want {
			t.Errorf("EntryNumber(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
}

// TestHeadingsMatchByTheirWords: wrapped, abbreviated, garbled and unseen headings find their
// keys, and a heading that only contains a known label matches it less well.
func TestHeadingsMatchByTheirWords(t *testing.T) {
	d := BuiltinForms().DesignsFor(civreg.Birth)
	var reg *Design
	for i := range d {
		if d[i].Layout == LayoutRegister {
			reg = &d[i]
		}
	}
	for _, c := range []struct {
		heading string
		keys    []string
		atLeast float64
	}{
		{"When and where born", []string{"date_of_birth", "place_of_birth"}, 1},
		{"When and where bom", []string{"date_of_birth", "place_of_birth"}, 1}, // "rn" read as "m"
		{"Whenand where born", []string{"date_of_birth", "place_of_birth"}, 1}, // a space lost
		{"Name, surname & maiden surname of mother", []string{"mother_name"}, 1},
		{"Name and surname of fathcr", []string{"father_name"}, 0.9}, // a letter misread
		{"Signature, descr. & resid. of informant", []string{"informant_name"}, 0.5},
		{"Christian name of child", []string{"child_name"}, 0.5}, // never seen, holds "Name of Child"
		{"Signature of registrar", nil, 0},
		{"Remarks", nil, 0},
	} {
		cols, _ := assign(reg, []column{{heading: c.heading}})
		got := cols[0]
		if len(got.keys) != len(c.keys) || (len(c.keys) > 0 && (got.keys[0] != c.keys[0] || got.quality < c.atLeast)) {
			t.Errorf("%q: keys %v at %.2f, want %v at %.2f or more", c.heading, got.keys, got.quality, c.keys, c.atLeast)
		}
	}
}

func TestParseKeyedDateReadsWhatAClerkKeys(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"14 3 87", "1987-03-14"},
		{"14 03 1987", "1987-03-14"},
		{"1.12.05", "2005-12-01"},
		{"14th March 1987", "1987-03-14"},
		{"Twenty-first November 1988", "1988-11-21"},
		{"14/03/1987", "1987-03-14"},
	} {
		if got, ok := ParseKeyedDate(c.in); !ok || got != c.want {
			t.Errorf("ParseKeyedDate(%q) = %q, %v; want %s", c.in, got, ok, c.want)
		}
	}
	for _, bad := range []string{"31 2 87", "14 13 87", "14 3", "87"} {
		if got, ok := ParseKeyedDate(bad); ok {
			t.Errorf("ParseKeyedDate(%q) = %q, want no date", bad, got)
		}
	}
}

func TestNameStopsAndTitles(t *testing.T) {
	for _, c := range []struct {
		in, want string
		odd      bool
	}{
		{"Esther Thelma. Lake", "Esther Thelma Lake", true},
		{"Rev. Canon Percival Huggins", "Rev. Canon Percival Huggins", false},
		{"John A. Liburd", "John A. Liburd", false},
		{"Leroy Lake.", "Leroy Lake.", false},
	} {
		if got, odd := nameStops(c.in); got != c.want || odd != c.odd {
			t.Errorf("nameStops(%q) = %q, %v; want %q, %v", c.in, got, odd, c.want, c.odd)
		}
	}
	if !nearTitle("Rev. Pather Michael Browne") || nearTitle("Rev. Father Michael Browne") || nearTitle("Joan Liburd") {
		t.Error("nearTitle: a misread title must be seen, a title or plain name not")
	}
}

// A place or cause holding a date, or no letter at all, was read from its neighbour's cell.
func TestPlausibleTextRefusesANeighboursValue(t *testing.T) {
	for s, want := range map[string]bool{
		"Mary Charles Hospital, Molineux":    true,
		"Cotton Ground, Nevis":               true,
		"Bronchopneumonia, 3 days":           true,
		"Jeffers Twenty-fifth December 2006": false,
		"Basseterre 14 March 1987":           false,
		"January 1991":                       false,
		"Mayfield, Nevis":                    true,
		"1450":                               false,
		"12/4":                               false,
	} {
		if got := PlausibleText(s); got != want {
			t.Errorf("PlausibleText(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestAPlaceEndsWithItsLastWord: a full stop after the last whole word is no part of the place
// (a speck OCR read, or the writer's stop); an abbreviation keeps its own; a comma says the
// place goes on past what was read, and it is not trusted. A word in lower case is so
// throughout ("meLlitus" is OCR's).
func TestAPlaceEndsWithItsLastWord(t *testing.T) {
	for in, want := range map[string]string{
		"Brown Hill, Nevis.": "Brown Hill, Nevis",
		"Basseterre,":        "Basseterre,",
		"Cayon St.":          "Cayon St.",
		"Old Road Village":   "Old Road Village",
		"Tabernacle ..":      "Tabernacle",
		"Diabetes meLlitus":  "Diabetes mellitus",
		"heart fAILURE":      "heart fAILURE",
		"":                   "",
	} {
		if got := TidyText(in); got != want {
			t.Errorf("TidyText(%q) = %q, want %q", in, got, want)
		}
	}
	e := &Extractor{Forms: BuiltinForms()}
	ws := []civreg.Word{{Text: "Joseph", Conf: 0.97}, {Text: "N.", Conf: 0.97}, {Text: "Hospital,", Conf: 0.97}}
	printed, conf := "Joseph N. Hospital,", 0.97
	if v, ok := e.normalise(civreg.KindText, civreg.Death, ws, &printed, &conf); ok {
		t.Errorf("%q passes its check: a place cut short at a comma would be trusted", v)
	}
}

func TestPlaceLeadTakesOffTheWordsBeforeAPlace(t *testing.T) {
	for _, c := range []struct {
		in, want string
		held     bool
	}{
		{"Cayon", "Cayon", false},
		{"at Cayon", "Cayon", false},
		{"In the Alexandra Hospital, Charlestown", "Alexandra Hospital, Charlestown", false},
		{"atthe Moravian Church, Bethesda", "Moravian Church, Bethesda", false},
		{"the Tabernacle", "Tabernacle", false},
		{"The Valley", "The Valley", false}, // a place's own name
		{"Inverness", "Inverness", false},
		{"atCayon", "Cayon", true}, // the lead run into the place
		{"attheOld Road", "Old Road", true},
		{"ta Cayon", "ta Cayon", true}, // lower case left: not a place's start
		{"at", "at", true},
	} {
		got, held := PlaceLead(c.in)
		if got != c.want || held != c.held {
			t.Errorf("PlaceLead(%q) = %q, %v; want %q, %v", c.in, got, held, c.want, c.held)
		}
	}
}

// TestAPlaceIsReadWithoutItsLead: the lead goes from the stored place; a place the lead was
// run into is read but not trusted.
func TestAPlaceIsReadWithoutItsLead(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	place := func(read string) civreg.Field {
		s := certificate(0.97)
		s.line("Place of Birth: " + read)
		p := s.page()
		return fieldsOf(e.ReadChecked(p, nil, &pageEcho{pages: p})[0])["place_of_birth"]
	}
	if f := place("at the Alexandra Hospital"); f.Value != "Alexandra Hospital" || f.NeedsReview {
		t.Errorf("at the Alexandra Hospital: %+v, want Alexandra Hospital trusted", f)
	}
	if f := place("atCayon"); f.Value != "Cayon" || !f.NeedsReview {
		t.Errorf("atCayon: %+v, want Cayon in review", f)
	}
}

// TestACauseOpeningWithANumberIsTheAgesRunIntoIt: "96 Old age" holds the age column's value;
// it is read, never trusted; a duration after the cause is the cause's own.
func TestACauseOpeningWithANumberIsTheAgesRunIntoIt(t *testing.T) {
	for text, valid := range map[string]bool{"96 Old age": false, "69 Old age years": false, "Pneumonia 3 days": true, "Old age": true} {
		scoreChecks(t, "cause_of_death", text, valid)
	}
}

// TestAPlaceHoldingAnAgeIsTheAgesRunIntoIt: a place opening with a number or holding "years"
// has the ages' column in it; read, never trusted.
func TestAPlaceHoldingAnAgeIsTheAgesRunIntoIt(t *testing.T) {
	for text, valid := range map[string]bool{"47 Moravian Church, Bethesda": false, "Anglican years Church, Basseterre": false,
		"Moravian Church, Bethesda": true} {
		scoreChecks(t, "place_of_death", text, valid)
	}
}

// TestAPlaceWithAWordInLowerCaseIsNotTrusted: a word naming what a place is, in lower case
// after a capitalised one ("Tabernacle village"), had its capital misread, and one opening
// with a quote mark a speck read as one; the small words of a place's name ("Church of God")
// and the registers' own lower case ("Own residence") are not that.
func TestAPlaceWithAWordInLowerCaseIsNotTrusted(t *testing.T) {
	for text, valid := range map[string]bool{"Tabernacle village": false, "Alexandra hospital, Charlestown": false,
		"Cotton Ground, 'Nevis": false,
		"Tabernacle Village":    true, "Church of God, Sandy Point": true, "St. George's Church": true,
		"Own residence, Old Road": true, "Her residence, Molineux": true} {
		scoreChecks(t, "place_of_death", text, valid)
	}
}

// TestANameHoldingAWordTwiceIsTwoNames: "Basil Byron Clement Lennox Byron" is the informant's
// name run into the child's; read, never trusted. A name of fewer words may repeat one
// ("Francis Francis", "John Alexander St. John").
func TestANameHoldingAWordTwiceIsTwoNames(t *testing.T) {
	for text, valid := range map[string]bool{"Basil Byron Clement Lennox Byron": false, "Delia Keisha Marcia Claxton Claxton": false,
		"Clement Lennox Byron": true, "Joan Liburd formerly Jeffers": true, "Francis Francis": true,
		"Thomas Alexander Thomas": true, "John Alexander St. John": true} {
		scoreChecks(t, "deceased_name", text, valid)
	}
}

// TestAnOfficiantOpensWithATitle: a minister or marriage officer is written with the title;
// a bare name has lost its first words (to a heading OCR took them for): read, not trusted.
func TestAnOfficiantOpensWithATitle(t *testing.T) {
	for v, want := range map[string]bool{"Rev. Canon Leroy Hodge": true, "Marriage Officer Joan Williams": true,
		"Pastor Errol Liburd": true, "Joan Williams": false} {
		if got := plausibleFor("officiant_name", v); got != want {
			t.Errorf("plausibleFor(officiant_name, %q) = %v, want %v", v, got, want)
		}
	}
}

// scoreChecks fails t unless a death's field key read as text (evenly, at a high confidence)
// passes its check, and is trusted, exactly when valid.
func scoreChecks(t *testing.T, key, text string, valid bool) {
	t.Helper()
	var ws []civreg.Word
	x := 0
	for _, tok := range strings.Fields(text) {
		ws = append(ws, civreg.Word{Text: tok, Conf: 0.97, Box: [4]int{x, 0, x + 40, 20}})
		x += 50
	}
	f, ok, read := (&Extractor{Forms: BuiltinForms()}).score(civreg.Death, rawField{key: key, words: ws, page: 1, labelQ: 1})
	if !read || ok != valid || f.NeedsReview == valid {
		t.Errorf("%q: read %v, passes its check %v (review %v), want it to pass %v", text, read, ok, f.NeedsReview, valid)
	}
}

// TestAValueThatReadsAsAPrintedLabelIsNeverTrusted: a label's own words read where a value
// should be ("REGN. NO.", its words shortened, from the box beside an empty one) pass a text field's check, and are
// still not the value; a place that holds a label's word among others is a place.
func TestAValueThatReadsAsAPrintedLabelIsNeverTrusted(t *testing.T) {
	for text, valid := range map[string]bool{"1 REGN. NO.": false, "Signature of registrar": false, "Basseterre": true, "St. Paul's Parish": true} {
		scoreChecks(t, "place_of_death", text, valid)
	}
}

// TestATypewritersFixedPitchIsNotAHand: OCR unsure of faint typed letters reads them at a
// hand's confidence; their widths, a fixed pitch a letter, still say type. The same words at
// a proportional hand's widths stay a hand, as do too few words to measure a pitch on.
func TestATypewritersFixedPitchIsNotAHand(t *testing.T) {
	texts := strings.Fields("Twelfth March 1934 Alexandra Hospital Charlestown Mary Ann Liburd Joan Liburd formerly Jeffers")
	lay := func(n int, width func(i, letters int) int) []civreg.Word {
		var ws []civreg.Word
		x := 0
		for i, tok := range texts[:n] {
			w := width(i, len(tok))
			ws = append(ws, civreg.Word{Text: tok, Conf: 0.62, Box: [4]int{x, 0, x + w, 24}})
			x += w + 18
		}
		return ws
	}
	typed := func(i, n int) int { return 18*n - 3 + i%3 }
	// a hand's letters: wide and narrow by turns, half a letter and more off any pitch
	hand := func(i, n int) int { return 18*n + []int{-16, 14, -10, 20, -14, 9}[i%6] }
	if handwritten(lay(len(texts), typed)) {
		t.Error("typed words at a fixed pitch taken for a hand")
	}
	if !handwritten(lay(len(texts), hand)) {
		t.Error("a hand's uneven widths taken for type")
	}
	if !handwritten(lay(4, typed)) {
		t.Error("a pitch judged on four words")
	}
}

// TestTypedWordsCloserThanAPitchAreOneWordSplit: on a typewriter a word space is a letter
// wide; "Char" and "Lestown" 16 px apart at a 20 px pitch, where the entry's words stand 24 px
// apart, are "Charlestown" split by OCR.
func TestTypedWordsCloserThanAPitchAreOneWordSplit(t *testing.T) {
	lay := func(gaps []int, texts ...string) []civreg.Word {
		var ws []civreg.Word
		x := 0
		for i, tok := range texts {
			w := 20*len(tok) - 4
			ws = append(ws, civreg.Word{Text: tok, Conf: 0.93, Box: [4]int{x, 0, x + w, 24}})
			x += w + gaps[i%len(gaps)]
		}
		return ws
	}
	entry := lay([]int{24}, strings.Fields("Twelfth March 1934 Alexandra Hospital Mary Ann Liburd")...)
	p := typewriterPitch(entry)
	if p < 19 || p > 21 {
		t.Fatalf("pitch %.1f, want 20", p)
	}
	space := wordSpace([]rawField{{words: entry}})
	if !splitUnderPitch(lay([]int{24, 16}, "Hospital,", "Char", "Lestown"), p, space) {
		t.Error(`"Char Lestown" a word space apart`)
	}
	if splitUnderPitch(lay([]int{19, 22}, "Hospital,", "Charlestown", "Nevis"), p, space) {
		t.Error("word spaces of a typewriter taken for a split word")
	}
	if splitUnderPitch(lay([]int{17}, "Hospital,", "Charlestown", "Nevis"), p, 17) {
		t.Error("an entry whose word spaces are all this narrow taken for split words")
	}
}

// TestASmallLetterReadAsItsCapitalIsToldByItsHeight: c and C differ only in size; "Cancer"
// whose box stands lower than "Prostate" is "cancer", sent to a person as changed; one as tall
// is a capital, and a text's first word keeps its capital.
func TestASmallLetterReadAsItsCapitalIsToldByItsHeight(t *testing.T) {
	read := func(h1, h2 int, a, b string) []civreg.Word {
		return []civreg.Word{{Text: a, Conf: 0.96, Box: [4]int{0, 30 - h1, 150, 30}}, {Text: b, Conf: 0.96, Box: [4]int{170, 30 - h2, 290, 30}}}
	}
	for _, c := range []struct {
		ws      []civreg.Word
		want    string
		changed bool
	}{
		{read(26, 21, "Prostate", "Cancer"), "Prostate cancer", true},
		{read(26, 25, "Prostate", "Cancer"), "Prostate Cancer", false},
		{read(21, 26, "Cancer", "Prostate"), "Cancer Prostate", false},
	} {
		got, changed := smallByHeight(c.ws)
		if lineText(got) != c.want || changed != c.changed {
			t.Errorf("%q: %q changed %v, want %q changed %v", lineText(c.ws), lineText(got), changed, c.want, c.changed)
		}
	}
	e := &Extractor{Forms: BuiltinForms()}
	certain := read(26, 21, "Prostate", "Cancer")
	for i := range certain {
		certain[i].Conf = 1 // however sure OCR was of its letters
	}
	if f, _, _ := e.score(civreg.Death, rawField{key: "cause_of_death", words: certain, page: 1, labelQ: 1}); f.Value != "Prostate cancer" || !f.NeedsReview {
		t.Errorf("cause read %q (review %v), want \"Prostate cancer\" in review", f.Value, f.NeedsReview)
	}
}

// TestAMonthOCRSplitIsReadWhole: "Sixteenth Sept ember 1947" is the sixteenth of September.
func TestAMonthOCRSplitIsReadWhole(t *testing.T) {
	for in, want := range map[string]string{"Sixteenth Sept ember 1947": "1947-09-16", "3 Nov ember, 1951": "1951-11-03", "14 March 1987": "1987-03-14"} {
		if got, ok := ParseDate(in); !ok || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
}

// TestACertificateValueThatReadsAsALabelIsNeverTrusted: on a certificate too, a label's words
// where a value should be are not the value.
func TestACertificateValueThatReadsAsALabelIsNeverTrusted(t *testing.T) {
	s := &sheet{y: 100, conf: 0.97}
	s.line("BIRTH CERTIFICATE")
	s.line("Registration No: B5-1988/0112")
	s.line("Name of Child: Amelia Grace Liburd")
	s.line("Place of Birth: Signature of registrar")
	for _, en := range (&Extractor{Forms: BuiltinForms()}).Read(s.page()) {
		if f := fieldsOf(en)["place_of_birth"]; f.Value != "" && !f.NeedsReview {
			t.Errorf("place of birth %q trusted", f.Value)
		}
	}
}

// TestGuessedReadingsFailTheirCheck: an age whose digits were letters OCR read ("G2 YEARS"),
// a place ending as a label does ("Cathedral, Ba:") and a name parted at a capital OCR misread
// ("QueeLey") are read, and fail their checks, so a person looks; the same values read
// plainly pass.
func TestGuessedReadingsFailTheirCheck(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	for _, c := range []struct {
		kind, printed, want string
		valid               bool
	}{
		{civreg.KindAge, "G2 YEARS", "62", false},
		{civreg.KindAge, "lO", "10", false},
		{civreg.KindAge, "62 YEARS", "62", true},
		{civreg.KindAge, "3 months", "0", true},
		{civreg.KindText, "Immaculate Conception Cathedral, Ba:", "Immaculate Conception Cathedral, Ba", false},
		{civreg.KindText, "Immaculate Conception Cathedral, Basseterre", "Immaculate Conception Cathedral, Basseterre", true},
		{civreg.KindName, "Lennox Cuthbert QueeLey", "Lennox Cuthbert Quee Ley", false},
		{civreg.KindName, "Lennox Cuthbert Queeley", "Lennox Cuthbert Queeley", true},
	} {
		printed, conf := c.printed, 0.97
		var ws []civreg.Word
		for _, f := range strings.Fields(c.printed) {
			ws = append(ws, civreg.Word{Text: f, Conf: 0.97})
		}
		v, ok := e.normalise(c.kind, civreg.Death, ws, &printed, &conf)
		if v != c.want || ok != c.valid {
			t.Errorf("%s %q: %q valid %v, want %q valid %v", c.kind, c.printed, v, ok, c.want, c.valid)
		}
	}
}
