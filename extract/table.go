package extract

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"civreg"
)

// A register page is read from its own shape: a band of heading lines (words of the known
// headings, wrapped over two or three lines), usually a row of column numbers under it, and
// entries below. Columns come from the column numbers and the gaps between words, not from a
// design's fixed positions; each column's heading is then matched to field keys by its words.

// column is one column of a register table.
type column struct {
	x0, x1  int
	heading string
	keys    []string // field keys it holds: none for a column of no field, two for a shared heading
	quality float64  // how well its heading matched the label that gave its keys
}

// section is one table on a page: its headings, columns and the band of entries under them.
type section struct {
	headTop, headBottom int // the heading band, with the column numbers
	bodyTop, bodyBottom int
	x0, x1              int
	numbered            bool // a row of column numbers was found
	centres             []int
	headWords           []civreg.Word
	cols                []column
	design              *Design
	score               float64
}

// headingVocabulary is every word of every register heading the forms know, for telling a
// heading line from an entry.
func headingVocabulary(f *Forms) map[string]bool {
	v := map[string]bool{}
	add := func(label string) {
		for _, t := range strings.Fields(label) {
			if n := norm(t); n != "" {
				v[n] = true
			}
		}
	}
	for _, d := range f.Designs {
		if d.Layout != LayoutRegister {
			continue
		}
		for _, labels := range d.Fields {
			for _, l := range labels {
				add(l)
			}
		}
		for _, l := range d.OtherColumns {
			add(l)
		}
	}
	return v
}

// inVocabulary allows one letter misread in a heading word of five letters or more.
func inVocabulary(v map[string]bool, w string) bool {
	if w == "" {
		return false
	}
	if v[w] {
		return true
	}
	if len(w) < 5 {
		return false
	}
	for t := range v {
		if len(t) >= 5 && abs(len(t)-len(w)) <= 1 && civreg.EditDistance(t, w) <= 1 {
			return true
		}
	}
	return false
}

// headingLike: most of the line's words are heading words, and there are a few of them.
func headingLike(v map[string]bool, l *line) bool {
	n, hit := 0, 0
	for _, w := range l.words {
		t := norm(w.Text)
		if t == "" {
			continue
		}
		n++
		if inVocabulary(v, t) {
			hit++
		}
	}
	return n >= 2 && hit >= 2 && float64(hit) >= 0.7*float64(n)
}

// numberRow reads a line as the row of column numbers: at least four of 1, 2, 3 ... in order
// left to right. It returns the centre of each number's column, or nil.
func numberRow(l *line) []int {
	var centres []int
	next := 1
	for _, w := range l.words {
		t := strings.Trim(w.Text, "()[].,:")
		n, err := strconv.Atoi(digitsFixer.Replace(t))
		if err != nil || len(t) > 2 {
			return nil
		}
		if n != next {
			return nil
		}
		centres = append(centres, (w.Box[0]+w.Box[2])/2)
		next++
	}
	if len(centres) < 4 {
		return nil
	}
	return centres
}

func medianHeight(lines []*line) int {
	var hs []int
	for _, l := range lines {
		for _, w := range l.words {
			hs = append(hs, w.Box[3]-w.Box[1])
		}
	}
	if len(hs) == 0 {
		return 1
	}
	sort.Ints(hs)
	return max(1, hs[len(hs)/2])
}

