package civreg

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// A keyer types what a register entry says, as fast as it can be typed: dates as "14 3 87"
// or "14th March 1987", sex as b, g, m or f. KeyedValue turns such keying into the value the
// registry stores, one rule per field kind, so that two keyers who typed the same thing two
// ways agree.

var keyedMonths = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// ParseKeyedDate reads a date keyed day first ("14 3 87", "14/3/1987", "14th March 1987",
// "14 mar 87") and returns it as YYYY-MM-DD. A two-figure year is of the century that does
// not put the date after today. ok is false when s is not a date.
func ParseKeyedDate(s string, today time.Time) (string, bool) {
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '/' || r == '-' || r == '.' || r == ','
	})
	if len(parts) != 3 {
		return "", false
	}
	day, ok := keyedNumber(strings.TrimRight(parts[0], "stndrh"), 2)
	if !ok || !ordinalSuffix(parts[0]) {
		return "", false
	}
	month, ok := keyedNumber(parts[1], 2)
	if !ok {
		month = keyedMonth(parts[1])
	}
	year, ok := keyedNumber(parts[2], 4)
	if !ok || month == 0 || (len(parts[2]) != 2 && len(parts[2]) != 4) {
		return "", false
	}
	if len(parts[2]) == 2 {
		year += today.Year() / 100 * 100
		if year > today.Year() {
			year -= 100
		}
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month {
		return "", false // 31 February and the like
	}
	return t.Format("2006-01-02"), true
}

// ordinalSuffix allows "14", "14th", "1st", "2nd", "3rd", and nothing else after the figures.
func ordinalSuffix(w string) bool {
	i := strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		return true
	}
	switch w[i:] {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

func keyedNumber(s string, width int) (int, bool) {
	if s == "" || len(s) > width {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// keyedMonth reads a month's name or its first three letters or more ("mar", "sept").
func keyedMonth(w string) int {
	if len(w) < 3 {
		return 0
	}
	for i, m := range keyedMonths {
		if strings.HasPrefix(m, w) {
			return i + 1
		}
	}
	return 0
}

// ParseKeyedSex reads the sex as keyed: b (boy) or m is M, g (girl) or f is F; the words too.
func ParseKeyedSex(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "m", "b", "male", "boy":
		return "M", true
	case "f", "g", "female", "girl":
		return "F", true
	}
	return "", false
}

// KeyedValue returns the value to store for what a keyer typed into field key of a record
// of type t, or an EINVALID error saying, in the keyer's words, what is wrong. Spaces are
// tidied everywhere; dates, sexes, ages and districts are read by their kind's rule; a name
// typed all in small or all in capital letters is given capitals. "" stays "".
func KeyedValue(t RecordType, key, typed string, today time.Time) (string, error) {
	v := strings.Join(strings.Fields(typed), " ")
	spec, _ := LookupField(key)
	if v != "" {
		var ok bool
		switch spec.Kind {
		case KindDate:
			if v, ok = ParseKeyedDate(v, today); !ok {
				return "", Errorf(EINVALID, "%q is not a date: key it day first, as 14 3 87 or 14th March 1987", typed)
			}
		case KindSex:
			if v, ok = ParseKeyedSex(v); !ok {
				return "", Errorf(EINVALID, "%q is not a sex: key b or m for a boy, g or f for a girl", typed)
			}
		case KindAge:
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(v, " years"), " yrs"))
			if err != nil || n < 0 || n > 130 {
				return "", Errorf(EINVALID, "%q is not an age: key the years as a number", typed)
			}
			v = strconv.Itoa(n)
		case KindDistrict:
			if v, ok = KeyedDistrict(v); !ok {
				return "", Errorf(EINVALID, "%q is not a district of the gazetteer: pick one of the list", typed)
			}
		case KindName:
			v = capitalised(v)
		case KindRegNo:
			v = strings.ToUpper(strings.ReplaceAll(v, " ", ""))
		}
	}
	if err := ValidateField(t, key, v); err != nil {
		return "", err
	}
	return v, nil
}

// KeyedDistrict returns the gazetteer's district keyed as s: its name in any case, with
// "St" for "Saint", or the start of one name only ("sandy" is not a start; "saint anne" is).
func KeyedDistrict(s string) (string, bool) {
	key := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, ".", " ")), " "))
	if strings.HasPrefix(key, "st ") {
		key = "saint " + key[3:]
	}
	var found []string
	for _, d := range Districts {
		l := strings.ToLower(d)
		if l == key {
			return d, true
		}
		if strings.HasPrefix(l, key) {
			found = append(found, d)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

// capitalised gives a name keyed all in small or all in capital letters a capital at the
// start of each word and after a hyphen or an apostrophe ("o'neil" is "O'Neil"); a name keyed
// in mixed case ("McDonald") is as the keyer typed it.
func capitalised(s string) string {
	if s != strings.ToLower(s) && s != strings.ToUpper(s) {
		return s
	}
	out := []rune(strings.ToLower(s))
	for i := range out {
		if i == 0 || out[i-1] == ' ' || out[i-1] == '-' || out[i-1] == '\'' {
			out[i] = unicode.ToUpper(out[i])
		}
	}
	return string(out)
}
