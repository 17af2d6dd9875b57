package extract

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	split   bool     // parted from a heading read as two columns' (splitHeadings)
}

// section is one table on a page: its headings, columns and the band of entries under them.
type section struct {
	headTop, headBottom int // the heading band, with the column numbers
	bodyTop, bodyBottom int
	x0, x1              int
	numbered            bool // a row of column numbers was found
	centres             []colNumber
	headWords           []civreg.Word
	headRules           []int         // x of rules read as words among the headings
	bodyWords           []civreg.Word // the entries' words the columns were found from
	cols                []column
	design              *Design
	score               float64
	typeDoubt           string // the title and the headings name different record types
	unread              int    // columns whose headings matched no label (before byContent and byPlace)
	// heading ink OCR could not read ("AGE AT DEATH" read "ae" at a low confidence): it marks
	// a column of its own, named by none of its words
	unreadInk []civreg.Word
}

// addHeading takes a heading line's words and rules into the section.
func (s *section) addHeading(l *line) {
	s.headWords = append(s.headWords, l.words...)
	s.headRules = append(s.headRules, l.rules...)
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
	n, hit, long := vocabularyHits(v, l.words)
	// A line of many headings side by side, some of them garbled ("Ne imine Namen cna Age
	// Condition Rank or profession Residence atthe time ..."), is headings still: no entry
	// holds five heading words.
	return n >= 2 && hit >= 2 && (float64(hit) >= 0.7*float64(n) || long >= 5 && 2*hit >= n)
}

// vocabularyHits counts the words (specks aside), those of them heading words, and those
// of four letters or more.
func vocabularyHits(v map[string]bool, ws []civreg.Word) (n, hit, long int) {
	for _, w := range ws {
		t := norm(w.Text)
		if t == "" {
			continue
		}
		n++
		if inVocabulary(v, t) {
			hit++
			if len(t) >= 4 {
				long++
			}
		}
	}
	return n, hit, long
}

// colNumber is one printed column number and the x of its centre.
type colNumber struct{ n, x int }

// numberRow reads a line as the row of column numbers: at least four of 1, 2, 3 ... rising
// left to right, allowing OCR two numbers misread as letters where they stand ("qd)" for
// "(1)", "A" for 4), or one lost, and one speck read as a word. It returns nil when the line
// is not such a row.
func numberRow(l *line) []colNumber {
	var out []colNumber
	var odd []int // centres of the words that are no number
	lost := 0
	for i, w := range l.words {
		t := strings.Trim(w.Text, "()[].,:")
		if !strings.ContainsFunc(w.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue // a speck or a mark of the rule: no word
		}
		n, err := strconv.Atoi(digitsFixer.Replace(t))
		if err != nil || len(t) > 2 || n < 1 {
			odd = append(odd, (w.Box[0]+w.Box[2])/2)
			continue
		}
		prev := 0
		if len(out) > 0 {
			prev = out[len(out)-1].n
		}
		if i == 0 && n != 1 && len(l.words) > 1 && strings.Trim(l.words[1].Text, "()[].,:") == "2" {
			n = 1 // the first number misread ("4" for "1") before a 2
		}
		if n != prev+1 && n%10 == (prev+1)%10 && n > 10 {
			n = prev + 1 // "(9)" read as "19": the bracket taken for a 1
		}
		if n <= prev {
			return nil
		}
		lost += n - prev - 1
		out = append(out, colNumber{n, (w.Box[0] + w.Box[2]) / 2})
	}
	if len(out) < 4 || lost > 2 {
		return nil
	}
	out, filled := fillLost(out, odd)
	if lost-filled > 1 || len(odd)-filled > 1 || (lost == 2 && filled < 2) {
		return nil
	}
	return out
}

// fillLost puts each word that is no number where a lost number would stand ("A" between 3
// and 5 is 4), and says how many it put.
func fillLost(out []colNumber, odd []int) ([]colNumber, int) {
	filled := 0
	for _, x := range odd {
		for i := range out {
			prev, lo := 0, math.MinInt32
			if i > 0 {
				prev, lo = out[i-1].n, out[i-1].x
			}
			if out[i].n == prev+2 && x > lo && x < out[i].x {
				out = append(out[:i], append([]colNumber{{out[i].n - 1, x}}, out[i:]...)...)
				filled++
				break
			}
		}
	}
	return out, filled
}

