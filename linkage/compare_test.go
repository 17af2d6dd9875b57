package linkage_test

import (
	"testing"

	"civreg"
	"civreg/linkage"
)

var veronica = rec(1, civreg.Birth, "child_name", "Veronica Ann Wilkes", "sex", "F", "date_of_birth", "1939-03-14",
	"registration_date", "1939-04-02", "registration_district", "Saint Mary Cayon", "mother_name", "Joan Wilkes",
	"father_name", "Errol Wilkes", "place_of_birth", "Cayon Street, Basseterre")

// TestRegistrarChecksRuleOutImpossiblePairs: each case is a record that names Veronica
// Wilkes but cannot be her, or can, with the check that decides.
func TestRegistrarChecksRuleOutImpossiblePairs(t *testing.T) {
	cases := []struct {
		name     string
		other    linkage.Record
		role     linkage.Role
		verdict  linkage.Verdict
		what     string
		possible bool
	}{
		{"death at the right age", rec(2, civreg.Death, "deceased_name", "Veronica Wilkes", "sex", "F", "age", "72", "date_of_death", "2011-06-01"),
			linkage.RoleDeceased, linkage.Agree, "age against date of birth", true},
		{"age a year off", rec(2, civreg.Death, "deceased_name", "Veronica Wilkes", "sex", "F", "age", "71", "date_of_death", "2011-06-01"),
			linkage.RoleDeceased, linkage.Close, "age against date of birth", true},
		{"died before born", rec(2, civreg.Death, "deceased_name", "Veronica Wilkes", "sex", "F", "age", "0", "date_of_death", "1938-06-01"),
			linkage.RoleDeceased, linkage.Impossible, "age against date of birth", false},
		{"a man", rec(2, civreg.Death, "deceased_name", "Veronica Wilkes", "sex", "M", "age", "72", "date_of_death", "2011-06-01"),
			linkage.RoleDeceased, linkage.Impossible, "sex", false},
		{"married at twelve", rec(2, civreg.Marriage, "bride_name", "Veronica Wilkes", "bride_age", "12", "groom_name", "Noel Fahie", "groom_age", "20", "date_of_marriage", "1951-05-01"),
			linkage.RoleBride, linkage.Impossible, "age at marriage", false},
		{"a bride of age", rec(2, civreg.Marriage, "bride_name", "Veronica Wilkes", "bride_age", "21", "groom_name", "Noel Fahie", "groom_age", "24", "date_of_marriage", "1960-05-01"),
			linkage.RoleBride, linkage.Agree, "age against date of birth", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			score, lines := linkage.Compare(veronica, c.other, linkage.SamePerson, c.role, nil)
			found := false
			for _, l := range lines {
				if l.What == c.what {
					found = true
					if l.Verdict != c.verdict {
						t.Errorf("%s: verdict %s, want %s", c.what, l.Verdict, c.verdict)
					}
				}
			}
			if !found {
				t.Fatalf("no %q line in %+v", c.what, lines)
			}
			if possible := score > 0; possible != c.possible {
				t.Errorf("score %.1f: possible = %v, want %v", score, possible, c.possible)
			}
		})
	}
}

// TestBridesMarriedSurnameCarriedToHerDeath: Veronica Wilkes marries Noel Fahie and dies as
// Veronica Fahie; another Veronica Fahie, born the same year, was never a Wilkes.
func TestBridesMarriedSurnameCarriedToHerDeath(t *testing.T) {
	records := []linkage.Record{
		veronica,
		rec(2, civreg.Marriage, "bride_name", "Veronica Ann Wilkes", "bride_age", "21", "groom_name", "Noel Fahie", "groom_age", "24",
			"date_of_marriage", "1960-05-01", "registration_district", "Saint Mary Cayon"),
		rec(3, civreg.Death, "deceased_name", "Veronica Ann Fahie", "sex", "F", "age", "72", "date_of_death", "2011-06-01",
			"registration_district", "Saint Mary Cayon"),
		rec(4, civreg.Birth, "child_name", "Noel Fahie", "sex", "M", "date_of_birth", "1935-11-02", "registration_date", "1935-11-20",
			"registration_district", "Saint Mary Cayon"),
	}
	res := linkage.NewLinker().Link(records, nil)
	want := map[[2]int64]linkage.Role{{1, 2}: linkage.RoleBride, {1, 3}: linkage.RoleDeceased, {4, 2}: linkage.RoleGroom}
	for _, p := range res.Links {
		role, ok := want[[2]int64{p.A, p.B}]
		if !ok || role != p.Role || p.Kind != linkage.SamePerson {
			t.Errorf("unexpected link %+v", p)
		}
		delete(want, [2]int64{p.A, p.B})
	}
	if len(want) > 0 {
		t.Errorf("links not made: %v (review: %+v)", want, res.Review)
	}
}

// TestLateSecondRegistrationIsADuplicateButTwinsAreNot: the same birth registered again
// years later, the middle name dropped and the date a few days off, is one birth; a twin
// (same parents and day, another name) is another, at most for a person to look at.
func TestLateSecondRegistrationIsADuplicateButTwinsAreNot(t *testing.T) {
	again := rec(2, civreg.Birth, "child_name", "Veronica Wilkes", "sex", "F", "date_of_birth", "1939-03-17",
		"registration_date", "1951-08-09", "registration_district", "Saint Mary Cayon", "mother_name", "Joan Wilkes",
		"father_name", "Errol Wilkes")
	twin := rec(3, civreg.Birth, "child_name", "Gloria Wilkes", "sex", "F", "date_of_birth", "1939-03-14",
		"registration_date", "1939-04-02", "registration_district", "Saint Mary Cayon", "mother_name", "Joan Wilkes",
		"father_name", "Errol Wilkes", "place_of_birth", "Cayon Street, Basseterre")
	res := linkage.NewLinker().Link([]linkage.Record{veronica, again, twin}, nil)
	if len(res.Links) != 1 || res.Links[0] != (linkage.Pair{A: 1, B: 2, Kind: linkage.Duplicate, Role: linkage.RoleChild, Score: res.Links[0].Score, Linked: true}) {
		t.Errorf("links %+v, want only 1 and 2 as duplicates (review %+v)", res.Links, res.Review)
	}
}
