package population

import "time"

// marry weds about half the women born here, at 18 or later, mostly to a man born here up to
// ten years before them or two after; the rest to men from elsewhere. Some men born here
// marry women from elsewhere.
func (g *gen) marry() {
	men := map[int][]int{}
	n := len(g.people)
	for i := 0; i < n; i++ {
		if h := g.people[i]; h.sex == 'M' {
			men[h.born.Year()] = append(men[h.born.Year()], i)
		}
	}
	for i := 0; i < n; i++ {
		h := g.people[i]
		if h.sex != 'F' || !g.chance(0.55) {
			continue
		}
		on := g.marriageDay(h.born)
		if on.After(Until) {
			continue
		}
		husband := -1
		if g.chance(0.85) {
			husband = g.husband(men, h, on)
		}
		if husband < 0 {
			husband = g.outsider('M', h.born.AddDate(-g.rng.IntN(9), 0, -g.rng.IntN(365)))
		}
		g.wed(husband, i, on)
	}
	for i := 0; i < n; i++ {
		if h := g.people[i]; h.sex == 'M' && !h.hasMarriage && g.chance(0.1) {
			on := h.born.AddDate(22+g.rng.IntN(18), 0, g.rng.IntN(365))
			if !on.After(Until) {
				g.wed(i, g.outsider('F', h.born.AddDate(g.rng.IntN(7)-2, 0, g.rng.IntN(365))), on)
			}
		}
	}
}

func (g *gen) marriageDay(born time.Time) time.Time {
	years := min(18+g.rng.ExpFloat64()*7, 45)
	return born.AddDate(int(years), 0, g.rng.IntN(365))
}

// husband finds a man born here, single, of age on the day, not of the bride's surname.
func (g *gen) husband(men map[int][]int, bride *human, on time.Time) int {
	for try := 0; try < 30; try++ {
		year := bride.born.Year() - 10 + g.rng.IntN(13)
		list := men[year]
		if len(list) == 0 {
			continue
		}
		j := list[g.rng.IntN(len(list))]
		m := g.people[j]
		if !m.hasMarriage && m.surname != bride.surname && on.Sub(m.born) > 18*365*24*time.Hour {
			return j
		}
	}
	return -1
}

func (g *gen) wed(groom, bride int, on time.Time) {
	m, w := g.people[groom], g.people[bride]
	m.hasMarriage, w.hasMarriage = true, true
	m.spouse, w.spouse = bride, groom
	m.marriedOn, w.marriedOn = on, on
	w.married = m.surname
}
