package main

import (
	"slices"
	"testing"

	"civreg/extract"
	"civreg/internal/samples"
)

// TestEntriesArePairedWithTheRecordsTheyStandOn: an entry read over two records is paired
// with the first; the next entry, standing on the third record, is that record's, not the
// second's by its place in the page's order; the second record is not found.
func TestEntriesArePairedWithTheRecordsTheyStandOn(t *testing.T) {
	truth := []samples.RecordTruth{
		{Entry: 1, Page: 1, Region: [4]int{110, 176, 1190, 420}},
		{Entry: 2, Page: 1, Region: [4]int{110, 420, 1190, 670}},
		{Entry: 3, Page: 1, Region: [4]int{110, 670, 1190, 929}},
	}
	read := []extract.Entry{
		{Entry: 1, Page: 1, Region: [4]int{0, 180, 1296, 631}},
		{Entry: 2, Page: 1, Region: [4]int{0, 674, 1296, 881}},
	}
	got := matchEntries(truth, read)
	if got[0].Entry != 1 || got[2].Entry != 2 {
		t.Errorf("records 1 and 3 paired with entries %d and %d, want 1 and 2", got[0].Entry, got[2].Entry)
	}
	if en, ok := got[1]; ok {
		t.Errorf("record 2, which no entry stands on alone, paired with entry %d", en.Entry)
	}
	// Bands that overlap nothing (a page read without regions) pair by their order.
	flat := []extract.Entry{{Entry: 1, Page: 1}, {Entry: 2, Page: 1}, {Entry: 3, Page: 1}}
	if got := matchEntries(truth, flat); got[1].Entry != 2 || got[2].Entry != 3 {
		t.Errorf("without bands, records paired with %+v", got)
	}
}

// TestABlindScansMisreadingsAreListedOnlyWithV: a measurement of the blind set reports how
// well it was read, not what was misread, unless asked (-v); other scans' lines are listed.
func TestABlindScansMisreadingsAreListedOnlyWithV(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		ev := &evaluation{verbose: verbose}
		ev.tell(samples.Truth{File: "blind-unruled-0001.png", Blind: true}, "blind line")
		ev.tell(samples.Truth{File: "ledger-0001.png"}, "held-out line")
		want := []string{"held-out line"}
		if verbose {
			want = []string{"blind line", "held-out line"}
		}
		if !slices.Equal(ev.wrong, want) {
			t.Errorf("-v %v: lines %q, want %q", verbose, ev.wrong, want)
		}
	}
}
