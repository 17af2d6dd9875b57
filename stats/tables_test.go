package stats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"civreg"
)

// population is a generated set of records with the cell each should land in, worked out
// from how it was generated (not by the code under test).
type population struct {
	records []Record
	want    map[string]map[[2]string]int64 // table: cell: count
	counted map[civreg.RecordType]int64
}

var (
	genAges = []struct{ age, group, marriage string }{
		{"0", "0", "under 20"}, {"3 months", "0", "under 20"}, {"4", "1-4", "under 20"}, {"5", "5-9", "under 20"}, {"19", "15-19", "under 20"},
		{"20", "20-24", "20-24"}, {"84", "80-84", "50+"}, {"85", "85+", "50+"}, {"47", "45-49", "45-49"}, {"", Unknown, Unknown}, {"unreadable", Unknown, Unknown},
	}
	genDelays = []struct {
		days int
		band string
	}{{0, "within 30 days"}, {30, "within 30 days"}, {31, "31-365 days"}, {365, "31-365 days"}, {366, "1-5 years"}, {1825, "1-5 years"}, {1826, "over 5 years"}}
	genCauses = []struct{ cause, group string }{
		{"Myocardial infarction", "Heart disease"}, {"Stroke", "Cerebrovascular disease"}, {"Diabetes mellitus", "Diabetes and endocrine"},
		{"Unknown fever", "Other and ill-defined"}, {"", Unknown},
	}
	genSexes     = []struct{ sex, want string }{{"M", "M"}, {"F", "F"}, {"", Unknown}, {"X", Unknown}}
	genBadDates  = []string{"", "14/03/1987", "1987-02-30"}
	genDistricts = append([]string{"", "Atlantis", "saint mary cayon"}, civreg.Districts...)
)

func district(v string) string {
	switch v {
	case "", "Atlantis":
		return Unknown
	case "saint mary cayon":
		return "Saint Mary Cayon"
	}
	return v
}

// generate makes n records; every tenth event date is unreadable, every twentieth record a
// duplicate or not yet approved (neither counted).
func generate(n int, seed uint64) *population {
	rnd := rand.New(rand.NewPCG(seed, 7))
	p := &population{want: map[string]map[[2]string]int64{}, counted: map[civreg.RecordType]int64{}}
	add := func(table string, a, b string) {
		if p.want[table] == nil {
			p.want[table] = map[[2]string]int64{}
		}
		p.want[table][[2]string{a, b}]++
	}
	types := []civreg.RecordType{civreg.Birth, civreg.Death, civreg.Marriage}
	for i := range n {
		typ := types[rnd.IntN(3)]
		r := Record{ID: fmt.Sprint(i + 1), RecordType: typ, Fields: map[string]string{}}
		year, month, band := Unknown, Unknown, Unknown
		event := time.Date(1980+rnd.IntN(10), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), 0, 0, 0, 0, time.UTC)
		if i%10 == 3 {
			r.Fields[eventDateKey(typ)] = genBadDates[rnd.IntN(len(genBadDates))]
			r.Fields["registration_date"] = "1990-01-01"
		} else {
			d := genDelays[rnd.IntN(len(genDelays))]
			r.Fields[eventDateKey(typ)] = event.Format(time.DateOnly)
			year, month = event.Format("2006"), event.Format("01")
			if i%17 != 5 {
				r.Fields["registration_date"] = event.AddDate(0, 0, d.days).Format(time.DateOnly)
				band = d.band
			}
		}
		dist := genDistricts[rnd.IntN(len(genDistricts))]
		r.Fields["registration_district"] = dist
		switch i % 20 {
		case 7:
			r.DuplicateOf = "1"
		case 13:
			r.Status = civreg.StatusNeedsReview
		case 17:
			r.Status = civreg.StatusArchived
		}
		sex, age, cause := genSexes[rnd.IntN(len(genSexes))], genAges[rnd.IntN(len(genAges))], genCauses[rnd.IntN(len(genCauses))]
		groom, bride := genAges[rnd.IntN(len(genAges))], genAges[rnd.IntN(len(genAges))]
		switch typ {
		case civreg.Birth:
			r.Fields["sex"] = sex.sex
		case civreg.Death:
			r.Fields["sex"], r.Fields["age"], r.Fields["cause_of_death"] = sex.sex, age.age, cause.cause
		case civreg.Marriage:
			r.Fields["groom_age"], r.Fields["bride_age"] = groom.age, bride.age
		}
		p.records = append(p.records, r)
		if i%20 == 7 || i%20 == 13 {
			continue
		}
		p.counted[typ]++
		add("registration-timeliness", string(typ), band)
		switch typ {
		case civreg.Birth:
			add("births-by-year-district", year, district(dist))
			add("births-by-month-sex", month, sex.want)
		case civreg.Death:
			add("deaths-by-year-district", year, district(dist))
			add("deaths-by-sex-age", sex.want, age.group)
			add("deaths-by-year-cause", year, cause.group)
		case civreg.Marriage:
			add("marriages-by-year-district", year, district(dist))
			add("marriages-by-ages", groom.marriage, bride.marriage)
		}
	}
	return p
}

