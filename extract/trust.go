package extract

import (
	"fmt"
	"image"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"civreg"
)

// Region is a value's place on its upright page, for a second reading of it.
type Region struct {
	Page  int    // 1-based page of the record
	Box   [4]int // the value's words' box, [x0 y0 x1 y1] in the upright page's pixels
	Words int    // how many words the first reading found in it
	Lines int    // on how many lines
	// Attempt is 0 for the first second reading, 1 for another way of reading it when the
	// first gave nothing that passes the value's check (a rule or a box edge in the crop).
	Attempt int
}

// Rereader reads one region of an upright page again, by itself (not as part of the page's
// layout): a second reading of a value, independent enough of the first that the two
// agreeing is evidence, and the two differing a sign that one of them is wrong.
type Rereader interface {
	Reread(r Region) (text string, conf float64, err error)
}

// Second-reading evidence. A value is read again when it would be trusted or falls short of
// the threshold by less than rereadBand; two readings agreeing take agreeFactor of the doubt
// left (they are not independent: the same pixels, the same model), and a value the second
// reading contradicts fails its check.
const (
	rereadBand  = 0.12
	agreeFactor = 0.4
)

// ReadChecked is ReadInked with the second reading and the vocabulary as evidence: each value
// that would be trusted, or nearly, is read again by rr (nil: none), and stays trusted only
// when the two readings agree; a name the vocabulary would correct goes to review with the
// correction as a suggestion (Entry.Suggested) unless the correction is the vocabulary's only
// one and the second reading reads it so.
func (e *Extractor) ReadChecked(pages []civreg.PageWords, images []*image.Gray, rr Rereader) []Entry {
	if rr == nil && e.Vocab == nil {
		return e.ReadInked(pages, images)
	}
	ex := *e
	ex.check = &checking{rr: rr, vocab: e.Vocab, suggested: map[fieldAt]string{}}
	entries := ex.ReadInked(pages, images)
	for i := range entries {
		for _, f := range entries[i].Fields {
			if s, ok := ex.check.suggested[atOf(f.Key, f.Page, f.Box)]; ok && s != f.Value {
				if entries[i].Suggested == nil {
					entries[i].Suggested = map[string]string{}
				}
				entries[i].Suggested[f.Key] = s
			}
		}
	}
	return entries
}

// checking is one ReadChecked call's second reader and what it suggested.
type checking struct {
	rr        Rereader
	vocab     *Vocabulary
	suggested map[fieldAt]string
}

// fieldAt names a field read by its key and place: the page numbers of a record's pages
// are set after score, so the page the words were found on is part of it.
type fieldAt struct {
	key  string
	page int
	box  [4]int
}

func atOf(key string, page int, box []int) fieldAt {
	var b [4]int
	copy(b[:], box)
	return fieldAt{key, page, b}
}

