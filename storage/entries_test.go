package storage_test

import (
	"context"
	"slices"
	"testing"

	"civreg"
	"civreg/storage"
)

// TestEntriesOfAPageStandOnItsOwnersPage: the later entries of a page become records of the
// same batch at needs_review, with their own fields and type, on the first entry's page (no
// page of their own); storing them again makes none twice; a failed entry is retried at
// extraction, as its page is read already; its history shows the page's upload and reading.
func TestEntriesOfAPageStandOnItsOwnersPage(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clerk := newUser(t, db, "clerk", civreg.RoleClerk)
	admin := newUser(t, db, "admin", civreg.RoleAdmin)
	b, _ := db.CreateBatch(ctx, clerk, "Register of Births 1953", civreg.Birth, true)
	owner := addScan(t, db, clerk, b.ID, "register page 112", 1).Records[0].RecordID
	read := readPage(t, db, owner)
	entry := func(n int, typ civreg.RecordType, name string) civreg.Extraction {
		return civreg.Extraction{RecordType: typ, Entry: n, EntryPage: 1, Region: []int{10, 100 * n, 900, 100 * (n + 1)},
			Note: "read as a register", Fields: []civreg.Field{{Key: "registration_number", Value: name, Confidence: 0.9, Page: 1}}}
	}
	exs := []civreg.Extraction{entry(1, civreg.Birth, "874"), entry(2, civreg.Unknown, "875"), entry(3, civreg.Death, "876")}
	made, ok, err := db.FinishEntries(ctx, owner, exs)
	if !ok || err != nil || len(made) != 3 || made[0].RecordID != owner {
		t.Fatalf("FinishEntries = %v, %v, %v", made, ok, err)
	}
	on, err := db.EntriesOnPage(ctx, owner, 1)
	if err != nil || len(on) != 3 {
		t.Fatalf("EntriesOnPage = %v, %v", on, err)
	}
	for i, en := range on {
		r, err := db.Record(ctx, en.RecordID)
		if err != nil {
			t.Fatal(err)
		}
		wantType := []civreg.RecordType{civreg.Birth, civreg.Birth, civreg.Death}[i] // unknown keeps the batch's type
		if r.Entry != i+1 || r.BatchID != b.ID || r.Status != civreg.StatusNeedsReview || r.RecordType != wantType ||
			r.Fields["registration_number"].Value != exs[i].Fields[0].Value || !slices.Equal(r.Region, exs[i].Region) {
			t.Errorf("entry %d: %+v", i+1, r)
		}
		if len(r.Pages) != 1 || r.Pages[0].RecordID != owner || r.Pages[0].ImageKey != read.ImageKey || (i > 0) != (r.PageOf == owner) {
			t.Errorf("entry %d: page_of %d, pages %+v; want the owner's page", i+1, r.PageOf, r.Pages)
		}
	}

	// Stored again after the owner failed and was retried: nothing new.
	if err := db.FailStage(ctx, owner, civreg.StageExtract, "lost", true); err != nil {
		t.Fatal(err)
	}
	if to, err := db.RetryRecord(ctx, admin, owner); err != nil || to != civreg.StatusExtracting {
		t.Fatal(to, err)
	}
	again, ok, err := db.FinishEntries(ctx, owner, exs)
	if !ok || err != nil || len(again) != 1 || again[0].RecordID != owner {
		t.Errorf("FinishEntries again = %v, %v, %v; want the owner only", again, ok, err)
	}
	if on2, _ := db.EntriesOnPage(ctx, owner, 1); len(on2) != 3 {
		t.Errorf("%d entries after storing them again, want 3", len(on2))
	}
	if _, ok, _ := db.FinishEntries(ctx, owner, exs); ok {
		t.Error("a third extraction was stored over the review")
	}

	// A failed later entry goes back to extraction, not to OCR: its page is its owner's.
	second := on[1].RecordID
	if err := db.FailStage(ctx, second, civreg.StageIndex, "index down", true); err != nil {
		t.Fatal(err)
	}
	if to, err := db.RetryRecord(ctx, admin, second); err != nil || to != civreg.StatusExtracting {
		t.Errorf("retry of entry 2 = %s, %v; want extracting", to, err)
	}
	events, err := db.History(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, ev := range events {
		seen[ev.Event] = true
	}
	for _, want := range []string{"digest", "ingest", "ocr"} {
		if !seen[want] {
			t.Errorf("entry 2's history lacks its page's %s: %v", want, events)
		}
	}
}

// readPage takes a one-page record through OCR to extracting, and returns what was read.
func readPage(t *testing.T, db *storage.DB, id int64) civreg.PageRead {
	t.Helper()
	ctx := context.Background()
	read := civreg.PageRead{ImageKey: civreg.PageImageKey(id, 1), WordsKey: civreg.PageWordsKey(id, 1), Text: "BIRTHS"}
	if ok, err := db.BeginStage(ctx, id, civreg.StageOCR); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if ok, err := db.FinishPage(ctx, id, 1, read); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if ok, err := db.BeginStage(ctx, id, civreg.StageExtract); !ok || err != nil {
		t.Fatal(ok, err)
	}
	return read
}

// TestASuggestionIsStoredBesideTheValueAndAnEditClearsIt: what extraction offers for a value
// in review comes back with the record, is not the value, and goes when a reviewer edits the
// field.
func TestASuggestionIsStoredBesideTheValueAndAnEditClearsIt(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	clerk := newUser(t, db, "clerk", civreg.RoleClerk)
	rev := newUser(t, db, "rev", civreg.RoleReviewer)
	b, _ := db.CreateBatch(ctx, clerk, "Births 1961", civreg.Birth, false)
	id := addScan(t, db, clerk, b.ID, "birth cert 1961", 1).Records[0].RecordID
	readPage(t, db, id)
	v, ok, err := db.FinishExtract(ctx, id, civreg.Extraction{RecordType: civreg.Birth, Fields: []civreg.Field{
		{Key: "child_name", Value: "Jon Liburcl", Confidence: 0.5, NeedsReview: true, Page: 1, Suggested: "Jon Liburd"},
		{Key: "mother_name", Value: "Mary Liburd", Confidence: 0.97, Page: 1}}})
	if !ok || err != nil {
		t.Fatalf("FinishExtract: %v, %v", ok, err)
	}
	rec, _ := db.Record(ctx, id)
	if f := rec.Fields["child_name"]; f.Value != "Jon Liburcl" || f.Suggested != "Jon Liburd" || rec.Fields["mother_name"].Suggested != "" {
		t.Fatalf("fields after extraction: %+v", rec.Fields)
	}
	if _, err := db.EditRecord(ctx, rev, id, civreg.Edit{Version: v, Fields: map[string]string{"child_name": "Jon Liburd"}}); err != nil {
		t.Fatal(err)
	}
	rec, _ = db.Record(ctx, id)
	if f := rec.Fields["child_name"]; f.Value != "Jon Liburd" || f.Suggested != "" {
		t.Fatalf("the field after the reviewer's edit: %+v", f)
	}
}
