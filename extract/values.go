package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"civreg"
)

// Number words as the registers write days and years ("Twenty-first", "Fourteenth",
// "Nineteen hundred and eighty-seven").
var (
	unitWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
		"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9}
	teenWords = map[string]int{"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
		"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
	tensWords = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
		"ninety": 90, "twentieth": 20, "thirtieth": 30}
)

// numberWord reads one number word, allowing one letter misread in a word of six letters or
// more ("Fourteentn"): shorter words must be exact, "six" is not "sixth".
func numberWord(w string) (n int, kind byte) {
	w = strings.ToLower(strings.Trim(w, ".,;:"))
	for _, set := range []struct {
		m    map[string]int
		kind byte
	}{{unitWords, 'u'}, {teenWords, 't'}, {tensWords, 'x'}} {
		if v, ok := set.m[w]; ok {
			return v, set.kind
		}
	}
	if len(w) < 6 {
		return 0, 0
	}
	for _, set := range []struct {
		m    map[string]int
		kind byte
	}{{unitWords, 'u'}, {teenWords, 't'}, {tensWords, 'x'}} {
		for word, v := range set.m {
			if len(word) >= 6 && civreg.EditDistance(w, word) == 1 {
				return v, set.kind
			}
		}
	}
	return 0, 0
}

// wordsNumber reads a number below 100 written in words from the start of toks ("twenty",
// "first"), returning it and how many tokens it took.
func wordsNumber(toks []string) (int, int) {
	if len(toks) == 0 {
		return 0, 0
	}
	n, k := numberWord(toks[0])
	switch k {
	case 'u', 't':
		return n, 1
	case 'x':
		if len(toks) > 1 {
			if u, uk := numberWord(toks[1]); uk == 'u' {
				return n + u, 2
			}
		}
		return n, 1
	}
	return 0, 0
}

// wordsYear reads a year in words: "nineteen hundred and eighty seven", "nineteen eighty
// seven", "two thousand and four".
func wordsYear(toks []string) (int, bool) {
	var clean []string
	for _, t := range toks {
		if t = strings.ToLower(t); t != "and" && t != "" {
			clean = append(clean, t)
		}
	}
	if len(clean) >= 2 && clean[0] == "two" && clean[1] == "thousand" {
		n, used := wordsNumber(clean[2:])
		return 2000 + n, used == len(clean)-2
	}
	hi, used := wordsNumber(clean)
	if used == 0 || hi < 10 {
		return 0, false
	}
	rest := clean[used:]
	if len(rest) > 0 && rest[0] == "hundred" {
		rest = rest[1:]
	}
	lo, used := wordsNumber(rest)
	return hi*100 + lo, used == len(rest) && len(rest) > 0
}