// confirm weighs a value against its second reading and the vocabulary: it returns the value
// (corrected by the vocabulary only when that is certain), its confidence and whether it still
// passes its checks. Called by score for a value whose cut from its cell is not in doubt, with
// conf before how well its label matched is weighed in (score does that after): a value is a
// candidate when it could be trusted with it.
func (e *Extractor) confirm(kind string, t civreg.RecordType, r rawField, value string, conf float64, valid bool) (string, float64, bool) {
	c := e.check
	box := union(r.words)
	at := fieldAt{r.key, r.page, box}
	corrected, unique := value, false
	if c.vocab != nil && (kind == civreg.KindName || kind == civreg.KindText) {
		corrected, unique = c.vocab.Correct(kind, value)
	}
	trust := e.Forms.Rules.TrustConfidence
	if !valid || conf*r.labelQ < trust-rereadBand || c.rr == nil {
		if corrected != value {
			c.suggested[at] = corrected
			return value, math.Min(conf, trust*0.9), false
		}
		return value, conf, valid
	}
	region := Region{Page: r.page, Box: box, Words: len(r.words), Lines: lineCount(r.words)}
	if r.edge > box[2] {
		region.Box[2] = r.edge // read on to the column's edge: a word beyond the value would show
	}
	reread := func() (string, float64, error) {
		text, conf, err := c.rr.Reread(region)
		if name, cut := InformantName(cropText(text)); r.key == "informant_name" && cut {
			text = name // the name as the first reading took it: before the relation
		}
		return text, conf, err
	}
	text, conf2, err := reread()
	second, ok := e.secondValue(kind, t, text, conf2)
	texts := []string{text}
	if err == nil && !ok {
		region.Attempt = 1
		text, conf2, err = reread()
		second, ok = e.secondValue(kind, t, text, conf2)
		texts = append(texts, text)
	}
	if kind == civreg.KindDate && dateContradicts(value, texts) {
		// a reading too broken to be a date ("15 Marc") may still read a part of it another
		// way: one of the two readings is wrong
		if ok && second != value {
			c.suggested[at] = second
		}
		return value, conf * 0.5, false
	}
	if err != nil || (!ok && strings.TrimSpace(text) == "") {
		// no second reading (or nothing legible in the crop: a lone letter such as a sex "F"
		// often reads so): no evidence either way; a correction still waits for a person
		if corrected != value {
			c.suggested[at] = corrected
			return value, conf * 0.5, false
		}
		return value, conf, valid
	}
	switch {
	case ok && corrected != value && unique && sameValue(kind, second, corrected):
		// the vocabulary's only correction, read so the second time: two pieces of evidence
		return corrected, 1 - (1-conf)*agreeFactor, true
	case corrected != value:
		c.suggested[at] = corrected
		return value, conf * 0.5, false
	case ok && sameValue(kind, second, value):
		return value, 1 - (1-conf)*agreeFactor, valid
	}
	if ok {
		c.suggested[at] = second
	}
	return value, conf * 0.5, false
}

// secondValue normalises a second reading as the first was, and says whether it passed its
// check.
func (e *Extractor) secondValue(kind string, t civreg.RecordType, text string, conf float64) (string, bool) {
	text = cropText(text)
	var ws []civreg.Word
	for _, t := range strings.Fields(text) {
		if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			ws = append(ws, civreg.Word{Text: t, Conf: conf})
		}
	}
	if len(ws) > 0 {
		// a speck or a rule's end at the crop's edge sticks to the first or last word ("‘Male", "45°")
		notText := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != ')' }
		ws[0].Text = strings.TrimLeftFunc(ws[0].Text, func(r rune) bool { return notText(r) || r == '.' })
		ws[len(ws)-1].Text = strings.TrimRightFunc(ws[len(ws)-1].Text, notText)
	}
	if len(ws) == 0 {
		return "", false
	}
	if kind == civreg.KindName || kind == civreg.KindText {
		ws = trimDebris(ws)
		if len(ws) == 0 {
			return "", false
		}
	}
	printed := lineText(ws)
	v, valid := e.normalise(kind, t, ws, &printed, &conf)
	return v, valid && v != ""
}

// dateContradicts says whether any of the second readings reads a part of the date iso
// (its day, month or year) as another: a reading need not be a whole date to contradict one.
func dateContradicts(iso string, texts []string) bool {
	var want [3]int
	if _, err := fmt.Sscanf(iso, "%4d-%2d-%2d", &want[2], &want[1], &want[0]); err != nil {
		return false
	}
	for _, text := range texts {
		for i, p := range dateParts(text) {
			if p != 0 && p != want[i] {
				return true
			}
		}
	}
	return false
}

// cropText is a second reading with the rules and box edges the crop caught taken out.
func cropText(text string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune("|[]{}¦_", r) {
			return ' '
		}
		return r
	}, text)), " ")
}

