package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/storage"
)

func openDB(t *testing.T) *storage.DB {
	db, _ := testsvc.MigratedDB(t)
	return db
}

func TestMigrateUpOnEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, testsvc.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.CheckSchema(ctx)
	if err == nil || !strings.Contains(err.Error(), "civreg migrate") {
		t.Fatalf("CheckSchema on an empty database = %v, want an error saying to run civreg migrate", err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil || len(applied) == 0 {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("CheckSchema after Migrate: %v", err)
	}
	again, err := db.Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Fatalf("second Migrate = %v, %v; want nothing applied", again, err)
	}
}

func TestAuditLogCannotBeChangedOrDeleted(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if err := db.Audit(ctx, nil, "test.entry", 0, 0, map[string]any{"n": 1}); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"} {
		if err := db.ExecForTest(ctx, sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only refusal", sql, err)
		}
	}
	log, err := db.AuditLog(ctx, 0, 10)
	if err != nil || len(log) != 1 || log[0].Action != "test.entry" {
		t.Fatalf("audit log = %+v, %v", log, err)
	}
}

func newUser(t *testing.T, db *storage.DB, name string, role civreg.Role) *civreg.User {
	t.Helper()
	return testsvc.User(t, db, name, role, "correct horse battery")
}

func TestTokensAreStoredHashedAndRevocable(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	u := newUser(t, db, "clerk1", civreg.RoleClerk)
	tok, err := db.NewToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountForTest(ctx, "SELECT count(*) FROM api_tokens WHERE position($1::bytea in token_hash) > 0", []byte(tok)); n != 0 {
		t.Fatal("the token is stored in clear")
	}
	got, err := db.UserByToken(ctx, tok)
	if err != nil || got.Name != "clerk1" {
		t.Fatalf("UserByToken = %v, %v", got, err)
	}
	// Its use is recorded (at most once a minute, so a second use writes nothing).
	if n, _ := db.CountForTest(ctx, "SELECT count(*) FROM api_tokens WHERE user_id = $1 AND last_used_at > now() - interval '1 minute'", u.ID); n != 1 {
		t.Fatal("the token's last use was not recorded")
	}
	if _, err := db.UserByToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RevokeTokens(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UserByToken(ctx, tok); civreg.ErrorCode(err) != civreg.EUNAUTHORIZED {
		t.Fatalf("revoked token: err = %v, want unauthorized", err)
	}
}

func TestAuthenticateLocksAfterRepeatedFailures(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	newUser(t, db, "rev", civreg.RoleReviewer)
	for i := 0; i < 5; i++ {
		if _, err := db.Authenticate(ctx, "rev", "wrong password!"); civreg.ErrorCode(err) != civreg.EUNAUTHORIZED {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, wrong := db.Authenticate(ctx, "rev", "wrong password!")
	_, err := db.Authenticate(ctx, "rev", "correct horse battery")
	if err == nil || err.Error() != wrong.Error() {
		t.Fatalf("right password after 5 failures: err = %v, want the wrong password's answer (locked)", err)
	}
}

// deathsInReview is a clerk, two reviewers (rev1, rev2) and a batch of n scanned death
// certificates whose records wait for review.
func deathsInReview(t *testing.T, db *storage.DB, n int) (clerk, r1, r2 *civreg.User, ids []int64) {
	t.Helper()
	ctx := context.Background()
	clerk = newUser(t, db, "clerk", civreg.RoleClerk)
	r1 = newUser(t, db, "rev1", civreg.RoleReviewer)
	r2 = newUser(t, db, "rev2", civreg.RoleReviewer)
	b, err := db.CreateBatch(ctx, clerk, "Deaths", civreg.Death, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		ids = append(ids, addScan(t, db, clerk, b.ID, fmt.Sprintf("death cert %d", i+1), 1).Records[0].RecordID)
	}
	db.ExecForTest(ctx, "UPDATE records SET status = 'needs_review'")
	return clerk, r1, r2, ids
}

func addScan(t *testing.T, db *storage.DB, u *civreg.User, batch int64, content string, pages int) *civreg.AddedScan {
	t.Helper()
	sum := sha256.Sum256([]byte(content))
	sha := hex.EncodeToString(sum[:])
	added, err := db.AddScan(context.Background(), u, civreg.NewScan{BatchID: batch, SHA256: sha, ObjectKey: civreg.NewOriginalKey(),
		Size: int64(len(content)), MediaType: "image/png", PageCount: pages, FileName: "scan.png"})
	if err != nil {
		t.Fatal(err)
	}
	return added
}

func TestSameBytesInAnotherBatchAreOneScan(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	u := newUser(t, db, "clerk", civreg.RoleClerk)
	b1, _ := db.CreateBatch(ctx, u, "Births vol 1", civreg.Birth, false)
	b2, _ := db.CreateBatch(ctx, u, "Births vol 2", civreg.Birth, false)
	first := addScan(t, db, u, b1.ID, "page bytes", 2)
	second := addScan(t, db, u, b2.ID, "page bytes", 2)
	if first.Duplicate || !second.Duplicate || second.ScanID != first.ScanID || len(second.Records) != 1 || second.Records[0] != first.Records[0] {
		t.Fatalf("first %+v second %+v: want the second to be the first, flagged duplicate", first, second)
	}
	c, _ := db.BatchCounts(ctx, b2.ID)
	if c.Duplicates != 1 {
		t.Fatalf("batch 2 counts %+v: want the duplicate shown", c)
	}
}

func TestPagePerRecordBatchMakesOneRecordPerPage(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	u := newUser(t, db, "clerk", civreg.RoleClerk)
	b, _ := db.CreateBatch(ctx, u, "Register of Births 1962", civreg.Birth, true)
	added := addScan(t, db, u, b.ID, "a register volume", 3)
	if len(added.Records) != 3 {
		t.Fatalf("records = %+v, want 3 of one page", added.Records)
	}
	c, _ := db.BatchCounts(ctx, b.ID)
	if c.Uploaded != 3 {
		t.Fatalf("counts %+v", c)
	}
}

func TestStaleEditConflictsAndKeepsTheNewerValue(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	_, r1, r2, ids := deathsInReview(t, db, 1)
	id := ids[0]
	v, err := db.EditRecord(ctx, r1, id, civreg.Edit{Version: 1, Fields: map[string]string{"deceased_name": "John Liburd"}})
	if err != nil || v != 2 {
		t.Fatalf("first edit: %v, %v", v, err)
	}
	_, err = db.EditRecord(ctx, r2, id, civreg.Edit{Version: 1, Fields: map[string]string{"deceased_name": "Jon Liburd"}})
	if civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Fatalf("stale edit: err = %v, want conflict", err)
	}
	rec, _ := db.Record(ctx, id)
	if rec.Fields["deceased_name"].Value != "John Liburd" || rec.Version != 2 || rec.Fields["deceased_name"].SetBy != "rev1" {
		t.Fatalf("record after conflict: %+v", rec)
	}
	if err := db.ApproveRecord(ctx, r2, id, 1); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Fatalf("stale approve: %v", err)
	}
	if err := db.ApproveRecord(ctx, r2, id, 2); err != nil {
		t.Fatal(err)
	}
	if err := db.ApproveRecord(ctx, r2, id, 2); err != nil {
		t.Fatalf("approving twice should be harmless: %v", err)
	}
}

func TestOriginalIsNeverOverwritten(t *testing.T) {
	ctx := context.Background()
	m := testsvc.StartMinIO(t)
	o := m.Objects(t)
	key := civreg.NewOriginalKey()
	if err := o.PutNew(ctx, key, strings.NewReader("first"), 5, "image/png"); err != nil {
		t.Fatal(err)
	}
	if err := o.PutNew(ctx, key, strings.NewReader("other"), 5, "image/png"); err != civreg.ErrObjectExists {
		t.Fatalf("second PutNew: %v, want ErrObjectExists", err)
	}
	r, err := o.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(b, []byte("first")) {
		t.Fatalf("stored %q, want the first bytes kept", b)
	}
	if _, err := o.Get(ctx, "originals/none"); civreg.ErrorCode(err) != civreg.ENOTFOUND {
		t.Fatalf("missing object: %v", err)
	}
	m.Objects(t) // opening again finds the bucket there
}

// TestAddScanStoresEveryRow: a new scan's records, their pages in scan order, the ingest
// stage, the batch upload and the audit row are all written (the one-statement path), and a
// duplicate answered by the general path names the same records and page counts.
func TestAddScanStoresEveryRow(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	u := newUser(t, db, "clerk", civreg.RoleClerk)
	for _, perPage := range []bool{false, true} {
		b, _ := db.CreateBatch(ctx, u, fmt.Sprintf("batch per page %v", perPage), civreg.Death, perPage)
		content := fmt.Sprintf("three pages, per page %v", perPage)
		added := addScan(t, db, u, b.ID, content, 3)
		wantRecords, wantPages := 1, 3
		if perPage {
			wantRecords, wantPages = 3, 1
		}
		if added.Duplicate || len(added.Records) != wantRecords {
			t.Fatalf("per page %v: %+v", perPage, added)
		}
		scanPage := 1
		for _, rp := range added.Records {
			if rp.Pages != wantPages {
				t.Errorf("record %d: %d pages, want %d", rp.RecordID, rp.Pages, wantPages)
			}
			r, err := db.Record(ctx, rp.RecordID)
			if err != nil {
				t.Fatal(err)
			}
			if r.BatchID != b.ID || r.RecordType != civreg.Death || len(r.Pages) != wantPages {
				t.Fatalf("record %+v", r)
			}
			for i, p := range r.Pages {
				if p.Number != i+1 || p.ScanID != added.ScanID || p.ScanPage != scanPage {
					t.Errorf("record %d page %+v: want number %d, scan page %d", r.ID, p, i+1, scanPage)
				}
				scanPage++
			}
			if len(r.Stages) == 0 || r.Stages[0].Stage != "ingest" || r.Stages[0].State != "done" {
				t.Errorf("record %d stages %+v", r.ID, r.Stages)
			}
		}
		log, _ := db.AuditLog(ctx, 0, 1)
		if len(log) != 1 || log[0].Action != "scan.upload" || log[0].BatchID != b.ID || log[0].UserID != u.ID ||
			len(log[0].Detail["records"].([]any)) != wantRecords || log[0].Detail["duplicate"] != false {
			t.Errorf("audit %+v", log)
		}
		c, _ := db.BatchCounts(ctx, b.ID)
		if c.Uploaded != wantRecords {
			t.Errorf("counts %+v", c)
		}
		again := addScan(t, db, u, b.ID, content, 3)
		if !again.Duplicate || fmt.Sprint(again.Records) != fmt.Sprint(added.Records) {
			t.Errorf("duplicate %+v, want the records of %+v", again, added)
		}
	}
	// A batch that does not exist stores nothing.
	if _, err := db.AddScan(ctx, u, civreg.NewScan{BatchID: 999999, SHA256: strings.Repeat("e", 64), ObjectKey: "originals/e", Size: 1,
		MediaType: "image/png", PageCount: 1, FileName: "e.png"}); civreg.ErrorCode(err) != civreg.ENOTFOUND {
		t.Errorf("missing batch: %v", err)
	}
	if _, err := db.ScanByObjectKey(ctx, "originals/e"); civreg.ErrorCode(err) != civreg.ENOTFOUND {
		t.Errorf("a scan was stored for a missing batch: %v", err)
	}
}
