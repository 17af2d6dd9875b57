package linkage

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
)

// Kind is what a link says about two records.
type Kind string

// The two decisions the linkage makes.
const (
	// SamePerson links a birth with a marriage in which the child is bride or groom, or with
	// the child's death.
	SamePerson Kind = "same_person"
	// Duplicate links the first registration of an event with a later one of the same event.
	Duplicate Kind = "duplicate"
)

// Pair is two records the linkage compared and kept: A is the birth (same_person) or the
// first registration (duplicate); Role is who in B is the person of A.
type Pair struct {
	A     int64   `json:"a"`
	B     int64   `json:"b"`
	Kind  Kind    `json:"kind"`
	Role  Role    `json:"role"`
	Score float64 `json:"score"`
	// Why says why a pair above Upper was sent to a person: another candidate fits almost as
	// well, or the birth is already linked to a better one.
	Why string `json:"why,omitempty"`
	// Linked says the pair was linked; otherwise it is for a person to decide.
	Linked bool `json:"linked"`
}

// Reasons a pair above Upper goes to a person.
const (
	WhyCloseSecond = "another record fits almost as well"
	WhyTaken       = "already linked to a better match"
)

// Band is a pair of thresholds: at Upper or above a pair is linked, from Lower up to Upper
// it goes to a person, below Lower it is dropped.
type Band struct {
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// Thresholds are the bands of both decisions.
type Thresholds struct {
	SamePerson Band `json:"same_person"`
	Duplicate  Band `json:"duplicate"`
}

// DefaultThresholds were chosen by ChooseThresholds on a generated population (seed 1,
// 100,000 records: scripts/bench-link.sh -tune) for 99% precision above Upper and a review
// band in which one pair in four is true; the held-out test checks them on another seed.
// For same_person the band is empty: what a person sees are the pairs where two births fit
// almost equally well.
var DefaultThresholds = Thresholds{
	SamePerson: Band{Lower: 6.1, Upper: 6.1},
	Duplicate:  Band{Lower: 23.3, Upper: 25.3},
}

// Margin is how many bits a best candidate must lead the next one by to be linked without a
// person looking: two births that fit a death almost equally well are for a person to tell
// apart.
const Margin = 3

// Result is what a linkage run decided, and how much work it took.
type Result struct {
	Links    []Pair
	Review   []Pair
	Compared int64 // candidate pairs scored
}

// Linker links records. Its zero value is not ready: use NewLinker.
type Linker struct {
	Thresholds Thresholds
	// Workers is how many goroutines score pairs; zero means one per core.
	Workers int
	// Compared, when set, is called with every pair scored, from several goroutines at once:
	// how a measurement tells which true pairs the blocking let meet at all.
	Compared func(Pair)
}

// NewLinker returns a linker with the measured thresholds.
func NewLinker() *Linker { return &Linker{Thresholds: DefaultThresholds} }

// Link finds duplicate registrations, then brides and grooms, then deaths, among records.
// Name frequencies come from freq, or from the records themselves when freq is nil. Every
// pair scored at or above a Lower threshold is in the result, as a link or for review.
func (l *Linker) Link(records []Record, freq *Frequencies) *Result {
	r := &run{linker: l, records: records, freq: freq, res: &Result{}}
	r.people()
	if r.freq == nil {
		r.freq = &Frequencies{Given: map[string]int{}, Surnames: map[string]int{}}
		for i := range r.persons {
			r.freq.Add(r.persons[i].name)
		}
	}
	r.duplicates()
	r.samePerson([]Role{RoleGroom, RoleBride})
	r.samePerson([]Role{RoleDeceased})
	sort.Slice(r.res.Links, func(i, j int) bool { return less(r.res.Links[i], r.res.Links[j]) })
	sort.Slice(r.res.Review, func(i, j int) bool { return less(r.res.Review[i], r.res.Review[j]) })
	return r.res
}

func less(a, b Pair) bool {
	if a.A != b.A {
		return a.A < b.A
	}
	if a.B != b.B {
		return a.B < b.B
	}
	return a.Role < b.Role
}

// run is one call of Link.
type run struct {
	linker  *Linker
	records []Record
	freq    *Frequencies
	persons []person
	dupOf   map[int]bool // births (by person index) found to be a later registration
	res     *Result
	// observe passes a scored pair (left and right person) to Linker.Compared.
	observe func(l, rt int, score float64)
}

func (r *run) people() {
	for i := range r.records {
		r.persons = append(r.persons, people(i, &r.records[i])...)
	}
	r.dupOf = map[int]bool{}
}

func (r *run) byRole(roles ...Role) []int {
	var out []int
	for i := range r.persons {
		for _, ro := range roles {
			if r.persons[i].role == ro {
				out = append(out, i)
			}
		}
	}
	return out
}

// candidate is the best and second-best right-hand person found for one left-hand person.
type candidate struct {
	left, best, second int
	score, next        float64
}

// compare scores every left person against the right persons sharing a block with it, and
// keeps the best two of each, in parallel.
func (r *run) compare(left, right []int, leftKeys, rightKeys func(*person) []path, eligible func(l, r int) bool, score func(l, r *person, s *scorer)) []candidate {
	index := map[blockKey][]int32{}
	for _, j := range right {
		for _, pa := range rightKeys(&r.persons[j]) {
			for _, k := range pa {
				index[k] = append(index[k], int32(j))
			}
		}
	}
	workers := r.linker.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]candidate, len(left))
	var compared atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen := make([]int32, len(r.persons))
			n := int64(0)
			for i := w; i < len(left); i += workers {
				li := left[i]
				c := candidate{left: li, best: -1, second: -1, score: veto, next: veto}
				for _, pa := range leftKeys(&r.persons[li]) {
					for _, j32 := range pa.block(index) {
						j := int(j32)
						if seen[j] == int32(li)+1 || j == li || !eligible(li, j) {
							continue
						}
						seen[j] = int32(li) + 1
						s := scorer{}
						score(&r.persons[li], &r.persons[j], &s)
						n++
						if r.observe != nil {
							r.observe(li, j, s.score)
						}
						switch {
						case s.score > c.score:
							c.second, c.next = c.best, c.score
							c.best, c.score = j, s.score
						case s.score > c.next:
							c.second, c.next = j, s.score
						}
					}
				}
				out[i] = c
			}
			compared.Add(n)
		}()
	}
	wg.Wait()
	r.res.Compared += compared.Load()
	return out
}

