package samples

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"

	"civreg"
)

// The held-out families: laid out unlike the General Register Office pages, so that a reader
// tuned on those is honestly tested on them.

// ledger draws the held-out family: a plainer ledger with its headings in a shaded band, no
// ruled lines and no column numbers, one row an entry (marriages too), one field a column
// in an order of its own, the date and place of an event in separate columns.
func ledger(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand bool) page {
	w, h := 11+rng.Float64()*3, 8+rng.Float64()*1.5
	if rng.IntN(3) == 0 {
		w, h = 8.5+rng.Float64(), 11+rng.Float64()*2
	}
	s := newSheet(rng, book, dpi, hand, w, h)
	s.rules, s.numbers, s.sep = "band", "", ", "
	if rng.IntN(5) < 2 {
		s.gutter()
	}
	st := valueStyle{caps: hand && rng.IntN(5) < 3, ledger: true}
	d := drawDistrict(rng)
	y := s.top
	title := "REGISTER OF " + strings.ToUpper(kindWords[rt])
	s.title.write(s.left, y+s.title.ascent(), title)
	y += s.title.lineHeight()
	sub := *s.head
	sub.size *= 1.3
	sub.write(s.left, y+sub.ascent(), fmt.Sprintf(pick(rng, []string{"Parish of %s", "District: %s", "%s"}), d.printed))
	y += sub.lineHeight() + s.px(0.2)
	keys := append([]string(nil), ledgerKeys[rt]...)
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	cols := []column{ledgerColumn("registration_number")}
	for _, k := range keys {
		cols = append(cols, ledgerColumn(k))
	}
	entries := pageEntries(rng, rt, st, 2+rng.IntN(4), d)
	t := s.planTable(cols, s.left, s.right, entries)
	records, bottom := s.entryRows(t, entries, y, d)
	return page{img: s.crop(bottom), records: records, font: s.fill.font.name, rules: s.drawn}
}

// parishBook draws the second held-out family: a portrait book of two to four entries a page,
// each a block of "label  value" lines under its number, as a certificate is printed but
// several to a page, with no table at all.
func parishBook(rng *rand.Rand, book fontBook, rt civreg.RecordType, dpi int, hand bool) page {
	s := newSheet(rng, book, dpi, hand, 8.3+rng.Float64()*0.7, 11+rng.Float64()*1.5)
	st := valueStyle{caps: hand && rng.IntN(5) < 3, ledger: true}
	d := drawDistrict(rng)
	label := *s.head
	label.size *= 1.25
	y := s.top
	title := strings.ToUpper(kindWords[rt]) + " - " + d.printed
	s.title.write((s.w-s.title.width(title))/2, y+s.title.ascent(), title)
	y += s.title.lineHeight() + s.px(0.25)
	keys := ledgerKeys[rt]
	labels := map[string]string{}
	labelW := 0
	for _, k := range keys {
		labels[k] = pick(rng, printedLabels[k]) + pick(rng, []string{":", "", " ."})
		labelW = max(labelW, label.width(labels[k]))
	}
	valueX := s.left + labelW + s.px(0.45)
	lh := max(label.lineHeight(), s.fill.lineHeight())
	var records []RecordTruth
	for i, e := range pageEntries(rng, rt, st, 2+rng.IntN(3), d) {
		top := y
		x := s.left + label.write(s.left, y+lh*3/4, pick(rng, []string{"No. ", "Entry No. ", "Entry "}))
		s.fill.write(x, y+lh*3/4, e.printed["registration_number"])
		y += lh
		for _, k := range keys {
			label.write(s.left+s.px(0.2), y+lh*3/4, labels[k])
			for _, line := range s.fill.wrap(e.printed[k], s.right-valueX) {
				s.fill.write(valueX, y+lh*3/4, line)
				y += lh
			}
			if e.printed[k] == "" {
				y += lh
			}
		}
		y += s.px(0.15 + rng.Float64()*0.2)
		if rng.IntN(2) == 0 {
			s.hline(s.left, s.right, y-s.px(0.08))
		}
		records = append(records, s.record(e, i+1, image.Rect(s.left, top, s.right, y), d))
	}
	return page{img: s.crop(y), records: records, font: s.fill.font.name, rules: s.drawn}
}
