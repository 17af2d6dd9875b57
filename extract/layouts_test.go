package extract

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"civreg"
)

// Registers laid out in ways no design lists: the columns in a drawn order, each headed by one
// of the registry's printed labels (records.md), wrapped or not, with or without a row of
// column numbers, two to five entries; and books of label-value blocks, several to a page. The
// layouts and values are drawn with fixed seeds, so a failure is reproducible.

var layoutLabels = map[string][]string{
	"registration_number": {"No.", "Entry No.", "Registration No.", "Reg. No."},
	"registration_date":   {"Date of Registration", "When registered", "Date registered"},
	"child_name":          {"Name of Child", "Child's Name", "Full Name of Child"},
	"sex":                 {"Sex"},
	"date_of_birth":       {"Date of Birth", "When born"},
	"place_of_birth":      {"Place of Birth", "Where born"},
	"mother_name":         {"Name of Mother", "Mother's Name"},
	"father_name":         {"Name of Father", "Father's Name"},
	"deceased_name":       {"Name of Deceased", "Deceased"},
	"age":                 {"Age", "Age at death"},
	"date_of_death":       {"Date of Death", "When died"},
	"place_of_death":      {"Place of Death", "Where died"},
	"cause_of_death":      {"Cause of Death"},
}

var layoutKeys = map[civreg.RecordType][]string{
	civreg.Birth: {"child_name", "sex", "date_of_birth", "place_of_birth", "father_name", "mother_name", "registration_date"},
	civreg.Death: {"deceased_name", "sex", "age", "date_of_death", "place_of_death", "cause_of_death", "registration_date"},
}

var (
	layoutFirst  = []string{"Amelia", "Errol", "Shanice", "Leroy", "Marcia", "Vernon", "Delia", "Clement"}
	layoutLast   = []string{"Liburd", "Hodge", "Browne", "Nisbett", "Connor", "Skerritt", "Walwyn", "Phillip"}
	layoutPlaces = []string{"Cayon Village", "Dieppe Bay", "Old Road", "Brown Hill", "Tabernacle", "Molineux"}
	layoutMonths = []string{"January", "March", "May", "July", "September", "November"}
	layoutCauses = []string{"Pneumonia", "Old age", "Cardiac arrest", "Asthma"}
)

// layoutEntry draws one entry's printed values and the values they must be read as.
func layoutEntry(rng *rand.Rand, rt civreg.RecordType, no int) (printed, want map[string]string) {
	printed, want = map[string]string{}, map[string]string{}
	set := func(k, p, w string) { printed[k], want[k] = p, w }
	name := func() string {
		return layoutFirst[rng.IntN(len(layoutFirst))] + " " + layoutLast[rng.IntN(len(layoutLast))]
	}
	date := func() (string, string) {
		d, m, y := 1+rng.IntN(28), rng.IntN(len(layoutMonths)), 1950+rng.IntN(60)
		iso := fmt.Sprintf("%04d-%02d-%02d", y, 1+2*m, d)
		return fmt.Sprintf("%d %s %d", d, layoutMonths[m], y), iso
	}
	set("registration_number", fmt.Sprint(no), fmt.Sprint(no))
	sex := []string{"Male", "Female"}[rng.IntN(2)]
	set("sex", sex, sex[:1])
	for _, k := range layoutKeys[rt] {
		switch k {
		case "child_name", "deceased_name", "father_name", "mother_name":
			n := name()
			set(k, n, n)
		case "date_of_birth", "date_of_death", "registration_date":
			p, w := date()
			set(k, p, w)
		case "place_of_birth", "place_of_death":
			p := layoutPlaces[rng.IntN(len(layoutPlaces))]
			set(k, p, p)
		case "age":
			a := fmt.Sprint(1 + rng.IntN(99))
			set(k, a, a)
		case "cause_of_death":
			c := layoutCauses[rng.IntN(len(layoutCauses))]
			set(k, c, c)
		}
	}
	return printed, want
}

// checkLayout: every entry is found in order, and no value trusted is wrong.
func checkLayout(t *testing.T, name string, entries []Entry, wants []map[string]string) {
	t.Helper()
	if len(entries) != len(wants) {
		t.Errorf("%s: %d entries, want %d", name, len(entries), len(wants))
		return
	}
	trusted := 0
	for i, en := range entries {
		for _, f := range en.Fields {
			w, ok := wants[i][f.Key]
			if !f.NeedsReview {
				trusted++
				if !ok || f.Value != w {
					t.Errorf("%s entry %d: %s = %q trusted, want %q", name, i+1, f.Key, f.Value, w)
				}
			}
		}
	}
	if trusted == 0 {
		t.Errorf("%s: nothing trusted on a clean typed page", name)
	}
}