// numberRowAt reads the row of column numbers at line k, joined with the lines just under it
// that OCR parted from it (small numbers on a skewed page fall into two lines): the numbers
// and the last line they took, or nil.
func numberRowAt(lines []*line, k, h int) ([]colNumber, int) {
	if c := numberRow(lines[k]); c != nil {
		return c, k
	}
	joined := &line{page: lines[k].page, y0: lines[k].y0, y1: lines[k].y1}
	joined.words = append(joined.words, lines[k].words...)
	last := k
	for j := k + 1; j < len(lines) && j <= k+2 && lines[j].y0 < joined.y1+h/2; j++ {
		joined.words = append(joined.words, lines[j].words...)
		joined.y1, last = max(joined.y1, lines[j].y1), j
	}
	if last == k {
		return nil, k
	}
	sort.SliceStable(joined.words, func(a, b int) bool { return joined.words[a].Box[0] < joined.words[b].Box[0] })
	if c := numberRow(joined); c != nil {
		return c, last
	}
	return nil, k
}

// unreadNumbers: a line of short marks only, as OCR reads a row of small numbers it cannot.
func unreadNumbers(l *line) bool {
	for _, w := range l.words {
		t := norm(w.Text)
		if len(t) > 2 && w.Conf > 0.5 {
			return false
		}
	}
	return len(l.words) >= 3
}

// medianHeight is the median height of the lines' words, at least 1 (a divisor).
func medianHeight(lines []*line) int {
	var ws []civreg.Word
	for _, l := range lines {
		ws = append(ws, l.words...)
	}
	return max(1, civreg.MedianHeight(ws))
}

// findSections finds the tables on a page: each heading band (heading lines close together),
// with the row of column numbers under it when there is one.
func findSections(vocab map[string]bool, lines []*line, h int) []*section {
	var out []*section
	for i := 0; i < len(lines); i++ {
		if c, _ := numberRowAt(lines, i, h); !headingLike(vocab, lines[i]) && c == nil {
			continue
		}
		// The band: heading lines close together, from the first (perhaps a garbled word or
		// two above a heading-like line) down to the row of column numbers.
		top := i
		for top > 0 && (len(out) == 0 || lines[top-1].y0 > out[len(out)-1].headBottom) && lines[top].y0-lines[top-1].y1 < 3*h/2 &&
			!special(lines[top-1]) && top > i-3 && hasHeadingWord(vocab, lines[top-1]) {
			top--
		}
		j := bandEnd(vocab, lines, i, h)
		s := &section{headTop: lines[top].y0, headBottom: lines[j].y1, x0: math.MaxInt32}
		var centres []colNumber
		numbers := j // the first line of the row of column numbers
		if c, last := numberRowAt(lines, i, h); c != nil {
			centres, numbers, j = c, i, last
		} else {
			// The row of column numbers, perhaps under lines of heading words OCR garbled.
			for k := j + 1; k < min(j+5, len(lines)) && lines[k].y0-lines[j].y1 < 5*h; k++ {
				if c, last := numberRowAt(lines, k, h); c != nil {
					centres, numbers, j = c, k, last
					break
				}
			}
		}
		s.numbered = centres != nil
		for _, l := range lines[top:numbers] {
			s.addHeading(l)
		}
		if !s.numbered {
			s.addHeading(lines[j])
		}
		s.headBottom = lines[j].y1
		// A row of column numbers OCR could not read (specks, dashes, a digit or two) is part
		// of the headings, not an entry.
		for !s.numbered && j+1 < len(lines) && lines[j+1].y0-lines[j].y1 < 3*h && unreadNumbers(lines[j+1]) {
			j++
			s.headBottom = lines[j].y1
		}
		// Specks and rules OCR read as words would hide the gaps between the headings.
		var kept, dropped []civreg.Word
		for _, w := range s.headWords {
			if w.Conf >= 0.7 || inVocabulary(vocab, norm(w.Text)) {
				kept = append(kept, w)
				s.x0, s.x1 = min(s.x0, w.Box[0]), max(s.x1, w.Box[2])
			} else {
				dropped = append(dropped, w)
			}
		}
		if len(kept) == 0 {
			continue
		}
		s.headWords = kept
		s.unreadInk = headingSized(dropped, civreg.MedianHeight(kept))
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
		s.cols = sectionColumns(s, lines, h)
	}
	return out
}

