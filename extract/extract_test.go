package extract

import (
	"strings"
	"testing"

	"civreg"
)

func TestParseDateReadsTheRegistrysFormats(t *testing.T) {
	for in, want := range map[string]string{
		"14 March 1987": "1987-03-14", "14th March, 1987": "1987-03-14", "14/03/1987": "1987-03-14",
		"March 14, 1987": "1987-03-14", "14-Mar-1987": "1987-03-14", "4November 1988": "1988-11-04",
		"l4/O3/1987": "1987-03-14", "1st January, 1950": "1950-01-01", "22nd Febuary 2001": "2001-02-22", "June7,1975": "1975-06-07",
		"Q1-Nov-1929": "1929-11-01", "6TH MAY 1932": "1932-05-06", "G-Oct-1950": "1950-10-06",
	} {
		if got, ok := ParseDate(in); !ok || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "31/02/1990", "March 1987", "yesterday", "14/13/1987", "1 1 March 1987", "March 1 4, 1987",
		"2 Twelfth August 1966", "Twelfth 2 August 1966"} {
		if got, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %q, want no date", bad, got)
		}
	}
}

func TestNormalisersForSexAgeDistrictAndNumbers(t *testing.T) {
	for in, want := range map[string]string{"Male": "M", "F": "F", "Female": "F", "Maie": "M", "m.": "M"} {
		if got, ok := ParseSex(in); !ok || got != want {
			t.Errorf("ParseSex(%q) = %q", in, got)
		}
	}
	for in, want := range map[string]int{"74": 74, "74 years": 74, "3lyears": 31, "7O": 70} {
		if got, ok := ParseAge(in); !ok || got != want {
			t.Errorf("ParseAge(%q) = %d, %v", in, got, ok)
		}
	}
	for in, want := range map[string]string{"St. George Basseterre": "Saint George Basseterre", "Saint Paui Charlestovm": "Saint Paul Charlestown",
		"Christ Church Nichola Tovvn": "Christ Church Nichola Town"} {
		if got, d := SnapDistrict(in); got != want || d > 4 {
			t.Errorf("SnapDistrict(%q) = %q at %d", in, got, d)
		}
	}
	for in, want := range map[string]string{"B3-2000/0792": "B3-2000/0792", "B3–2OOO/O792": "B3-2000/0792", "° D1-1988/0701": "D1-1988/0701", "83-2000/0792": "B3-2000/0792",
		"B8-1954/175 Sandy": "B8-1954/175", "B3-2000/0792 Sandy Point": "B3-2000/0792", "B6 2013 3448": "B620133448"} {
		if got := CleanRegNo(in); got != want {
			t.Errorf("CleanRegNo(%q) = %q, want %q", in, got, want)
		}
	}
	if got := TidyName("Dwayne Marvin PoweLL"); got != "Dwayne Marvin Powell" {
		t.Errorf("TidyName = %q", got)
	}
	// OCR's typographic apostrophe is the typewriter's straight one
	if got := TidyName("Patrick O’Garro"); got != "Patrick O'Garro" {
		t.Errorf("TidyName = %q", got)
	}
	if got := TidyText("St. Paul’s Anglican Church, Charlestown"); got != "St. Paul's Anglican Church, Charlestown" {
		t.Errorf("TidyText = %q", got)
	}
	if !PlausibleName("Rev. Canon Leroy Hodge") || PlausibleName("surname |Leroy") || PlausibleName("Althea") {
		t.Error("PlausibleName")
	}
}

// words lays out text as OCR would return it: one word per token, left to right, one line per
// entry, with the given confidence.
func words(lines []string, conf float64) []civreg.Word {
	var out []civreg.Word
	for i, l := range lines {
		x := 100
		for _, tok := range strings.Fields(l) {
			w := 20 * len(tok)
			out = append(out, civreg.Word{Text: tok, Conf: conf, Box: [4]int{x, 100 + 60*i, x + w, 130 + 60*i}, Line: i + 1})
			x += w + 15
		}
	}
	return out
}

