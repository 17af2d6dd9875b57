package extract

import (
	"civreg"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// digitsFixer undoes OCR's usual letter-for-digit confusions where a digit must be.
var digitsFixer = strings.NewReplacer("@", "0", "O", "0", "o", "0", "D", "0", "Q", "0", "l", "1", "I", "1", "|", "1", "i", "1", "!", "1",
	"S", "5", "s", "5", "B", "8", "Z", "2", "z", "2", "G", "6", "g", "9", "q", "9", "T", "7")

// ParseDate reads a date as the registry's forms print it (day first) and returns it as ISO
// YYYY-MM-DD, or ok false.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(strings.Trim(s, ".,;:'’\"@"))
	s = digitLetter.ReplaceAllString(s, "$1 $2") // "4November" is "4 November"
	s = letterDigit.ReplaceAllString(s, "$1 $2") // "June7,1975" is "June 7,1975"
	if s == "" {
		return "", false
	}
	// Numeric: 14/03/1987, 14-03-1987, 14.03.1987
	if m := numericDate.FindStringSubmatch(digitsFixer.Replace(s)); m != nil {
		return isoDate(m[3], m[2], m[1])
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '-' || r == '/' || r == '.' })
	if joined := joinSplitMonth(words); len(joined) < len(words) {
		return ParseDate(strings.Join(joined, " "))
	}
	var day, month, year string
	dayInWords := false
	for _, w := range words {
		if mo := monthOf(strings.ToLower(w)); mo > 0 && month == "" {
			month = strconv.Itoa(mo)
			continue
		}
		if _, k := numberWord(w); k != 0 && month == "" {
			dayInWords = true
			continue
		}
		// "6TH" as well as "6th"; the digits keep their case, as OCR's "Q1" (01) is not "q1" (91)
		d := strings.TrimRight(w, "stndrhSTNDRH")
		if len(w) > 2 {
			if sfx := strings.ToLower(w[len(w)-2:]); sfx == "st" || sfx == "nd" || sfx == "rd" || sfx == "th" {
				d = w[:len(w)-2]
			}
		}
		d = digitsFixer.Replace(d)
		if _, err := strconv.Atoi(d); err != nil {
			continue
		}
		switch {
		case len(d) == 4 && year == "":
			year = d
		case len(d) <= 2 && day == "":
			day = d
		case len(d) <= 2 && year == "":
			// a second day before the year ("1 1 March 1987"): a speck read as a digit, or a
			// day OCR split in two; which is the day is a guess
			return "", false
		}
	}
	if dayInWords && day != "" {
		return "", false // a number by a day in words ("2 Twelfth August 1966"): another's, or a speck
	}
	if day == "" || month == "" || year == "" {
		return parseWordDate(s)
	}
	return isoDate(year, month, day)
}

var (
	digitLetter = regexp.MustCompile(`(\d)([A-Za-z]{3,})`)
	letterDigit = regexp.MustCompile(`([A-Za-z]{3,})(\d)`)
)

var numericDate = regexp.MustCompile(`^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$`)

// ParseKeyedDate reads a date as a clerk keys it: everything ParseDate reads ("14th March
// 1987", "Fourteenth March 1987", "14/03/1987") and what civreg.ParseKeyedDate reads, digits
// with spaces and a two-digit year ("14 3 87"), taken in the last hundred years up to now.
func ParseKeyedDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if iso, ok := civreg.ParseKeyedDate(s, time.Now()); ok {
		return iso, true
	}
	return ParseDate(s)
}

// joinSplitMonth joins two words OCR split a month's name into ("Sept ember").
func joinSplitMonth(words []string) []string {
	for i := 0; i+1 < len(words); i++ {
		if j := strings.ToLower(words[i] + words[i+1]); slices.Contains(monthNames, j) {
			words = slices.Replace(slices.Clone(words), i, i+2, words[i]+words[i+1])
		}
	}
	return words
}

func monthOf(w string) int {
	w = strings.Trim(w, ".,")
	if len(w) < 3 {
		return 0
	}
	for i, m := range monthNames {
		if w == m || (len(w) == 3 && strings.HasPrefix(m, w)) || (len(w) >= 4 && civreg.EditDistance(w, m) <= 1) || (len(w) == 3 && civreg.EditDistance(w, m[:3]) == 0) {
			return i + 1
		}
	}
	return 0
}

