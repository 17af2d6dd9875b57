package linkage

import "math"

// Frequencies counts how often each given name and surname occurs in the registry's own
// records, so that agreement on a rare name weighs more than agreement on a common one.
type Frequencies struct {
	Given    map[string]int `json:"given"`
	Surnames map[string]int `json:"surnames"`
	// People is how many persons were counted (children, deceased, grooms and brides).
	People int `json:"people"`
}

// NewFrequencies counts the names of every person the records name.
func NewFrequencies(records []Record) *Frequencies {
	f := &Frequencies{Given: map[string]int{}, Surnames: map[string]int{}}
	for i := range records {
		for _, p := range people(i, &records[i]) {
			f.Add(p.name)
		}
	}
	return f
}

// Add counts one person's name.
func (f *Frequencies) Add(n Name) {
	f.People++
	if n.Given != "" {
		f.Given[n.Given]++
	}
	for _, m := range n.Middle {
		f.Given[m]++
	}
	if n.Surname != "" {
		f.Surnames[n.Surname]++
	}
}

// share is how often a name occurs among the people counted, never less than one in the
// whole registry, so a name seen once (or never: a misreading) is not infinitely telling.
func (f *Frequencies) share(counts map[string]int, name string) float64 {
	n := max(counts[name], 1)
	return float64(n) / float64(max(f.People, 100))
}

// agreeWeight is the Fellegi-Sunter weight, in bits, of two records agreeing on a name with
// this share: log2(m/u), where m is how often a true pair agrees (clerks copy names right
// most of the time) and u how often two people chosen at random share the name.
func agreeWeight(share float64) float64 {
	const m = 0.92
	return min(math.Log2(m/share), 14)
}
