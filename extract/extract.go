package extract

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"civreg"
)

// Result is what was read from a record.
type Result struct {
	RecordType     civreg.RecordType
	TypeConfidence float64
	Design         string
	Fields         []civreg.Field
	// Valid says which fields passed their value check; with the confidence it decides
	// NeedsReview, and lets civreg eval show what another trust threshold would do.
	Valid map[string]bool

	doubt string // why nothing of it is trusted (a boxed layout that does not fit the design)
}

// Extractor reads records with a set of form designs.
type Extractor struct {
	Forms *Forms
	// Vocab is the words of approved records and the gazetteer that misread names are checked
	// against; nil for none.
	Vocab *Vocabulary

	check *checking // ReadChecked's second reading, nil otherwise
}

// line is a row of words, left to right, found by their vertical overlap (not Tesseract's
// blocks, which may split a label from its value across a wide gap).
type line struct {
	page  int
	words []civreg.Word
	y0    int
	y1    int
	rules []int         // x of the table rules OCR read as words of their own on the line ("|")
	cells []ruledBox    // the cells of the line's page (ruled boxes), shared by its lines; nil on an unruled page
	marks []civreg.Word // stops and commas OCR read alone: all it kept of a word it lost ("Rev." read ".")
}

func (l *line) mid() int { return (l.y0 + l.y1) / 2 }

func buildLines(p civreg.PageWords) []*line {
	var ws []civreg.Word
	for _, w := range p.Words {
		ws = append(ws, splitAtRules(w)...)
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].Box[1]+ws[i].Box[3] < ws[j].Box[1]+ws[j].Box[3] })
	var lines []*line
	var rules, marks []civreg.Word
	cells := findCells(p)
	for _, w := range ws {
		// Box and table borders stick to words as | [ ] / or get read as words of their own.
		// OCR's confidence in "|11th" is dragged down by the rule, not by "11th".
		if t := strings.Trim(w.Text, "|[]{}/\\_¦"); t != w.Text && len([]rune(t)) >= 2 {
			w.Conf = (w.Conf + 1) / 2
		}
		w = offTheRules(w)
		w.Text = strings.Trim(w.Text, "|[]{}()/\\;_¦~—")
		if strings.Trim(w.Text, "|_—-–=~:.,'\"") == "" {
			if isRule(w) {
				rules = append(rules, w)
			} else if w.Text == "." || w.Text == "," {
				marks = append(marks, w)
			}
			continue
		}
		cy := (w.Box[1] + w.Box[3]) / 2
		var best *line
		for _, l := range lines {
			if cy >= l.y0 && cy <= l.y1 && (best == nil || abs(l.mid()-cy) < abs(best.mid()-cy)) {
				best = l
			}
		}
		if best == nil {
			lines = append(lines, &line{page: p.Number, words: []civreg.Word{w}, y0: w.Box[1], y1: w.Box[3], cells: cells})
			continue
		}
		best.words = append(best.words, w)
	}
	for _, l := range lines {
		sort.Slice(l.words, func(i, j int) bool { return l.words[i].Box[0] < l.words[j].Box[0] })
		for _, r := range rules {
			if cy := (r.Box[1] + r.Box[3]) / 2; cy >= l.y0 && cy <= l.y1 {
				l.rules = append(l.rules, (r.Box[0]+r.Box[2])/2)
			}
		}
		for _, m := range marks {
			if cy := (m.Box[1] + m.Box[3]) / 2; cy >= l.y0 && cy <= l.y1 {
				l.marks = append(l.marks, m)
			}
		}
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].y0 < lines[j].y0 })
	return lines
}

// isRule: a piece of a column's rule read as a word, "|", narrow and about a line high.
func isRule(w civreg.Word) bool {
	wd, ht := w.Box[2]-w.Box[0], w.Box[3]-w.Box[1]
	return strings.Trim(w.Text, "|¦[]") == "" && wd*2 <= ht && ht <= 4*max(wd, 10)
}