func isoDate(y, m, d string) (string, bool) {
	yi, e1 := strconv.Atoi(y)
	mi, e2 := strconv.Atoi(m)
	di, e3 := strconv.Atoi(d)
	if e1 != nil || e2 != nil || e3 != nil {
		return "", false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Year() != yi || int(t.Month()) != mi || t.Day() != di {
		return "", false // 31 February and the like
	}
	return t.Format("2006-01-02"), true
}

// ParseSex reads Male, Female, M or F, and the birth registers' Boy or Girl.
func ParseSex(s string) (string, bool) {
	w := strings.ToLower(strings.Trim(strings.TrimSpace(s), ".,:;"))
	switch {
	case w == "m" || w == "male" || civreg.EditDistance(w, "male") == 1 && len(w) == 4, w == "boy":
		return "M", true
	case w == "f" || w == "female" || civreg.EditDistance(w, "female") == 1 && len(w) >= 5, w == "girl":
		return "F", true
	}
	return "", false
}

var ageText = regexp.MustCompile(`^([0-9OoIl|@]{1,3})\s*(?:years?|yrs?\.?|[yv]ears)?$`)

// ParseAge reads "74" or "74 years" as whole years.
func ParseAge(s string) (int, bool) {
	if m := ageText.FindStringSubmatch(strings.TrimSpace(strings.Trim(s, ".,:;'’()[]"))); m != nil {
		n, err := strconv.Atoi(digitsFixer.Replace(m[1]))
		return n, err == nil
	}
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return 0, false
	}
	if len(f) == 2 && !strings.HasPrefix(strings.ToLower(f[1]), "yea") && civreg.EditDistance(strings.ToLower(f[1]), "years") > 1 {
		return 0, false
	}
	n, err := strconv.Atoi(digitsFixer.Replace(strings.Trim(f[0], ".,")))
	return n, err == nil
}

// SnapDistrict returns the gazetteer name nearest s and how many letters differ.
func SnapDistrict(s string) (string, int) {
	key := letters(s)
	best, bestD := "", 1<<30
	for _, d := range civreg.Districts {
		if dd := civreg.EditDistance(key, letters(d)); dd < bestD {
			best, bestD = d, dd
		}
		// "St." for "Saint" is a spelling, not an error.
		if dd := civreg.EditDistance(key, letters(strings.Replace(d, "Saint ", "St ", 1))); dd < bestD {
			best, bestD = d, dd
		}
	}
	return best, bestD
}

var regNoShape = regexp.MustCompile(`[BDM8][0-9OIlSo]{1,2}-[0-9OIlSoB]{4}/[0-9OIlSoB]{3,5}`)

// CleanRegNo tidies a registration number: dashes of any kind become "-", spaces go, and
// letters that stand where digits must be become digits. A word after the number that is
// not number-like ("B8-1954/175 Sandy") is no part of it and is left out.
func CleanRegNo(s string) string {
	c, _ := cleanRegNo(s)
	return c
}

// cleanRegNo is CleanRegNo, and whether leaving out a word after the number changed it
// ("B8-1954/175 Sandy" would be "B8-1954/1755" with the S read as a digit).
func cleanRegNo(s string) (string, bool) {
	t, _, cut := regNoChars(s)
	c := regNoShaped(t)
	if !cut {
		return c, false
	}
	all := regNoShaped(regNoDashes(strings.ReplaceAll(s, " ", "")))
	return c, all != c
}

// regNoShaped keeps, of a number's characters, what has the usual shape (dropping debris
// before or after it: a stamp's edge, a table rule) and reads its digits.
func regNoShaped(s string) string {
	if len(s) < 2 {
		return s
	}
	if m := regNoShape.FindString(s); m != "" {
		s = m
	}
	return regNoDigits(s)
}

// regNoChars makes every dash "-" and joins the words of a number OCR read apart ("B6 2013
// 3448"), up to a word after the number's first digit that is not number-like: a separate
// word ("Sandy", a rule "|") is no part of it, and cut says one was left out. gap[i] says a
// space stood before t[i].
func regNoChars(s string) (t string, gap []bool, cut bool) {
	var b strings.Builder
	digit := false
	for _, w := range strings.Fields(regNoDashes(s)) {
		if digit && !numberLike(w) {
			return b.String(), gap, true
		}
		if strings.HasSuffix(b.String(), "-") {
			w = strings.TrimLeft(w, "-")
		}
		for i := 0; i < len(w); i++ {
			gap = append(gap, i == 0 && b.Len() > 0)
		}
		b.WriteString(w)
		digit = digit || strings.ContainsAny(w, "0123456789")
	}
	return b.String(), gap, false
}

// regNoDashes makes every dash "-", a run of them one.
func regNoDashes(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '–', '—', '‐', '−', '~':
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return s
}

// numberLike: a word that can be part of a number read apart: digits, with separators and
// letters OCR reads for digits, or a separator alone.
func numberLike(w string) bool {
	if strings.Trim(w, "-/") == "" {
		return true
	}
	return strings.ContainsAny(w, "0123456789") && strings.Trim(w, "0123456789-/@OoDQlIi|!SsBZzGgqT") == ""
}

