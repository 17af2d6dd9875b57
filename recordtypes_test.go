package civreg_test

import (
	"slices"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
)

func TestNewRecordTypeIsData(t *testing.T) {
	adoption := testsvc.WithAdoption(t)
	if got, err := civreg.ParseRecordType("adoption"); err != nil || got != adoption {
		t.Fatalf("ParseRecordType(adoption) = %q, %v", got, err)
	}
	spec, ok := adoption.Spec()
	if !ok || spec.EventDate != "date_of_adoption" || spec.Title != "Adoption" {
		t.Fatalf("Spec() = %+v, %v", spec, ok)
	}
	var keys []string
	for _, f := range spec.Fields() {
		keys = append(keys, f.Key)
	}
	want := []string{"registration_number", "registration_date", "registration_district", "adoptee_name", "adopter_name", "date_of_adoption", "birth_parent_name"}
	if !slices.Equal(keys, want) {
		t.Errorf("fields = %v, want %v", keys, want)
	}
	if got := spec.NameFields(); !slices.Equal(got, []string{"adoptee_name", "adopter_name", "birth_parent_name"}) {
		t.Errorf("name fields = %v", got)
	}
	if !slices.Contains(civreg.EventDateFields(), "date_of_adoption") {
		t.Errorf("event-date fields %v lack date_of_adoption", civreg.EventDateFields())
	}
	if err := civreg.ValidateField(adoption, "adoptee_name", "Mary Ann Liburd"); err != nil {
		t.Errorf("adoptee_name refused: %v", err)
	}
	if err := civreg.ValidateField(adoption, "child_name", "Mary Ann Liburd"); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Errorf("child_name on an adoption: %v, want EINVALID", err)
	}
	if !civreg.IsSensitive("birth_parent_name") {
		t.Error("birth_parent_name is not sensitive")
	}
}

func TestRecordTypes(t *testing.T) {
	tests := []struct {
		typ       civreg.RecordType
		eventDate string
		names     []string
	}{
		{civreg.Birth, "date_of_birth", []string{"child_name", "mother_name", "father_name", "informant_name"}},
		{civreg.Death, "date_of_death", []string{"informant_name", "deceased_name"}},
		{civreg.Marriage, "date_of_marriage", []string{"groom_name", "bride_name", "officiant_name"}},
	}
	for _, tt := range tests {
		spec, ok := tt.typ.Spec()
		if !ok || spec.EventDate != tt.eventDate || !slices.Equal(spec.NameFields(), tt.names) {
			t.Errorf("%s: spec %+v (ok %v), names %v; want event %s, names %v", tt.typ, spec, ok, spec.NameFields(), tt.eventDate, tt.names)
		}
		if _, err := civreg.ParseRecordType(string(tt.typ)); err != nil {
			t.Errorf("ParseRecordType(%s): %v", tt.typ, err)
		}
	}
	if _, ok := civreg.Unknown.Spec(); ok {
		t.Error("Unknown has a spec")
	}
	if len(civreg.FieldsOf(civreg.Unknown)) != 0 {
		t.Error("Unknown has fields")
	}
	if _, err := civreg.ParseRecordType("baptism"); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Errorf("baptism: %v, want EINVALID", err)
	}
}

func TestValidateField(t *testing.T) {
	long := make([]byte, civreg.MaxFieldLength+1)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name  string
		typ   civreg.RecordType
		key   string
		value string
		ok    bool
	}{
		{"a birth's child", civreg.Birth, "child_name", "Keisha Liburd", true},
		{"removed", civreg.Birth, "child_name", "", true},
		{"registration field on every type", civreg.Marriage, "registration_number", "M1-1970/123", true},
		{"field of another type", civreg.Death, "child_name", "Keisha Liburd", false},
		{"no such field", civreg.Birth, "nickname", "Kiki", false},
		{"too long", civreg.Birth, "place_of_birth", string(long), false},
		{"control character", civreg.Birth, "mother_name", "Ann\x00Liburd", false},
	}
	for _, tt := range tests {
		err := civreg.ValidateField(tt.typ, tt.key, tt.value)
		if (err == nil) != tt.ok || (err != nil && civreg.ErrorCode(err) != civreg.EINVALID) {
			t.Errorf("%s: ValidateField(%s, %s) = %v, want ok %v", tt.name, tt.typ, tt.key, err, tt.ok)
		}
	}
}