// splitAtRules splits a word that OCR ran across a table rule ("7-Sep-1989|St.") into the
// words either side, sharing out the box by their lengths.
func splitAtRules(w civreg.Word) []civreg.Word {
	parts := strings.FieldsFunc(w.Text, func(r rune) bool { return r == '|' || r == '¦' || r == '~' || r == '—' || r == '_' })
	if len(parts) < 2 {
		return []civreg.Word{w}
	}
	total := len([]rune(w.Text))
	width := w.Box[2] - w.Box[0]
	var out []civreg.Word
	at := 0
	for _, part := range parts {
		i := strings.Index(w.Text[at:], part) + at
		x0 := w.Box[0] + width*len([]rune(w.Text[:i]))/total
		x1 := w.Box[0] + width*len([]rune(w.Text[:i+len(part)]))/total
		nw := w
		nw.Text, nw.Box[0], nw.Box[2] = part, x0, x1
		out = append(out, nw)
		at = i + len(part)
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// norm reduces a word for label matching: lower case letters and digits only.
func norm(s string) string { return letters(s) }

// labelHit is a label found on a line: words [from, to) of the line.
type labelHit struct {
	key      string
	label    string
	line     *line
	from, to int
	quality  float64
	wrapped  []civreg.Word // the label's words on the next line, when it wraps
	next     *line
}

func (h labelHit) box() [4]int {
	return union(append(append([]civreg.Word(nil), h.line.words[h.from:h.to]...), h.wrapped...))
}

func below(lines []*line, i int) *line {
	if i+1 < len(lines) {
		return lines[i+1]
	}
	return nil
}

func union(ws []civreg.Word) [4]int {
	b := [4]int{math.MaxInt32, math.MaxInt32, 0, 0}
	for _, w := range ws {
		b[0], b[1] = min(b[0], w.Box[0]), min(b[1], w.Box[1])
		b[2], b[3] = max(b[2], w.Box[2]), max(b[3], w.Box[3])
	}
	return b
}

// labelCand is one printed label of a design, as the words it is matched by.
type labelCand struct {
	key, label string
	toks       []string
}

func labelCandidates(d Design) []labelCand {
	var cands []labelCand
	for key, labels := range d.Fields {
		for _, l := range labels {
			var toks []string
			for _, t := range strings.Fields(l) {
				if n := norm(t); n != "" {
					toks = append(toks, n)
				}
			}
			cands = append(cands, labelCand{key, l, toks})
		}
	}
	return cands
}

// findLabels finds every label of the design on the lines, longest labels first, each word
// claimed by one label at most.
func findLabels(d Design, lines []*line) []labelHit {
	// Every place every label could be, then the best first: an exact match beats a near one
	// ("When married" must not go to "Where married"), and at equal quality the longer label
	// wins ("Name of Mother" before "Mother"). Each key and each word is taken once.
	var all []labelHit
	starts := lines
	if d.Layout == LayoutRegister && len(lines) == 2 {
		starts = lines[:1] // headings start on the heading line; the next holds only their wrapped ends
	}
	for _, c := range labelCandidates(d) {
		for li, l := range starts {
			for i := 0; i < len(l.words); i++ {
				for j := len(c.toks); j >= 1; j-- {
					if i+j > len(l.words) {
						continue
					}
					got := labelWords(d, lines, li, i, j, len(c.toks))
					if got == nil {
						continue
					}
					if q, ok := labelQuality(got, c.toks); ok {
						all = append(all, labelHit{c.key, c.label, l, i, i + j, q, got[j:], below(lines, li)})
					}
				}
			}
		}
	}
	return claimHits(all)
}

// labelWords are the words of a label of n words that starts at word i of lines[li] with j of
// them there; when it wraps (a narrow register column: registers only, where headings stand
// apart) the rest are on the line just below, under the words already matched. nil: no such
// placing.
func labelWords(d Design, lines []*line, li, i, j, n int) []civreg.Word {
	l := lines[li]
	got := append([]civreg.Word(nil), l.words[i:i+j]...)
	if j == n {
		return got
	}
	if d.Layout != LayoutRegister || li+1 >= len(lines) {
		return nil
	}
	first, next := union(got), lines[li+1]
	h := first[3] - first[1]
	if next.y0-l.y1 >= 2*h {
		return nil
	}
	for _, w := range next.words {
		if len(got) < n && w.Box[0] >= first[0]-h && w.Box[0] <= first[2]+h {
			got = append(got, w)
		}
	}
	if len(got) != n {
		return nil
	}
	return got
}

// labelQuality is how well words read as a label's, and whether that is enough. Short labels
// ("Sex", "Age", "No.") must match exactly: one letter off is another word.
func labelQuality(got []civreg.Word, toks []string) (float64, bool) {
	var texts []string
	for _, w := range got {
		texts = append(texts, norm(w.Text))
	}
	q := similarity(strings.Join(texts, " "), strings.Join(toks, " "))
	need := 0.8
	if len(strings.Join(toks, "")) <= 4 {
		need = 1
	}
	return q, q >= need
}

// claimHits keeps the best place of each label: best first, each key and each word once.
func claimHits(all []labelHit) []labelHit {
	sort.SliceStable(all, func(a, b int) bool {
		if all[a].quality != all[b].quality {
			return all[a].quality > all[b].quality
		}
		// A label starts its line (or its box); words further along may be a value that
		// happens to read like a label ("Solemnised by: Marriage Officer Joan Williams").
		if sa, sb := all[a].from == 0, all[b].from == 0; sa != sb {
			return sa
		}
		// A label comes before its value: in a box, "Solemnised by" above "Marriage Officer
		// Joan Williams" is the label, not the value's first words.
		if all[a].line.y0 != all[b].line.y0 {
			return all[a].line.y0 < all[b].line.y0
		}
		return len(all[a].label) > len(all[b].label)
	})
	claimed := map[[4]int]bool{}
	found := map[string]bool{}
	var hits []labelHit
	for _, h := range all {
		if found[h.key] {
			continue
		}
		ws := append(append([]civreg.Word(nil), h.line.words[h.from:h.to]...), h.wrapped...)
		free := true
		for _, w := range ws {
			free = free && !claimed[w.Box]
		}
		if !free {
			continue
		}
		for _, w := range ws {
			claimed[w.Box] = true
		}
		found[h.key] = true
		hits = append(hits, h)
	}
	return hits
}

// Extract reads one record from its pages: the first entry of a register page, or a
// certificate over all its pages. Read gives every entry.
func (e *Extractor) Extract(pages []civreg.PageWords) *Result {
	if len(pages) == 1 {
		return e.Read(pages)[0].Result()
	}
	var all []*line
	for _, p := range pages {
		all = append(all, buildLines(p)...)
	}
	for _, p := range pages {
		if en, _, _ := e.readRegisterPage(p, buildLines(p), nil); len(en) > 0 {
			return en[0].Result()
		}
	}
	r := e.readCertificatePage(all)
	return &r.Result
}

// extractLines reads a certificate from its lines with the best of the designs.
func (e *Extractor) extractLines(all []*line) *Result {
	res := &Result{RecordType: civreg.Unknown}
	if len(all) == 0 {
		return res
	}
	// Score every design by its title and how many of its labels are on the page.
	type scored struct {
		d     Design
		score float64
		hits  []labelHit
	}
	var ds []scored
	for _, d := range e.Forms.Designs {
		hits := findLabels(d, all)
		if d.Layout == LayoutRegister {
			hits = findLabels(d, headingRows(hits, all))
		}
		title := titleMatch(d, all)
		s := 2*title + float64(len(hits))/float64(max(len(d.Fields), 1))
		if d.Layout == LayoutRegister && !registerShaped(hits) {
			s -= 0.5
		}
		ds = append(ds, scored{d, s, hits})
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].score > ds[j].score })
	best := ds[0]
	if best.score < 0.5 {
		return res // neither a title nor labels: nothing to read
	}
	// Confidence in the type: how far the best type is ahead of the best of another type.
	runner := 0.0
	for _, s := range ds[1:] {
		if s.d.RecordType != best.d.RecordType {
			runner = s.score
			break
		}
	}
	res.RecordType, res.Design = best.d.RecordType, best.d.Name
	res.TypeConfidence = math.Min(1, math.Max(0, (best.score-runner)/1.5+0.5))
	var raw []rawField
	if best.d.Layout == LayoutRegister {
		raw = readRegister(best.hits, all)
	} else {
		raw = readCertificate(best.d, best.hits, all)
		res.doubt = boxFit(best.hits, raw)
	}
	res.Fields, res.Valid = e.finish(best.d.RecordType, raw)
	if res.doubt != "" {
		distrust(res.Fields)
	}
	return res
}

