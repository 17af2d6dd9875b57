package extract

import (
	"strings"
	"testing"

	"civreg"
)

// pageEcho reads a region "again" as the page's own words inside it, optionally with one
// word replaced: the strongest agreement a second reading can give (or a chosen
// disagreement), to test what agreement may and may not do. The OCR itself is tested in
// workers, on real pages.
type pageEcho struct {
	pages    []civreg.PageWords
	replace  map[string]string
	reread   int
	failWith error
}

func (p *pageEcho) Reread(r Region) (string, float64, error) {
	p.reread++
	if p.failWith != nil {
		return "", 0, p.failWith
	}
	var out []string
	for _, w := range p.pages[r.Page-1].Words {
		if w.Box[0] >= r.Box[0] && w.Box[2] <= r.Box[2] && w.Box[1] >= r.Box[1] && w.Box[3] <= r.Box[3] {
			t := w.Text
			if s, ok := p.replace[t]; ok {
				t = s
			}
			out = append(out, t)
		}
	}
	return strings.Join(out, " "), 0.95, nil
}

// TestAgreementNeverTrustsWhatTheRulesHold: an unknown layout, an entry whose limits are
// guessed and a handwritten entry trust nothing, even when every second reading agrees; the
// same values on a certificate of a known layout are raised by agreement.
func TestAgreementNeverTrustsWhatTheRulesHold(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	untrusted := func(name string, pages []civreg.PageWords) {
		t.Helper()
		allForReview(t, name, e.ReadChecked(pages, nil, &pageEcho{pages: pages}))
	}
	odd := &sheet{y: 100, conf: 0.97}
	for _, l := range []string{"Parish Vestry Minutes 1921", "Name of Deceased: Althea Richards", "Moved by Mr. Liburd seconded by Mr. Hodge"} {
		odd.line(l)
	}
	untrusted("unknown layout", odd.page())

	untrusted("entry limits guessed", unnumberedBirths().page())

	// Confidences near the threshold: agreement would lift them.
	untrusted("handwritten", handwrittenBirths([]float64{0.91, 0.80, 0.84, 0.79, 0.88}).page())
}

// certificate is a typed birth certificate whose child's name OCR read at conf.
func certificate(conf float64) *sheet {
	s := &sheet{y: 100, conf: 0.97}
	s.line("BIRTH CERTIFICATE")
	s.line("Registration No: B5-1988/0112")
	s.text(100, s.y, "Name of Child:", 0.97)
	s.text(300, s.y, "Amelia Grace Liburd", conf)
	s.y += 50
	s.line("Sex: Female")
	s.line("Date of Birth: 14 March 1988")
	return s
}

