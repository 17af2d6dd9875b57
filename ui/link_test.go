package ui_test

import (
	"context"
	"io"
	"net/url"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/linkage"
)

// linkRecords stores Veronica Wilkes's birth (1), her late second registration (2), her
// marriage (3) and death (4), all approved, and a death still under review (5), with the
// pairs the linkage made of them.
func (e *env) linkRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	u, err := e.db.UserByName(ctx, "clerk1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.db.CreateBatch(ctx, u, "Registers", civreg.Birth, false)
	if err != nil {
		t.Fatal(err)
	}
	testsvc.ApprovedRecords(t, e.dbURL, b.ID, []linkage.Record{
		{ID: 1, Type: civreg.Birth, Fields: map[string]string{"child_name": "Veronica Ann Wilkes", "sex": "F", "date_of_birth": "1939-03-14",
			"place_of_birth": "Cayon Street, Basseterre", "registration_date": "1939-04-01", "registration_district": "Saint Mary Cayon", "mother_name": "Joan Wilkes"}},
		{ID: 2, Type: civreg.Birth, Fields: map[string]string{"child_name": "Veronica Wilkes", "sex": "F", "date_of_birth": "1939-03-14",
			"registration_date": "1951-04-01", "registration_district": "Saint Mary Cayon", "mother_name": "Joan Wilkes"}},
		{ID: 3, Type: civreg.Marriage, Fields: map[string]string{"bride_name": "Veronica Ann Wilkes", "bride_age": "21", "groom_name": "Noel Fahie",
			"groom_age": "24", "date_of_marriage": "1960-05-01", "registration_district": "Saint Mary Cayon"}},
		{ID: 4, Type: civreg.Death, Fields: map[string]string{"deceased_name": "Veronica Fahie", "sex": "F", "age": "72", "date_of_death": "2011-06-01",
			"cause_of_death": "Cardiac arrest", "registration_district": "Saint Mary Cayon"}},
		{ID: 5, Type: civreg.Death, Fields: map[string]string{"deceased_name": "Veronica Wilkes", "sex": "F", "age": "71", "date_of_death": "2010-06-01"}},
	})
	testsvc.Exec(t, e.dbURL, `UPDATE records SET status = 'needs_review' WHERE id = 5`)
	pairs := []linkage.Pair{
		{A: 1, B: 2, Kind: linkage.Duplicate, Role: linkage.RoleChild, Score: 30, Linked: true},
		{A: 1, B: 3, Kind: linkage.SamePerson, Role: linkage.RoleBride, Score: 25, Linked: true},
		{A: 1, B: 4, Kind: linkage.SamePerson, Role: linkage.RoleDeceased, Score: 22, Linked: true},
		{A: 1, B: 5, Kind: linkage.SamePerson, Role: linkage.RoleDeceased, Score: 12, Why: linkage.WhyCloseSecond},
	}
	for _, p := range pairs {
		if err := e.db.SaveLinksOf(ctx, p.B, []linkage.Pair{p}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRecordLinksAPIShowsEachRoleWhatItMaySee(t *testing.T) {
	e := newEnv(t)
	e.linkRecords(t)
	cases := []struct {
		role   civreg.Role
		record string
		status int
		links  int
	}{
		{civreg.RoleReviewer, "1", 200, 4},  // every pair, the one under review too
		{civreg.RoleHealth, "1", 200, 3},    // links made, not the pair of an unapproved record
		{civreg.RoleHealth, "5", 404, 0},    // a record health staff may not see
		{civreg.RoleClerk, "1", 403, 0},     // clerks do not read records
		{civreg.RoleArchivist, "2", 200, 1}, // a later registration: its one link
		{civreg.RoleReviewer, "x", 400, 0},  // not an ID
		{civreg.RoleReviewer, "99", 404, 0}, // no such record
	}
	for _, c := range cases {
		status, body := e.do(t, "GET", "/api/v1/records/"+c.record+"/links", e.tokens[c.role], "")
		if status != c.status {
			t.Errorf("%s, record %s: %d, want %d (%v)", c.role, c.record, status, c.status, body)
			continue
		}
		if status != 200 {
			continue
		}
		links, _ := body["links"].([]any)
		if len(links) != c.links {
			t.Errorf("%s, record %s: %d links, want %d: %v", c.role, c.record, len(links), c.links, body)
		}
		if c.record == "2" && body["duplicate_of"] != float64(1) {
			t.Errorf("record 2 is a duplicate of %v, want 1", body["duplicate_of"])
		}
	}
}

// TestReviewerDecidesAPairWithOneKeyAndCanUndoIt walks the review queue as a reviewer: the
// pair page shows both records with their fields marked, the decision (sent as the page's
// form sends it) links the pair, and undo puts it back.
func TestReviewerDecidesAPairWithOneKeyAndCanUndoIt(t *testing.T) {
	e := newEnv(t)
	e.linkRecords(t)
	c, csrf := e.signIn(t, "reviewer1")
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, queue := get("/links")
	if status != 200 || !strings.Contains(queue, "Records 1 and 5") || strings.Contains(queue, "Records 1 and 4") {
		t.Fatalf("queue %d: want the pair under review only\n%s", status, queue)
	}
	links, _ := e.db.LinksOf(context.Background(), 5, true)
	pair := "/links/" + itoa(links[0].ID)
	status, page := get(pair)
	for _, want := range []string{"Veronica Ann Wilkes", "Same person <kbd>S</kbd>", "Different people <kbd>D</kbd>",
		"Duplicate registration <kbd>R</kbd>", `class="v-agree"`, "(agrees)", "/static/link.js", "age against date of birth"} {
		if !strings.Contains(page, want) {
			t.Errorf("pair page lacks %q", want)
		}
	}
	if status != 200 || strings.Contains(page, "Undo") {
		t.Errorf("pair page %d offers undo before any decision", status)
	}
	decide := func(decision string, withCSRF bool) int {
		t.Helper()
		form := url.Values{"decision": {decision}}
		if withCSRF {
			form.Set("csrf_token", csrf)
		}
		resp, err := c.PostForm(e.srv.URL+pair+"/decide", form)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	state := func() string {
		l, _ := e.db.LinkByID(context.Background(), links[0].ID)
		return l.State
	}
	if decide("same_person", false) != 403 || state() != "review" {
		t.Fatalf("a decision without the CSRF token was taken: %s", state())
	}
	if decide("duplicate", true) != 400 || state() != "review" {
		t.Errorf("a birth and a death taken for one event registered twice: %s", state())
	}
	if decide("same_person", true) != 200 || state() != "linked" {
		t.Errorf("after same person: %s", state())
	}
	if _, page := get(pair); !strings.Contains(page, "Undo the last decision <kbd>U</kbd>") || !strings.Contains(page, "decided by reviewer1") {
		t.Errorf("the decided pair does not offer undo or say who decided")
	}
	if decide("undo", true) != 200 || state() != "review" {
		t.Errorf("after undo: %s", state())
	}
}

// TestPersonViewShowsTheLinkedRecordsWithoutSensitiveFields: health staff see Veronica
// Wilkes's birth, second registration, marriage and death together, without her date of
// birth or cause of death, and not the death still under review.
func TestPersonViewShowsTheLinkedRecordsWithoutSensitiveFields(t *testing.T) {
	e := newEnv(t)
	e.linkRecords(t)
	if _, err := e.db.DecideLink(context.Background(), nil, 4, "same_person"); err != nil { // link 4 is 1–5
		t.Fatal(err)
	}
	cases := []struct {
		user, record string
		want, not    []string
	}{
		{"health1", "4", []string{"Veronica Fahie", "Veronica Ann Wilkes", "Noel Fahie", "later registration", "record 2"},
			[]string{"1939-03-14", "Cardiac arrest", "record 5"}},
		{"reviewer1", "3", []string{"1939-03-14", "Cardiac arrest", "record 5"}, nil},
	}
	for _, tc := range cases {
		c, _ := e.signIn(t, tc.user)
		resp, page := getPageResponse(t, c, e.srv.URL+"/people/"+tc.record)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d\n%s", tc.user, resp.StatusCode, page)
		}
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s, person of %s: lacks %q", tc.user, tc.record, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(page, n) {
				t.Errorf("%s, person of %s: shows %q", tc.user, tc.record, n)
			}
		}
	}
	if n := testsvc.Count(t, e.dbURL, `SELECT count(*) FROM audit_log WHERE action = 'record.view' AND user_name = 'health1'`); n < 4 {
		t.Errorf("%d views of health1 audited, want one per record shown", n)
	}
}