// titleMatch is how well the best title of the design matches a line near the top.
func titleMatch(d Design, lines []*line) float64 {
	best := 0.0
	for i, l := range lines {
		if i > 6 {
			break
		}
		text := norm(lineText(l.words))
		for _, t := range d.Titles {
			if q := similarity(text, norm(t)); q > best {
				best = q
			}
		}
	}
	if best < 0.75 {
		return 0
	}
	return best
}

// headingRows returns the register's heading line (the one with most labels) and the line
// below it, where wrapped headings end: labels found further down are words of an entry.
func headingRows(hits []labelHit, lines []*line) []*line {
	count := map[*line]int{}
	var best *line
	for _, h := range hits {
		count[h.line]++
		if best == nil || count[h.line] > count[best] {
			best = h.line
		}
	}
	for i, l := range lines {
		if l == best {
			return lines[i:min(i+2, len(lines))]
		}
	}
	return nil
}

// registerShaped: a register's labels sit side by side on one or two heading lines.
func registerShaped(hits []labelHit) bool {
	if len(hits) < 3 {
		return false
	}
	rows := map[*line]int{}
	for _, h := range hits {
		rows[h.line]++
	}
	most := 0
	for _, n := range rows {
		most = max(most, n)
	}
	return most*2 >= len(hits)
}

