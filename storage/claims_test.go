package storage_test

import (
	"context"
	"slices"
	"testing"

	"civreg"
)

// TestAClaimedRecordIsReadOnlyToOthersUntilReleasedOrExpired: the second reviewer is told who
// holds the record and can change nothing; renewing keeps "since"; approval releases the
// claim; an expired claim is taken over.
func TestAClaimedRecordIsReadOnlyToOthersUntilReleasedOrExpired(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	_, r1, r2, ids := deathsInReview(t, db, 2)
	id, other := ids[0], ids[1]

	c1, err := db.ClaimRecord(ctx, r1, id)
	if err != nil || !c1.HeldBy(r1) || c1.By != "rev1" || !c1.Until.After(c1.Since) {
		t.Fatalf("first claim: %+v, %v", c1, err)
	}
	c2, err := db.ClaimRecord(ctx, r2, id)
	if civreg.ErrorCode(err) != civreg.ECONFLICT || c2 == nil || c2.By != "rev1" {
		t.Fatalf("second reviewer's claim: %+v, %v; want rev1's claim and a conflict", c2, err)
	}
	if _, err := db.EditRecord(ctx, r2, id, civreg.Edit{Version: 1, Fields: map[string]string{"deceased_name": "Jon Liburd"}}); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Fatalf("edit of a record someone else holds: %v", err)
	}
	if err := db.ApproveRecord(ctx, r2, id, 1); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Fatalf("approval of a record someone else holds: %v", err)
	}
	if err := db.RejectRecord(ctx, r2, id, 1, "blurred"); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Fatalf("rejection of a record someone else holds: %v", err)
	}
	if err := db.CheckClaim(ctx, r2, id); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Fatalf("CheckClaim for rev2: %v", err)
	}
	if err := db.CheckClaim(ctx, r1, id); err != nil {
		t.Fatalf("CheckClaim for the holder: %v", err)
	}
	if rec, _ := db.Record(ctx, id); rec.Version != 1 || rec.Status != civreg.StatusNeedsReview {
		t.Fatalf("the refused changes changed the record: %+v", rec)
	}
	// The queue's next record for rev2 is not the one rev1 holds.
	if next, err := db.NextForReview(ctx, r2, 0, civreg.QueueFilter{}); err != nil || next != other {
		t.Fatalf("rev2's next: %d, %v; want %d", next, err, other)
	}

	renewed, err := db.ClaimRecord(ctx, r1, id)
	if err != nil || !renewed.Since.Equal(c1.Since) || renewed.Until.Before(c1.Until) {
		t.Fatalf("renewal: %+v, %v (first %+v)", renewed, err, c1)
	}
	v, err := db.EditRecord(ctx, r1, id, civreg.Edit{Version: 1, Fields: map[string]string{"deceased_name": "John Liburd"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApproveRecord(ctx, r1, id, v); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.RecordClaim(ctx, id); c != nil {
		t.Fatalf("claim after approval: %+v", c)
	}

	// An abandoned claim runs out and the next reviewer takes the record over.
	if _, err := db.ClaimRecord(ctx, r1, other); err != nil {
		t.Fatal(err)
	}
	db.ExecForTest(ctx, "UPDATE record_claims SET claimed_at = now() - interval '1 hour', expires_at = now() - interval '1 second'")
	if c, err := db.ClaimRecord(ctx, r2, other); err != nil || c.By != "rev2" {
		t.Fatalf("taking over an expired claim: %+v, %v", c, err)
	}
	// A missing record is ENOTFOUND.
	if _, err := db.ClaimRecord(ctx, r1, 999999); civreg.ErrorCode(err) != civreg.ENOTFOUND {
		t.Fatalf("claim of a missing record: %v", err)
	}
}

// TestSkipReleasesAndHidesTheRecordFromTheSkipperOnly.
func TestSkipReleasesAndHidesTheRecordFromTheSkipperOnly(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	_, r1, r2, ids := deathsInReview(t, db, 1)
	id := ids[0]
	db.ClaimRecord(ctx, r1, id)
	if err := db.SkipRecord(ctx, r1, id); err != nil {
		t.Fatal(err)
	}
	if err := db.SkipRecord(ctx, r1, id); err != nil {
		t.Fatalf("skipping twice: %v", err)
	}
	if c, _ := db.RecordClaim(ctx, id); c != nil {
		t.Fatalf("claim after skip: %+v", c)
	}
	if _, err := db.NextForReview(ctx, r1, 0, civreg.QueueFilter{}); civreg.ErrorCode(err) != civreg.ENOTFOUND {
		t.Fatalf("the skipper is offered the record again: %v", err)
	}
	if next, err := db.NextForReview(ctx, r2, 0, civreg.QueueFilter{}); err != nil || next != id {
		t.Fatalf("another reviewer's next: %d, %v", next, err)
	}
	if err := db.SkipRecord(ctx, r1, 999999); civreg.ErrorCode(err) != civreg.ENOTFOUND {
		t.Fatalf("skip of a missing record: %v", err)
	}
}

// TestFieldBoxesAReviewerGivesAndFailClosed: a box given is stored; a sensitive value changed
// without one loses the box OCR gave it (its place is no longer known); a bad box changes
// nothing.
func TestFieldBoxesAReviewerGivesAndFailClosed(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clerk := newUser(t, db, "clerk", civreg.RoleClerk)
	rev := newUser(t, db, "rev1", civreg.RoleReviewer)
	b, _ := db.CreateBatch(ctx, clerk, "Births", civreg.Birth, false)
	id := addScan(t, db, clerk, b.ID, "birth cert", 1).Records[0].RecordID
	db.ExecForTest(ctx, "UPDATE records SET status = 'needs_review', record_type = 'birth'")
	db.ExecForTest(ctx, `INSERT INTO fields (record_id, key, value, confidence, needs_review, page, box, version) VALUES
		($1, 'date_of_birth', '1987-03-12', .4, true, 1, '{10,10,90,30}', 1), ($1, 'child_name', 'Jon Liburd', .5, true, 1, '{10,40,90,60}', 1),
		($1, 'place_of_birth', 'Basseterre', .9, false, 1, '{10,70,90,90}', 1)`, id)

	bad := civreg.Edit{Version: 1, Fields: map[string]string{"child_name": "John Liburd"}, Boxes: map[string]civreg.FieldBox{"child_name": {Page: 2, Box: [4]int{1, 1, 5, 5}}}}
	if _, err := db.EditRecord(ctx, rev, id, bad); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Fatalf("a box on a page the record lacks: %v", err)
	}
	bad.Boxes["child_name"] = civreg.FieldBox{Page: 1, Box: [4]int{50, 50, 40, 60}}
	if _, err := db.EditRecord(ctx, rev, id, bad); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Fatalf("an upside-down box: %v", err)
	}
	if rec, _ := db.Record(ctx, id); rec.Version != 1 || rec.Fields["child_name"].Value != "Jon Liburd" {
		t.Fatalf("a refused edit changed the record: %+v", rec.Fields)
	}

	v, err := db.EditRecord(ctx, rev, id, civreg.Edit{Version: 1,
		Fields: map[string]string{"child_name": "John Liburd", "date_of_birth": "1987-08-12"},
		Boxes:  map[string]civreg.FieldBox{"child_name": {Page: 1, Box: [4]int{12, 41, 95, 62}}}})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := db.Record(ctx, id)
	if f := rec.Fields["child_name"]; f.Value != "John Liburd" || !slices.Equal(f.Box, []int{12, 41, 95, 62}) || f.Page != 1 {
		t.Fatalf("child name after the edit: %+v", f)
	}
	if f := rec.Fields["date_of_birth"]; len(f.Box) != 0 || f.Page != 0 {
		t.Fatalf("a sensitive value changed without a box kept the old box: %+v", f)
	}
	health := &civreg.User{ID: 99, Name: "h", Role: civreg.RoleHealth}
	rec.Status = civreg.StatusApproved
	if _, covered, err := health.ScanCover(rec, 1); civreg.ErrorCode(err) != civreg.EFORBIDDEN || !covered {
		t.Fatalf("health staff's cover of a scan whose date of birth has no place: %v", err)
	}
	// Saying where it is written (a value left as it is) makes the scan coverable again.
	if _, err := db.EditRecord(ctx, rev, id, civreg.Edit{Version: v, Boxes: map[string]civreg.FieldBox{"date_of_birth": {Page: 1, Box: [4]int{10, 10, 92, 31}}}}); err != nil {
		t.Fatal(err)
	}
	rec, _ = db.Record(ctx, id)
	boxes, _, err := health.ScanCover(rec, 1)
	if err != nil || !slices.Contains(boxes, [4]int{10, 10, 92, 31}) {
		t.Fatalf("cover after the box was drawn: %v, %v", boxes, err)
	}
	if _, err := db.EditRecord(ctx, rev, id, civreg.Edit{Version: rec.Version, Boxes: map[string]civreg.FieldBox{"mother_name": {Page: 1, Box: [4]int{1, 1, 5, 5}}}}); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Fatalf("a box for a field with no value: %v", err)
	}
}

