package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"civreg"
)

// TestBoxWordsReadsTheWordsInsideAndRefusesABadBox: the words whose centre is inside the box,
// in reading order; a box off the page or not a box is a 400; nothing inside is "".
func TestBoxWordsReadsTheWordsInsideAndRefusesABadBox(t *testing.T) {
	e := newEnv(t)
	id := e.readCertificates(t, "Box words", 1)[0]
	rev := e.tokens[civreg.RoleReviewer]
	b := certBox(8) // father_name: "Paul Liburd"
	status, body := e.do(t, "GET", fmt.Sprintf("/api/v1/records/%d/pages/1/box-words?box=%d,%d,%d,%d", id, b[0]-5, b[1]-5, b[2], b[3]+5), rev, "")
	if status != 200 || body["text"] != "Paul Liburd" {
		t.Fatalf("box round the father's name: %d %v", status, body)
	}
	status, body = e.do(t, "GET", fmt.Sprintf("/api/v1/records/%d/pages/1/box-words?box=900,5,990,60", id), rev, "")
	if status != 200 || body["text"] != "" {
		t.Fatalf("a box with no word: %d %v", status, body)
	}
	for _, q := range []string{"1,2,3", "50,50,10,60", "0,0,5000,10", "a,b,c,d"} {
		if status, body := e.do(t, "GET", fmt.Sprintf("/api/v1/records/%d/pages/1/box-words?box=%s", id, q), rev, ""); status != 400 {
			t.Errorf("box %q: %d %v, want 400", q, status, body)
		}
	}
	if status, _ := e.do(t, "GET", fmt.Sprintf("/api/v1/records/%d/pages/2/box-words?box=0,0,5,5", id), rev, ""); status != 404 {
		t.Errorf("a page the record lacks: %d", status)
	}
	// A box outside the page is refused by the edit too, and nothing is stored.
	status, body = e.do(t, "PATCH", fmt.Sprintf("/api/v1/records/%d", id), rev,
		`{"version":1,"fields":{"informant_name":"Mary Liburd"},"boxes":{"informant_name":{"page":1,"box":[0,0,5000,10]}}}`)
	if status != 400 {
		t.Fatalf("an edit with a box off the page: %d %v", status, body)
	}
	if rec, _ := e.db.Record(context.Background(), id); rec.Version != 1 {
		t.Fatalf("the refused edit stored version %d", rec.Version)
	}
}

// TestApprovedRecordIsNotApprovedAgain: the approver's retry changes nothing (200); another
// reviewer's approval is a 409 naming who approved it.
func TestApprovedRecordIsNotApprovedAgain(t *testing.T) {
	e := newEnv(t)
	id := e.readCertificates(t, "Approve once", 1)[0]
	path := fmt.Sprintf("/api/v1/records/%d/approve", id)
	if status, body := e.do(t, "POST", path, e.tokens[civreg.RoleReviewer], `{"version":1}`); status != 200 {
		t.Fatalf("approval: %d %v", status, body)
	}
	if status, body := e.do(t, "POST", path, e.tokens[civreg.RoleReviewer], `{"version":1}`); status != 200 {
		t.Fatalf("the approver's retry: %d %v", status, body)
	}
	status, body := e.do(t, "POST", path, e.tokens[civreg.RoleAdmin], `{"version":1}`)
	if msg, _ := body["error"].(string); status != 409 || msg == "" || !strings.Contains(msg, "reviewer1 approved it on") {
		t.Fatalf("another's approval of an approved record: %d %v", status, body)
	}
	if n := e.approvals(t, id); n != 1 {
		t.Fatalf("approved %d times", n)
	}
}

