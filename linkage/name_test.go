package linkage

import (
	"slices"
	"testing"
)

func TestPhoneticKeysMeetForNamesThatSoundAlike(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"fahie", "fahey", true},
		{"fahie", "fahei", true},
		{"smith", "smyth", true},
		{"phillip", "filip", true},
		{"knight", "nite", true},
		{"jeffers", "jefers", true},
		{"wilkes", "fahie", false},
		{"liburd", "hodge", false},
		{"browne", "brown", true},
		{"claxton", "clarke", false},
	}
	for _, c := range cases {
		ka, kb := Phonetic(c.a), Phonetic(c.b)
		if (ka == kb) != c.same {
			t.Errorf("Phonetic(%q) = %q, Phonetic(%q) = %q: same = %v, want %v", c.a, ka, c.b, kb, ka == kb, c.same)
		}
	}
	if Phonetic("") != "" {
		t.Errorf("Phonetic of nothing is %q", Phonetic(""))
	}
}

func TestParseNameKeepsTheNameBorneAtTheTime(t *testing.T) {
	cases := []struct {
		in   string
		want Name
	}{
		{"Amelia Grace Liburd", Name{"amelia", []string{"grace"}, "liburd"}},
		{"Joan Francis formerly Jeffers", Name{"joan", []string{}, "francis"}},
		{"Rev. Canon Leroy Hodge", Name{"leroy", []string{}, "hodge"}},
		{"MARY O'GARRO", Name{"mary", []string{}, "ogarro"}},
		{"Renée  Smith-Jones", Name{"renee", []string{"smith"}, "jones"}},
		{"Wilkes", Name{Surname: "wilkes"}},
		{"", Name{}},
	}
	for _, c := range cases {
		got := ParseName(c.in)
		if got.Given != c.want.Given || got.Surname != c.want.Surname || !slices.Equal(got.Middle, c.want.Middle) {
			t.Errorf("ParseName(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestNearNameAllowsOneSlip(t *testing.T) {
	cases := []struct {
		a, b string
		near bool
	}{
		{"liburd", "libud", true},   // dropped
		{"liburd", "libburd", true}, // doubled
		{"liburd", "lirbud", false}, // two apart
		{"liburd", "libudr", true},  // neighbours swapped
		{"liburd", "lebard", false},
		{"liburd", "liburt", true},
		{"ann", "anne", true},
		{"al", "ab", false}, // too short to tell
	}
	for _, c := range cases {
		if got := nearName(c.a, c.b); got != c.near {
			t.Errorf("nearName(%q, %q) = %v, want %v", c.a, c.b, got, c.near)
		}
	}
}
