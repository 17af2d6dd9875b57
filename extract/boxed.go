package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"civreg"
)

// boxing is how a value was taken on a page of ruled boxes, for the layout's fit.
type boxing struct {
	boxed     bool // read on a page of boxes
	outside   bool // its label stands in no box
	shared    bool // another label stands in its label's box
	neighbour bool // the value came from the box beside or under the label's (Design.ValueCell)
}

// boxesOf returns the boxes of the labels' page when it is a form of ruled boxes (three labels
// or more in boxes, frames round many labels aside), nil otherwise.
func boxesOf(hits []labelHit) []ruledBox {
	if len(hits) == 0 || hits[0].line.cells == nil {
		return nil
	}
	page := hits[0].line.page
	var on []labelHit
	for _, h := range hits {
		if h.line.page == page {
			on = append(on, h)
		}
	}
	cs := framed(hits[0].line.cells, on)
	in := 0
	for _, h := range on {
		if cellOf(cs, h.box()) >= 0 {
			in++
		}
	}
	if in < 3 {
		return nil
	}
	return cs
}

// readBoxed reads a form of ruled boxes: a label's value is the words in its own box after it,
// or, when that is empty, in the one box the design puts it in (right or below), never a box
// holding another label. A value over a box's rule, in a box two labels share, or of a label
// standing in no box (read as on an unboxed page) is read for a person to check, not trusted.
func readBoxed(d Design, hits []labelHit, lines []*line, cs []ruledBox) []rawField {
	page := hits[0].line.page
	lines, numbers := withoutColumnNumbers(lines, cs)
	where := d.ValueCell
	if where == "" {
		where = pageValueCell(cs, hits, lines, numbers)
	}
	taken := map[int]int{} // neighbour box -> labels whose value it would be
	if where != "" {
		for _, h := range hits {
			if ci := cellOf(cs, h.box()); h.line.page == page && ci >= 0 {
				if ni := valueCell(cs, ci, where, numbers); ni >= 0 {
					taken[ni]++
				}
			}
		}
	}
	var out []rawField
	for _, h := range hits {
		if h.line.page != page {
			continue // a certificate's boxes are on its first page
		}
		b := boxing{boxed: true}
		ci := cellOf(cs, h.box())
		if ci < 0 {
			b.outside = true
			if r, ok := readLabel(h, hits, lines); ok {
				r.doubt, r.box = true, b
				out = append(out, r)
			}
			continue
		}
		for _, o := range hits {
			b.shared = b.shared || (o.key != h.key && o.line.page == page && cellOf(cs, o.box()) == ci)
		}
		ws, crossed := cellWords(cs, ci, &h, hits, lines)
		if len(ws) == 0 && where != "" {
			if ni := valueCell(cs, ci, where, numbers); ni >= 0 && taken[ni] == 1 && !holdsLabel(cs, ni, hits, page) {
				ws, crossed = cellWords(cs, ni, nil, hits, lines)
				b.neighbour = true
			}
		}
		if len(ws) == 0 {
			continue
		}
		onLine := ws[len(ws)-1].Box[1] < h.line.y1
		out = append(out, rawField{key: h.key, words: ws, page: page, labelQ: h.quality, fromLine: onLine, doubt: crossed || b.shared, box: b})
	}
	return out
}

// besideLabel is the words after the label on its line, up to the next label.
func besideLabel(h labelHit, hits []labelHit) []civreg.Word {
	end := len(h.line.words)
	for _, o := range hits {
		if o.line == h.line && o.from >= h.to && o.from < end {
			end = o.from
		}
	}
	return valueWords0(h.line.words[h.to:end])
}

// valueWords0 drops the punctuation a label leaves before its value (": ", "-").
func valueWords0(in []civreg.Word) []civreg.Word {
	var ws []civreg.Word
	for _, w := range in {
		t := strings.Trim(w.Text, ":;.-_")
		if t == "" {
			continue
		}
		w.Text = strings.TrimLeft(w.Text, ":;")
		ws = append(ws, w)
	}
	return ws
}