// headingSized are the words among those OCR was unsure of that stand as tall as a heading's
// letters and as wide as two, not specks or a rule's piece; their text is dropped (unreadInk).
func headingSized(ws []civreg.Word, sp int) []civreg.Word {
	var out []civreg.Word
	for _, w := range ws {
		if w.Box[3]-w.Box[1] >= sp*8/10 && w.Box[2]-w.Box[0] >= 2*sp {
			w.Text = ""
			out = append(out, w)
		}
	}
	return out
}

// splitByValues parts a column whose values stand in two columns of their own: on two lines
// or more each side of a gap no value crosses, wider than two spaces, right of the column's
// heading. The headings of the second were not read (a shaded band, a faint heading); it gets
// its keys from its values or its place, or none.
func splitByValues(cols []column, head, body []civreg.Word, h int) []column {
	var out []column
	for _, c := range cols {
		var ws []civreg.Word
		for _, w := range body {
			if inColumn(w, c) {
				ws = append(ws, w)
			}
		}
		headEnd := c.x0
		for _, w := range head {
			if cx := (w.Box[0] + w.Box[2]) / 2; cx >= c.x0 && cx < c.x1 {
				headEnd = max(headEnd, w.Box[2])
			}
		}
		// the second column stands where no heading was read: a gap under the heading is
		// one between the words of a value
		cut := valueGap(ws, h)
		if cut < headEnd+h/2 {
			out = append(out, c)
			continue
		}
		a, b := c, column{x0: cut, x1: c.x1}
		a.x1 = cut
		out = append(out, a, b)
	}
	return out
}

// valueGap is the x of a gap between the values' words wider than two spaces, with words of
// two lines or more on each side; -1 when there is none.
func valueGap(ws []civreg.Word, h int) int {
	if len(ws) < 4 {
		return -1
	}
	lo, hi := math.MaxInt32, 0
	for _, w := range ws {
		lo, hi = min(lo, w.Box[0]), max(hi, w.Box[2])
	}
	covered := make([]bool, hi-lo+1)
	for _, w := range ws {
		for x := w.Box[0]; x < w.Box[2]; x++ {
			covered[x-lo] = true
		}
	}
	lines := func(pred func(civreg.Word) bool) int {
		var ys []int
		for _, w := range ws {
			if pred(w) && !containsNear(ys, w.Box[1], h/2) {
				ys = append(ys, w.Box[1])
			}
		}
		return len(ys)
	}
	run := 0
	for x := lo; x <= hi; x++ {
		if !covered[x-lo] {
			run++
			continue
		}
		if run > 4*h/5 {
			cut := x - run/2
			if lines(func(w civreg.Word) bool { return w.Box[2] <= cut }) >= 2 && lines(func(w civreg.Word) bool { return w.Box[0] >= cut }) >= 2 {
				return cut
			}
		}
		run = 0
	}
	return -1
}

func containsNear(xs []int, x, d int) bool {
	for _, v := range xs {
		if abs(v-x) <= d {
			return true
		}
	}
	return false
}

// columnBefore adds the column whose heading OCR did not read at all (a shaded band, a faint
// "No."): values stand in line left of every heading, apart from the first column's. It has no
// keys; its values may give it one (byContent).
func columnBefore(cols []column, left []civreg.Word, headX0, h int) []column {
	if len(cols) == 0 || len(left) < 2 {
		return cols
	}
	lo, hi := math.MaxInt32, 0
	for _, w := range left {
		lo, hi = min(lo, w.Box[0]), max(hi, w.Box[2])
	}
	// one column's values: they begin within a few letters of each other
	if hi-lo > 8*h {
		return cols
	}
	cut := (hi + headX0) / 2
	cols[0].x0 = cut
	return append([]column{{x0: lo - 4*h, x1: cut}}, cols...)
}

