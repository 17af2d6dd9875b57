package linkage

import "sort"

// ChooseThresholds picks a band from pairs a linkage run kept (run with Lower low enough to
// keep every best candidate) whose truth is known. Upper is the lowest score above which the
// pairs that would be linked are right at least precision of the time. Lower is the lowest
// score above which the pairs between it and Upper are still true at least worth of the
// time: a person's review is spent where it finds links, not on a long tail of strangers.
func ChooseThresholds(pairs []Pair, isTrue func(Pair) bool, precision, worth float64) Band {
	if len(pairs) == 0 {
		return Band{}
	}
	sorted := append([]Pair(nil), pairs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Score > sorted[j].Score })
	band := Band{Upper: sorted[0].Score + 1}
	linked, right := 0, 0
	for i, p := range sorted {
		if p.Why == "" {
			linked++
			if isTrue(p) {
				right++
			}
		}
		// a threshold falls between distinct scores only
		if i+1 < len(sorted) && sorted[i+1].Score == p.Score {
			continue
		}
		if float64(right) >= precision*float64(linked) && linked > 0 {
			band.Upper = p.Score
		}
	}
	band.Lower = band.Upper
	inBand, trueInBand := 0, 0
	for i, p := range sorted {
		if p.Score >= band.Upper {
			continue
		}
		inBand++
		if isTrue(p) {
			trueInBand++
		}
		if i+1 < len(sorted) && sorted[i+1].Score == p.Score {
			continue
		}
		if float64(trueInBand) >= worth*float64(inBand) {
			band.Lower = p.Score
		}
	}
	return band
}