// TestSecondReadingRaisesAgreementAndHoldsDisagreement: a name read a little below the trust
// threshold is trusted when its second reading agrees; a confident name the second reading
// contradicts is not, and the second reading is suggested; a second reading that fails gives
// no evidence, and no value is read again that could be neither trusted nor raised.
func TestSecondReadingRaisesAgreementAndHoldsDisagreement(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	child := func(entries []Entry) civreg.Field { return fieldsOf(entries[0])["child_name"] }

	near := certificate(0.80).page()
	if f := child(e.ReadChecked(near, nil, nil)); !f.NeedsReview {
		t.Fatalf("at 0.80 alone the name is trusted (%.2f): the test needs it just below the threshold", f.Confidence)
	}
	if f := child(e.ReadChecked(near, nil, &pageEcho{pages: near})); f.NeedsReview || f.Value != "Amelia Grace Liburd" {
		t.Errorf("a name the second reading agrees with: %+v, want trusted", f)
	}

	sure := certificate(0.99).page()
	en := e.ReadChecked(sure, nil, &pageEcho{pages: sure, replace: map[string]string{"Liburd": "Liburd."}})
	if f := child(en); f.NeedsReview {
		t.Errorf("a full stop the crop caught is not a disagreement: %+v", f)
	}
	dotted := certificate(0.99)
	for i, w := range dotted.words {
		if w.Text == "Grace" {
			dotted.words[i].Text = "Grace." // a speck read as a full stop inside the name
		}
	}
	dp := dotted.page()
	if f := child(e.ReadChecked(dp, nil, &pageEcho{pages: dp, replace: map[string]string{"Grace.": "Grace"}})); !f.NeedsReview {
		t.Errorf("a full stop inside a name the second reading does not see: %+v, want it in review", f)
	}
	wrong := certificate(0.99)
	for i, w := range wrong.words {
		if w.Text == "Liburd" {
			wrong.words[i].Text = "Libura" // read wrong, and sure of it
		}
	}
	wp := wrong.page()
	en = e.ReadChecked(wp, nil, &pageEcho{pages: wp, replace: map[string]string{"Libura": "Liburd"}})
	if f := child(en); !f.NeedsReview || f.Value != "Amelia Grace Libura" {
		t.Errorf("a confident misreading the second reading contradicts: %+v, want it kept as read and in review", f)
	}
	if got := en[0].Suggested["child_name"]; got != "Amelia Grace Liburd" {
		t.Errorf("suggested %q, want the second reading", got)
	}
	if f := child(e.ReadChecked(wp, nil, nil)); f.NeedsReview {
		t.Errorf("without the second reading the misreading is %+v: the case above would prove nothing", f)
	}

	failing := &pageEcho{pages: sure, failWith: civreg.Errorf(civreg.EINVALID, "no page")}
	if f := child(e.ReadChecked(sure, nil, failing)); f.NeedsReview {
		t.Errorf("a second reading that could not be made is no evidence against %+v", f)
	}
	blank := &pageEcho{pages: sure, replace: map[string]string{"Amelia": "", "Grace": "", "Liburd": ""}}
	if f := child(e.ReadChecked(sure, nil, blank)); f.NeedsReview {
		t.Errorf("a crop read as nothing at all is no evidence against %+v", f)
	}
	low := certificate(0.30).page()
	echo := &pageEcho{pages: low}
	e.ReadChecked(low, nil, echo)
	count := &pageEcho{pages: sure}
	e.ReadChecked(sure, nil, count)
	if echo.reread >= count.reread {
		t.Errorf("a name read at 0.30 was read again (%d readings, %d for the page read well): only candidates are", echo.reread, count.reread)
	}
}

// TestVocabularyCorrectsOnlyWhatItIsSureOf: a word OCR confused is corrected to the one known
// word its confusions lead to; two known words make it ambiguous, a known word is left alone,
// and a ligature's lost f is found against the places.
func TestVocabularyCorrectsOnlyWhatItIsSureOf(t *testing.T) {
	v := NewVocabulary(map[string]int{"Amelia Grace Liburd": 3, "Kendall Harris": 1, "Ivor Ellis": 1, "Eilis Maynard": 1, "Delia Maynard": 2},
		map[string]int{"Registrar's Office, Basseterre": 4})
	cases := []struct {
		kind, read, want string
		unique           bool
	}{
		{civreg.KindName, "Amelia Grace Libum", "Amelia Grace Libum", false},   // two confusions from nothing known
		{civreg.KindName, "Arnelia Grace Liburd", "Amelia Grace Liburd", true}, // rn for m
		{civreg.KindName, "De1ia Maynard", "Delia Maynard", true},              // 1 for l
		{civreg.KindName, "DELlA MAYNARD", "DELIA MAYNARD", true},              // l for I, in capitals
		{civreg.KindName, "Kendall Harris", "Kendall Harris", false},           // known: left alone
		{civreg.KindName, "Mary E1lis", "Mary E1lis", false},                   // 1 is l (Ellis) or i (Eilis): not guessed
		{civreg.KindText, "Registrar's Ofice, Basseterre", "Registrar's Office, Basseterre", true},
		{civreg.KindText, "Saint Mary Cay0n", "Saint Mary Cayon", true}, // the gazetteer's words
	}
	for _, c := range cases {
		got, unique := v.Correct(c.kind, c.read)
		if got != c.want || unique != c.unique {
			t.Errorf("Correct(%s, %q) = %q, %v; want %q, %v", c.kind, c.read, got, unique, c.want, c.unique)
		}
	}
	if n := v.Known(civreg.KindName, "liburd"); n != 3 {
		t.Errorf("Liburd known %d times, want 3", n)
	}
	var none *Vocabulary
	if got, _ := none.Correct(civreg.KindName, "De1ia"); got != "De1ia" {
		t.Errorf("no vocabulary corrected %q", got)
	}
}