// cellWords are the words of box ci that are no label's, after label h when it is given (on
// its line to its right, or on the lines under it), line by line; crossed says one of them
// runs over the box's rule.
func cellWords(cs []ruledBox, ci int, h *labelHit, hits []labelHit, lines []*line) ([]civreg.Word, bool) {
	var ws []civreg.Word
	crossed := false
	page := -1
	if len(hits) > 0 {
		page = hits[0].line.page
	}
	for _, l := range lines {
		if l.page != page || (h != nil && l.mid() < h.line.mid() && l != h.line) {
			continue
		}
		for i, w := range l.words {
			if cellOf(cs, w.Box) != ci || isLabelWord(hits, l, w) || (h != nil && l == h.line && i < h.to) {
				continue
			}
			slack := max(2, (w.Box[3]-w.Box[1])/4)
			crossed = crossed || !inCell(cs[ci], w.Box, slack)
			ws = append(ws, w)
		}
	}
	return valueWords0(ws), crossed
}

// neighbourCell is the box directly right of (or below) box ci: the nearest whose left (top)
// edge is past ci's right (bottom) one and which overlaps it most of its height (width).
func neighbourCell(cs []ruledBox, ci int, where string) int {
	c := cs[ci]
	best, bestGap := -1, 0
	for i, o := range cs {
		var gap, overlap, span int
		if where == "right" {
			gap, overlap, span = o[0]-c[2], min(o[3], c[3])-max(o[1], c[1]), c[3]-c[1]
		} else {
			gap, overlap, span = o[1]-c[3], min(o[2], c[2])-max(o[0], c[0]), c[2]-c[0]
		}
		if i == ci || gap < -span/10 || overlap*2 < span {
			continue
		}
		if best < 0 || gap < bestGap {
			best, bestGap = i, gap
		}
	}
	return best
}