func lineText(ws []civreg.Word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Text
	}
	return strings.Join(parts, " ")
}

// rawField is a value as read, before normalisation.
type rawField struct {
	key      string
	words    []civreg.Word
	page     int
	labelQ   float64
	fromLine bool // value read on the label's line (else under it)
	doubt    bool // how the value was cut from its cell is a guess: a person looks
	// edge, when not 0, is the x of the column's edge the value runs to: it may go on past
	// it, unless a second reading of its box widened to the edge reads the same.
	edge  int
	inked bool // ink stands beside it that OCR read nothing from
	box   boxing
}

// readCertificate reads each label's value: on a page of ruled boxes from the label's own
// box (readBoxed), else beside the label or under it.
func readCertificate(d Design, hits []labelHit, lines []*line) []rawField {
	if boxed := boxesOf(hits); boxed != nil {
		return readBoxed(d, hits, lines, boxed)
	}
	var out []rawField
	for _, h := range hits {
		if r, ok := readLabel(h, hits, lines); ok {
			out = append(out, r)
		}
	}
	return out
}

// readLabel reads one label's value on a page without boxes: beside it, the words after it up
// to the next label on the line; else under it (a box whose rules were not found).
func readLabel(h labelHit, hits []labelHit, lines []*line) (rawField, bool) {
	if ws := besideLabel(h, hits); len(ws) > 0 {
		return rawField{key: h.key, words: ws, page: h.line.page, labelQ: h.quality, fromLine: true}, true
	}
	// Under the label: the next line below, from the label's left edge to the next label on
	// the label's line.
	lb := h.box()
	right := math.MaxInt32
	for _, o := range hits {
		if o.line == h.line && o.from >= h.to {
			right = min(right, o.box()[0])
		}
	}
	height := lb[3] - lb[1]
	for _, l := range lines {
		if l.page != h.line.page || l.y0 <= lb[3] || l.y0 > lb[3]+4*height {
			continue
		}
		if opensWithLabel(hits, l) {
			break // the next label's line: this label's value is empty
		}
		var ws []civreg.Word
		for _, w := range l.words {
			if w.Box[0] >= lb[0]-height && w.Box[0] < right-height/2 && !isLabelWord(hits, l, w) {
				ws = append(ws, w)
			}
		}
		if len(ws) > 0 {
			return rawField{key: h.key, words: ws, page: l.page, labelQ: h.quality}, true
		}
	}
	return rawField{}, false
}

