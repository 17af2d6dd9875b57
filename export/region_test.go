package export

import (
	"testing"

	"civreg"
)

// TestEntryRegionIsItsBandOnItsPage: in a record's METS, an entry of a register page is an
// area of that page (its band as the extractor found it); a record that is its whole page,
// or a page the entry does not stand on, is the page itself.
func TestEntryRegionIsItsBandOnItsPage(t *testing.T) {
	band := []int{40, 400, 1300, 480}
	for _, c := range []struct {
		name string
		rec  civreg.Record
		page int
		want [4]int
		ok   bool
	}{
		{"entry on page 1", civreg.Record{Entry: 2, Region: band}, 1, [4]int{40, 400, 1300, 480}, true},
		{"entry on page 2, page 2", civreg.Record{Entry: 1, EntryPage: 2, Region: band}, 2, [4]int{40, 400, 1300, 480}, true},
		{"entry on page 2, page 1", civreg.Record{Entry: 1, EntryPage: 2, Region: band}, 1, [4]int{}, false},
		{"a certificate", civreg.Record{Entry: 1}, 1, [4]int{}, false},
	} {
		got, ok := entryRegion(&c.rec, c.page)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: region %v %v, want %v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
