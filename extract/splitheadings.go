package extract

import (
	"math"
	"sort"

	"civreg"
)

// matchEnough is the least heading match that gives a column its keys.
const matchEnough = 0.34

// splitHeadings parts a column whose heading holds two of the design's headings side by side.
// On an unruled page two headings may stand closer than a wide space ("Name of Father" a
// letter's width from "Informant"), and are read as one column: the second's values would go
// into the first's field. A column is parted only when its heading is no clean match for one
// heading and each half matches a heading of the design better than the whole does.
func splitHeadings(d *Design, cols []column, head, body []civreg.Word) []column {
	var out []column
	for _, c := range cols {
		out = append(out, splitHeading(d, c, head, body, 3)...)
	}
	return out
}

// splitHeading parts one column, and each part again, up to depth times: three headings may
// stand as one ("Name of Bridegroom Groom's Age Wife").
func splitHeading(d *Design, c column, head, body []civreg.Word, depth int) []column {
	a, b, ok := headingSplit(d, c, head, body)
	switch {
	case !ok:
		return []column{c}
	case depth <= 1:
		return []column{a, b}
	}
	return append(splitHeading(d, a, head, body, depth-1), splitHeading(d, b, head, body, depth-1)...)
}

// headingSplit finds a column's cut between two headings: at a gap between the heading's
// words (no word of any of its lines crosses it), where fewest values stand, with values of
// their own on each side (one value the cut would go through says the column is one).
func headingSplit(d *Design, c column, head, body []civreg.Word) (column, column, bool) {
	in := headingIn(head, c)
	whole := labelMatch(d, c.heading)
	if whole > 0.9 || len(in) < 2 {
		return c, c, false
	}
	var vals []civreg.Word
	for _, w := range body {
		if inColumn(w, c) {
			vals = append(vals, w)
		}
	}
	sort.Slice(in, func(a, b int) bool { return in[a].Box[0] < in[b].Box[0] })
	best := 0.0
	var left, right column
	reach := in[0].Box[2]
	for i := 1; i < len(in); i++ {
		if in[i].Box[0] > reach {
			cut := quietest(vals, reach, in[i].Box[0])
			a, b := c, column{x0: cut, x1: c.x1, heading: headingText(in[i:])}
			a.x1, a.heading = cut, headingText(in[:i])
			qa, qb := labelMatch(d, a.heading), labelMatch(d, b.heading)
			if q := math.Min(qa, qb); q >= matchEnough && q > whole && qa+qb > best && valuesBeside(vals, cut) {
				a.split, b.split = true, true
				best, left, right = qa+qb, a, b
			}
		}
		reach = max(reach, in[i].Box[2])
	}
	return left, right, best > 0
}

// labelMatch is how well the design's best label (a field's or another column's) names a heading.
func labelMatch(d *Design, heading string) float64 {
	ht := tokens(heading)
	best := 0.0
	for _, ls := range d.Fields {
		for _, l := range ls {
			best = math.Max(best, headingMatch(ht, tokens(l)))
		}
	}
	for _, l := range d.OtherColumns {
		best = math.Max(best, headingMatch(ht, tokens(l)))
	}
	return best
}

// quietest is the x between a and b that fewest values cover: the middle of the widest such run.
func quietest(vals []civreg.Word, a, b int) int {
	cover := make([]int, b-a+1)
	for _, w := range vals {
		for x := max(w.Box[0], a); x < min(w.Box[2], b+1); x++ {
			cover[x-a]++
		}
	}
	return leastCovered(cover, a, a, b, 1)[0]
}

// valuesBeside: values stand wholly on each side of the cut, more on each side than across it.
func valuesBeside(vals []civreg.Word, cut int) bool {
	left, right, across := 0, 0, 0
	for _, w := range vals {
		switch {
		case w.Box[2] <= cut:
			left++
		case w.Box[0] >= cut:
			right++
		default:
			across++
		}
	}
	return left > across && right > across
}
