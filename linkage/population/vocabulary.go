package population

import (
	"math"
	"math/rand/v2"
	"strings"
)

// Params are the habits of one generated registry, drawn from its seed: how concentrated its
// names are and how many distinct ones it has, how often clerks slip. No two seeds share them,
// so thresholds tuned on one seed are measured on another registry, not the same one again.
type Params struct {
	// Names: a registry of n births has about Head + K·n^Beta distinct names of each kind
	// (Heaps' law: new names keep appearing as a registry grows, more slowly than its births),
	// drawn with weights 1/(rank+Shift)^Zipf, so a few names are everywhere and most are rare.
	Given, Surname NameParams
	// MisspellBirth and MisspellLater are the chances a clerk misspells a word of a name on a
	// birth, and on a marriage or death.
	MisspellBirth, MisspellLater float64
	// DropMiddle is the chance a marriage or death leaves the middle name out.
	DropMiddle float64
	// Middle is the chance a child is given a middle name.
	Middle float64
	// Again is the share of births registered a second time.
	Again float64
	// MovedAtDeath is the chance a death is registered in another district than the birth.
	MovedAtDeath float64
}

// NameParams size and shape one kind of name.
type NameParams struct {
	K, Beta     float64
	Zipf, Shift float64
}

// Distinct is how many distinct names of this kind a registry of births births has.
func (p NameParams) Distinct(head, births int) int {
	return head + int(p.K*math.Pow(float64(max(births, 1)), p.Beta))
}

// ParamsFor draws the habits of the registry of seed. They come from a stream of their own,
// so changing them leaves the people drawn from the main stream as they were.
func ParamsFor(seed uint64) Params {
	r := rand.New(rand.NewPCG(seed^0x9a4a5, seed+0x17))
	in := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	return Params{
		Given:         NameParams{K: in(1.5, 4), Beta: in(0.55, 0.7), Zipf: in(0.95, 1.2), Shift: in(4, 12)},
		Surname:       NameParams{K: in(0.5, 2), Beta: in(0.6, 0.75), Zipf: in(0.85, 1.05), Shift: in(2, 6)},
		MisspellBirth: in(0.005, 0.015),
		MisspellLater: in(0.035, 0.07),
		DropMiddle:    in(0.25, 0.4),
		Middle:        in(0.45, 0.65),
		Again:         in(0.025, 0.035),
		MovedAtDeath:  in(0.3, 0.5),
	}
}

// vocabulary sets up the name draws: the common names of the Federation first, then a long
// tail of rarer ones made from syllables, as many as the registry's size and habits give.
func (g *gen) vocabulary(births int) {
	p := g.params
	g.surnames = newWeighted(g.tail(surnames, p.Surname.Distinct(len(surnames), births), surnameSyllables, endings),
		p.Surname.Zipf, p.Surname.Shift)
	g.female = newWeighted(g.tail(femaleNames, p.Given.Distinct(len(femaleNames), births), givenSyllables, femaleEndings),
		p.Given.Zipf, p.Given.Shift)
	g.male = newWeighted(g.tail(maleNames, p.Given.Distinct(len(maleNames), births), givenSyllables, maleEndings),
		p.Given.Zipf, p.Given.Shift)
	g.district = newWeighted(districts, 0.8, 1)
}

// tail returns head followed by made-up names (one to three syllables and an ending) up to n
// names in all, each name once. The head keeps its order: the common names stay common.
func (g *gen) tail(head []string, n int, syllables, endings []string) []string {
	names := append([]string{}, head...)
	seen := map[string]bool{}
	for _, s := range names {
		seen[s] = true
	}
	// Three syllables of 28 and an ending give over 250,000 names: far more than any registry
	// asks for, so the loop ends.
	n = min(n, 200000)
	for len(names) < n {
		var b strings.Builder
		for k := 1 + g.rng.IntN(3); k > 0; k-- {
			b.WriteString(syllables[g.rng.IntN(len(syllables))])
		}
		b.WriteString(endings[g.rng.IntN(len(endings))])
		s := b.String()
		s = strings.ToUpper(s[:1]) + s[1:]
		if len(s) >= 3 && !seen[s] {
			seen[s] = true
			names = append(names, s)
		}
	}
	return names
}

// weighted draws words with weights falling by rank: 1/(rank+shift)^s.
type weighted struct {
	words []string
	cum   []float64
}

func newWeighted(words []string, s, shift float64) *weighted {
	w := &weighted{words: words}
	total := 0.0
	for i := range words {
		total += 1 / math.Pow(float64(i)+shift, s)
		w.cum = append(w.cum, total)
	}
	for i := range w.cum {
		w.cum[i] /= total
	}
	return w
}

func (w *weighted) draw(rng *rand.Rand) string { return w.words[w.index(rng)] }

func (w *weighted) index(rng *rand.Rand) int {
	x := rng.Float64()
	lo, hi := 0, len(w.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if w.cum[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
