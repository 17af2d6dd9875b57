// Package stats builds the vital statistics tables the Ministry of Health publishes from
// counts of approved records, and makes the public ones safe to publish: no count from 1 to
// K-1 is shown, and margins are published with complementary suppression so that no hidden
// count can be worked out by subtraction. It is pure: the counts come from the database
// summary or, offline, from Tally over a records file.
package stats

import (
	"sort"
	"strings"

	"civreg"
)

// Rules are the Ministry's files and settings the tables are built with.
type Rules struct {
	Causes     *CauseGrouping
	Population *Population
	Timeliness Timeliness
}

// StarterRules uses the starter grouping and population files and the 30-day target.
func StarterRules() *Rules {
	c, err := LoadCauses("")
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	p, err := LoadPopulation("")
	if err != nil {
		panic(err)
	}
	return &Rules{Causes: c, Population: p, Timeliness: Timeliness{Target: 30}}
}

// dim is one dimension of a table: its name, how a summary key becomes its value, and the
// values always listed (nil: the values seen, in order).
type dim struct {
	name   string
	value  func(*Rules, string) string
	domain func(*Rules) []string
}

// tableDef is a two-way table over one source.
type tableDef struct {
	name   string
	source string
	dims   [2]dim
}

func fixed(vs []string) func(*Rules) []string { return func(*Rules) []string { return vs } }

var (
	dimYear     = dim{name: "year", value: func(_ *Rules, v string) string { return Year(v) }}
	dimDistrict = dim{name: "district", value: func(_ *Rules, v string) string { return District(v) }, domain: fixed(districts())}
	dimSex      = dim{name: "sex", value: func(_ *Rules, v string) string { return Sex(v) }, domain: fixed(Sexes)}
	dimMonth    = dim{name: "month", value: func(_ *Rules, v string) string { return Month(v) }, domain: fixed(Months)}
	dimAge      = dim{name: "age_group", value: func(_ *Rules, v string) string { return AgeGroup(v) }, domain: fixed(AgeGroups)}
	dimCause    = dim{name: "cause_group", value: func(r *Rules, v string) string { return r.Causes.Group(v) },
		domain: func(r *Rules) []string { return r.Causes.Names() }}
	dimType = dim{name: "record_type", value: func(_ *Rules, v string) string { return orUnknown(v) }, domain: fixed(RecordTypes)}
	dimBand = dim{name: "band", value: func(r *Rules, v string) string { return r.Timeliness.Band(v) },
		domain: func(r *Rules) []string { return r.Timeliness.Bands() }}
	dimGroomAge = dim{name: "groom_age_group", value: func(_ *Rules, v string) string { return MarriageAgeGroup(v) }, domain: fixed(MarriageAgeGroups)}
	dimBrideAge = dim{name: "bride_age_group", value: func(_ *Rules, v string) string { return MarriageAgeGroup(v) }, domain: fixed(MarriageAgeGroups)}
)

// Completeness is the table of registrations against the births and deaths expected.
const Completeness = "completeness-by-year-district"

var tableDefs = []tableDef{
	{"births-by-year-district", BirthYearDistrict, [2]dim{dimYear, dimDistrict}},
	{"births-by-month-sex", BirthMonthSex, [2]dim{dimMonth, dimSex}},
	{"deaths-by-year-district", DeathYearDistrict, [2]dim{dimYear, dimDistrict}},
	{"deaths-by-sex-age", DeathSexAge, [2]dim{dimSex, dimAge}},
	{"deaths-by-year-cause", DeathYearCause, [2]dim{dimYear, dimCause}},
	{"marriages-by-year-district", MarriageYearDistrict, [2]dim{dimYear, dimDistrict}},
	{"marriages-by-ages", MarriageAges, [2]dim{dimGroomAge, dimBrideAge}},
	{"registration-timeliness", TypeDelay, [2]dim{dimType, dimBand}},
}

// TableNames lists every table, completeness last.
func TableNames() []string {
	var out []string
	for _, t := range tableDefs {
		out = append(out, t.name)
	}
	return append(out, Completeness)
}

// SourcesOf names the sources the table named name is built from.
func SourcesOf(name string) []string {
	if name == Completeness {
		return []string{BirthYearDistrict, DeathYearDistrict}
	}
	if t, ok := lookup(name); ok {
		return []string{t.source}
	}
	return nil
}

func districts() []string { return append([]string{}, civreg.Districts...) }

func lookup(name string) (tableDef, bool) {
	for _, t := range tableDefs {
		if t.name == name {
			return t, true
		}
	}
	return tableDef{}, false
}

// grid is a two-way table with its margins: n[i][len(b)] is row i's total, n[len(a)][j]
// column j's, n[len(a)][len(b)] the grand total.
type grid struct {
	a, b   []string
	n      [][]int64
	hidden [][]bool
}

// build classifies a source's counts into the table's cells and adds the margins.
func build(t tableDef, raw map[[2]string]int64, rules *Rules) *grid {
	cells := map[[2]string]int64{}
	seen := [2]map[string]bool{{}, {}}
	for k, n := range raw {
		v := [2]string{t.dims[0].value(rules, k[0]), t.dims[1].value(rules, k[1])}
		cells[v] += n
		seen[0][v[0]], seen[1][v[1]] = true, true
	}
	g := &grid{a: values(t.dims[0], rules, seen[0]), b: values(t.dims[1], rules, seen[1])}
	g.n = make([][]int64, len(g.a)+1)
	g.hidden = make([][]bool, len(g.a)+1)
	for i := range g.n {
		g.n[i] = make([]int64, len(g.b)+1)
		g.hidden[i] = make([]bool, len(g.b)+1)
	}
	na, nb := len(g.a), len(g.b)
	for i, av := range g.a {
		for j, bv := range g.b {
			n := cells[[2]string{av, bv}]
			g.n[i][j] = n
			g.n[i][nb] += n
			g.n[na][j] += n
			g.n[na][nb] += n
		}
	}
	return g
}

