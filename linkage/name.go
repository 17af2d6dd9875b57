package linkage

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Name is a person's name as the linkage compares it: folded to lower-case letters, with
// the surname (last word), the first given name and any middle names apart.
type Name struct {
	Given   string
	Middle  []string
	Surname string
}

// titles are words written before or after a name that are not part of it.
var titles = map[string]bool{"mr": true, "mrs": true, "miss": true, "ms": true, "rev": true, "canon": true, "dr": true, "jr": true, "sr": true, "snr": true, "jnr": true, "the": true}

// ParseName reads a full name as printed ("Joan Francis formerly Jeffers", "Veronica
// Wilkes"): titles are dropped, and what follows "formerly" or "née" (a mother's maiden
// surname) is left out, so the name is the one the person bore at the time.
func ParseName(s string) Name {
	var words []string
	for _, w := range strings.Fields(Fold(s)) {
		if w == "formerly" || w == "nee" || w == "otherwise" || w == "alias" {
			break
		}
		if !titles[w] {
			words = append(words, w)
		}
	}
	switch len(words) {
	case 0:
		return Name{}
	case 1:
		return Name{Surname: words[0]}
	}
	return Name{Given: words[0], Middle: words[1 : len(words)-1], Surname: words[len(words)-1]}
}

// Fold lowers s and keeps letters and spaces only: accents are stripped, apostrophes and
// dots dropped ("O'Garro" is "ogarro"), hyphens and other marks become spaces.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	if !isASCII(s) {
		s = norm.NFD.String(s)
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '.', r == '’':
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// nearName reports whether a and b differ by at most one letter changed, added, dropped, or
// two neighbours swapped: the misspellings a clerk or an OCR pass makes.
func nearName(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 || la < 3 || lb < 3 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}