// findSections finds the tables on a page: each heading band (heading lines close together),
// with the row of column numbers under it when there is one.
func findSections(vocab map[string]bool, lines []*line, h int) []*section {
	var out []*section
	for i := 0; i < len(lines); i++ {
		if !headingLike(vocab, lines[i]) {
			continue
		}
		j := i
		for j+1 < len(lines) && lines[j+1].y0-lines[j].y1 < 2*h && (headingLike(vocab, lines[j+1]) || continuesHeading(vocab, lines[j+1])) {
			j++
		}
		s := &section{headTop: lines[i].y0, headBottom: lines[j].y1, x0: math.MaxInt32}
		for _, l := range lines[i : j+1] {
			s.headWords = append(s.headWords, l.words...)
		}
		var centres []int
		if j+1 < len(lines) && lines[j+1].y0-lines[j].y1 < 4*h {
			if c := numberRow(lines[j+1]); c != nil {
				centres, s.numbered = c, true
				s.headBottom = lines[j+1].y1
				j++
			}
		}
		for _, w := range s.headWords {
			s.x0, s.x1 = min(s.x0, w.Box[0]), max(s.x1, w.Box[2])
		}
		s.centres = centres
		s.bodyTop = s.headBottom
		out = append(out, s)
		i = j
	}
	for k, s := range out {
		s.bodyBottom = math.MaxInt32
		if k+1 < len(out) {
			s.bodyBottom = out[k+1].headTop
		}
		// The entries' words mark the columns too: a heading narrower than its values must not
		// put the cut through them.
		var body []civreg.Word
		for _, l := range bodyLines(s, lines) {
			if solemnisedAt(l) > 0 || byMe(l) > 0 {
				continue // lines across the table
			}
			for _, w := range l.words {
				if w.Box[0] >= s.x0-2*h && w.Box[2] <= s.x1+2*h {
					body = append(body, w)
				}
			}
		}
		s.cols = columnsOf(s.headWords, body, s.centres, h)
	}
	return out
}

// continuesHeading: a short line of heading words under a heading line (the wrapped ends:
// "of father", "informant").
func continuesHeading(vocab map[string]bool, l *line) bool {
	for _, w := range l.words {
		if t := norm(w.Text); t != "" && !inVocabulary(vocab, t) {
			return false
		}
	}
	return len(l.words) > 0 && numberRow(l) == nil
}

// columnsOf finds the columns: between two column numbers, the widest gap no word crosses;
// without numbers, the gaps wider than a space that no word crosses.
func columnsOf(head, body []civreg.Word, centres []int, h int) []column {
	if len(head) == 0 {
		return nil
	}
	lo, hi := math.MaxInt32, 0
	for _, w := range head {
		lo, hi = min(lo, w.Box[0]), max(hi, w.Box[2])
	}
	if len(centres) > 0 {
		lo, hi = min(lo, centres[0]-h), max(hi, centres[len(centres)-1]+h)
	}
	// How many words stand over each x: the cut between two columns is where fewest do (a
	// value running over its rule, or a line across the page, must not hide the column).
	cover := make([]int, hi-lo+1)
	for _, w := range append(append([]civreg.Word(nil), head...), body...) {
		for x := max(w.Box[0], lo); x < min(w.Box[2], hi); x++ {
			cover[x-lo]++
		}
	}
	// the centre of the widest run of least cover between a and b
	widest := func(a, b int) int {
		least := math.MaxInt32
		for x := max(a, lo); x <= min(b, hi); x++ {
			least = min(least, cover[x-lo])
		}
		best, bestW, run := (a+b)/2, 0, 0
		for x := max(a, lo); x <= min(b, hi); x++ {
			if cover[x-lo] == least {
				run++
				if run > bestW {
					best, bestW = x-run/2, run
				}
			} else {
				run = 0
			}
		}
		return best
	}
	var cuts []int
	if len(centres) > 0 {
		for i := 0; i+1 < len(centres); i++ {
			cuts = append(cuts, widest(centres[i]+h/2, centres[i+1]-h/2))
		}
	} else {
		run := 0
		for x := lo; x <= hi; x++ {
			if cover[x-lo] == 0 {
				run++
				continue
			}
			if run > h*6/10 {
				cuts = append(cuts, x-run/2)
			}
			run = 0
		}
	}
	edges := append(append([]int{lo - h}, cuts...), hi+h)
	var cols []column
	for i := 0; i+1 < len(edges); i++ {
		cols = append(cols, column{x0: edges[i], x1: edges[i+1]})
	}
	// Each column's heading: its words, line by line.
	var lines [][]civreg.Word
	for _, w := range head {
		placed := false
		for k := range lines {
			if overlapY(lines[k][0], w) {
				lines[k] = append(lines[k], w)
				placed = true
				break
			}
		}
		if !placed {
			lines = append(lines, []civreg.Word{w})
		}
	}
	sort.Slice(lines, func(a, b int) bool { return lines[a][0].Box[1] < lines[b][0].Box[1] })
	for _, l := range lines {
		sort.Slice(l, func(a, b int) bool { return l[a].Box[0] < l[b].Box[0] })
		for _, w := range l {
			cx := (w.Box[0] + w.Box[2]) / 2
			for k := range cols {
				if cx >= cols[k].x0 && cx < cols[k].x1 {
					cols[k].heading = strings.TrimSpace(cols[k].heading + " " + w.Text)
				}
			}
		}
	}
	return cols
}

