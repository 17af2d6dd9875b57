package stats

import (
	"strings"
	"testing"
)

func TestAgeGroupsAtTheirBoundaries(t *testing.T) {
	for age, want := range map[string]string{
		"0": "0", "3 months": "0", "11 days": "0", "2 weeks": "0", "1": "1-4", "4": "1-4", "5": "5-9",
		"9": "5-9", "10": "10-14", "79": "75-79", "80": "80-84", "84": "80-84", "85": "85+", "101": "85+",
		"74 years": "70-74", " 60 ": "60-64", "": Unknown, "abc": Unknown, "-3": Unknown, "200": Unknown, "7.5": Unknown,
	} {
		if got := AgeGroup(age); got != want {
			t.Errorf("AgeGroup(%q) = %q, want %q", age, got, want)
		}
	}
}

func TestTimelinessBandsAtTheirBoundaries(t *testing.T) {
	for _, c := range []struct {
		target int
		days   string
		want   string
	}{
		{30, "0", "within 30 days"}, {30, "30", "within 30 days"}, {30, "31", "31-365 days"}, {30, "365", "31-365 days"},
		{30, "366", "1-5 years"}, {30, "1825", "1-5 years"}, {30, "1826", "over 5 years"}, {30, "-1", Unknown}, {30, "", Unknown},
		{42, "42", "within 42 days"}, {42, "43", "43-365 days"},
	} {
		if got := (Timeliness{Target: c.target}).Band(c.days); got != c.want {
			t.Errorf("target %d: Band(%q) = %q, want %q", c.target, c.days, got, c.want)
		}
	}
}

func TestDatesDistrictsAndSexes(t *testing.T) {
	for v, want := range map[string]string{"1987-03-14": "1987", "1987-02-30": "", "14/03/1987": "", "": "", "0999-01-01": "", "2000-02-29": "2000", "1900-02-29": ""} {
		if got := yearOf(v); got != want {
			t.Errorf("yearOf(%q) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[string]string{"Saint Mary Cayon": "Saint Mary Cayon", "saint  mary cayon ": "Saint Mary Cayon", "Cayon": Unknown, "": Unknown} {
		if got := District(v); got != want {
			t.Errorf("District(%q) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[string]string{"M": "M", "f": "F", "Female": "F", "": Unknown, "X": Unknown} {
		if got := Sex(v); got != want {
			t.Errorf("Sex(%q) = %q, want %q", v, got, want)
		}
	}
	if got := delayOf("1987-03-14", "1987-04-13"); got != "30" {
		t.Errorf("delay = %q, want 30", got)
	}
}

func TestStarterCauseGrouping(t *testing.T) {
	g, err := LoadCauses("")
	if err != nil {
		t.Fatal(err)
	}
	for cause, want := range map[string]string{
		"Myocardial infarction": "Heart disease", "CEREBROVASCULAR ACCIDENT": "Cerebrovascular disease",
		"Carcinoma of the prostate": "Neoplasms", "heartache of the soul": g.Other, "": Unknown, "Old age": "Old age and senility",
	} {
		if got := g.Group(cause); got != want {
			t.Errorf("Group(%q) = %q, want %q", cause, got, want)
		}
	}
}

func TestBadGroupingAndPopulationFilesAreRefusedWithTheReason(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"groups: []", `no "other" group`},
		{"other: X\ngroups:\n  - name: A\n    words: []", "needs a name and at least one word"},
		{"other: X\ngroups:\n  - name: X\n    words: [a]", "named twice"},
		{"other: X\ncolour: red", "not a cause grouping"},
	} {
		if _, err := ParseCauses([]byte(c.file)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseCauses(%q) = %v, want an error saying %q", c.file, err, c.want)
		}
	}
	head := "year,district,population,births_per_1000,deaths_per_1000\n"
	for _, c := range []struct{ file, want string }{
		{"year,place\n", "header"},
		{head + "2011,Atlantis,100,10,5\n", "not one of the fourteen"},
		{head + "20x1,Saint Mary Cayon,100,10,5\n", "not a year"},
		{head + "2011,Saint Mary Cayon,-4,10,5\n", "not a number of 0 or more"},
		{head + "2011,Saint Mary Cayon,100,10,5\n2011,Saint Mary Cayon,100,10,5\n", "line 3: Saint Mary Cayon 2011 is given twice"},
	} {
		if _, err := ParsePopulation([]byte(c.file)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParsePopulation(%q) = %v, want an error saying %q", c.file, err, c.want)
		}
	}
}

func TestExpectedCarriesTheLatestEarlierRowForward(t *testing.T) {
	p, err := ParsePopulation([]byte("year,district,population,births_per_1000,deaths_per_1000\n2001,Saint Mary Cayon,2000,15,5\n2011,Saint Mary Cayon,3000,10,8\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		year   int
		deaths bool
		want   float64
		ok     bool
	}{{2000, false, 0, false}, {2001, false, 30, true}, {2010, true, 10, true}, {2011, false, 30, true}, {2030, true, 24, true}} {
		got, ok := p.Expected(c.year, "Saint Mary Cayon", c.deaths)
		if got != c.want || ok != c.ok {
			t.Errorf("Expected(%d, deaths %v) = %v, %v; want %v, %v", c.year, c.deaths, got, ok, c.want, c.ok)
		}
	}
}
