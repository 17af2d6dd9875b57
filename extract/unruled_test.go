package extract

import (
	"slices"
	"strings"
	"testing"

	"civreg"
)

// unruledSection is a birth table's columns: No., name, date of birth, sex.
func unruledSection(numbered bool) *section {
	s := &section{bodyTop: 50, bodyBottom: 2000, x0: 0, x1: 800, cols: []column{
		{x0: 100, x1: 400, keys: []string{"child_name"}},
		{x0: 400, x1: 700, keys: []string{"date_of_birth"}},
		{x0: 700, x1: 800, keys: []string{"sex"}},
	}}
	if numbered {
		s.cols = append([]column{{x0: 0, x1: 100, keys: []string{"registration_number"}}}, s.cols...)
	}
	return s
}

// textLine is a line at y, 30 px high, of words starting at the xs.
func textLine(y int, words map[int]string) *line {
	l := &line{page: 1, y0: y, y1: y + 30}
	for x := 0; x < 800; x += 10 {
		if w, ok := words[x]; ok {
			l.words = append(l.words, civreg.Word{Text: w, Conf: 0.95, Box: [4]int{x + 5, y, x + 5 + 15*len(w), y + 30}})
		}
	}
	return l
}

// An entry whose number OCR did not read, standing apart below the last entry numbered, is
// an entry of its own, in doubt, not dropped; a stamp's words below it, one a line, are none,
// though they stand in three columns.
func TestLinesApartBelowTheLastEntryAreAnEntry(t *testing.T) {
	body := []*line{
		textLine(100, map[int]string{0: "101", 100: "Una", 400: "Fifth", 700: "Girl"}),
		textLine(140, map[int]string{100: "Mills", 400: "June"}),
		textLine(600, map[int]string{100: "Ivor", 400: "Sixth", 700: "Boy"}),
		textLine(640, map[int]string{100: "Keys", 400: "June"}),
	}
	bands := rowBands(unruledSection(true), body, 30)
	if len(bands) != 2 {
		t.Fatalf("%d entries, want 2: the lines below the last number are an entry", len(bands))
	}
	if bands[0].doubt != "" || len(bands[0].rows[0]) != 2 {
		t.Errorf("first entry: %d lines, doubt %q; want its 2 lines, no doubt", len(bands[0].rows[0]), bands[0].doubt)
	}
	if b := bands[1]; b.doubt == "" || len(b.rows[0]) != 2 || b.top > 600 || b.bottom < 670 {
		t.Errorf("second entry: %d lines from %d to %d, doubt %q; want the 2 lines below, in doubt", len(b.rows[0]), b.top, b.bottom, b.doubt)
	}
	stamped := append(body[:2:2], textLine(600, map[int]string{100: "REGISTRY"}), textLine(640, map[int]string{400: "CHARLESTOWN"}),
		textLine(680, map[int]string{700: "1970"}))
	if n := len(rowBands(unruledSection(true), stamped, 30)); n != 1 {
		t.Errorf("a stamp below the last entry: %d entries, want 1", n)
	}
}

// On an unruled page the gap that parts entries is the page's own: a hand's lines stand 1.7
// line heights apart within an entry (two of them touching), the entries 4.5 apart, so without
// entry numbers the entries are parted at the wide gaps, not at every line. A ruled page, and
// a page of one entry, keep the fixed 1.5 line heights.
func TestAnUnruledPagesEntriesArePartedByItsOwnGaps(t *testing.T) {
	var body []*line
	for e := range 3 {
		for _, dy := range []int{0, 25, 105} {
			body = append(body, textLine(100+e*270+dy, map[int]string{100: "Name", 400: "Date", 700: "Sex"}))
		}
	}
	if g := entryGap(body, 30); g <= 50 || g >= 135 {
		t.Errorf("entry gap %d, want between the lines' 50 and the entries' 135", g)
	}
	bands := rowBands(unruledSection(false), body, 30)
	if len(bands) != 3 {
		t.Fatalf("%d entries, want 3", len(bands))
	}
	for i, b := range bands {
		if len(b.rows[0]) != 3 || !strings.Contains(b.doubt, "guessed") {
			t.Errorf("entry %d: %d lines, doubt %q; want 3 lines, its limits guessed", i+1, len(b.rows[0]), b.doubt)
		}
	}
	if g := entryGap(body[:3], 30); g != 45 {
		t.Errorf("one entry's lines: entry gap %d, want the fixed 45", g)
	}
	cells := []ruledBox{{0, 0, 800, 2000}}
	for _, l := range body {
		l.cells = cells
	}
	if g := entryGap(body, 30); g != 45 {
		t.Errorf("ruled page: entry gap %d, want the fixed 45", g)
	}
}