// dateParts reads the day, month and year a reading gives, each 0 when it gives none or
// more than one (a neighbour's number in the crop is no part of the date): the day as
// digits or words before the month ("14th", "Twenty-first"), the month by name, the year as
// four digits (a year in words is left unread). What reads as none of them is passed over.
func dateParts(text string) [3]int {
	var found [3][]int
	add := func(i, v int) {
		if !slices.Contains(found[i], v) {
			found[i] = append(found[i], v)
		}
	}
	toks := strings.FieldsFunc(cropText(text), func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",/.;:", r) })
	yearWords := false
	for i := 0; i < len(toks); i++ {
		parts := strings.Split(toks[i], "-")
		if !slices.ContainsFunc(parts, hasDigit) {
			if mo := monthOf(strings.ToLower(toks[i])); mo > 0 {
				add(1, mo)
				continue
			}
			// a number in words, its parts joined by hyphens ("Twenty-first") or apart
			words := append(parts[:len(parts):len(parts)], toks[i+1:]...)
			n, used := wordsNumber(words)
			if used < len(parts) {
				continue // "i'Twenty-second": no number read whole
			}
			// after the month, or going on into more of them ("Nineteen hundred and ...",
			// "nineteen eighty"), words of numbers are the year's
			yearWords = yearWords || len(found[1]) > 0 || used < len(words) && yearWord(words[used])
			if !yearWords && n >= 1 && n <= 31 {
				add(0, n)
			}
			i += used - len(parts)
			continue
		}
		for _, w := range parts { // "07-Feb-1934", "14th"
			if mo := monthOf(strings.ToLower(w)); mo > 0 {
				add(1, mo)
			} else if part, n, ok := dateNumber(w); ok {
				add(part, n)
			}
		}
	}
	var out [3]int
	for i, vs := range found {
		if len(vs) == 1 {
			out[i] = vs[0]
		}
	}
	return out
}

// dateNumber reads a word of digits as a day (part 0: "14", "2Oth") or a year (part 2).
func dateNumber(w string) (part, n int, ok bool) {
	if !hasDigit(w) {
		return 0, 0, false
	}
	d := w
	if sfx := strings.ToLower(w[max(len(w)-2, 0):]); len(w) > 2 && (sfx == "st" || sfx == "nd" || sfx == "rd" || sfx == "th") {
		d = w[:len(w)-2] // the digits keep their case: OCR's "Q1" (01) is not "q1" (91)
	}
	n, err := strconv.Atoi(digitsFixer.Replace(d))
	switch {
	case err != nil:
		return 0, 0, false
	case len(d) == 4:
		return 2, n, true
	case len(d) <= 2 && n >= 1 && n <= 31:
		return 0, n, true
	}
	return 0, 0, false
}

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

// yearWord: a word that goes on a number in words into a year's.
func yearWord(w string) bool {
	w = strings.ToLower(w)
	_, kind := numberWord(w)
	return kind != 0 || w == "hundred" || w == "thousand"
}

// sameValue says whether two readings give the same value. Dates, sexes and ages are
// compared as normalised; names and text as written, case aside and with what the crop
// caught at either end (a comma, a rule) taken off: a full stop inside a name ("Zelma.") is
// part of what was read, and must be read again.
func sameValue(kind string, a, b string) bool {
	if kind == civreg.KindDate || kind == civreg.KindSex || kind == civreg.KindAge {
		return a == b
	}
	edge := func(s string) string {
		s = strings.Join(strings.Fields(fold(s)), " ")
		return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	return edge(a) == edge(b)
}

// lineCount is how many lines the words stand on.
func lineCount(ws []civreg.Word) int {
	n, bottom := 0, math.MinInt
	for _, w := range sortedByTop(ws) {
		if (w.Box[1]+w.Box[3])/2 > bottom {
			n++
			bottom = w.Box[3]
		}
	}
	return n
}

func sortedByTop(ws []civreg.Word) []civreg.Word {
	out := append([]civreg.Word(nil), ws...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Box[1] < out[j-1].Box[1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