// TestWorkQueueTabsAndFilters.
func TestWorkQueueTabsAndFilters(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clerk := newUser(t, db, "clerk", civreg.RoleClerk)
	rev := newUser(t, db, "rev1", civreg.RoleReviewer)
	b, _ := db.CreateBatch(ctx, clerk, "Deaths", civreg.Death, false)
	a := addScan(t, db, clerk, b.ID, "death cert", 1).Records[0].RecordID
	c := addScan(t, db, clerk, b.ID, "death cert 2", 1).Records[0].RecordID
	db.ExecForTest(ctx, "UPDATE records SET status = 'needs_review', record_type = 'death'")
	db.ExecForTest(ctx, `INSERT INTO fields (record_id, key, value, confidence, needs_review, version) VALUES
		($1, 'deceased_name', 'John Liburd', .9, false, 1), ($1, 'registration_district', 'Saint Paul Capisterre', .9, false, 1),
		($2, 'deceased_name', 'Mary Hector', .3, true, 1)`, a, c)
	ids := func(q civreg.QueueFilter) []int64 {
		t.Helper()
		items, err := db.WorkQueue(ctx, rev, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, it := range items {
			out = append(out, it.RecordID)
		}
		return out
	}
	if got := ids(civreg.QueueFilter{}); !slices.Equal(got, []int64{c, a}) {
		t.Fatalf("to check: %v, want worst read first", got)
	}
	if got := ids(civreg.QueueFilter{District: "Saint Paul Capisterre"}); !slices.Equal(got, []int64{a}) {
		t.Fatalf("district filter: %v", got)
	}
	if got := ids(civreg.QueueFilter{Below: .5}); !slices.Equal(got, []int64{c}) {
		t.Fatalf("confidence filter: %v", got)
	}
	if got := ids(civreg.QueueFilter{RecordType: civreg.Birth}); len(got) != 0 {
		t.Fatalf("kind filter: %v", got)
	}
	items, _ := db.WorkQueue(ctx, rev, civreg.QueueFilter{BatchID: b.ID})
	if len(items) != 2 || items[1].Names != "John Liburd" || items[1].District != "Saint Paul Capisterre" {
		t.Fatalf("rows: %+v", items)
	}
	db.ClaimRecord(ctx, rev, a)
	items, _ = db.WorkQueue(ctx, rev, civreg.QueueFilter{})
	if items[1].ClaimedBy != "rev1" || items[1].ClaimedSince == nil {
		t.Fatalf("claimed row: %+v", items[1])
	}
	if err := db.RejectRecord(ctx, rev, c, 1, "cut off"); err != nil {
		t.Fatal(err)
	}
	if got := ids(civreg.QueueFilter{Tab: civreg.TabRescan}); !slices.Equal(got, []int64{c}) {
		t.Fatalf("rescan requested: %v", got)
	}
	if got := ids(civreg.QueueFilter{Tab: civreg.TabMine}); !slices.Equal(got, []int64{c}) {
		t.Fatalf("my recent: %v", got)
	}
	if _, err := db.WorkQueue(ctx, rev, civreg.QueueFilter{Tab: "later"}); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Fatalf("unknown tab: %v", err)
	}
}

