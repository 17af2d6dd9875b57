package extract

import (
	"unicode"

	"civreg"
)

// partJoined parts the words OCR ran together out of two words of the forms' labels ("AGEOF
// BRIDE", "DATEOF" in a heading band of small capitals): a label is matched word by word, so
// "AGEOF" would match neither "Age of Bride" nor anything. A word is parted only when it is
// no label word itself and both parts are, one of three letters or more; each part takes the
// share of the box its letters do.
func partJoined(lines []*line, words map[string]bool) {
	if len(words) == 0 {
		return
	}
	for _, l := range lines {
		var out []civreg.Word
		for _, w := range l.words {
			out = append(out, partWord(w, words)...)
		}
		l.words = out
	}
}

func partWord(w civreg.Word, words map[string]bool) []civreg.Word {
	t := []rune(norm(w.Text))
	if len(t) < 5 || words[string(t)] {
		return []civreg.Word{w}
	}
	for i := 2; i <= len(t)-2; i++ {
		a, b := string(t[:i]), string(t[i:])
		if !words[a] || !words[b] || max(i, len(t)-i) < 3 {
			continue
		}
		// where the i-th letter of the text ends
		cut, n := 0, 0
		for j, r := range w.Text {
			if unicode.IsLetter(r) || unicode.IsDigit(r) { // as norm counts them
				n++
				if n == i {
					cut = j + len(string(r))
					break
				}
			}
		}
		x := w.Box[0] + (w.Box[2]-w.Box[0])*i/len(t)
		first, second := w, w
		first.Text, first.Box[2] = w.Text[:cut], x
		second.Text, second.Box[0] = w.Text[cut:], x
		return []civreg.Word{first, second}
	}
	return []civreg.Word{w}
}
