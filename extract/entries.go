package extract

import (
	"image"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"civreg"
)

// bodyLines are a section's lines under its headings, down to the next section or a
// certificate's closing words.
func bodyLines(s *section, lines []*line) []*line {
	// The closing words end the table, and what stands beside them (a date and a signature
	// whose line OCR began a little higher) is not an entry's.
	end := s.bodyBottom
	for _, l := range lines {
		if l.mid() > s.bodyTop && l.mid() < end && isFooter(l) {
			end = l.y0
		}
	}
	var out []*line
	for _, l := range lines {
		if l.mid() > s.bodyTop && l.mid() < end {
			out = append(out, l)
		}
	}
	return out
}

// splitEntries cuts the tables' lines into entries.
func (e *Extractor) splitEntries(secs []*section, lines []*line, rules []civreg.Rule, h int) []band {
	if secs[0].design.RecordType == civreg.Marriage && (marriageLinesOn(lines) || sharedRows(secs[0])) {
		return marriageBands(secs, lines, rules, h)
	}
	var out []band
	for _, s := range secs {
		body := bodyLines(s, lines)
		if rb := ruledBands(s, body, rowRules(s, rules, h), h); rb != nil {
			out = append(out, rb...)
			continue
		}
		out = append(out, rowBands(s, body, h)...)
	}
	return out
}

// rowRules are the heights of the rules ruled across most of the table's width below its
// headings' top, in order: a rule OCR found in pieces (cut where the columns' rules cross it)
// counts as one.
func rowRules(s *section, rules []civreg.Rule, h int) []int {
	type rule struct{ y, cover int }
	var rs []rule
	for _, r := range rules {
		y := (r.Box[1] + r.Box[3]) / 2
		over := min(r.Box[2], s.x1) - max(r.Box[0], s.x0)
		if r.Vertical || over <= 0 || y <= s.headTop || y > s.bodyBottom {
			continue
		}
		k := slices.IndexFunc(rs, func(o rule) bool { return abs(o.y-y) < h/2 })
		if k < 0 {
			rs = append(rs, rule{y, over})
			continue
		}
		rs[k].cover += over
	}
	var ys []int
	for _, r := range rs {
		if r.cover*10 >= (s.x1-s.x0)*6 {
			ys = append(ys, r.y)
		}
	}
	slices.Sort(ys)
	return ys
}

// ruledBands cuts a table ruled between its rows into entries: each band between two rules
// that holds an entry's words is an entry, whatever its number says (an entry whose number
// OCR lost is still one, not the end of the entry above). Where the numbers part a band into
// more entries (a rule not found) they do, in doubt; a band without a number is in doubt, and
// so are lines below the last rule (a row whose foot rule was not found). It returns nil where
// the rules part no two rows: the table is not ruled between its rows.
func ruledBands(s *section, body []*line, ys []int, h int) []band {
	if len(body) < 2 {
		return nil
	}
	at := func(l *line) int {
		k, _ := slices.BinarySearch(ys, l.mid())
		return k
	}
	nc := colOf(s, "registration_number")
	var out []band
	held := 0
	for st := 0; st < len(body); {
		k := at(body[st])
		end := st + 1
		for end < len(body) && at(body[end]) == k {
			end++
		}
		rows := body[st:end]
		st = end
		// A row's words fill most of its columns, or its number; a rule read as letters
		// ("ee"), a stamp's words or a signature below the table do not.
		if !fillsColumns(s, rows) && (nc < 0 || !slices.ContainsFunc(rows, func(l *line) bool { return hasNumberIn(l, s.cols[nc]) })) {
			continue
		}
		if k < len(ys) {
			held++
		}
		out = append(out, numberedBands(s, rows, ys, k, nc, h)...)
	}
	// Rules part the table's rows where two rows above its last rule hold an entry's words
	// (a table ruled round its columns alone has one).
	if held < 2 {
		return nil
	}
	return out
}

// fillsColumns: the lines hold words in most of the columns that hold fields.
func fillsColumns(s *section, rows []*line) bool {
	keyed, filled := 0, 0
	for _, c := range s.cols {
		if len(c.keys) > 0 {
			keyed++
			if slices.ContainsFunc(rows, func(l *line) bool { return hasWordIn(l, c) }) {
				filled++
			}
		}
	}
	return filled*2 > keyed
}

// numberedBands are the entries of the lines of one ruled band, k the rule under them: one,
// or more where the numbers say so.
func numberedBands(s *section, rows []*line, ys []int, k, nc, h int) []band {
	top, bottom := rows[0].y0, rows[len(rows)-1].y1+h
	if k > 0 {
		top = ys[k-1]
	}
	if k < len(ys) {
		bottom = ys[k]
	}
	starts := []int{0}
	doubt := ""
	if nc >= 0 {
		sub, d := numberStarts(s, rows, h, 3*h/2)
		switch {
		case d == noNumberRead:
			doubt = "no number was read in the entry's ruled row"
		case len(sub) > 1:
			starts, doubt = sub, "the numbers part a ruled row into more entries than its rules: a rule not found"
		case d != "":
			doubt = d
		}
	}
	if k == len(ys) && doubt == "" {
		doubt = "lines stand below the table's last rule: an entry whose foot rule was not found, or not an entry"
	}
	var out []band
	for j, st := range starts {
		end := len(rows)
		if j+1 < len(starts) {
			end = starts[j+1]
		}
		b := band{page: rows[0].page, sec: s, rows: [][]*line{rows[st:end]}, doubt: doubt, top: top, bottom: bottom}
		if j > 0 {
			b.top = cutAbove(rows, st, top)
		}
		if j+1 < len(starts) {
			b.bottom = cutAbove(rows, end, bottom)
		}
		out = append(out, b)
	}
	return out
}

