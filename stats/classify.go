package stats

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"civreg"
)

// Unknown is the value of a dimension the record does not give, or gives unreadably: such
// records are counted under it, never dropped.
const Unknown = "unknown"

// All is the value of a dimension in a margin row (the total over that dimension).
const All = "all"

// AgeGroups are the age groups of the deaths tables, youngest first.
var AgeGroups = func() []string {
	out := []string{"0", "1-4"}
	for a := 5; a < 85; a += 5 {
		out = append(out, fmt.Sprintf("%d-%d", a, a+4))
	}
	return append(out, "85+")
}()

// MarriageAgeGroups are the age groups of a bride or bridegroom.
var MarriageAgeGroups = []string{"under 20", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50+"}

// Sexes are the values of the sex dimension.
var Sexes = []string{"M", "F"}

// Months are the values of the month dimension.
var Months = []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}

// RecordTypes are the record types the timeliness table lists.
var RecordTypes = []string{string(civreg.Birth), string(civreg.Death), string(civreg.Marriage)}

var (
	yearsWord = regexp.MustCompile(`^(\d{1,3})\s*(years?|yrs?\.?|y)?$`)
	underYear = regexp.MustCompile(`^\d{1,3}\s*(months?|weeks?|days?|hours?|mos?\.?|wks?\.?)$`)
)

// ageYears reads an age in whole years; an age given in months, weeks, days or hours is 0.
func ageYears(v string) (int, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if underYear.MatchString(v) {
		return 0, true
	}
	m := yearsWord.FindStringSubmatch(v)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, n <= 130
}

// AgeGroup is the deaths tables' age group of an age as stored, or Unknown.
func AgeGroup(age string) string {
	return deathAgeBands.group(age)
}

// MarriageAgeGroup is the age group of a bride or bridegroom, or Unknown.
func MarriageAgeGroup(age string) string {
	return marriageAgeBands.group(age)
}

// ageBands are a table's age groups: the named young groups, each below an age, then five
// years a group up to the open group from top.
type ageBands struct {
	young []ageBand
	top   int
}

type ageBand struct {
	below int
	name  string
}

var (
	deathAgeBands    = ageBands{young: []ageBand{{1, "0"}, {5, "1-4"}}, top: 85}
	marriageAgeBands = ageBands{young: []ageBand{{20, "under 20"}}, top: 50}
)

// group is the age group of an age as stored, or Unknown.
func (b ageBands) group(age string) string {
	n, ok := ageYears(age)
	if !ok {
		return Unknown
	}
	for _, y := range b.young {
		if n < y.below {
			return y.name
		}
	}
	if n >= b.top {
		return fmt.Sprintf("%d+", b.top)
	}
	lo := n / 5 * 5
	return fmt.Sprintf("%d-%d", lo, lo+4)
}

// Sex is M, F or Unknown.
func Sex(v string) string {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "M", "MALE":
		return "M"
	case "F", "FEMALE":
		return "F"
	}
	return Unknown
}

// District is the gazetteer's spelling of a registration district, or Unknown for a value
// that is not one of the fourteen parishes.
func District(v string) string {
	v = strings.Join(strings.Fields(v), " ")
	for _, d := range civreg.Districts {
		if strings.EqualFold(d, v) {
			return d
		}
	}
	return Unknown
}

// Timeliness names the bands of registration delay. Target is the registration target in
// days (30 unless the Ministry sets another).
type Timeliness struct {
	Target int
}

// Bands lists the band names, most timely first.
func (t Timeliness) Bands() []string {
	return []string{fmt.Sprintf("within %d days", t.Target), fmt.Sprintf("%d-365 days", t.Target+1), "1-5 years", "over 5 years"}
}

// Band is the band of a delay in days as the summary keeps it ("" or negative: Unknown).
func (t Timeliness) Band(days string) string {
	d, err := strconv.Atoi(days)
	b := t.Bands()
	switch {
	case err != nil || d < 0:
		return Unknown
	case d <= t.Target:
		return b[0]
	case d <= 365:
		return b[1]
	case d <= 1825:
		return b[2]
	}
	return b[3]
}

// Year is a year as the summary keeps it, or Unknown.
func Year(v string) string { return orUnknown(v) }

// Month is a month ("01".."12") as the summary keeps it, or Unknown.
func Month(v string) string { return orUnknown(v) }

func orUnknown(v string) string {
	if v == "" {
		return Unknown
	}
	return v
}
