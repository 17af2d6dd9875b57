package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"civreg"
	"civreg/ingest"
	"civreg/internal/testsvc"
	"civreg/search"
	"civreg/storage"
	"civreg/ui"
	"civreg/workers"
)

type env struct {
	dbURL  string
	db     *storage.DB
	srv    *httptest.Server
	tokens map[civreg.Role]string
	redis  *testsvc.Redis

	objects *storage.Objects
	intake  *ingest.Intake
	queue   *workers.Queue
	minio   *testsvc.MinIO
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	db, dbURL := testsvc.MigratedDB(t)
	m := testsvc.StartMinIO(t)
	objects := m.Objects(t)
	r := testsvc.StartRedis(t)
	opt, _ := workers.ParseRedisURL(r.URL())
	q := workers.NewQueue(opt)
	t.Cleanup(func() { q.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	intake := &ingest.Intake{DB: db, Objects: objects, Pipeline: q, Limits: ingest.DefaultLimits, TempDir: t.TempDir(), Log: log}
	s := &ui.Server{DB: db, Objects: objects, Redis: q, Pipeline: q, Fixity: q, Log: log, Intake: intake, Search: db.Search(),
		Dashboard: workers.Dashboard(opt, ui.DashboardPath)}
	e := &env{dbURL: dbURL, db: db, srv: httptest.NewServer(s.Handler()), tokens: map[civreg.Role]string{}, redis: r,
		objects: objects, intake: intake, queue: q, minio: m}
	t.Cleanup(e.srv.Close)
	for _, role := range civreg.Roles {
		u, err := db.CreateUser(ctx, string(role)+"1", role, "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		if e.tokens[role], err = db.NewToken(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *env) do(t *testing.T, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	return send(t, req)
}

// send makes the request and reads its JSON answer.
func send(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// TestEveryAPIRouteChecksTheRole calls the API routes with no token, a bad token and
// each role's token: 401 without credentials, 403 outside the role, never 401/403 inside it.
func TestEveryAPIRouteChecksTheRole(t *testing.T) {
	e := newEnv(t)
	e.queuedBirth(t, "0")
	testsvc.Exec(t, e.dbURL, "UPDATE records SET status = 'approved'")

	routes := []struct {
		method, path, body string
		allowed            []civreg.Role
	}{
		{"POST", "/api/v1/batches", `{"name":"b","record_type":"birth"}`, []civreg.Role{civreg.RoleClerk, civreg.RoleAdmin}},
		{"GET", "/api/v1/batches/1", "", []civreg.Role{civreg.RoleClerk, civreg.RoleReviewer, civreg.RoleAdmin}},
		{"GET", "/api/v1/records/1", "", []civreg.Role{civreg.RoleReviewer, civreg.RoleArchivist, civreg.RoleAdmin, civreg.RoleHealth}},
		{"GET", "/api/v1/records/1/history", "", []civreg.Role{civreg.RoleReviewer, civreg.RoleArchivist, civreg.RoleAdmin, civreg.RoleHealth}},
		{"PATCH", "/api/v1/records/1", `{"version":99,"fields":{}}`, []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}},
		{"POST", "/api/v1/records/1/approve", `{"version":99}`, []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}},
		{"GET", "/api/v1/fixity/alerts", "", []civreg.Role{civreg.RoleArchivist, civreg.RoleAdmin}},
		{"GET", "/api/v1/records/1/archive.pdf", "", []civreg.Role{civreg.RoleArchivist, civreg.RoleAdmin}},
		{"GET", "/api/v1/records/1/bag.zip", "", []civreg.Role{civreg.RoleArchivist, civreg.RoleAdmin}},
		{"GET", "/api/v1/batches/1/bag.zip", "", []civreg.Role{civreg.RoleArchivist, civreg.RoleAdmin}},
		{"GET", "/api/v1/me", "", civreg.Roles},
		{"GET", "/api/v1/search?q=Liburd", "", []civreg.Role{civreg.RoleHealth, civreg.RoleReviewer, civreg.RoleArchivist, civreg.RoleAdmin}},
		{"POST", "/api/v1/records/1/claim", "", []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}},
		{"DELETE", "/api/v1/records/1/claim", "", []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}},
		{"POST", "/api/v1/records/1/claim/take-over", "", []civreg.Role{civreg.RoleAdmin}},
		{"POST", "/api/v1/records/1/skip", "", []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}},
		{"GET", "/api/v1/records/1/pages/1/box-words?box=0,0,5,5", "", []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}},
	}
	for _, rt := range routes {
		if code, _ := e.do(t, rt.method, rt.path, "", rt.body); code != 401 {
			t.Errorf("%s %s without a token: %d, want 401", rt.method, rt.path, code)
		}
		if code, _ := e.do(t, rt.method, rt.path, "civreg_not-a-token", rt.body); code != 401 {
			t.Errorf("%s %s with a bad token: %d, want 401", rt.method, rt.path, code)
		}
		for _, role := range civreg.Roles {
			allowed := false
			for _, a := range rt.allowed {
				allowed = allowed || a == role
			}
			code, body := e.do(t, rt.method, rt.path, e.tokens[role], rt.body)
			switch {
			case allowed && (code == 401 || code == 403):
				t.Errorf("%s %s as %s: %d %v, want allowed", rt.method, rt.path, role, code, body)
			case !allowed && code != 403:
				t.Errorf("%s %s as %s: %d, want 403", rt.method, rt.path, role, code)
			}
		}
	}
}