// colOf is the column holding key, or -1.
func colOf(s *section, key string) int {
	for i, c := range s.cols {
		if contains(c.keys, key) {
			return i
		}
	}
	return -1
}

func hasWordIn(l *line, c column) bool {
	for _, w := range l.words {
		if inColumn(w, c) {
			return true
		}
	}
	return false
}

// acrossColumns: the line has words in most of the columns that hold fields.
func acrossColumns(l *line, s *section) bool {
	keyed, filled := 0, 0
	for _, c := range s.cols {
		if len(c.keys) > 0 {
			keyed++
			if hasWordIn(l, c) {
				filled++
			}
		}
	}
	return filled*2 > keyed
}

func hasNumberIn(l *line, c column) bool {
	for _, w := range l.words {
		if inColumn(w, c) && strings.IndexFunc(w.Text, unicode.IsDigit) >= 0 {
			return true
		}
	}
	return false
}

// rowBands cuts a birth or death table into entries: each begins on a line with words in the
// No. column; the cut between two entries is the widest gap between their lines. Without a
// No. column the entries are guessed from the gaps and none of them is trusted. Lines standing
// apart below the last entry are entries of their own, in doubt, not dropped: an entry whose
// number was not read.
func rowBands(s *section, body []*line, h int) []band {
	if len(body) == 0 {
		return nil
	}
	gap := entryGap(body, h)
	starts, doubt := numberStarts(s, body, h, gap)
	var out []band
	add := func(st, end int, doubt string) {
		b := band{page: body[0].page, sec: s, rows: [][]*line{body[st:end]}, doubt: doubt}
		b.top, b.bottom = cutAbove(body, st, s.bodyTop), cutAbove(body, end, body[len(body)-1].y1+h)
		out = append(out, b)
	}
	if doubt == linesAboveFirst && slices.ContainsFunc(body[:starts[0]], func(l *line) bool { return acrossColumns(l, s) }) {
		// Lines across the columns above the first number read are an entry whose number
		// was not read: in doubt itself, the numbered entries below it not.
		add(0, starts[0], "lines stand apart above the first entry: an entry whose number was not read, or not an entry")
		doubt = ""
	}
	ends := entryEnds(body, starts, h)
	for k, end := range ends {
		add(starts[k], end, doubt)
	}
	// What lies below the last entry's end, in groups parted as entries are.
	rest := ends[len(ends)-1]
	if rest == len(body) {
		return out
	}
	groups := gapStarts(body[rest:], gap)
	for k, st := range groups {
		end := len(body)
		if k+1 < len(groups) {
			end = rest + groups[k+1]
		}
		// An entry's lines run across its columns; a stamp's or a signature's words, a word
		// or two a line, are no entry.
		if slices.ContainsFunc(body[rest+st:end], func(l *line) bool { return acrossColumns(l, s) }) {
			add(rest+st, end, "lines stand apart below the last entry: an entry whose number was not read, or not an entry")
		}
	}
	return out
}

const (
	linesAboveFirst = "lines stand above the first entry's number"
	noNumberRead    = "no entry's number was read"
)

// numberStarts are the lines where entries begin, at their numbers, and why their limits are
// in doubt; gap parts entries on the page.
func numberStarts(s *section, body []*line, h, gap int) ([]int, string) {
	nc := colOf(s, "registration_number")
	if nc < 0 {
		return gapStarts(body, gap), "no column of entry numbers: the entries' limits are guessed"
	}
	var starts []int
	doubt := ""
	for i, l := range body {
		// An entry begins where its number is: words with a digit in the No. column, or
		// words there on a line across most columns (a number written by hand and read as
		// letters); a speck or a stroke of the pen that strayed there does not begin one.
		if !hasNumberIn(l, s.cols[nc]) && !(hasWordIn(l, s.cols[nc]) && acrossColumns(l, s)) {
			continue
		}
		// A number wrapped onto the next line is one entry's, not two entries'; so is a line
		// close under an entry's first that holds letters there, not a number (its date or
		// place begun far left, under a number written by hand).
		if len(starts) > 0 && i == starts[len(starts)-1]+1 && l.y0-body[i-1].y1 < h/2 && (hasNumberIn(body[i-1], s.cols[nc]) || !hasNumberIn(l, s.cols[nc])) {
			doubt = "the entries' numbers are not clear"
			continue
		}
		starts = append(starts, i)
	}
	for k := 1; k < len(starts); k++ {
		// On a page left a little skewed a row's far end stands higher than its number: lines
		// touching the number's from above, one on another, and apart from the entry above,
		// are the row's beginning, not the end of the entry above.
		j := starts[k]
		for j-1 > starts[k-1] && body[j].y0-body[j-1].y1 < h/4 {
			j--
		}
		if j < starts[k] && body[j].y0-body[j-1].y1 > h {
			starts[k] = j
		}
	}
	switch {
	case len(starts) == 0:
		// no number read at all (faint type): the entries are parted as where there is no
		// column of numbers, by the page's gaps
		doubt, starts = noNumberRead, gapStarts(body, gap)
	case starts[0] != 0 && body[starts[0]].y0-body[starts[0]-1].y1 < gap:
		starts[0] = 0 // the row's first lines, beside a number written lower in its cell
	case starts[0] != 0 && doubt == "":
		doubt = linesAboveFirst
	}
	return starts, doubt
}

