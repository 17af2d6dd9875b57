package storage_test

import (
	"context"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/linkage"
	"civreg/storage"
)

// linkFixture is a database holding a birth (1), its late second registration (2) and the
// child's death (3), approved, and a reviewer.
func linkFixture(t *testing.T) (*storage.DB, string, *civreg.User) {
	t.Helper()
	db, url := testsvc.MigratedDB(t)
	u := testsvc.User(t, db, "ana", civreg.RoleReviewer, "")
	b := testsvc.Batch(t, db, u, "Births 1939", civreg.Birth)
	testsvc.ApprovedRecords(t, url, b.ID, []linkage.Record{
		{ID: 1, Type: civreg.Birth, Fields: map[string]string{"child_name": "Veronica Wilkes", "sex": "F", "date_of_birth": "1939-03-14", "registration_date": "1939-04-01"}},
		{ID: 2, Type: civreg.Birth, Fields: map[string]string{"child_name": "Veronica Wilkes", "sex": "F", "date_of_birth": "1939-03-14", "registration_date": "1951-04-01"}},
		{ID: 3, Type: civreg.Death, Fields: map[string]string{"deceased_name": "Veronica Wilkes", "sex": "F", "age": "72", "date_of_death": "2011-06-01"}},
	})
	return db, url, u
}

