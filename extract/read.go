package extract

import (
	"fmt"
	"image"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"civreg"
)

// Entry is one record read from a page: a register's entry (one row, or a marriage's two rows
// with the lines above and below them) or a whole certificate.
type Entry struct {
	Entry          int    // 1-based on its page, top to bottom
	Page           int    // the page it stands on
	Region         [4]int // its band on the upright page, [x0, y0, x1, y1]; the whole page for a certificate
	RecordType     civreg.RecordType
	TypeConfidence float64
	Design         string
	Fields         []civreg.Field
	// Valid says which fields passed their value check (see Result.Valid).
	Valid map[string]bool
	// Handwritten: the entry's values were written by hand, so none of them is trusted.
	Handwritten bool
	Layout      string // LayoutRegister or LayoutCertificate; "" when the page matched no design
	// Doubt says why nothing of the entry is trusted (its boundaries, its layout, the hand), for
	// the reviewer; "" when each field stood on its own evidence.
	Doubt string
	// Suggested holds, by key, a value a second reading or the vocabulary offers for a field
	// left in review (ReadChecked).
	Suggested map[string]string

	hand handFeatures // what the handwriting decision saw
}

// Read reads every record on the pages, page by page and top to bottom: each entry of a
// register page, or one record for a certificate page. A page that matches no design gives an
// Entry of type Unknown with no fields, so the page is still seen by a person.
func (e *Extractor) Read(pages []civreg.PageWords) []Entry {
	return e.ReadInked(pages, nil)
}

// ReadInked is Read with the upright page images (nil where there is none, in the order of
// pages): ink beside a value that OCR read no word from (a letter under a stamp, a word run
// over a rule) then sends the value to a person.
func (e *Extractor) ReadInked(pages []civreg.PageWords, images []*image.Gray) []Entry {
	var out []Entry
	for i, p := range pages {
		lines := buildLines(p)
		partJoined(lines, e.Forms.words)
		var img *image.Gray
		if i < len(images) {
			img = images[i]
		}
		// A form of ruled boxes first: its boxes may read as a table of another shape. A form
		// found from its headings alone only where no table was read.
		entries, form := e.readForm(p, false, img)
		var table bool
		var kept []*section
		if !form {
			entries, table, kept = e.readRegisterPage(p, lines, img)
		}
		if len(entries) > 0 && !form {
			entries = e.headingsAgain(p, lines, kept, img, entries)
		}
		if len(entries) == 0 {
			entries = e.reheaded(p, lines, img)
		}
		if len(entries) == 0 {
			entries, _ = e.readForm(p, true, img)
		}
		if len(entries) == 0 {
			res := e.readCertificatePage(lines)
			entries = []Entry{{Region: [4]int{0, 0, p.Width, p.Height}, RecordType: res.RecordType, TypeConfidence: res.TypeConfidence,
				Design: res.Design, Fields: res.Fields, Valid: res.Valid, Layout: res.layout}}
			repeated := res.RecordType != civreg.Unknown && repeatedLabels(e.Forms, res.Design, lines) >= 2
			var blocks []Entry
			if repeated {
				blocks = e.readBlocks(p, lines, res.Design, img)
			}
			unheaded := e.numberedEntries(p, lines)
			switch {
			case (res.RecordType == civreg.Unknown || table) && len(unheaded) >= 2:
				entries = unheaded
			case res.RecordType == civreg.Unknown:
			case len(blocks) > 1:
				entries = blocks
			case res.doubt != "":
				entries[0].Doubt = res.doubt // its fields are distrusted already
			case table:
				// labels found on a page that holds a table of another shape: not a certificate
				entries[0].Doubt = "the page holds a table whose layout is not known: read as a certificate"
				distrust(entries[0].Fields)
			case repeated:
				entries[0].Doubt = "labels stand on the page more than once: it may hold several records"
				distrust(entries[0].Fields)
			}
			if vw := valueWords(res.Fields, p); len(entries) == 1 {
				entries[0].hand = measureHand(vw)
				if res.RecordType != civreg.Unknown && handwritten(vw) {
					entries[0].Handwritten = true
					entries[0].Doubt = "written by hand"
					distrust(entries[0].Fields)
				}
			}
		}
		if len(entries) == 1 && entries[0].Layout == LayoutRegister && entries[0].Doubt == "" {
			// A page of one register entry (a certified copy) read with few of its fields
			// passing their checks is a layout not understood, as a form's is (formFit).
			if n, of := formFit(e.Forms, entries[0]); 5*n < 3*of {
				entries[0].Doubt = fmt.Sprintf("%d of the entry's %d fields passed their checks: its layout was not read well enough to trust", n, of)
				distrust(entries[0].Fields)
			}
		}
		for i := range entries {
			distrustCrossing(entries[i].Fields, p.Rules)
			entries[i].Entry, entries[i].Page = i+1, p.Number
			for j := range entries[i].Fields {
				entries[i].Fields[j].Page = p.Number
			}
		}
		out = append(out, entries...)
	}
	return out
}

