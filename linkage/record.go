package linkage

import (
	"strconv"
	"time"

	"civreg"
)

// Record is one registration as the linkage reads it: its ID, type and field values (keys
// of docs/records.md, values normalised as stored).
type Record struct {
	ID     int64             `json:"id"`
	Type   civreg.RecordType `json:"record_type"`
	Fields map[string]string `json:"fields"`
	// Married lists, for a birth, the surnames its child took at marriages already linked to
	// it (as bride): a death under one of them is found too.
	Married []string `json:"married,omitempty"`
}

// Role is who a record is about: the child of a birth, the deceased, the groom or the bride.
type Role string

// The roles a person plays in a record.
const (
	RoleChild    Role = "child"
	RoleDeceased Role = "deceased"
	RoleGroom    Role = "groom"
	RoleBride    Role = "bride"
)

// person is one person named by a record, with what the comparisons need already worked out.
type person struct {
	rec      int // index in the records being linked
	role     Role
	name     Name
	gkey     string   // phonetic key of the given name
	skey     string   // phonetic key of the surname
	surnames []string // the surname, then those a bride took at her marriages (births only)
	sex      byte     // 'M', 'F' or 0
	born     int      // day number of the date of birth, births only; 0 unknown
	event    int      // day number of the event: birth, death or marriage
	age      int      // age stated on a death or marriage record; -1 unknown
	district string
	mother   Name
	father   Name
	place    string
}

// noDay marks a missing or unreadable date.
const noDay = 0

// day returns the days since 1 January 1800 of an ISO date, or noDay.
func day(iso string) int {
	if len(iso) != 10 || iso[4] != '-' || iso[7] != '-' {
		return noDay
	}
	y, err1 := strconv.Atoi(iso[:4])
	m, err2 := strconv.Atoi(iso[5:7])
	d, err3 := strconv.Atoi(iso[8:])
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return noDay
	}
	return int(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours()/24) + 1
}

var epoch = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)

// dateOf turns a day number back into a date.
func dateOf(n int) time.Time { return epoch.AddDate(0, 0, n-1) }

// yearOf is the calendar year of day n.
func yearOf(n int) int { return dateOf(n).Year() }

// ageAt is the age in whole years on day at of someone born on day born.
func ageAt(born, at int) int {
	b, a := dateOf(born), dateOf(at)
	age := a.Year() - b.Year()
	if a.Month() < b.Month() || (a.Month() == b.Month() && a.Day() < b.Day()) {
		age--
	}
	return age
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 130 {
		return def
	}
	return n
}

// people returns the persons a record names: a birth's child, a death's deceased, a
// marriage's groom and bride. Records of other types name nobody.
func people(i int, r *Record) []person {
	f := r.Fields
	base := person{rec: i, age: -1, district: f["registration_district"]}
	switch r.Type {
	case civreg.Birth:
		p := base
		p.role, p.name, p.sex = RoleChild, ParseName(f["child_name"]), sexOf(f["sex"])
		p.born = day(f["date_of_birth"])
		p.event = p.born
		p.mother, p.father, p.place = ParseName(f["mother_name"]), ParseName(f["father_name"]), Fold(f["place_of_birth"])
		p = keyed(p)
		for _, m := range r.Married {
			if sn := ParseName(m).Surname; sn != "" && !contains(p.surnames, sn) {
				p.surnames = append(p.surnames, sn)
			}
		}
		return []person{p}
	case civreg.Death:
		p := base
		p.role, p.name, p.sex = RoleDeceased, ParseName(f["deceased_name"]), sexOf(f["sex"])
		p.event, p.age, p.place = day(f["date_of_death"]), atoiOr(f["age"], -1), Fold(f["place_of_death"])
		return []person{keyed(p)}
	case civreg.Marriage:
		g, b := base, base
		g.role, g.name, g.sex = RoleGroom, ParseName(f["groom_name"]), 'M'
		b.role, b.name, b.sex = RoleBride, ParseName(f["bride_name"]), 'F'
		g.event, b.event = day(f["date_of_marriage"]), day(f["date_of_marriage"])
		g.age, b.age = atoiOr(f["groom_age"], -1), atoiOr(f["bride_age"], -1)
		return []person{keyed(g), keyed(b)}
	}
	return nil
}

func keyed(p person) person {
	p.gkey, p.skey = Phonetic(p.name.Given), Phonetic(p.name.Surname)
	p.surnames = []string{p.name.Surname}
	return p
}

func sexOf(s string) byte {
	if s == "M" || s == "F" {
		return s[0]
	}
	return 0
}

// bornAround is the year a person was born, worked out from the date of birth or from an
// event and the age stated at it; ok is false when neither is known.
func (p *person) bornAround() (year int, ok bool) {
	switch {
	case p.born != noDay:
		return yearOf(p.born), true
	case p.event != noDay && p.age >= 0:
		return yearOf(p.event) - p.age, true
	}
	return 0, false
}