// entryGap is the widest gap between lines that one entry's lines stand apart by. A ruled
// page's rows are as high as the rules make them and 1.5 line heights is the measure; on an
// unruled page each entry is as high as it needs with a gap after it, and the page's own gaps,
// sorted, part at their widest jump into those within entries and the wider ones between
// them (a hand's lines stand further apart than type's). Never under 1.5 line heights.
func entryGap(body []*line, h int) int {
	fixed := 3 * h / 2
	if len(body) < 3 || body[0].cells != nil {
		return fixed
	}
	var gaps []int
	for i := 1; i < len(body); i++ {
		gaps = append(gaps, max(h/4, body[i].y0-body[i-1].y1))
	}
	slices.Sort(gaps)
	best, at := 0.0, -1
	for k := 0; k+1 < len(gaps); k++ {
		if r := float64(gaps[k+1]) / float64(gaps[k]); gaps[k+1] >= 2*h && r > best {
			best, at = r, k
		}
	}
	// the entries' gaps clearly wider than the widest within one
	if at < 0 || best < 1.4 {
		return fixed
	}
	return max(fixed, (gaps[at]+gaps[at+1])/2)
}

// entryEnds is where each entry's lines end: at the next entry's start, the last at
// lastEntryEnd (found once a page).
func entryEnds(body []*line, starts []int, h int) []int {
	if len(starts) == 0 {
		return nil
	}
	return append(slices.Clone(starts[1:]), lastEntryEnd(body, starts, h))
}

// lastEntryEnd is where the last entry's lines end: no next number bounds it, so a stamp or a
// signature printed below it ("REGISTRY BASSETERRE") would run into its cells. It ends at a
// gap wider than three lines and than any gap between the lines of the entries above it.
// With no entry, the lines end where the body does.
func lastEntryEnd(body []*line, starts []int, h int) int {
	if len(starts) == 0 {
		return len(body)
	}
	last := starts[len(starts)-1]
	widest := 0
	for i := starts[0] + 1; i < last; i++ {
		if !slices.Contains(starts, i) {
			widest = max(widest, body[i].y0-body[i-1].y1)
		}
	}
	limit := max(3*h, widest+h)
	for i := last + 1; i < len(body); i++ {
		if body[i].y0-body[i-1].y1 > limit {
			return i
		}
	}
	return len(body)
}

// cutAbove is where the band of line i begins: the middle of the gap above it.
func cutAbove(body []*line, i int, edge int) int {
	if i >= len(body) {
		return edge
	}
	if i == 0 {
		return min(edge, body[0].y0)
	}
	return (body[i-1].y1 + body[i].y0) / 2
}

// gapStarts guesses entries from the gaps between lines: a gap wider than gap, the widest
// between one entry's lines, begins an entry.
func gapStarts(body []*line, gap int) []int {
	starts := []int{0}
	for i := 1; i < len(body); i++ {
		if body[i].y0-body[i-1].y1 > gap {
			starts = append(starts, i)
		}
	}
	return starts
}

// marriageBands cuts a marriage register into entries: each ends with its "by me" line (or,
// where none is read, begins with its "Marriage solemnised at" line), and holds two rows, the
// bridegroom's and the bride's, parted at the widest gap between its table lines. A marriage
// opened by its line above the first table found is read under that table's columns (the
// same form, its headings garbled), not dropped.
func marriageBands(secs []*section, lines []*line, rules []civreg.Rule, h int) []band {
	inHead := func(l *line) bool {
		for _, s := range secs {
			// a line touching the band from above is a heading line OCR garbled
			if l.mid() >= s.headTop && l.mid() <= s.headBottom || l.mid() < s.headTop && l.y1 >= s.headTop-h/4 {
				return true
			}
		}
		return false
	}
	top := secs[0].headTop
	var cur *band
	var out []band
	flush := func() {
		if cur != nil && (len(cur.rows[0]) > 0 || cur.byMe != nil) {
			out = append(out, *cur)
		}
		cur = nil
	}
	closed := false // after a "by me" line, until the next marriage's opening
	for _, l := range lines {
		if isFooter(l) && cur == nil {
			continue
		}
		if n := solemnisedAt(l); n > 0 {
			if cur != nil && cur.solemnised != nil || cur != nil && len(cur.rows[0]) > 0 && cur.byMe == nil {
				flush()
			}
			if cur == nil {
				cur = &band{page: l.page, rows: [][]*line{nil}, top: l.y0}
			}
			cur.solemnised, cur.solemnisedFrom, closed = l, n, false
			continue
		}
		if inHead(l) {
			closed = false
			continue
		}
		if l.mid() < top && (cur == nil || cur.solemnised == nil) {
			continue
		}
		reopened := false
		if closed {
			if !numberedRow(secs[0], l) {
				continue
			}
			// the next marriage's first row, its opening line and headings not read: it
			// opens here, in doubt
			closed, reopened = false, true
		}
		if isFooter(l) {
			break
		}
		if cur == nil {
			cur = &band{page: l.page, rows: [][]*line{nil}, top: l.y0}
		}
		if reopened {
			cur.doubt = "the marriage's opening line was not read: it begins at its number"
		}
		if n := byMe(l); n > 0 {
			cur.byMe, cur.byMeFrom, cur.bottom = l, n, l.y1
			flush()
			closed = true
			continue
		}
		cur.rows[0] = append(cur.rows[0], l)
		cur.bottom = l.y1
	}
	flush()
	for i := range out {
		out[i].sec = sectionAbove(secs, out[i].rows[0], out[i].top)
		marriageRows(&out[i], rules, h)
	}
	return out
}

// numberedRow: the line begins an entry of the table: a number in its No. column, words
// across most of its columns.
func numberedRow(s *section, l *line) bool {
	nc := colOf(s, "registration_number")
	return nc >= 0 && hasNumberIn(l, s.cols[nc]) && acrossColumns(l, s)
}

