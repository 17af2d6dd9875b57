package storage_test

import (
	"context"
	"testing"

	"civreg"
	"civreg/extract"
	"civreg/internal/testsvc"
	"civreg/linkage"
)

// TestNameVocabularyCountsApprovedNames: the names of approved records, counted by record;
// a record still in review and a sensitive field give nothing, and the vocabulary built from
// them corrects a name OCR misread to the approved spelling.
func TestNameVocabularyCountsApprovedNames(t *testing.T) {
	ctx := context.Background()
	db, url := testsvc.ApprovedPopulation(t, []linkage.Record{
		{ID: 1, Type: civreg.Birth, Fields: map[string]string{"child_name": "Amelia Grace Liburd", "father_name": "Winston Liburd", "place_of_birth": "Secretplace Hospital"}},
		{ID: 2, Type: civreg.Birth, Fields: map[string]string{"child_name": "Amelia Grace Liburd", "mother_name": "Joan Francis"}},
		{ID: 3, Type: civreg.Marriage, Fields: map[string]string{"groom_name": "Ivor Harris", "place_of_marriage": "Moravian Church, Bethesda"}},
		{ID: 4, Type: civreg.Birth, Fields: map[string]string{"child_name": "Unapproved Name"}},
	})
	testsvc.Exec(t, url, `UPDATE records SET status = 'needs_review' WHERE id = 4`)
	names, err := db.NameVocabulary(ctx, civreg.KindName)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"Amelia Grace Liburd": 2, "Winston Liburd": 1, "Joan Francis": 1, "Ivor Harris": 1}
	if len(names) != len(want) {
		t.Fatalf("names %v, want %v", names, want)
	}
	for v, n := range want {
		if names[v] != n {
			t.Errorf("%q counted %d, want %d (all: %v)", v, names[v], n, names)
		}
	}
	places, err := db.NameVocabulary(ctx, civreg.KindText)
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 1 || places["Moravian Church, Bethesda"] != 1 {
		t.Fatalf("places %v: want the place of marriage only (the place of birth is sensitive)", places)
	}
	if _, err := db.NameVocabulary(ctx, civreg.KindDate); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Fatalf("a vocabulary of dates: %v, want EINVALID", err)
	}
	v := extract.NewVocabulary(names, places)
	if got, unique := v.Correct(civreg.KindName, "Wiriston Liburd"); got != "Winston Liburd" || !unique {
		t.Errorf("Wiriston Liburd corrected to %q (unique %v), want Winston Liburd", got, unique)
	}
	if v.Known(civreg.KindName, "Unapproved") != 0 {
		t.Error("a name of a record not approved is in the vocabulary")
	}
}
