package stats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"

	"civreg"
)

// Record is one registration as the tables count it: its type and its fields' values.
type Record struct {
	ID         string
	RecordType civreg.RecordType
	Fields     map[string]string
	// Status, when known, decides whether the record is counted (only published statuses are).
	Status civreg.Status
	// DuplicateOf names the record that registered the same event first; a duplicate is never counted.
	DuplicateOf string
}

// eventDateKey is the field holding the date of the event a record of type t registers, as
// the root package's record types say ("" for a type it does not know).
func eventDateKey(t civreg.RecordType) string {
	spec, _ := t.Spec()
	return spec.EventDate
}

// Counted reports whether r belongs in the tables: published (when its status is known) and
// not a second registration of an event already counted.
func (r Record) Counted() bool {
	if r.DuplicateOf != "" {
		return false
	}
	return r.Status == "" || r.Status.Rule().Published
}

// isoDate is the stored date form; the same pattern is in the summary's SQL (statistics_date).
var isoDate = regexp.MustCompile(`^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`)

// parseDate reads a stored ISO date; anything else (empty, printed forms, 1987-02-30) is not a date.
func parseDate(v string) (time.Time, bool) {
	if !isoDate.MatchString(v) {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, v)
	return t, err == nil
}

// yearOf and monthOf give an event date's year ("1987") and month ("03"), or "" when unknown.
func yearOf(v string) string {
	if _, ok := parseDate(v); ok {
		return v[:4]
	}
	return ""
}

func monthOf(v string) string {
	if _, ok := parseDate(v); ok {
		return v[5:7]
	}
	return ""
}

// delayOf is the days from the event to its registration, or "" when either date is unknown.
// The bands do not tell apart delays over five years, nor registrations dated before the
// event, so those are kept as 1826 and -1: the summary stays a few thousand counts.
func delayOf(event, registered string) string {
	e, ok1 := parseDate(event)
	r, ok2 := parseDate(registered)
	if !ok1 || !ok2 {
		return ""
	}
	return strconv.FormatInt(min(max((r.Unix()-e.Unix())/86400, -1), 1826), 10)
}

// jsonRecord is one line of a records file: fields as plain strings or as extract's objects.
type jsonRecord struct {
	ID          json.RawMessage            `json:"id"`
	RecordType  civreg.RecordType          `json:"record_type"`
	Fields      map[string]json.RawMessage `json:"fields"`
	Status      civreg.Status              `json:"status"`
	DuplicateOf json.RawMessage            `json:"duplicate_of"`
}

// ReadRecords reads one {"id", "record_type", "fields"} object a line. A field is a string or an
// object with a "value"; a line that is neither is an error naming the line.
func ReadRecords(r io.Reader) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []Record
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		rec, err := parseRecord(b)
		if err != nil {
			return nil, fmt.Errorf("stats: line %d: %w", line, err)
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("stats: reading records: %w", err)
	}
	return out, nil
}

func parseRecord(b []byte) (Record, error) {
	var jr jsonRecord
	if err := json.Unmarshal(b, &jr); err != nil {
		return Record{}, fmt.Errorf("not a record object: %v", err)
	}
	if _, err := civreg.ParseRecordType(string(jr.RecordType)); err != nil {
		return Record{}, err
	}
	rec := Record{ID: idText(jr.ID), RecordType: jr.RecordType, Status: jr.Status, DuplicateOf: idText(jr.DuplicateOf),
		Fields: map[string]string{}}
	for key, raw := range jr.Fields {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			rec.Fields[key] = s
			continue
		}
		var obj struct {
			Value *string `json:"value"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil || obj.Value == nil {
			return Record{}, fmt.Errorf("field %q is neither a string nor an object with a \"value\" string", key)
		}
		rec.Fields[key] = *obj.Value
	}
	return rec, nil
}

// idText gives an id written as a number or a string as text; null or absent is "".
func idText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	b := bytes.TrimSpace(raw)
	if len(b) == 0 || string(b) == "null" {
		return ""
	}
	return string(b)
}
