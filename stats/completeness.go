package stats

import (
	"math"
	"strconv"
)

// completeness lists, per year and district, the births and deaths registered beside those
// the population file expects. Its counts are the births and deaths tables' own, suppressed
// the same way, so it publishes nothing they do not.
func completeness(grids map[string]*grid, rules *Rules, public bool, minCell int) *Table {
	t := &Table{Name: Completeness, Dims: []string{"year", "district", "record_type"}, Public: public, MinCell: minCell}
	for _, part := range []struct {
		table, recordType string
		deaths            bool
	}{{"births-by-year-district", "birth", false}, {"deaths-by-year-district", "death", true}} {
		g := grids[part.table]
		for _, r := range g.rows() {
			r.Values = append(r.Values, part.recordType)
			r.Expected = expected(rules.Population, g, r.Values[0], r.Values[1], part.deaths)
			t.Rows = append(t.Rows, r)
		}
	}
	return t
}

// expected sums the expectation over the years and districts a row covers; nil when the
// population file does not cover all of them (an unknown year or district is never covered).
func expected(p *Population, g *grid, year, district string, deaths bool) *float64 {
	years, dists := []string{year}, []string{district}
	if year == All {
		years = g.a
	}
	if district == All {
		dists = g.b
	}
	sum := 0.0
	for _, y := range years {
		yi, err := strconv.Atoi(y)
		if err != nil {
			return nil
		}
		for _, d := range dists {
			e, ok := p.Expected(yi, d, deaths)
			if !ok {
				return nil
			}
			sum += e
		}
	}
	sum = math.Round(sum*10) / 10
	return &sum
}

// Percent is a completeness row's registrations as a share of those expected, or false when
// the count is withheld or nothing is expected.
func (r Row) Percent() (float64, bool) {
	if r.Suppressed || r.Expected == nil || *r.Expected <= 0 {
		return 0, false
	}
	return math.Round(float64(r.Count)/(*r.Expected)*1000) / 10, true
}
