package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civreg/internal/testsvc"
	"civreg/linkage"
	"civreg/linkage/population"
)

// TestLinkOfflinePrintsTheLinksItWouldMake runs `civreg link --json --records` on a generated
// population and checks each line is a link of the linkage itself, right as often as measured.
func TestLinkOfflinePrintsTheLinksItWouldMake(t *testing.T) {
	pop := population.Generate(population.ForRecords(5, 4000))
	path := filepath.Join(t.TempDir(), "records.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pop.WriteRecords(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"link", "--json", "--records", path}, os.Getenv, nil, &out); err != nil {
		t.Fatal(err)
	}
	want := linkage.NewLinker().Link(pop.Records, nil)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(want.Links) {
		t.Fatalf("%d lines, want %d (the links, not the %d review pairs)", len(lines), len(want.Links), len(want.Review))
	}
	right := 0
	for i, l := range lines {
		var got struct {
			A, B  int64
			Kind  linkage.Kind
			Score float64
		}
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatalf("line %d %q: %v", i+1, l, err)
		}
		w := want.Links[i]
		if got.A != w.A || got.B != w.B || got.Kind != w.Kind {
			t.Fatalf("line %d: %s, want %+v", i+1, l, w)
		}
		if pop.True(w) {
			right++
		}
	}
	if float64(right) < 0.97*float64(len(lines)) {
		t.Errorf("%d of %d links right", right, len(lines))
	}
}

func TestLinkOfflineRefusesBadRecords(t *testing.T) {
	cases := []struct {
		name, input, want string
	}{
		{"not JSON", `{"id": 1, "record_type": "birth", "fields": {}}` + "\n{oops\n", "line 2: not a JSON record"},
		{"no id", `{"record_type": "birth", "fields": {}}`, `line 1: no "id"`},
		{"unknown type", `{"id": 1, "record_type": "baptism", "fields": {}}`, `"baptism" is not one of`},
		{"same id twice", `{"id": 7, "record_type": "birth"}` + "\n" + `{"id": 7, "record_type": "death"}`, "record 7 is also on line 1"},
		{"field neither string nor value", `{"id": 1, "record_type": "birth", "fields": {"sex": 3}}`, `field "sex" is neither`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "records.jsonl")
			os.WriteFile(path, []byte(c.input), 0o644)
			var out bytes.Buffer
			err := run(context.Background(), []string{"link", "--json", "--records", path}, os.Getenv, nil, &out)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
			if out.Len() > 0 {
				t.Errorf("printed %q for a bad file", out.String())
			}
		})
	}
}

func TestLinkOfflineReadsExtractShapedFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.jsonl")
	os.WriteFile(path, []byte(`{"id": 1, "record_type": "birth", "fields": {"child_name": {"value": "Veronica Wilkes", "printed": "VERONICA WILKES"}, "sex": "F", "date_of_birth": "1939-03-14"}}
{"id": 2, "record_type": "death", "fields": {"deceased_name": {"value": "Veronica Wilkes"}, "sex": "F", "age": "72", "date_of_death": "2011-06-01"}}
`), 0o644)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"link", "--json", "--records", path}, os.Getenv, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), `{"a":1,"b":2,"kind":"same_person","score":`) {
		t.Errorf("got %q", out.String())
	}
}

// TestLinkOverTheDatabaseStoresWhatItFinds runs `civreg link` on approved records in
// PostgreSQL twice: the links are stored, and the second run leaves the same ones.
func TestLinkOverTheDatabaseStoresWhatItFinds(t *testing.T) {
	ctx := context.Background()
	pop := population.Generate(population.ForRecords(6, 1500))
	_, url := testsvc.ApprovedPopulation(t, pop.Records)
	getenv := func(k string) string {
		if k == "CIVREG_DATABASE_URL" {
			return url
		}
		return os.Getenv(k)
	}
	want := linkage.NewLinker().Link(pop.Records, nil)
	for pass := 1; pass <= 2; pass++ {
		var out bytes.Buffer
		if err := run(ctx, []string{"link"}, getenv, nil, &out); err != nil {
			t.Fatalf("run %d: %v", pass, err)
		}
		if !strings.Contains(out.String(), fmt.Sprintf("%d records linked", len(pop.Records))) {
			t.Errorf("run %d said %q", pass, out.String())
		}
		linked := testsvc.Count(t, url, `SELECT count(*) FROM record_links WHERE state = 'linked'`)
		review := testsvc.Count(t, url, `SELECT count(*) FROM record_links WHERE state = 'review'`)
		if linked != len(want.Links) || review != len(want.Review) {
			t.Errorf("run %d: %d linked, %d for review; want %d and %d", pass, linked, review, len(want.Links), len(want.Review))
		}
	}
}
