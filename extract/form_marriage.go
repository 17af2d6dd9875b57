package extract

import (
	"image"
	"slices"

	"civreg"
)

// A marriage's form: the bridegroom's boxes and the bride's, side by side under their labels.

// Side labels: the words over a marriage form's two columns of boxes.
var (
	groomSide = map[string]bool{"bridegroom": true, "groom": true, "husband": true}
	brideSide = map[string]bool{"bride": true, "wife": true}
)

// marriageLayout reads a marriage's form: "BRIDEGROOM" over one column of boxes and "BRIDE"
// over another beside it, each of them the register's columns for one of the two (Name and
// surname, Age, Condition ...). A bridegroom's box and the bride's of the same heading are
// one column of the register, their values its two rows; the place and the officiant are the
// lines a register prints over and under the rows. ok is false when the form has no such
// two columns.
func marriageLayout(p civreg.PageWords, f *Forms, cells []formCell) ([]formCell, formLayout, bool) {
	var lay formLayout
	h := max(1, civreg.MedianHeight(p.Words))
	g, b, ok := sideLabels(p.Words, h)
	if !ok {
		return cells, lay, false
	}
	gx, bx := (g.Box[0]+g.Box[2])/2, (b.Box[0]+b.Box[2])/2
	sideTop := min(g.Box[1], b.Box[1])
	// A box under both labels is the marriage's, not one side's (the officiant's, the
	// registrar's); a side's box is on the side of the label nearer its heading.
	across := func(box ruledBox) bool { return box[0] < min(gx, bx) && box[2] > max(gx, bx) }
	onGroomSide := func(hb image.Rectangle) bool { return abs((hb.Min.X+hb.Max.X)/2-gx) < abs((hb.Min.X+hb.Max.X)/2-bx) }
	var kept []formCell
	var grooms, brides []formCell
	for _, fc := range cells {
		fc.heading = withoutSideWords(fc.heading, g, b)
		if len(fc.heading) == 0 {
			continue // the side label read as a heading of its own
		}
		kept = append(kept, fc)
		line, hb := marriageLine(f, fc.heading), extent(fc.heading)
		switch {
		case line == "place_of_marriage":
			lay.place = &fc
		case line == "officiant_name":
			lay.byWhom = &fc
		case fc.box[1] >= sideTop-h && !across(fc.box) && sideColumn(f, fc.heading) && onGroomSide(hb):
			grooms = append(grooms, fc)
		case fc.box[1] >= sideTop-h && !across(fc.box) && sideColumn(f, fc.heading):
			brides = append(brides, fc)
		default:
			lay.cols = append(lay.cols, formColumn{heading: fc.heading, number: fc.number, rows: [2][]civreg.Word{fc.value}})
		}
	}
	if len(grooms) == 0 || len(brides) == 0 {
		return cells, formLayout{}, false
	}
	taken := make([]bool, len(brides))
	for _, gc := range grooms {
		col := formColumn{heading: gc.heading, number: gc.number, rows: [2][]civreg.Word{gc.value}}
		for i, bc := range brides {
			if !taken[i] && similarity(norm(lineText(gc.heading)), norm(lineText(bc.heading))) >= 0.7 {
				taken[i], col.rows[1] = true, bc.value
				break
			}
		}
		if col.rows[1] == nil {
			lay.doubt = unpaired
		}
		lay.cols = append(lay.cols, col)
	}
	for i, bc := range brides {
		if !taken[i] {
			lay.doubt = unpaired
			lay.cols = append(lay.cols, formColumn{heading: bc.heading, number: bc.number, rows: [2][]civreg.Word{nil, bc.value}})
		}
	}
	return kept, lay, true
}

// unpaired is the doubt over a marriage form whose two sides were not read alike: a box of
// one side with no box of the same heading on the other may stand on the wrong side.
const unpaired = "the bridegroom's and the bride's boxes were not read alike: a value may stand on the wrong side"

// withoutSideWords takes the side labels g and b out of a heading they were read into
// ("BRIDEGROOM Name and surname": the label printed just over the box's heading).
func withoutSideWords(heading []civreg.Word, g, b civreg.Word) []civreg.Word {
	var out []civreg.Word
	for _, w := range heading {
		if w.Box != g.Box && w.Box != b.Box {
			out = append(out, w)
		}
	}
	return out
}

// sideLabels finds "BRIDEGROOM" and "BRIDE" standing alone side by side on one line, in
// either order.
func sideLabels(words []civreg.Word, h int) (g, b civreg.Word, ok bool) {
	alone := func(w civreg.Word) bool {
		for _, o := range words {
			if o.Box != w.Box && overlapY(o, w) && (abs(o.Box[0]-w.Box[2]) < 2*h || abs(w.Box[0]-o.Box[2]) < 2*h) {
				return false
			}
		}
		return true
	}
	for _, gw := range words {
		if !groomSide[norm(gw.Text)] || !alone(gw) {
			continue
		}
		for _, bw := range words {
			if brideSide[norm(bw.Text)] && (bw.Box[0] > gw.Box[2] || gw.Box[0] > bw.Box[2]) && overlapY(gw, bw) && alone(bw) {
				return gw, bw, true
			}
		}
	}
	return g, b, false
}

// marriageLine says whether a box's heading is the place of the marriage or its officiant,
// as the marriage register's labels name them ("Where married", "Solemnised by") or as the
// register's line over the rows reads ("Marriage solemnised at").
func marriageLine(f *Forms, heading []civreg.Word) string {
	t := norm(lineText(heading))
	if similarity(t, norm("Marriage solemnised at")) >= 0.88 || similarity(t, norm("Marriage solemnized at")) >= 0.88 {
		return "place_of_marriage"
	}
	for _, d := range marriageRegisters(f) {
		for _, key := range []string{"place_of_marriage", "officiant_name"} {
			for _, l := range d.Fields[key] {
				if similarity(t, norm(l)) >= 0.88 {
					return key
				}
			}
		}
	}
	return ""
}

// marriageRegisters are the forms file's designs of marriage registers.
func marriageRegisters(f *Forms) []Design {
	var out []Design
	for _, d := range f.DesignsForLayout(LayoutRegister) {
		if d.RecordType == civreg.Marriage {
			out = append(out, d)
		}
	}
	return out
}

// sideColumn says a box's heading is one of the columns a marriage register writes for each
// of the two (Name and surname, Age, Condition ... the bridegroom's and bride's fields and
// the register's other columns), not one written once (the registrar's signature).
func sideColumn(f *Forms, heading []civreg.Word) bool {
	t := norm(lineText(heading))
	for _, d := range marriageRegisters(f) {
		labels := slices.Clone(d.OtherColumns)
		for _, key := range []string{"groom_name", "groom_age", "bride_name", "bride_age"} {
			labels = append(labels, d.Fields[key]...)
		}
		for _, l := range labels {
			if similarity(t, norm(l)) >= 0.8 {
				return true
			}
		}
	}
	return false
}
