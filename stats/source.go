package stats

import (
	"context"

	"civreg"
)

// Source is one count the summary keeps: the records of one type (every type when Type is
// ""), counted by two keys read from the record as stored. The database summary keeps the same
// sources under the same names (storage/migrations/0005_statistics.sql); the tables are built
// from either the same way.
type Source struct {
	Name string
	Type civreg.RecordType
	key  func(Record) [2]string
}

// Counts holds, per source name, how many records have each pair of keys.
type Counts map[string]map[[2]string]int64

// The sources of the tables.
const (
	BirthYearDistrict    = "birth:year-district"
	BirthMonthSex        = "birth:month-sex"
	DeathYearDistrict    = "death:year-district"
	DeathSexAge          = "death:sex-age"
	DeathYearCause       = "death:year-cause"
	MarriageYearDistrict = "marriage:year-district"
	MarriageAges         = "marriage:ages"
	TypeDelay            = "type-delay"
)

func eventYearDistrict(r Record) [2]string {
	return [2]string{yearOf(r.Fields[eventDateKey(r.RecordType)]), r.Fields["registration_district"]}
}

// Sources lists every source.
var Sources = []Source{
	{BirthYearDistrict, civreg.Birth, eventYearDistrict},
	{BirthMonthSex, civreg.Birth, func(r Record) [2]string { return [2]string{monthOf(r.Fields["date_of_birth"]), r.Fields["sex"]} }},
	{DeathYearDistrict, civreg.Death, eventYearDistrict},
	{DeathSexAge, civreg.Death, func(r Record) [2]string { return [2]string{r.Fields["sex"], r.Fields["age"]} }},
	{DeathYearCause, civreg.Death, func(r Record) [2]string {
		return [2]string{yearOf(r.Fields["date_of_death"]), r.Fields["cause_of_death"]}
	}},
	{MarriageYearDistrict, civreg.Marriage, eventYearDistrict},
	{MarriageAges, civreg.Marriage, func(r Record) [2]string { return [2]string{r.Fields["groom_age"], r.Fields["bride_age"]} }},
	{TypeDelay, "", func(r Record) [2]string {
		return [2]string{string(r.RecordType), delayOf(r.Fields[eventDateKey(r.RecordType)], r.Fields["registration_date"])}
	}},
}

// Tally counts records for every source, skipping those not Counted (unpublished, duplicates).
func Tally(records []Record) Counts {
	c := Counts{}
	for _, s := range Sources {
		c[s.Name] = map[[2]string]int64{}
	}
	for _, r := range records {
		if !r.Counted() {
			continue
		}
		for _, s := range Sources {
			if s.Type == "" || s.Type == r.RecordType {
				c[s.Name][s.key(r)]++
			}
		}
	}
	return c
}

// Store keeps the counts up to date as records change (package storage, in PostgreSQL).
type Store interface {
	StatisticsCounts(ctx context.Context) (Counts, error)
}
