package civreg

import (
	"strings"
	"unicode"
)

// RecordTypeSpec is what the registry knows of one kind of record. The table RecordTypes is
// the one place a record type is defined: its fields come from FieldSpecs, its name fields
// from their kind, and every adapter reads the rest from here.
type RecordTypeSpec struct {
	Type RecordType
	// Title is what the archive copy and the pages call a record of this type ("Birth record").
	Title string
	// EventDate is the key of the field dating the event the record registers.
	EventDate string
	// AdultAges: the ages on such a record are of adults (the parties to a marriage), so
	// extraction checks them against the adult range of its rules, not from zero.
	AdultAges bool
}

// RecordTypes lists the record types the registry holds, in the order of docs/records.md.
var RecordTypes = []RecordTypeSpec{
	{Type: Birth, Title: "Birth", EventDate: "date_of_birth"},
	{Type: Death, Title: "Death", EventDate: "date_of_death"},
	{Type: Marriage, Title: "Marriage", EventDate: "date_of_marriage", AdultAges: true},
}

// Spec returns the table entry of t, or false for Unknown and any type not in the table.
func (t RecordType) Spec() (RecordTypeSpec, bool) {
	for _, s := range RecordTypes {
		if s.Type == t {
			return s, true
		}
	}
	return RecordTypeSpec{Type: t}, false
}

// Fields returns the field specs of records of this type, in the order of FieldSpecs.
func (s RecordTypeSpec) Fields() []FieldSpec { return FieldsOf(s.Type) }

// NameFields lists the keys of this type's fields that hold people's names (KindName).
func (s RecordTypeSpec) NameFields() []string { return namesIn(s.Fields()) }

// NameFields lists every field key holding a person's name, whatever the record type.
func NameFields() []string { return namesIn(FieldSpecs) }

func namesIn(specs []FieldSpec) []string {
	var out []string
	for _, f := range specs {
		if f.Kind == KindName {
			out = append(out, f.Key)
		}
	}
	return out
}

// EventDateFields lists, in table order, every record type's event-date field.
func EventDateFields() []string {
	var out []string
	for _, s := range RecordTypes {
		out = append(out, s.EventDate)
	}
	return out
}

// RecordTypeNames lists the names a record type may be given, in table order, Unknown last.
func RecordTypeNames() []string {
	names := make([]string, 0, len(RecordTypes)+1)
	for _, r := range RecordTypes {
		names = append(names, string(r.Type))
	}
	return append(names, string(Unknown))
}

// ParseRecordType returns the record type named s, or an EINVALID error.
func ParseRecordType(s string) (RecordType, error) {
	t := RecordType(s)
	if _, ok := t.Spec(); ok || t == Unknown {
		return t, nil
	}
	return "", Errorf(EINVALID, "record type %q is not one of %s", s, strings.Join(RecordTypeNames(), ", "))
}

// MaxFieldLength is the longest value, in bytes, a field may hold.
const MaxFieldLength = 500

// ValidateField checks that key is a field of records of type t and that value may be stored
// in it; the error (EINVALID) says what is wrong in the clerk's words. An empty value (the
// field removed) is always allowed for a field of the type.
func ValidateField(t RecordType, key, value string) error {
	ok := false
	for _, f := range FieldsOf(t) {
		ok = ok || f.Key == key
	}
	if !ok {
		return Errorf(EINVALID, "%q is not a field of a %s record", key, t)
	}
	if len(value) > MaxFieldLength {
		return Errorf(EINVALID, "the value of %s is longer than %d characters", key, MaxFieldLength)
	}
	if strings.IndexFunc(value, unicode.IsControl) >= 0 {
		return Errorf(EINVALID, "the value of %s has control characters", key)
	}
	return nil
}