func TestRegistersOfUnlistedLayoutsAreRead(t *testing.T) {
	for seed := uint64(1); seed <= 24; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		rt := []civreg.RecordType{civreg.Birth, civreg.Death}[rng.IntN(2)]
		keys := append([]string(nil), layoutKeys[rt]...)
		rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		keys = append([]string{"registration_number"}, keys...)
		var widths []int
		var headings [][]string
		for _, k := range keys {
			label := layoutLabels[k][rng.IntN(len(layoutLabels[k]))]
			words := strings.Fields(label)
			width := 300 + rng.IntN(200)
			head := []string{label}
			if len(words) > 2 && rng.IntN(2) == 0 {
				head = []string{strings.Join(words[:2], " "), strings.Join(words[2:], " ")} // wrapped
			}
			widths = append(widths, max(width, 12*len(head[0])+60))
			headings = append(headings, head)
		}
		if seed%3 == 0 {
			headings[0] = nil // the number's heading unread (a shaded band, a faint "No.")
		}
		if seed%4 == 1 {
			headings[2+rng.IntN(len(headings)-2)] = nil // a heading unread: its values stand apart all the same
		}
		s := &sheet{y: 100, conf: 0.95}
		s.line("REGISTER OF " + strings.ToUpper(map[civreg.RecordType]string{civreg.Birth: "births", civreg.Death: "deaths"}[rt]))
		s.line("Parish of Saint John Figtree")
		s.y += 30
		n := 2 + rng.IntN(4)
		start := 100 + rng.IntN(2000)
		var rows [][][]string
		var wants []map[string]string
		for e := range n {
			printed, want := layoutEntry(rng, rt, start+e)
			want["registration_district"] = "Saint John Figtree"
			var row [][]string
			for _, k := range keys {
				row = append(row, []string{printed[k]})
			}
			rows, wants = append(rows, row), append(wants, want)
		}
		s.table(widths, headings, rng.IntN(2) == 0, rows)
		entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
		checkLayout(t, fmt.Sprintf("seed %d (%s, %v)", seed, rt, headings), entries, wants)
		for _, en := range entries {
			if en.RecordType != rt {
				t.Errorf("seed %d: read as %s, want %s", seed, en.RecordType, rt)
			}
		}
	}
}

func TestBooksOfLabelledBlocksAreReadBlockByBlock(t *testing.T) {
	for seed := uint64(1); seed <= 16; seed++ {
		s, wants, name := labelledBook(seed, nil)
		checkLayout(t, name, (&Extractor{Forms: BuiltinForms()}).Read(s.page()), wants)
	}
}

// TestABookWhoseOpeningsAStampHidIsPartedWhereItsLabelsComeAgain: OCR lost the second entry's
// number and first label, and three labels of the first (under a stamp, say): the page still
// holds two records, parted where the labels come again, and no value of one is given to the
// other.
func TestABookWhoseOpeningsAStampHidIsPartedWhereItsLabelsComeAgain(t *testing.T) {
	for seed := uint64(1); seed <= 16; seed++ {
		s, wants, name := labelledBook(seed, func(entry, line int) bool {
			return entry == 0 && line >= 3 && line <= 5 || entry == 1 && line <= 1
		})
		entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
		if len(entries) != len(wants) {
			t.Errorf("%s: %d entries, want %d", name, len(entries), len(wants))
			continue
		}
		for i, en := range entries {
			for _, f := range en.Fields {
				if w := wants[i][f.Key]; !f.NeedsReview && f.Value != w {
					t.Errorf("%s entry %d: %s = %q trusted, want %q", name, i+1, f.Key, f.Value, w)
				}
				for j := range wants {
					if j != i && f.Value == wants[j][f.Key] && f.Value != wants[i][f.Key] && f.Key != "registration_district" {
						t.Errorf("%s entry %d: %s = %q is entry %d's", name, i+1, f.Key, f.Value, j+1)
					}
				}
			}
		}
		if got := fieldsOf(entries[1])[layoutKeys[entries[1].RecordType][1]]; got.Value != wants[1][layoutKeys[entries[1].RecordType][1]] {
			t.Errorf("%s: entry 2's second field %+v, want %q", name, got, wants[1][layoutKeys[entries[1].RecordType][1]])
		}
	}
}

