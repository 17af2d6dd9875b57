package extract

import (
	"strings"
	"testing"

	"civreg"
)

// TestTheTableNamesTheRecordTypeWithTheTitle: a marriage register's page under a deaths title
// (a volume's title misread, or another volume's page filed with it) is read as marriages, the
// headings only marriages print outweighing the title, and nothing of it is trusted: its type
// is for a person to check. Under its own title the same table is not in doubt, and a
// table of headings every register prints ("No.", "Name and surname", "Age", "Sex") leaves
// the type to the title with no doubt.
func TestTheTableNamesTheRecordTypeWithTheTitle(t *testing.T) {
	marriages := func(title string) []Entry {
		s := &sheet{y: 100, conf: 0.95}
		s.line(title)
		s.table(marriageWidths, marriageHeadings, true, [][][]string{
			{{"M1-1975/0007"}, {"Twelfth April 1975"}, {"Winston Claxton"}, {"28 years"}, {"Bachelor"}, {"Mason"}, {"Basseterre"}, {"Rupert Claxton"}},
			{{}, {}, {"Gloria Maynard"}, {"24 years"}, {"Spinster"}, {"Nurse"}, {"Basseterre"}, {"Ivor Maynard"}},
		})
		return (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	}
	for _, en := range marriages("Deaths in the Registration District of Saint George Basseterre") {
		if en.RecordType != civreg.Marriage || !strings.Contains(en.Doubt, "title names a death register") || en.TypeConfidence >= 0.6 {
			t.Errorf("under a deaths title: %s (type confidence %.2f), doubt %q", en.RecordType, en.TypeConfidence, en.Doubt)
		}
		for _, f := range en.Fields {
			if !f.NeedsReview {
				t.Errorf("under a deaths title %s = %q trusted", f.Key, f.Value)
			}
		}
	}
	for _, en := range marriages("Marriages in the Registration District of Saint George Basseterre") {
		if en.RecordType != civreg.Marriage || strings.Contains(en.Doubt, "title") {
			t.Errorf("under its own title: %s, doubt %q", en.RecordType, en.Doubt)
		}
	}

	// Headings every kind prints: the title names the type.
	s := &sheet{y: 100, conf: 0.95}
	s.line("Deaths in the Registration District of Saint Paul Charlestown")
	s.table([]int{240, 480, 200, 160}, [][]string{{"No."}, {"Name and", "surname"}, {"Sex"}, {"Age"}}, true, [][][]string{
		{{"D9-1990/0042"}, {"Una Walwyn"}, {"Female"}, {"3 months"}},
		{{"D9-1990/0043"}, {"Basil Tross"}, {"Male"}, {"74 years"}},
	})
	ev := map[civreg.RecordType]float64{}
	lines := buildLines(s.page()[0])
	for _, sec := range findSections(headingVocabulary(BuiltinForms()), lines, medianHeight(lines)) {
		for k, v := range tableEvidence(BuiltinForms(), sec, lines) {
			ev[k] += v
		}
	}
	if got := typeByTable(ev); got != civreg.Unknown {
		t.Errorf("headings every register prints name the type %s (evidence %v)", got, ev)
	}
	if got := typeByTitle(BuiltinForms(), lines, s.y); got != civreg.Death {
		t.Errorf("the title names %s, want death", got)
	}
}

// TestADeathTableUnderABirthTitleIsInDoubt: the headings of a death register ("When and where
// died", "Cause of death") under a births title send the page's type to a person.
func TestADeathTableUnderABirthTitleIsInDoubt(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("Births in the Registration District of St. Paul Charlestown")
	s.table(deathWidths, deathHeadings, true, deathRows)
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	for i, en := range entries {
		if en.RecordType != civreg.Death || !strings.Contains(en.Doubt, "title names a birth register, the table's headings a death register") {
			t.Errorf("entry %d: %s, doubt %q", i+1, en.RecordType, en.Doubt)
		}
		for _, f := range en.Fields {
			if !f.NeedsReview {
				t.Errorf("entry %d %s trusted", i+1, f.Key)
			}
		}
	}
}
