package ui

import (
	"net/http/httptest"
	"net/netip"
	"strconv"
	"testing"
	"time"
)

// TestSignInRedirectStaysOnThisSite: next must be a path of this site; anything a browser
// could take for another site (after dropping tabs and newlines, or reading \ as /) is "/".
func TestSignInRedirectStaysOnThisSite(t *testing.T) {
	cases := []struct{ next, want string }{
		{"/records/12?tab=history", "/records/12?tab=history"},
		{"/", "/"},
		{"//evil.example", "/"},
		{"/\t/evil.example", "/"}, // next=/%09/evil.example
		{"/\n/evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"/ /evil.example", "/"},
		{"/\u00a0/evil.example", "/"},
		{"", "/"},
	}
	for _, c := range cases {
		if got := safeNext(c.next); got != c.want {
			t.Errorf("safeNext(%q) = %q, want %q", c.next, got, c.want)
		}
	}
}

// TestClientAddressTrustsOnlyConfiguredProxies: X-Forwarded-For counts only when the
// connection is from a trusted proxy, and then only its last untrusted hop.
func TestClientAddressTrustsOnlyConfiguredProxies(t *testing.T) {
	s := &Server{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	cases := []struct{ remote, forwarded, want string }{
		{"203.0.113.7:5000", "", "203.0.113.7"},
		{"203.0.113.7:5000", "198.51.100.1", "203.0.113.7"}, // not a proxy: its claim is ignored
		{"10.0.0.2:5000", "198.51.100.1", "198.51.100.1"},
		{"10.0.0.2:5000", "6.6.6.6, 198.51.100.1", "198.51.100.1"}, // the client wrote 6.6.6.6
		{"10.0.0.2:5000", "198.51.100.1, 10.0.0.3", "198.51.100.1"},
		{"10.0.0.2:5000", "not an address", "10.0.0.2"},
		{"[::ffff:10.0.0.2]:5000", "198.51.100.9", "198.51.100.9"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/login", nil)
		r.RemoteAddr = c.remote
		if c.forwarded != "" {
			r.Header.Set("X-Forwarded-For", c.forwarded)
		}
		if got := s.clientIP(r); got != c.want {
			t.Errorf("from %s forwarded for %q: %s, want %s", c.remote, c.forwarded, got, c.want)
		}
	}
}

// TestLoginLimiterStaysBoundedAndKeepsWhomItHoldsBack: a flood of new addresses neither grows
// the limiter past its size nor frees an address it is holding back.
func TestLoginLimiterStaysBoundedAndKeepsWhomItHoldsBack(t *testing.T) {
	l := newRateLimit(3, time.Hour, 1000)
	for i := 0; i < 3; i++ {
		l.allow("198.51.100.1")
	}
	if l.allow("198.51.100.1") {
		t.Fatal("a fourth attempt within the burst of three was allowed")
	}
	for i := 0; i < 20000; i++ {
		l.allow("flood-" + strconv.Itoa(i))
		if len(l.seen) > 1000 {
			t.Fatalf("%d keys remembered, limit 1000", len(l.seen))
		}
	}
	if l.allow("198.51.100.1") {
		t.Error("the flood freed the address being held back")
	}
}
