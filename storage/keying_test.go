package storage_test

import (
	"context"
	"testing"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/storage"
)

// keyingDB opens a database holding the clerk who uploads and a reviewer of each name, to key.
func keyingDB(t *testing.T, names ...string) (*storage.DB, *civreg.User, []*civreg.User) {
	t.Helper()
	db := openDB(t)
	clerk := testsvc.User(t, db, "clerk", civreg.RoleClerk, "pw-clerk-123456")
	var reviewers []*civreg.User
	for _, n := range names {
		reviewers = append(reviewers, testsvc.User(t, db, n, civreg.RoleReviewer, "pw-"+n+"-123456789"))
	}
	return db, clerk, reviewers
}

// handwritten makes a birth entry read with nothing trusted (OCR's guesses, each for review)
// in a batch keyed as keying says, and returns its id and version.
func handwritten(t *testing.T, db *storage.DB, clerk *civreg.User, keying, name string) (int64, int) {
	t.Helper()
	ctx := context.Background()
	b, err := db.CreateKeyedBatch(ctx, clerk, name, civreg.Birth, false, keying)
	if err != nil || b.Keying != keying {
		t.Fatalf("CreateKeyedBatch: %+v, %v", b, err)
	}
	id := addScan(t, db, clerk, b.ID, name, 1).Records[0].RecordID
	if err := db.ExecForTest(ctx, `UPDATE records SET status = 'extracting' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	v, ok, err := db.FinishExtract(ctx, id, civreg.Extraction{RecordType: civreg.Birth, Note: "nothing trusted: written by hand", Fields: []civreg.Field{
		{Key: "child_name", Value: "Mery Libord", Confidence: 0.4, NeedsReview: true, Page: 1, Box: []int{40, 300, 620, 352}},
		{Key: "sex", Value: "M", Confidence: 0.4, NeedsReview: true},
		{Key: "date_of_birth", Value: "1987-03-11", Confidence: 0.3, NeedsReview: true, Page: 1, Box: []int{640, 300, 900, 352}},
	}})
	if err != nil || !ok {
		t.Fatalf("extract: %v %v", ok, err)
	}
	return id, v
}

// secondKeying keys record id (at version v, keyed once by ann) as ben, differing from ann on
// the sex only, and checks what reached the record and who may arbitrate it.
func secondKeying(t *testing.T, db *storage.DB, ben, cal, ann *civreg.User, id int64, v int) {
	t.Helper()
	ctx := context.Background()
	k2, err := db.KeyEntry(ctx, ben, id, civreg.Keying{Version: v, Fields: keyed("child_name", "Mary Liburd", "sex", "M", "registration_number", "?", "registration_district", "Saint Mary Cayon")})
	if err != nil || k2.Round != 2 || k2.Version != v+1 || len(k2.Accepted) != 3 || len(k2.Disputed) != 1 || k2.Disputed[0] != "sex" {
		t.Fatalf("second keying: %+v, %v", k2, err)
	}
	rec, _ := db.Record(ctx, id)
	if rec.Fields["child_name"].Value != "Mary Liburd" || rec.Fields["child_name"].NeedsReview || rec.Fields["registration_district"].Value != "Saint Mary Cayon" || rec.Fields["sex"].Value != "M" || rec.Fields["sex"].SetBy != "" {
		t.Fatalf("after two keyings the record holds %+v", rec.Fields)
	}
	if _, ok := rec.Fields["registration_number"]; ok {
		t.Errorf("a field both marked illegible was given a value")
	}
	if err := db.ApproveRecord(ctx, cal, id, v+1); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Errorf("approving with a disputed field: %v; want ECONFLICT", err)
	}
	if q, _ := db.ArbitrationQueue(ctx, ann, 10); len(q) != 0 {
		t.Errorf("ann's arbitration queue holds an entry she keyed: %+v", q)
	}
	if q, _ := db.ArbitrationQueue(ctx, cal, 10); len(q) != 1 || len(q[0].KeyedBy) != 2 || q[0].Disputed != 1 {
		t.Errorf("cal's arbitration queue: %+v", q)
	}
	ds, err := db.Disputes(ctx, id)
	if err != nil || len(ds) != 1 || ds[0].Key != "sex" || ds[0].First.Value != "F" || ds[0].Second.Value != "M" {
		t.Fatalf("disputes: %+v, %v", ds, err)
	}
}

func keyed(fields ...string) []civreg.KeyedField {
	var out []civreg.KeyedField
	for i := 0; i+1 < len(fields); i += 2 {
		f := civreg.KeyedField{Key: fields[i], Value: fields[i+1], Keystrokes: len(fields[i+1]) + 1, Seconds: 1.5}
		if f.Value == "?" {
			f.Value, f.Illegible = "", true
		}
		out = append(out, f)
	}
	return out
}

// TestDoubleKeyingAcceptsAgreementAndArbitratesTheRest: the first keying of a double-keyed
// entry reaches nothing of the record; the second puts on it what both keyed alike and leaves
// the rest to a third person, whose picks settle it. A keyer may neither key twice nor
// arbitrate; the record cannot be approved while a field is disputed; retries change nothing.
func TestDoubleKeyingAcceptsAgreementAndArbitratesTheRest(t *testing.T) {
	ctx := context.Background()
	db, clerk, r := keyingDB(t, "ann", "ben", "cal")
	ann, ben, cal := r[0], r[1], r[2]
	id, v := handwritten(t, db, clerk, civreg.KeyingDouble, "register 1")

	if q, err := db.KeyingQueue(ctx, ann, 10); err != nil || len(q) != 1 || q[0].RecordID != id {
		t.Fatalf("ann's keying queue: %+v, %v", q, err)
	}
	first := civreg.Keying{Version: v, Fields: keyed("child_name", "Mary Liburd", "sex", "F", "registration_number", "?", "registration_district", "Saint Mary Cayon")}
	k1, err := db.KeyEntry(ctx, ann, id, first)
	if err != nil || k1.Round != 1 || k1.Version != v || len(k1.Accepted) != 0 {
		t.Fatalf("first keying: %+v, %v", k1, err)
	}
	if rec, _ := db.Record(ctx, id); rec.Fields["child_name"].Value != "Mery Libord" || rec.Version != v {
		t.Fatalf("the first keying reached the record: %+v", rec.Fields)
	}
	if again, err := db.KeyEntry(ctx, ann, id, first); err != nil || !again.Repeated {
		t.Errorf("the same keying again: %+v, %v; want repeated, no error", again, err)
	}
	other := civreg.Keying{Version: v, Fields: keyed("child_name", "Mary Liburd", "sex", "M")}
	if _, err := db.KeyEntry(ctx, ann, id, other); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Errorf("ann keying the entry a second time: %v; want ECONFLICT", err)
	}
	if q, _ := db.KeyingQueue(ctx, ann, 10); len(q) != 0 {
		t.Errorf("ann's keying queue after she keyed the entry: %+v", q)
	}

	secondKeying(t, db, ben, cal, ann, id, v)
	if _, err := db.Arbitrate(ctx, ben, id, v+1, map[string]string{"sex": civreg.PickSecond}); civreg.ErrorCode(err) != civreg.EFORBIDDEN {
		t.Errorf("a keyer arbitrating: %v; want EFORBIDDEN", err)
	}
	if _, err := db.Arbitrate(ctx, cal, id, v+1, map[string]string{}); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Errorf("arbitrating without a pick: %v; want EINVALID", err)
	}
	got, err := db.Arbitrate(ctx, cal, id, v+1, map[string]string{"sex": civreg.PickFirst})
	if err != nil || got != v+2 {
		t.Fatalf("arbitrate: %d, %v", got, err)
	}
	if again, err := db.Arbitrate(ctx, cal, id, v+1, map[string]string{"sex": civreg.PickFirst}); err != nil || again != v+2 {
		t.Errorf("the same arbitration again: %d, %v; want %d, no error", again, err, v+2)
	}
	if rec, _ := db.Record(ctx, id); rec.Fields["sex"].Value != "F" || rec.Fields["sex"].SetBy != "cal" || rec.Status != civreg.StatusNeedsReview {
		t.Errorf("after arbitration: %+v %s", rec.Fields["sex"], rec.Status)
	}
	if err := db.ApproveRecord(ctx, cal, id, v+2); err != nil {
		t.Errorf("approving the arbitrated record: %v", err)
	}
	figures, err := db.KeyerFigures(ctx)
	if err != nil || len(figures) != 2 || figures[0].Keyer != "ann" || figures[0].Compared != 4 || figures[0].Agreement != 0.75 || figures[0].Kept != 1 || figures[1].Kept != 0.75 || figures[1].Decided != 4 {
		t.Errorf("keyer figures: %+v, %v", figures, err)
	}
	if n, _ := db.CountForTest(ctx, `SELECT count(*) FROM audit_log WHERE record_id = $1 AND action IN ('record.key', 'record.arbitrate')`, id); n != 3 {
		t.Errorf("audit rows of keying and arbitration: %d, want 3", n)
	}
}

// TestSingleKeyingGoesOntoTheRecord: keyed once, the values are the keyer's edit; a second
// keying, a stale version, a field of another record type or a sensitive field the keyer may
// not see are refused and change nothing.
func TestSingleKeyingGoesOntoTheRecord(t *testing.T) {
	ctx := context.Background()
	db, clerk, r := keyingDB(t, "ann", "ben")
	ann, ben := r[0], r[1]
	id, v := handwritten(t, db, clerk, civreg.KeyingSingle, "register 2")
	for what, k := range map[string]civreg.Keying{
		"a stale version":          {Version: v - 1, Fields: keyed("child_name", "Mary Liburd")},
		"a death's field":          {Version: v, Fields: keyed("deceased_name", "Mary Liburd")},
		"no field":                 {Version: v},
		"illegible with a value":   {Version: v, Fields: []civreg.KeyedField{{Key: "sex", Value: "M", Illegible: true}}},
		"a field keyed twice over": {Version: v, Fields: keyed("sex", "M", "sex", "F")},
	} {
		if _, err := db.KeyEntry(ctx, ann, id, k); err == nil {
			t.Errorf("keying %s was taken", what)
		}
	}
	health := testsvc.User(t, db, "nurse", civreg.RoleHealth, "pw-nurse-1234567")
	if _, err := db.KeyEntry(ctx, health, id, civreg.Keying{Version: v, Fields: keyed("date_of_birth", "1987-03-14")}); civreg.ErrorCode(err) != civreg.EFORBIDDEN {
		t.Errorf("keying a sensitive field without the grant: %v; want EFORBIDDEN", err)
	}
	k, err := db.KeyEntry(ctx, ann, id, civreg.Keying{Version: v, Fields: keyed("child_name", "Mary Liburd", "sex", "?")})
	if err != nil || k.Version != v+1 || len(k.Accepted) != 2 {
		t.Fatalf("single keying: %+v, %v", k, err)
	}
	rec, _ := db.Record(ctx, id)
	if rec.Fields["child_name"].Value != "Mary Liburd" || rec.Fields["child_name"].SetBy != "ann" || !rec.Fields["sex"].NeedsReview {
		t.Errorf("after single keying: %+v", rec.Fields)
	}
	if f := rec.Fields["child_name"]; f.Page != 1 || len(f.Box) != 4 || f.Box[2] != 620 {
		t.Errorf("a keyed value left the cell it was keyed from: page %d box %v", f.Page, f.Box)
	}
	if _, err := db.KeyEntry(ctx, ben, id, civreg.Keying{Version: v + 1, Fields: keyed("child_name", "Mary Liburd")}); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Errorf("a second keying of a single-keyed entry: %v; want ECONFLICT", err)
	}
	if q, _ := db.KeyingQueue(ctx, ben, 10); len(q) != 0 {
		t.Errorf("the keyed entry is still to key: %+v", q)
	}
	if err := db.SetBatchKeying(ctx, ann, rec.BatchID, "triple"); civreg.ErrorCode(err) != civreg.EINVALID {
		t.Errorf("keying triple: %v", err)
	}
	if err := db.SetBatchKeying(ctx, ann, rec.BatchID, civreg.KeyingDouble); err != nil {
		t.Fatal(err)
	}
	if b, _ := db.Batch(ctx, rec.BatchID); b.Keying != civreg.KeyingDouble {
		t.Errorf("batch keying after the change: %s", b.Keying)
	}
}

// A double-keyed entry keyed once waits for its second keying: it cannot be approved, nor its
// batch switched to single keying (which would strand the first keying's values).
func TestAnEntryKeyedOnceOfTwiceWaitsForItsSecondKeying(t *testing.T) {
	ctx := context.Background()
	db, clerk, r := keyingDB(t, "ann", "cal")
	ann, cal := r[0], r[1]
	id, v := handwritten(t, db, clerk, civreg.KeyingDouble, "register 3")
	if _, err := db.KeyEntry(ctx, ann, id, civreg.Keying{Version: v, Fields: keyed("child_name", "Mary Liburd")}); err != nil {
		t.Fatal(err)
	}
	rec, _ := db.Record(ctx, id)
	if err := db.ApproveRecord(ctx, cal, id, rec.Version); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Errorf("approving an entry keyed once of twice: %v; want ECONFLICT", err)
	}
	if err := db.SetBatchKeying(ctx, cal, rec.BatchID, civreg.KeyingSingle); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Errorf("switching to single keying with a keying waiting: %v; want ECONFLICT", err)
	}
	if b, _ := db.Batch(ctx, rec.BatchID); b.Keying != civreg.KeyingDouble {
		t.Errorf("batch keying after a refused switch: %s", b.Keying)
	}
}

// A sensitive value keyed differently from OCR's loses OCR's box: the keyer may have read it
// elsewhere in the band, so the scan is withheld from covered roles until a box is given.
func TestAKeyedSensitiveValueLosesOCRsBox(t *testing.T) {
	ctx := context.Background()
	db, clerk, r := keyingDB(t, "ann")
	ann := r[0]
	id, v := handwritten(t, db, clerk, civreg.KeyingSingle, "register 4")
	if _, err := db.KeyEntry(ctx, ann, id, civreg.Keying{Version: v, Fields: keyed("date_of_birth", "1987-03-14", "child_name", "Mary Liburd")}); err != nil {
		t.Fatal(err)
	}
	rec, _ := db.Record(ctx, id)
	if f := rec.Fields["date_of_birth"]; f.Value != "1987-03-14" || f.Page != 0 || len(f.Box) != 0 {
		t.Errorf("keyed date of birth: %+v; want 1987-03-14 with no box", f)
	}
	if f := rec.Fields["child_name"]; f.Page != 1 || len(f.Box) != 4 {
		t.Errorf("keyed name lost its cell: %+v", f)
	}
}