func TestTablesCountAGeneratedPopulationExactly(t *testing.T) {
	p := generate(6000, 1)
	counts, rules := Tally(p.records), StarterRules()
	for table, want := range p.want {
		tab, err := Compute(table, counts, rules, false, 5)
		if err != nil {
			t.Fatal(err)
		}
		cells, total := int64(0), int64(0)
		for _, r := range tab.Rows {
			if r.Suppressed {
				t.Fatalf("%s: an exact table withholds %v", table, r.Values)
			}
			k := [2]string{r.Values[0], r.Values[1]}
			switch {
			case k[0] == All && k[1] == All:
				total = r.Count
			case k[0] != All && k[1] != All:
				if r.Count != want[k] {
					t.Errorf("%s %v = %d, want %d", table, k, r.Count, want[k])
				}
				cells += r.Count
				delete(want, k)
			}
		}
		for k, n := range want {
			t.Errorf("%s: cell %v (%d records) is missing from the table", table, k, n)
		}
		if total != cells {
			t.Errorf("%s: grand total %d, cells sum to %d", table, total, cells)
		}
		checkMargins(t, tab)
	}
	tab, _ := Compute("registration-timeliness", counts, rules, false, 5)
	if got := cellOf(tab, All, All); got != p.counted[civreg.Birth]+p.counted[civreg.Death]+p.counted[civreg.Marriage] {
		t.Errorf("timeliness counts %d records, %v were counted: some were dropped", got, p.counted)
	}
}

func cellOf(t *Table, a, b string) int64 {
	for _, r := range t.Rows {
		if r.Values[0] == a && r.Values[1] == b {
			return r.Count
		}
	}
	return -1
}

// checkMargins checks every margin is the sum of its row or column.
func checkMargins(t *testing.T, tab *Table) {
	t.Helper()
	rowSum, colSum := map[string]int64{}, map[string]int64{}
	for _, r := range tab.Rows {
		if r.Values[0] != All && r.Values[1] != All {
			rowSum[r.Values[0]] += r.Count
			colSum[r.Values[1]] += r.Count
		}
	}
	for _, r := range tab.Rows {
		if r.Values[1] == All && r.Values[0] != All && r.Count != rowSum[r.Values[0]] {
			t.Errorf("%s: margin %v = %d, its row sums to %d", tab.Name, r.Values, r.Count, rowSum[r.Values[0]])
		}
		if r.Values[0] == All && r.Values[1] != All && r.Count != colSum[r.Values[1]] {
			t.Errorf("%s: margin %v = %d, its column sums to %d", tab.Name, r.Values, r.Count, colSum[r.Values[1]])
		}
	}
}

