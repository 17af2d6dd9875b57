package pdfa

import (
	"slices"
	"sync/atomic"
)

// codeSpans hands the codes a font shows to entries that may overlap (a ToUnicode map's
// bfchar and bfrange entries, W's CID ranges), the last entry naming a code winning. Entries
// are painted last first and each code is claimed once, so the work grows with the entries
// plus the codes, never their product: a hostile map may repeat <0000> <FFFF> tens of
// thousands of times against a font showing all 65,536 two-byte codes.
type codeSpans struct {
	codes []uint32 // sorted
	next  []int    // where to look on from index i for an unclaimed code: i itself while unclaimed
}

// spanSteps counts the codes offered to entries, for the tests to bound the work.
var spanSteps atomic.Int64

func newCodeSpans(shown map[uint32]bool) *codeSpans {
	s := &codeSpans{codes: make([]uint32, 0, len(shown))}
	for c := range shown {
		s.codes = append(s.codes, c)
	}
	slices.Sort(s.codes)
	s.next = make([]int, len(s.codes)+1) // the last: past every code, never claimed
	for i := range s.next {
		s.next[i] = i
	}
	return s
}

// unclaimed is the first index from i on whose code is unclaimed, len(codes) when none is;
// the path followed is pointed straight at it.
func (s *codeSpans) unclaimed(i int) int {
	root := i
	for s.next[root] != root {
		root = s.next[root]
	}
	for i != root {
		i, s.next[i] = s.next[i], root
	}
	return root
}

// claim offers each unclaimed code in lo…hi (codes are below 65536: the bounds are clamped
// there), in order, to take; a code take accepts goes to no entry painted after.
func (s *codeSpans) claim(lo, hi int64, take func(c uint32) bool) {
	lo, hi = max(lo, 0), min(hi, 0xFFFF)
	if lo > hi {
		return
	}
	i, _ := slices.BinarySearch(s.codes, uint32(lo))
	for i = s.unclaimed(i); i < len(s.codes) && int64(s.codes[i]) <= hi; i = s.unclaimed(i + 1) {
		spanSteps.Add(1)
		if take(s.codes[i]) {
			s.next[i] = i + 1
		}
	}
}