// opensWithLabel: a label found begins the line.
func opensWithLabel(hits []labelHit, l *line) bool {
	for _, o := range hits {
		if o.line == l && o.from == 0 {
			return true
		}
	}
	return false
}

func isLabelWord(hits []labelHit, l *line, w civreg.Word) bool {
	for _, h := range hits {
		for _, hw := range h.wrapped {
			if hw.Box == w.Box {
				return true
			}
		}
		if h.line != l {
			continue
		}
		for _, hw := range l.words[h.from:h.to] {
			if hw.Box == w.Box {
				return true
			}
		}
	}
	return false
}

func readRegister(hits []labelHit, lines []*line) []rawField {
	// Columns: from each heading's left edge to the next heading's on the same row.
	sort.Slice(hits, func(i, j int) bool { return hits[i].box()[0] < hits[j].box()[0] })
	headBottom := 0
	for _, h := range hits {
		headBottom = max(headBottom, h.box()[3])
	}
	var out []rawField
	for i, h := range hits {
		b := h.box()
		left := b[0] - (b[3]-b[1])/2
		right := math.MaxInt32
		if i+1 < len(hits) {
			right = hits[i+1].box()[0] - (b[3]-b[1])/2
		}
		height := b[3] - b[1]
		var ws []civreg.Word
		for _, l := range lines {
			if l.page != h.line.page || l.mid() <= headBottom+height/2 || l.y0 > headBottom+14*height {
				continue
			}
			for _, w := range l.words {
				cx := (w.Box[0] + w.Box[2]) / 2
				if cx >= left && cx < right && !isLabelWord(hits, l, w) {
					ws = append(ws, w)
				}
			}
		}
		if len(ws) > 0 {
			out = append(out, rawField{key: h.key, words: ws, page: h.line.page, labelQ: h.quality})
		}
	}
	return out
}

// finish normalises and validates each value and scores it.
func (e *Extractor) finish(t civreg.RecordType, raw []rawField) ([]civreg.Field, map[string]bool) {
	var out []civreg.Field
	validity := map[string]bool{}
	dates := map[string]string{}
	for _, r := range raw {
		f, valid, ok := e.score(t, r)
		if !ok {
			continue
		}
		if spec, _ := civreg.LookupField(r.key); spec.Kind == civreg.KindDate && valid {
			dates[r.key] = f.Value
		}
		validity[r.key] = valid
		out = append(out, f)
	}
	checkRegisteredAfterEvent(t, out, validity, dates)
	checkRegNoYear(out, validity, dates)
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, validity
}