// marriageRows sets a marriage's rows, by its table's rules where they are, and why its limits
// are in doubt.
func marriageRows(b *band, rules []civreg.Rule, h int) {
	ruledRows(b, rules, h)
	switch {
	case closingUnderTable(b, rules, h):
		b.doubt = "the marriage's closing line was not read as one: the line under its table is taken for it"
	case (b.byMe == nil || b.solemnised == nil) && colOf(b.sec, "officiant_name") < 0:
		b.doubt = "the marriage's opening or closing line was not read"
	case b.bottom <= b.sec.headTop:
		b.doubt = "the marriage's table headings were not read: read under the next table's"
	}
	// Two rows where the bridegroom and the bride share the columns; one where each has
	// columns of their own.
	if sharedRows(b.sec) {
		b.rows = splitRows(b.rows[0], bandRules(b, rules, h))
		if len(b.rows) != 2 {
			b.doubt = "the bridegroom's and the bride's rows are not clear"
		}
	}
}

// ruledRows keeps, of a marriage's lines, those under its table's headings: below the rule
// under its last line of headings or column numbers (a heading line read a little low, or the
// headings of a table not found as one, are no row), or below that line where no rule is.
func ruledRows(b *band, rules []civreg.Rule, h int) {
	vocab := map[string]bool{}
	for _, w := range b.sec.headWords {
		if n := norm(w.Text); n != "" {
			vocab[n] = true
		}
	}
	cut := math.MinInt32
	for _, l := range b.rows[0] {
		if numberRow(l) != nil || numbersRead(l) || headingLike(vocab, l) {
			cut = l.y1
		}
	}
	if cut == math.MinInt32 {
		return
	}
	below := func(cut int) []*line {
		var in []*line
		for _, l := range b.rows[0] {
			if l.mid() > cut {
				in = append(in, l)
			}
		}
		return in
	}
	in := below(cut)
	for _, y := range bandRules(b, rules, h) {
		if y > cut-h/2 {
			// the rule under the headings, unless nothing stands below it: then it is the
			// table's foot, and the rows begin under the headings' last line
			if under := below(max(cut, y)); len(under) > 0 {
				in = under
			}
			break
		}
	}
	if len(in) > 0 {
		b.rows[0] = in
	}
}

// numbersRead: a row of column numbers OCR misread in part ("2 3 i 5 a 9"): four or more
// words of a character or two, half of them digits. No entry's line is only such words.
func numbersRead(l *line) bool {
	digits := 0
	for _, w := range l.words {
		if len([]rune(w.Text)) > 2 {
			return false
		}
		if strings.ContainsFunc(w.Text, unicode.IsDigit) {
			digits++
		}
	}
	return len(l.words) >= 4 && digits*2 >= len(l.words)
}

// closingUnderTable drops the lines under the rule that closes the marriage's table from its
// rows (a stamp, the closing line) and, where no "by me" line was read, takes the first of them
// for it ("ryme, Rev. ..."). The rows must hold two lines or more above that rule (its rule
// between the rows is not taken for its foot). It says whether it took a closing line.
func closingUnderTable(b *band, rules []civreg.Rule, h int) bool {
	ys := bandRules(b, rules, h)
	if len(ys) == 0 {
		return false
	}
	foot := ys[len(ys)-1]
	var in, under []*line
	for _, l := range b.rows[0] {
		if l.mid() > foot {
			under = append(under, l)
		} else if l.y0 > b.top {
			in = append(in, l)
		}
	}
	if len(under) == 0 || len(in) < 2 {
		return false
	}
	b.rows[0] = in
	if b.byMe != nil {
		return false
	}
	b.byMe = under[0]
	if w := under[0].words[0].Text; len(under[0].words) > 1 && len(w) <= 6 && strings.HasSuffix(w, ",") {
		b.byMeFrom = 1 // "by me," read as one word
	}
	return true
}

// marriageLinesOn: the page prints "Marriage solemnised at" or "by me" lines; a ledger of one
// row a marriage, each in columns of its own, prints neither and is cut as births are.
func marriageLinesOn(lines []*line) bool {
	for _, l := range lines {
		if solemnisedAt(l) > 0 || byMe(l) > 0 {
			return true
		}
	}
	return false
}

// sharedRows: the bridegroom and the bride share a column, each on a row of their own.
func sharedRows(s *section) bool {
	shared := false
	for _, c := range s.cols {
		switch {
		case len(c.keys) == 2 && strings.HasPrefix(c.keys[0], "groom_"):
			shared = true
		case len(c.keys) == 1 && (strings.HasPrefix(c.keys[0], "groom_") || strings.HasPrefix(c.keys[0], "bride_")):
			return false // a column of the bridegroom's or the bride's own: each has columns, on one row
		}
	}
	return shared
}

// sectionAbove is the table whose headings stand above the lines.
func sectionAbove(secs []*section, ls []*line, top int) *section {
	y := top
	if len(ls) > 0 {
		y = ls[0].y0
	}
	best := secs[0]
	for _, s := range secs {
		if s.headBottom <= y {
			best = s
		}
	}
	return best
}

// bandRules are the heights of the rules ruled across a marriage's table, between its
// opening and closing lines.
func bandRules(b *band, rules []civreg.Rule, h int) []int {
	t := *b.sec
	t.headTop, t.bodyBottom = b.top, b.bottom
	return rowRules(&t, rules, h)
}

// splitRows parts a marriage's table lines into the bridegroom's row and the bride's at the
// rule ruled between them, or where none is, at the widest gap between lines.
func splitRows(ls []*line, ys []int) [][]*line {
	if len(ls) < 2 {
		return [][]*line{ls}
	}
	// Of the rules with lines either side, the one between the two rows is the one that leaves
	// most words on its thinner side: a heading's remnant or a stray line read above the
	// bridegroom's row is not his row.
	words := func(ls []*line) int {
		n := 0
		for _, l := range ls {
			n += len(l.words)
		}
		return n
	}
	best, bestAt := 0, 0
	for _, y := range ys {
		if k := slices.IndexFunc(ls, func(l *line) bool { return l.mid() > y }); k > 0 {
			if n := min(words(ls[:k]), words(ls[k:])); n > best {
				best, bestAt = n, k
			}
		}
	}
	if bestAt > 0 {
		return [][]*line{ls[:bestAt], ls[bestAt:]}
	}
	at, widest := 1, math.MinInt32
	for i := 1; i < len(ls); i++ {
		if g := ls[i].y0 - ls[i-1].y1; g > widest {
			at, widest = i, g
		}
	}
	return [][]*line{ls[:at], ls[at:]}
}