func TestCompletenessUsesTheBirthsAndDeathsCountsAndThePopulationFile(t *testing.T) {
	recs := []Record{}
	for i := range 27 {
		recs = append(recs, Record{RecordType: civreg.Birth, Fields: map[string]string{"date_of_birth": "2011-05-01", "registration_district": "Saint Mary Cayon"}})
		if i < 12 {
			recs = append(recs, Record{RecordType: civreg.Death, Fields: map[string]string{"date_of_death": "2012-05-01", "registration_district": "Saint Mary Cayon"}})
		}
	}
	tab, err := Compute(Completeness, Tally(recs), StarterRules(), true, 5)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, r := range tab.Rows {
		if r.Values[0] == All || r.Values[1] != "Saint Mary Cayon" {
			continue
		}
		pct, ok := r.Percent()
		// 3,500 people at 13.5 births and 7.2 deaths per 1,000: 47.25 births and 25.2 deaths expected.
		switch r.Values[2] {
		case "birth":
			found++
			if r.Count != 27 || *r.Expected != 47.3 || !ok || pct != 57.1 {
				t.Errorf("births 2011: %d of %v = %v%%", r.Count, *r.Expected, pct)
			}
		case "death":
			found++
			if r.Count != 12 || *r.Expected != 25.2 || !ok || pct != 47.6 {
				t.Errorf("deaths 2012: %d of %v = %v%%", r.Count, *r.Expected, pct)
			}
		}
	}
	if found != 2 {
		t.Fatalf("found %d completeness rows for Saint Mary Cayon, want 2", found)
	}
}

func TestRecordsFileTakesPlainValuesAndFieldObjects(t *testing.T) {
	in := `{"id": 1, "record_type": "birth", "fields": {"date_of_birth": "1987-03-14", "sex": "F"}}
{"id": "b2", "record_type": "birth", "fields": {"date_of_birth": {"value": "1987-04-02", "printed": "2nd April 1987", "confidence": 0.9}, "sex": {"value": "M"}}}

{"id": 3, "record_type": "death", "fields": {}, "duplicate_of": 2}
`
	recs, err := ReadRecords(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[1].Fields["date_of_birth"] != "1987-04-02" || recs[1].ID != "b2" || recs[0].ID != "1" || recs[2].Counted() {
		t.Fatalf("read %+v", recs)
	}
	for _, bad := range []struct{ line, want string }{
		{`{"id": 1, "record_type": "cat", "fields": {}}`, "line 1: record type"},
		{`{"id": 1, "record_type": "birth", "fields": {"sex": 4}}`, `line 1: field "sex"`},
		{"not json", "line 1: not a record object"},
	} {
		if _, err := ReadRecords(strings.NewReader(bad.line)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ReadRecords(%s) = %v, want %q", bad.line, err, bad.want)
		}
	}
}

func TestTableJSONAndCSV(t *testing.T) {
	recs := []Record{}
	for range 6 {
		recs = append(recs, Record{RecordType: civreg.Death, Fields: map[string]string{"sex": "F", "age": "85"}})
	}
	recs = append(recs, Record{RecordType: civreg.Death, Fields: map[string]string{"sex": "M", "age": "0"}})
	tab, err := Compute("deaths-by-sex-age", Tally(recs), StarterRules(), true, 5)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(tab)
	var out struct {
		Table string           `json:"table"`
		Rows  []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Table != "deaths-by-sex-age" || len(out.Rows) != len(tab.Rows) {
		t.Fatalf("JSON %s: %v", b, err)
	}
	for _, r := range out.Rows {
		if r["sex"] == "M" && r["age_group"] == "0" && (r["count"] != nil || r["suppressed"] != true) {
			t.Errorf("the single infant death is published: %v", r)
		}
	}
	var csv bytes.Buffer
	if err := tab.WriteCSV(&csv); err != nil || !strings.HasPrefix(csv.String(), "sex,age_group,count,suppressed\n") || !strings.Contains(csv.String(), "M,0,,true\n") {
		t.Errorf("CSV:\n%s", csv.String())
	}
	if _, err := Compute("births-by-colour", Tally(recs), StarterRules(), true, 5); err == nil || !strings.Contains(err.Error(), "births-by-year-district") {
		t.Errorf("an unknown table gives %v, want the list of tables", err)
	}
	if _, err := Compute("deaths-by-sex-age", Tally(recs), StarterRules(), true, 2); err == nil {
		t.Error("a smallest published count of 2 was accepted")
	}
}
