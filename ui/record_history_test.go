package ui_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
)

// TestTimelineShowsEveryActionAsEachRoleMaySee: a birth keyed (with values), edited and
// approved. Its timeline in the API and on the record page names each action with who and
// their role; health staff get none of it before approval, and never a sensitive value, where
// a reviewer sees the values changed.
func TestTimelineShowsEveryActionAsEachRoleMaySee(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.queuedBirth(t, "4")
	path := "/api/v1/records/" + itoa(id)
	testsvc.Exec(t, e.dbURL, "UPDATE records SET status = 'needs_review'")
	const secret = "1987-03-14"
	rev, _ := e.db.UserByName(ctx, "reviewer1")
	if err := e.db.Audit(ctx, rev, "record.key", id, 0, map[string]any{"pass": 1, "values": map[string]any{"date_of_birth": secret, "child_name": "Amelia Liburd"}}); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.do(t, "PATCH", path, e.tokens[civreg.RoleReviewer], `{"version":1,"fields":{"child_name":"Amelia Liburd","date_of_birth":"`+secret+`"}}`); code != 200 {
		t.Fatalf("patch: %d", code)
	}
	if code, _ := e.do(t, "GET", path+"/history", e.tokens[civreg.RoleHealth], ""); code != 404 {
		t.Fatalf("health on an unapproved record's history: %d, want 404", code)
	}
	if code, _ := e.do(t, "POST", path+"/approve", e.tokens[civreg.RoleReviewer], `{"version":2}`); code != 200 {
		t.Fatalf("approve: %d", code)
	}

	raw := func(role civreg.Role) string {
		resp, body, err := e.get(t, path+"/history", e.tokens[role])
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("history as %s: %v %v", role, resp, err)
		}
		return string(body)
	}
	var h struct {
		Changes  []map[string]any `json:"changes"`
		Timeline []struct {
			Event, By, Role, What string
			Changes               []map[string]any
		} `json:"timeline"`
	}
	reviewer := raw(civreg.RoleReviewer)
	json.Unmarshal([]byte(reviewer), &h)
	seen := map[string]string{}
	for _, ev := range h.Timeline {
		seen[ev.Event] = ev.By + "/" + ev.Role + "/" + ev.What
	}
	for ev, want := range map[string]string{"ingest": "clerk1/clerk/Uploaded", "keying": "reviewer1/reviewer/Keyed",
		"review": "reviewer1/reviewer/Edited", "approval": "reviewer1/reviewer/Approved"} {
		if seen[ev] != want {
			t.Errorf("timeline %s = %q, want %q (all: %v)", ev, seen[ev], want, seen)
		}
	}
	if len(h.Changes) != 2 || !strings.Contains(reviewer, secret) {
		t.Errorf("the reviewer's history lacks the changes or the value: %s", reviewer)
	}

	health := raw(civreg.RoleHealth)
	if strings.Contains(health, secret) || strings.Contains(health, "date_of_birth") {
		t.Errorf("the health user's history shows the sensitive field: %s", health)
	}
	if !strings.Contains(health, `"keying"`) || !strings.Contains(health, "Amelia Liburd") {
		t.Errorf("the health user's history lacks the keying or its other value: %s", health)
	}
	health1, _ := e.db.UserByName(ctx, "health1")
	if n := testsvc.Count(t, e.dbURL, `SELECT count(*) FROM audit_log WHERE user_id = $1 AND record_id = $2 AND action = 'record.view'`, health1.ID, id); n != 1 {
		t.Errorf("health's read of the history audited %d times, want 1", n)
	}

	c, _ := e.signIn(t, "health1")
	_, page := getPageResponse(t, c, e.srv.URL+"/records/"+itoa(id))
	for _, want := range []string{`id="timeline"`, "Keyed", "by reviewer1 (reviewer)", "Approved", `class="badge badge-good"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the record page lacks %q", want)
		}
	}
	if strings.Contains(page, secret) {
		t.Error("the health user's record page shows the sensitive value in the timeline")
	}
}
