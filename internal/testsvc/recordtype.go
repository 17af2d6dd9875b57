package testsvc

import (
	"slices"
	"testing"

	"civreg"
)

// Adoption is the fourth record type tests add to prove that a new type is data in the root
// package alone: its fields, one of them sensitive, and its event date.
const Adoption civreg.RecordType = "adoption"

// WithAdoption adds Adoption to civreg.RecordTypes and its fields to civreg.FieldSpecs for the
// rest of the test, as a change to those tables alone would. Tests using it must not run in
// parallel with others reading the tables.
func WithAdoption(t testing.TB) civreg.RecordType {
	t.Helper()
	types, fields := civreg.RecordTypes, civreg.FieldSpecs
	t.Cleanup(func() { civreg.RecordTypes, civreg.FieldSpecs = types, fields })
	civreg.RecordTypes = append(slices.Clone(types), civreg.RecordTypeSpec{Type: Adoption, Title: "Adoption", EventDate: "date_of_adoption"})
	civreg.FieldSpecs = append(slices.Clone(fields),
		civreg.FieldSpec{Key: "adoptee_name", Types: []civreg.RecordType{Adoption}, Kind: civreg.KindName},
		civreg.FieldSpec{Key: "adopter_name", Types: []civreg.RecordType{Adoption}, Kind: civreg.KindName},
		civreg.FieldSpec{Key: "date_of_adoption", Types: []civreg.RecordType{Adoption}, Kind: civreg.KindDate},
		civreg.FieldSpec{Key: "birth_parent_name", Types: []civreg.RecordType{Adoption}, Sensitive: true, Kind: civreg.KindName},
	)
	return Adoption
}