// sectionColumns finds a section's columns from its headings and the words of its entries.
func sectionColumns(s *section, lines []*line, h int) []column {
	// The entries' words mark the columns too: a heading narrower than its values must not
	// put the cut through them.
	var body, left []civreg.Word
	straddle := math.MaxInt32
	// The table reaches as far as its column numbers: a last heading OCR did not read
	// ("When registered") still has its values, which must be counted where the cut goes.
	x1 := s.x1
	if n := len(s.centres); n > 0 {
		x1 = max(x1, s.centres[n-1].x+h)
	}
	for _, l := range bodyLines(s, lines) {
		if solemnisedAt(l) > 0 || byMe(l) > 0 {
			continue // lines across the table
		}
		for _, w := range l.words {
			switch {
			case w.Box[0] >= s.x0-2*h && w.Box[2] <= x1+2*h:
				body = append(body, w)
			case w.Box[2] < s.x0-2*h:
				left = append(left, w)
			case w.Box[0] < s.x0-2*h:
				straddle = min(straddle, w.Box[0]-h) // a first column's value wider than its heading
			}
		}
	}
	s.bodyWords = body
	head := append(append([]civreg.Word(nil), s.headWords...), s.unreadInk...)
	cols := splitByValues(columnBefore(columnsOf(head, s.headRules, body, s.centres, h), left, s.x0, h), head, body, h)
	if len(cols) > 0 && straddle < cols[0].x0 {
		cols[0].x0 = straddle
	}
	return cols
}

func hasHeadingWord(vocab map[string]bool, l *line) bool {
	for _, w := range l.words {
		if t := norm(w.Text); len(t) >= 3 && inVocabulary(vocab, t) {
			return true
		}
	}
	return false
}

// bandEnd is the last heading line of the band that begins at line i: heading lines close
// together, across a line or two OCR garbled between them.
func bandEnd(vocab map[string]bool, lines []*line, i, h int) int {
	j := i
	for k := i + 1; k < len(lines) && k <= j+2 && lines[k].y0-lines[k-1].y1 < 2*h && numberRow(lines[k]) == nil; k++ {
		if headingLike(vocab, lines[k]) || continuesHeading(vocab, lines[k]) {
			j = k
		}
	}
	return j
}

// special lines stand across a register page outside its tables.
func special(l *line) bool {
	return solemnisedAt(l) > 0 || byMe(l) > 0 || isFooter(l) || headerDistrict([]*line{l}, l.y1) != nil
}

// continuesHeading: a short line of heading words under a heading line (the wrapped ends:
// "of father", "informant"), perhaps with specks OCR read off the rules.
func continuesHeading(vocab map[string]bool, l *line) bool {
	known := 0
	for _, w := range l.words {
		t := norm(w.Text)
		switch {
		case inVocabulary(vocab, t):
			known++
		case len(t) <= 2 || w.Conf < 0.3:
		default:
			return false
		}
	}
	return known > 0 && numberRow(l) == nil
}

