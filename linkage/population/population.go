// Package population generates a registry's worth of people for measuring the linkage: births
// 1930-2015, the marriages and deaths of the same people, with the slips real records carry
// (a name misspelt by one letter now and then, middle names dropped, women dying under their
// married surname, the age at death a year off, 3% of births registered twice with their
// details drifting), and the truth of who is who.
package population

import (
	"math/rand/v2"
	"time"

	"civreg/linkage"
)

// Config sizes a population.
type Config struct {
	Seed   uint64
	Births int // children born in the registry 1930-2015 (twins included, second registrations not)
	// Params are the registry's habits; the zero value means those of the seed (ParamsFor).
	Params *Params
}

// ForRecords is the Config giving about n records in all.
func ForRecords(seed uint64, n int) Config { return Config{Seed: seed, Births: n * 100 / 158} }

// Population is the generated records and who each is about.
type Population struct {
	Records []linkage.Record
	// Params are the habits the registry was generated with.
	Params Params
	// who maps a record and role to a person number; persons born elsewhere have numbers of
	// their own and no birth.
	who map[subject]int
	// births lists each person's birth registrations, first first.
	births map[int][]int64
	people []*human
}

type subject struct {
	id   int64
	role linkage.Role
}

// Person returns the person a record names in role, and whether it names one.
func (p *Population) Person(id int64, role linkage.Role) (int, bool) {
	n, ok := p.who[subject{id, role}]
	return n, ok
}

// human is one person of the generated population.
type human struct {
	sex         byte
	given       string
	middle      string
	surname     string // at birth
	married     string // surname taken at marriage, if any
	born, died  time.Time
	marriedOn   time.Time
	district    int
	family      *family
	emigrated   bool
	spouse      int // index of the spouse in the population, -1 none
	hasMarriage bool
	outsider    bool // born outside the registry
}

type family struct {
	mother, father string // as the birth register names them
	surname        string
	district       int
	last           time.Time       // the last child's birth: the next comes ten months on at least
	names          map[string]bool // given names of the children so far: no two alike
}

// gen holds the state of one generation.
type gen struct {
	rng      *rand.Rand
	params   Params
	people   []*human
	surnames *weighted
	female   *weighted
	male     *weighted
	district *weighted
	pop      *Population
	seq      map[string]int
	records  []linkage.Record
	subjects [][]subjectOf // per record, parallel to records
}

type subjectOf struct {
	role   linkage.Role
	person int
}

// Until is the last day the registry's records run to.
var Until = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

// Generate makes a population: the same Config always gives the same records.
func Generate(cfg Config) *Population {
	params := ParamsFor(cfg.Seed)
	if cfg.Params != nil {
		params = *cfg.Params
	}
	g := &gen{rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5eed)), seq: map[string]int{}, params: params,
		pop: &Population{who: map[subject]int{}, births: map[int][]int64{}, Params: params}}
	g.vocabulary(cfg.Births)
	g.bornInRegistry(cfg.Births)
	g.marry()
	g.fates()
	g.write()
	g.pop.people = g.people
	return g.pop
}

func (g *gen) given(sex byte) string {
	if sex == 'M' {
		return g.male.draw(g.rng)
	}
	return g.female.draw(g.rng)
}

func (g *gen) sex() byte {
	if g.rng.IntN(2) == 0 {
		return 'M'
	}
	return 'F'
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// bornInRegistry makes the children born 1930-2015, in order of birth: a third into a family
// that already has children (brothers and sisters share a surname and a mother), and twins
// now and then.
func (g *gen) bornInRegistry(n int) {
	start := time.Date(1930, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	days := make([]int, n)
	for i := range days {
		days[i] = g.rng.IntN(span)
	}
	sortInts(days)
	var recent []*family
	for i := 0; i < n; i++ {
		born := start.AddDate(0, 0, days[i])
		var f *family
		if len(recent) > 0 && g.chance(0.35) {
			f = recent[g.rng.IntN(len(recent))]
		}
		if f == nil || born.Sub(f.last) < 300*24*time.Hour {
			f = g.newFamily(born)
			recent = append(recent, f)
			if len(recent) > 400 {
				recent = recent[1:]
			}
		}
		h := g.child(f, born)
		g.people = append(g.people, h)
		if g.chance(0.012) && i+1 < n {
			twin := g.child(f, born)
			g.people = append(g.people, twin)
			i++
		}
	}
}

func sortInts(a []int) {
	// counting the days keeps generation linear in the population
	maxv := 0
	for _, v := range a {
		maxv = max(maxv, v)
	}
	counts := make([]int, maxv+1)
	for _, v := range a {
		counts[v]++
	}
	i := 0
	for v, c := range counts {
		for ; c > 0; c-- {
			a[i] = v
			i++
		}
	}
}

func (g *gen) newFamily(born time.Time) *family {
	f := &family{district: g.district.index(g.rng), names: map[string]bool{}}
	motherGiven, maiden := g.given('F'), g.surnames.draw(g.rng)
	if g.chance(0.6) { // married parents: the child takes the father's surname
		fatherSurname := g.surnames.draw(g.rng)
		f.surname = fatherSurname
		f.father = g.given('M') + " " + fatherSurname
		f.mother = motherGiven + " " + fatherSurname
		if g.chance(0.4) {
			f.mother += " formerly " + maiden
		}
	} else {
		f.surname = maiden
		f.mother = motherGiven + " " + maiden
		if g.chance(0.5) {
			f.father = g.given('M') + " " + g.surnames.draw(g.rng)
		}
	}
	return f
}

func (g *gen) child(f *family, born time.Time) *human {
	h := &human{sex: g.sex(), surname: f.surname, born: born, district: f.district, family: f, spouse: -1}
	for h.given == "" || f.names[h.given] {
		h.given = g.given(h.sex)
	}
	f.names[h.given] = true
	f.last = born
	if g.chance(g.params.Middle) {
		for h.middle == "" || h.middle == h.given {
			h.middle = g.given(h.sex)
		}
	}
	return h
}

// fates decides who emigrates (and leaves no death here) and when each person dies.
func (g *gen) fates() {
	for _, h := range g.people {
		if h.outsider {
			continue
		}
		h.emigrated = !h.hasMarriage && g.chance(0.2)
		var life int
		if g.chance(0.03) {
			life = 1 + g.rng.IntN(300)
		} else {
			years := max(1, 75+14*g.rng.NormFloat64())
			life = int(years * 365.25)
		}
		h.died = h.born.AddDate(0, 0, life)
		if !h.marriedOn.IsZero() && !h.died.After(h.marriedOn) {
			h.died = h.marriedOn.AddDate(0, 0, 30+g.rng.IntN(20000))
		}
	}
}

// outsider is a person born outside the registry (abroad, or before 1930): they marry and
// die here, and must not be taken for someone born here.
func (g *gen) outsider(sex byte, born time.Time) int {
	h := &human{sex: sex, given: g.given(sex), surname: g.surnames.draw(g.rng), born: born, outsider: true, spouse: -1,
		district: g.district.index(g.rng)}
	if g.chance(0.5) {
		h.middle = g.given(sex)
	}
	g.people = append(g.people, h)
	return len(g.people) - 1
}

func (g *gen) fmtName(given, middle, surname string) string {
	if middle != "" {
		return given + " " + middle + " " + surname
	}
	return given + " " + surname
}

func iso(t time.Time) string { return t.Format("2006-01-02") }
