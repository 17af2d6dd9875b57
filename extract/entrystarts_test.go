package extract

import (
	"testing"

	"civreg"
)

// TestABandWithoutARegistrationNumberAmongNumberedEntriesIsInDoubt: the band without a number
// and the entry above it (whose value may have wrapped into it) trust nothing; the others keep
// their trust; a page where no entry or every entry has a number is left alone.
func TestABandWithoutARegistrationNumberAmongNumberedEntriesIsInDoubt(t *testing.T) {
	entry := func(reg string) Entry {
		return Entry{Fields: []civreg.Field{{Key: "registration_number", Value: reg}, {Key: "child_name", Value: "Jon Liburd"}}}
	}
	entries := []Entry{entry("2726"), entry("2727 Hyac1nth"), entry("Skerr1tt"), entry("B8-1954/2729"), entry("2730")}
	checkEntryStarts(entries)
	for i, want := range []bool{false, true, true, false, false} {
		doubt := entries[i].Doubt != ""
		if doubt != want || entries[i].Fields[1].NeedsReview != want {
			t.Errorf("entry %d (%q): doubt %q, name in review %v; want in doubt %v", i+1, entries[i].Fields[0].Value, entries[i].Doubt, entries[i].Fields[1].NeedsReview, want)
		}
	}
	for _, regs := range [][]string{{"2726", "2727", "l728"}, {"Skerr1tt", "Walwyn"}} {
		var es []Entry
		for _, r := range regs {
			es = append(es, entry(r))
		}
		checkEntryStarts(es)
		for _, en := range es {
			if en.Doubt != "" {
				t.Errorf("%v: %q in doubt: %s", regs, en.Fields[0].Value, en.Doubt)
			}
		}
	}
}

// TestACutAtAWordSpaceIsAGuess: a name whose first word the column edge gave to the column
// before stands a word space from it: a guessed cut. A column's own gap, or a ruled box
// between them, is not.
func TestACutAtAWordSpaceIsAGuess(t *testing.T) {
	w := func(text string, x0, x1 int) civreg.Word {
		return civreg.Word{Text: text, Box: [4]int{x0, 100, x1, 130}, Conf: 0.95}
	}
	h := 30
	col := column{x0: 300, x1: 700, keys: []string{"child_name"}}
	for _, c := range []struct {
		name  string
		words []civreg.Word
		cells []ruledBox
		want  bool
	}{
		{"a word space from the column before", []civreg.Word{w("Marcia", 200, 296), w("Claudette", 306, 420), w("Maynard", 430, 540)}, nil, true},
		{"a column's gap from it", []civreg.Word{w("2728", 200, 260), w("Claudette", 306, 420), w("Maynard", 430, 540)}, nil, false},
		{"a word space to the column after", []civreg.Word{w("Claudette", 306, 420), w("Maynard", 430, 694), w("Female", 704, 800)}, nil, true},
		{"a rule between them", []civreg.Word{w("Marcia", 200, 296), w("Claudette", 306, 420)}, []ruledBox{{0, 0, 300, 200}, {300, 0, 700, 200}}, false},
	} {
		l := &line{words: c.words, y0: 100, y1: 130, cells: c.cells}
		if got := cutAtAWordSpace([]*line{l}, cell([]*line{l}, col), col, h); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
