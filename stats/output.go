package stats

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
)

// MarshalJSON writes {"table", "dims", "public", "min_cell", "rows"}, each row an object of its
// dimension values, "count" (null when withheld) and "suppressed", and for completeness
// "expected" and "completeness" (percent).
func (t *Table) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"table":`)
	writeJSON(&b, t.Name)
	b.WriteString(`,"dims":`)
	writeJSON(&b, t.Dims)
	b.WriteString(`,"public":`)
	writeJSON(&b, t.Public)
	if t.Public {
		b.WriteString(`,"min_cell":`)
		writeJSON(&b, t.MinCell)
	}
	b.WriteString(`,"rows":[`)
	for i, r := range t.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for d, name := range t.Dims {
			writeJSON(&b, name)
			b.WriteByte(':')
			writeJSON(&b, r.Values[d])
			b.WriteByte(',')
		}
		b.WriteString(`"count":`)
		if r.Suppressed {
			b.WriteString("null")
		} else {
			writeJSON(&b, r.Count)
		}
		b.WriteString(`,"suppressed":`)
		writeJSON(&b, r.Suppressed)
		if t.Name == Completeness {
			b.WriteString(`,"expected":`)
			writeJSON(&b, r.Expected)
			b.WriteString(`,"completeness":`)
			if p, ok := r.Percent(); ok {
				writeJSON(&b, p)
			} else {
				b.WriteString("null")
			}
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, v any) {
	out, _ := json.Marshal(v)
	b.Write(out)
}

// WriteCSV writes the table with a header line: the dimensions, count, suppressed (and for
// completeness expected, completeness). A withheld count is an empty field.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := append(append([]string{}, t.Dims...), "count", "suppressed")
	if t.Name == Completeness {
		head = append(head, "expected", "completeness")
	}
	cw.Write(head)
	for _, r := range t.Rows {
		line := append([]string{}, r.Values...)
		count := ""
		if !r.Suppressed {
			count = strconv.FormatInt(r.Count, 10)
		}
		line = append(line, count, strconv.FormatBool(r.Suppressed))
		if t.Name == Completeness {
			exp, pct := "", ""
			if r.Expected != nil {
				exp = strconv.FormatFloat(*r.Expected, 'f', 1, 64)
			}
			if p, ok := r.Percent(); ok {
				pct = strconv.FormatFloat(p, 'f', 1, 64)
			}
			line = append(line, exp, pct)
		}
		cw.Write(line)
	}
	cw.Flush()
	return cw.Error()
}
