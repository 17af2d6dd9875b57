package main

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"civreg/internal/testsvc"
	"civreg/storage"

	"github.com/jackc/pgx/v5"
)

// migrateWithAppRole runs civreg migrate as the owner with CIVREG_DATABASE_URL naming a new app
// role, and returns that URL.
func migrateWithAppRole(t *testing.T) (ownerURL, appURL string) {
	t.Helper()
	ownerURL = testsvc.Postgres(t)
	u, _ := url.Parse(ownerURL)
	role := "civreg_app_" + strings.TrimPrefix(strings.TrimPrefix(u.Path, "/"), "civreg_test_")
	u.User = url.UserPassword(role, "app password")
	appURL = u.String()
	var out bytes.Buffer
	m := &Main{Config: &Config{MigrateURL: ownerURL, DatabaseURL: appURL}, Stdout: &out}
	if err := runMigrate(context.Background(), m, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(context.Background(), ownerURL); err == nil {
			c.Exec(context.Background(), "DROP OWNED BY "+role)
			c.Exec(context.Background(), "DROP ROLE "+role)
			c.Close(context.Background())
		}
	})
	if !strings.Contains(out.String(), role+" may use the registry") {
		t.Fatalf("migrate said:\n%s", out.String())
	}
	return ownerURL, appURL
}

// TestMigrateMakesTheAppRoleThatCannotRewriteTheAuditLog: civreg migrate with an owner URL
// grants CIVREG_DATABASE_URL's user, which then may append to the audit log but not delete it.
func TestMigrateMakesTheAppRoleThatCannotRewriteTheAuditLog(t *testing.T) {
	ctx := context.Background()
	_, appURL := migrateWithAppRole(t)
	conn, err := pgx.Connect(ctx, appURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO audit_log (action) VALUES ('test')`); err != nil {
		t.Errorf("the app role cannot append to the audit log: %v", err)
	}
	if _, err := conn.Exec(ctx, `DELETE FROM audit_log`); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("the app role deleting the audit log: %v, want permission denied", err)
	}
}

// TestServeRefusesTheDevelopmentSetupOnAPublicAddress: on loopback anything goes; on a public
// address the development MinIO secret, a superuser database connection and a plain
// connection to a database on another host are each refused by name.
func TestServeRefusesTheDevelopmentSetupOnAPublicAddress(t *testing.T) {
	ctx := context.Background()
	ownerURL, appURL := migrateWithAppRole(t)
	open := func(u string) *storage.DB {
		db, err := storage.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(db.Close)
		return db
	}
	owner, app := open(ownerURL), open(appURL)
	remote := "postgres://civreg:pw@db.example:5432/civreg?sslmode=disable"
	cases := []struct {
		name    string
		c       Config
		db      *storage.DB
		refuses []string
	}{
		{"laptop", Config{Listen: "127.0.0.1:8080", MinIOSecretKey: devMinIOSecret, DatabaseURL: ownerURL}, owner, nil},
		{"public, dev secret, superuser", Config{Listen: "0.0.0.0:8080", MinIOSecretKey: devMinIOSecret, DatabaseURL: ownerURL}, owner,
			[]string{"CIVREG_MINIO_SECRET_KEY", "superuser"}},
		{"public, all port", Config{Listen: ":8080", MinIOSecretKey: devMinIOSecret, DatabaseURL: appURL}, app, []string{"CIVREG_MINIO_SECRET_KEY"}},
		{"public, app role", Config{Listen: "0.0.0.0:8080", MinIOSecretKey: "a real secret", DatabaseURL: appURL}, app, nil},
		{"public, plain remote database", Config{Listen: "0.0.0.0:8080", MinIOSecretKey: "a real secret", DatabaseURL: remote}, app, []string{"without TLS"}},
		{"public, private network", Config{Listen: "0.0.0.0:8080", MinIOSecretKey: "a real secret", DatabaseURL: remote, DatabasePrivate: true}, app, nil},
	}
	for _, c := range cases {
		err := refuseDevelopmentSetup(ctx, &c.c, c.db)
		if (err != nil) != (len(c.refuses) > 0) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for _, why := range c.refuses {
			if !strings.Contains(err.Error(), why) {
				t.Errorf("%s: %v, want it to name %q", c.name, err, why)
			}
		}
	}
}