// TestAValueToItsColumnsEdgeIsTrustedWhenReadSoToTheEdge: a name whose line runs to its
// column's edge may go on past it; read again in a box widened to the edge, the same words
// show that it does not, and it is trusted; another word there, or no second reading, leaves
// it in review.
func TestAValueToItsColumnsEdgeIsTrustedWhenReadSoToTheEdge(t *testing.T) {
	s := &sheet{y: 100, conf: 0.97}
	s.line("Births in the Registration District of Saint Mary Cayon")
	s.y += 30
	widths := append([]int(nil), birthWidths...)
	widths[4] = 300 // the father's column: "Kendall Augustus Warner" runs to its edge
	s.table(widths, birthHeadings, true, [][][]string{
		birthRow("511", "Twenty-first", "November 1988", "Cayon", "Amelia Warner", "Girl", "Kendall Augustus Warner",
			"Joan Jeffers", "Joan Jeffers", "Mother", "Cayon", "Fifth December 1988"),
		hodgeRow("512", "Second", "December 1988", "Ninth December 1988"),
	})
	e := &Extractor{Forms: BuiltinForms()}
	father := func(rr Rereader) civreg.Field {
		var entries []Entry
		if rr == nil {
			entries = e.Read(s.page())
		} else {
			entries = e.ReadChecked(s.page(), nil, rr)
		}
		return fieldsOf(entries[0])["father_name"]
	}
	if f := father(nil); f.Value != "Kendall Augustus Warner" || !f.NeedsReview {
		t.Errorf("without a second reading: %q review %v, want it in review", f.Value, f.NeedsReview)
	}
	if f := father(&pageEcho{pages: s.page()}); f.Value != "Kendall Augustus Warner" || f.NeedsReview {
		t.Errorf("read the same to the edge: %q at %.2f review %v, want it trusted", f.Value, f.Confidence, f.NeedsReview)
	}
	if f := father(&pageEcho{pages: s.page(), replace: map[string]string{"Warner": "Warner Jr"}}); !f.NeedsReview {
		t.Errorf("another word read to the edge: %q trusted", f.Value)
	}
}

// TestAgreementDoesNotLiftAWeaklyMatchedLabel: a second reading agreeing with a value says
// OCR read it right, not that it is the value of the label OCR half read ("Nane of Chiid"):
// that value stays in review, while the same value under its label read right is trusted.
func TestAgreementDoesNotLiftAWeaklyMatchedLabel(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	read := func(label string) civreg.Field {
		s := &sheet{y: 100, conf: 0.97}
		s.line("BIRTH CERTIFICATE")
		s.line("Registration No: B5-1988/0112")
		s.text(100, s.y, label, 0.97)
		s.text(300, s.y, "Amelia Grace Liburd", 0.97)
		s.y += 50
		s.line("Sex: Female")
		s.line("Date of Birth: 14 March 1988")
		p := s.page()
		return fieldsOf(e.ReadChecked(p, nil, &pageEcho{pages: p})[0])["child_name"]
	}
	if f := read("Name of Child:"); f.NeedsReview || f.Value != "Amelia Grace Liburd" {
		t.Fatalf("under its label read right: %+v, want trusted", f)
	}
	f := read("Nane of Chiid:")
	if f.Value != "Amelia Grace Liburd" {
		t.Fatalf("under the label half read: %+v, want the name read", f)
	}
	if !f.NeedsReview {
		t.Errorf("under the label half read, agreement trusted %q at %.2f", f.Value, f.Confidence)
	}
}

// byAttempt answers each attempt at a second reading with its own reader.
type byAttempt [2]Rereader

func (b byAttempt) Reread(r Region) (string, float64, error) { return b[r.Attempt].Reread(r) }

// TestADateIsComparedPartByPartWithEverySecondReading: a first second reading too broken to
// be a date ("15 Marc") that reads its day another way holds the date in review, though the
// next reading agrees; one whose parts agree ("14 Marc") does not.
func TestADateIsComparedPartByPartWithEverySecondReading(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	p := certificate(0.97).page()
	born := func(first map[string]string) civreg.Field {
		rr := byAttempt{&pageEcho{pages: p, replace: first}, &pageEcho{pages: p}}
		return fieldsOf(e.ReadChecked(p, nil, rr)[0])["date_of_birth"]
	}
	if f := born(map[string]string{"March": "Marc", "1988": ""}); f.NeedsReview || f.Value != "1988-03-14" {
		t.Errorf("a broken reading whose parts agree, then agreement: %+v, want trusted", f)
	}
	if f := born(map[string]string{"14": "15", "March": "Marc", "1988": ""}); !f.NeedsReview {
		t.Errorf("a broken reading of another day, then agreement: %q trusted at %.2f", f.Value, f.Confidence)
	}
	if f := born(map[string]string{"14": "", "March": "May", "1988": ""}); !f.NeedsReview {
		t.Errorf("a broken reading of another month, then agreement: %q trusted at %.2f", f.Value, f.Confidence)
	}
}