// TestTakeOverIsAnAdminsAndTheTimelineKeepsTheRoleOfEachAct: a reviewer may not take over
// another's claim; once made an admin they may, and the timeline shows their earlier skip in
// the role they then held (reviewer) and the take-over in the one they hold now (admin).
func TestTakeOverIsAnAdminsAndTheTimelineKeepsTheRoleOfEachAct(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	_, r1, r2, ids := deathsInReview(t, db, 1)
	id := ids[0]
	if err := db.SkipRecord(ctx, r2, id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimRecord(ctx, r1, id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TakeOverClaim(ctx, r2, id); civreg.ErrorCode(err) != civreg.EFORBIDDEN {
		t.Fatalf("a reviewer's take-over: %v", err)
	}
	if err := db.SetRole(ctx, r2.ID, civreg.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	r2.Role = civreg.RoleAdmin
	c, err := db.TakeOverClaim(ctx, r2, id)
	if err != nil || !c.HeldBy(r2) {
		t.Fatalf("the admin's take-over: %+v, %v", c, err)
	}
	if err := db.CheckClaim(ctx, r1, id); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Fatalf("the first reviewer after the take-over: %v", err)
	}
	events, _, err := db.Timeline(ctx, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, e := range events {
		if e.By == "rev2" {
			roles[e.Event] = e.Role
		}
	}
	if roles["skip"] != "reviewer" || roles["take_over"] != "admin" {
		t.Fatalf("rev2's acts in the timeline, by role: %v; want the skip a reviewer's, the take-over an admin's", roles)
	}
	// The role is the database's, not the caller's: an insert naming another role gets the user's.
	db.ExecForTest(ctx, `INSERT INTO audit_log (user_id, user_name, action, record_id, user_role) VALUES ($1, 'rev1', 'record.view', $2, 'admin')`, r1.ID, id)
	log, err := db.AuditLog(ctx, id, 1)
	if err != nil || len(log) != 1 || log[0].UserRole != "reviewer" {
		t.Fatalf("the audit row written with a role of the caller's choosing: %+v, %v", log, err)
	}
}

// TestEveryLookUpOfAMissingRecordIsNotFound: each way in that reads a record by its id says
// ENOTFOUND for an id no record has, not an internal error.
func TestEveryLookUpOfAMissingRecordIsNotFound(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	_, r1, _, _ := deathsInReview(t, db, 1)
	const none = 999999
	calls := map[string]func() error{
		"Record":        func() error { _, err := db.Record(ctx, none); return err },
		"KeyingOf":      func() error { _, err := db.KeyingOf(ctx, none); return err },
		"ClaimRecord":   func() error { _, err := db.ClaimRecord(ctx, r1, none); return err },
		"EditRecord":    func() error { _, err := db.EditRecord(ctx, r1, none, civreg.Edit{Version: 1}); return err },
		"KeyEntry":      func() error { _, err := db.KeyEntry(ctx, r1, none, civreg.Keying{Version: 1}); return err },
		"Arbitrate":     func() error { _, err := db.Arbitrate(ctx, r1, none, 1, nil); return err },
		"RejectRecord":  func() error { return db.RejectRecord(ctx, r1, none, 1, "torn") },
		"ApproveRecord": func() error { return db.ApproveRecord(ctx, r1, none, 1) },
		"RetryRecord":   func() error { _, err := db.RetryRecord(ctx, r1, none); return err },
		"BeginStage":    func() error { _, err := db.BeginStage(ctx, none, civreg.StageOCR); return err },
		"IndexState":    func() error { _, _, err := db.IndexState(ctx, none); return err },
	}
	for name, call := range calls {
		if err := call(); civreg.ErrorCode(err) != civreg.ENOTFOUND {
			t.Errorf("%s of a missing record: %v; want ENOTFOUND", name, err)
		}
	}
}
