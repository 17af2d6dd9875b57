package samples

import (
	"fmt"
	"math/rand/v2"

	"civreg"
)

// entry is one register entry: its fields as stored, as the page writes them, and the words of
// the columns that carry no field (occupation, the informant's relation and residence ...).
type entry struct {
	rt      civreg.RecordType
	fields  map[string]string
	printed map[string]string
	extra   map[string]string
}

// valueStyle is how a page's clerk writes its values.
type valueStyle struct {
	caps   bool // block capitals
	ledger bool // the ledger's plainer words: Male/Female, dates in figures too
}

// set records a field: its stored value and what the page writes. A value stored as printed
// follows the writing into capitals.
func (e *entry) set(st valueStyle, key, value, printed string) {
	if st.caps {
		if value == printed {
			value = caps(printed)
		}
		printed = caps(printed)
	}
	e.fields[key], e.printed[key] = value, printed
}

// word records what a column without a field writes.
func (e *entry) word(st valueStyle, key, s string) {
	if st.caps {
		s = caps(s)
	}
	e.extra[key] = s
}

// date sets a date field as the page's clerk writes dates.
func (e *entry) date(rng *rand.Rand, st valueStyle, key string, d date) {
	p := registerDate(rng, d)
	if st.ledger && rng.IntN(2) == 0 {
		p = printDate(rng, d)
	}
	e.set(st, key, d.iso(), p)
}

func (e *entry) sex(rng *rand.Rand, st valueStyle, female bool) {
	v := map[bool]string{true: "F", false: "M"}[female]
	words := map[bool][]string{true: {"Girl"}, false: {"Boy"}}
	if st.ledger || e.rt == civreg.Death {
		words = map[bool][]string{true: {"Female", "F"}, false: {"Male", "M"}}
	}
	e.set(st, "sex", v, pick(rng, words[female]))
}

// newEntry draws a register entry of type rt numbered number, whose event happened on day.
func newEntry(rng *rand.Rand, rt civreg.RecordType, st valueStyle, number string, day date) *entry {
	e := &entry{rt: rt, fields: map[string]string{}, printed: map[string]string{}, extra: map[string]string{}}
	e.set(st, "registration_number", number, number)
	switch rt {
	case civreg.Birth:
		birthEntry(rng, st, e, day)
	case civreg.Death:
		deathEntry(rng, st, e, day)
	case civreg.Marriage:
		marriageEntry(rng, st, e, day)
	}
	return e
}

func birthEntry(rng *rand.Rand, st valueStyle, e *entry, born date) {
	female := rng.IntN(2) == 0
	fatherKnown := rng.IntN(4) != 0
	maiden := pick(rng, surnames)
	surname := maiden
	if fatherKnown {
		surname = pick(rng, surnames)
	}
	if rng.IntN(30) != 0 { // "Name, if any": now and then none was given yet
		name := fullName(rng, female, surname)
		e.set(st, "child_name", name, name)
	}
	e.sex(rng, st, female)
	e.date(rng, st, "date_of_birth", born)
	place := pick(rng, birthPlaces)
	e.set(st, "place_of_birth", place, place)
	motherGiven := pick(rng, givenFemale)
	mother, motherNow := motherGiven+" "+maiden, motherGiven+" "+maiden
	father := fullName(rng, false, surname)
	if fatherKnown {
		e.set(st, "father_name", father, father)
		if rng.IntN(5) < 3 { // married: she writes her husband's name, formerly her own
			motherNow = motherGiven + " " + surname
			mother = motherNow + " formerly " + maiden
		}
	}
	e.set(st, "mother_name", mother, mother)
	informant, relation := motherNow, "Mother"
	switch r := rng.IntN(10); {
	case r < 3 && fatherKnown:
		informant, relation = father, "Father"
	case r == 9:
		informant, relation = fullName(rng, rng.IntN(2) == 0, pick(rng, surnames)), pick(rng, []string{"Occupier", "Grandmother", "Present at the birth"})
	}
	e.set(st, "informant_name", informant, informant)
	e.word(st, "relation", relation)
	e.word(st, "residence", pick(rng, villages))
	e.date(rng, st, "registration_date", born.after(rng, 40))
}

func deathEntry(rng *rand.Rand, st valueStyle, e *entry, died date) {
	female := rng.IntN(2) == 0
	surname := pick(rng, surnames)
	name := fullName(rng, female, surname)
	e.set(st, "deceased_name", name, name)
	e.sex(rng, st, female)
	v, p := ageAtDeath(rng)
	e.set(st, "age", v, p)
	e.date(rng, st, "date_of_death", died)
	place := pick(rng, places)
	e.set(st, "place_of_death", place, place)
	occupation := pick(rng, occupations)
	if v == "0" {
		occupation = "Child of " + fullName(rng, true, surname)
	}
	e.word(st, "occupation", occupation)
	cause := pick(rng, causes)
	e.set(st, "cause_of_death", cause, cause)
	informant := fullName(rng, rng.IntN(2) == 0, pick(rng, []string{surname, surname, pick(rng, surnames)}))
	e.set(st, "informant_name", informant, informant)
	e.word(st, "relation", pick(rng, deathInformants))
	e.word(st, "residence", pick(rng, villages))
	e.date(rng, st, "registration_date", died.after(rng, 10))
}

func marriageEntry(rng *rand.Rand, st valueStyle, e *entry, married date) {
	e.date(rng, st, "date_of_marriage", married)
	place := pick(rng, churches)
	e.set(st, "place_of_marriage", place, place)
	gs, bs := pick(rng, surnames), pick(rng, surnames)
	for _, side := range []struct {
		key, ageKey, surname string
		female               bool
		conditions           []string
	}{{"groom_name", "groom_age", gs, false, []string{"Bachelor", "Bachelor", "Bachelor", "Widower"}},
		{"bride_name", "bride_age", bs, true, []string{"Spinster", "Spinster", "Spinster", "Widow"}}} {
		name := fullName(rng, side.female, side.surname)
		e.set(st, side.key, name, name)
		age := 18 + rng.IntN(45)
		e.set(st, side.ageKey, fmt.Sprint(age), pick(rng, []string{fmt.Sprint(age), fmt.Sprint(age), fmt.Sprintf("%d years", age)}))
		e.word(st, side.key+".condition", pick(rng, side.conditions))
		e.word(st, side.key+".rank", pick(rng, ranks))
		e.word(st, side.key+".residence", pick(rng, villages))
		e.word(st, side.key+".father", fullName(rng, false, side.surname))
		e.word(st, side.key+".father_rank", pick(rng, ranks))
	}
	officiant := pick(rng, officiants)
	e.set(st, "officiant_name", officiant, officiant)
}

// fullName draws a person's name: one or two given names, never the same twice, and a surname.
func fullName(rng *rand.Rand, female bool, surname string) string {
	given := givenMale
	if female {
		given = givenFemale
	}
	first := pick(rng, given)
	if rng.IntN(2) == 0 {
		return first + " " + surname
	}
	second := pick(rng, given)
	for second == first {
		second = pick(rng, given)
	}
	return first + " " + second + " " + surname
}