// inColumn: a word belongs to the column its beginning stands in (values are written from
// the left of their cell, and may run over its right rule).
func inColumn(w civreg.Word, c column) bool {
	x := w.Box[0] + min((w.Box[3]-w.Box[1])/2, (w.Box[2]-w.Box[0])/2)
	return x >= c.x0 && x < c.x1
}

// markBefore: a stop or comma OCR read alone stands in the column before a value's first word
// on its line: what is left of a word OCR lost ("Rev." read as "."), so the value may have
// lost its beginning.
func markBefore(rows []*line, ws []civreg.Word, c column) bool {
	for _, l := range rows {
		for _, m := range l.marks {
			if !inColumn(m, c) {
				continue
			}
			for _, w := range ws {
				if w.Box[1] < m.Box[3] && m.Box[1] < w.Box[3]+(w.Box[3]-w.Box[1])/2 && m.Box[2] <= w.Box[0] {
					return true // on the word's line (a stop sits low on it), before it
				}
			}
		}
	}
	return false
}

// cutAtAWordSpace says whether a cell's words stand only a word space from words the column
// edges gave to another column, on the same line (and in the same ruled box, on a ruled page):
// where the edge falls between them is a guess (a first name read into the column before, a
// place run on into the date after), so the value is not sure. Columns of a register stand
// further apart than the words of one value.
func cutAtAWordSpace(rows []*line, ws []civreg.Word, c column, h int) bool {
	for _, l := range rows {
		for _, w := range l.words {
			if inColumn(w, c) {
				continue
			}
			for _, v := range ws {
				over := min(v.Box[3], w.Box[3]) - max(v.Box[1], w.Box[1])
				gap := max(w.Box[0]-v.Box[2], v.Box[0]-w.Box[2])
				if over*2 < min(v.Box[3]-v.Box[1], w.Box[3]-w.Box[1]) || gap >= h*3/5 {
					continue
				}
				if l.cells == nil || cellOf(l.cells, w.Box) == cellOf(l.cells, v.Box) {
					return true
				}
			}
		}
	}
	return false
}

// emptyCell reads again, by itself, a cell of a one-row band where the page's reading found
// no words but ink stands: small or faint type the page's layout analysis dropped (a sex or an
// age alone in a narrow column, a typewriter's thin letters). What it reads is a suggestion
// for a person, read once: never trusted.
func (e *Extractor) emptyCell(b band, c column, h int, img *image.Gray) []civreg.Word {
	br, ok := e.bandReader()
	if !ok || img == nil {
		return nil
	}
	box := [4]int{c.x0 + h/4, b.top + h/4, c.x1 - h/4, b.bottom - h/4}
	if box[2]-box[0] < h || box[3]-box[1] < h/2 || !inkUnder(img, box) {
		return nil
	}
	ws, err := br.ReadBand(b.page, box)
	if err != nil {
		return nil
	}
	var in []civreg.Word
	for _, w := range ws {
		if cx, cy := (w.Box[0]+w.Box[2])/2, (w.Box[1]+w.Box[3])/2; cx >= box[0] && cx < box[2] && cy >= box[1] && cy < box[3] {
			in = append(in, w)
		}
	}
	var out []civreg.Word // in lines, as the page's words are; lines drop marks and rules
	for _, l := range buildLines(civreg.PageWords{Number: b.page, Words: in}) {
		out = append(out, l.words...)
	}
	return out
}

// cell is a column's words in a row, line by line: its own lines, found among its words
// alone (on a skewed page the page's lines run across cells at slightly different heights).
func cell(rows []*line, c column) []civreg.Word {
	var ws []civreg.Word
	for _, l := range rows {
		for _, w := range l.words {
			if inColumn(w, c) {
				ws = append(ws, w)
			}
		}
	}
	var out []civreg.Word
	for _, l := range buildLines(civreg.PageWords{Words: ws}) {
		out = append(out, l.words...)
	}
	return out
}

// readEntry reads one entry's fields from its band.
func (e *Extractor) readEntry(b band, district []civreg.Word, h int, img *image.Gray) Entry {
	s := b.sec
	en := Entry{RecordType: s.design.RecordType, Design: s.design.Name, Layout: LayoutRegister,
		Region: [4]int{s.x0 - h, b.top, s.x1 + h, b.bottom}, Doubt: b.doubt}
	var raw []rawField
	var values []civreg.Word
	filled, keyed := 0, 0
	for _, c := range s.cols {
		if len(c.keys) == 0 {
			continue
		}
		keyed++
		r, ws, two, read := e.readColumn(b, c, h, img)
		if two && en.Doubt == "" {
			en.Doubt = "a cell holds two values: the entry may be two records"
		}
		if read {
			filled++
		}
		raw, values = append(raw, r...), append(values, ws...)
	}
	if p := typewriterPitch(values); p > 0 {
		space := wordSpace(raw)
		for i := range raw { // the cells' values; the printed header's district is not typed
			raw[i].doubt = raw[i].doubt || splitUnderPitch(raw[i].words, p, space)
		}
	}
	if s.design.RecordType == civreg.Marriage {
		raw = append(raw, marriageLines(b, h)...)
	}
	if colOf(s, "registration_district") < 0 && len(district) > 0 {
		raw = append(raw, rawField{key: "registration_district", words: district, page: b.page, labelQ: 1})
	}
	if keyed > 0 && filled*2 < keyed && en.Doubt == "" {
		en.Doubt = "most of the entry's columns are empty: its limits may be wrong"
	}
	en.Fields, en.Valid = e.finish(en.RecordType, raw)
	for _, w := range values {
		en.Region[0], en.Region[2] = min(en.Region[0], w.Box[0]), max(en.Region[2], w.Box[2])
	}
	en.hand = measureHand(values)
	if handwritten(values) {
		en.Handwritten = true
		if en.Doubt == "" {
			en.Doubt = "written by hand"
		}
	}
	if en.Doubt != "" {
		distrust(en.Fields)
	}
	return en
}

