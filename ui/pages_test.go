package ui_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
)

// TestEveryPageChecksTheRole signs in as each role and opens every page: allowed roles get the
// page, the others 403; without a session every page sends the browser to sign in.
func TestEveryPageChecksTheRole(t *testing.T) {
	e := newEnv(t)
	e.queuedBirth(t, "a")
	testsvc.Exec(t, e.dbURL, "UPDATE records SET status = 'approved'")
	pages := []struct {
		path    string
		allowed []civreg.Role
	}{
		{"/", civreg.Roles},
		{"/batches", []civreg.Role{civreg.RoleClerk, civreg.RoleReviewer, civreg.RoleAdmin}},
		{"/batches/1", []civreg.Role{civreg.RoleClerk, civreg.RoleReviewer, civreg.RoleAdmin}},
		{"/review", []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}},
		{"/review/1", []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}},
		{"/search", []civreg.Role{civreg.RoleHealth, civreg.RoleReviewer, civreg.RoleArchivist, civreg.RoleAdmin}},
		{"/records/1", []civreg.Role{civreg.RoleHealth, civreg.RoleReviewer, civreg.RoleArchivist, civreg.RoleAdmin}},
		{"/archive", []civreg.Role{civreg.RoleArchivist, civreg.RoleAdmin}},
		{"/admin/users", []civreg.Role{civreg.RoleAdmin}},
		{"/admin/records", []civreg.Role{civreg.RoleAdmin}},
		{"/admin/queues-dashboard", []civreg.Role{civreg.RoleAdmin}},
	}
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, p := range pages {
		anon := &http.Client{CheckRedirect: noRedirect}
		resp, err := anon.Get(e.srv.URL + p.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
			t.Errorf("%s without a session: %d %s, want a redirect to sign in", p.path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	for _, role := range civreg.Roles {
		c, _ := e.signIn(t, string(role)+"1")
		for _, p := range pages {
			resp, body := getPageResponse(t, c, e.srv.URL+p.path)
			allowed := false
			for _, a := range p.allowed {
				allowed = allowed || a == role
			}
			switch {
			case allowed && resp.StatusCode != 200:
				t.Errorf("%s as %s: %d, want the page\n%.300s", p.path, role, resp.StatusCode, body)
			case !allowed && resp.StatusCode != 403:
				t.Errorf("%s as %s: %d, want 403", p.path, role, resp.StatusCode)
			}
		}
	}
}

// TestAdminManagesUsersThroughTheForms: add a user, change their role, reset their password and
// revoke their tokens, each with the session's CSRF token; without it nothing changes.
func TestAdminManagesUsersThroughTheForms(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin, csrf := e.signIn(t, "admin1")
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		resp, err := admin.PostForm(e.srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := post("/admin/users/add", url.Values{"name": {"mira"}, "role": {"clerk"}, "password": {"a long enough password"}}); resp.StatusCode != 403 {
		t.Fatalf("add without the CSRF token: %d, want 403", resp.StatusCode)
	}
	if _, err := e.db.UserByName(ctx, "mira"); err == nil {
		t.Fatal("a user was added without the CSRF token")
	}
	post("/admin/users/add", url.Values{"name": {"mira"}, "role": {"clerk"}, "password": {"a long enough password"}, "csrf_token": {csrf}})
	mira, err := e.db.UserByName(ctx, "mira")
	if err != nil || mira.Role != civreg.RoleClerk {
		t.Fatalf("mira: %+v %v", mira, err)
	}
	id := itoa(mira.ID)
	post("/admin/users/"+id+"/role", url.Values{"role": {"reviewer"}, "csrf_token": {csrf}})
	if u, _ := e.db.UserByName(ctx, "mira"); u.Role != civreg.RoleReviewer {
		t.Errorf("role after change: %s", u.Role)
	}
	post("/admin/users/"+id+"/password", url.Values{"password": {"another long password"}, "csrf_token": {csrf}})
	if _, err := e.db.Authenticate(ctx, "mira", "another long password"); err != nil {
		t.Errorf("new password refused: %v", err)
	}
	token, _ := e.db.NewToken(ctx, mira.ID)
	post("/admin/users/"+id+"/revoke", url.Values{"csrf_token": {csrf}})
	if _, err := e.db.UserByToken(ctx, token); err == nil {
		t.Error("token still works after revoking")
	}
	// A bad role comes back as a message on the page, not a crash.
	resp, err := admin.PostForm(e.srv.URL+"/admin/users/"+id+"/role", url.Values{"role": {"emperor"}, "csrf_token": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "is not one of") {
		t.Errorf("bad role: %d %.300s", resp.StatusCode, body)
	}
	log, _ := e.db.AuditLog(ctx, 0, 100)
	actions := map[string]bool{}
	for _, l := range log {
		actions[l.Action] = true
	}
	for _, a := range []string{"user.add", "user.set_role", "user.reset_password", "user.revoke_tokens"} {
		if !actions[a] {
			t.Errorf("audit log lacks %s", a)
		}
	}
}

// TestRejectAndRetry: a reviewer sends a record back for rescanning with a reason (version
// checked); an admin retries a failed record, which goes back to its failed stage.
func TestRejectAndRetry(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clerk, _ := e.db.UserByName(ctx, "clerk1")
	b, _ := e.db.CreateBatch(ctx, clerk, "Deaths", civreg.Death, false)
	var ids []int64
	for _, c := range []string{"b", "c"} {
		added, _ := e.db.AddScan(ctx, clerk, civreg.NewScan{BatchID: b.ID, SHA256: strings.Repeat(c, 64), ObjectKey: "originals/" + c, Size: 1, MediaType: "image/png", PageCount: 1, FileName: c + ".png"})
		ids = append(ids, added.Records[0].RecordID)
	}
	testsvc.Exec(t, e.dbURL, "UPDATE records SET status = 'needs_review' WHERE id = "+itoa(ids[0]))
	path := "/api/v1/records/" + itoa(ids[0]) + "/reject"
	if code, body := e.do(t, "POST", path, e.tokens[civreg.RoleReviewer], `{"version":1,"reason":""}`); code != 400 {
		t.Errorf("reject without a reason: %d %v", code, body)
	}
	if code, body := e.do(t, "POST", path, e.tokens[civreg.RoleReviewer], `{"version":7,"reason":"cut off"}`); code != 409 || body["current"] == nil {
		t.Errorf("stale reject: %d %v", code, body)
	}
	if code, body := e.do(t, "POST", path, e.tokens[civreg.RoleReviewer], `{"version":1,"reason":"the bottom of the page is cut off"}`); code != 200 || body["status"] != "rejected" {
		t.Errorf("reject: %d %v", code, body)
	}
	if r, _ := e.db.Record(ctx, ids[0]); !strings.Contains(r.Error, "cut off") {
		t.Errorf("rejected record's reason %q", r.Error)
	}

	testsvc.Exec(t, e.dbURL, "UPDATE records SET status = 'failed', error = 'extract: boom' WHERE id = "+itoa(ids[1]))
	testsvc.Exec(t, e.dbURL, "INSERT INTO record_stages (record_id, stage, state, finished_at) VALUES ("+itoa(ids[1])+", 'extract', 'failed', now())")
	admin, csrf := e.signIn(t, "admin1")
	_, page := getPage(t, admin, e.srv.URL+"/admin/records")
	if !strings.Contains(page, "extract: boom") {
		t.Errorf("the failed record is not on the problems page:\n%.500s", page)
	}
	resp, err := admin.PostForm(e.srv.URL+"/admin/records/"+itoa(ids[1])+"/retry", url.Values{"csrf_token": {csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r, _ := e.db.Record(ctx, ids[1])
	if r.Status != civreg.StatusExtracting || r.Error != "" {
		t.Errorf("after retry: %s %q, want extracting again", r.Status, r.Error)
	}
	// Reconcile takes it up straight away: it is dated as stuck.
	todo, _ := e.db.Unfinished(ctx, 0, 10)
	found := false
	for _, u := range todo {
		found = found || u.RecordID == ids[1]
	}
	if !found {
		t.Error("the retried record is not picked up by reconcile")
	}
}