// columnsOf finds the columns: between two column numbers, the widest gap no word crosses;
// without numbers, the gaps wider than a space that no word crosses.
func columnsOf(head []civreg.Word, rules []int, body []civreg.Word, centres []colNumber, h int) []column {
	if len(head) == 0 {
		return nil
	}
	lo, hi := math.MaxInt32, 0
	for _, w := range head {
		lo, hi = min(lo, w.Box[0]), max(hi, w.Box[2])
	}
	if len(centres) > 0 {
		lo, hi = min(lo, centres[0].x-h), max(hi, centres[len(centres)-1].x+h)
	}
	// How many words stand over each x: the cut between two columns is where fewest do (a
	// value running over its rule, or a line across the page, must not hide the column).
	cover := make([]int, hi-lo+1)
	for _, w := range append(append([]civreg.Word(nil), head...), body...) {
		for x := max(w.Box[0], lo); x < min(w.Box[2], hi); x++ {
			cover[x-lo]++
		}
	}
	var cuts []int
	if len(centres) > 0 {
		// Between two numbers one cut for each column between them; before the first number
		// (a "1" OCR lost) one for each number missing.
		open := openInHeadings(head, lo, hi, h)
		// A cut for a lost "1" stands in a gap the headings leave open: when none is open, the
		// first column's heading was lost with its number, and its values give it its column
		// (columnBefore); a cut through the next heading ("When | and where born") is none.
		if k := centres[0].n - 1; ruleIn(rules, lo+h, centres[0].x-h/2) || openRuns(open, lo, lo+h, centres[0].x-h/2) >= k {
			cuts = append(cuts, cutsBetween(cover, open, rules, lo, lo+h, centres[0].x-h/2, k)...)
		}
		for i := 0; i+1 < len(centres); i++ {
			a, b := centres[i], centres[i+1]
			cuts = append(cuts, cutsBetween(cover, open, rules, lo, a.x+h/2, b.x-h/2, b.n-a.n)...)
		}
		// The last number lost: its column still stands apart from the one before in the headings.
		last := centres[len(centres)-1].x
		for _, c := range headingGaps(head, rules, cover, lo, hi, h) {
			if c > last+2*h && headsANewColumn(head, centres, c) {
				cuts = append(cuts, c)
				break
			}
		}
	} else {
		cuts = headingGaps(head, rules, cover, lo, hi, h)
	}
	// The outer columns reach past their headings: a value may run wider than its heading.
	edges := append(append([]int{lo - 4*h}, cuts...), hi+8*h)
	var cols []column
	for i := 0; i+1 < len(edges); i++ {
		cols = append(cols, column{x0: edges[i], x1: edges[i+1]})
	}
	// Each column's heading: its words, line by line within the column. Lines are found for
	// each column apart: headings of two and three lines stand centred at other heights, so a
	// line across the page would take one column's second line with another's first.
	for k := range cols {
		cols[k].heading = headingText(headingIn(head, cols[k]))
	}
	return cols
}

// headingIn are the heading words whose middle stands in the column.
func headingIn(head []civreg.Word, c column) []civreg.Word {
	var in []civreg.Word
	for _, w := range head {
		if cx := (w.Box[0] + w.Box[2]) / 2; cx >= c.x0 && cx < c.x1 {
			in = append(in, w)
		}
	}
	return in
}

// cutAtColumnRules puts a register's column edges on its vertical rules, those that run
// through the headings and down into the entries: an edge found from the words moves onto a
// rule in the same blank between words, and a rule inside a column parts it (a heading lost
// leaves its column joined to the one beside).
func cutAtColumnRules(s *section, rules []civreg.Rule, h int) {
	var xs []int
	for _, r := range rules {
		if r.Vertical && r.Box[1] <= s.headTop+h && r.Box[3] >= s.headBottom+2*h {
			xs = append(xs, (r.Box[0]+r.Box[2])/2)
		}
	}
	if len(xs) == 0 || len(s.cols) == 0 {
		return
	}
	words := append(append([]civreg.Word(nil), s.headWords...), s.bodyWords...)
	blank := func(a, b int) bool { // no word stands between a and b
		lo, hi := min(a, b), max(a, b)
		return !slices.ContainsFunc(words, func(w civreg.Word) bool { return w.Box[2] > lo && w.Box[0] < hi })
	}
	used := map[int]bool{}
	for k := 0; k+1 < len(s.cols); k++ {
		cut := s.cols[k].x1
		for i, x := range xs {
			if !used[i] && x > s.cols[k].x0 && x < s.cols[k+1].x1 && blank(cut, x) {
				s.cols[k].x1, s.cols[k+1].x0, used[i] = x, x, true
				break
			}
		}
	}
	for i, x := range xs {
		for k := range s.cols {
			if c := s.cols[k]; !used[i] && x > c.x0+h && x < c.x1-h {
				left, right := column{x0: c.x0, x1: x}, column{x0: x, x1: c.x1}
				s.cols = append(s.cols[:k], append([]column{left, right}, s.cols[k+1:]...)...)
				break
			}
		}
	}
	for k := range s.cols {
		s.cols[k].heading = headingText(headingIn(s.headWords, s.cols[k]))
	}
}

// headingText is a column's heading words read line by line.
func headingText(in []civreg.Word) string {
	var out []string
	for _, l := range headingLines(in) {
		for _, w := range l {
			if w.Text != "" {
				out = append(out, w.Text)
			}
		}
	}
	return strings.Join(out, " ")
}

func overlapY(a, b civreg.Word) bool {
	ca := (a.Box[1] + a.Box[3]) / 2
	return ca >= b.Box[1] && ca <= b.Box[3]
}

