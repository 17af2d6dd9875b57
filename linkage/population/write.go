package population

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"civreg"
	"civreg/linkage"
)

// write turns the people into records, the way clerks wrote them, and shuffles them (a
// registry is digitised volume by volume, not in order of events).
func (g *gen) write() {
	registryDeaths := 0
	n := len(g.people)
	for i := 0; i < n; i++ {
		h := g.people[i]
		if !h.outsider {
			g.birth(i, false)
			if g.chance(g.params.Again) {
				g.birth(i, true)
			}
		}
		if h.hasMarriage && h.sex == 'F' {
			g.marriage(h.spouse, i)
		}
		if h.outsider && h.died.IsZero() {
			h.died = h.born.AddDate(60+g.rng.IntN(35), 0, g.rng.IntN(365))
			h.emigrated = !g.chance(0.7)
		}
		if !h.emigrated && !h.died.IsZero() && !h.died.After(Until) {
			g.death(i)
			registryDeaths++
		}
	}
	for k := 0; k < registryDeaths/4; k++ { // deaths of people born before 1930 or abroad
		died := time.Date(1930+g.rng.IntN(96), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(365))
		if died.After(Until) {
			continue
		}
		i := g.outsider(g.sex(), died.AddDate(-(40+g.rng.IntN(60)), 0, -g.rng.IntN(365)))
		g.people[i].died = died
		g.death(i)
	}
	order := g.rng.Perm(len(g.records))
	for id, k := range order {
		r := g.records[k]
		r.ID = int64(id + 1)
		g.pop.Records = append(g.pop.Records, r)
		for _, s := range g.subjects[k] {
			g.pop.who[subject{r.ID, s.role}] = s.person
			if s.role == linkage.RoleChild {
				g.pop.births[s.person] = append(g.pop.births[s.person], r.ID)
			}
		}
	}
}

func (g *gen) add(r linkage.Record, subjects ...subjectOf) {
	g.records = append(g.records, r)
	g.subjects = append(g.subjects, subjects)
}

// regNo numbers entries per kind, district and year, as the registers do.
func (g *gen) regNo(kind string, district int, on time.Time) string {
	k := fmt.Sprintf("%s%d-%d", kind, district+1, on.Year())
	g.seq[k]++
	return fmt.Sprintf("%s/%04d", k, g.seq[k])
}

// birth writes a birth registration; again is a late second registration of the same birth,
// years later, its details drifting.
func (g *gen) birth(i int, again bool) {
	h := g.people[i]
	f := h.family
	dob, district, mother, father := h.born, f.district, f.mother, f.father
	name := g.written(h.given, h.middle, h.surname, g.params.MisspellBirth, 0)
	registered := dob.AddDate(0, 0, 5+g.rng.IntN(50))
	place := birthPlaces[(district+i)%len(birthPlaces)]
	if again {
		registered = dob.AddDate(1+g.rng.IntN(25), 0, g.rng.IntN(365))
		name = g.written(h.given, h.middle, h.surname, 0.12, 0.4)
		dob = g.drift(dob)
		if g.chance(0.2) {
			district = g.district.index(g.rng)
		}
		if g.chance(0.2) {
			mother = g.misspellName(mother)
		}
		if g.chance(0.3) {
			father = ""
		}
		if g.chance(0.3) {
			place = birthPlaces[g.rng.IntN(len(birthPlaces))]
		}
	}
	sex := string(h.sex)
	if again && g.chance(0.01) {
		sex = map[string]string{"M": "F", "F": "M"}[sex]
	}
	fields := map[string]string{
		"registration_number": g.regNo("B", district, registered), "registration_date": iso(registered),
		"registration_district": districts[district], "child_name": name, "sex": sex, "date_of_birth": iso(dob),
		"place_of_birth": place, "mother_name": mother, "informant_name": strings.Split(mother, " formerly ")[0],
	}
	if father != "" {
		fields["father_name"] = father
	}
	g.add(linkage.Record{Type: civreg.Birth, Fields: fields}, subjectOf{linkage.RoleChild, i})
}

// drift is what a second registration makes of a date of birth: mostly the same, else a few
// days or weeks off, or day and month swapped.
func (g *gen) drift(d time.Time) time.Time {
	switch x := g.rng.Float64(); {
	case x < 0.55:
		return d
	case x < 0.75:
		return d.AddDate(0, 0, g.plusMinus(1, 7))
	case x < 0.85 && d.Day() <= 12 && d.Day() != int(d.Month()):
		return time.Date(d.Year(), time.Month(d.Day()), int(d.Month()), 0, 0, 0, 0, time.UTC)
	}
	return d.AddDate(0, 0, g.plusMinus(8, 60))
}

