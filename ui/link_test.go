package ui_test

import (
	"context"
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
