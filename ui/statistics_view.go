package ui

import (
	"html/template"
	"strconv"

	"civreg/stats"
)

// statisticsView is what the statistics page shows: a section per chart, each with its
// table beside it and the CSV of the tables it comes from.
type statisticsView struct {
	layout
	Exact       bool // exact counts (Ministry staff); otherwise the public, suppressed tables
	MaxWithheld int  // counts from 1 to this are always withheld
	Sections    []statSection
}

type statSection struct {
	ID, Title, About string
	Chart            template.HTML
	Table            crossTable   // beside the chart
	More             []crossTable // the full tables, folded away
	Downloads        []statLink
}

type statLink struct{ Name, URL string }

// crossTable is a table as the page draws it: a header row, then labelled rows of cells.
type crossTable struct {
	Caption, Corner string
	Cols            []string
	Rows            []crossRow
}

type crossRow struct {
	Label string
	Total bool
	Cells []crossCell
}

type crossCell struct {
	Text     string
	Withheld bool
	Total    bool
}

// cells indexes a table's counts by its dimension values; a withheld count is nil.
type cells map[[2]string]*int64

func indexTable(t *stats.Table) cells {
	out := cells{}
	for _, r := range t.Rows {
		var v *int64
		if !r.Suppressed {
			n := r.Count
			v = &n
		}
		out[[2]string{r.Values[0], r.Values[1]}] = v
	}
	return out
}

// dimValues lists the values of dimension d (0 or 1) in the table's order, margins left out.
func dimValues(t *stats.Table, d int) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range t.Rows {
		if v := r.Values[d]; v != stats.All && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func cellOf(v *int64, total bool) crossCell {
	if v == nil {
		return crossCell{Text: "[c]", Withheld: true, Total: total}
	}
	return crossCell{Text: strconv.FormatInt(*v, 10), Total: total}
}

// crossTab draws a two-way table with its margins, rows by the first dimension (by the second
// when transposed).
func crossTab(t *stats.Table, caption string, transpose bool) crossTable {
	idx := indexTable(t)
	rows, cols := dimValues(t, 0), dimValues(t, 1)
	corner := t.Dims[0] + " \\ " + t.Dims[1]
	if transpose {
		rows, cols = cols, rows
		corner = t.Dims[1] + " \\ " + t.Dims[0]
	}
	ct := crossTable{Caption: caption, Corner: corner, Cols: append(append([]string{}, cols...), stats.All)}
	for _, rv := range append(rows, stats.All) {
		row := crossRow{Label: rv, Total: rv == stats.All}
		for _, cv := range append(cols, stats.All) {
			k := [2]string{rv, cv}
			if transpose {
				k = [2]string{cv, rv}
			}
			row.Cells = append(row.Cells, cellOf(idx[k], row.Total || cv == stats.All))
		}
		ct.Rows = append(ct.Rows, row)
	}
	return ct
}

// seriesTable lists one row per label with a column per series.
func seriesTable(caption, corner string, labels []string, series []chartSeries) crossTable {
	ct := crossTable{Caption: caption, Corner: corner}
	for _, s := range series {
		ct.Cols = append(ct.Cols, s.Name)
	}
	for i, l := range labels {
		row := crossRow{Label: l, Total: l == stats.All}
		for _, s := range series {
			row.Cells = append(row.Cells, cellOf(s.Values[i], row.Total))
		}
		ct.Rows = append(ct.Rows, row)
	}
	return ct
}

// margin is the series of a table's margins along one dimension: (label, all) or (all, label).
func margin(t *stats.Table, name string, labels []string, first bool) chartSeries {
	idx := indexTable(t)
	s := chartSeries{Name: name}
	for _, l := range labels {
		k := [2]string{stats.All, l}
		if first {
			k = [2]string{l, stats.All}
		}
		s.Values = append(s.Values, idx[k])
	}
	return s
}

func known(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v != stats.Unknown {
			out = append(out, v)
		}
	}
	return out
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range append(append([]string{}, a...), b...) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return sortYears(out)
}

// sortYears orders years ascending with unknown last.
func sortYears(vs []string) []string {
	out := known(vs)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) < len(vs) {
		out = append(out, stats.Unknown)
	}
	return out
}

func downloads(tables ...*stats.Table) []statLink {
	var out []statLink
	for _, t := range tables {
		out = append(out, statLink{Name: t.Name + ".csv", URL: tableCSV(t)})
	}
	return out
}
