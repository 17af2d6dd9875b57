package extract

import (
	"fmt"
	"math"

	"civreg"
)

// A register's record type is read from its table as well as its title: headings only one
// kind of register prints ("Cause of death", "Condition", "Name, if any", "When married"),
// and a marriage's "solemnised at" and "by me" lines, are evidence for that kind; a heading
// every kind prints ("Name and surname", "Age", "Sex") is evidence for none. When the title
// names one kind and the table clearly shows another, the type is for a person to check.

// typeMargin is how much more a kind's own headings must weigh than another's (about one
// heading matched well) for the table to name the kind.
const typeMargin = 0.9

// tableEvidence weighs, by record type, the section's headings that only that type's register
// designs print (fields or other columns), each by how well it matched.
func tableEvidence(f *Forms, s *section, lines []*line) map[civreg.RecordType]float64 {
	ev := map[civreg.RecordType]float64{}
	for _, c := range s.cols {
		ht := tokens(c.heading)
		if len(ht) == 0 {
			continue
		}
		best := map[civreg.RecordType]float64{}
		for i := range f.Designs {
			d := &f.Designs[i]
			if d.Layout != LayoutRegister {
				continue
			}
			for _, labels := range d.Fields {
				for _, l := range labels {
					best[d.RecordType] = math.Max(best[d.RecordType], headingMatch(ht, tokens(l)))
				}
			}
			for _, l := range d.OtherColumns {
				best[d.RecordType] = math.Max(best[d.RecordType], headingMatch(ht, tokens(l)))
			}
		}
		top, second := firstAndSecond(best)
		if q := best[top]; q >= 0.5 && q-second > 0.2 {
			ev[top] += q - second
		}
	}
	if marriageLinesOn(lines) {
		ev[civreg.Marriage]++
	}
	return ev
}

// typeByTable is the record type the table's own headings name, Unknown when they name none
// clearly ahead of the others.
func typeByTable(ev map[civreg.RecordType]float64) civreg.RecordType {
	top, second := firstAndSecond(ev)
	if top == civreg.Unknown || ev[top]-second < typeMargin {
		return civreg.Unknown
	}
	return top
}

// firstAndSecond is the record type of most weight and the weight of the next one.
func firstAndSecond(w map[civreg.RecordType]float64) (civreg.RecordType, float64) {
	top, second := civreg.Unknown, 0.0
	for t, q := range w {
		switch {
		case top == civreg.Unknown || q > w[top]:
			top, second = t, math.Max(second, w[top])
		case q > second:
			second = q
		}
	}
	return top, second
}

// typeByTitle is the record type of the register design whose title best matches a line
// above the table, Unknown when none does.
func typeByTitle(f *Forms, lines []*line, above int) civreg.RecordType {
	t, best := civreg.Unknown, 0.0
	for i := range f.Designs {
		d := &f.Designs[i]
		if d.Layout != LayoutRegister {
			continue
		}
		if q := titleEvidence(d, lines, above); q > best+1e-9 {
			t, best = d.RecordType, q
		}
	}
	return t
}

// typeDisagreement says why the section's type is in doubt: its title names one kind of
// register and its headings another; "" when they agree or either says nothing.
func typeDisagreement(byTitle, byTable civreg.RecordType) string {
	if byTitle == civreg.Unknown || byTable == civreg.Unknown || byTitle == byTable {
		return ""
	}
	return fmt.Sprintf("the title names a %s register, the table's headings a %s register: the record type is for a person to check", byTitle, byTable)
}
