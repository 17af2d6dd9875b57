package civreg_test

import (
	"net/url"
	"regexp"
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
