package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civreg/internal/testsvc"
)

type statsOutput struct {
	Table string           `json:"table"`
	Rows  []map[string]any `json:"rows"`
}

func rowOf(out statsOutput, dims map[string]string) map[string]any {
next:
	for _, r := range out.Rows {
		for k, v := range dims {
			if r[k] != v {
				continue next
			}
		}
		return r
	}
	return nil
}

func TestCivregStatsReadsARecordsFileOffline(t *testing.T) {
	var lines []string
	for range 7 {
		lines = append(lines, `{"id": 1, "record_type": "death", "fields": {"sex": "F", "age": "85", "date_of_death": "1990-01-01"}}`)
	}
	lines = append(lines, `{"id": "x", "record_type": "death", "fields": {"sex": {"value": "M", "confidence": 0.9}, "age": {"value": "0"}}}`)
	file := filepath.Join(t.TempDir(), "deaths.jsonl")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	s := &stack{env: []string{"CIVREG_DATABASE_URL=postgres://nobody@127.0.0.1:1/none"}}

	var exact, public statsOutput
	json.Unmarshal([]byte(s.civreg(t, "", "stats", "--records", file, "deaths-by-sex-age")), &exact)
	json.Unmarshal([]byte(s.civreg(t, "", "stats", "--records", file, "--public", "--min-cell", "3", "deaths-by-sex-age")), &public)
	if exact.Table != "deaths-by-sex-age" || len(exact.Rows) == 0 {
		t.Fatalf("exact output: %+v", exact)
	}
	infant := map[string]string{"sex": "M", "age_group": "0"}
	if r := rowOf(exact, infant); r == nil || r["count"] != 1.0 || r["suppressed"] != false {
		t.Errorf("exact infant deaths: %v", r)
	}
	if r := rowOf(public, infant); r == nil || r["count"] != nil || r["suppressed"] != true {
		t.Errorf("public infant deaths: %v", r)
	}
	if r := rowOf(public, map[string]string{"sex": "all", "age_group": "all"}); r == nil || r["count"] != 8.0 {
		t.Errorf("public grand total: %v", r)
	}
	badCauses := filepath.Join(t.TempDir(), "causes.yaml")
	os.WriteFile(badCauses, []byte("groups: []\n"), 0o644)
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"stats", "--records", file, "--public", "--min-cell", "2", "deaths-by-sex-age"}, "3 or more"},
		{nil, []string{"stats", "--records", file, "deaths-by-colour"}, "no table"},
		{nil, []string{"stats", "--records", filepath.Join(t.TempDir(), "none.jsonl"), "deaths-by-sex-age"}, "no such file"},
		{[]string{"CIVREG_STATS_CAUSES=" + badCauses}, []string{"stats", "--records", file, "deaths-by-year-cause"}, `no "other" group`},
		{[]string{"CIVREG_STATS_MIN_CELL=2"}, []string{"stats", "--records", file, "deaths-by-sex-age"}, "CIVREG_STATS_MIN_CELL"},
		{[]string{"CIVREG_STATS_TARGET_DAYS=400"}, []string{"stats", "--records", file, "deaths-by-sex-age"}, "from 1 to 364"},
	} {
		s := &stack{env: append(append([]string{}, s.env...), c.env...)}
		_, errOut, err := s.try("", c.args...)
		if err == nil || !strings.Contains(errOut, c.want) {
			t.Errorf("civreg %v: %v %q, want an error saying %q", c.args, err, errOut, c.want)
		}
	}
}

func TestCivregStatsReadsTheDatabaseSummaryAndAuditsExactViews(t *testing.T) {
	_, url := testsvc.MigratedDB(t)
	s := &stack{env: []string{"CIVREG_DATABASE_URL=" + url}}
	testsvc.Exec(t, url, `INSERT INTO batches (name, record_type) VALUES ('b', 'birth')`)
	testsvc.Exec(t, url, `INSERT INTO records (batch_id, record_type, status) SELECT 1, 'birth', 'needs_review' FROM generate_series(1, 6)`)
	testsvc.Exec(t, url, `INSERT INTO fields (record_id, key, value, version) SELECT id, 'date_of_birth', '1987-03-14', 1 FROM records`)
	testsvc.Exec(t, url, `UPDATE records SET status = 'approved' WHERE id <= 5`)
	var out statsOutput
	json.Unmarshal([]byte(s.civreg(t, "", "stats", "births-by-month-sex")), &out)
	if r := rowOf(out, map[string]string{"month": "03", "sex": "all"}); r == nil || r["count"] != 5.0 {
		t.Fatalf("births in March: %v (%+v)", r, out)
	}
	if n := testsvc.Count(t, url, `SELECT count(*) FROM audit_log WHERE action = 'statistics.view'`); n != 1 {
		t.Errorf("%d audit entries for an exact view, want 1", n)
	}
	if got := s.civreg(t, "", "stats", "--rebuild"); !strings.Contains(got, "from 5 approved records") {
		t.Errorf("rebuild said %q", got)
	}
}
