package ui

import (
	"fmt"
	"strconv"

	"civreg/stats"
)

// statisticsView lays the tables out as the page's sections; the caller fills in the layout.
func (s *Server) statisticsView(tables []*stats.Table, exact bool) *statisticsView {
	t := map[string]*stats.Table{}
	for _, tab := range tables {
		t[tab.Name] = tab
	}
	v := &statisticsView{Exact: exact, MaxWithheld: s.minCell() - 1}
	v.Sections = append(v.Sections,
		perYear(t["births-by-year-district"], t["deaths-by-year-district"]),
		pyramid(t["deaths-by-sex-age"]),
		timeliness(t["registration-timeliness"]),
		parishes(t["births-by-year-district"], t["deaths-by-year-district"]),
		causes(t["deaths-by-year-cause"]),
		marriages(t["marriages-by-year-district"], t["marriages-by-ages"]),
		completenessSection(t[stats.Completeness], t["births-by-month-sex"]),
	)
	return v
}

func perYear(births, deaths *stats.Table) statSection {
	years := union(dimValues(births, 0), dimValues(deaths, 0))
	chartYears, tableYears := known(years), append(years, stats.All)
	return statSection{
		ID: "per-year", Title: "Births and deaths per year",
		About: "Counted by the year of the event (not of registration). Records without a readable date are counted under unknown, in the table.",
		Chart: columnsChart("per-year", "Births and deaths per year", chartYears,
			[]chartSeries{margin(births, "Births", chartYears, true), margin(deaths, "Deaths", chartYears, true)}),
		Table: seriesTable("Births and deaths per year", "year", tableYears,
			[]chartSeries{margin(births, "Births", tableYears, true), margin(deaths, "Deaths", tableYears, true)}),
		More:      []crossTable{crossTab(births, "Births by year and district", false), crossTab(deaths, "Deaths by year and district", false)},
		Downloads: downloads(births, deaths),
	}
}

func pyramid(deaths *stats.Table) statSection {
	idx := indexTable(deaths)
	var men, women []*int64
	for _, a := range stats.AgeGroups {
		men, women = append(men, idx[[2]string{"M", a}]), append(women, idx[[2]string{"F", a}])
	}
	return statSection{
		ID: "pyramid", Title: "Deaths by age and sex",
		About:     "Age at death in whole years; an age given in months or days is 0. Deaths whose age or sex is not known are in the table only.",
		Chart:     pyramidChart("pyramid", "Deaths by age group, men and women", stats.AgeGroups, men, women),
		Table:     crossTab(deaths, "Deaths by age group and sex", true),
		Downloads: downloads(deaths),
	}
}

func timeliness(t *stats.Table) statSection {
	idx := indexTable(t)
	types, bands := dimValues(t, 0), dimValues(t, 1)
	var values [][]*int64
	var totals []*int64
	for _, typ := range types {
		var row []*int64
		for _, b := range bands {
			row = append(row, idx[[2]string{typ, b}])
		}
		values, totals = append(values, row), append(totals, idx[[2]string{typ, stats.All}])
	}
	return statSection{
		ID: "timeliness", Title: "How promptly events are registered",
		About:     "Days from the event to its registration. Records missing either date are counted under unknown.",
		Chart:     sharesChart("timeliness", "Registration timeliness by record type", types, bands, values, totals),
		Table:     crossTab(t, "Registrations by delay", false),
		Downloads: downloads(t),
	}
}

func parishes(births, deaths *stats.Table) statSection {
	districts := dimValues(births, 1)
	for _, d := range dimValues(deaths, 1) {
		if d == stats.Unknown && districts[len(districts)-1] != stats.Unknown {
			districts = append(districts, d)
		}
	}
	series := []chartSeries{margin(births, "Births", districts, false), margin(deaths, "Deaths", districts, false)}
	return statSection{
		ID: "parishes", Title: "Births and deaths by parish, all years",
		About:     "By registration district: the fourteen parishes of St Kitts and Nevis.",
		Chart:     barsChart("parishes", "Births and deaths by parish", districts, series),
		Table:     seriesTable("Births and deaths by parish", "district", districts, series),
		Downloads: downloads(births, deaths),
	}
}

