package extract

import (
	"testing"

	"civreg"
)

// TestARegisterWhoseHeadingsWereNotReadIsPartedAtItsNumbers: a death register's page of which
// OCR read the title and the entries but no heading (their print read as a picture) is parted
// into its entries at the numbers down its left edge, each a death of the page's district with
// nothing trusted; a page without a register's title is not.
func TestARegisterWhoseHeadingsWereNotReadIsPartedAtItsNumbers(t *testing.T) {
	s := &sheet{y: 100, conf: 0.5}
	s.line("Deaths in the Registration District of Saint George Gingerland")
	s.y += 200
	var tops []int
	for _, no := range []string{"2246", "2247", "2248"} {
		tops = append(tops, s.y)
		s.text(100, s.y, no+" TWENTIETH PERCIVAL M 9 LABOURER DIABETES DWAYNE TWENTY-FIRST", 0.5)
		s.text(300, s.y+50, "AUGUST 1929 EGBERT YEARS MELLITUS HODGE AUGUST", 0.5)
		s.text(300, s.y+100, "CAYON STREET HODGE SON", 0.5)
		s.y += 300
	}
	page := s.page()
	page[0].Width = 1600
	entries := (&Extractor{Forms: BuiltinForms()}).Read(page)
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3: %+v", len(entries), entries)
	}
	for i, en := range entries {
		if en.RecordType != civreg.Death || en.Layout != LayoutRegister || en.Doubt == "" {
			t.Errorf("entry %d: %s %s doubt %q", i+1, en.RecordType, en.Layout, en.Doubt)
		}
		if en.Region[1] > tops[i] || en.Region[3] < tops[i]+124 || i > 0 && en.Region[1] < entries[i-1].Region[3] {
			t.Errorf("entry %d band %v, its lines %d-%d", i+1, en.Region, tops[i], tops[i]+124)
		}
		got := fieldsOf(en)
		if got["registration_number"].Value != []string{"2246", "2247", "2248"}[i] || got["registration_district"].Value != "Saint George Gingerland" {
			t.Errorf("entry %d: number %q district %q", i+1, got["registration_number"].Value, got["registration_district"].Value)
		}
		for _, f := range en.Fields {
			if !f.NeedsReview {
				t.Errorf("entry %d %s trusted", i+1, f.Key)
			}
		}
	}
	// The same lines under no register's title are not taken for a register's entries.
	page[0].Words = page[0].Words[10:] // the title's words
	if entries := (&Extractor{Forms: BuiltinForms()}).Read(page); len(entries) != 1 {
		t.Errorf("without the title: %d entries, want 1", len(entries))
	}
}
