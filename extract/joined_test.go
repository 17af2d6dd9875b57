package extract

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"civreg"
)

// TestWordsOCRRanTogetherInAHeadingAreParted: "AGEOF" is "AGE" and "OF", each with its share
// of the box; a word that is a label's, or not two of them, stays whole.
func TestWordsOCRRanTogetherInAHeadingAreParted(t *testing.T) {
	words := BuiltinForms().words
	for text, want := range map[string]string{"AGEOF": "AGE|OF", "DATEOF": "DATE|OF", "Nameof": "Name|of",
		"Informant": "Informant", "Maynard": "Maynard", "Byron": "Byron", "Atwell": "Atwell", "1964": "1964"} {
		parts := partWord(civreg.Word{Text: text, Box: [4]int{100, 10, 100 + 20*len(text), 30}}, words)
		var got []string
		for _, p := range parts {
			got = append(got, p.Text)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%s parted as %v, want %s", text, got, want)
		}
		if len(parts) == 2 && (parts[0].Box[2] != parts[1].Box[0] || parts[0].Box[0] != 100 || parts[1].Box[2] != 100+20*len(text)) {
			t.Errorf("%s: boxes %v %v do not share the word's", text, parts[0].Box, parts[1].Box)
		}
	}
}

// TestARegisterWhoseHeadingsRanTogetherIsRead: a real OCR reading of a generated ledger of
// marriages in small capitals, its headings' words run together ("AGEOF", "DATEOF",
// "NAMEOF"): with them parted, the page is a register of marriages of two entries.
func TestARegisterWhoseHeadingsRanTogetherIsRead(t *testing.T) {
	b, err := os.ReadFile("testdata/joined-headings.json")
	if err != nil {
		t.Fatal(err)
	}
	var p civreg.PageWords
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	p.Number = 1
	entries := (&Extractor{Forms: BuiltinForms()}).Read([]civreg.PageWords{p})
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	for i, want := range []string{"Egbert Harris", "Winston Wilkes"} {
		if entries[i].RecordType != civreg.Marriage {
			t.Errorf("entry %d read as %s", i+1, entries[i].RecordType)
		}
		if f := fieldsOf(entries[i])["groom_name"]; f.Value != want {
			t.Errorf("entry %d bridegroom %+v, want %s", i+1, f, want)
		}
	}
}