func TestLinkDecisionsAreAuditedAndReversible(t *testing.T) {
	ctx := context.Background()
	db, url, u := linkFixture(t)
	pair := linkage.Pair{A: 1, B: 3, Kind: linkage.SamePerson, Role: linkage.RoleDeceased, Score: 9, Why: linkage.WhyCloseSecond}
	if err := db.SaveLinksOf(ctx, 3, []linkage.Pair{pair}); err != nil {
		t.Fatal(err)
	}
	queue, total, err := db.LinkReviewQueue(ctx, 10, 0)
	if err != nil || total != 1 || len(queue) != 1 || queue[0].A != 1 || queue[0].B != 3 {
		t.Fatalf("review queue %+v (%d), %v", queue, total, err)
	}
	id := queue[0].ID
	steps := []struct {
		decision    string
		kind, state string
		refused     string
	}{
		{linkage.DecideDuplicate, "", "", civreg.EINVALID}, // a birth and a death are not one event
		{linkage.DecideSamePerson, "same_person", linkage.LinkLinked, ""},
		{linkage.DecideUndo, "same_person", linkage.LinkReview, ""},
		{linkage.DecideDifferent, "same_person", linkage.LinkRejected, ""},
		{"maybe", "", "", civreg.EINVALID},
	}
	for _, s := range steps {
		l, err := db.DecideLink(ctx, u, id, s.decision)
		if s.refused != "" {
			if civreg.ErrorCode(err) != s.refused {
				t.Fatalf("%s: err %v, want %s", s.decision, err, s.refused)
			}
			continue
		}
		if err != nil || string(l.Kind) != s.kind || l.State != s.state || l.DecidedBy != "ana" {
			t.Fatalf("%s: %+v, %v; want %s/%s decided by ana", s.decision, l, err, s.kind, s.state)
		}
	}
	// The linkage proposing the pair again leaves the person's decision standing.
	if err := db.SaveLinksOf(ctx, 3, []linkage.Pair{pair}); err != nil {
		t.Fatal(err)
	}
	if l, _ := db.LinkByID(ctx, id); l.State != linkage.LinkRejected {
		t.Errorf("after the linkage ran again: %+v, want rejected", l)
	}
	if n := testsvc.Count(t, url, `SELECT count(*) FROM audit_log WHERE action = 'link.decide' AND record_id = 1`); n != 3 {
		t.Errorf("%d audit rows, want 3 (the refused decisions change nothing)", n)
	}
	if err := db.ExecForTest(ctx, `UPDATE link_decisions SET decision = 'undo'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("changing a decision: %v, want refused", err)
	}
	if _, err := db.DecideLink(ctx, u, 999, linkage.DecideDifferent); civreg.ErrorCode(err) != civreg.ENOTFOUND {
		t.Errorf("deciding no link: %v", err)
	}
}

// TestDuplicateRegistrationIsMarkedAndCountedOnce: the statistics count records not in
// duplicate_registrations (or not marked in records.duplicate_of), so the birth registered
// twice is one birth, until a person says they are two.
func TestDuplicateRegistrationIsMarkedAndCountedOnce(t *testing.T) {
	ctx := context.Background()
	db, url, _ := linkFixture(t)
	if err := db.SaveLinksOf(ctx, 2, []linkage.Pair{{A: 1, B: 2, Kind: linkage.Duplicate, Role: linkage.RoleChild, Score: 30, Linked: true}}); err != nil {
		t.Fatal(err)
	}
	if first, err := db.DuplicateOf(ctx, 2); err != nil || first != 1 {
		t.Errorf("DuplicateOf(2) = %d, %v; want 1", first, err)
	}
	if first, _ := db.DuplicateOf(ctx, 1); first != 0 {
		t.Errorf("the first registration is marked a duplicate of %d", first)
	}
	births := testsvc.Count(t, url, `SELECT count(*) FROM records WHERE record_type = 'birth' AND id NOT IN (SELECT record_id FROM duplicate_registrations)`)
	if births != 1 {
		t.Errorf("%d births counted, want 1", births)
	}
	if n := testsvc.Count(t, url, `SELECT count(*) FROM records WHERE duplicate_of = 1 AND id = 2`); n != 1 {
		t.Errorf("records.duplicate_of of 2 is not 1")
	}
	// A person saying the two are different births takes the mark away.
	l, _ := db.LinksOf(ctx, 2, false)
	if _, err := db.DecideLink(ctx, nil, l[0].ID, linkage.DecideDifferent); err != nil {
		t.Fatal(err)
	}
	if n := testsvc.Count(t, url, `SELECT count(*) FROM records WHERE duplicate_of IS NOT NULL`); n != 0 {
		t.Errorf("%d records still marked duplicates", n)
	}
}

// TestFullLinkRunReplacesTheLinkagesPairsButNotAPersons: a second full run replaces what the
// linkage proposed, and leaves what a person decided.
func TestFullLinkRunReplacesTheLinkagesPairsButNotAPersons(t *testing.T) {
	ctx := context.Background()
	db, url, u := linkFixture(t)
	var recs []linkage.Record
	if err := db.AllLinkRecords(ctx, func(r linkage.Record) error { recs = append(recs, r); return nil }); err != nil || len(recs) != 3 {
		t.Fatalf("%d records to link, %v", len(recs), err)
	}
	res := linkage.NewLinker().Link(recs, nil)
	all := append(res.Links, res.Review...)
	if len(all) < 2 {
		t.Fatalf("the linkage kept %+v", all)
	}
	if err := db.ReplaceLinks(ctx, recs, all); err != nil {
		t.Fatal(err)
	}
	if n := testsvc.Count(t, url, `SELECT count(*) FROM record_links`); n != len(all) {
		t.Fatalf("%d pairs stored, want %d", n, len(all))
	}
	links, err := db.LinksOf(ctx, 1, true)
	if err != nil || len(links) == 0 {
		t.Fatalf("links of 1: %+v, %v", links, err)
	}
	if _, err := db.DecideLink(ctx, u, links[0].ID, linkage.DecideDifferent); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceLinks(ctx, recs, all); err != nil {
		t.Fatal(err)
	}
	n := testsvc.Count(t, url, `SELECT count(*) FROM record_links`)
	rejected := testsvc.Count(t, url, `SELECT count(*) FROM record_links WHERE state = 'rejected' AND id = $1`, links[0].ID)
	if n != len(all) || rejected != 1 {
		t.Errorf("after a second run: %d pairs (want %d), the rejected one kept: %v", n, len(all), rejected == 1)
	}
	if n := testsvc.Count(t, url, `SELECT people FROM link_people`); n != 3 {
		t.Errorf("%d people counted for name frequencies, want 3", n)
	}
	freq, err := db.NameFrequencies(ctx, recs[:1])
	if err != nil || freq.Given["veronica"] != 3 || freq.Surnames["wilkes"] != 3 {
		t.Errorf("frequencies %+v, %v", freq, err)
	}
}

// TestUnlinkedListsPublishedRecordsWhoseVersionWasNotLinked: every approved record is listed
// until its links are saved; a record not published is never listed nor marked; a new version
// of a linked record is listed again; a full run marks every record it linked.
func TestUnlinkedListsPublishedRecordsWhoseVersionWasNotLinked(t *testing.T) {
	db, url, _ := linkFixture(t)
	ctx := context.Background()
	unlinked := func() []int64 {
		t.Helper()
		todo, err := db.Unlinked(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, u := range todo {
			ids = append(ids, u.RecordID)
		}
		return ids
	}
	if got := unlinked(); len(got) != 3 {
		t.Fatalf("unlinked %v, want the three approved records", got)
	}
	if err := db.SaveLinksOf(ctx, 3, nil); err != nil {
		t.Fatal(err)
	}
	testsvc.Exec(t, url, `UPDATE records SET status = 'needs_review' WHERE id = 2`)
	if err := db.MarkLinked(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if got := unlinked(); len(got) != 1 || got[0] != 1 {
		t.Fatalf("unlinked %v, want record 1 alone (3 linked, 2 not published)", got)
	}
	if n := testsvc.Count(t, url, `SELECT count(*) FROM link_runs WHERE record_id = 2`); n != 0 {
		t.Errorf("a record in review was marked linked")
	}
	testsvc.Exec(t, url, `UPDATE records SET status = 'approved', version = version + 1 WHERE id IN (2, 3)`)
	if got := unlinked(); len(got) != 3 {
		t.Fatalf("unlinked %v, want all three again (3 has a new version)", got)
	}
	var recs []linkage.Record
	if err := db.AllLinkRecords(ctx, func(r linkage.Record) error { recs = append(recs, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceLinks(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	if got := unlinked(); len(got) != 0 {
		t.Errorf("unlinked %v after a full run, want none", got)
	}
}
