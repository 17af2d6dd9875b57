package storage

import (
	"testing"

	"civreg"
)

// TestEntryRegionIsTheBoxAroundItsFieldsOnThePage: a register entry's region on its page is
// the rectangle around the boxes of its fields there; fields on other pages or without a box
// do not widen it.
func TestEntryRegionIsTheBoxAroundItsFieldsOnThePage(t *testing.T) {
	fields := map[string]civreg.Field{
		"child_name":          {Page: 1, Box: []int{100, 420, 900, 470}},
		"date_of_birth":       {Page: 1, Box: []int{950, 400, 1300, 460}},
		"registration_number": {Page: 1, Box: []int{40, 430, 90, 480}},
		"father_name":         {Page: 2, Box: []int{0, 0, 2400, 3000}},
		"remarks":             {Page: 1},
	}
	for _, c := range []struct {
		page int
		want [4]int
	}{{1, [4]int{40, 400, 1300, 480}}, {2, [4]int{0, 0, 2400, 3000}}, {3, [4]int{}}} {
		if got := region(fields, c.page); got != c.want {
			t.Errorf("page %d: region %v, want %v", c.page, got, c.want)
		}
	}
}
