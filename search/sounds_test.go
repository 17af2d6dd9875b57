package search_test

import (
	"context"
	"fmt"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/search"
)

// spellings are records of one surname spelt three ways, and a name that only looks alike.
var spellings = []*civreg.Record{
	record(11, civreg.Death, civreg.StatusApproved, map[string]string{"deceased_name": "Veronica Fahie", "date_of_death": "2011-06-01"}),
	record(12, civreg.Death, civreg.StatusApproved, map[string]string{"deceased_name": "Noel Fahey", "date_of_death": "2001-02-03"}),
	record(13, civreg.Birth, civreg.StatusApproved, map[string]string{"child_name": "Joan Fahei", "registration_date": "1950-01-02"}),
	record(14, civreg.Death, civreg.StatusApproved, map[string]string{"deceased_name": "Errol Fraser", "date_of_death": "1999-09-09"}),
}

// TestNameSearchFindsSpellingsThatSoundAlike: "Fahey" and "Fahei" find "Fahie", the spelling
// typed first, then the others that sound the same; a name merely near in letters is not
// found by its sound.
func TestNameSearchFindsSpellingsThatSoundAlike(t *testing.T) {
	db, _ := testsvc.MigratedDB(t)
	idx := db.Search()
	for _, r := range spellings {
		if err := idx.Put(context.Background(), search.FromRecord(r)); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		query string
		first int64   // the spelling typed
		want  []int64 // everything found
	}{
		{"Fahey", 12, []int64{11, 12, 13}},
		{"Fahei", 13, []int64{11, 12, 13}},
		{"Fahie", 11, []int64{11, 12, 13}},
		{"Veronica Fahey", 11, []int64{11}},
		{"Fraser", 14, []int64{14}},
	}
	for _, c := range cases {
		got := find(t, idx, reviewer, c.query, nil)
		if len(got) == 0 || got[0] != c.first || fmt.Sprint(sorted(got)) != fmt.Sprint(c.want) {
			t.Errorf("%q: found %v, want %d first of %v", c.query, got, c.first, c.want)
		}
	}
	h := civreg.SearchHit{Fields: map[string]string{"deceased_name": "Veronica Fahie"}}
	search.Highlight(&h, search.ParseQuery("Fahey"))
	if h.Highlights["deceased_name"] != "Veronica <mark>Fahie</mark>" {
		t.Errorf("highlight %v", h.Highlights)
	}
}

func TestMeiliSearchAlsoAsksBySound(t *testing.T) {
	f, m := newFake(t)
	q := search.ParseQuery("Fahey")
	q.Statuses, q.Page, q.PerPage = mustStatuses(t, reviewer), 1, 20
	if _, err := m.Search(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	bySound := false
	for _, req := range f.requests["POST /indexes/records/search"] {
		on, _ := req["attributesToSearchOn"].([]any)
		if len(on) == 1 && on[0] == "sounds" && req["q"] == "fh" {
			bySound = true
		}
	}
	if !bySound {
		t.Errorf("no search by the sound key fh on sounds: %v", f.requests["POST /indexes/records/search"])
	}
	if d := search.FromRecord(spellings[0]); d.Sounds != "frnk fh" {
		t.Errorf("sounds of Veronica Fahie: %q", d.Sounds)
	}
}
