package extract

import (
	"testing"

	"civreg"
)

// rowRuled rules the page's table between its rows, each rule in two pieces (cut where a
// column's rule crosses it), as OCR finds them, and under its headings.
func rowRuled(p civreg.PageWords, bands [][2]int) civreg.PageWords {
	x0, x1 := 100, 100
	for _, w := range birthWidths {
		x1 += w
	}
	hline := func(y int) {
		p.Rules = append(p.Rules, civreg.Rule{Box: [4]int{x0, y - 2, x0 + 900, y + 2}}, civreg.Rule{Box: [4]int{x0 + 906, y - 2, x1, y + 2}})
	}
	hline(bands[0][0] - 15)
	for _, b := range bands {
		hline(b[1] - 15)
	}
	return p
}

// TestRowRulesBoundAnEntryWhoseNumberWasNotRead: on a page ruled between its rows, the middle
// entry's number lost by OCR, the rules still make it an entry of its own, in review, and the
// entry above keeps to its own row.
func TestRowRulesBoundAnEntryWhoseNumberWasNotRead(t *testing.T) {
	s, bands := cayonBirths(0.95,
		liburdRow("511", "Twenty-first", "November 1988", "Fifth December 1988"),
		hodgeRow("", "Second", "December 1988", "Ninth December 1988"),
		browneRow("513"),
	)
	page := rowRuled(s.page()[0], bands)
	entries := (&Extractor{Forms: BuiltinForms()}).Read([]civreg.PageWords{page})
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3: %+v", len(entries), entries)
	}
	for i, child := range []string{"Amelia Liburd", "Errol Hodge", "Shanice Browne"} {
		if got := fieldsOf(entries[i])["child_name"].Value; got != child {
			t.Errorf("entry %d child %q, want %q", i+1, got, child)
		}
	}
	if entries[1].Doubt == "" {
		t.Errorf("the entry without its number is not in doubt")
	}
	allForReview(t, "no number", entries[1:2])
	if f := fieldsOf(entries[0])["registration_date"]; f.Value != "1988-12-05" {
		t.Errorf("entry 1 registered %q: the next row's lines joined it", f.Value)
	}
}

// TestUnruledRowsKeepTheNumbers: without rules between the rows the same page is cut at its
// numbers, as before: the entry whose number was lost stays with the one above.
func TestUnruledRowsKeepTheNumbers(t *testing.T) {
	s, _ := cayonBirths(0.95,
		liburdRow("511", "Twenty-first", "November 1988", "Fifth December 1988"),
		hodgeRow("", "Second", "December 1988", "Ninth December 1988"),
	)
	if entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page()); len(entries) != 1 {
		t.Fatalf("%d entries, want 1 (the numbers cut the page)", len(entries))
	}
}

// TestRowRulesRunOnPastALineTakenForHeadings: a line of an entry's that reads like headings
// ("Residence of informant") makes a table of a column, dropped; the entries below it, under
// the same row rules, are still the table's.
func TestRowRulesRunOnPastALineTakenForHeadings(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("Births in the Registration District of Saint Mary Cayon")
	first := liburdRow("511", "Twenty-first", "November 1988", "Fifth December 1988")
	first[6] = append(first[6], "", "Residence of informant")
	bands := s.table(birthWidths, birthHeadings, true, [][][]string{
		first,
		hodgeRow("512", "Second", "December 1988", "Ninth December 1988"),
		browneRow("513"),
	})
	page := rowRuled(s.page()[0], bands)
	entries := (&Extractor{Forms: BuiltinForms()}).Read([]civreg.PageWords{page})
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3", len(entries))
	}
	for i, child := range []string{"Amelia Liburd", "Errol Hodge", "Shanice Browne"} {
		if got := fieldsOf(entries[i])["child_name"].Value; got != child {
			t.Errorf("entry %d child %q, want %q", i+1, got, child)
		}
	}
}

// TestARuleReadAsLettersIsNoEntry: a rule OCR read as letters ("ee") between the headings and
// the first row rule fills no row: the page holds its two entries, not three.
func TestARuleReadAsLettersIsNoEntry(t *testing.T) {
	s, bands := cayonBirths(0.95,
		liburdRow("511", "Twenty-first", "November 1988", "Fifth December 1988"),
		hodgeRow("512", "Second", "December 1988", "Ninth December 1988"),
	)
	page := rowRuled(s.page()[0], bands)
	y := bands[0][0] - 19
	page.Words = append(page.Words, civreg.Word{Text: "ee", Conf: 0.4, Box: [4]int{110, y, 134, y + 6}})
	entries := (&Extractor{Forms: BuiltinForms()}).Read([]civreg.PageWords{page})
	if len(entries) != 2 || fieldsOf(entries[0])["child_name"].Value != "Amelia Liburd" {
		t.Fatalf("%d entries, want 2, the first Amelia Liburd's", len(entries))
	}
}
