package stats

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

//go:embed population.csv
var starterPopulation []byte

// PopulationRow is a district's population in a year and its crude birth and death rates
// (per 1,000 people a year).
type PopulationRow struct {
	Year          int
	District      string
	Population    float64
	BirthsPer1000 float64
	DeathsPer1000 float64
}

// Population holds the rows of the population-and-crude-rates file, per district by year.
type Population struct {
	byDistrict map[string][]PopulationRow // ascending years
}

// LoadPopulation reads the file at path, or the starter file when path is "".
func LoadPopulation(path string) (*Population, error) {
	return loadFile(path, starterPopulation, "the starter population file", "population", ParsePopulation)
}

var populationHeader = []string{"year", "district", "population", "births_per_1000", "deaths_per_1000"}

// ParsePopulation reads the CSV (lines starting with # are comments); a bad row is an error
// naming its line.
func ParsePopulation(b []byte) (*Population, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.Comment = '#'
	r.FieldsPerRecord = len(populationHeader)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("no header line: %v", err)
	}
	if strings.Join(head, ",") != strings.Join(populationHeader, ",") {
		return nil, fmt.Errorf("the header must be %s", strings.Join(populationHeader, ","))
	}
	p := &Population{byDistrict: map[string][]PopulationRow{}}
	seen := map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		row, err := populationRow(rec)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		key := fmt.Sprint(row.Year, row.District)
		if seen[key] {
			return nil, fmt.Errorf("line %d: %s %d is given twice", line, row.District, row.Year)
		}
		seen[key] = true
		p.byDistrict[row.District] = append(p.byDistrict[row.District], row)
	}
	for _, rows := range p.byDistrict {
		sort.Slice(rows, func(i, j int) bool { return rows[i].Year < rows[j].Year })
	}
	return p, nil
}

func populationRow(rec []string) (PopulationRow, error) {
	var row PopulationRow
	y, err := strconv.Atoi(strings.TrimSpace(rec[0]))
	if err != nil || y < 1000 || y > 9999 {
		return row, fmt.Errorf("year %q is not a year", rec[0])
	}
	row.Year = y
	if row.District = District(rec[1]); row.District == Unknown {
		return row, fmt.Errorf("%q is not one of the fourteen registration districts", rec[1])
	}
	nums := []*float64{&row.Population, &row.BirthsPer1000, &row.DeathsPer1000}
	for i, dst := range nums {
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[2+i]), 64)
		if err != nil || v < 0 || v != v {
			return row, fmt.Errorf("%s %q is not a number of 0 or more", populationHeader[2+i], rec[2+i])
		}
		*dst = v
	}
	if row.BirthsPer1000 > 1000 || row.DeathsPer1000 > 1000 {
		return row, fmt.Errorf("a rate per 1,000 cannot be over 1,000")
	}
	return row, nil
}

// row is the row that applies to district in year: its own, else the latest earlier one.
func (p *Population) row(year int, district string) (PopulationRow, bool) {
	rows := p.byDistrict[district]
	i := sort.Search(len(rows), func(i int) bool { return rows[i].Year > year })
	if i == 0 {
		return PopulationRow{}, false
	}
	return rows[i-1], true
}

// Expected is the number of births (or deaths) expected in district in year, and false when
// the file gives nothing for that year and district.
func (p *Population) Expected(year int, district string, deaths bool) (float64, bool) {
	r, ok := p.row(year, district)
	if !ok {
		return 0, false
	}
	rate := r.BirthsPer1000
	if deaths {
		rate = r.DeathsPer1000
	}
	return r.Population * rate / 1000, true
}
