// Command benchlink measures the linkage on generated populations: precision, recall and the
// size of the review band for each decision, and how many candidate pairs it compares per
// second, for each size asked (100,000 and 1,000,000 records by default). With -tune it
// chooses the thresholds on the population instead (run it on a seed the tests do not use
// for measuring). Run it with scripts/bench-link.sh.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"civreg/linkage"
	"civreg/linkage/population"
)

func main() {
	sizes := flag.String("records", "100000,1000000", "population sizes, in records, comma-separated")
	seed := flag.Uint64("seed", 2, "population seed (thresholds were tuned on seed 1)")
	tune := flag.Bool("tune", false, "choose the thresholds on this population and print them")
	flag.Parse()
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "benchlink: %q is not a number of records\n", s)
			os.Exit(2)
		}
		if *tune {
			tuneOn(*seed, n)
		} else {
			measure(*seed, n)
		}
	}
}

func measure(seed uint64, n int) {
	start := time.Now()
	pop := population.Generate(population.ForRecords(seed, n))
	gen := time.Since(start)
	ns, pp := pop.Names(), pop.Params
	fmt.Printf("%d records (seed %d, generated in %s): %d given names (commonest %.1f%% of children), %d surnames (commonest %.1f%%), %.1f%% of children share name and year of birth; given names %.2f·n^%.2f Zipf %.2f, surnames %.2f·n^%.2f Zipf %.2f\n",
		len(pop.Records), seed, gen.Round(time.Millisecond), ns.Given, 100*ns.TopGiven, ns.Surnames, 100*ns.TopSurname, 100*ns.SameNameSameYearShare,
		pp.Given.K, pp.Given.Beta, pp.Given.Zipf, pp.Surname.K, pp.Surname.Beta, pp.Surname.Zipf)
	complete := pop.NewCompleteness()
	l := linkage.NewLinker()
	l.Compared = complete.Observe
	start, cpu0 := time.Now(), cpuTime()
	res := l.Link(pop.Records, nil)
	took, cpu := time.Since(start), cpuTime()-cpu0
	fmt.Printf("  linked in %s (%s of CPU) on %d cores: %d candidate pairs (%.2f a record), %.0f pairs/s, %.0f records/s; peak RSS %d MB\n",
		took.Round(time.Millisecond), cpu.Round(time.Millisecond), runtime.GOMAXPROCS(0),
		res.Compared, float64(res.Compared)/float64(len(pop.Records)), float64(res.Compared)/took.Seconds(), float64(len(pop.Records))/took.Seconds(), peakRSS()>>20)
	share := complete.Share()
	for _, kind := range []linkage.Kind{linkage.SamePerson, linkage.Duplicate} {
		m := pop.Measure(res)[kind]
		fmt.Printf("  %-11s precision %.2f%%  recall %.2f%%  (%d of %d; %d links)  review band %d pairs (%d true)  recall after review %.2f%%  pair completeness %.2f%%\n",
			kind, 100*m.Precision, 100*m.Recall, int(m.Recall*float64(m.Truth)+0.5), m.Truth, m.Links, m.Review, m.ReviewTrue, 100*m.RecallWithReview, 100*share[kind])
	}
}

// peakRSS is the most memory this process has held, in bytes: the population and the run.
func peakRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss << 10
}

// cpuTime is the CPU time this process has used, user and system: on a machine shared with
// other work it says what the linkage cost, where the wall clock says how long it waited.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// tuneOn keeps every best candidate (Lower far down), then chooses each band for 99%
// precision above Upper and a band in which at least one pair in four is true.
func tuneOn(seed uint64, n int) {
	pop := population.Generate(population.ForRecords(seed, n))
	l := linkage.NewLinker()
	l.Thresholds.SamePerson.Lower, l.Thresholds.Duplicate.Lower = -1000, -1000
	res := l.Link(pop.Records, nil)
	all := append(res.Links, res.Review...)
	for _, kind := range []linkage.Kind{linkage.SamePerson, linkage.Duplicate} {
		var pairs []linkage.Pair
		for _, p := range all {
			if p.Kind == kind {
				pairs = append(pairs, p)
			}
		}
		b := linkage.ChooseThresholds(pairs, pop.True, 0.99, 0.25)
		fmt.Printf("%s: Band{Lower: %.1f, Upper: %.1f}  (%d records, seed %d)\n", kind, b.Lower, b.Upper, len(pop.Records), seed)
	}
}
