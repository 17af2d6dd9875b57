package ui_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/stats"
	"civreg/ui"
)

// approvedDeaths stores seven women who died at 85 and one infant boy, approved.
func approvedDeaths(t *testing.T, e *env) {
	t.Helper()
	testsvc.Exec(t, e.dbURL, `INSERT INTO batches (name, record_type) VALUES ('Deaths 1990', 'death')`)
	testsvc.Exec(t, e.dbURL, `INSERT INTO records (batch_id, record_type, status) SELECT (SELECT max(id) FROM batches), 'death', 'needs_review' FROM generate_series(1, 8)`)
	testsvc.Exec(t, e.dbURL, `INSERT INTO fields (record_id, key, value, version)
		SELECT id, k, CASE WHEN id = (SELECT max(id) FROM records) THEN m ELSE f END, 1 FROM records,
		(VALUES ('sex', 'F', 'M'), ('age', '85', '3 months'), ('date_of_death', '1990-05-02', '1990-07-01')) AS v(k, f, m)`)
	testsvc.Exec(t, e.dbURL, `UPDATE records SET status = 'approved'`)
}

// infantDeaths finds the M/0 cell in a deaths-by-sex-age answer.
func infantDeaths(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	rows, _ := body["rows"].([]any)
	for _, r := range rows {
		row := r.(map[string]any)
		if row["sex"] == "M" && row["age_group"] == "0" {
			return row
		}
	}
	t.Fatalf("no infant deaths row in %v", body)
	return nil
}

func statisticsViews(t *testing.T, e *env) int {
	return testsvc.Count(t, e.dbURL, `SELECT count(*) FROM audit_log WHERE action = 'statistics.view'`)
}

func TestStatisticsAPIGivesMinistryStaffExactCountsAuditedAndNobodyElseAnything(t *testing.T) {
	e := newEnv(t)
	approvedDeaths(t, e)
	const path = "/api/v1/statistics/deaths-by-sex-age"
	if code, _ := e.do(t, "GET", path, "", ""); code != 401 {
		t.Errorf("without a token: %d, want 401 (the public tables are off)", code)
	}
	for _, role := range civreg.Roles {
		before := statisticsViews(t, e)
		code, body := e.do(t, "GET", path, e.tokens[role], "")
		switch role {
		case civreg.RoleHealth, civreg.RoleAdmin:
			if code != 200 || infantDeaths(t, body)["count"] != 1.0 {
				t.Errorf("as %s: %d %v, want the exact count", role, code, body)
			}
			if statisticsViews(t, e) != before+1 {
				t.Errorf("as %s: the exact view was not audited", role)
			}
		default:
			if code != 403 {
				t.Errorf("as %s: %d, want 403", role, code)
			}
		}
	}
	if n := statisticsViews(t, e); n != 2 {
		t.Errorf("%d exact views audited, want 2", n)
	}
	_, body := e.do(t, "GET", path+"?public=1", e.tokens[civreg.RoleHealth], "")
	if r := infantDeaths(t, body); r["count"] != nil || r["suppressed"] != true {
		t.Errorf("public view for staff shows the infant death: %v", r)
	}
	if code, body := e.do(t, "GET", "/api/v1/statistics/births-by-colour", e.tokens[civreg.RoleHealth], ""); code != 404 || !strings.Contains(body["error"].(string), "births-by-year-district") {
		t.Errorf("an unknown table: %d %v", code, body)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+path+"?format=csv", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[civreg.RoleHealth])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(csv), "M,0,1,false\n") || !strings.Contains(string(csv), "F,85+,7,false\n") {
		t.Errorf("CSV %s:\n%s", resp.Header.Get("Content-Type"), csv)
	}
}

func TestPublicStatisticsNeedNoSignInAndShowSuppressedTablesOnly(t *testing.T) {
	e := newEnv(t)
	approvedDeaths(t, e)
	s := &ui.Server{DB: e.db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Statistics: ui.Statistics{Public: true, MinCell: 5}}
	pub := httptest.NewServer(s.Handler())
	defer pub.Close()
	e2 := &env{dbURL: e.dbURL, db: e.db, srv: pub, tokens: e.tokens}
	for _, token := range []string{"", e.tokens[civreg.RoleReviewer]} {
		code, body := e2.do(t, "GET", "/api/v1/statistics/deaths-by-sex-age", token, "")
		if r := infantDeaths(t, body); code != 200 || r["count"] != nil || r["suppressed"] != true {
			t.Errorf("public view (token %q): %d %v", token, code, r)
		}
	}
	if code, _ := e2.do(t, "GET", "/api/v1/statistics/deaths-by-sex-age", "civreg_not-a-token", ""); code != 401 {
		t.Errorf("a bad token: %d, want 401 rather than the public tables", code)
	}
	resp, page := getPageResponse(t, http.DefaultClient, pub.URL+"/statistics/public")
	if resp.StatusCode != 200 || !strings.Contains(page, "public tables") || !strings.Contains(page, "[c]") || strings.Count(page, "<svg") < 5 {
		t.Fatalf("public page: %d\n%.500s", resp.StatusCode, page)
	}
	if n := statisticsViews(t, e); n != 0 {
		t.Errorf("%d public views audited as exact", n)
	}
	resp, _ = http.Get(e.srv.URL + "/statistics/public")
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("public page while not configured: %d, want 404", resp.StatusCode)
	}
}

func TestStatisticsPageShowsEachChartWithItsTableForHealthStaff(t *testing.T) {
	e := newEnv(t)
	approvedDeaths(t, e)
	c, _ := e.signIn(t, "health1")
	resp, page := getPageResponse(t, c, e.srv.URL+"/statistics")
	for _, want := range []string{"Births and deaths per year", "Deaths by age and sex", "How promptly events are registered",
		"Births and deaths by parish", "Deaths by cause", "Completeness of registration", "This view is logged",
		`href="/api/v1/statistics/deaths-by-sex-age?format=csv"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if resp.StatusCode != 200 || strings.Count(page, "<svg") != strings.Count(page, `<figure class="stat-chart">`) || strings.Count(page, "<svg") < 5 {
		t.Fatalf("page: %d, %d charts", resp.StatusCode, strings.Count(page, "<svg"))
	}
	if n := statisticsViews(t, e); n != 1 {
		t.Errorf("%d views audited, want 1", n)
	}
	clerk, _ := e.signIn(t, "clerk1")
	if resp, _ := clerk.Get(e.srv.URL + "/statistics"); resp.StatusCode != 403 {
		t.Errorf("a clerk: %d, want 403", resp.StatusCode)
	}
}

// The API description names every table the server has, and nothing else.
func TestOpenAPIListsTheStatisticsTables(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]struct {
			Get struct {
				Parameters []struct {
					Name   string
					Schema struct{ Enum []string }
				}
			}
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Paths["/api/v1/statistics"]; !ok {
		t.Error("openapi.json lacks /api/v1/statistics")
	}
	var tables []string
	for _, p := range doc.Paths["/api/v1/statistics/{table}"].Get.Parameters {
		if p.Name == "table" {
			tables = p.Schema.Enum
		}
	}
	if !slices.Equal(tables, stats.TableNames()) {
		t.Errorf("openapi.json tables %v, the server's %v", tables, stats.TableNames())
	}
}
