package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"civreg"
	"civreg/linkage"
)

const linkUsage = "civreg link [--json] [--records FILE.jsonl]"

// runLink links records: those of a JSON Lines file, offline, or every approved record of
// the database, storing the links and the pairs for review.
func runLink(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("link", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print one JSON object per link")
	file := fs.String("records", "", "a JSON Lines file of records to link offline, one {\"id\", \"record_type\", \"fields\"} a line")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("link: %v (usage: %s)", err, linkUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("link: unexpected %q (usage: %s)", fs.Arg(0), linkUsage)
	}
	if *file == "" {
		return m.linkDatabase(ctx, *asJSON)
	}
	records, err := readLinkRecords(*file)
	if err != nil {
		return err
	}
	start := time.Now()
	res := linkage.NewLinker().Link(records, nil)
	return printLinks(m.Stdout, res, len(records), time.Since(start), *asJSON)
}

// linkLine is one line of `civreg link --json`: a link made, never a pair for review.
type linkLine struct {
	A     int64        `json:"a"`
	B     int64        `json:"b"`
	Kind  linkage.Kind `json:"kind"`
	Score float64      `json:"score"`
}

func printLinks(w io.Writer, res *linkage.Result, records int, took time.Duration, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, p := range res.Links {
			if err := enc.Encode(linkLine{p.A, p.B, p.Kind, float64(int(p.Score*100)) / 100}); err != nil {
				return err
			}
		}
		return nil
	}
	counts := map[linkage.Kind]int{}
	for _, p := range res.Links {
		counts[p.Kind]++
	}
	_, err := fmt.Fprintf(w, "%d records linked in %s: %d same-person links, %d duplicate registrations, %d pairs for a person to decide (%d pairs compared)\n",
		records, took.Round(time.Millisecond), counts[linkage.SamePerson], counts[linkage.Duplicate], len(res.Review), res.Compared)
	return err
}

// linkRecord is one input line; a field is a string, or an object with its "value" (the
// shape `civreg extract` prints).
type linkRecord struct {
	ID         *int64                     `json:"id"`
	RecordType string                     `json:"record_type"`
	Fields     map[string]json.RawMessage `json:"fields"`
}

// readLinkRecords reads a JSON Lines file of records; the first bad line stops it with a
// message naming the line.
func readLinkRecords(path string) ([]linkage.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	defer f.Close()
	var out []linkage.Record
	seen := map[int64]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		r, err := parseLinkRecord(sc.Bytes())
		if err != nil {
			return nil, fmt.Errorf("link: %s line %d: %w", path, line, err)
		}
		if first, dup := seen[r.ID]; dup {
			return nil, fmt.Errorf("link: %s line %d: record %d is also on line %d", path, line, r.ID, first)
		}
		seen[r.ID] = line
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("link: %s: %w", path, err)
	}
	return out, nil
}

func parseLinkRecord(b []byte) (linkage.Record, error) {
	var in linkRecord
	if err := json.Unmarshal(b, &in); err != nil {
		return linkage.Record{}, fmt.Errorf("not a JSON record: %v", err)
	}
	if in.ID == nil {
		return linkage.Record{}, errors.New(`no "id"`)
	}
	t, err := civreg.ParseRecordType(in.RecordType)
	if err != nil {
		return linkage.Record{}, err
	}
	r := linkage.Record{ID: *in.ID, Type: t, Fields: map[string]string{}}
	for k, raw := range in.Fields {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			var v struct{ Value *string }
			if json.Unmarshal(raw, &v) != nil || v.Value == nil {
				return linkage.Record{}, fmt.Errorf("field %q is neither a string nor an object with a \"value\"", k)
			}
			s = *v.Value
		}
		r.Fields[k] = s
	}
	return r, nil
}

// linkDatabase links every approved record afresh and stores the result: pairs a person
// decided stay as decided, the rest are replaced.
func (m *Main) linkDatabase(ctx context.Context, asJSON bool) error {
	db, err := m.CheckedDB(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	var records []linkage.Record
	if err := db.AllLinkRecords(ctx, func(r linkage.Record) error {
		records = append(records, r)
		return nil
	}); err != nil {
		return err
	}
	res := linkage.NewLinker().Link(records, nil)
	if err := db.ReplaceLinks(ctx, records, append(res.Links, res.Review...)); err != nil {
		return err
	}
	return printLinks(m.Stdout, res, len(records), time.Since(start), asJSON)
}