func TestDatePartsReadWhatAReadingGives(t *testing.T) {
	for in, want := range map[string][3]int{
		"14 March 1988":              {14, 3, 1988},
		"15 Marc":                    {15, 3, 0},
		"Twenty-first Nov":           {21, 11, 0},
		"l4th Mar":                   {14, 3, 0},
		"March 198":                  {0, 3, 0},
		"Nineteen hundred and":       {0, 0, 0},
		"14 March nineteen":          {14, 3, 0},
		"12 14 March":                {0, 3, 0}, // two days: neither is sure
		"Amelia 1988":                {0, 0, 1988},
		"Twenty-third\nApril 1926":   {23, 4, 1926},
		"i'Twenty-second\nJuly 1945": {0, 7, 1945}, // a speck run into the day: no day read
		"|7th May, 2022":             {7, 5, 2022}, // a rule before the day, not a 1
		"2Oth February, 1934":        {20, 2, 1934},
		"|24/06/2024":                {0, 0, 2024},
		"07-Feb-1934":                {7, 2, 1934},
	} {
		if got := dateParts(in); got != want {
			t.Errorf("dateParts(%q) = %v, want %v", in, got, want)
		}
	}
	if !dateContradicts("1988-03-14", []string{"", "14 March 1989"}) || dateContradicts("1988-03-14", []string{"14 Mar", "1988"}) {
		t.Error("dateContradicts compares every reading's parts")
	}
}

// fixedReading is a second reading that reads every region as the same text.
type fixedReading string

func (f fixedReading) Reread(Region) (string, float64, error) { return string(f), 0.95, nil }

// TestAnInformantsSecondReadingIsCutAsTheFirst: the informant's name wraps, and its box takes
// in the relation's first letters on the second line; the second reading is cut before the
// relation as the first was, so a reading of the same name agrees, and another name does not.
func TestAnInformantsSecondReadingIsCutAsTheFirst(t *testing.T) {
	ws := []civreg.Word{
		{Text: "Vernon", Conf: 0.96, Box: [4]int{1699, 607, 1827, 634}},
		{Text: "Errol", Conf: 0.96, Box: [4]int{1851, 605, 1955, 634}},
		{Text: "Claxton,", Conf: 0.96, Box: [4]int{1699, 655, 1840, 688}},
	}
	for reading, trusted := range map[string]bool{"Vernon Errol\nClaxton, Pres": true, "Vernon Errol\nCIaxtan, Pres": false} {
		e := &Extractor{Forms: BuiltinForms(), check: &checking{rr: fixedReading(reading), suggested: map[fieldAt]string{}}}
		f, _, _ := e.score(civreg.Death, rawField{key: "informant_name", words: ws, page: 1, labelQ: 1})
		if f.Value != "Vernon Errol Claxton" || f.NeedsReview == trusted {
			t.Errorf("read again as %q: %q (review %v), want trusted %v", reading, f.Value, f.NeedsReview, trusted)
		}
	}
}

// TestAColumnHoldingTwoNamesTrustsNoneOfItsCells: one cell of the child's column holds two
// names run together (a word twice), so the column took in its neighbour: the column's other
// cells, whatever they read, are not trusted either; other columns keep their trust.
func TestAColumnHoldingTwoNamesTrustsNoneOfItsCells(t *testing.T) {
	entry := func(child string) Entry {
		return Entry{Fields: []civreg.Field{{Key: "child_name", Value: child}, {Key: "mother_name", Value: "Joan Byron"}}}
	}
	entries := []Entry{entry("Basil Byron Clement Lennox Byron"), entry("Lennox Gumbs Leroy Amory")}
	checkColumnsRunTogether(entries)
	for i, en := range entries {
		if f := fieldsOf(en); !f["child_name"].NeedsReview || f["mother_name"].NeedsReview {
			t.Errorf("entry %d: child %+v, mother %+v; want the child's column alone in review", i+1, f["child_name"], f["mother_name"])
		}
	}
	clean := []Entry{entry("Clement Lennox Byron"), entry("Leroy Amory")}
	checkColumnsRunTogether(clean)
	for i, en := range clean {
		if fieldsOf(en)["child_name"].NeedsReview {
			t.Errorf("clean entry %d: child's name sent to review", i+1)
		}
	}
}
