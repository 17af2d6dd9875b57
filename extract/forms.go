// Package extract reads a record's fields from its OCR words: it decides the record type, finds
// each field's label on the page as one of the form designs prints it (forms.yaml), reads the
// value beside or under it, normalises it (dates, sexes, ages, districts), and scores how far
// it can be trusted. It is pure Go and knows nothing of Tesseract: words come in with boxes
// and confidences.
package extract

import (
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"civreg"

	"gopkg.in/yaml.v3"
)

//go:embed forms.yaml
var builtinForms []byte

// Design is one form design: how one kind of certificate or register prints its fields.
type Design struct {
	Name       string              `yaml:"name"`
	RecordType civreg.RecordType   `yaml:"record_type"`
	Layout     string              `yaml:"layout"`
	Titles     []string            `yaml:"titles"`
	Fields     map[string][]string `yaml:"fields"`
	// OtherColumns are register headings of columns that hold no field of the record.
	OtherColumns []string `yaml:"other_columns"`
	// Order is the usual order of a register's columns, by the first key each holds: a column
	// whose heading OCR could not read is given the key its place says, untrusted.
	Order []string `yaml:"order"`
	// ValueCell is where a boxed form's value stands when the label's own box holds none: the
	// box "right" of the label's or "below" it; empty: in the label's box only.
	ValueCell string `yaml:"value_cell"`
}

// Layouts a design may have.
const (
	LayoutCertificate = "certificate"
	LayoutRegister    = "register"
)

// Rules are the value checks shared by every design.
type Rules struct {
	RegistrationNumber  string  `yaml:"registration_number"`
	EarliestYear        int     `yaml:"earliest_year"`
	LatestYear          int     `yaml:"latest_year"`
	AgeMax              int     `yaml:"age_max"`
	MarriageAgeMin      int     `yaml:"marriage_age_min"`
	MarriageAgeMax      int     `yaml:"marriage_age_max"`
	DistrictMaxDistance int     `yaml:"district_max_distance"`
	TrustConfidence     float64 `yaml:"trust_confidence"`

	regNo *regexp.Regexp
}

// Forms is every design and the rules.
type Forms struct {
	Designs []Design `yaml:"designs"`
	Rules   Rules    `yaml:"rules"`

	labels [][]string      // every design's printed labels and other headings of 4 letters or more, as words
	words  map[string]bool // every word of every design's labels and other headings (norm)
}

// BuiltinForms returns the designs shipped with civreg.
func BuiltinForms() *Forms {
	f, err := ParseForms(builtinForms)
	if err != nil {
		panic("extract: the built-in forms.yaml is invalid: " + err.Error())
	}
	return f
}

// LoadForms reads designs from a file, or the built-in ones when path is empty.
func LoadForms(path string) (*Forms, error) {
	if path == "" {
		return BuiltinForms(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("extract: forms: %w", err)
	}
	f, err := ParseForms(b)
	if err != nil {
		return nil, fmt.Errorf("extract: forms %s: %w", path, err)
	}
	return f, nil
}

// ParseForms reads and checks a forms file. Errors name the design and what is wrong, for the
// administrator who edited it.
func ParseForms(b []byte) (*Forms, error) {
	var f Forms
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("not valid YAML: %w", err)
	}
	if len(f.Designs) == 0 {
		return nil, fmt.Errorf("no designs")
	}
	for i, d := range f.Designs {
		where := fmt.Sprintf("design %d (%q)", i+1, d.Name)
		if d.Name == "" {
			return nil, fmt.Errorf("%s has no name", where)
		}
		switch d.RecordType {
		case civreg.Birth, civreg.Death, civreg.Marriage:
		default:
			return nil, fmt.Errorf("%s: record_type %q is not birth, death or marriage", where, d.RecordType)
		}
		if d.Layout != LayoutCertificate && d.Layout != LayoutRegister {
			return nil, fmt.Errorf("%s: layout %q is not certificate or register", where, d.Layout)
		}
		if d.ValueCell != "" && d.ValueCell != "right" && d.ValueCell != "below" {
			return nil, fmt.Errorf("%s: value_cell %q is not right or below", where, d.ValueCell)
		}
		if len(d.Titles) == 0 {
			return nil, fmt.Errorf("%s has no titles", where)
		}
		allowed := map[string]bool{}
		for _, s := range civreg.FieldsOf(d.RecordType) {
			allowed[s.Key] = true
		}
		for _, key := range d.Order {
			if _, ok := d.Fields[key]; !ok && !slices.Contains(d.OtherColumns, key) {
				return nil, fmt.Errorf("%s: order names %q, which is neither among its fields nor its other_columns", where, key)
			}
		}
		for key, labels := range d.Fields {
			if !allowed[key] {
				return nil, fmt.Errorf("%s: %q is not a field of a %s record", where, key, d.RecordType)
			}
			if len(labels) == 0 {
				return nil, fmt.Errorf("%s: field %s has no labels", where, key)
			}
		}
	}
	r := &f.Rules
	var err error
	if r.regNo, err = regexp.Compile(r.RegistrationNumber); err != nil || r.RegistrationNumber == "" {
		return nil, fmt.Errorf("rules: registration_number is not a regular expression: %v", err)
	}
	if r.EarliestYear <= 0 || r.LatestYear < r.EarliestYear || r.AgeMax <= 0 || r.TrustConfidence <= 0 || r.TrustConfidence > 1 {
		return nil, fmt.Errorf("rules: earliest_year, latest_year, age_max and trust_confidence (0 to 1) must be set")
	}
	if r.MarriageAgeMax == 0 {
		r.MarriageAgeMax = r.AgeMax
	}
	f.words = map[string]bool{}
	for _, d := range f.Designs {
		var printed []string
		for _, k := range sortedFieldKeys(&d) {
			printed = append(printed, d.Fields[k]...)
		}
		for _, l := range append(printed, d.OtherColumns...) {
			t := tokens(l)
			// a label of fewer letters ("No.") is too short to tell from a value
			if len(strings.Join(t, "")) >= 4 {
				f.labels = append(f.labels, t)
			}
			for _, w := range t {
				f.words[w] = true
			}
		}
	}
	return &f, nil
}

// readsAsLabel: a value's words are a printed label or heading of some design ("REGN. NO.",
// "Signature of registrar"): the label's own words read where a value should be (an empty
// box, a column cut in the wrong place), never the value.
func (f *Forms) readsAsLabel(value string) bool {
	vt := tokens(value)
	return slices.ContainsFunc(f.labels, func(l []string) bool { return headingMatch(vt, l) >= 0.8 })
}

// design is the design of that name, or nil.
func (f *Forms) design(name string) *Design {
	for i := range f.Designs {
		if f.Designs[i].Name == name {
			return &f.Designs[i]
		}
	}
	return nil
}

// DesignsFor returns the designs of one record type (all when t is Unknown).
func (f *Forms) DesignsFor(t civreg.RecordType) []Design {
	var out []Design
	for _, d := range f.Designs {
		if t == civreg.Unknown || d.RecordType == t {
			out = append(out, d)
		}
	}
	return out
}