// readColumn reads one column's cells of a band: the fields, the words they were read from,
// whether a cell holds two values, and whether the page's reading found words in a cell (not
// only a cell read again).
func (e *Extractor) readColumn(b band, c column, h int, img *image.Gray) (raw []rawField, values []civreg.Word, two, read bool) {
	q := c.quality
	switch {
	case q > 0.9:
		q = 1
	case c.split:
		// where two headings were parted is a guess unless each half reads as its heading
		q = math.Min(q, 0.5)
	}
	rowsRead := 0
	for ri, row := range b.rows {
		ws := cell(row, c)
		again := false
		if len(ws) == 0 && len(b.rows) == 1 {
			ws, again = e.emptyCell(b, c, h, img), true
		}
		if len(ws) == 0 {
			continue
		}
		rowsRead++
		read = read || !again
		two = two || holdsTwo(c.keys[0], ws)
		values = append(values, ws...)
		for _, r := range cellFields(c, ri, len(b.rows), ws, b.page, q) {
			r.inked = img != nil && inkBeside(img, r.words, c.x1, h)
			switch {
			case inkBelow(r.key, ws, c, b.bottom, h, img) || !underHeading(row, ws, c) || cutAtAWordSpace(row, ws, c, h) || markBefore(row, r.words, c):
				r.doubt = true
			case runsToEdge(r.key, ws, c, h) && r.words[len(r.words)-1] == ws[len(ws)-1]:
				r.edge = c.x1 // the second reading reads on to the column's edge
			}
			r.doubt = r.doubt || again
			raw = append(raw, r)
		}
	}
	if shared := len(c.keys) == 2 && strings.HasPrefix(c.keys[0], "groom_"); shared && rowsRead == 1 {
		// The bridegroom and the bride each write in a shared column: one value alone may be
		// either's, whatever row the guess of the rows' limits put it in.
		for i := range raw {
			raw[i].doubt = true
		}
	}
	return raw, values, two, read
}

// cellFields turns one cell into the fields its column holds.
func cellFields(c column, row, rows int, ws []civreg.Word, page int, q float64) []rawField {
	keys := c.keys
	f := func(key string, ws []civreg.Word) rawField {
		return rawField{key: key, words: ws, page: page, labelQ: q}
	}
	switch {
	case len(keys) == 2 && strings.HasPrefix(keys[0], "groom_") && strings.HasPrefix(keys[1], "bride_"):
		if rows != 2 {
			return nil
		}
		return []rawField{f(keys[row], ws)}
	case len(keys) == 2 && strings.HasPrefix(keys[0], "date_of_") && strings.HasPrefix(keys[1], "place_of_"):
		if row > 0 {
			return nil
		}
		// "When and where born": the date on its first line(s), the place after it. A stray
		// word before the date ("2 Twelfth August 1966") stays with it, failing its check,
		// and the place after it is read.
		for skip := 0; skip <= 1 && skip < len(ws); skip++ {
			if _, n := datePrefix(ws[skip:]); n > 0 && (skip == 0 || skip+n < len(ws)) {
				out := []rawField{f(keys[0], ws[:skip+n])}
				if skip+n < len(ws) {
					out = append(out, f(keys[1], ws[skip+n:]))
				}
				return out
			}
		}
		r := f(keys[0], ws)
		if !dateLike(ws) {
			r.key = keys[1] // no date at all, no part of one: the place alone, its date lost
		}
		r.doubt = true
		return []rawField{r}
	case len(keys) == 1 && keys[0] == "informant_name":
		if row > 0 {
			return nil
		}
		r := informantField(ws, page, q)
		// Under "Name of Informant" a cell of the name alone is as it should be; under
		// "Signature, description and residence of informant" a name not cut from the rest is doubtful.
		if h := tokens(c.heading); !contains(h, "residence") && !contains(h, "description") && !contains(h, "signature") && q >= 0.9 {
			r.doubt = false
		}
		return []rawField{r}
	case len(keys) == 1:
		if row > 0 && rows == 2 {
			// a marriage's shared column (No., When married) is written on the bridegroom's row
			return nil
		}
		return []rawField{f(keys[0], ws)}
	}
	return nil
}

// dateLike: some word could be a part of a date: a digit, a month, a number in words.
func dateLike(ws []civreg.Word) bool {
	for _, w := range ws {
		if _, k := numberWord(w.Text); k != 0 || hasDigit(w.Text) || monthOf(strings.ToLower(w.Text)) > 0 {
			return true
		}
	}
	return false
}

// informantField is the informant's name: the words before the relation.
func informantField(ws []civreg.Word, page int, q float64) rawField {
	name, cut := InformantName(lineText(ws))
	n := len(strings.Fields(name))
	r := rawField{key: "informant_name", words: ws[:min(n, len(ws))], page: page, labelQ: q, doubt: !cut}
	if last := &r.words[len(r.words)-1]; cut {
		cp := *last
		cp.Text = strings.TrimRight(cp.Text, ",;")
		r.words = append(append([]civreg.Word(nil), r.words[:len(r.words)-1]...), cp)
	}
	return r
}