// block is the coarsest block of the path small enough to search; when even the finest is
// crowded, the finest (a crowd of namesakes of one year and district, searched whole).
func (pa path) block(index map[blockKey][]int32) []int32 {
	var b []int32
	for _, k := range pa {
		if b = index[k]; len(b) <= pa.cap() {
			return b
		}
	}
	return b
}

// decide turns candidates into links and review pairs: the best candidate is linked when it
// clears Upper, leads the next by Margin and its right-hand person is not already taken by a
// better pair (unique: a birth has one death); otherwise, above Lower, it goes to review.
func (r *run) decide(cands []candidate, band Band, kind Kind, unique bool, pair func(l, rt int, score float64) Pair) []Pair {
	sort.Slice(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	taken := map[int]bool{}
	var links []Pair
	for _, c := range cands {
		if c.best < 0 || c.score < band.Lower {
			continue
		}
		p := pair(c.left, c.best, c.score)
		p.Kind = kind
		switch {
		case c.second >= 0 && c.score-c.next < Margin:
			p.Why = WhyCloseSecond
		case unique && taken[c.best]:
			p.Why = WhyTaken
		}
		if c.score >= band.Upper && p.Why == "" {
			p.Linked = true
			links = append(links, p)
			r.res.Links = append(r.res.Links, p)
			taken[c.best] = true
			continue
		}
		r.res.Review = append(r.res.Review, p)
		if p.Why == WhyCloseSecond && c.next >= band.Lower {
			// the person deciding sees both records that fit
			second := pair(c.left, c.second, c.next)
			second.Kind, second.Why = kind, WhyCloseSecond
			r.res.Review = append(r.res.Review, second)
		}
	}
	return links
}

// duplicates compares each birth with the births registered before it.
func (r *run) duplicates() {
	births := r.byRole(RoleChild)
	earlier := func(a, b int) bool { // is b registered before a?
		ra, rb := r.records[r.persons[a].rec], r.records[r.persons[b].rec]
		da, db := ra.Fields["registration_date"], rb.Fields["registration_date"]
		if da != db && da != "" && db != "" {
			return db < da
		}
		return rb.ID < ra.ID
	}
	score := func(a, b *person, s *scorer) { scoreDuplicate(a, b, r.freq, s) }
	pair := func(l, rt int, s float64) Pair {
		return Pair{A: r.records[r.persons[rt].rec].ID, B: r.records[r.persons[l].rec].ID, Role: RoleChild, Score: s}
	}
	r.watch(Duplicate, pair)
	cands := r.compare(births, births, duplicateKeys, duplicateKeys, earlier, score)
	links := r.decide(cands, r.linker.Thresholds.Duplicate, Duplicate, false, pair)
	later := map[int64]bool{}
	for _, p := range links {
		later[p.B] = true
	}
	for _, i := range births {
		if later[r.records[r.persons[i].rec].ID] {
			r.dupOf[i] = true
		}
	}
}

// watch makes the next compare pass each scored pair, as pair makes it, to Linker.Compared.
func (r *run) watch(kind Kind, pair func(l, rt int, s float64) Pair) {
	r.observe = nil
	if f := r.linker.Compared; f != nil {
		r.observe = func(l, rt int, s float64) {
			p := pair(l, rt, s)
			p.Kind = kind
			f(p)
		}
	}
}

// samePerson matches the persons of roles with births (not later registrations). A bride
// linked to her birth lends that birth her husband's surname for the deaths that follow.
func (r *run) samePerson(roles []Role) {
	var births []int
	for _, i := range r.byRole(RoleChild) {
		if !r.dupOf[i] {
			births = append(births, i)
		}
	}
	others := r.byRole(roles...)
	eligible := func(o, b int) bool {
		po, pb := &r.persons[o], &r.persons[b]
		return pb.role == RoleChild && (po.sex == 0 || pb.sex == 0 || po.sex == pb.sex)
	}
	score := func(o, b *person, s *scorer) { scoreSamePerson(b, o, r.freq, s) }
	pair := func(l, rt int, s float64) Pair {
		return Pair{A: r.records[r.persons[rt].rec].ID, B: r.records[r.persons[l].rec].ID, Role: r.persons[l].role, Score: s}
	}
	r.watch(SamePerson, pair)
	cands := r.compare(others, births, otherKeys, birthKeys, eligible, score)
	links := r.decide(cands, r.linker.Thresholds.SamePerson, SamePerson, true, pair)
	if roles[0] == RoleDeceased {
		return
	}
	birthOf := map[int64]int{}
	for _, i := range births {
		birthOf[r.records[r.persons[i].rec].ID] = i
	}
	groomOf := map[int64]string{}
	for _, p := range r.persons {
		if p.role == RoleGroom {
			groomOf[r.records[p.rec].ID] = p.name.Surname
		}
	}
	for _, p := range links {
		if p.Role == RoleBride && groomOf[p.B] != "" {
			b := &r.persons[birthOf[p.A]]
			b.surnames = append(b.surnames, groomOf[p.B])
		}
	}
}

// Compare explains the score of two records as the review screen shows it: each field
// compared, its verdict and weight. kind and role say which comparison: for same_person, a is
// the birth and role the person of b; for duplicate, a and b are two registrations.
func Compare(a, b Record, kind Kind, role Role, freq *Frequencies) (float64, []FieldComparison) {
	pa, pb := people(0, &a), people(1, &b)
	var x, y *person
	for i := range pa {
		if pa[i].role == RoleChild || kind == Duplicate {
			x = &pa[i]
		}
	}
	for i := range pb {
		if pb[i].role == role || (kind == Duplicate && role == "") {
			y = &pb[i]
		}
	}
	if x == nil || y == nil {
		return 0, nil
	}
	if freq == nil {
		freq = NewFrequencies([]Record{a, b})
	}
	s := scorer{detail: true}
	if kind == Duplicate {
		scoreDuplicate(x, y, freq, &s)
	} else {
		scoreSamePerson(x, y, freq, &s)
	}
	return s.score, s.lines
}
