package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"

	"civreg/stats"
	"civreg/ui"
)

const statsUsage = "civreg stats [--records FILE.jsonl] [--public] [--min-cell K] [--csv] TABLE | --list | --rebuild"

// StatsConfig is how the vital statistics are built and who sees them.
type StatsConfig struct {
	MinCell        int    // smallest count a public table shows
	Public         bool   // the public statistics page needs no sign-in
	CausesFile     string // cause-of-death grouping ("" : the starter)
	PopulationFile string // population and crude rates ("" : the starter)
	TargetDays     int    // registration target: the first timeliness band
}

// loadStatsConfig reads the statistics settings from the environment's values v.
func loadStatsConfig(v map[string]string, errs *[]string) StatsConfig {
	c := StatsConfig{CausesFile: v["CIVREG_STATS_CAUSES"], PopulationFile: v["CIVREG_STATS_POPULATION"]}
	var err error
	if c.MinCell, err = strconv.Atoi(v["CIVREG_STATS_MIN_CELL"]); err != nil || c.MinCell < stats.MinCellFloor {
		*errs = append(*errs, fmt.Sprintf("CIVREG_STATS_MIN_CELL=%q is not a whole number of %d or more", v["CIVREG_STATS_MIN_CELL"], stats.MinCellFloor))
	}
	if c.Public, err = strconv.ParseBool(v["CIVREG_STATS_PUBLIC"]); err != nil {
		*errs = append(*errs, fmt.Sprintf("CIVREG_STATS_PUBLIC=%q is not true or false", v["CIVREG_STATS_PUBLIC"]))
	}
	if c.TargetDays, err = strconv.Atoi(v["CIVREG_STATS_TARGET_DAYS"]); err != nil || c.TargetDays < 1 || c.TargetDays > 364 {
		*errs = append(*errs, fmt.Sprintf("CIVREG_STATS_TARGET_DAYS=%q is not a number of days from 1 to 364", v["CIVREG_STATS_TARGET_DAYS"]))
	}
	return c
}

// StatsRules loads the Ministry's grouping and population files once.
func (m *Main) StatsRules() (*stats.Rules, error) {
	causes, err := stats.LoadCauses(m.Config.Stats.CausesFile)
	if err != nil {
		return nil, err
	}
	pop, err := stats.LoadPopulation(m.Config.Stats.PopulationFile)
	if err != nil {
		return nil, err
	}
	return &stats.Rules{Causes: causes, Population: pop, Timeliness: stats.Timeliness{Target: m.Config.Stats.TargetDays}}, nil
}

// Statistics is what civreg serve needs for the statistics pages and API.
func (m *Main) Statistics() (ui.Statistics, error) {
	rules, err := m.StatsRules()
	return ui.Statistics{Rules: rules, MinCell: m.Config.Stats.MinCell, Public: m.Config.Stats.Public}, err
}

// runStats prints one table as JSON (or CSV), counted from a records file or, without one,
// from the database summary (an exact view from the database is audited).
func runStats(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	records := fs.String("records", "", "count the records in this JSONL file instead of the database")
	public := fs.Bool("public", false, "suppress as the public tables are (counts below --min-cell withheld)")
	minCell := fs.Int("min-cell", m.Config.Stats.MinCell, "smallest count a public table shows (3 or more)")
	asCSV := fs.Bool("csv", false, "print CSV instead of JSON")
	list := fs.Bool("list", false, "list the tables")
	rebuild := fs.Bool("rebuild", false, "recount the database summary from the approved records")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *list:
		for _, n := range stats.TableNames() {
			fmt.Fprintln(m.Stdout, n)
		}
		return nil
	case *rebuild:
		return rebuildStats(ctx, m)
	case len(pos) != 1:
		return fmt.Errorf("usage: %s", statsUsage)
	}
	rules, err := m.StatsRules()
	if err != nil {
		return err
	}
	counts, err := statsCounts(ctx, m, *records, pos[0], *public)
	if err != nil {
		return err
	}
	t, err := stats.Compute(pos[0], counts, rules, *public, *minCell)
	if err != nil {
		return err
	}
	if *asCSV {
		return t.WriteCSV(m.Stdout)
	}
	return json.NewEncoder(m.Stdout).Encode(t)
}

func statsCounts(ctx context.Context, m *Main, records, table string, public bool) (stats.Counts, error) {
	if records != "" {
		f, err := os.Open(records)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		recs, err := stats.ReadRecords(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", records, err)
		}
		return stats.Tally(recs), nil
	}
	db, err := m.CheckedDB(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := db.StatisticsCounts(ctx)
	if err != nil {
		return nil, err
	}
	if !public {
		err = db.Audit(ctx, nil, "statistics.view", 0, 0, map[string]any{"table": table, "exact": true, "via": "civreg stats"})
	}
	return counts, err
}

func rebuildStats(ctx context.Context, m *Main) error {
	db, err := m.CheckedDB(ctx)
	if err != nil {
		return err
	}
	n, err := db.RebuildStatistics(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "statistics summary recounted from %d approved records\n", n)
	return nil
}
