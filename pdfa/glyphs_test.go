package pdfa

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestGlyphRulesOnCorpus: the veraPDF files whose TrueType, CID-keyed CFF or Type 3 fonts
// break 6.2.11.4.2, 6.2.11.5, 6.2.11.6 or 6.2.11.8 fail under that clause, and every valid
// file of those folders passes.
func TestGlyphRulesOnCorpus(t *testing.T) {
	fonts := filepath.Join(corpusDir(t, "verapdf-pdfa2b"), "6.2 Graphics", "6.2.11 Fonts")
	caught := map[string][]string{
		"6.2.11.4 Embedding/6.2.11.4.2 Subset embedding": {"t02-fail-a"},
		"6.2.11.5 Font metrics":                          {"t01-fail-c", "t01-fail-d", "t01-fail-e", "t01-fail-f"},
		"6.2.11.6 Character encodings":                   {"t02-fail-a", "t02-fail-b", "t02-fail-c", "t03-fail-a"},
		"6.2.11.8 Use of .notdef glyph":                  {"t01-fail-b", "t01-fail-c", "t01-fail-d"},
	}
	for dir, fails := range caught {
		clause, _, _ := strings.Cut(filepath.Base(dir), " ")
		files, _ := filepath.Glob(filepath.Join(fonts, dir, "*.pdf"))
		if len(files) == 0 {
			t.Fatalf("no files in %s", dir)
		}
		for _, path := range files {
			rep := verifyFile(t, path)
			name := filepath.Base(path)
			switch {
			case strings.Contains(name, "-pass-") && !rep.OK():
				t.Errorf("%s is valid but rejected: %s", name, rep.Summary())
			case containsAny(name, fails) && !failsUnder(rep, clause):
				t.Errorf("%s should fail %s, but: %s", name, clause, rep.Summary())
			}
		}
	}
}

func verifyFile(t *testing.T, path string) *Report {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Verify(f)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// TestStringBytes: literal strings' escapes and hexadecimal strings' digits read as the
// codes a font shows.
func TestStringBytes(t *testing.T) {
	for _, c := range []struct {
		tok  token
		want string
	}{
		{token{kind: 's', str: []byte(`a\(b\)\\\n\101\0z`)}, "a(b)\\\nA\x00z"},
		{token{kind: 's', str: []byte("line\\\ncontinued\\\r\nhere")}, "linecontinuedhere"},
		{token{kind: 's', str: []byte(`\1234`)}, "S4"},
		{token{kind: 'h', str: []byte("00 4 1\n7")}, "\x00\x41\x70"},
	} {
		if got := string(stringBytes(c.tok)); got != c.want {
			t.Errorf("%q reads %q, want %q", c.tok.str, got, c.want)
		}
	}
	f := &usedFont{codeBytes: 2, codes: map[uint32]bool{}}
	f.noteShown([]token{{kind: '[', arr: []token{{kind: 'h', str: []byte("0003004A")}, {kind: 'n', num: -250}, {kind: 's', str: []byte("\x00\x05")}}}}, false)
	f.noteShown([]token{{kind: 'h', str: []byte("0003")}}, true)
	if len(f.codes) != 3 || !f.codes[3] || f.codes[0x4A] || f.codes[5] {
		t.Errorf("two-byte codes shown: %v", f.codes)
	}
}

// TestToUnicodeOnCorpus: the level U files whose ToUnicode maps give a code U+0000, U+FEFF
// or U+FFFE fail 6.2.11.7.2; the valid one passes.
func TestToUnicodeOnCorpus(t *testing.T) {
	dir := filepath.Join(corpusDir(t, "verapdf-pdfa2u"), "6.2 Graphics", "6.2.11 Fonts", "6.2.11.7 Unicode character maps", "6.2.11.7.2 Level A and Level U conformance")
	files, _ := filepath.Glob(filepath.Join(dir, "*t02-*.pdf"))
	if len(files) != 4 {
		t.Fatalf("%d files of test 2 in %s", len(files), dir)
	}
	for _, path := range files {
		rep, name := verifyFile(t, path), filepath.Base(path)
		if strings.Contains(name, "-pass-") != rep.OK() || !rep.OK() && !failsUnder(rep, "6.2.11.7.2") {
			t.Errorf("%s: %s", name, rep.Summary())
		}
	}
}

// TestToUnicodeMap: bfchar and bfrange entries (a start value counted up, an array) give the
// codes asked about their text; codes outside every entry stay unmapped.
func TestToUnicodeMap(t *testing.T) {
	cmap := []byte(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0004> <D835DC00> endbfchar
2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<FEFF> <00660069>] endbfrange
endcmap end end`)
	codes := map[uint32]bool{3: false, 4: true, 0x10: true, 0x12: false, 0x20: true, 0x21: true, 0x30: true} // false: shown only invisibly
	m := toUnicodeMap(cmap, codes)
	want := map[uint32][]uint16{3: {0x20}, 4: {0xD835, 0xDC00}, 0x10: {0x41}, 0x12: {0x43}, 0x20: {0xFEFF}, 0x21: {0x66, 0x69}}
	if len(m) != len(want) {
		t.Fatalf("mapped %v", m)
	}
	for c, u := range want {
		if got := m[c]; !slices.Equal(got, u) {
			t.Errorf("code %#x maps to %x, want %x", c, got, u)
		}
	}
	if !badUnicode(m[0x20]) || badUnicode(m[4]) {
		t.Error("U+FEFF not caught, or a surrogate pair taken for it")
	}
}

// TestUnicodeFindingsNameTheLowestCode: of many codes mapped to U+FEFF or left unmapped, the
// report names the lowest each time, however the codes are iterated.
func TestUnicodeFindingsNameTheLowestCode(t *testing.T) {
	codes := map[uint32]bool{}
	m := map[uint32][]uint16{}
	for c := uint32(10); c < 200; c++ {
		codes[c] = true
		switch c % 3 {
		case 0:
			m[c] = []uint16{0x41, 0xFEFF}
		case 1:
			m[c] = []uint16{0x41}
		} // 2: unmapped
	}
	for range 20 {
		if bad, missing := unicodeFindings(codes, m, true); bad != 12 || missing != 11 {
			t.Fatalf("named code %d as U+FEFF, %d as unmapped; want 12 and 11", bad, missing)
		}
	}
	if _, missing := unicodeFindings(codes, m, false); missing != -1 {
		t.Errorf("a simple font's unmapped code %d reported", missing)
	}
}