func TestHealthStaffSeeOnlyApprovedRecordsWithoutSensitiveFields(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.queuedBirth(t, "1")
	path := "/api/v1/records/" + itoa(id)
	if code, _ := e.do(t, "GET", path, e.tokens[civreg.RoleHealth], ""); code != 404 {
		t.Fatalf("health on a queued record: %d, want 404", code)
	}
	testsvc.Exec(t, e.dbURL, "UPDATE records SET status = 'needs_review'")
	code, rec := e.do(t, "PATCH", path, e.tokens[civreg.RoleReviewer], `{"version":1,"fields":{"child_name":"Amelia Grace Liburd","date_of_birth":"1987-03-14"}}`)
	if code != 200 || rec["version"].(float64) != 2 {
		t.Fatalf("patch: %d %v", code, rec)
	}
	if code, body := e.do(t, "PATCH", path, e.tokens[civreg.RoleReviewer], `{"version":1,"fields":{"child_name":"Amelia Liburd"}}`); code != 409 || body["current"] == nil {
		t.Fatalf("stale patch: %d %v, want 409 with the current record", code, body)
	}
	if code, _ := e.do(t, "POST", path+"/approve", e.tokens[civreg.RoleReviewer], `{"version":2}`); code != 200 {
		t.Fatalf("approve: %d", code)
	}
	code, rec = e.do(t, "GET", path, e.tokens[civreg.RoleHealth], "")
	fields, _ := rec["fields"].(map[string]any)
	if code != 200 || fields["child_name"] == nil || fields["date_of_birth"] != nil {
		t.Fatalf("health view: %d %v; want child_name and no date_of_birth", code, rec)
	}
	_, rec = e.do(t, "GET", path, e.tokens[civreg.RoleReviewer], "")
	if f, _ := rec["fields"].(map[string]any); f["date_of_birth"] == nil {
		t.Fatalf("reviewer view lacks date_of_birth: %v", rec)
	}
	log, _ := e.db.AuditLog(ctx, id, 50)
	views := 0
	for _, l := range log {
		if l.Action == "record.view" && l.UserName == "health1" {
			views++
		}
	}
	if views != 1 {
		t.Fatalf("audit rows for the health view: %d, want 1 (%+v)", views, log)
	}
}