// tokens are a text's words reduced for matching.
func tokens(s string) []string {
	var out []string
	for _, t := range strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ", "/", " ", "&", " and ").Replace(s)) {
		if n := norm(t); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// sameToken: heading word a reads as label word b, allowing a letter misread in a long word,
// an abbreviation ("cond" for "condition", "prof" for "profession", of three letters only for
// a long word: "sig" for "signature") and a contraction that keeps the word's first and last
// letters ("regn" for "registration").
func sameToken(a, b string) bool {
	abbreviates := (len(a) >= 4 || len(a) == 3 && len(b) >= 6) && len(b) > len(a)+1 && strings.HasPrefix(b, a)
	return abbreviates || contraction(a, b) || sameWord(a, b)
}

// contraction: a is b with letters left out of its middle, as registers shorten a long word.
func contraction(a, b string) bool {
	if len(a) < 4 || len(b) < len(a)+3 || a[0] != b[0] || a[len(a)-1] != b[len(b)-1] {
		return false
	}
	j := 0
	for i := 0; i < len(b) && j < len(a); i++ {
		if b[i] == a[j] {
			j++
		}
	}
	return j == len(a)
}

// sameWord: heading word a reads as label word b, allowing a letter misread in a long word
// and "m" for "rn".
func sameWord(a, b string) bool {
	if a == b || strings.ReplaceAll(b, "rn", "m") == a {
		return true // OCR reads "rn" as "m" in small type: "bom" is "born"
	}
	if len(b) < 4 || len(a) < 4 {
		return false
	}
	d := civreg.EditDistance(a, b)
	return d <= 1 || (d <= 2 && len(b) >= 9)
}

// headingMatch is how well a label names a heading: the label's words found in the heading
// in order (a heading may say more: "Christian name of child" holds "Name of Child"; OCR may
// garble a word of a small heading), scored by the share of the label found times the share
// of the heading it accounts for.
func headingMatch(heading, label []string) float64 {
	heading = unjoin(heading, label)
	q := matchWith(heading, label, sameToken)
	// A word found only as the beginning of a label's word ("Bride" of "Bridegroom") matches
	// less than the word itself: "Name of Bride" is the bride's column, not the bridegroom's.
	if q > 0 && matchWith(heading, label, sameWord) < q {
		q *= 0.9
	}
	return q
}

// unjoin parts a heading word OCR ran two of the label's words into, the space between them
// lost ("Whenand" for "When and", "atdeath"), into those words.
func unjoin(heading, label []string) []string {
	var out []string
	for _, h := range heading {
		parted := false
		for j := 0; j+1 < len(label) && !parted; j++ {
			if h == label[j]+label[j+1] {
				out, parted = append(out, label[j], label[j+1]), true
			}
		}
		if !parted {
			out = append(out, h)
		}
	}
	return out
}

func matchWith(heading, label []string, same func(a, b string) bool) float64 {
	if len(label) == 0 || len(heading) == 0 {
		return 0
	}
	// longest common subsequence of words, weighed by their letters
	n, m := len(heading), len(label)
	best := make([][]int, n+1)
	for i := range best {
		best[i] = make([]int, m+1)
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best[i][j] = max(best[i-1][j], best[i][j-1])
			if same(heading[i-1], label[j-1]) {
				best[i][j] = max(best[i][j], best[i-1][j-1]+len(label[j-1]))
			}
		}
	}
	matched := best[n][m]
	labelLen, headLen := 0, 0
	for _, t := range label {
		labelLen += len(t)
	}
	for _, t := range heading {
		headLen += len(t)
	}
	share := float64(matched) / float64(labelLen)
	if share < 0.6 || (share < 1 && m == 1) {
		return 0 // a label of one word is found whole or not at all
	}
	return share * float64(matched) / float64(max(headLen, matched))
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
		if out[i].quality < matchEnough {
			out[i].keys = nil
		}
	}
	shareCombined(out)
	// A key read from one column only: the best matched, and at equal match the column
	// that holds it alone ("Place of Birth" beside "When and where born").
	for _, k := range keys {
		best := -1
		for i := range out {
			if !contains(out[i].keys, k) {
				continue
			}
			if best < 0 || out[i].quality > out[best].quality+1e-9 ||
				math.Abs(out[i].quality-out[best].quality) < 1e-9 && len(out[i].keys) < len(out[best].keys) {
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

// shareCombined parts the keys of a combined heading printed over two columns ("When and
// where died" over the date's column and again over the place's) between them, left to
// right in the heading's order, the date ("when") before the place ("where"): otherwise the
// first column would hold both and the second's values would go unread or into the first's.
func shareCombined(cols []column) {
	for i := 0; i < len(cols); i++ {
		if len(cols[i].keys) < 2 {
			continue
		}
		same := []int{i}
		for j := i + 1; j < len(cols) && len(same) < len(cols[i].keys); j++ {
			if cols[j].quality == cols[i].quality && sameKeys(cols[j].keys, cols[i].keys) {
				same = append(same, j)
			}
		}
		if len(same) < 2 {
			continue
		}
		keys := append([]string(nil), cols[i].keys...)
		sort.SliceStable(keys, func(a, b int) bool {
			return strings.HasPrefix(keys[a], "date_") && !strings.HasPrefix(keys[b], "date_")
		})
		for n, c := range same {
			if n == len(same)-1 {
				cols[c].keys = keys[n:]
			} else {
				cols[c].keys = []string{keys[n]}
			}
		}
	}
}

func sameKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, k := range a {
		if !contains(b, k) {
			return false
		}
	}
	return true
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

// leastCovered finds k cuts between a and b: the centres of the k widest runs of x over which
// the fewest words stand.
func leastCovered(cover []int, lo, a, b, k int) []int {
	if k <= 0 {
		return nil
	}
	a, b = max(a, lo), min(b, lo+len(cover)-1)
	least := math.MaxInt32
	for x := a; x <= b; x++ {
		least = min(least, cover[x-lo])
	}
	type run struct{ from, width int }
	var runs []run
	for x := a; x <= b; x++ {
		if cover[x-lo] != least {
			continue
		}
		if len(runs) > 0 && runs[len(runs)-1].from+runs[len(runs)-1].width == x {
			runs[len(runs)-1].width++
		} else {
			runs = append(runs, run{x, 1})
		}
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].width > runs[j].width })
	var cuts []int
	for _, r := range runs[:min(k, len(runs))] {
		cuts = append(cuts, r.from+r.width/2)
	}
	sort.Ints(cuts)
	return cuts
}

// openInHeadings marks each x that every heading line leaves open: no heading word stands
// over it, and it lies in no space between two words of a line (narrower than two thirds of
// the type's height; two headings on a line may stand closer than a wide space). On an
// unruled page the entries' words may cover the gap between two headings and leave bare only
// the space between two words of one wrapped heading ("Rank or | profession of father").
func openInHeadings(head []civreg.Word, lo, hi, h int) []bool {
	open := make([]bool, hi-lo+1)
	for i := range open {
		open[i] = true
	}
	shut := func(a, b int) {
		for x := max(a, lo); x < min(b, hi+1); x++ {
			open[x-lo] = false
		}
	}
	sp := min(h, civreg.MedianHeight(head))
	for _, r := range headingLines(head) {
		for i, w := range r {
			shut(w.Box[0], w.Box[2])
			if i+1 < len(r) && r[i+1].Box[0]-w.Box[2] <= sp*2/3 {
				shut(w.Box[2], r[i+1].Box[0])
			}
		}
	}
	return open
}

// cutsBetween finds k cuts between a and b where fewest words stand, in the gaps the
// headings leave open when there are k of them; a rule read among the headings there gives
// the columns as before.
func cutsBetween(cover []int, open []bool, rules []int, lo, a, b, k int) []int {
	if k <= 0 || ruleIn(rules, a, b) {
		return leastCovered(cover, lo, a, b, k)
	}
	most := 0
	for x := max(a, lo); x <= min(b, lo+len(cover)-1); x++ {
		most = max(most, cover[x-lo])
	}
	if openRuns(open, lo, a, b) < k {
		return leastCovered(cover, lo, a, b, k)
	}
	masked := make([]int, len(cover))
	for i := range cover {
		masked[i] = cover[i]
		if !open[i] {
			masked[i] += most + 1
		}
	}
	return leastCovered(masked, lo, a, b, k)
}

// headsANewColumn: the heading words right of a cut after the last column number stand
// about a column's width beyond it, as a column whose number was lost does; words within
// half a column of the last number are the ends of its own wrapped heading ("OF" beside
// "FATHER" of "Rank or profession of father").
func headsANewColumn(head []civreg.Word, centres []colNumber, cut int) bool {
	n := len(centres)
	if n < 2 {
		return true
	}
	a, b := centres[n-2], centres[n-1]
	step := (b.x - a.x) / max(1, b.n-a.n)
	x0, x1 := math.MaxInt32, 0
	for _, w := range head {
		if (w.Box[0]+w.Box[2])/2 > cut {
			x0, x1 = min(x0, w.Box[0]), max(x1, w.Box[2])
		}
	}
	return x1 == 0 || (x0+x1)/2 > b.x+step/2
}

// openRuns counts the runs of open x between a and b.
func openRuns(open []bool, lo, a, b int) int {
	runs := 0
	for x := max(a, lo); x <= min(b, lo+len(open)-1); x++ {
		if open[x-lo] && (x == max(a, lo) || !open[x-lo-1]) {
			runs++
		}
	}
	return runs
}

// headingGaps finds the cuts between columns from their headings alone: an x that no heading
// word covers, and that on every heading line with words either side lies in a gap wider than
// a space, or that holds a rule OCR read between two headings. The cut goes where fewest of the
// entries' words stand.
func headingGaps(head []civreg.Word, rules []int, cover []int, lo, hi, h int) []int {
	headCover := make([]bool, hi-lo+1)
	for _, w := range head {
		for x := max(w.Box[0], lo); x < min(w.Box[2], hi); x++ {
			headCover[x-lo] = true
		}
	}
	rows := headingLines(head)
	// A space is as wide as the headings' type is tall, not the entries': on a page filled by
	// hand the values stand twice the headings' height.
	sp := min(h, civreg.MedianHeight(head))
	wide := func(a, b int) bool {
		seen := false
		for _, r := range rows {
			left, right := math.MinInt32, math.MaxInt32
			for _, w := range r {
				if w.Box[2] <= a {
					left = max(left, w.Box[2])
				}
				if w.Box[0] >= b {
					right = min(right, w.Box[0])
				}
			}
			if left == math.MinInt32 || right == math.MaxInt32 {
				continue
			}
			if right-left <= sp*13/10 {
				return false
			}
			seen = true
		}
		return seen
	}
	var cuts []int
	run := 0
	for x := lo; x <= hi; x++ {
		if !headCover[x-lo] {
			run++
			continue
		}
		if run > 2 && x-run > lo && (wide(x-run, x) || ruleIn(rules, x-run, x)) {
			cuts = append(cuts, leastCovered(cover, lo, x-run, x-1, 1)...)
		}
		run = 0
	}
	return cuts
}

// offTheRules takes from a word's box a rule OCR read into it ("|When"): the gap between two
// headings is then as wide as printed.
func offTheRules(w civreg.Word) civreg.Word {
	n := utf8.RuneCountInString(w.Text)
	if n < 2 {
		return w
	}
	per := (w.Box[2] - w.Box[0]) / n
	if strings.HasPrefix(w.Text, "|") || strings.HasPrefix(w.Text, "¦") {
		w.Box[0] += per
	}
	if strings.HasSuffix(w.Text, "|") || strings.HasSuffix(w.Text, "¦") {
		w.Box[2] -= per
	}
	return w
}

// ruleIn: a rule stands between a and b.
func ruleIn(rules []int, a, b int) bool {
	for _, r := range rules {
		if r > a && r < b {
			return true
		}
	}
	return false
}

// headingLines groups heading words into their printed lines, top to bottom, left to right.
func headingLines(head []civreg.Word) [][]civreg.Word {
	var rows [][]civreg.Word
	for _, w := range head {
		placed := false
		for k := range rows {
			if overlapY(rows[k][0], w) {
				rows[k] = append(rows[k], w)
				placed = true
				break
			}
		}
		if !placed {
			rows = append(rows, []civreg.Word{w})
		}
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a][0].Box[1] < rows[b][0].Box[1] })
	for _, r := range rows {
		sort.Slice(r, func(a, b int) bool { return r[a].Box[0] < r[b].Box[0] })
	}
	return rows
}