// certificateReading is a certificate page's result with the layout it was read as.
type certificateReading struct {
	Result
	layout string
}

func (e *Extractor) readCertificatePage(lines []*line) certificateReading {
	f := &Forms{Designs: e.Forms.DesignsForLayout(LayoutCertificate), Rules: e.Forms.Rules, labels: e.Forms.labels}
	if len(f.Designs) == 0 {
		return certificateReading{Result: Result{RecordType: civreg.Unknown}}
	}
	ex := *e // with its vocabulary and second reading
	ex.Forms = f
	res := ex.extractLines(lines)
	layout := ""
	if res.RecordType != civreg.Unknown {
		layout = LayoutCertificate
	}
	return certificateReading{*res, layout}
}

// DesignsForLayout returns the designs of one layout.
func (f *Forms) DesignsForLayout(layout string) []Design {
	var out []Design
	for _, d := range f.Designs {
		if d.Layout == layout {
			out = append(out, d)
		}
	}
	return out
}

func distrust(fs []civreg.Field) {
	for i := range fs {
		fs[i].NeedsReview = true
	}
}

// valueWords are the page's words inside the fields' boxes.
func valueWords(fs []civreg.Field, p civreg.PageWords) []civreg.Word {
	var out []civreg.Word
	for _, w := range p.Words {
		for _, f := range fs {
			if len(f.Box) == 4 && w.Box[0] >= f.Box[0] && w.Box[2] <= f.Box[2] && w.Box[1] >= f.Box[1] && w.Box[3] <= f.Box[3] {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// readRegisterPage reads a page as a register: its tables, the design that best explains
// their headings, and each entry under them. It returns nothing when the page holds no table.
// It also says whether the page holds a table at all (numbered columns, or many), known or not.
// The tables read as a register are given too, for reading their headings again.
func (e *Extractor) readRegisterPage(p civreg.PageWords, lines []*line, img *image.Gray) ([]Entry, bool, []*section) {
	if len(lines) == 0 {
		return nil, false, nil
	}
	h := medianHeight(lines)
	kept, typeConf, table := e.registerSections(lines, p.Rules, h)
	if len(kept) == 0 {
		return nil, table, nil
	}
	return e.readTables(p, lines, kept, typeConf, h, img), true, kept
}

// readTables reads the entries under a page's register tables (registerSections), typeConf
// the least confidence in their record type.
func (e *Extractor) readTables(p civreg.PageWords, lines []*line, kept []*section, typeConf float64, h int, img *image.Gray) []Entry {
	runOnUnderRules(kept, lines, p.Rules, h)
	var above []*line
	for _, l := range lines {
		if l.y1 <= kept[0].headTop {
			above = append(above, l)
		}
	}
	district := pageDistrict(above)
	var entries []Entry
	for _, b := range e.splitEntries(kept, lines, p.Rules, h) {
		en := e.readEntry(b, district, h, img)
		en.TypeConfidence = round2(typeConf)
		if typeConf < 0.6 && en.Doubt == "" {
			en.Doubt = "the record type is not clear from the page"
			distrust(en.Fields)
		}
		if doubt := typeDoubt(kept); doubt != "" {
			en.TypeConfidence = math.Min(en.TypeConfidence, 0.5)
			if en.Doubt != "" {
				doubt += "; " + en.Doubt
			}
			en.Doubt = doubt
			distrust(en.Fields)
		}
		entries = append(entries, en)
	}
	checkEntryNumbers(entries, e.Forms.Rules.TrustConfidence)
	checkEntryStarts(entries)
	checkNameSpellings(entries)
	checkColumnsRunTogether(entries)
	handPage(entries)
	return entries
}

// checkColumnsRunTogether: a column one of whose cells holds two people's names run together
// (twiceNamed) took in the column beside it, whose heading was not read; its other cells hold
// two names as well though no word repeats ("Lennox Gumbs Leroy Amory"), so none is trusted.
func checkColumnsRunTogether(entries []Entry) {
	for _, en := range entries {
		for _, f := range en.Fields {
			if spec, ok := civreg.LookupField(f.Key); !ok || spec.Kind != civreg.KindName || !twiceNamed(f.Value) {
				continue
			}
			for i := range entries {
				for j := range entries[i].Fields {
					if entries[i].Fields[j].Key == f.Key {
						entries[i].Fields[j].NeedsReview = true
					}
				}
			}
		}
	}
}

// registerSections are the page's tables that read as a register (their design chosen, its
// columns keyed), with the least of their record types' confidences; table says whether the
// page holds a table at all (numbered columns, or many), known or not.
func (e *Extractor) registerSections(lines []*line, rules []civreg.Rule, h int) (kept []*section, typeConf float64, table bool) {
	for _, s := range findSections(headingVocabulary(e.Forms), lines, h) {
		table = table || s.numbered || len(s.cols) >= 5
		if s.numbered || len(s.cols) >= 5 {
			cutAtColumnRules(s, rules, h) // a register's table, not a certificate's boxes
		}
		conf := e.chooseDesign(s, lines)
		keyed := 0
		for _, c := range s.cols {
			if len(c.keys) > 0 {
				keyed++
			}
		}
		// A register has its columns numbered, or many columns; a certificate's row of
		// boxes has a few.
		if s.design == nil || keyed < 3 || (!s.numbered && (keyed < 4 || len(s.cols) < 6)) {
			continue
		}
		if len(kept) == 0 || conf < typeConf {
			typeConf = conf
		}
		kept = append(kept, s)
	}
	return kept, typeConf, table
}

// runOnUnderRules lets a table ruled between its rows run on to the next table kept: a line
// of an entry's taken for headings (a table of a column or two, dropped) does not end it while
// the table's row rules go on under it.
func runOnUnderRules(kept []*section, lines []*line, rules []civreg.Rule, h int) {
	for k, s := range kept {
		next := math.MaxInt32
		if k+1 < len(kept) {
			next = kept[k+1].headTop
		}
		if next == s.bodyBottom || s.design.RecordType == civreg.Marriage {
			continue // a marriage's entries are cut at their own lines
		}
		was := s.bodyBottom
		s.bodyBottom = next
		ys := rowRules(s, rules, h)
		if !slices.ContainsFunc(ys, func(y int) bool { return y > was }) || ruledBands(s, bodyLines(s, lines), ys, h) == nil {
			s.bodyBottom = was
		}
	}
}

// typeDoubt is why the tables' record type is in doubt, "" when it is not.
func typeDoubt(secs []*section) string {
	for _, s := range secs {
		if s.typeDoubt != "" {
			return s.typeDoubt
		}
	}
	return ""
}

// handPage: a register page is filled by one hand, so when most of its entries read as
// handwritten the others are too (their words happened to read cleanly) and nothing of them
// is trusted.
func handPage(entries []Entry) {
	hand := 0
	for _, en := range entries {
		if en.Handwritten {
			hand++
		}
	}
	if hand == 0 || hand*2 < len(entries) {
		return
	}
	for i := range entries {
		if !entries[i].Handwritten {
			entries[i].Handwritten = true
			if entries[i].Doubt == "" {
				entries[i].Doubt = "written by hand, as most of its page"
			}
			distrust(entries[i].Fields)
		}
	}
}

// checkNameSpellings: a register page names the same families again and again (the child, the
// father, the informant), so a name word one letter away from another on the page ("Ruper"
// beside "Rupert") means one of them was misread; neither is trusted.
func checkNameSpellings(entries []Entry) {
	type at struct{ entry, field int }
	words := map[string][]at{}
	for i, en := range entries {
		for j, f := range en.Fields {
			if spec, ok := civreg.LookupField(f.Key); ok && spec.Kind == civreg.KindName {
				for _, w := range strings.Fields(strings.ToLower(f.Value)) {
					if len(w) >= 4 {
						words[w] = append(words[w], at{i, j})
					}
				}
			}
		}
	}
	for w, places := range words {
		for v := range words {
			if v == w || abs(len(v)-len(w)) > 1 || civreg.EditDistance(v, w) != 1 {
				continue
			}
			for _, p := range places {
				entries[p.entry].Fields[p.field].NeedsReview = true
			}
		}
	}
}

// checkEntryStarts: on a page whose entries carry registration numbers, a band read as an
// entry without one is most likely the lines of the entry above that wrapped past where the
// split put its end. Neither that band nor the one above it is trusted.
func checkEntryStarts(entries []Entry) {
	numbered := make([]bool, len(entries))
	n := 0
	for i, en := range entries {
		for _, f := range en.Fields {
			if f.Key == "registration_number" && startsWithNumber(f.Value) {
				numbered[i] = true
				n++
			}
		}
	}
	if n < 2 || n == len(entries) {
		return
	}
	for i := range entries {
		if numbered[i] && (i+1 == len(entries) || numbered[i+1]) {
			continue
		}
		if entries[i].Doubt == "" {
			entries[i].Doubt = "an entry of this page has no registration number where the others have one: where one entry ends and the next begins is a guess"
		}
		distrust(entries[i].Fields)
	}
}

// startsWithNumber: two digits stand in the value's first four characters (O and l read as
// 0 and 1), as a registration number's do ("2726", "B8-1954/1750", "D3-1960/...").
func startsWithNumber(v string) bool {
	digits, k := 0, 0
	for _, r := range v {
		if k == 4 {
			break
		}
		k++
		if unicode.IsDigit(r) || strings.ContainsRune("OolI", r) {
			digits++
		}
	}
	return digits >= 2
}

// checkEntryNumbers: a register numbers its entries one after another, so an entry number is
// trusted only when the entry above or below it on the page carries the number next to it.
func checkEntryNumbers(entries []Entry, trust float64) {
	num := func(i int) int {
		if i < 0 || i >= len(entries) {
			return -1
		}
		for _, f := range entries[i].Fields {
			if f.Key == "registration_number" {
				if n, err := strconv.Atoi(f.Value); err == nil {
					return n
				}
			}
		}
		return -1
	}
	for i := range entries {
		n := num(i)
		if n < 0 {
			continue
		}
		if (num(i-1) >= 0 && num(i-1) == n-1) || (num(i+1) >= 0 && num(i+1) == n+1) {
			// a misread number would rarely be its neighbour's next
			for j := range entries[i].Fields {
				if f := &entries[i].Fields[j]; f.Key == "registration_number" {
					f.Confidence = round2(1 - (1-f.Confidence)*0.3)
					// trusted now if nothing else about the entry or the value stood against it
					if entries[i].Doubt == "" && entries[i].Valid[f.Key] && f.Confidence >= trust {
						f.NeedsReview = false
					}
				}
			}
			continue
		}
		entries[i].Valid["registration_number"] = false
		for j := range entries[i].Fields {
			if f := &entries[i].Fields[j]; f.Key == "registration_number" {
				f.NeedsReview, f.Confidence = true, round2(f.Confidence*0.5)
			}
		}
	}
}

// chooseDesign picks the register design whose headings (and title) best explain the
// section, sets its columns' keys, and returns how far it is ahead of another record type.
func (e *Extractor) chooseDesign(s *section, lines []*line) float64 {
	type scored struct {
		d     *Design
		cols  []column
		score float64
	}
	var all []scored
	ev := tableEvidence(e.Forms, s, lines)
	for i := range e.Forms.Designs {
		d := &e.Forms.Designs[i]
		if d.Layout != LayoutRegister {
			continue
		}
		cols, score := assign(d, splitHeadings(d, s.cols, s.headWords, s.bodyWords))
		score += ev[d.RecordType] + 1.5*titleEvidence(d, lines, s.headTop)
		all = append(all, scored{d, cols, score})
	}
	s.typeDoubt = typeDisagreement(typeByTitle(e.Forms, lines, s.headTop), typeByTable(ev))
	if len(all) == 0 {
		return 0
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	best := all[0]
	s.design, s.cols, s.score = best.d, best.cols, best.score
	s.unread = 0
	for _, c := range s.cols {
		if len(c.keys) == 0 && c.quality < 0.34 {
			s.unread++
		}
	}
	body := bodyLines(s, lines)
	s.cols = partAtGutters(s, body, medianHeight(lines))
	byContent(s, body)
	byPlace(s)
	runner := 0.0
	for _, o := range all[1:] {
		if o.d.RecordType != best.d.RecordType {
			runner = o.score
			break
		}
	}
	if best.score <= 0 {
		return 0
	}
	return math.Min(1, (best.score-runner)/math.Max(best.score, 1)+0.5)
}

// titleEvidence is how well a title of the design matches a line above the table: the whole
// line, or its beginning ("Births in the Registration District of Saint Mary Cayon").
func titleEvidence(d *Design, lines []*line, above int) float64 {
	best := 0.0
	for _, l := range lines {
		if l.y1 > above {
			break
		}
		text := norm(lineText(l.words))
		for _, t := range d.Titles {
			nt := norm(t)
			q := similarity(text, nt)
			if len(text) > len(nt) {
				q = math.Max(q, similarity(text[:len(nt)], nt))
			}
			best = math.Max(best, q)
		}
	}
	if best < 0.8 {
		return 0
	}
	return best
}

// headerDistrict reads the district the page header names for all its entries: the words
// after "Registration District of" (or "District", "Parish") on a line above the table.
func headerDistrict(lines []*line, above int) []civreg.Word {
	for _, l := range lines {
		if l.y1 > above {
			break
		}
		for i, w := range l.words {
			t := norm(w.Text)
			if t != "district" && t != "parish" && !(len(t) >= 7 && civreg.EditDistance(t, "district") <= 1) {
				continue
			}
			rest := l.words[i+1:]
			for len(rest) > 0 && (norm(rest[0].Text) == "of" || norm(rest[0].Text) == "") {
				rest = rest[1:]
			}
			// "Book 3 Page 112" may follow on the same line.
			for j, r := range rest {
				if n := norm(r.Text); n == "book" || n == "page" || n == "volume" || n == "vol" {
					rest = rest[:j]
					break
				}
			}
			if len(rest) > 0 {
				return rest
			}
		}
	}
	return nil
}

// lineStarts says how many of the line's words a phrase opening it takes, or 0 when the line
// does not open with the phrase (one letter in five may be misread).
func lineStarts(l *line, phrases ...string) int {
	text := norm(lineText(l.words))
	for _, ph := range phrases {
		n := norm(ph)
		if len(text) < len(n) || similarity(text[:len(n)], n) < 0.8 {
			continue
		}
		// the words whose letters come closest to the phrase's ("solemnised a" for "at")
		best, bestD, got := 0, math.MaxInt32, 0
		for i, w := range l.words {
			got += len(norm(w.Text))
			if d := abs(got - len(n)); d < bestD {
				best, bestD = i+1, d
			}
			if got > len(n)+2 {
				break
			}
		}
		return best
	}
	return 0
}

// untilGap is the words up to the first gap wider than a few letters: on a line across the
// page, what stands after such a gap is other text ("This marriage was solemnised between us").
func untilGap(ws []civreg.Word, h int) []civreg.Word {
	for i := 1; i < len(ws); i++ {
		if ws[i].Box[0]-ws[i-1].Box[2] > 3*h {
			return ws[:i]
		}
	}
	return ws
}

func isFooter(l *line) bool {
	return lineStarts(l, "Certified to be a true copy", "Given at the", "Witness my hand", "I hereby certify") > 0
}

func solemnisedAt(l *line) int {
	return lineStarts(l, "Marriage solemnised at", "Marriage solemnized at")
}

func byMe(l *line) int {
	return lineStarts(l, "by me,", "by me")
}

// band is one entry's share of a page: its lines, the section whose columns they stand
// under, and for a marriage the lines above and below its rows.
type band struct {
	page           int
	sec            *section
	rows           [][]*line // one row, or the bridegroom's and the bride's
	top, bottom    int
	solemnised     *line
	solemnisedFrom int
	byMe           *line
	byMeFrom       int
	doubt          string
}

// Result is the entry as one record's Result, for callers that read one record a page.
func (en Entry) Result() *Result {
	return &Result{RecordType: en.RecordType, TypeConfidence: en.TypeConfidence, Design: en.Design, Fields: en.Fields, Valid: en.Valid}
}

// byContent gives a column whose heading OCR could not read ("me." for "No.") the key its
// values show, when every value in it is an entry number, an age or a sex and the design has
// that key unread. The match is weak, so nothing read through it is trusted.
func byContent(s *section, body []*line) {
	taken := map[string]bool{}
	for _, c := range s.cols {
		for _, k := range c.keys {
			taken[k] = true
		}
	}
	for i := range s.cols {
		c := &s.cols[i]
		if len(c.keys) > 0 || c.quality >= 0.34 {
			continue
		}
		kind := ""
		for _, l := range body {
			if solemnisedAt(l) > 0 || byMe(l) > 0 {
				continue
			}
			var ws []civreg.Word
			for _, w := range l.words {
				if inColumn(w, *c) {
					ws = append(ws, w)
				}
			}
			if len(ws) == 0 {
				continue
			}
			k := valueKind(lineText(ws), i == 0)
			if k == "" || (kind != "" && k != kind) {
				kind = "-"
				break
			}
			kind = k
		}
		var keys []string
		for _, k := range sortedFieldKeys(s.design) {
			if spec, ok := civreg.LookupField(k); ok && spec.Kind == kind && !taken[k] {
				keys = append(keys, k)
			}
		}
		if len(keys) == 1 || len(keys) == 2 && strings.HasPrefix(keys[0], "groom_") {
			c.keys, c.quality = keys, 0.5
			for _, k := range keys {
				taken[k] = true
			}
		}
	}
}

// partAtGutters parts a column whose values stand in groups a blank gutter apart, where a
// group on two or more lines stands clear of the column's heading: the columns of headings
// OCR lost ("Sex", "Age") beside one it read ("Occupation"). The parts with no heading get
// their keys from their values or their place (byContent, byPlace); every part's values go
// to a person, as where two headings read as one were parted.
func partAtGutters(s *section, body []*line, h int) []column {
	var out []column
	for _, c := range s.cols {
		out = append(out, partColumn(c, headingIn(s.headWords, c), body, h)...)
	}
	return out
}

// valueGroup is a run of a column's values with a gutter of at least two letters' height
// either side (wider than a word space), and on how many lines it has words.
type valueGroup struct{ x0, x1, lines int }

func valueGroups(c column, body []*line, h int) []valueGroup {
	type span struct{ x0, x1, line int }
	var spans []span
	for li, l := range body {
		for _, w := range l.words {
			if inColumn(w, c) {
				spans = append(spans, span{w.Box[0], w.Box[2], li})
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.x0 - b.x0 })
	var groups []valueGroup
	var on map[int]bool
	for _, sp := range spans {
		if n := len(groups); n > 0 && sp.x0 < groups[n-1].x1+2*h {
			groups[n-1].x1 = max(groups[n-1].x1, sp.x1)
		} else {
			groups, on = append(groups, valueGroup{x0: sp.x0, x1: sp.x1}), map[int]bool{}
		}
		if !on[sp.line] {
			on[sp.line] = true
			groups[len(groups)-1].lines++
		}
	}
	return groups
}

// partColumn is partAtGutters for one column and the heading words over it.
func partColumn(c column, head []civreg.Word, body []*line, h int) []column {
	groups := valueGroups(c, body, h)
	if len(groups) < 2 || len(head) == 0 {
		return []column{c}
	}
	hx0, hx1 := head[0].Box[0], head[0].Box[2]
	for _, w := range head {
		hx0, hx1 = min(hx0, w.Box[0]), max(hx1, w.Box[2])
	}
	var cuts []int
	for i, g := range groups {
		if g.lines < 2 || g.x1 >= hx0 && g.x0 <= hx1 {
			continue // under the heading, or a stray word or two
		}
		if i > 0 {
			cuts = append(cuts, (groups[i-1].x1+g.x0)/2)
		}
		if i+1 < len(groups) {
			cuts = append(cuts, (g.x1+groups[i+1].x0)/2)
		}
	}
	if len(cuts) == 0 {
		return []column{c}
	}
	slices.Sort(cuts)
	var out []column
	x, hc := c.x0, (hx0+hx1)/2
	for _, cut := range append(slices.Compact(cuts), c.x1) {
		part := c
		// where it was parted is a guess: the heading's part is read as a part parted from
		// two headings is, in review
		part.x0, part.x1, part.split, part.quality = x, cut, true, math.Min(c.quality, 0.5)
		if hc < x || hc >= cut {
			part.heading, part.keys, part.quality = "", nil, 0
		}
		out, x = append(out, part), cut
	}
	return out
}

// valueKind names the kind of a value that can only be one thing: an entry or registration
// number, an age, a sex. A small number alone is an age, unless it stands in the first
// column, where registers number their entries.
func valueKind(text string, first bool) string {
	if n, ok := EntryNumber(text); ok {
		if v, _ := strconv.Atoi(n); first || v > 120 {
			return civreg.KindRegNo
		}
		return civreg.KindAge
	}
	if _, _, ok := RepairRegNo(text, ""); ok {
		return civreg.KindRegNo
	}
	if _, ok := ParseSex(text); ok {
		return civreg.KindSex
	}
	// an age's unit wrapped onto a line of its own ("94 / years", "7 / months")
	unit := strings.ToLower(strings.Trim(text, ". "))
	if n, ok := ParseAgeText(text); ok && n <= 120 || unit == "years" || shortAgeUnit(unit) {
		return civreg.KindAge
	}
	return ""
}

// byPlace gives columns whose headings could not be read the keys the design's usual order
// puts between their neighbours, when exactly as many places are missing there as columns.
// The order names columns of no field too (a "Signature of registrar" after the last key):
// such a place is counted, and its column keeps no key.
func byPlace(s *section) {
	order := s.design.Order
	if len(order) == 0 {
		return
	}
	pos := map[string]int{}
	for i, k := range order {
		pos[k] = i
	}
	taken := map[string]bool{}
	for i, c := range s.cols {
		for _, k := range c.keys {
			taken[k] = true
		}
		if p := otherPlace(s, i); p >= 0 {
			taken[order[p]] = true
		}
	}
	unread := func(c column) bool { return len(c.keys) == 0 && c.quality < 0.34 }
	place := func(i int) int { // the order position of column i's first key or other heading, or -1
		if len(s.cols[i].keys) == 0 {
			return otherPlace(s, i)
		}
		if p, ok := pos[s.cols[i].keys[0]]; ok {
			return p
		}
		return -1
	}
	for i := 0; i < len(s.cols); i++ {
		if !unread(s.cols[i]) {
			continue
		}
		j := i
		for j < len(s.cols) && unread(s.cols[j]) {
			j++
		}
		// The first columns unread: the order's first places, up to the first column read.
		from := 0
		if i > 0 {
			from = place(i-1) + 1
		}
		// The last columns unread: the order's last places, after the last column read.
		to := len(order)
		if j < len(s.cols) {
			to = place(j)
		}
		if j >= len(s.cols) && i == 0 || i > 0 && place(i-1) < 0 || to < 0 {
			i = j
			continue
		}
		var missing, fields []string
		for _, k := range order[from:max(from, to)] {
			if !taken[k] {
				missing = append(missing, k)
				if _, field := s.design.Fields[k]; field {
					fields = append(fields, k)
				}
			}
		}
		if len(missing) != j-i {
			missing = fields // a page without the other columns the order names
		}
		if len(missing) == j-i {
			for k := i; k < j; k++ {
				if _, field := s.design.Fields[missing[k-i]]; field {
					s.cols[k].keys, s.cols[k].quality = withPartner(s, missing[k-i]), 0.5
				}
			}
		}
		i = j
	}
}

// otherPlace is the order position of the column of no field that column i's heading names
// ("Signature of registrar"), or -1.
func otherPlace(s *section, i int) int {
	c := s.cols[i]
	if len(c.keys) > 0 || c.quality < 0.34 {
		return -1
	}
	best, bestQ := -1, 0.34
	for p, name := range s.design.Order {
		if _, field := s.design.Fields[name]; field {
			continue
		}
		if q := headingMatch(tokens(c.heading), tokens(name)); q >= bestQ {
			best, bestQ = p, q
		}
	}
	return best
}

// withPartner is a bridegroom's key with the bride's where the two share columns (a row each).
func withPartner(s *section, key string) []string {
	if !strings.HasPrefix(key, "groom_") || !sharedRows(s) {
		return []string{key}
	}
	bride := "bride_" + strings.TrimPrefix(key, "groom_")
	if _, ok := s.design.Fields[bride]; ok && colOf(s, bride) < 0 {
		return []string{key, bride}
	}
	return []string{key}
}

// opens: the line's first words are the label's, word for word.
func opens(line, label []string) bool {
	if len(line) < len(label) {
		return false
	}
	for i, t := range label {
		if line[i] != t {
			return false
		}
	}
	return true
}

// repeatedLabels counts the fields whose label begins two lines or more of the page: a
// certificate prints each label once, a page of several records once a record.
func repeatedLabels(f *Forms, design string, lines []*line) int {
	d := f.design(design)
	if d == nil {
		return 0
	}
	n := map[string]int{}
	for _, l := range lines {
		if k := lineKey(*d, l, false); k != "" {
			n[k]++
		}
	}
	repeated := 0
	for _, c := range n {
		if c >= 2 {
			repeated++
		}
	}
	return repeated
}