func causes(t *stats.Table) statSection {
	groups := dimValues(t, 1)
	series := []chartSeries{margin(t, "Deaths", groups, false)}
	return statSection{
		ID: "causes", Title: "Deaths by cause",
		About:     "Causes as written on the register, grouped by the Ministry's grouping file.",
		Chart:     barsChart("causes", "Deaths by cause group", groups, series),
		Table:     seriesTable("Deaths by cause group", "cause group", groups, series),
		More:      []crossTable{crossTab(t, "Deaths by year and cause group", false)},
		Downloads: downloads(t),
	}
}

func marriages(byYear, byAges *stats.Table) statSection {
	years := sortYears(dimValues(byYear, 0))
	return statSection{
		ID: "marriages", Title: "Marriages",
		About:     "By the year of the marriage; the ages of bride and bridegroom as written.",
		Chart:     columnsChart("marriages", "Marriages per year", known(years), []chartSeries{margin(byYear, "Marriages", known(years), true)}),
		Table:     crossTab(byAges, "Marriages by the ages of the couple", false),
		More:      []crossTable{crossTab(byYear, "Marriages by year and district", false)},
		Downloads: downloads(byYear, byAges),
	}
}

// completenessSection lists, per year, the registrations against those expected from the
// population file, for the whole country; the full table is per parish.
func completenessSection(t, byMonth *stats.Table) statSection {
	ct := crossTable{Caption: "Registered and expected, whole country", Corner: "year",
		Cols: []string{"births", "expected", "%", "deaths", "expected", "%"}}
	rows := map[string][]stats.Row{}
	var years []string
	for _, r := range t.Rows {
		if r.Values[1] != stats.All || r.Values[0] == stats.All {
			continue
		}
		if _, ok := rows[r.Values[0]]; !ok {
			years = append(years, r.Values[0])
		}
		rows[r.Values[0]] = append(rows[r.Values[0]], r)
	}
	shares := []chartSeries{{Name: "Births, % of expected", Gap: "–"}, {Name: "Deaths, % of expected", Gap: "–"}}
	var charted []string
	for _, y := range sortYears(years) {
		row := crossRow{Label: y}
		for k, typ := range []string{"birth", "death"} {
			row.Cells = append(row.Cells, completenessCells(rows[y], typ)...)
			if y != stats.Unknown {
				shares[k].Values = append(shares[k].Values, percentOf(rows[y], typ))
			}
		}
		if y != stats.Unknown {
			charted = append(charted, y)
		}
		ct.Rows = append(ct.Rows, row)
	}
	return statSection{
		ID: "completeness", Title: "Completeness of registration",
		About:     "Expected counts are the population times the crude birth or death rate, from the Ministry's population file; a year the file does not cover has none.",
		Chart:     columnsChart("completeness", "Registrations as a percentage of those expected, per year", charted, shares),
		Table:     ct,
		More:      []crossTable{crossTab(byMonth, "Births by month and sex", false)},
		Downloads: downloads(t, byMonth),
	}
}

func completenessCells(rows []stats.Row, typ string) []crossCell {
	for _, r := range rows {
		if r.Values[2] != typ {
			continue
		}
		count := cellOf(nil, false)
		if !r.Suppressed {
			n := r.Count
			count = cellOf(&n, false)
		}
		exp, pct := crossCell{Text: "–"}, crossCell{Text: "–"}
		if r.Expected != nil {
			exp.Text = strconv.FormatFloat(*r.Expected, 'f', 1, 64)
		}
		if p, ok := r.Percent(); ok {
			pct.Text = fmt.Sprintf("%.1f", p)
		}
		return []crossCell{count, exp, pct}
	}
	return []crossCell{{Text: "0"}, {Text: "–"}, {Text: "–"}}
}

// percentOf is a year's completeness for the whole country, rounded, or nil when withheld or
// nothing is expected.
func percentOf(rows []stats.Row, typ string) *int64 {
	for _, r := range rows {
		if p, ok := r.Percent(); ok && r.Values[2] == typ {
			n := int64(p + 0.5)
			return &n
		}
	}
	return nil
}
