package ui_test

import (
	"context"
	"fmt"
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