// marriageLines reads the place from "Marriage solemnised at PLACE" and the officiant from
// "by me, OFFICIANT".
func marriageLines(b band, h int) []rawField {
	var out []rawField
	if b.solemnised != nil {
		ws := untilGap(b.solemnised.words[b.solemnisedFrom:], h)
		if len(ws) > 1 && strings.EqualFold(ws[0].Text, "the") {
			ws = ws[1:] // "solemnised at the Moravian Church"
		}
		// "... in the Registration District of X" is the district, not the place.
		for i := range ws {
			if norm(ws[i].Text) == "in" && i+1 < len(ws) && norm(ws[i+1].Text) == "the" {
				ws = ws[:i]
				break
			}
		}
		if len(ws) > 0 {
			out = append(out, rawField{key: "place_of_marriage", words: ws, page: b.page, labelQ: 1})
		}
	}
	if b.byMe != nil {
		ws := untilGap(b.byMe.words[b.byMeFrom:], h)
		for len(ws) > 0 && strings.Trim(ws[0].Text, ",.;:") == "" {
			ws = ws[1:]
		}
		if len(ws) > 0 {
			ws[0].Text = strings.TrimLeft(ws[0].Text, ",;:")
			out = append(out, rawField{key: "officiant_name", words: ws, page: b.page, labelQ: 1})
		}
	}
	return out
}

// handFeatures are what tells a hand from type in OCR's words: a hand is read with lower and
// more uneven confidence, its capitals vary in height, and its words wander off the line.
type handFeatures struct {
	conf, confSpread float64 // mean and spread of the words' confidence
	lowShare         float64 // words read below 0.6
	capsSpread       float64 // spread of the heights of words in capitals, over their mean
	wander           float64 // mean step of the baseline between neighbouring words, over the height
}

func measureHand(ws []civreg.Word) handFeatures {
	var f handFeatures
	var confs, caps []float64
	low := 0
	for _, w := range ws {
		confs = append(confs, w.Conf)
		if w.Conf < 0.6 {
			low++
		}
		if t := strings.Trim(w.Text, ".,;:'\"-"); len(t) >= 2 && t == strings.ToUpper(t) && !strings.ContainsAny(t, "QJ,;") && strings.IndexFunc(t, unicode.IsLetter) >= 0 {
			caps = append(caps, float64(w.Box[3]-w.Box[1]))
		}
	}
	f.conf, f.confSpread = meanStd(confs)
	f.lowShare = float64(low) / float64(max(1, len(ws)))
	if m, sd := meanStd(caps); len(caps) >= 3 && m > 0 {
		f.capsSpread = sd / m
	}
	steps, n := 0.0, 0
	for i := 1; i < len(ws); i++ {
		a, b := ws[i-1], ws[i]
		if b.Box[0] < a.Box[2] || b.Box[0]-a.Box[2] > 3*(a.Box[3]-a.Box[1]) || descends(a.Text) || descends(b.Text) {
			continue // not neighbours on one line
		}
		hh := float64(max(a.Box[3]-a.Box[1], b.Box[3]-b.Box[1]))
		if math.Abs(float64(a.Box[3]-b.Box[3])) < hh {
			steps += math.Abs(float64(a.Box[3]-b.Box[3])) / hh
			n++
		}
	}
	if n > 0 {
		f.wander = steps / float64(n)
	}
	return f
}

// descends: letters or marks that hang below the line move a word's box.
func descends(s string) bool { return strings.ContainsAny(s, "gjpqyQJ,;()") }

// handwritten decides from the words whether values were written by hand.
func handwritten(ws []civreg.Word) bool {
	if len(ws) < 3 {
		return false
	}
	if typewriterPitch(ws) > 0 {
		return false // a typewriter's fixed pitch, however unsure OCR was of its letters
	}
	f := measureHand(ws)
	// Height and wander alone also move with rules and stamps on typed pages: they count where
	// OCR was unsure too.
	return f.conf < 0.75 || f.lowShare > 0.2 || (f.confSpread > 0.2 && f.conf < 0.8) || (f.capsSpread > 0.12 || f.wander > 0.12) && f.conf < 0.9
}

func meanStd(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	m := s / float64(len(xs))
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, math.Sqrt(v / float64(len(xs)))
}

// inkBeside: on the image, dark pixels stand just after the last word of a value's line,
// before its column ends: letters OCR did not read (under a stamp, over a rule), so the value
// read may be short of what is written.
func inkBeside(img *image.Gray, ws []civreg.Word, colEnd, h int) bool {
	for i, w := range ws {
		if i+1 < len(ws) && ws[i+1].Box[0] > w.Box[2] && ws[i+1].Box[1] < w.Box[3] {
			continue // not the last word of its line
		}
		if darkShare(img, w.Box[2]+max(2, h/8), min(w.Box[2]+h, colEnd-h/4), w) > 0.03 {
			return true
		}
	}
	return false
}