// A line close under an entry's first line, across the columns with letters in the No.
// column (the date begun far left, under a number written by hand and read as letters),
// is the entry's second line, not an entry: the entries' numbers are then in doubt.
func TestALineOfLettersCloseUnderAnEntryBeginsNone(t *testing.T) {
	body := []*line{
		textLine(100, map[int]string{0: "Ilo", 100: "Una", 400: "Fifth", 700: "Girl"}),
		textLine(135, map[int]string{0: "March", 100: "Mills", 400: "June"}),
		textLine(400, map[int]string{0: "102", 100: "Ivor", 400: "Sixth", 700: "Boy"}),
		textLine(440, map[int]string{100: "Keys", 400: "June"}),
	}
	bands := rowBands(unruledSection(true), body, 30)
	if len(bands) != 2 {
		t.Fatalf("%d entries, want 2", len(bands))
	}
	if len(bands[0].rows[0]) != 2 || bands[0].doubt == "" {
		t.Errorf("first entry: %d lines, doubt %q; want 2 lines, in doubt", len(bands[0].rows[0]), bands[0].doubt)
	}
	// a number there is an entry's, however close
	body[1] = textLine(135, map[int]string{0: "101", 100: "Mills", 400: "June", 700: "Boy"})
	if n := len(rowBands(unruledSection(true), body, 30)); n != 3 {
		t.Errorf("a number close under the first entry: %d entries, want 3", n)
	}
}

// TestARowsFarEndAboveItsNumberBeginsItsEntry: on a page left a little skewed the far end of
// an entry's first row stands higher than its number, its lines one on another; apart from the
// entry above, they begin the numbered entry instead of ending the one above.
func TestARowsFarEndAboveItsNumberBeginsItsEntry(t *testing.T) {
	body := []*line{
		textLine(100, map[int]string{0: "101", 100: "Una", 400: "Fifth", 700: "Girl"}),
		textLine(135, map[int]string{100: "Mills", 400: "June"}),
		textLine(240, map[int]string{700: "Boy"}), // the next row's far end, higher
		textLine(255, map[int]string{400: "Ninth"}),
		textLine(268, map[int]string{0: "102", 100: "Errol"}),
		textLine(305, map[int]string{100: "Hodge"}),
	}
	starts, _ := numberStarts(unruledSection(true), body, 30, 45)
	if len(starts) != 2 || starts[1] != 2 {
		t.Errorf("entries start at lines %v, want [0 2]", starts)
	}
	// lines close under the entry above stay with it
	body[2] = textLine(170, map[int]string{700: "Boy"})
	body[3] = textLine(205, map[int]string{400: "Ninth"})
	body[4] = textLine(238, map[int]string{0: "102", 100: "Errol"})
	if starts, _ := numberStarts(unruledSection(true), body, 30, 45); len(starts) != 2 || starts[1] != 4 {
		t.Errorf("entries start at lines %v, want [0 4]", starts)
	}
}

// TestLinesApartAboveTheFirstNumberAreAnEntry: an entry whose number OCR did not read, above
// the first number read, is an entry of its own, in doubt; the numbered entries below are not
// put in doubt by it. A line or two of a heading's remnant there is no entry.
func TestLinesApartAboveTheFirstNumberAreAnEntry(t *testing.T) {
	body := []*line{
		textLine(100, map[int]string{100: "Sonia", 400: "Second", 700: "Girl"}),
		textLine(140, map[int]string{100: "Liburd", 400: "June"}),
		textLine(600, map[int]string{0: "102", 100: "Ivor", 400: "Sixth", 700: "Boy"}),
		textLine(640, map[int]string{100: "Keys", 400: "June"}),
	}
	bands := rowBands(unruledSection(true), body, 30)
	if len(bands) != 2 {
		t.Fatalf("%d entries, want 2: the lines above the first number are an entry", len(bands))
	}
	if b := bands[0]; b.doubt == "" || len(b.rows[0]) != 2 {
		t.Errorf("first entry: %d lines, doubt %q; want the 2 lines above, in doubt", len(b.rows[0]), b.doubt)
	}
	if b := bands[1]; b.doubt != "" || len(b.rows[0]) != 2 {
		t.Errorf("numbered entry: %d lines, doubt %q; want its 2 lines, no doubt", len(b.rows[0]), b.doubt)
	}
	// where the numbers are not clear (one wrapped onto the next line), the page stays in doubt
	wrapped := append(slices.Clone(body[:3]), textLine(632, map[int]string{0: "103", 100: "Keys", 400: "June"}))
	if bands := rowBands(unruledSection(true), wrapped, 30); len(bands) == 0 || bands[len(bands)-1].doubt == "" {
		t.Errorf("numbers not clear: the numbered entry's doubt lost")
	}
	remnant := append([]*line{textLine(100, map[int]string{400: "(4)"})}, body[2:]...)
	if bands := rowBands(unruledSection(true), remnant, 30); len(bands) != 1 || bands[0].doubt == "" {
		t.Errorf("a remnant above the first number: %d entries, want 1 in doubt", len(bands))
	}
}

