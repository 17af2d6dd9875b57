package storage_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/storage"

	"github.com/jackc/pgx/v5"
)

// appDB migrates a new database as its owner, grants a new app role (GrantApp) and returns
// the owner's URL and the app role's connection.
func appDB(t *testing.T) (ownerURL string, app *storage.DB, appURL string) {
	t.Helper()
	ctx := context.Background()
	owner, ownerURL := testsvc.MigratedDB(t)
	// Named after the test's own database: roles are the cluster's, shared with parallel tests.
	role := "civreg_app_" + strings.TrimPrefix(strings.Split(strings.Split(ownerURL, "/")[3], "?")[0], "civreg_test_")
	if err := owner.GrantApp(ctx, role, ""); err != nil {
		t.Fatal(err)
	}
	// The role is the cluster's: drop it (and its grants in this database) when done.
	t.Cleanup(func() {
		if c, err := pgx.Connect(ctx, ownerURL); err == nil {
			c.Exec(ctx, fmt.Sprintf(`DROP OWNED BY %s`, role))
			c.Exec(ctx, fmt.Sprintf(`DROP ROLE %s`, role))
			c.Close(ctx)
		}
	})
	u, _ := url.Parse(ownerURL)
	u.User = url.User(role)
	app, err := storage.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Close)
	return ownerURL, app, u.String()
}

// TestAppRoleCannotChangeTheAuditLogOrTheSchema: connected as the role serve and work use, the
// registry works (users, audit rows written and read) but deleting, updating or emptying the
// audit log, disabling its triggers (by ALTER TABLE or by replication mode) and changing the
// schema are all refused by PostgreSQL.
func TestAppRoleCannotChangeTheAuditLogOrTheSchema(t *testing.T) {
	ctx := context.Background()
	_, app, appURL := appDB(t)
	if err := app.CheckSchema(ctx); err != nil {
		t.Fatalf("the app role cannot read the schema's version: %v", err)
	}
	u, err := app.CreateUser(ctx, "clerk1", civreg.RoleClerk, "correct horse battery")
	if err != nil {
		t.Fatalf("the app role cannot add a user: %v", err)
	}
	if err := app.Audit(ctx, u, "test.appended", 0, 0, nil); err != nil {
		t.Fatalf("the app role cannot append to the audit log: %v", err)
	}
	if super, err := app.IsSuperuser(ctx); err != nil || super {
		t.Fatalf("the app role is a superuser: %v %v", super, err)
	}
	refused := []string{
		`DELETE FROM audit_log`,
		`UPDATE audit_log SET action = 'forged'`,
		`TRUNCATE audit_log`,
		`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`,
		`ALTER TABLE audit_log DISABLE TRIGGER ALL`,
		`SET session_replication_role = replica`,
		`DROP TRIGGER audit_log_no_update ON audit_log`,
		`CREATE TABLE shadow (id int)`,
		`ALTER TABLE records ADD COLUMN note text`,
		`DROP TABLE field_versions`,
		`DELETE FROM schema_migrations`,
		`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
	}
	conn, err := pgx.Connect(ctx, appURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range refused {
		if _, err := conn.Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "42501") && !strings.Contains(err.Error(), "must be owner") && !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s as the app role: %v, want permission denied", q, err)
		}
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'test.appended'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the app role reads %d audit rows (%v), want its 1", n, err)
	}
}

// TestGrantAppIsRepeatable: migrate runs it every time; a second run changes nothing and fails
// on nothing.
func TestGrantAppIsRepeatable(t *testing.T) {
	ownerURL, _, appURL := appDB(t)
	owner, err := storage.Open(context.Background(), ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	u, _ := url.Parse(appURL)
	if err := owner.GrantApp(context.Background(), u.User.Username(), "a new password"); err != nil {
		t.Fatalf("second grant: %v", err)
	}
}

// TestStatementTimeoutCancelsLongQueries: a connection opened with WithStatementTimeout has
// PostgreSQL cancel a statement that runs past it (SQLSTATE 57014).
func TestStatementTimeoutCancelsLongQueries(t *testing.T) {
	ctx := context.Background()
	limited, err := storage.WithStatementTimeout(testsvc.Postgres(t), 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, limited)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	start := time.Now()
	_, err = conn.Exec(ctx, `SELECT pg_sleep(5)`)
	if err == nil || !strings.Contains(err.Error(), "57014") || time.Since(start) > 4*time.Second {
		t.Fatalf("a 5 s statement under a 300 ms limit: %v after %s", err, time.Since(start))
	}
}

// Only a connection that never falls back to plain text counts as TLS: sslmode=prefer (and
// no sslmode, pgx's default) may go on without it.
func TestParseURLCountsOnlyTLSThatCannotFallBack(t *testing.T) {
	for url, want := range map[string]bool{
		"postgres://app@db.example/civreg":                   false,
		"postgres://app@db.example/civreg?sslmode=prefer":    false,
		"postgres://app@db.example/civreg?sslmode=disable":   false,
		"postgres://app@db.example/civreg?sslmode=require":   true,
		"postgres://app@db.example/civreg?sslmode=verify-ca": true,
	} {
		c, err := storage.ParseURL(url)
		if err != nil || c.TLS != want {
			t.Errorf("ParseURL(%q).TLS = %v (%v), want %v", url, c != nil && c.TLS, err, want)
		}
	}
}