// queuedBirth adds a one-page birth scan (its SHA-256 the digit repeated) in a new batch and
// returns its record, queued for reading.
func (e *env) queuedBirth(t *testing.T, digit string) int64 {
	t.Helper()
	ctx := context.Background()
	clerk, _ := e.db.UserByName(ctx, "clerk1")
	b, _ := e.db.CreateBatch(ctx, clerk, "Births "+digit, civreg.Birth, false)
	added, err := e.db.AddScan(ctx, clerk, civreg.NewScan{BatchID: b.ID, SHA256: strings.Repeat(digit, 64), ObjectKey: "originals/" + digit, Size: 1, MediaType: "image/png", PageCount: 1, FileName: digit + ".png"})
	if err != nil {
		t.Fatal(err)
	}
	return added.Records[0].RecordID
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestHealthzAnswersWhenServicesAreUpAnd503WhenRedisIsDown(t *testing.T) {
	e := newEnv(t)
	if code, body := e.do(t, "GET", "/healthz", "", ""); code != 200 {
		t.Fatalf("healthz: %d %v", code, body)
	}
	e.redis.Stop()
	code, body := e.do(t, "GET", "/healthz", "", "")
	if code != 503 || body["redis"] != "down" {
		t.Fatalf("healthz with Redis down: %d %v", code, body)
	}
}

// getPageResponse GETs url on c and answers the response, its body read and closed, and the body.
func getPageResponse(t *testing.T, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signIn signs in through the login form and returns a client holding the session cookie and
// the session's CSRF token from the start page.
func (e *env) signIn(t *testing.T, name string) (*http.Client, string) {
	t.Helper()
	l, _ := e.freshLoginClient(t)
	resp, page := l.login(t, e, name, "correct horse battery")
	m := csrfField.FindSubmatch([]byte(page))
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("after sign-in: %d\n%s", resp.StatusCode, page)
	}
	return l.c, string(m[1])
}

func TestQueueDashboardIsForAdminsOnly(t *testing.T) {
	e := newEnv(t)
	admin, _ := e.signIn(t, "admin1")
	resp, body := getPageResponse(t, admin, e.srv.URL+ui.DashboardPath+"/")
	if resp.StatusCode != 200 || !strings.Contains(body, "FLAG_ROOT_PATH") {
		t.Fatalf("admin dashboard: %d", resp.StatusCode)
	}
	clerk, _ := e.signIn(t, "clerk1")
	resp, _ = clerk.Get(e.srv.URL + ui.DashboardPath + "/")
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("clerk on the dashboard: %d, want 403", resp.StatusCode)
	}
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, _ = anon.Get(e.srv.URL + ui.DashboardPath + "/")
	resp.Body.Close()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous on the dashboard: %d %s, want a redirect to sign in", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// sessionStatus sends a request on a signed-in client, with the CSRF token unless it is "",
// and answers the status. A body is JSON, as the pages' scripts send it.
func sessionStatus(t *testing.T, c *http.Client, method, url, body, token string) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("X-CSRF-Token", token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestSessionRequestsNeedTheCSRFToken(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.signIn(t, "clerk1")
	post := func(token string) int {
		return sessionStatus(t, c, "POST", e.srv.URL+"/api/v1/batches", `{"name":"b","record_type":"death"}`, token)
	}
	if code := post(""); code != 403 {
		t.Fatalf("session POST without CSRF token: %d, want 403", code)
	}
	if code := post("forged"); code != 403 {
		t.Fatalf("session POST with a wrong CSRF token: %d, want 403", code)
	}
	if code := post(csrf); code != 201 {
		t.Fatalf("session POST with the CSRF token: %d, want 201", code)
	}
	// The sign-out form without its token is refused too.
	resp, _ := c.PostForm(e.srv.URL+"/logout", url.Values{})
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("logout without CSRF: %d", resp.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	resp, err := http.Get(e.srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers %v", resp.Header)
	}
}

func TestSearchAPIForHealthStaffIsApprovedOnlyWithoutSensitiveFieldsAndAudited(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	idx := e.db.Search()
	for i, st := range []civreg.Status{civreg.StatusApproved, civreg.StatusNeedsReview} {
		r := &civreg.Record{ID: int64(10 + i), Version: 1, RecordType: civreg.Death, Status: st, Fields: map[string]civreg.Field{
			"deceased_name": {Value: "Kendall Liburd"}, "cause_of_death": {Value: "Pneumonia"}, "date_of_death": {Value: "1987-03-14"}}}
		if err := idx.Put(ctx, search.FromRecord(r)); err != nil {
			t.Fatal(err)
		}
	}
	code, res := e.do(t, "GET", "/api/v1/search?q=Libord", e.tokens[civreg.RoleHealth], "")
	if code != 200 || res["total"] != float64(1) {
		t.Fatalf("health search: %d %v", code, res)
	}
	hit := res["hits"].([]any)[0].(map[string]any)
	if fields := hit["fields"].(map[string]any); fields["cause_of_death"] != nil || fields["deceased_name"] != "Kendall Liburd" {
		t.Fatalf("hit fields %v", fields)
	}
	if hl := hit["highlights"].(map[string]any); hl["deceased_name"] != "Kendall <mark>Liburd</mark>" {
		t.Fatalf("highlights %v", hl)
	}
	if code, _ := e.do(t, "GET", "/api/v1/search?q=Liburd&status=needs_review", e.tokens[civreg.RoleHealth], ""); code != 403 {
		t.Fatalf("health asking for unreviewed records: %d, want 403", code)
	}
	if code, res := e.do(t, "GET", "/api/v1/search?q=Liburd", e.tokens[civreg.RoleReviewer], ""); code != 200 || res["total"] != float64(2) {
		t.Fatalf("reviewer search: %d %v", code, res)
	}
	if code, _ := e.do(t, "GET", "/api/v1/search?from=yesterday", e.tokens[civreg.RoleReviewer], ""); code != 400 {
		t.Fatalf("bad date: %d", code)
	}
	log, _ := e.db.AuditLog(ctx, 0, 50)
	searches := 0
	for _, l := range log {
		if l.Action == "record.search" && l.UserName == "health1" && strings.Contains(fmt.Sprint(l.Detail["query"]), "Libord") {
			searches++
		}
	}
	if searches != 1 {
		t.Fatalf("audit rows for the health search: %d", searches)
	}
}
