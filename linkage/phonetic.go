package linkage

import "strings"

// Phonetic returns a sound key of a folded name in the manner of Lawrence Philips'
// Metaphone: names that sound alike when read aloud ("Fahie", "Fahey", "Fahei") share a
// key, so a misspelling that keeps the sound still meets its record in a block. Vowels
// after the first letter are dropped, and consonants are mapped to their sound.
func Phonetic(name string) string {
	w := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return -1
	}, name)
	if w == "" {
		return ""
	}
	for _, p := range [...][2]string{{"AE", "E"}, {"GN", "N"}, {"KN", "N"}, {"PN", "N"}, {"WR", "R"}, {"WH", "W"}, {"X", "S"}} {
		if strings.HasPrefix(w, p[0]) {
			w = p[1] + w[len(p[0]):]
			break
		}
	}
	var key strings.Builder
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i > 0 && c == w[i-1] && c != 'C' {
			continue
		}
		key.WriteString(sound(w, i))
	}
	return key.String()
}

func isVowel(c byte) bool { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' }

// sound is the key letters the letter at i of w gives, given its neighbours.
func sound(w string, i int) string {
	c := w[i]
	at := func(j int) byte {
		if j < 0 || j >= len(w) {
			return 0
		}
		return w[j]
	}
	next, prev := at(i+1), at(i-1)
	soft := next == 'I' || next == 'E' || next == 'Y'
	switch c {
	case 'A', 'E', 'I', 'O', 'U':
		if i == 0 {
			return "A"
		}
		return ""
	case 'B':
		if prev == 'M' && i == len(w)-1 {
			return ""
		}
		return "B"
	case 'C':
		return soundC(next, at(i+2), prev, soft)
	case 'D':
		if next == 'G' && (at(i+2) == 'E' || at(i+2) == 'I' || at(i+2) == 'Y') {
			return "J"
		}
		return "T"
	case 'G':
		return soundG(w, i, next, prev, soft)
	case 'H':
		if (isVowel(prev) && !isVowel(next)) || strings.IndexByte("CSPTG", prev) >= 0 {
			return ""
		}
		return "H"
	case 'K':
		if prev == 'C' {
			return ""
		}
		return "K"
	case 'P':
		if next == 'H' {
			return "F"
		}
		return "P"
	case 'Q':
		return "K"
	case 'S':
		if next == 'H' || (next == 'I' && (at(i+2) == 'O' || at(i+2) == 'A')) {
			return "X"
		}
		return "S"
	case 'T':
		switch {
		case next == 'I' && (at(i+2) == 'O' || at(i+2) == 'A'):
			return "X"
		case next == 'H':
			return "0"
		case next == 'C' && at(i+2) == 'H':
			return ""
		}
		return "T"
	case 'V':
		return "F"
	case 'W', 'Y':
		if isVowel(next) {
			return string(c)
		}
		return ""
	case 'X':
		return "KS"
	case 'Z':
		return "S"
	}
	return string(c)
}

// soundC: "CH" and "CIA" sound as X, a soft C as S (silent after S), else K.
func soundC(next, after, prev byte, soft bool) string {
	switch {
	case next == 'I' && after == 'A', next == 'H':
		return "X"
	case soft && prev == 'S':
		return ""
	case soft:
		return "S"
	}
	return "K"
}

// soundG: silent in "GH" before a consonant and in a final "GN", soft before I, E, Y.
func soundG(w string, i int, next, prev byte, soft bool) string {
	switch {
	case next == 'H' && i+2 < len(w) && !isVowel(w[i+2]):
		return ""
	case next == 'N' && (i+2 == len(w) || strings.HasPrefix(w[i+1:], "NED")):
		return ""
	case soft && prev != 'G':
		return "J"
	}
	return "K"
}

// SoundKey is the sound key search matches a folded word by, lower-cased, or "" for a word
// too short to tell: the same key for the index and for the query.
func SoundKey(word string) string {
	if len(word) < 3 {
		return ""
	}
	return strings.ToLower(Phonetic(word))
}
