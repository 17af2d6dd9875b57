package population

import (
	"strings"
	"testing"

	"civreg"
	"civreg/linkage"
)

// TestPopulationCarriesTheSlipsOfARealRegistry checks the generated records have what the
// linkage must cope with, in about the proportions asked for.
func TestPopulationCarriesTheSlipsOfARealRegistry(t *testing.T) {
	pop := Generate(ForRecords(9, 20000))
	again := Generate(ForRecords(9, 20000))
	if len(pop.Records) != len(again.Records) || pop.Records[100].Fields["child_name"] != again.Records[100].Fields["child_name"] {
		t.Fatal("the same seed gave another population")
	}
	var births, second, deaths, marriedDeaths, marriages int
	for _, r := range pop.Records {
		switch r.Type {
		case civreg.Birth:
			births++
			if y := r.Fields["date_of_birth"][:4]; y < "1930" || y > "2015" {
				t.Errorf("birth in %s", y)
			}
			p, _ := pop.Person(r.ID, linkage.RoleChild)
			if pop.births[p][0] != r.ID {
				second++
			}
		case civreg.Death:
			deaths++
			p, _ := pop.Person(r.ID, linkage.RoleDeceased)
			if len(pop.births[p]) > 0 && pop.people[p].married != "" && strings.HasSuffix(r.Fields["deceased_name"], pop.people[p].married) {
				marriedDeaths++
			}
		case civreg.Marriage:
			marriages++
		}
	}
	t.Logf("%d records: %d births (%d registered again), %d deaths (%d under a married surname), %d marriages",
		len(pop.Records), births, second, deaths, marriedDeaths, marriages)
	if share := float64(second) / float64(births-second); share < 0.02 || share > 0.04 {
		t.Errorf("%.3f of births registered twice, want about 3%%", share)
	}
	if deaths < births/4 || marriages < births/6 || marriedDeaths < deaths/10 {
		t.Errorf("too few deaths (%d), marriages (%d) or women dying under a married surname (%d)", deaths, marriages, marriedDeaths)
	}
	truth := pop.Truth()
	if truth[linkage.SamePerson] < deaths/2 || truth[linkage.Duplicate] != second {
		t.Errorf("truth %v does not match the records", truth)
	}
}

// TestNamesGrowWithTheRegistry: a registry ten times larger has many more distinct names
// (not the same hundred), its commonest name is still a small share, and each seed has its
// own habits.
func TestNamesGrowWithTheRegistry(t *testing.T) {
	small, large := Generate(ForRecords(4, 3000)).Names(), Generate(ForRecords(4, 30000)).Names()
	t.Logf("3,000 records: %+v; 30,000: %+v", small, large)
	if large.Given < 2*small.Given || large.Surnames < 2*small.Surnames {
		t.Errorf("distinct names grew from %d given and %d surnames to only %d and %d", small.Given, small.Surnames, large.Given, large.Surnames)
	}
	if large.TopGiven > 0.05 || large.TopSurname > 0.1 {
		t.Errorf("the commonest given name is %.3f of children and surname %.3f: a registry's names are not so few", large.TopGiven, large.TopSurname)
	}
	if ParamsFor(1) == ParamsFor(2) {
		t.Error("seeds 1 and 2 share their habits")
	}
}