// regNoDigits reads the record's letter and the digits after it through OCR's confusions.
func regNoDigits(s string) string {
	head := strings.ToUpper(s[:1])
	head = strings.NewReplacer("8", "B", "0", "D").Replace(head)
	return head + digitsFixer.Replace(s[1:])
}

// TidyName keeps a name as printed but with single spaces and no stray punctuation at the
// ends, and undoes OCR's capitals inside a word ("PoweLL" is "Powell"; "McDonald" stays).
func TidyName(s string) string {
	s = straightQuotes.Replace(s)
	// Trimming the whole name can uncover a word tidying would change (".AaA" → "AaA" →
	// "Aaa", found by FuzzTidyName): tidy until nothing changes, so a tidy name stays as it is.
	for i := 0; i < 4; i++ {
		t := tidyOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

// straightQuotes: OCR returns a typographic apostrophe or quote for the straight one a
// typewriter (and the registry's approved values) write: "Paul’s" is "Paul's".
var straightQuotes = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`)

func tidyOnce(s string) string {
	var f []string
	for _, w := range strings.Fields(camelSplit.ReplaceAllString(s, "$1 $2")) {
		w = fixInnerCapitals(strings.Trim(w, "'’‘\"“”,;:|~—_"))
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			f = append(f, w)
		}
	}
	return strings.Trim(strings.Join(f, " "), ".,:;|_-'\"")
}

// camelSplit finds two names run together by OCR ("DenzilEgbert"): a capital after two
// lower-case letters, followed by lower case. Mc and Mac names do not match it.
var camelSplit = regexp.MustCompile(`([a-z]{3,})([A-Z][a-z]{2,})`)

func fixInnerCapitals(w string) string {
	r := []rune(w)
	if len(r) >= 3 && unicode.IsLower(r[0]) {
		return lowerInnerCapitals(w) // "meLlitus": a word in lower case is so throughout
	}
	if len(r) < 3 || !unicode.IsUpper(r[0]) || strings.HasPrefix(w, "Mc") || strings.HasPrefix(w, "Mac") || strings.HasPrefix(w, "O'") {
		return w
	}
	lower := 0
	for _, c := range r[1:] {
		if unicode.IsLower(c) {
			lower++
		}
	}
	if lower == 0 {
		return w // all capitals: printed so
	}
	for i := 1; i < len(r); i++ {
		if unicode.IsUpper(r[i]) && r[i-1] != '-' && r[i-1] != '\'' {
			r[i] = unicode.ToLower(r[i])
		}
	}
	return string(r)
}

// lowerInnerCapitals lowers the capitals of a word that begins in lower case, when most of its
// letters are lower case (OCR's "L" for "l").
func lowerInnerCapitals(w string) string {
	upper, lower := 0, 0
	for _, c := range w {
		if unicode.IsUpper(c) {
			upper++
		} else if unicode.IsLower(c) {
			lower++
		}
	}
	if upper == 0 || upper*2 >= lower {
		return w
	}
	return strings.ToLower(w)
}

var nameWord = regexp.MustCompile(`^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z][a-z]*\.|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O'[A-Z][a-z]+)$`)

// PlausibleName reports whether s looks like a person's name as the registry writes them:
// two to six capitalised words (titles such as "Rev." allowed).
func PlausibleName(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 7 {
		return false
	}
	for i, w := range f {
		// "Joan Francis formerly Jeffers": the registers' way of giving a maiden name.
		if (w == "formerly" || w == "née" || w == "nee") && i > 0 && i < len(f)-1 {
			continue
		}
		if !nameWord.MatchString(strings.TrimSuffix(w, ",")) || anotherFieldsWord(w) {
			return false
		}
	}
	return true
}

// notNames are words of other fields that a name read across a column's edge picks up (the
// sex beside it, a date in words after it). Months that are also given names (April, May,
// June, August, March) are left out.
var notNames = map[string]bool{"male": true, "female": true, "boy": true, "girl": true,
	"january": true, "february": true, "july": true, "september": true, "october": true, "november": true, "december": true}

// anotherFieldsWord: w is a sex, a month that is no one's name, or a number word
// ("Twentieth", "Twenty-first"): a name holding one ran on into another field's value.
func anotherFieldsWord(w string) bool {
	w = strings.ToLower(strings.Trim(w, ".,;:"))
	if notNames[w] {
		return true
	}
	for _, part := range strings.Split(w, "-") {
		for _, m := range []map[string]int{unitWords, teenWords, tensWords} {
			if _, ok := m[part]; ok {
				return true
			}
		}
	}
	return false
}

// TidyText joins a place or cause's words with single spaces, without stray marks at its ends.
func TidyText(s string) string {
	f := strings.Fields(straightQuotes.Replace(s))
	for i, w := range f {
		f[i] = fixInnerCapitals(w) // "CerebrovascuLar" is OCR's, not the clerk's
	}
	s = strings.Join(f, " ")
	s = strings.ReplaceAll(s, "..", ".")
	s = strings.Trim(s, " :;|_'’‘\"“”")
	// A full stop after a whole word ends the writing, or is a speck OCR read: it is not part
	// of the place. One after a short word is an abbreviation's ("Cayon St."). A comma stays:
	// the value goes on past what was read (cutShort).
	if f := strings.Fields(s); len(f) > 0 {
		if word := strings.TrimRight(f[len(f)-1], "."); len(word) > 3 || word == "" {
			s = strings.TrimRight(s, " .")
		}
	}
	return s
}

// cutShort: a value ending with a comma goes on (", Basseterre" on a line not read with it).
func cutShort(s string) bool { return strings.HasSuffix(s, ",") }

// endsAsLabel: a place or cause read ending in a colon or semicolon ("Cathedral, Ba:") is
// the part of a word OCR could read (the rest under a stamp or a blot): a label ends so, a
// value never.
func endsAsLabel(printed string) bool {
	s := strings.TrimSpace(printed)
	return strings.HasSuffix(s, ":") || strings.HasSuffix(s, ";")
}

// misreadDigits: an age whose number was read with letters taken for digits ("G2" for 62,
// "lO"): the reading is a guess at the digits, for a person to check.
func misreadDigits(printed string) bool {
	f := strings.Fields(printed)
	if len(f) == 0 {
		return false
	}
	tok := strings.Trim(f[0], ".,:;'’()[]")
	fixed := digitsFixer.Replace(tok)
	if fixed == tok {
		return false
	}
	_, err := strconv.Atoi(fixed)
	return err == nil
}

// PlausibleText reports whether a place or cause reads as words (letters, digits, common
// punctuation), not OCR debris.
func PlausibleText(s string) bool {
	if len(strings.TrimSpace(s)) < 3 {
		return false
	}
	odd := 0
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" .,'-&()/", r)) {
			odd++
		}
	}
	return odd == 0 && hasLetter(s) && !holdsDate(s)
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// holdsDate reports whether a run of s's words reads as a whole date: a place or cause that
// holds one was read from a neighbouring box or column, not from its own.
func holdsDate(s string) bool {
	ws := strings.Fields(s)
	for i := range ws {
		for n := 2; n <= 5 && i+n <= len(ws); n++ {
			if _, ok := ParseDate(strings.Join(ws[i:i+n], " ")); ok {
				return true
			}
		}
		// A month and its year: a date's tail, its day on the line before ("January 1991").
		if i+1 < len(ws) && slices.Contains(monthNames, strings.ToLower(strings.Trim(ws[i], ".,"))) {
			if y, err := strconv.Atoi(strings.Trim(ws[i+1], ".,")); err == nil && y >= 1800 && y <= 2099 {
				return true
			}
		}
	}
	return false
}