func TestExtractReadsACertificateAndTrustsOnlyWhatValidates(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	res := e.Extract([]civreg.PageWords{{Number: 1, Width: 2000, Height: 2000, Words: words([]string{
		"CERTIFICATE OF DEATH",
		"Registration No.: D1-1988/0701",
		"Date of Registration: 10th November, 1988",
		"Registration District: St. George Basseterre",
		"Name of Deceased: Althea Richards",
		"Sex: Female",
		"Age at death: 94 years",
		"Date of Death: 4 November 1988",
		"Place of Death: Old Road Village",
		"Cause of Death: Diabetes mellitus",
	}, 0.96)}})
	if res.RecordType != civreg.Death || res.TypeConfidence < 0.9 {
		t.Fatalf("type %s at %.2f", res.RecordType, res.TypeConfidence)
	}
	got := map[string]civreg.Field{}
	for _, f := range res.Fields {
		got[f.Key] = f
	}
	want := map[string]string{"registration_number": "D1-1988/0701", "registration_date": "1988-11-10", "registration_district": "Saint George Basseterre",
		"deceased_name": "Althea Richards", "sex": "F", "age": "94", "date_of_death": "1988-11-04", "place_of_death": "Old Road Village", "cause_of_death": "Diabetes mellitus"}
	for k, v := range want {
		if got[k].Value != v || got[k].NeedsReview {
			t.Errorf("%s = %+v, want %q trusted", k, got[k], v)
		}
	}
	if got["date_of_death"].Printed != "4 November 1988" {
		t.Errorf("printed text not kept: %+v", got["date_of_death"])
	}
	if _, ok := got["informant_name"]; ok {
		t.Error("a field not on the page was guessed")
	}
}

func TestExtractFlagsARegistrationBeforeTheEvent(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	res := e.Extract([]civreg.PageWords{{Number: 1, Words: words([]string{
		"BIRTH CERTIFICATE",
		"Date of Registration: 1 March 1987",
		"Date of Birth: 14 March 1987",
		"Sex: M",
	}, 0.97)}})
	for _, f := range res.Fields {
		if (f.Key == "registration_date" || f.Key == "date_of_birth") && !f.NeedsReview {
			t.Errorf("%s trusted although registered before the birth", f.Key)
		}
	}
}

func TestLowConfidenceOrInvalidValuesNeedReview(t *testing.T) {
	e := &Extractor{Forms: BuiltinForms()}
	res := e.Extract([]civreg.PageWords{{Number: 1, Words: words([]string{
		"MARRIAGE CERTIFICATE",
		"Age of Bride: 7",
		"Name of Bride: Joan Williams",
	}, 0.6)}})
	for _, f := range res.Fields {
		if !f.NeedsReview {
			t.Errorf("%s trusted at confidence %.2f", f.Key, f.Confidence)
		}
	}
}

func TestFormsFileErrorsNameTheDesign(t *testing.T) {
	for yaml, says := range map[string]string{
		"designs: [{name: x, record_type: burial, layout: certificate, titles: [X]}]":                                "burial",
		"designs: [{name: x, record_type: birth, layout: scroll, titles: [X]}]":                                      "scroll",
		"designs: [{name: x, record_type: birth, layout: register, titles: [X], fields: {age: [Age]}}]":              "not a field of a birth",
		"designs: [{name: x, record_type: birth, layout: register, titles: [X]}]\nrules: {registration_number: '('}": "regular expression",
		"designs: [": "YAML",
	} {
		if _, err := ParseForms([]byte(yaml)); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%q: %v, want an error saying %q", yaml, err, says)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"14 March 1987", "14/03/1987", "March 14, 1987", "14-Mar-1987", "4November 1988"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := ParseDate(s); ok && len(v) != 10 {
			t.Fatalf("ParseDate(%q) = %q", s, v)
		}
	})
}

func FuzzTidyName(f *testing.F) {
	f.Add("Dwayne Marvin PoweLL")
	f.Add("O'Neil McDonald-Smith")
	f.Fuzz(func(t *testing.T, s string) {
		n := TidyName(s)
		if TidyName(n) != n {
			t.Fatalf("TidyName not stable on %q: %q then %q", s, n, TidyName(n))
		}
	})
}

func FuzzParseForms(f *testing.F) {
	f.Add(builtinForms)
	f.Fuzz(func(t *testing.T, b []byte) {
		ParseForms(b) // must not panic
	})
}
