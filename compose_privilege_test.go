package civreg_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var composeVar = regexp.MustCompile(`\$\{[^}]*\}`)

// TestComposeAppConnectsAsTheAppRoleAndOnlyMigrateAsTheOwner: serve and work sign in to
// PostgreSQL as a role other than the owner the postgres image creates (its superuser); only
// migrate has the owner's URL, and it names the app role for migrate to grant.
func TestComposeAppConnectsAsTheAppRoleAndOnlyMigrateAsTheOwner(t *testing.T) {
	c := readCompose(t)
	owner := c.Services["postgres"].Environment["POSTGRES_USER"]
	user := func(service, key string) string {
		// Compose fills ${VAR:?message} from .env; any value does for the user name.
		u, err := url.Parse(composeVar.ReplaceAllString(c.Services[service].Environment[key], "secret"))
		if err != nil || u.User == nil {
			return ""
		}
		return u.User.Username()
	}
	for _, s := range []string{"serve", "work", "migrate"} {
		if u := user(s, "CIVREG_DATABASE_URL"); u == "" || u == owner {
			t.Errorf("%s connects as %q, want an app role other than the owner %q", s, u, owner)
		}
	}
	for _, s := range []string{"serve", "work"} {
		if _, has := c.Services[s].Environment["CIVREG_MIGRATE_DATABASE_URL"]; has {
			t.Errorf("%s has the owner's database URL", s)
		}
	}
	if u := user("migrate", "CIVREG_MIGRATE_DATABASE_URL"); u != owner {
		t.Errorf("migrate runs as %q, want the owner %q", u, owner)
	}
}

// Only migrate holds MinIO's root password and Meilisearch's master key: serve and work sign in
// as the limited MinIO user and with the narrower Meilisearch keys migrate makes.
func TestComposeRootCredentialsReachOnlyMigrate(t *testing.T) {
	c := readCompose(t)
	root := c.Services["minio"].Environment["MINIO_ROOT_USER"]
	for _, s := range []string{"serve", "work"} {
		env := c.Services[s].Environment
		if u := env["CIVREG_MINIO_ACCESS_KEY"]; u == "" || u == root {
			t.Errorf("%s signs in to MinIO as %q, want a user other than the root user %q", s, u, root)
		}
		for k, v := range env {
			if strings.Contains(v, "MINIO_ROOT_PASSWORD") || strings.Contains(v, "MEILI_MASTER_KEY") || k == "MEILI_MASTER_KEY" || k == "CIVREG_MINIO_ROOT_PASSWORD" {
				t.Errorf("%s has %s = %q: a root credential", s, k, v)
			}
		}
	}
	m := c.Services["migrate"].Environment
	if m["CIVREG_MINIO_ROOT_USER"] != root || !strings.Contains(m["CIVREG_MINIO_ROOT_PASSWORD"], "${MINIO_ROOT_PASSWORD") || !strings.Contains(m["MEILI_MASTER_KEY"], "${MEILI_MASTER_KEY") {
		t.Errorf("migrate lacks the root credentials it sets the services up with: %v", m)
	}
	for _, dep := range []string{"minio", "meilisearch"} {
		if c.Services["migrate"].DependsOn[dep].Condition != "service_healthy" {
			t.Errorf("migrate does not wait for %s", dep)
		}
	}
}