func letters(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// similarity is 1 − distance ÷ the longer length.
func similarity(a, b string) float64 {
	n := max(len([]rune(a)), len([]rune(b)))
	if n == 0 {
		return 1
	}
	return 1 - float64(civreg.EditDistance(a, b))/float64(n)
}

func yearOf(iso string) int {
	y, _ := strconv.Atoi(iso[:4])
	return y
}

// smallByHeight gives a word after a text's first whose first letter is one whose capital and
// small letter differ only in size (C, O, S, V, W, X, Z), and whose other letters are small
// letters of the x-height alone, the small letter its height says ("Prostate Cancer" read for
// "Prostate cancer"): its box is then lower than the value's words that reach a capital's or
// an ascender's height and hang below no line. changed says a word was changed.
func smallByHeight(ws []civreg.Word) (out []civreg.Word, changed bool) {
	ambiguous := func(w civreg.Word) bool {
		r := []rune(strings.TrimRight(w.Text, ".,;:"))
		return len(r) >= 2 && strings.ContainsRune("COSVWXZ", r[0]) && strings.Trim(string(r[1:]), "acemnorsuvwxz") == ""
	}
	tall := 0
	for _, w := range ws {
		if t := strings.Trim(w.Text, ".,;:'\""); !ambiguous(w) && strings.ContainsAny(t, "ABDEFGHIKLMNPRTUYbdfhkl") && !descends(t) {
			if h := w.Box[3] - w.Box[1]; tall == 0 || h < tall {
				tall = h // the lowest: a capital stands lower than an ascender in many faces
			}
		}
	}
	if tall == 0 {
		return ws, false
	}
	out = slices.Clone(ws)
	for i, w := range out {
		if i == 0 || !ambiguous(w) || float64(w.Box[3]-w.Box[1]) >= 0.85*float64(tall) {
			continue
		}
		r := []rune(w.Text)
		r[0] = unicode.ToLower(r[0])
		out[i].Text, changed = string(r), true
	}
	return out, changed
}
