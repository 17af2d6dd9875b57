package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"civreg"
)

// TestRecordWalksTheLifecycleAndItsHistory takes one record through every stage by storage's
// own steps, checking at each that the lifecycle table's guards hold (a step repeated or out of
// turn changes nothing) and that the record's history tells every step, in order.
func TestRecordWalksTheLifecycleAndItsHistory(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clerk := newUser(t, db, "clerk", civreg.RoleClerk)
	rev := newUser(t, db, "rev", civreg.RoleReviewer)
	b, _ := db.CreateBatch(ctx, clerk, "Births 1971", civreg.Birth, false)
	added := addScan(t, db, clerk, b.ID, "birth cert 1971", 1)
	id := added.Records[0].RecordID
	must := func(ok bool, err error) {
		t.Helper()
		if err != nil || !ok {
			t.Fatalf("step: ok %v, err %v", ok, err)
		}
	}
	status := func(want civreg.Status) {
		t.Helper()
		if rec, err := db.Record(ctx, id); err != nil || rec.Status != want {
			t.Fatalf("status %v (%v), want %s", rec.Status, err, want)
		}
	}
	if ok, _ := db.BeginStage(ctx, id, civreg.StageExtract); ok {
		t.Fatal("extraction began on a record not yet read")
	}
	must(db.BeginStage(ctx, id, civreg.StageOCR))
	status(civreg.StatusOCR)
	must(db.FinishPage(ctx, id, 1, civreg.PageRead{ImageKey: civreg.PageImageKey(id, 1), WordsKey: civreg.PageWordsKey(id, 1), Text: "BIRTH"}))
	status(civreg.StatusExtracting)
	must(db.BeginStage(ctx, id, civreg.StageExtract))
	_, ok, err := db.FinishExtract(ctx, id, civreg.Extraction{RecordType: civreg.Birth, TypeConfidence: 0.9,
		Fields: []civreg.Field{{Key: "child_name", Value: "Noelle Francis", Confidence: 0.6, NeedsReview: true}}})
	must(ok, err)
	status(civreg.StatusNeedsReview)
	queue, err := db.ReviewQueue(ctx, 10)
	if err != nil || len(queue) != 1 || queue[0].RecordID != id || queue[0].RecordType != civreg.Birth || queue[0].Fields != 1 || queue[0].ToCheck != 1 {
		t.Fatalf("review queue %+v, %v", queue, err)
	}
	if _, again, _ := db.FinishExtract(ctx, id, civreg.Extraction{}); again {
		t.Fatal("a second extraction was stored over the review")
	}
	if _, err := db.EditRecord(ctx, rev, id, civreg.Edit{Version: 1, Fields: map[string]string{"deceased_name": "x"}}); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Fatalf("a death's field on a birth: %v, want EINVALID", err)
	}
	v, err := db.EditRecord(ctx, rev, id, civreg.Edit{Version: 1, Fields: map[string]string{"child_name": "Noëlle Francis"}})
	must(err == nil, err)
	must(true, db.ApproveRecord(ctx, rev, id, v))
	status(civreg.StatusApproved)
	must(db.BeginStage(ctx, id, civreg.StageArchive))
	sha := strings.Repeat("ab", 32)
	must(true, db.FinishArchive(ctx, civreg.Archive{RecordID: id, Version: v, Key: civreg.ArchiveKey(id, v), SHA256: sha, Size: 10, Conformance: "2u"}))
	status(civreg.StatusArchived)
	if err := db.RejectRecord(ctx, rev, id, v, "blurred"); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Fatalf("rejecting an archived record: %v, want ECONFLICT", err)
	}
	must(true, db.FailStage(ctx, id, civreg.StageIndex, "late failure", true))
	status(civreg.StatusArchived) // an archived record is never marked failed by a late task
	must(true, db.RecordFixity(ctx, civreg.FixityCheck{Key: civreg.ArchiveKey(id, v), Expected: sha, Actual: sha, OK: true}))
	stuck := addScan(t, db, clerk, b.ID, "another birth cert", 1).Records[0].RecordID
	time.Sleep(20 * time.Millisecond) // stuck for longer than the millisecond asked below
	problems, err := db.ProblemRecords(ctx, time.Millisecond, 10)
	if err != nil || len(problems) != 1 || problems[0].RecordID != stuck || problems[0].Status != civreg.StatusQueued {
		t.Fatalf("problem records %+v, %v; want only record %d, queued", problems, err, stuck)
	}
	c, err := db.BatchCounts(ctx, b.ID)
	must(err == nil, err)
	if c != (civreg.BatchCounts{Uploaded: 2, OCRDone: 1, Extracted: 1, Approved: 1, Archived: 1}) {
		t.Errorf("batch counts %+v", c)
	}

	events, err := db.History(ctx, id)
	must(err == nil, err)
	var names []string
	for _, e := range events {
		names = append(names, e.Event)
	}
	// The digest and ingest are stamped in one transaction, so they may come in either order.
	want := []string{"digest", "ingest", "ocr", "extract", "review", "approval", "archive", "archive", "fixity"}
	if len(names) < 2 || !slices.Equal(names[2:], want[2:]) || !slices.Contains(names[:2], "digest") || !slices.Contains(names[:2], "ingest") {
		t.Errorf("history %v, want %v", names, want)
	}
	for i := 1; i < len(events); i++ {
		if events[i].At.Before(events[i-1].At) {
			t.Errorf("history out of time order at %d: %v", i, names)
		}
	}
}