// TestAColumnsValuesAGutterApartFromItsHeadingAreAColumnOfTheirOwn: the "Sex" and "Age"
// headings were lost, so their values stand in the "Occupation" column, each two letters'
// height clear of the next on every entry: they are parted off as columns without a heading
// (their keys then come from their values); a word space apart, values stay one column.
func TestAColumnsValuesAGutterApartFromItsHeadingAreAColumnOfTheirOwn(t *testing.T) {
	c := column{x0: 705, x1: 1123, heading: "Occupation", quality: 1}
	head := []civreg.Word{{Text: "Occupation", Box: [4]int{984, 276, 1100, 294}}}
	var body []*line
	for i, occ := range []string{"Clerk", "Child", "Housewife", "Domestic"} {
		y := 385 + 200*i
		body = append(body, &line{page: 1, y0: y, y1: y + 18, words: []civreg.Word{
			{Text: "Male", Box: [4]int{726, y, 788, y + 18}},
			{Text: "51", Box: [4]int{861, y, 884, y + 18}},
			{Text: occ, Box: [4]int{938, y, 938 + 15*len(occ), y + 18}},
		}})
	}
	parts := partColumn(c, head, body, 18)
	if len(parts) != 3 || parts[0].heading != "" || parts[0].x1 < 788 || parts[0].x1 > 861 || parts[1].heading != "" ||
		parts[2].heading != "Occupation" || !parts[2].split || parts[2].quality > 0.5 {
		t.Fatalf("parts %+v, want the sexes', the ages' and the occupation's columns, parted in the gutters, in review", parts)
	}
	// a heading wider than its values, over a gutter: one part keeps it
	wide := []civreg.Word{{Text: "Occupation", Box: [4]int{850, 276, 1100, 294}}}
	kept := 0
	for _, p := range partColumn(c, wide, body, 18) {
		if p.heading != "" {
			kept++
		}
	}
	if kept != 1 {
		t.Errorf("a heading over a gutter kept by %d parts, want 1", kept)
	}
	for _, l := range body {
		l.words[0].Box[2] = 846 // "Male" a word space from the age
		l.words[1].Box[2] = 925 // and the age from the occupation
	}
	if parts := partColumn(c, head, body, 18); len(parts) != 1 {
		t.Errorf("values a word space apart parted: %+v", parts)
	}
}

// TestEntriesWhoseNumbersWereAllLostArePartedByTheGaps: faint type lost every entry's number;
// the entries are parted at the page's gaps, as on a page of no numbers column, each in doubt.
func TestEntriesWhoseNumbersWereAllLostArePartedByTheGaps(t *testing.T) {
	body := []*line{
		textLine(100, map[int]string{100: "Una", 400: "Fifth", 700: "Girl"}),
		textLine(140, map[int]string{100: "Mills", 400: "June"}),
		textLine(240, map[int]string{100: "Ivor", 400: "Sixth", 700: "Boy"}),
		textLine(280, map[int]string{100: "Keys", 400: "June"}),
	}
	bands := rowBands(unruledSection(true), body, 30)
	if len(bands) != 2 || bands[0].doubt == "" || bands[1].doubt == "" || len(bands[0].rows[0]) != 2 {
		t.Errorf("%d entries (doubts %q), want 2 of 2 lines, each in doubt", len(bands), func() []string {
			var d []string
			for _, b := range bands {
				d = append(d, b.doubt)
			}
			return d
		}())
	}
}