// pageValueCell is where the page itself puts values when its design does not say: on a form
// whose label boxes are mostly empty, the side (right or below) where most of them have a
// box holding words and no label. "" when the labels hold their values, or neither side
// explains the empty ones. Values read this way are only suggestions: the design does not
// know this arrangement, so boxFit sends the page to a person.
func pageValueCell(cs []ruledBox, hits []labelHit, lines []*line, numbers map[int]bool) string {
	page := hits[0].line.page
	var empty []int // the boxes of labels that hold no value
	labelled := 0
	for _, h := range hits {
		ci := cellOf(cs, h.box())
		if h.line.page != page || ci < 0 {
			continue
		}
		labelled++
		if ws, _ := cellWords(cs, ci, &h, hits, lines); len(ws) == 0 {
			empty = append(empty, ci)
		}
	}
	if len(empty) < max(2, labelled/3) {
		return ""
	}
	best, bestN, otherN := "", 0, 0
	for _, where := range []string{"right", "below"} {
		n := 0
		for _, ci := range empty {
			ni := valueCell(cs, ci, where, numbers)
			if ni < 0 || holdsLabel(cs, ni, hits, page) {
				continue
			}
			if ws, _ := cellWords(cs, ni, nil, hits, lines); len(ws) > 0 {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, otherN = where, n, bestN
		case n > otherN:
			otherN = n
		}
	}
	if bestN < max(2, (len(empty)+1)/2) || bestN == otherN {
		return ""
	}
	return best
}

// withoutColumnNumbers takes out the lines that are a row of column numbers (1, 2, 3 ...
// under the headings of a register's table, which a certified copy keeps): they are no
// field's value. It also gives the boxes that hold nothing but a column number, whether its
// row was such a line or numbers set in boxes of their own.
func withoutColumnNumbers(lines []*line, cs []ruledBox) ([]*line, map[int]bool) {
	numbers := map[int]bool{}
	var out []*line
	for _, l := range lines {
		if numberRow(l) == nil {
			out = append(out, l)
			continue
		}
		for _, w := range l.words {
			if ci := cellOf(cs, w.Box); ci >= 0 {
				numbers[ci] = true
			}
		}
	}
	for _, l := range out {
		for _, w := range l.words {
			delete(numbers, cellOf(cs, w.Box)) // the box holds more than its number
		}
	}
	for ci := range numberedBoxes(cs, out) {
		numbers[ci] = true
	}
	return out, numbers
}

// numberedBoxes are the boxes that each hold one small number, three or more of them side by
// side counting up by one (a row of column numbers set in boxes, too few for numberRow).
func numberedBoxes(cs []ruledBox, lines []*line) map[int]bool {
	type numbered struct{ ci, n int }
	words := map[int][]string{}
	for _, l := range lines {
		for _, w := range l.words {
			if ci := cellOf(cs, w.Box); ci >= 0 {
				words[ci] = append(words[ci], w.Text)
			}
		}
	}
	var row []numbered
	for ci, ws := range words {
		if n, err := strconv.Atoi(strings.Trim(ws[0], "()[].,:")); len(ws) == 1 && err == nil && n >= 1 && n < 100 {
			row = append(row, numbered{ci, n})
		}
	}
	sort.Slice(row, func(i, j int) bool {
		a, b := cs[row[i].ci], cs[row[j].ci]
		if a[1] != b[1] {
			return a[1] < b[1]
		}
		return a[0] < b[0]
	})
	out := map[int]bool{}
	for i := 0; i < len(row); {
		j := i + 1 // a run: the next box to the right on the same row, one more
		for j < len(row) && row[j].n == row[j-1].n+1 && abs(cs[row[j].ci][1]-cs[row[j-1].ci][1]) < (cs[row[j].ci][3]-cs[row[j].ci][1])/2 &&
			cs[row[j].ci][0] >= cs[row[j-1].ci][2]-(cs[row[j].ci][3]-cs[row[j].ci][1]) {
			j++
		}
		if j-i >= 3 {
			for _, r := range row[i:j] {
				out[r.ci] = true
			}
		}
		i = j
	}
	return out
}

// valueCell is the box where a value stands for the label in box ci: the neighbour on that
// side, past a box that holds only a column number.
func valueCell(cs []ruledBox, ci int, where string, numbers map[int]bool) int {
	ni := neighbourCell(cs, ci, where)
	if ni >= 0 && numbers[ni] {
		return neighbourCell(cs, ni, where)
	}
	return ni
}

// holdsLabel says whether a label of the page stands in box ci.
func holdsLabel(cs []ruledBox, ci int, hits []labelHit, page int) bool {
	for _, h := range hits {
		if h.line.page == page && cellOf(cs, h.box()) == ci {
			return true
		}
	}
	return false
}

// boxFit says why a boxed page's arrangement does not fit its design, or "" when it does (or
// the page is not boxed): two labels in one box, many labels in no box, or several values
// taken from boxes other than their label's. Such a page is a layout the reader does not
// know, and nothing of it is trusted.
func boxFit(hits []labelHit, raw []rawField) string {
	shared, outside, neighbour, boxed := 0, 0, 0, false
	for _, r := range raw {
		boxed = boxed || r.box.boxed
		if r.box.shared {
			shared++
		}
		if r.box.outside {
			outside++
		}
		if r.box.neighbour {
			neighbour++
		}
	}
	if !boxed {
		return ""
	}
	var why []string
	if shared > 0 {
		why = append(why, fmt.Sprintf("%d labels share a box", shared))
	}
	if outside >= max(2, len(hits)/4) {
		why = append(why, fmt.Sprintf("%d labels stand in no box", outside))
	}
	if neighbour >= 2 {
		why = append(why, fmt.Sprintf("%d values stand in another box than their label's", neighbour))
	}
	if len(why) == 0 {
		return ""
	}
	sort.Strings(why)
	return "the boxes do not fit the form's design (" + strings.Join(why, ", ") + "): its layout is not known"
}
