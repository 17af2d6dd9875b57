package civreg

import (
	"testing"
	"time"
)

func TestParseKeyedDate(t *testing.T) {
	today := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"14 3 87": "1987-03-14", "14/3/1987": "1987-03-14", "14th March 1987": "1987-03-14", "14 mar 87": "1987-03-14",
		"1st jan 05": "2005-01-01", "2nd Feb 27": "1927-02-02", "2nd Feb 26": "2026-02-02", "3rd sept 1950": "1950-09-03", " 29 2 2024 ": "2024-02-29",
		"1 12 26": "2026-12-01", "9-10-1975": "1975-10-09",
	} {
		if got, ok := ParseKeyedDate(in, today); !ok || got != want {
			t.Errorf("ParseKeyedDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "14 3", "31 2 87", "14 13 87", "14 3 987", "14x 3 87", "14 ma 87", "March 14 1987", "14 3 87 1"} {
		if got, ok := ParseKeyedDate(in, today); ok {
			t.Errorf("ParseKeyedDate(%q) = %q; want no date", in, got)
		}
	}
}

func TestKeyedValue(t *testing.T) {
	today := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ key, in, want string }{
		{"sex", "b", "M"}, {"sex", "G", "F"}, {"sex", "m", "M"}, {"sex", "f", "F"},
		{"child_name", "  mary   ann liburd ", "Mary Ann Liburd"}, {"child_name", "KEISHA O'NEIL", "Keisha O'Neil"},
		{"mother_name", "Joan McDonald", "Joan McDonald"}, {"registration_district", "st anne sandy point", "Saint Anne Sandy Point"},
		{"registration_district", "saint paul ch", "Saint Paul Charlestown"}, {"date_of_birth", "14 3 87", "1987-03-14"},
		{"registration_number", "b 12-1987/ 0042", "B12-1987/0042"}, {"child_name", "", ""},
	} {
		if got, err := KeyedValue(Birth, c.key, c.in, today); err != nil || got != c.want {
			t.Errorf("KeyedValue(%s, %q) = %q, %v; want %q", c.key, c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ key, in string }{
		{"sex", "x"}, {"date_of_birth", "yesterday"}, {"registration_district", "saint george"}, {"age", "old"}, {"deceased_name", "A"},
	} {
		if got, err := KeyedValue(Birth, c.key, c.in, today); ErrorCode(err) != EINVALID {
			t.Errorf("KeyedValue(%s, %q) = %q, %v; want EINVALID", c.key, c.in, got, err)
		}
	}
}