// score reads one raw field: its value normalised, whether it passed its check, its
// confidence and whether a person must look. ok is false for a field not read (absent, never
// guessed) or not of the registry.
func (e *Extractor) score(t civreg.RecordType, r rawField) (f civreg.Field, valid, ok bool) {
	spec, known := civreg.LookupField(r.key)
	if !known {
		return f, false, false
	}
	trimmed := false
	if spec.Kind == civreg.KindName || spec.Kind == civreg.KindText {
		n := len(r.words)
		r.words = trimDebris(r.words) // dates and numbers keep every word: validation judges them
		trimmed = len(r.words) != n
	}
	if spec.Kind == civreg.KindText {
		var recased bool
		if r.words, recased = smallByHeight(r.words); recased {
			r.doubt = true // OCR's case was overruled (a second reading would read its case again): a person looks
		}
	}
	held := false
	if strings.HasPrefix(r.key, "place_of_") {
		r.words, held = placeLead(r.words)
	}
	if len(r.words) == 0 {
		return f, false, false
	}
	printed := strings.TrimSpace(lineText(r.words))
	minConf, sum := 1.0, 0.0
	for _, w := range r.words {
		minConf = math.Min(minConf, w.Conf)
		sum += w.Conf
	}
	conf := 0.5*minConf + 0.5*sum/float64(len(r.words))
	value, valid := e.normalise(spec.Kind, t, r.words, &printed, &conf)
	if value == "" {
		return f, valid, false
	}
	valid = valid && !held && plausibleFor(r.key, value) && !e.Forms.readsAsLabel(printed)
	if valid {
		// Two signals: OCR's confidence, and a check the value passed that a misreading
		// would fail but for this share of the time.
		conf = 1 - (1-conf)*checkPasses[spec.Kind]
	} else {
		conf *= 0.5
	}
	if trimmed {
		conf *= 0.85 // something was taken off: let a person look
	}
	if r.doubt || r.edge > 0 && e.check == nil {
		conf *= 0.7
	}
	if r.inked {
		conf *= 0.5
	}
	if e.check != nil && !r.doubt && !r.inked {
		before := conf
		value, conf, valid = e.confirm(spec.Kind, t, r, value, conf, valid)
		if r.edge > 0 && conf <= before {
			conf *= 0.7 // not read the same to the column's edge: it may go on
		}
	}
	// How well the label matched is doubt about whose value this is, which a second reading
	// of the value cannot take away: it weighs the confidence after agreement, not before.
	conf *= r.labelQ
	box := union(r.words)
	return civreg.Field{Key: r.key, Value: value, Printed: printed, Confidence: round2(conf), Page: r.page,
		Box: box[:], NeedsReview: !valid || conf < e.Forms.Rules.TrustConfidence}, valid, true
}

// checkRegisteredAfterEvent: a registration is never dated before the event it registers;
// when it seems to be, one of the two dates was misread and a person looks at both.
func checkRegisteredAfterEvent(t civreg.RecordType, out []civreg.Field, validity map[string]bool, dates map[string]string) {
	spec, _ := t.Spec()
	event := spec.EventDate
	reg, ev := dates["registration_date"], dates[event]
	if reg == "" || ev == "" || reg >= ev {
		return
	}
	for i := range out {
		if out[i].Key == "registration_date" || out[i].Key == event {
			validity[out[i].Key] = false
			out[i].NeedsReview = true
			out[i].Confidence = round2(out[i].Confidence * 0.5)
		}
	}
}

// checkPasses is, per kind of value, about how often an OCR misreading still passes the
// value's check: a sex must be one of four words, a date a real day with its month spelled,
// while a name's check lets most misread letters through.
var checkPasses = map[string]float64{civreg.KindSex: 0.2, civreg.KindDate: 0.6, civreg.KindRegNo: 0.5, civreg.KindDistrict: 0.5,
	civreg.KindAge: 0.8, civreg.KindName: 0.9, civreg.KindText: 0.9}

var typeLetter = map[civreg.RecordType]string{civreg.Birth: "B", civreg.Death: "D", civreg.Marriage: "M"}

// checkRegNoYear: a registration number carries the year of its registration; when the two
// years differ one of them was misread, and a person looks at both.
func checkRegNoYear(out []civreg.Field, validity map[string]bool, dates map[string]string) {
	reg := dates["registration_date"]
	if reg == "" {
		return
	}
	year := ""
	for _, f := range out {
		if f.Key == "registration_number" && validity[f.Key] {
			year = regNoYear(f.Value)
		}
	}
	if year == "" || year == reg[:4] {
		return
	}
	for i := range out {
		if k := out[i].Key; k == "registration_number" || k == "registration_date" {
			validity[k] = false
			out[i].NeedsReview = true
			out[i].Confidence = round2(out[i].Confidence * 0.5)
		}
	}
}

