package ui_test

import (
	"bytes"
	"context"
	"testing"

	"civreg"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
)

// TestScanPageReadsFollowTheRecordRuleAndAreAudited: a page's image and words are read under
// the same rule as the record's fields (health staff get 404 for a record not approved) and
// each read that is answered writes one audit row; a refused read writes none.
func TestScanPageReadsFollowTheRecordRuleAndAreAudited(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.queuedBirth(t, "2")
	parts := map[string][]byte{"image": testfiles.PNG(40, 30, 7), "words": []byte(`{"width":40,"height":30,"words":[]}`)}
	keys := map[string]string{"image": civreg.PageImageKey(id, 1), "words": civreg.PageWordsKey(id, 1)}
	for part, body := range parts {
		if err := e.objects.Put(ctx, keys[part], bytes.NewReader(body), int64(len(body)), "application/octet-stream"); err != nil {
			t.Fatal(err)
		}
	}
	testsvc.Exec(t, e.dbURL, "UPDATE pages SET image_key = '"+keys["image"]+"', words_key = '"+keys["words"]+"' WHERE record_id = "+itoa(id))

	cases := []struct {
		role   civreg.Role
		status civreg.Status
		want   int
	}{
		{civreg.RoleHealth, civreg.StatusQueued, 404},
		{civreg.RoleHealth, civreg.StatusNeedsReview, 404},
		{civreg.RoleHealth, civreg.StatusRejected, 404},
		{civreg.RoleHealth, civreg.StatusFailed, 404},
		// No sensitive field of this record has a box: withheld (TestScanIsWithheldWhenASensitiveFieldHasNoBox).
		{civreg.RoleHealth, civreg.StatusApproved, 403},
		{civreg.RoleHealth, civreg.StatusArchived, 403},
		{civreg.RoleReviewer, civreg.StatusApproved, 200},
		{civreg.RoleReviewer, civreg.StatusNeedsReview, 200},
		{civreg.RoleArchivist, civreg.StatusRejected, 200},
	}
	for _, c := range cases {
		testsvc.Exec(t, e.dbURL, "UPDATE records SET status = '"+string(c.status)+"' WHERE id = "+itoa(id))
		for part, body := range parts {
			before := e.pageReads(t, id, string(c.role)+"1")
			resp, got, err := e.get(t, "/api/v1/records/"+itoa(id)+"/pages/1/"+part, e.tokens[c.role])
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != c.want {
				t.Errorf("%s reading the %s of a %s record: %d, want %d", c.role, part, c.status, resp.StatusCode, c.want)
				continue
			}
			wantRows := 0
			if c.want == 200 {
				wantRows = 1
				if !bytes.Equal(got, body) {
					t.Errorf("%s reading the %s of a %s record: %d bytes, not the %d stored", c.role, part, c.status, len(got), len(body))
				}
			} else if bytes.Contains(got, body) {
				t.Errorf("the refused %s read still carries the page", part)
			}
			if n := e.pageReads(t, id, string(c.role)+"1") - before; n != wantRows {
				t.Errorf("%s reading the %s of a %s record wrote %d audit rows, want %d", c.role, part, c.status, n, wantRows)
			}
		}
	}
	if resp, _, _ := e.get(t, "/api/v1/records/"+itoa(id)+"/pages/2/image", e.tokens[civreg.RoleHealth]); resp.StatusCode != 404 {
		t.Errorf("a page the record does not have: %d, want 404", resp.StatusCode)
	}
}

// pageReads counts the audit rows of user's reads of the record's scan pages.
func (e *env) pageReads(t *testing.T, record int64, user string) int {
	t.Helper()
	log, err := e.db.AuditLog(context.Background(), record, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range log {
		if l.Action == "record.view_page" && l.UserName == user {
			n++
		}
	}
	return n
}
