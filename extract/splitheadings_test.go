package extract

import (
	"slices"
	"testing"

	"civreg"
)

// rowBirths is a birth register page with its headings on one line each, as an unruled
// register-row page prints them; the father's heading stands 16 pixels from the informant's,
// less than a wide space, so the two are read as one column's heading.
func rowBirths(informant string, rows [][2]string) *sheet {
	s := &sheet{y: 100, conf: 0.96}
	s.line("Register of Births")
	s.y += 30
	headings := [][]string{{"Entry No."}, {"Date registered"}, {"District"}, {"Name of Child"}, {"Sex"}, {"Date of Birth"},
		{"Where born"}, {"Mother's Name"}, {"Name of Father"}, {informant}}
	widths := []int{240, 260, 200, 260, 120, 260, 240, 240, 180, 240}
	var cells [][][]string
	for i, r := range rows {
		cells = append(cells, [][]string{{"B5-1988/011" + itoa(i+1)}, {"9 May 1988"}, {"Cayon"}, {"Amelia Liburd"}, {"F"},
			{"1 May 1988"}, {"Cayon"}, {"Joan Liburd"}, {r[0]}, {r[1]}})
	}
	s.table(widths, headings, false, cells)
	return s
}

// Two headings read as one ("Name of Father Informant") are parted at the gap between them:
// the father's name and the informant's are each read from their own column, and trusted when
// each half reads cleanly as its heading; a half read less cleanly ("Inform.") is not trusted.
func TestTwoHeadingsReadAsOneArePartedAtTheirGap(t *testing.T) {
	rows := [][2]string{{"Leroy Hodge", "Joan Liburd"}, {"Errol Hodge", "Ivy Browne"}}
	for _, c := range []struct {
		informant string
		trusted   bool
	}{{"Informant", true}, {"Inform.", false}} {
		entries := (&Extractor{Forms: BuiltinForms()}).Read(rowBirths(c.informant, rows).page())
		if len(entries) != 2 {
			t.Fatalf("%s: %d entries, want 2", c.informant, len(entries))
		}
		for i, en := range entries {
			got := fieldsOf(en)
			if f := got["father_name"]; f.Value != rows[i][0] || f.NeedsReview {
				t.Errorf("%s: entry %d father %q (review %v), want %q trusted", c.informant, i+1, f.Value, f.NeedsReview, rows[i][0])
			}
			if f := got["informant_name"]; f.Value != rows[i][1] || f.NeedsReview == c.trusted {
				t.Errorf("%s: entry %d informant %q (review %v), want %q trusted %v", c.informant, i+1, f.Value, f.NeedsReview, rows[i][1], c.trusted)
			}
		}
	}
}

// A heading of two known headings is not parted where as many values run across the gap as
// stand on a side of it, nor where all of them stand on one side: they say the column is one.
func TestAHeadingIsPartedOnlyWhereItsValuesAre(t *testing.T) {
	d := BuiltinForms().Designs[0]
	for _, x := range BuiltinForms().Designs {
		if x.Name == "register of births" {
			d = x
		}
	}
	word := func(text string, x0, x1, y int) civreg.Word {
		return civreg.Word{Text: text, Conf: 0.95, Box: [4]int{x0, y, x1, y + 24}}
	}
	head := []civreg.Word{word("Name", 108, 156, 100), word("of", 166, 190, 100), word("Father", 200, 272, 100),
		word("Informant", 288, 396, 100)}
	c := column{x0: 100, x1: 500, heading: "Name of Father Informant"}
	for _, tc := range []struct {
		name  string
		body  []civreg.Word
		split bool
	}{
		{"values each side", []civreg.Word{word("Leroy", 108, 168, 200), word("Joan", 288, 336, 200)}, true},
		{"a value across", []civreg.Word{word("Leroy", 108, 168, 200), word("Joan", 288, 336, 200), word("Hodge-Browne", 178, 322, 250)}, false},
		{"values one side", []civreg.Word{word("Leroy", 108, 168, 200), word("Errol", 108, 168, 250)}, false},
	} {
		a, b, ok := headingSplit(&d, c, head, tc.body)
		if ok != tc.split {
			t.Errorf("%s: parted %v, want %v", tc.name, ok, tc.split)
		}
		if ok && (a.x1 != b.x0 || a.x1 <= 272 || a.x1 >= 288 || a.heading != "Name of Father" || b.heading != "Informant" || !a.split || !b.split) {
			t.Errorf("%s: parted into %+v and %+v, want at the gap between Father and Informant", tc.name, a, b)
		}
	}
}

// TestAHeadingShortenedByContractionNamesItsLabel: registers shorten long words keeping their
// first and last letters ("Regn." for "Registration"); a word that merely shares letters, or
// ends otherwise, is not the label's.
func TestAHeadingShortenedByContractionNamesItsLabel(t *testing.T) {
	for heading, want := range map[string]bool{"Regn. No.": true, "Registration No.": true, "Regstn No.": true, "Regt. No.": false, "Ran No.": false} {
		if got := headingMatch(tokens(heading), tokens("Registration No.")) >= 0.8; got != want {
			t.Errorf("%q names \"Registration No.\": %v, want %v", heading, got, want)
		}
	}
}

// TestAHeadingAbbreviatedToThreeLettersNamesALongLabel: "SIG., DESCR. & RESID. OF INFORMANT"
// names every word of the informant's combined heading; three letters name only a long word.
func TestAHeadingAbbreviatedToThreeLettersNamesALongLabel(t *testing.T) {
	label := tokens("Signature, description and residence of informant")
	if q := headingMatch(tokens("SIG., DESCR. & RESID. OF INFORMANT"), label); q < 0.9 {
		t.Errorf("abbreviated heading matches %.2f, want 0.9 (every word, as abbreviations)", q)
	}
	if sameToken("sex", "sexes") || sameToken("no", "number") {
		t.Error("a short word taken as an abbreviation of a word barely longer")
	}
}

// TestThreeHeadingsReadAsOneArePartedTwice: "Name of Bridegroom", "Groom's Age" and "Wife"
// read as one column's heading are parted into the three columns, each with its values.
func TestThreeHeadingsReadAsOneArePartedTwice(t *testing.T) {
	d := registerDesign(civreg.Marriage)
	at := func(text string, x0, y int) civreg.Word {
		return civreg.Word{Text: text, Conf: 0.95, Box: [4]int{x0, y, x0 + 10*len(text), y + 20}}
	}
	head := []civreg.Word{at("Name", 1123, 262), at("of", 1179, 262), at("Bridegroom", 1202, 262),
		at("Groom's", 1321, 262), at("Age", 1400, 262), at("Wife", 1448, 262)}
	body := []civreg.Word{at("Percival", 1123, 342), at("Egbert", 1210, 342), at("26", 1321, 342),
		at("Esther", 1449, 342), at("Marcia", 1515, 342)}
	c := column{x0: 1070, x1: 1588, heading: headingText(head)}
	cols := splitHeadings(d, []column{c}, head, body)
	var got []string
	for _, c := range cols {
		got = append(got, c.heading)
	}
	if want := []string{"Name of Bridegroom", "Groom's Age", "Wife"}; !slices.Equal(got, want) {
		t.Errorf("headings parted into %q, want %q", got, want)
	}
}