// normalise turns a value as printed into the value stored, and says whether it passed its
// check. A date followed by other words keeps the date only (printed is cut to it and OCR's
// confidence lowered); a district snapped to the gazetteer raises it.
func (e *Extractor) normalise(kind string, t civreg.RecordType, ws []civreg.Word, printed *string, ocrConf *float64) (string, bool) {
	rules := e.Forms.Rules
	inYears := func(v string) bool { return yearOf(v) >= rules.EarliestYear && yearOf(v) <= rules.LatestYear }
	switch kind {
	case civreg.KindDate:
		if v, ok := ParseDate(*printed); ok && inYears(v) {
			return v, true
		}
		if v, n := datePrefix(ws); n > 0 && inYears(v) {
			*printed = lineText(ws[:n])
			*ocrConf *= 0.8
			return v, true
		}
		return *printed, false
	case civreg.KindSex:
		return ParseSex(*printed)
	case civreg.KindAge:
		n, ok := ParseAgeText(*printed)
		if !ok {
			return *printed, false
		}
		lo, hi := 0, rules.AgeMax
		if t == civreg.Marriage {
			lo, hi = rules.MarriageAgeMin, rules.MarriageAgeMax
		}
		return strconv.Itoa(n), n >= lo && n <= hi && !misreadDigits(*printed)
	case civreg.KindDistrict:
		d, dist := SnapDistrict(*printed)
		if dist > rules.DistrictMaxDistance {
			return *printed, false
		}
		*ocrConf = math.Max(*ocrConf, 0.95-0.05*float64(dist)) // snapping corrects what OCR got wrong
		return d, true
	case civreg.KindRegNo:
		if n, ok := EntryNumber(*printed); ok {
			return n, true // a register's own entry number: its neighbours confirm it (checkEntryNumbers)
		}
		v, repaired, ok := RepairRegNo(*printed, typeLetter[t])
		return v, ok && !repaired && rules.regNo.MatchString(v)
	case civreg.KindName:
		v, odd := nameStops(TidyName(*printed))
		// Two names OCR ran together are parted at the capital ("DenzilEgbert"), a guess a
		// misread letter can fool ("QueeLey" for Queeley): a person looks.
		return v, PlausibleName(v) && !odd && !nearTitle(v) && !twiceNamed(v) && !camelSplit.MatchString(*printed)
	}
	v := TidyText(*printed)
	return v, PlausibleText(v) && !cutShort(v) && !endsAsLabel(*printed)
}

// datePrefix finds a date in the first words of a value, returning it and how many words it
// took: the fewest that make a date, so the place after it is not taken with it.
func datePrefix(ws []civreg.Word) (string, int) {
	for n := 1; n <= min(8, len(ws)-1); n++ {
		if v, ok := ParseDate(lineText(ws[:n])); ok {
			return v, n
		}
	}
	return "", 0
}

// trimDebris drops specks read as short words of low confidence at either end of a value:
// one or two characters, or not capitalised ("ee", "J"). A capitalised word ("Old", "St.")
// stays, however faint.
func trimDebris(ws []civreg.Word) []civreg.Word {
	debris := func(w civreg.Word) bool {
		r := []rune(w.Text)
		return w.Conf < 0.5 && (len(r) <= 2 || (len(r) <= 3 && !unicode.IsUpper(r[0])))
	}
	for len(ws) > 0 && debris(ws[0]) {
		ws = ws[1:]
	}
	for len(ws) > 0 && debris(ws[len(ws)-1]) {
		ws = ws[:len(ws)-1]
	}
	return ws
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
