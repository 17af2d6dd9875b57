package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/storage"
	"civreg/ui"
	"civreg/workers"
)

// TestPostgresRestartDuringReviewSaves keeps a reviewer saving edits while PostgreSQL is killed
// and started again. Saves while it is down get a clear 503 and change nothing; every save
// that was answered 200 is in the database afterwards, each version exactly once, and saving
// works again once PostgreSQL is back (the pool reconnects by itself).
func TestPostgresRestartDuringReviewSaves(t *testing.T) {
	pg, db, url, token, id := reviewAgainstOwnPostgres(t)
	acknowledged, version, unavailable := saveWhilePostgresRestarts(t, pg, url, token, id)
	if unavailable == 0 {
		t.Fatal("no save met PostgreSQL down: the test did not test anything")
	}
	if len(acknowledged) < 10 {
		t.Fatalf("only %d saves succeeded", len(acknowledged))
	}
	rec := checkEverySaveKept(t, db, id, acknowledged, version)
	t.Logf("%d saves acknowledged, %d refused with 503 while PostgreSQL was down; record at version %d", len(acknowledged), unavailable, rec.Version)
}

// reviewAgainstOwnPostgres starts a PostgreSQL of the test's own, the server on it, and a
// record waiting for review: the server's address, a reviewer's token and the record.
func reviewAgainstOwnPostgres(t *testing.T) (*testsvc.PostgresServer, *storage.DB, string, string, int64) {
	t.Helper()
	pg := testsvc.StartPostgres(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	r := testsvc.StartRedis(t)
	opt, _ := workers.ParseRedisURL(r.URL())
	q := workers.NewQueue(opt)
	t.Cleanup(func() { q.Close() })
	s := &ui.Server{DB: db, Redis: q, Pipeline: q, Search: db.Search(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	reviewer, _ := db.CreateUser(ctx, "rev", civreg.RoleReviewer, "")
	token, _ := db.NewToken(ctx, reviewer.ID)
	clerk, _ := db.CreateUser(ctx, "clerk", civreg.RoleClerk, "")
	b, _ := db.CreateBatch(ctx, clerk, "Deaths", civreg.Death, false)
	added, _ := db.AddScan(ctx, clerk, civreg.NewScan{BatchID: b.ID, SHA256: strings.Repeat("d", 64), ObjectKey: "originals/d", Size: 1, MediaType: "image/png", PageCount: 1, FileName: "d.png"})
	id := added.Records[0].RecordID
	testsvc.Exec(t, pg.URL, "UPDATE records SET status = 'needs_review'")

	return pg, db, srv.URL, token, id
}

// saveWhilePostgresRestarts saves edits for eight seconds while PostgreSQL is killed and
// started again: the value of each version answered 200, the last version and the 503s.
func saveWhilePostgresRestarts(t *testing.T, pg *testsvc.PostgresServer, url, token string, id int64) (map[int]string, int, int) {
	t.Helper()
	go func() {
		time.Sleep(800 * time.Millisecond)
		pg.Stop() // SIGKILL, as a crash
		time.Sleep(2 * time.Second)
		pg.Start()
	}()
	version, acknowledged, unavailable := 1, map[int]string{}, 0
	deadline := time.Now().Add(8 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		value := fmt.Sprintf("Informant %d", i)
		req, _ := http.NewRequest("PATCH", fmt.Sprintf("%s/api/v1/records/%d", url, id),
			strings.NewReader(fmt.Sprintf(`{"version":%d,"fields":{"informant_name":%q}}`, version, value)))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Version int    `json:"version"`
			Error   string `json:"error"`
			Current struct {
				Version int `json:"version"`
			} `json:"current"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		switch resp.StatusCode {
		case 200:
			acknowledged[body.Version] = value
			version = body.Version
		case 503:
			unavailable++
			if !strings.Contains(strings.ToLower(body.Error), "try again") {
				t.Errorf("503 says %q: want a clear try-again message", body.Error)
			}
		case 409:
			// Committed just as the connection died: the answer was lost, the edit was not.
			version = body.Current.Version
		default:
			t.Fatalf("save %d: %d %q", i, resp.StatusCode, body.Error)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return acknowledged, version, unavailable
}

// checkEverySaveKept checks that every acknowledged save is in the database, each version once.
func checkEverySaveKept(t *testing.T, db *storage.DB, id int64, acknowledged map[int]string, version int) *civreg.Record {
	t.Helper()
	ctx := context.Background()
	rec, err := db.Record(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	changes, _ := db.FieldChanges(ctx, id)
	byVersion := map[int]string{}
	for _, c := range changes {
		if c.Key != "informant_name" {
			continue
		}
		if _, dup := byVersion[c.Version]; dup {
			t.Errorf("version %d recorded twice", c.Version)
		}
		byVersion[c.Version] = *c.New
	}
	if len(byVersion) != rec.Version-1 {
		t.Errorf("record at version %d but %d edits recorded", rec.Version, len(byVersion))
	}
	for v, value := range acknowledged {
		if byVersion[v] != value {
			t.Errorf("acknowledged save of version %d (%q) is not in the database (%q)", v, value, byVersion[v])
		}
	}
	if rec.Fields["informant_name"].Value != acknowledged[version] && rec.Version == version {
		t.Errorf("current value %q, last acknowledged %q", rec.Fields["informant_name"].Value, acknowledged[version])
	}
	return rec
}
