package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civreg/internal/samples"
)

// TestSamplesDrawsTheFamiliesAskedFor: -family draws only the named families, -held-out only
// the held-out ones, -blind only the blind set (which neither all nor -held-out draws), an
// unknown family is refused by name, and every truth lists its records.
func TestSamplesDrawsTheFamiliesAskedFor(t *testing.T) {
	cases := []struct {
		args    []string
		heldOut bool
		family  string
		blind   bool
	}{
		{[]string{"-family", "gro-register"}, false, "gro-register", false},
		{[]string{"-held-out"}, true, "", false},
		{[]string{"-family", "all"}, false, "", false},
		{[]string{"-blind"}, true, "", true},
		{[]string{"-family", "blind-unruled"}, true, "blind-unruled", true},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			var out bytes.Buffer
			args := append([]string{"samples", "-n", "3", "-seed", "8", "-o", dir}, c.args...)
			if err := run(context.Background(), args, os.Getenv, nil, &out); err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			if len(files) != 3 {
				t.Fatalf("%d truths for 3 scans", len(files))
			}
			for _, f := range files {
				var tr samples.Truth
				b, _ := os.ReadFile(f)
				if err := json.Unmarshal(b, &tr); err != nil {
					t.Fatal(err)
				}
				if tr.HeldOut != c.heldOut || tr.Blind != c.blind || strings.HasPrefix(tr.Family, "blind-") != c.blind ||
					(c.family != "" && tr.Family != c.family) || len(tr.Records) == 0 {
					t.Errorf("%s: family %s, held out %v, blind %v, %d records", tr.File, tr.Family, tr.HeldOut, tr.Blind, len(tr.Records))
				}
			}
		})
	}
	err := run(context.Background(), []string{"samples", "-n", "1", "-family", "vestry-book", "-o", t.TempDir()}, os.Getenv, nil, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `"vestry-book"`) {
		t.Errorf("an unknown family: %v", err)
	}
}