// TestABookWithLabelsLostTrustsNoValueOfAnotherRecord: whatever lines OCR lost (entry 1's
// "Sex" and entry 2's number and first label; then at random, each number line at one in two
// and each label at one in six), no entry trusts a value that is not its own record's (the
// record whose values it holds most of).
func TestABookWithLabelsLostTrustsNoValueOfAnotherRecord(t *testing.T) {
	bookTrustHolds(t, "sex lost", func(entry, line int) bool { return entry == 0 && line == 2 || entry == 1 && line <= 1 }, false)
	for trial := uint64(0); trial < 40; trial++ {
		rng := rand.New(rand.NewPCG(trial, 99))
		lost := map[[2]int]bool{}
		for e := range 4 {
			for l := range 9 {
				lost[[2]int{e, l}] = l == 0 && rng.IntN(2) == 0 || l > 0 && rng.IntN(6) == 0
			}
		}
		bookTrustHolds(t, fmt.Sprintf("trial %d", trial), func(e, l int) bool { return lost[[2]int{e, l}] }, false)
	}
}

// TestABookWithLabelsInLowerCaseIsReadBlockByBlock: labels typed in lower case ("name of
// child") still part the page at its numbers, and trust holds.
func TestABookWithLabelsInLowerCaseIsReadBlockByBlock(t *testing.T) {
	bookTrustHolds(t, "lower case", nil, true)
	bookTrustHolds(t, "lower case, entry 3's number lost", func(e, l int) bool { return e == 2 && l == 0 || e == 1 && (l == 4 || l == 5) }, true)
	bookTrustHolds(t, "lower case, third label lost", func(e, l int) bool { return l == 3 }, true)
}

// TestAWordOfAValueIsNoLabel: on a book whose first entry lost its "Age" label, the "Age" of
// its cause ("Old Age") is the cause's word, not the age's label: the cause is not cut to "Old"
// and trusted.
func TestAWordOfAValueIsNoLabel(t *testing.T) {
	s := &sheet{y: 100, conf: 0.95}
	s.line("DEATHS - Saint Mary Cayon")
	s.y += 30
	row := func(label, value string) {
		if label != "" {
			s.text(140, s.y, label, 0.94)
		}
		s.text(700, s.y, value, 0.95)
		s.y += 50
	}
	for e, v := range [][]string{{"2565", "Errol Hodge", "Male", "81", "3 March 1977", "Old Road", "Old Age", "9 March 1977"},
		{"2566", "Delia Browne", "Female", "64", "12 May 1977", "Dieppe Bay", "Pneumonia", "14 May 1977"},
		{"2567", "Leroy Walwyn", "Male", "70", "20 May 1977", "Molineux", "Asthma", "22 May 1977"}} {
		s.text(100, s.y, "No. "+v[0], 0.95)
		s.y += 50
		row("Name of Deceased", v[1])
		row("Sex", v[2])
		row(map[bool]string{true: "", false: "Age"}[e == 0], v[3])
		row("Date of Death", v[4])
		row("Place of Death", v[5])
		row("Cause of Death", v[6])
		row("Date of Registration", v[7])
		s.y += 40
	}
	entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3", len(entries))
	}
	if f := fieldsOf(entries[0])["cause_of_death"]; f.Value != "Old Age" && !f.NeedsReview {
		t.Errorf("cause %+v trusted, want Old Age", f)
	}
}

// bookTrustHolds reads labelledBook pages of seeds 1 to 16 with lines lost (and labels in
// lower case) and fails t where an entry trusts a value that is not its record's (the one
// whose values it holds most of); with nothing lost, the page must also hold every record.
func bookTrustHolds(t *testing.T, name string, lost func(entry, line int) bool, lower bool) {
	t.Helper()
	for seed := uint64(1); seed <= 16; seed++ {
		s, wants, page := labelledBook(seed, lost)
		for i := range s.words {
			if w := &s.words[i]; lower && w.Box[0] >= 140 && w.Box[0] < 700 {
				w.Text = strings.ToLower(w.Text)
			}
		}
		entries := (&Extractor{Forms: BuiltinForms()}).Read(s.page())
		if lost == nil && len(entries) != len(wants) {
			t.Errorf("%s %s: %d entries, want %d", name, page, len(entries), len(wants))
		}
		for i, en := range entries {
			// the entry's record: the one whose values it holds most of
			want, most := map[string]string{}, 0
			for _, w := range wants {
				n := 0
				for _, f := range en.Fields {
					if f.Key != "registration_district" && w[f.Key] == f.Value {
						n++
					}
				}
				if n > most {
					want, most = w, n
				}
			}
			for _, f := range en.Fields {
				if w := want[f.Key]; !f.NeedsReview && f.Value != w {
					t.Errorf("%s %s entry %d: %s = %q trusted, want %q", name, page, i+1, f.Key, f.Value, w)
				}
			}
		}
	}
}