// TestAnAdminTakesOverARecordAReviewerLeftClaimed: the review screen offers an admin (and
// nobody else) to take over another's claim; the take-over gives the admin the claim, leaves
// the reviewer read-only, and the timeline says who took it from whom, each in the role they
// held at the time.
func TestAnAdminTakesOverARecordAReviewerLeftClaimed(t *testing.T) {
	e := newEnv(t)
	id := e.readCertificates(t, "Left claimed", 1)[0]
	claim := fmt.Sprintf("/api/v1/records/%d/claim", id)
	if status, body := e.do(t, "POST", claim, e.tokens[civreg.RoleReviewer], ""); status != 200 {
		t.Fatalf("reviewer's claim: %d %v", status, body)
	}
	admin, _ := e.signIn(t, "admin1")
	if status, page := getPage(t, admin, fmt.Sprintf("%s/review/%d", e.srv.URL, id)); status != 200 || !strings.Contains(page, `id="take-over"`) || !strings.Contains(page, "Take over from reviewer1") {
		t.Fatalf("the admin's review screen offers no take-over: %d\n%s", status, page)
	}
	if status, body := e.do(t, "POST", claim+"/take-over", e.tokens[civreg.RoleReviewer], ""); status != 403 {
		t.Fatalf("a reviewer's take-over: %d %v", status, body)
	}
	status, body := e.do(t, "POST", claim+"/take-over", e.tokens[civreg.RoleAdmin], "")
	if c, _ := body["claim"].(map[string]any); status != 200 || c["by"] != "admin1" {
		t.Fatalf("the admin's take-over: %d %v", status, body)
	}
	if status, body := e.do(t, "POST", claim, e.tokens[civreg.RoleReviewer], ""); status != 409 {
		t.Fatalf("the reviewer's renewal after the take-over: %d %v", status, body)
	}
	if status, body := e.do(t, "POST", fmt.Sprintf("/api/v1/records/%d/claim/take-over", id+1000), e.tokens[civreg.RoleAdmin], ""); status != 404 {
		t.Fatalf("take-over of a missing record: %d %v", status, body)
	}
	events, _, err := e.db.Timeline(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	var took *civreg.Event
	for i := range events {
		if events[i].Event == "take_over" {
			took = &events[i]
		}
	}
	if took == nil || took.By != "admin1" || took.Role != string(civreg.RoleAdmin) || took.Detail["from"] != "reviewer1" {
		t.Fatalf("the timeline's take-over: %+v", took)
	}
}

// TestQueuePageFiltersAndNextKeepsThem: the queue's filters narrow the rows (names and holder
// shown), a bad filter is a 400 saying why, and /review/next stays within the filters.
func TestQueuePageFiltersAndNextKeepsThem(t *testing.T) {
	e := newEnv(t)
	ids := e.readCertificates(t, "Queue filters", 2)
	other := e.readCertificates(t, "Other book", 1)[0]
	c, _ := e.signIn(t, "reviewer1")
	if status, body := e.do(t, "POST", fmt.Sprintf("/api/v1/records/%d/claim", ids[0]), e.tokens[civreg.RoleAdmin], ""); status != 200 {
		t.Fatalf("admin's claim: %d %v", status, body)
	}
	batch, _ := e.db.BatchByName(context.Background(), "Queue filters")
	status, page := getPage(t, c, fmt.Sprintf("%s/review?batch=%d", e.srv.URL, batch.ID))
	if status != 200 || strings.Contains(page, fmt.Sprintf(`data-record="%d"`, other)) || !strings.Contains(page, fmt.Sprintf(`data-record="%d"`, ids[1])) {
		t.Fatalf("batch filter: %d\n%s", status, page)
	}
	if !strings.Contains(page, "Jon Liburd · Mary Liburd · Paul Liburd") || !strings.Contains(page, "admin1 since") {
		t.Errorf("the rows lack the names or the holder:\n%s", page)
	}
	for _, q := range []string{"below=abc", "below=0", "district=Atlantis", "kind=divorce", "batch=-1", "tab=later"} {
		if status, page := getPage(t, c, e.srv.URL+"/review?"+q); status != 400 {
			t.Errorf("/review?%s: %d\n%s", q, status, page)
		}
	}
	// Next within the batch: not the record the admin holds, not the other book's.
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(fmt.Sprintf("%s/review/next?batch=%d", e.srv.URL, batch.ID))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := fmt.Sprintf("/review/%d?batch=%d", ids[1], batch.ID); resp.Header.Get("Location") != want {
		t.Errorf("next within the batch goes to %q, want %q", resp.Header.Get("Location"), want)
	}
}

// TestACorrectedSensitiveValueWithoutABoxWithholdsTheScan: through the API, a reviewer's new
// date of birth with no box leaves its place unknown, so Ministry staff get no image; saying
// where it is written (a box) gives them the covered image again.
func TestACorrectedSensitiveValueWithoutABoxWithholdsTheScan(t *testing.T) {
	e := newEnv(t)
	id := e.readCertificates(t, "Fail closed", 1)[0]
	rev, health := e.tokens[civreg.RoleReviewer], e.tokens[civreg.RoleHealth]
	rec := fmt.Sprintf("/api/v1/records/%d", id)
	approve := func(version int) {
		t.Helper()
		if status, body := e.do(t, "POST", rec+"/approve", rev, fmt.Sprintf(`{"version":%d}`, version)); status != 200 {
			t.Fatalf("approve v%d: %d %v", version, status, body)
		}
	}
	approve(1)
	if status, _ := e.do(t, "GET", rec+"/pages/1/image", health, ""); status != 200 {
		t.Fatalf("health staff's covered image before the correction: %d", status)
	}
	if status, body := e.do(t, "PATCH", rec, rev, `{"version":1,"fields":{"date_of_birth":"1987-03-13"}}`); status != 200 {
		t.Fatalf("correction: %d %v", status, body)
	}
	approve(2)
	status, body := e.do(t, "GET", rec+"/pages/1/image", health, "")
	if msg, _ := body["error"].(string); status != 403 || !strings.Contains(msg, "date of birth") {
		t.Fatalf("health staff's image after a correction without a box: %d %v, want 403 naming the field", status, body)
	}
	b := certBox(5)
	if status, body := e.do(t, "PATCH", rec, rev, fmt.Sprintf(`{"version":2,"fields":{},"boxes":{"date_of_birth":{"page":1,"box":[%d,%d,%d,%d]}}}`, b[0], b[1], b[2], b[3])); status != 200 {
		t.Fatalf("saying where it is written: %d %v", status, body)
	}
	approve(3)
	if status, _ := e.do(t, "GET", rec+"/pages/1/image", health, ""); status != 200 {
		t.Fatalf("health staff's image once the box is known: %d", status)
	}
}
