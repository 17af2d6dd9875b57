package civreg

// FieldSpec describes one field key of docs/records.md.
type FieldSpec struct {
	Key string
	// Types are the record types holding the field; nil means every type in RecordTypes,
	// so a new record type has the registration fields without a change here.
	Types     []RecordType
	Sensitive bool // never indexed; shown only to roles allowed (User.MaySeeSensitive)
	Kind      string
}

// Field value kinds: how a value is normalised and validated.
const (
	KindText     = "text"
	KindName     = "name"
	KindDate     = "date"
	KindSex      = "sex"
	KindAge      = "age"
	KindDistrict = "district"
	KindRegNo    = "regno"
)

// FieldSpecs lists every field key in the order of docs/records.md.
var FieldSpecs = []FieldSpec{
	{"registration_number", nil, false, KindRegNo},
	{"registration_date", nil, false, KindDate},
	{"registration_district", nil, false, KindDistrict},
	{"child_name", []RecordType{Birth}, false, KindName},
	{"sex", []RecordType{Birth, Death}, false, KindSex},
	{"date_of_birth", []RecordType{Birth}, true, KindDate},
	{"place_of_birth", []RecordType{Birth}, true, KindText},
	{"mother_name", []RecordType{Birth}, false, KindName},
	{"father_name", []RecordType{Birth}, false, KindName},
	{"informant_name", []RecordType{Birth, Death}, false, KindName},
	{"deceased_name", []RecordType{Death}, false, KindName},
	{"age", []RecordType{Death}, false, KindAge},
	{"date_of_death", []RecordType{Death}, false, KindDate},
	{"place_of_death", []RecordType{Death}, true, KindText},
	{"cause_of_death", []RecordType{Death}, true, KindText},
	{"date_of_marriage", []RecordType{Marriage}, false, KindDate},
	{"place_of_marriage", []RecordType{Marriage}, false, KindText},
	{"groom_name", []RecordType{Marriage}, false, KindName},
	{"groom_age", []RecordType{Marriage}, false, KindAge},
	{"bride_name", []RecordType{Marriage}, false, KindName},
	{"bride_age", []RecordType{Marriage}, false, KindAge},
	{"officiant_name", []RecordType{Marriage}, false, KindName},
}

// LookupField returns the spec of key, or false when key is not a field of the registry.
func LookupField(key string) (FieldSpec, bool) {
	for _, f := range FieldSpecs {
		if f.Key == key {
			return f, true
		}
	}
	return FieldSpec{}, false
}

// FieldsOf returns the field specs that belong to records of type t.
func FieldsOf(t RecordType) []FieldSpec {
	var out []FieldSpec
	if _, ok := t.Spec(); !ok {
		return nil
	}
	for _, f := range FieldSpecs {
		if f.Types == nil {
			out = append(out, f)
			continue
		}
		for _, ft := range f.Types {
			if ft == t {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// IsSensitive reports whether key is a sensitive field; unknown keys count as sensitive so
// that a new key never leaks by default.
func IsSensitive(key string) bool {
	f, ok := LookupField(key)
	return !ok || f.Sensitive
}

// VisibleFields returns the fields u may see: sensitive ones are dropped for roles not allowed them.
func VisibleFields(u *User, fields map[string]Field) map[string]Field {
	if u.MaySeeSensitive() {
		return fields
	}
	out := make(map[string]Field, len(fields))
	for k, f := range fields {
		if !IsSensitive(k) {
			out[k] = f
		}
	}
	return out
}
