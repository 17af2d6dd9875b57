package ui_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"civreg"
	"civreg/ui"
)

// TestSessionFixation: a session ID planted in a victim's browser before they sign in is
// worthless: signing in issues a new ID, ends the planted one, and never lifts the planted
// session to the victim's role.
func TestSessionFixation(t *testing.T) {
	e := newEnv(t)
	attacker, _ := e.signIn(t, "health1")
	srvURL, _ := url.Parse(e.srv.URL)
	planted := sessionID(attacker, srvURL)
	if planted == "" {
		t.Fatal("no session cookie after sign-in")
	}
	jar, _ := cookiejar.New(nil)
	jar.SetCookies(srvURL, []*http.Cookie{{Name: "civreg_session", Value: planted, Path: "/"}})
	victim := &http.Client{Jar: jar}
	e.loginClientOn(t, victim).login(t, e, "reviewer1", "correct horse battery")
	now := sessionID(victim, srvURL)
	if now == "" || now == planted {
		t.Fatalf("session ID after sign-in is the planted one (%q)", now)
	}
	// The planted ID no longer opens anything, let alone the reviewer's pages.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", e.srv.URL+"/review", nil)
	req.AddCookie(&http.Cookie{Name: "civreg_session", Value: planted})
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Errorf("the planted session after the victim signed in: %d, want a redirect to sign in", resp.StatusCode)
	}
}

// TestSignInIsSlowedPerAddress: a burst of wrong passwords from one address is answered 429
// with a plain message once the allowance is used.
func TestSignInIsSlowedPerAddress(t *testing.T) {
	e := newEnv(t)
	limited := false
	for i := 0; i < 15 && !limited; i++ {
		c, _ := e.freshLoginClient(t)
		resp, body := c.login(t, e, "nobody", "wrong")
		if resp.StatusCode == http.StatusTooManyRequests {
			limited = true
			if !strings.Contains(body, "Too many sign-in attempts") {
				t.Errorf("429 page says %q", body)
			}
		}
	}
	if !limited {
		t.Fatal("15 wrong passwords in a row were never slowed down")
	}
}

type loginClient struct {
	c    *http.Client
	csrf string
}

func (e *env) freshLoginClient(t *testing.T) (*loginClient, error) {
	jar, _ := cookiejar.New(nil)
	return e.loginClientOn(t, &http.Client{Jar: jar}), nil
}

// loginClientOn opens the sign-in page on c and keeps its CSRF token for signing in.
func (e *env) loginClientOn(t *testing.T, c *http.Client) *loginClient {
	t.Helper()
	_, page := getPageResponse(t, c, e.srv.URL+"/login")
	m := csrfField.FindStringSubmatch(page)
	return &loginClient{c, m[1]}
}

// sessionID is the session cookie c's jar holds for srv, or "".
func sessionID(c *http.Client, srv *url.URL) string {
	for _, ck := range c.Jar.Cookies(srv) {
		if ck.Name == "civreg_session" {
			return ck.Value
		}
	}
	return ""
}

func (l *loginClient) login(t *testing.T, e *env, name, password string) (*http.Response, string) {
	resp, err := l.c.PostForm(e.srv.URL+"/login", url.Values{"name": {name}, "password": {password}, "csrf_token": {l.csrf}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// syncBuffer collects log output written from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestSecretsNeverReachTheLog runs a server logging at debug level through sign-ins (right
// and wrong passwords), API calls with good and bad tokens and a session's CSRF-guarded write,
// then looks for every secret used in the log.
func TestSecretsNeverReachTheLog(t *testing.T) {
	e := newEnv(t)
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := &ui.Server{DB: e.db, Objects: e.objects, Redis: e.queue, Pipeline: e.queue, Log: log, Intake: e.intake, Search: e.db.Search()}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	e2 := *e
	e2.srv = srv

	c, csrf := e2.signIn(t, "reviewer1")
	lc, _ := e2.freshLoginClient(t)
	lc.login(t, &e2, "reviewer1", "a wrong password guess")
	for _, tok := range []string{e.tokens[civreg.RoleReviewer], "civreg_not-a-real-token-but-secret"} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/records/999", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	req, _ := http.NewRequest("PATCH", srv.URL+"/api/v1/records/999", strings.NewReader(`{"version":1,"fields":{}}`))
	req.Header.Set("X-CSRF-Token", csrf)
	if resp, err := c.Do(req); err == nil {
		resp.Body.Close()
	}
	srvURL, _ := url.Parse(srv.URL)
	session := sessionID(c, srvURL)
	out := logs.String()
	if !strings.Contains(out, "sign-in refused") {
		t.Fatalf("the test did not exercise the log (no refused sign-in logged):\n%s", out)
	}
	for name, secret := range map[string]string{
		"password": "correct horse battery", "wrong password": "a wrong password guess",
		"API token": e.tokens[civreg.RoleReviewer], "bad token": "civreg_not-a-real-token-but-secret",
		"session ID": session, "CSRF token": csrf,
	} {
		if secret != "" && strings.Contains(out, secret) {
			t.Errorf("the %s appears in the log", name)
		}
	}
}