var ordinalDigits = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?$`)

// parseWordDate reads a date whose day (and perhaps year) is in words, as the registers write
// them: "Twenty-first November 1988", "Fourteenth March 1987", "14th March 1987", "Fourth
// of July, Nineteen hundred and sixty".
func parseWordDate(s string) (string, bool) {
	toks := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == ',' || r == '.' })
	mi := -1
	for i, t := range toks {
		if monthOf(strings.ToLower(t)) > 0 && len(t) >= 3 {
			mi = i
			break
		}
	}
	if mi < 1 {
		return "", false
	}
	dayToks := toks[:mi]
	if len(dayToks) > 0 && strings.EqualFold(dayToks[len(dayToks)-1], "of") {
		dayToks = dayToks[:len(dayToks)-1]
	}
	if len(dayToks) > 0 && strings.EqualFold(dayToks[0], "the") {
		dayToks = dayToks[1:]
	}
	day := 0
	if len(dayToks) == 1 {
		if m := ordinalDigits.FindStringSubmatch(digitsFixer.Replace(strings.TrimRight(dayToks[0], "stndrh")) + ""); m != nil {
			day, _ = strconv.Atoi(m[1])
		}
	}
	if day == 0 {
		n, used := wordsNumber(dayToks)
		if used != len(dayToks) || used == 0 {
			return "", false
		}
		day = n
	}
	rest := toks[mi+1:]
	year := 0
	if len(rest) == 1 {
		if y, err := strconv.Atoi(digitsFixer.Replace(rest[0])); err == nil && len(rest[0]) == 4 {
			year = y
		}
	} else if y, ok := wordsYear(rest); ok {
		year = y
	}
	if year == 0 {
		return "", false
	}
	return isoDate(strconv.Itoa(year), strconv.Itoa(monthOf(strings.ToLower(toks[mi]))), strconv.Itoa(day))
}

// relations are the words of "Signature, description and residence of informant" that say
// how the informant stood to the person registered: the name is what comes before them.
var relations = []string{"mother", "father", "occupier", "present", "grandmother", "grandfather", "aunt", "uncle", "sister",
	"brother", "daughter", "son", "widow", "widower", "wife", "husband", "niece", "nephew", "cousin", "guardian", "relative",
	"friend", "neighbour", "householder", "inmate", "matron", "nurse", "in", "attendance", "causing", "the", "body", "to", "be",
	"buried"}

// InformantName takes the informant's name out of "Joan Liburd, Mother, Cayon": the words
// before the first comma or the first word that says a relation, whichever comes first (the
// comma may not have been read). cut is false when neither was found (the whole cell is
// returned, for a person to split).
func InformantName(cell string) (name string, cut bool) {
	f := strings.Fields(cell)
	for i, w := range f {
		lw := strings.ToLower(strings.Trim(w, ".,;:"))
		if i >= 1 && contains(relations[:21], lw) {
			return strings.TrimRight(strings.Join(f[:i], " "), ",;"), true
		}
		if strings.ContainsAny(w, ",;") && i >= 1 {
			return strings.TrimRight(strings.Join(f[:i+1], " "), ",;"), true
		}
	}
	return strings.TrimSpace(cell), false
}

// ParseAgeText reads an age as registers write it: "74", "74 years", and for infants
// "3 months", "11 days", "5 weeks", "2 hours" (stored as 0).
func ParseAgeText(s string) (int, bool) {
	f := strings.Fields(strings.ToLower(strings.Trim(s, ".,:;'’()[] ")))
	if len(f) == 2 && shortAgeUnit(f[1]) {
		if _, err := strconv.Atoi(digitsFixer.Replace(f[0])); err == nil {
			return 0, true
		}
		if n, used := wordsNumber(f[:1]); used == 1 && n > 0 {
			return 0, true
		}
	}
	return ParseAge(s)
}

// shortAgeUnit: the word is a unit of an age under a year ("months", "days", "wks"), as read,
// one letter off at four letters or more.
func shortAgeUnit(w string) bool {
	unit := strings.Trim(w, ".,")
	for _, u := range []string{"months", "month", "days", "day", "weeks", "week", "hours", "hour", "mths", "mos", "wks", "hrs"} {
		if unit == u || (len(u) >= 4 && civreg.EditDistance(unit, u) == 1 && len(unit) >= 4) {
			return true
		}
	}
	return false
}

var (
	regNoExact  = regexp.MustCompile(`^([BDM])([0-9]{1,2})-([0-9]{4})/([0-9]{4})$`)
	regNoNoSep  = regexp.MustCompile(`^([BDM])([0-9]{1,2})-?((?:18|19|20)[0-9]{2})([0-9]{4})$`)
	regNoDouble = regexp.MustCompile(`^([BDM])([0-9])([0-9])-([0-9]{4})/([0-9]{4})$`)
)

// RepairRegNo puts a registration number read by OCR into the registry's shape. It returns
// the number and whether it was repaired: a lost slash ("B6-20133448") is put back, a district
// digit read twice ("D55-1962/3895") is read once when the shape says so. A repaired number is
// a guess about what OCR lost and must be checked by a person; ok is false when the number
// cannot be put into shape at all.
func RepairRegNo(s string, letter string) (number string, repaired, ok bool) {
	c, repaired := cleanRegNo(s)
	if long, ok := digitAfterShape(s); ok {
		c, repaired = long, true
	}
	if m := regNoExact.FindStringSubmatch(c); m != nil && validRegYear(m[3]) {
		if letter != "" && m[1] != letter {
			return letter + c[1:], true, true
		}
		if m2 := regNoDouble.FindStringSubmatch(c); m2 != nil && m2[2] == m2[3] {
			// "55" is no district's number, so one 5 is OCR's; "11" may be real: a person decides.
			if n, _ := strconv.Atoi(m2[2] + m2[3]); n > len(civreg.Districts) {
				return m2[1] + m2[2] + "-" + m2[4] + "/" + m2[5], true, true
			}
			return c, true, true
		}
		return c, repaired, true
	}
	if m := regNoNoSep.FindStringSubmatch(strings.ReplaceAll(c, "/", "")); m != nil {
		return m[1] + m[2] + "-" + m[3] + "/" + m[4], true, true
	}
	return c, false, false
}

// digitAfterShape: the character just after a number's usual shape reads as a digit the
// shape left out ("B8-1954/175@": the 0 of 1750 read as "@"), and the number is whole only
// with it. The longer number is returned; it is a guess, for a person to check, but dropping
// the character would lose a digit for certain. A character after a space is another word's
// ("D3-1960/123 |": a rule), never the number's.
func digitAfterShape(s string) (string, bool) {
	t, gap, _ := regNoChars(s)
	loc := regNoShape.FindStringIndex(t)
	if loc == nil || loc[1] >= len(t) || gap[loc[1]] {
		return "", false
	}
	if regNoExact.MatchString(regNoDigits(t[loc[0]:loc[1]])) {
		return "", false // whole without it: what follows is debris (a rule, a stamp's edge)
	}
	long := regNoDigits(t[loc[0] : loc[1]+1])
	if m := regNoExact.FindStringSubmatch(long); m != nil && validRegYear(m[3]) {
		return long, true
	}
	return "", false
}

func validRegYear(y string) bool {
	n, err := strconv.Atoi(y)
	return err == nil && n >= 1800 && n <= 2099
}

// regNoYear is the year a registration number carries ("B3-2000/0792": 2000), or "".
func regNoYear(n string) string {
	if m := regNoExact.FindStringSubmatch(n); m != nil {
		return m[3]
	}
	return ""
}

var entryNumber = regexp.MustCompile(`^(?:[Nn][Oo0]\.?\s*)?([0-9OIl]{1,6})\.?$`)

// EntryNumber reads a register's own number of an entry ("511", "No. 2839"), as digits.
func EntryNumber(s string) (string, bool) {
	m := entryNumber.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || strings.IndexFunc(m[1], func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		return "", false
	}
	return strings.TrimLeft(digitsFixer.Replace(m[1]), "0"), true
}

// nameTitles are the abbreviations a name may carry with a full stop.
var nameTitles = map[string]bool{"rev": true, "revd": true, "dr": true, "mr": true, "mrs": true, "ms": true, "fr": true, "st": true,
	"sr": true, "jr": true, "hon": true, "sgt": true, "capt": true, "col": true, "msgr": true, "mgr": true}

// nameStops takes out a full stop OCR put after a name's word ("Esther Thelma. Lake"): a stop
// ends only an initial or a title inside a name. odd says one was taken out (a speck read as
// a stop, or an abbreviated name like "Jos.", which a person should see).
func nameStops(v string) (string, bool) {
	f := strings.Fields(v)
	odd := false
	for i, w := range f {
		core := strings.TrimSuffix(w, ".")
		if core == w || i == len(f)-1 || len([]rune(core)) < 3 || nameTitles[strings.ToLower(core)] {
			continue
		}
		f[i], odd = core, true
	}
	return strings.Join(f, " "), odd
}

// titleWords are the words officiants' names begin with.
var titleWords = []string{"father", "canon", "pastor", "bishop", "reverend", "elder", "deacon", "minister", "apostle", "archdeacon"}

// twiceNamed: a name of four words or more holds one of them twice ("Basil Byron Clement
// Lennox Byron"): two people's names run together, as where the column between them lost its
// heading. A shorter name may well repeat ("Francis Francis", "John Alexander St. John").
func twiceNamed(v string) bool {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(v)) {
		w = strings.Trim(w, ".,;:")
		if n := len(words); n > 0 && (words[n-1] == "st" || words[n-1] == "saint") {
			words[n-1] += " " + w // "St. John" is one name
			continue
		}
		words = append(words, w)
	}
	if len(words) < 4 {
		return false
	}
	seen := map[string]bool{}
	for _, w := range words {
		if len(w) >= 2 && seen[w] {
			return true
		}
		seen[w] = true
	}
	return false
}

// nearTitle: a word of the name is one letter from a title without being it ("Rev. Pather
// Michael Browne"): OCR misread the title, or a surname is close to one; a person looks.
func nearTitle(v string) bool {
	f := strings.Fields(v)
	for i, w := range f {
		lw := strings.ToLower(strings.Trim(w, ".,"))
		if i == len(f)-1 || len(lw) < 5 {
			continue
		}
		for _, t := range titleWords {
			if lw != t && abs(len(lw)-len(t)) <= 1 && civreg.EditDistance(lw, t) == 1 {
				return true
			}
		}
	}
	return false
}

// placeLeads are the words that lead into a place ("born at Cayon", "died in the Alexandra
// Hospital"), the clerk's or a heading's ("Married at"), no part of the place; "atthe" and
// "inthe" are two of them OCR ran together.
var placeLeads = []string{"atthe", "inthe", "at", "in"}

// PlaceLead takes the words leading into a place off its start: "at", "in", "at the", "in
// the" (in any case, and run together), and a lower-case "the" ("The Valley" is a place's
// name). held says the place must not be trusted: a lead was run into the place's first word
// ("atCayon": where OCR lost a space it may have lost more), or what is left starts in lower
// case (another word of the heading or a speck read as a letter).
func PlaceLead(s string) (place string, held bool) {
	f := strings.Fields(s)
	var ws []civreg.Word
	for _, t := range f {
		ws = append(ws, civreg.Word{Text: t})
	}
	ws, held = placeLead(ws)
	return lineText(ws), held
}

// placeLead is PlaceLead on a place's words.
func placeLead(ws []civreg.Word) ([]civreg.Word, bool) {
	if len(ws) > 1 && contains(placeLeads, strings.ToLower(ws[0].Text)) {
		ws = ws[1:]
		if len(ws) > 1 && strings.EqualFold(ws[0].Text, "the") {
			ws = ws[1:] // "at the"
		}
	}
	if len(ws) > 1 && ws[0].Text == "the" {
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return ws, true
	}
	glued := false
	for _, lead := range append(placeLeads[:len(placeLeads):len(placeLeads)], "the") {
		rest := strings.TrimPrefix(ws[0].Text, lead)
		if r := []rune(rest); rest != ws[0].Text && len(r) > 0 && unicode.IsUpper(r[0]) {
			first := ws[0]
			first.Text = rest
			ws = append([]civreg.Word{first}, ws[1:]...)
			glued = true
			break
		}
	}
	r := []rune(ws[0].Text)
	return ws, glued || len(r) == 0 || unicode.IsLower(r[0])
}

// plausibleFor holds the checks one field's value must pass beyond its kind's: a cause of
// death never opens with a number (its duration comes after it, "Pneumonia 3 days"): that is
// the age column's value run into the cause's ("96 Old age"). A place holds no age either
// ("47 St. George's Anglican Church", "Anglican years Church"): the ages' column run into it.
// An officiant opens with a title (opensWithTitle).
func plausibleFor(key, value string) bool {
	switch key {
	case "cause_of_death":
		return !opensWithNumber(value)
	case "place_of_birth", "place_of_death", "place_of_marriage":
		return !opensWithNumber(value) && !holdsYears(value) && !lowerAmongCapitals(value)
	case "officiant_name":
		return opensWithTitle(value)
	}
	return true
}

// officiantTitles are the words an officiant's name opens with in the registers: a minister's
// title or a marriage officer's. A bare name has lost them (read as a heading, or cut off).
var officiantTitles = map[string]bool{"rev": true, "revd": true, "reverend": true, "canon": true, "father": true, "fr": true,
	"pastor": true, "bishop": true, "archdeacon": true, "dean": true, "elder": true, "minister": true, "marriage": true,
	"registrar": true, "deputy": true, "dr": true, "mr": true, "mrs": true, "miss": true, "ms": true}

// opensWithTitle: an officiant's name opening with a title ("Rev. Canon Leroy Hodge").
func opensWithTitle(s string) bool {
	f := strings.Fields(strings.ToLower(s))
	return len(f) > 0 && officiantTitles[strings.Trim(f[0], ".,;:")]
}

// placeWords are the words that name what a place is: after a place's name they are written
// with a capital ("Tabernacle Village", "Alexandra Hospital").
var placeWords = map[string]bool{"village": true, "town": true, "hospital": true, "street": true, "road": true, "estate": true,
	"church": true, "cathedral": true, "chapel": true, "point": true, "bay": true, "hill": true, "ground": true, "centre": true,
	"center": true, "island": true, "parish": true, "district": true, "clinic": true}

// lowerAmongCapitals: a word of a place naming what the place is opens in lower case after a
// capitalised one ("Tabernacle village"), or a word opens with a quote mark ("Cotton Ground,
// 'Nevis"): OCR misread its capital or took a speck for a mark. Other words in lower case are
// the registers' own ("Own residence, Old Road").
func lowerAmongCapitals(s string) bool {
	capital := false
	for _, w := range strings.Fields(s) {
		if strings.ContainsRune("'\"`‘’“”", []rune(w)[0]) {
			return true
		}
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, "("))
		switch {
		case unicode.IsUpper(r):
			capital = true
		case capital && placeWords[strings.Trim(w, ".,;:()")]:
			return true
		}
	}
	return false
}

// holdsYears: a word of the value is "years" (or "yrs").
func holdsYears(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		switch strings.Trim(w, ".,;:") {
		case "years", "year", "yrs", "yr":
			return true
		}
	}
	return false
}

// opensWithNumber: the value's first word is a bare number.
func opensWithNumber(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 {
		return false
	}
	_, err := strconv.Atoi(strings.TrimRight(f[0], ".,;:"))
	return err == nil
}
