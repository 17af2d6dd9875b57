package search_test

import (
	"context"
	"slices"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/search"
)

func TestNewRecordTypeIsSearchable(t *testing.T) {
	adoption := testsvc.WithAdoption(t)
	rec := record(9, adoption, civreg.StatusApproved, map[string]string{"adoptee_name": "Shanice Liburd", "adopter_name": "Cyril Hodge",
		"birth_parent_name": "Mavis Pemberton", "date_of_adoption": "1994-08-12", "registration_district": "Saint Mary Cayon"})
	for k := range rec.Fields {
		if err := civreg.ValidateField(adoption, k, rec.Fields[k].Value); err != nil {
			t.Fatal(err)
		}
	}
	d := search.FromRecord(rec)
	if d.EventDate != "1994-08-12" {
		t.Errorf("event date %q, want the date of adoption", d.EventDate)
	}
	if d.Names != "shanice liburd cyril hodge" && d.Names != "cyril hodge shanice liburd" {
		t.Errorf("names %q, want the adoptee's and the adopter's, folded", d.Names)
	}
	if _, ok := d.Fields["birth_parent_name"]; ok {
		t.Error("the sensitive birth parent's name is in the index document")
	}
	_, idx := newIndex(t)
	if err := idx.Put(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []int64
	}{
		{"Hodge", []int64{9}}, // not the marriage of Olive Hodge: the type filter holds
		{"Pemberton", nil},
		{"1994", []int64{9}},
	}
	for _, tt := range tests {
		got := find(t, idx, health, tt.text, func(q *civreg.SearchQuery) { q.Type = adoption })
		if !slices.Equal(got, tt.want) {
			t.Errorf("adoptions matching %q: %v, want %v", tt.text, got, tt.want)
		}
	}
}