// TestOneCertificateIsOneRecord: a certificate whose informant's description stands on a line
// of its own ("Mother of the child, Cayon"), whose foot reads "District Registrar" and, under
// it, the register's entry ("Entry No. 112") holds labels and numbers twice, but is one record.
func TestOneCertificateIsOneRecord(t *testing.T) {
	for i, c := range []struct{ top, foot []string }{
		{nil, nil},
		{[]string{"No. 48213"}, []string{"No. 112 in the register"}},
		{nil, []string{"Entry No. 112 of the register of births"}},
		{[]string{"No. 48213"}, []string{"Entry 112"}},
		{[]string{"Number 48213"}, []string{"I certify that the above is a true copy", "Entry No. 112"}},
	} {
		if entries := (&Extractor{Forms: BuiltinForms()}).Read(certificateWithFoot(c.top, c.foot).page()); len(entries) != 1 {
			t.Errorf("certificate %d (%v above, %v below): read as %d entries", i, c.top, c.foot, len(entries))
		}
	}
}

// certificateWithFoot is a birth certificate whose informant's description stands on a line
// of its own and whose foot is signed by the registrar, with lines above and below it.
func certificateWithFoot(top, foot []string) *sheet {
	s := &sheet{y: 100, conf: 0.96}
	for _, l := range top {
		s.line(l)
	}
	s.line("BIRTH CERTIFICATE")
	s.y += 30
	row := func(label, value string) {
		s.text(100, s.y, label, 0.95)
		if value != "" {
			s.text(700, s.y, value, 0.96)
		}
		s.y += 50
	}
	row("Registration No.", "B5-1988/0112")
	row("Registration District", "Saint Mary Cayon")
	row("Name of Child", "Amelia Grace Liburd")
	row("Sex", "Female")
	row("Date of Birth", "14 March 1988")
	row("Place of Birth", "Cayon Village")
	row("Name of Mother", "Joan Liburd")
	row("Name of Father", "Kendall Liburd")
	row("Name of Informant", "Joan Liburd")
	s.text(100, s.y, "Mother of the child, Cayon", 0.96)
	s.y += 50
	row("Date of Registration", "2 April 1988")
	s.y += 60
	row("District Registrar", "A. Browne")
	for _, l := range foot {
		s.line(l)
	}
	return s
}

// labelledBook is a page of two to four records of "label  value" lines, each opened by its
// number; lost says which of an entry's lines (0 its number, then its labels) OCR did not read.
func labelledBook(seed uint64, lost func(entry, line int) bool) (*sheet, []map[string]string, string) {
	rng := rand.New(rand.NewPCG(seed, 11))
	rt := []civreg.RecordType{civreg.Birth, civreg.Death}[rng.IntN(2)]
	s := &sheet{y: 100, conf: 0.95}
	s.line(strings.ToUpper(map[civreg.RecordType]string{civreg.Birth: "births", civreg.Death: "deaths"}[rt]) + " - Saint Mary Cayon")
	s.y += 30
	labels := map[string]string{}
	for _, k := range layoutKeys[rt] {
		labels[k] = layoutLabels[k][rng.IntN(len(layoutLabels[k]))] + []string{":", ""}[rng.IntN(2)]
	}
	opener := []string{"No.", "Entry No.", "Entry"}[rng.IntN(3)]
	read := func(entry, line int) bool { return lost == nil || !lost(entry, line) }
	var wants []map[string]string
	for e := range 2 + rng.IntN(3) {
		printed, want := layoutEntry(rng, rt, 500+e)
		want["registration_district"] = "Saint Mary Cayon"
		if read(e, 0) {
			s.text(100, s.y, opener+" "+printed["registration_number"], 0.95)
		}
		s.y += 50
		for i, k := range layoutKeys[rt] {
			if read(e, i+1) {
				s.text(140, s.y, labels[k], 0.94)
			}
			v := printed[k]
			if f := strings.Fields(v); len(f) > 1 && rng.IntN(3) == 0 {
				// a long value wrapped onto a line of its own under it
				s.text(700, s.y, f[0], 0.95)
				s.y += 50
				v = strings.Join(f[1:], " ")
			}
			s.text(700, s.y, v, 0.95)
			s.y += 50
		}
		s.y += 40
		wants = append(wants, want)
	}
	return s, wants, fmt.Sprintf("seed %d (%s, %q)", seed, rt, opener)
}