// darkShare is the share of dark pixels in the columns [x0, x1) across the middle of word w's
// height; 0 for a strip too narrow to judge.
func darkShare(img *image.Gray, x0, x1 int, w civreg.Word) float64 {
	hh := w.Box[3] - w.Box[1]
	y0, y1 := w.Box[1]+hh/5, w.Box[3]-hh/5
	if x1-x0 < 3 || y1 <= y0 {
		return 0
	}
	dark, all := 0, 0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			if (image.Point{x, y}).In(img.Rect) {
				all++
				if img.GrayAt(x, y).Y < 110 {
					dark++
				}
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(dark) / float64(all)
}

var yearLike = regexp.MustCompile(`^(1[89]|20)[0-9]{2}[.,]?$`)

// holdsTwo: a cell that should hold one value holds two (two years in a date, two sexes, two
// numbers on lines of their own): the rows of two entries were taken for one.
func holdsTwo(key string, ws []civreg.Word) bool {
	spec, _ := civreg.LookupField(key)
	n := 0
	for i, w := range ws {
		switch spec.Kind {
		case civreg.KindDate:
			if yearLike.MatchString(w.Text) {
				n++
			}
		case civreg.KindSex:
			if _, ok := ParseSex(w.Text); ok {
				n++
			}
		case civreg.KindRegNo, civreg.KindAge:
			if strings.IndexFunc(w.Text, unicode.IsDigit) >= 0 && (i == 0 || ws[i-1].Box[3] < w.Box[1]) {
				n++ // a number beginning a line
			}
		}
	}
	return n > 1
}

// mayContinue: a name or a place whose cell's last line runs to the column's edge, or stands
// over ink in its column that OCR read nothing from, may go on in words not read (wrapped onto
// a line lost, or run over the rule): "Delia Monique" for "Delia Monique Harris". Only a value
// whose continuation was read into it is whole.
func mayContinue(key string, ws []civreg.Word, c column, bottom, h int, img *image.Gray) bool {
	return runsToEdge(key, ws, c, h) || inkBelow(key, ws, c, bottom, h, img)
}

// runsToEdge: a name or a place whose cell's last line runs to the column's edge.
func runsToEdge(key string, ws []civreg.Word, c column, h int) bool {
	spec, ok := civreg.LookupField(key)
	if !ok || len(ws) == 0 || spec.Kind != civreg.KindName && spec.Kind != civreg.KindText {
		return false
	}
	return c.x1-ws[len(ws)-1].Box[2] < h*3/2
}

// inkBelow: ink stands in a name's or a place's column under its cell's last line, that OCR
// read nothing from.
func inkBelow(key string, ws []civreg.Word, c column, bottom, h int, img *image.Gray) bool {
	spec, ok := civreg.LookupField(key)
	if !ok || len(ws) == 0 || img == nil || spec.Kind != civreg.KindName && spec.Kind != civreg.KindText {
		return false
	}
	last := ws[len(ws)-1]
	x0 := ws[0].Box[0]
	for _, w := range ws {
		x0 = min(x0, w.Box[0])
	}
	return inkUnder(img, [4]int{x0, last.Box[3] + h/3, c.x1 - h/2, min(bottom, last.Box[3]+h*3/2)})
}

// inkUnder: letters stand in the box: dark pixels off the rules (rows or columns of pixels
// mostly dark).
func inkUnder(img *image.Gray, r [4]int) bool {
	box := image.Rect(r[0], r[1], r[2], r[3]).Intersect(img.Rect)
	if box.Dx() < 4 || box.Dy() < 3 {
		return false
	}
	rows, cols := make([]int, box.Dy()), make([]int, box.Dx())
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			if img.GrayAt(x, y).Y < 110 {
				rows[y-box.Min.Y]++
				cols[x-box.Min.X]++
			}
		}
	}
	dark := 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		if rows[y-box.Min.Y]*2 >= box.Dx() {
			continue
		}
		for x := box.Min.X; x < box.Max.X; x++ {
			if cols[x-box.Min.X]*2 < box.Dy() && img.GrayAt(x, y).Y < 110 {
				dark++
			}
		}
	}
	return float64(dark)/float64(box.Dx()*box.Dy()) > 0.01
}

// fixedPitch fits the words' widths to a fixed pitch (width = pitch*letters - c) and says how
// far they stray from it, in letters, at the third quartile; n is how many words it was
// measured on. Every typewriter spaces its letters evenly: its type strays a fifth of a letter
// or less, a hand or a printer's proportional type half a letter or more.
func fixedPitch(ws []civreg.Word) (residual float64, n int, pitch float64) {
	var xs, ys []float64
	for _, w := range ws {
		if n := utf8.RuneCountInString(w.Text); n >= 2 {
			xs = append(xs, float64(n))
			ys = append(ys, float64(w.Box[2]-w.Box[0]))
		}
	}
	mx, _ := meanStd(xs)
	my, _ := meanStd(ys)
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	if sxx == 0 || sxy <= 0 {
		return math.Inf(1), len(xs), 0 // words of one length, or no pitch at all: nothing measured
	}
	p := sxy / sxx
	res := make([]float64, len(xs))
	for i := range xs {
		res[i] = math.Abs(ys[i]-(my+p*(xs[i]-mx))) / p
	}
	slices.Sort(res)
	return res[len(res)*3/4], len(xs), p
}

// typewriterPitch is the pitch of values typed on a typewriter, or 0 when they were not (or
// too few to tell).
func typewriterPitch(ws []civreg.Word) float64 {
	if r, n, p := fixedPitch(ws); n >= 6 && r <= 0.3 {
		return p
	}
	return 0
}

// splitUnderPitch: two of a typed value's words stand closer than a letter's pitch, less a
// little, and closer than the entry's word spaces: on a typewriter a word space is a whole
// letter wide, so they are one word OCR split ("Char Lestown"). space is the entry's usual
// word space.
func splitUnderPitch(ws []civreg.Word, pitch, space float64) bool {
	for i := 1; i < len(ws) && pitch > 0; i++ {
		a, b := ws[i-1], ws[i]
		if g := float64(b.Box[0] - a.Box[2]); sameLine(a, b) && g < 0.85*pitch && g < 0.8*space {
			return true
		}
	}
	return false
}

// sameLine: b follows a on its line.
func sameLine(a, b civreg.Word) bool {
	return b.Box[0] > a.Box[2] && b.Box[1] < a.Box[3] && a.Box[1] < b.Box[3]
}

// wordSpace is the median gap between neighbouring words of a line within the values read,
// 0 for none.
func wordSpace(raw []rawField) float64 {
	var gaps []float64
	for _, r := range raw {
		for i := 1; i < len(r.words); i++ {
			if sameLine(r.words[i-1], r.words[i]) {
				gaps = append(gaps, float64(r.words[i].Box[0]-r.words[i-1].Box[2]))
			}
		}
	}
	if len(gaps) == 0 {
		return 0
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/2]
}