func overlapY(a, b civreg.Word) bool {
	ca := (a.Box[1] + a.Box[3]) / 2
	return ca >= b.Box[1] && ca <= b.Box[3]
}

// tokens are a text's words reduced for matching.
func tokens(s string) []string {
	var out []string
	for _, t := range strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ", "/", " ").Replace(s)) {
		if n := norm(t); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func sameToken(a, b string) bool {
	if a == b {
		return true
	}
	if len(b) < 4 || len(a) < 4 {
		return false
	}
	d := civreg.EditDistance(a, b)
	return d <= 1 || (d <= 2 && len(b) >= 9)
}

// headingMatch is how well a label names a heading: every word of the label found in the
// heading in order (a heading may say more: "Christian name of child" holds "Name of
// Child"), scored by the share of the heading the label accounts for.
func headingMatch(heading, label []string) float64 {
	if len(label) == 0 || len(heading) == 0 {
		return 0
	}
	matched, at := 0, 0
	for _, lt := range label {
		found := false
		for at < len(heading) {
			at++
			if sameToken(heading[at-1], lt) {
				matched += len(lt)
				found = true
				break
			}
		}
		if !found {
			return 0
		}
	}
	total := 0
	for _, t := range heading {
		total += len(t)
	}
	return float64(matched) / float64(max(total, matched))
}

// assign matches each column's heading to the design's keys. A heading the design names for
// two keys ("When and where born", or "Name and surname" in a marriage register) holds both.
// It returns the sum of the match qualities: how well the design explains the page.
func assign(d *Design, cols []column) ([]column, float64) {
	out := make([]column, len(cols))
	copy(out, cols)
	keys := sortedFieldKeys(d)
	for i := range out {
		ht := tokens(out[i].heading)
		out[i].keys, out[i].quality = nil, 0
		bestLabel := ""
		for _, k := range keys {
			for _, l := range d.Fields[k] {
				q := headingMatch(ht, tokens(l))
				switch {
				case q > out[i].quality+1e-9:
					out[i].keys, out[i].quality, bestLabel = []string{k}, q, norm(l)
				case q > 0 && math.Abs(q-out[i].quality) < 1e-9 && norm(l) == bestLabel && !contains(out[i].keys, k):
					out[i].keys = append(out[i].keys, k)
				}
			}
		}
		for _, l := range d.OtherColumns {
			if q := headingMatch(ht, tokens(l)); q > out[i].quality+1e-9 {
				out[i].keys, out[i].quality = nil, q
			}
		}
		if out[i].quality < 0.34 {
			out[i].keys = nil
		}
	}
	// A key read from one column only: the best matched.
	for _, k := range keys {
		best := -1
		for i := range out {
			if contains(out[i].keys, k) && (best < 0 || out[i].quality > out[best].quality) {
				best = i
			}
		}
		for i := range out {
			if i != best && contains(out[i].keys, k) {
				out[i].keys = remove(out[i].keys, k)
			}
		}
	}
	score := 0.0
	for _, c := range out {
		if len(c.keys) > 0 {
			score += c.quality
		}
	}
	return out, score
}

func sortedFieldKeys(d *Design) []string {
	var keys []string
	for k := range d.Fields {
		keys = append(keys, k)
	}
	// The spec's order, so a shared heading lists date before place and groom before bride.
	order := map[string]int{}
	for i, s := range civreg.FieldSpecs {
		order[s.Key] = i
	}
	sort.Slice(keys, func(a, b int) bool { return order[keys[a]] < order[keys[b]] })
	return keys
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func remove(xs []string, s string) []string {
	var out []string
	for _, x := range xs {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
