package storage_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testsvc"
)

// TestSignInRefusalsAreAlikeInAnswerAndTime: an unknown name, a disabled account, a locked
// account (right password) and a wrong password get the same answer, and the slowest kind's
// median time is within three times the fastest's (each pays one bcrypt comparison, which
// skipped makes a refusal some fifty times faster).
func TestSignInRefusalsAreAlikeInAnswerAndTime(t *testing.T) {
	ctx := context.Background()
	db, url := testsvc.MigratedDB(t)
	newUser(t, db, "wrong", civreg.RoleClerk)
	disabled := newUser(t, db, "disabled", civreg.RoleClerk)
	locked := newUser(t, db, "locked", civreg.RoleClerk)
	if err := db.SetDisabled(ctx, disabled.ID, true); err != nil {
		t.Fatal(err)
	}
	testsvc.Exec(t, url, "UPDATE users SET locked_until = now() + interval '1 hour', failed_logins = 5 WHERE id = $1", locked.ID)
	attempts := []struct{ name, password string }{
		{"wrong", "not the password"}, {"nobody", "correct horse battery"},
		{"disabled", "correct horse battery"}, {"locked", "correct horse battery"},
	}
	times := map[string][]time.Duration{}
	answer := ""
	for round := 0; round < 5; round++ {
		for _, a := range attempts {
			start := time.Now()
			_, err := db.Authenticate(ctx, a.name, a.password)
			times[a.name] = append(times[a.name], time.Since(start))
			if civreg.ErrorCode(err) != civreg.EUNAUTHORIZED {
				t.Fatalf("%s: %v, want unauthorized", a.name, err)
			}
			if answer == "" {
				answer = err.Error()
			} else if err.Error() != answer {
				t.Errorf("%s answered %q, %q for another", a.name, err, answer)
			}
		}
	}
	var fastest, slowest time.Duration
	for name, ts := range times {
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		m := ts[len(ts)/2]
		t.Logf("%s: median %s", name, m)
		if fastest == 0 || m < fastest {
			fastest = m
		}
		slowest = max(slowest, m)
	}
	if slowest > 3*fastest {
		t.Errorf("refusals take from %s to %s: which kind an account is shows in the time", fastest, slowest)
	}
}

// TestFailedSignInsCountAfreshWhenTheLockExpires: the first wrong password after a lock has
// run out does not lock the account again, and the right one then signs in.
func TestFailedSignInsCountAfreshWhenTheLockExpires(t *testing.T) {
	ctx := context.Background()
	db, url := testsvc.MigratedDB(t)
	u := newUser(t, db, "admin", civreg.RoleAdmin)
	testsvc.Exec(t, url, "UPDATE users SET locked_until = now() - interval '1 second', failed_logins = 5 WHERE id = $1", u.ID)
	db.Authenticate(ctx, "admin", "one wrong guess")
	if n := testsvc.Count(t, url, "SELECT failed_logins FROM users WHERE id = $1", u.ID); n != 1 {
		t.Errorf("failed sign-ins after an expired lock and one wrong password: %d, want 1", n)
	}
	if _, err := db.Authenticate(ctx, "admin", "correct horse battery"); err != nil {
		t.Fatalf("right password after an expired lock and one wrong guess: %v", err)
	}
}

// TestTheLastAdminCannotBeDemotedOrDisabled, while any admin with another admin beside them can.
func TestTheLastAdminCannotBeDemotedOrDisabled(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	a := newUser(t, db, "admin", civreg.RoleAdmin)
	b := newUser(t, db, "admin2", civreg.RoleAdmin)
	if err := db.SetDisabled(ctx, b.ID, true); err != nil {
		t.Fatalf("disabling one of two admins: %v", err)
	}
	if err := db.SetRole(ctx, a.ID, civreg.RoleClerk); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Errorf("demoting the last enabled admin: %v, want conflict", err)
	}
	if err := db.SetDisabled(ctx, a.ID, true); civreg.ErrorCode(err) != civreg.ECONFLICT {
		t.Errorf("disabling the last enabled admin: %v, want conflict", err)
	}
	if err := db.SetDisabled(ctx, b.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRole(ctx, a.ID, civreg.RoleClerk); err != nil {
		t.Errorf("demoting one of two admins: %v", err)
	}
}

// TestPasswordResetEndsSessionsAndTokens and disabling a user ends their sessions.
func TestPasswordResetEndsSessionsAndTokens(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	u := newUser(t, db, "health", civreg.RoleHealth)
	tok, _ := db.NewToken(ctx, u.ID)
	sess, err := db.NewSession(ctx, u, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPassword(ctx, u.ID, "another horse battery"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UserByToken(ctx, tok); civreg.ErrorCode(err) != civreg.EUNAUTHORIZED {
		t.Errorf("token after a password reset: %v, want unauthorized", err)
	}
	if _, err := db.SessionByID(ctx, sess.ID, time.Hour); civreg.ErrorCode(err) != civreg.EUNAUTHORIZED {
		t.Errorf("session after a password reset: %v, want unauthorized", err)
	}
	sess, _ = db.NewSession(ctx, u, time.Hour)
	if err := db.SetDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.SessionByID(ctx, sess.ID, time.Hour); n != nil {
		t.Error("a disabled user's session still works")
	}
	if err := db.SetDisabled(ctx, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate(ctx, "health", "another horse battery"); err != nil {
		t.Errorf("sign-in once enabled again: %v", err)
	}
}

// TestSessionsEndWhenIdle: a session unused for longer than the idle timeout has ended, though
// its expiry is hours away; one in use lives on.
func TestSessionsEndWhenIdle(t *testing.T) {
	ctx := context.Background()
	db, url := testsvc.MigratedDB(t)
	u := newUser(t, db, "rev", civreg.RoleReviewer)
	sess, _ := db.NewSession(ctx, u, 12*time.Hour)
	if _, err := db.SessionByID(ctx, sess.ID, 30*time.Minute); err != nil {
		t.Fatalf("a fresh session: %v", err)
	}
	testsvc.Exec(t, url, "UPDATE sessions SET last_seen_at = now() - interval '31 minutes'")
	if _, err := db.SessionByID(ctx, sess.ID, 30*time.Minute); civreg.ErrorCode(err) != civreg.EUNAUTHORIZED {
		t.Errorf("a session idle for 31 minutes: %v, want unauthorized", err)
	}
}
