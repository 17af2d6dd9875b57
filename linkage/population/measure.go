package population

import (
	"bufio"
	"encoding/json"
	"io"
	"sync"

	"civreg"
	"civreg/linkage"
)

// Measure is how well one kind of decision did against the truth.
type Measure struct {
	Truth      int     `json:"truth"`       // true pairs there are to find
	Links      int     `json:"links"`       // pairs linked without a person
	Correct    int     `json:"correct"`     // links that are right
	Review     int     `json:"review"`      // pairs sent to a person
	ReviewTrue int     `json:"review_true"` // of those, true pairs
	Precision  float64 `json:"precision"`
	Recall     float64 `json:"recall"`
	// RecallWithReview is the recall once a person has decided the review band rightly.
	RecallWithReview float64 `json:"recall_with_review"`
}

// True reports whether a pair the linkage made is right: the birth's child is the person of
// B in its role (same_person), or both are registrations of one birth (duplicate).
func (p *Population) True(pr linkage.Pair) bool {
	a, ok1 := p.Person(pr.A, linkage.RoleChild)
	b, ok2 := p.Person(pr.B, pr.Role)
	return ok1 && ok2 && a == b && pr.A != pr.B
}

// Truth counts the pairs to find: for same_person, each marriage role and death of someone
// born here; for duplicate, each registration of a birth after its first.
func (p *Population) Truth() map[linkage.Kind]int {
	out := map[linkage.Kind]int{}
	for s, person := range p.who {
		births := p.births[person]
		switch {
		case s.role != linkage.RoleChild && len(births) > 0:
			out[linkage.SamePerson]++
		case s.role == linkage.RoleChild && len(births) > 1 && births[0] != s.id:
			out[linkage.Duplicate]++
		}
	}
	return out
}

// Measure scores a linkage result against the truth. A person or registration counts as
// found once, whichever of a birth's registrations it was linked to.
func (p *Population) Measure(res *linkage.Result) map[linkage.Kind]Measure {
	truth := p.Truth()
	out := map[linkage.Kind]Measure{}
	found := p.tally(res.Links, out, func(m *Measure) (*int, *int) { return &m.Links, &m.Correct })
	foundReview := p.tally(res.Review, out, func(m *Measure) (*int, *int) { return &m.Review, &m.ReviewTrue })
	for _, k := range []linkage.Kind{linkage.SamePerson, linkage.Duplicate} {
		m := out[k]
		m.Truth = truth[k]
		if m.Links > 0 {
			m.Precision = float64(m.Correct) / float64(m.Links)
		}
		if m.Truth > 0 {
			m.Recall = float64(len(found[k])) / float64(m.Truth)
			both := len(found[k])
			for s := range foundReview[k] {
				if !found[k][s] {
					both++
				}
			}
			m.RecallWithReview = float64(both) / float64(m.Truth)
		}
		out[k] = m
	}
	return out
}

// tally counts the pairs, and the true ones, into the counters of each kind's measure that
// counters names; it returns, by kind, the persons or registrations the true pairs found.
func (p *Population) tally(prs []linkage.Pair, out map[linkage.Kind]Measure, counters func(*Measure) (all, right *int)) map[linkage.Kind]map[[2]any]bool {
	found := map[linkage.Kind]map[[2]any]bool{linkage.SamePerson: {}, linkage.Duplicate: {}}
	for _, pr := range prs {
		m := out[pr.Kind]
		all, right := counters(&m)
		*all++
		if p.True(pr) {
			*right++
			found[pr.Kind][[2]any{pr.B, pr.Role}] = true
		}
		out[pr.Kind] = m
	}
	return found
}

// WriteRecords writes the records as JSON Lines, one {"id", "record_type", "fields"} a line:
// what `civreg link --records` reads.
func (p *Population) WriteRecords(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, r := range p.Records {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Completeness counts which true pairs the linkage scored at all, whatever it then decided:
// the pair completeness of its blocking. Pass Observe as Linker.Compared; it is safe to call
// from several goroutines.
type Completeness struct {
	pop   *Population
	mu    sync.Mutex
	found map[linkage.Kind]map[[2]any]bool
}

// NewCompleteness starts counting the true pairs of p that get compared.
func (p *Population) NewCompleteness() *Completeness {
	return &Completeness{pop: p, found: map[linkage.Kind]map[[2]any]bool{linkage.SamePerson: {}, linkage.Duplicate: {}}}
}

// Observe notes one scored pair.
func (c *Completeness) Observe(pr linkage.Pair) {
	if !c.pop.True(pr) {
		return
	}
	c.mu.Lock()
	c.found[pr.Kind][[2]any{pr.B, pr.Role}] = true
	c.mu.Unlock()
}

// Share is, by kind, the share of the true pairs that were compared: a person or later
// registration counts once, whichever registration of the birth it met.
func (c *Completeness) Share() map[linkage.Kind]float64 {
	truth := c.pop.Truth()
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[linkage.Kind]float64{}
	for k, n := range truth {
		if n > 0 {
			out[k] = float64(len(c.found[k])) / float64(n)
		}
	}
	return out
}

// NameStats describe how concentrated a population's names are: distinct given names and
// surnames among the children, and the share of children bearing the commonest of each.
type NameStats struct {
	Given, Surnames       int
	TopGiven, TopSurname  float64
	SameNameSameYearShare float64 // children sharing given name, surname and year of birth with another
}

// Names measures the names of the population's first birth registrations.
func (p *Population) Names() NameStats {
	given, surnames, full := map[string]int{}, map[string]int{}, map[string]int{}
	n := 0
	for _, r := range p.Records {
		if r.Type != civreg.Birth {
			continue
		}
		nm := linkage.ParseName(r.Fields["child_name"])
		n++
		given[nm.Given]++
		surnames[nm.Surname]++
		year := r.Fields["date_of_birth"]
		full[nm.Given+" "+nm.Surname+" "+year[:min(len(year), 4)]]++
	}
	top := func(m map[string]int) float64 {
		best := 0
		for _, c := range m {
			best = max(best, c)
		}
		return float64(best) / float64(max(n, 1))
	}
	shared := 0
	for _, c := range full {
		if c > 1 {
			shared += c
		}
	}
	return NameStats{Given: len(given), Surnames: len(surnames), TopGiven: top(given), TopSurname: top(surnames),
		SameNameSameYearShare: float64(shared) / float64(max(n, 1))}
}
