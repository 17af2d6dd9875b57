package extract

import (
	"sort"
	"strings"
	"unicode"

	"civreg"
)

// Vocabulary is the words the registry has already approved (names, places) with how many
// records use each, and the gazetteer's: what a word OCR may have misread is checked
// against. It never guesses: a word is corrected only to the one known word that OCR's usual
// confusions lead to.
type Vocabulary struct {
	kinds map[string]map[string]vocabWord // kind → word folded (lower case, ligatures undone) → word
}

type vocabWord struct {
	spelling string // as approved, the most used spelling
	count    int
}

// NewVocabulary builds a vocabulary from the values of approved names and places, each with
// how many records hold it (storage.DB.NameVocabulary); places also hold every word of the
// gazetteer. Each word of a value counts as often as the value.
func NewVocabulary(names, places map[string]int) *Vocabulary {
	v := &Vocabulary{kinds: map[string]map[string]vocabWord{}}
	v.add(civreg.KindName, names)
	v.add(civreg.KindText, places)
	gaz := map[string]int{}
	for _, d := range civreg.Districts {
		for _, w := range strings.Fields(d) {
			gaz[w]++
		}
	}
	v.add(civreg.KindText, gaz)
	return v
}

func (v *Vocabulary) add(kind string, words map[string]int) {
	m := v.kinds[kind]
	if m == nil {
		m = map[string]vocabWord{}
		v.kinds[kind] = m
	}
	for value, n := range words {
		for _, w := range strings.Fields(value) {
			w = strings.Trim(w, ",.;:'\"()")
			f := fold(w)
			if len([]rune(f)) < 2 || n <= 0 {
				continue
			}
			old := m[f]
			if n > old.count || old.spelling == "" {
				old.spelling = w
			}
			old.count += n
			m[f] = old
		}
	}
}

// Known is how many approved records (or gazetteer names) use the word, 0 for one unknown.
func (v *Vocabulary) Known(kind, word string) int {
	if v == nil {
		return 0
	}
	return v.kinds[kind][fold(strings.Trim(word, ",.;:'\"()"))].count
}

// Correct corrects each word of value that the vocabulary does not know to the known word
// OCR's confusions (0/O, 1/l/I, 5/S, rn/m, cl/d, vv/w, a ligature's lost f) lead to. unique
// says every correction made had one candidate only; a word with several is left as read, and
// value comes back unchanged when nothing was corrected.
func (v *Vocabulary) Correct(kind, value string) (corrected string, unique bool) {
	if v == nil || len(v.kinds[kind]) == 0 {
		return value, false
	}
	words := strings.Fields(value)
	changed, ambiguous := false, false
	for i, w := range words {
		core := strings.Trim(w, ",.;:'\"()")
		if len([]rune(core)) < 3 || v.Known(kind, core) > 0 {
			continue
		}
		cands := v.candidates(kind, core)
		switch len(cands) {
		case 0:
		case 1:
			words[i] = strings.Replace(w, core, matchCase(cands[0], core), 1)
			changed = true
		default:
			ambiguous = true
		}
	}
	if !changed {
		return value, false
	}
	return strings.Join(words, " "), !ambiguous
}

// confusions are what OCR reads for what was printed, each way round where both happen.
var confusions = [][2]string{
	{"0", "o"}, {"1", "l"}, {"1", "i"}, {"l", "i"}, {"5", "s"}, {"8", "b"},
	{"rn", "m"}, {"cl", "d"}, {"vv", "w"}, {"ri", "n"}, {"li", "h"},
	{"fi", "ffi"}, {"fl", "ffl"}, {"f", "ff"},
}

// candidates are the known words one or two confusions away from word, in folded form.
func (v *Vocabulary) candidates(kind, word string) []string {
	m := v.kinds[kind]
	f := fold(word)
	seen := map[string]bool{f: true}
	found := map[string]bool{}
	frontier := []string{f}
	for step := 0; step < 2; step++ {
		var next []string
		for _, s := range frontier {
			for _, alt := range confusedForms(s) {
				if seen[alt] {
					continue
				}
				seen[alt] = true
				if _, ok := m[alt]; ok {
					found[m[alt].spelling] = true
				}
				next = append(next, alt)
			}
		}
		frontier = next
	}
	out := make([]string, 0, len(found))
	for w := range found {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// confusedForms are the forms of s one confusion away, either way round.
func confusedForms(s string) []string {
	var out []string
	for _, c := range confusions {
		for _, p := range [][2]string{{c[0], c[1]}, {c[1], c[0]}} {
			for i := 0; ; {
				j := strings.Index(s[i:], p[0])
				if j < 0 {
					break
				}
				j += i
				out = append(out, s[:j]+p[1]+s[j+len(p[0]):])
				i = j + 1
			}
		}
	}
	return out
}

// fold is a word as compared: lower case, ligatures written out.
func fold(w string) string { return strings.ToLower(unligature(w)) }

// unligature writes out the ligatures OCR returns as one character ("Oﬃce").
func unligature(s string) string {
	return strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl").Replace(s)
}

// matchCase gives the known word the capitals of the word read: a name in capitals stays in
// capitals (a confused letter aside: "DELlA"), otherwise the spelling approved is used.
func matchCase(known, read string) string {
	upper, lower := 0, 0
	for _, r := range read {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	if upper > 1 && upper > lower {
		return strings.ToUpper(known)
	}
	return known
}