// values lists a dimension's values: its domain (or the values seen, sorted), then any seen
// outside it (Unknown last).
func values(d dim, rules *Rules, seen map[string]bool) []string {
	var out []string
	in := map[string]bool{}
	if d.domain != nil {
		out = append(out, d.domain(rules)...)
		for _, v := range out {
			in[v] = true
		}
	}
	var extra []string
	for v := range seen {
		if !in[v] && v != Unknown {
			extra = append(extra, v)
		}
	}
	sort.Strings(extra)
	out = append(out, extra...)
	if seen[Unknown] {
		out = append(out, Unknown)
	}
	return out
}

// Row is one cell of a table: its dimension values (All in a margin), the count, and whether
// the count is withheld. Expected is set in the completeness table where the population file
// gives it.
type Row struct {
	Values     []string
	Count      int64
	Suppressed bool
	Expected   *float64
}

// Table is a table as shown: exact for Ministry staff, suppressed when Public.
type Table struct {
	Name    string
	Dims    []string
	Public  bool
	MinCell int
	Rows    []Row
}

// rows lists the cells row by row, each row's margin after its cells, the margin row last.
func (g *grid) rows() []Row {
	var out []Row
	as, bs := append(append([]string{}, g.a...), All), append(append([]string{}, g.b...), All)
	for i, av := range as {
		for j, bv := range bs {
			out = append(out, Row{Values: []string{av, bv}, Count: g.n[i][j], Suppressed: g.hidden[i][j]})
		}
	}
	return out
}

// MinCellFloor is the smallest K the registry allows: counts of 1 and 2 are never published.
const MinCellFloor = 3

// Compute builds the table named name from counts. Public suppresses every count from 1 to
// minCell-1 and the complements that protect them; minCell below MinCellFloor is refused.
// The public tables are suppressed together, so that a count two tables share (the deaths of
// a year, all births) is withheld in both or in neither: counts must hold every source.
func Compute(name string, counts Counts, rules *Rules, public bool, minCell int) (*Table, error) {
	if minCell < MinCellFloor {
		return nil, civreg.Errorf(civreg.EINVALID, "the smallest published count must be %d or more, not %d", MinCellFloor, minCell)
	}
	if name != Completeness {
		if _, ok := lookup(name); !ok {
			return nil, civreg.Errorf(civreg.EINVALID, "no table %q; the tables are: %v", name, TableNames())
		}
	}
	grids := buildAll(counts, rules)
	if public {
		suppressTogether(grids, int64(minCell))
	}
	if name == Completeness {
		return completeness(grids, rules, public, minCell), nil
	}
	t, _ := lookup(name)
	return &Table{Name: name, Dims: []string{t.dims[0].name, t.dims[1].name}, Public: public, MinCell: minCell, Rows: grids[name].rows()}, nil
}

func buildAll(counts Counts, rules *Rules) map[string]*grid {
	out := map[string]*grid{}
	for _, t := range tableDefs {
		out[t.name] = build(t, counts[t.source], rules)
	}
	return out
}

// cellKey says which records a cell counts, in the same words whatever the table: the record
// type and each dimension's value other than All ("death|year=1987").
func cellKey(t tableDef, g *grid, i, j int) string {
	typ := "any"
	for _, s := range Sources {
		if s.Name == t.source && s.Type != "" {
			typ = string(s.Type)
		}
	}
	var parts []string
	for d, v := range []string{value(g.a, i), value(g.b, j)} {
		switch {
		case v == All:
		case t.dims[d].name == dimType.name:
			typ = v
		default:
			parts = append(parts, t.dims[d].name+"="+v)
		}
	}
	sort.Strings(parts)
	return typ + "|" + strings.Join(parts, ";")
}

func value(vs []string, i int) string {
	if i == len(vs) {
		return All
	}
	return vs[i]
}

// suppressTogether suppresses each table, then withholds in every table each count withheld
// in any table that shares it, and suppresses again, until nothing changes. A count hidden
// in every table that shows it, each table protecting its own hidden counts, leaves no
// hidden count recoverable from all the tables together.
func suppressTogether(grids map[string]*grid, k int64) {
	dirty := map[string]bool{}
	for _, t := range tableDefs {
		dirty[t.name] = true
	}
	for len(dirty) > 0 {
		for name := range dirty {
			grids[name].suppress(k)
		}
		hidden := map[string]bool{}
		for _, t := range tableDefs {
			g := grids[t.name]
			for i := range g.n {
				for j := range g.n[i] {
					hidden[cellKey(t, g, i, j)] = hidden[cellKey(t, g, i, j)] || g.hidden[i][j]
				}
			}
		}
		dirty = map[string]bool{}
		for _, t := range tableDefs {
			g := grids[t.name]
			for i := range g.n {
				for j := range g.n[i] {
					if !g.hidden[i][j] && hidden[cellKey(t, g, i, j)] {
						g.hidden[i][j], dirty[t.name] = true, true
					}
				}
			}
		}
	}
}