func (g *gen) plusMinus(lo, hi int) int {
	n := lo + g.rng.IntN(hi-lo+1)
	if g.chance(0.5) {
		return -n
	}
	return n
}

// death writes the death of person i: a woman married before her death under her husband's
// surname, nearly always; the age sometimes a year off; the middle name often left out.
func (g *gen) death(i int) {
	h := g.people[i]
	surname := h.surname
	if h.married != "" && h.died.After(h.marriedOn) && g.chance(0.95) {
		surname = h.married
	}
	age := ageOn(h.born, h.died)
	if age > 0 && g.chance(0.06) {
		age += g.plusMinus(1, 1)
	}
	district := h.district
	if g.chance(g.params.MovedAtDeath) {
		district = g.district.index(g.rng)
	}
	sex := string(h.sex)
	if g.chance(0.005) {
		sex = ""
	}
	fields := map[string]string{
		"registration_number": g.regNo("D", district, h.died), "registration_date": iso(h.died.AddDate(0, 0, 1+g.rng.IntN(14))),
		"registration_district": districts[district], "deceased_name": g.written(h.given, h.middle, surname, g.params.MisspellLater, g.params.DropMiddle),
		"age": strconv.Itoa(age), "date_of_death": iso(h.died), "place_of_death": birthPlaces[g.rng.IntN(len(birthPlaces))],
		"cause_of_death": causes[g.rng.IntN(len(causes))], "informant_name": g.given(g.sex()) + " " + surname,
	}
	if sex != "" {
		fields["sex"] = sex
	}
	g.add(linkage.Record{Type: civreg.Death, Fields: fields}, subjectOf{linkage.RoleDeceased, i})
}

// marriage writes the marriage of groom and bride under their names at birth.
func (g *gen) marriage(groom, bride int) {
	m, w := g.people[groom], g.people[bride]
	on := w.marriedOn
	district := w.district
	if g.chance(0.4) {
		district = m.district
	}
	fields := map[string]string{
		"registration_number": g.regNo("M", district, on), "registration_date": iso(on),
		"registration_district": districts[district], "date_of_marriage": iso(on),
		"place_of_marriage": churches[g.rng.IntN(len(churches))], "officiant_name": officiants[g.rng.IntN(len(officiants))],
		"groom_name": g.written(m.given, m.middle, m.surname, g.params.MisspellLater, g.params.DropMiddle), "groom_age": strconv.Itoa(g.statedAge(m.born, on)),
		"bride_name": g.written(w.given, w.middle, w.surname, g.params.MisspellLater, g.params.DropMiddle), "bride_age": strconv.Itoa(g.statedAge(w.born, on)),
	}
	g.add(linkage.Record{Type: civreg.Marriage, Fields: fields}, subjectOf{linkage.RoleGroom, groom}, subjectOf{linkage.RoleBride, bride})
}

func (g *gen) statedAge(born, on time.Time) int {
	age := ageOn(born, on)
	if g.chance(0.05) {
		age += g.plusMinus(1, 1)
	}
	return age
}

func ageOn(born, on time.Time) int {
	age := on.Year() - born.Year()
	if on.YearDay() < born.YearDay() {
		age--
	}
	return max(age, 0)
}

// written is a name as a clerk wrote it: each word misspelt by one letter with chance
// misspell, the middle name left out with chance drop.
func (g *gen) written(given, middle, surname string, misspell, drop float64) string {
	if middle != "" && g.chance(drop) {
		middle = ""
	}
	words := strings.Fields(g.fmtName(given, middle, surname))
	for k, w := range words {
		if g.chance(misspell) {
			words[k] = g.misspell(w)
		}
	}
	return strings.Join(words, " ")
}

func (g *gen) misspellName(s string) string {
	words := strings.Fields(s)
	k := g.rng.IntN(len(words))
	if words[k] == "formerly" {
		k = 0
	}
	words[k] = g.misspell(words[k])
	return strings.Join(words, " ")
}

// misspell changes one letter of w: replaced, dropped, doubled or swapped with the next.
func (g *gen) misspell(w string) string {
	if len(w) < 3 {
		return w
	}
	i := 1 + g.rng.IntN(len(w)-1)
	letters := "aeioulnrstmhy"
	switch g.rng.IntN(4) {
	case 0:
		return w[:i] + string(letters[g.rng.IntN(len(letters))]) + w[i+1:]
	case 1:
		return w[:i] + w[i+1:]
	case 2:
		return w[:i] + w[i:i+1] + w[i:]
	}
	if i+1 < len(w) {
		return w[:i] + w[i+1:i+2] + w[i:i+1] + w[i+2:]
	}
	return w[:i] + "e"
}
