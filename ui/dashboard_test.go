package ui_test

import (
	"strings"
	"testing"

	"civreg/ui"
)

// TestQueueDashboardInTheAppsFrame: the admin's Queues page is the registry's own, header and
// menu included, with the dashboard framed from the same origin; the dashboard may be framed
// by the registry only; clerks get neither.
func TestQueueDashboardInTheAppsFrame(t *testing.T) {
	e := newEnv(t)
	admin, _ := e.signIn(t, "admin1")
	resp, page := getPageResponse(t, admin, e.srv.URL+ui.DashboardPagePath)
	for _, want := range []string{`<header class="top">`, `nav aria-label="Main"`, `<iframe class="dashboard-frame" id="dashboard" src="/admin/queues/"`, `href="/">Back to the registry`} {
		if resp.StatusCode != 200 || !strings.Contains(page, want) {
			t.Errorf("the Queues page (%d) lacks %q", resp.StatusCode, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("the Queues page itself may be framed: %q", csp)
	}
	resp, err := admin.Get(e.srv.URL + ui.DashboardPath + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self'") || resp.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("the dashboard's framing: CSP %q, X-Frame-Options %q", csp, resp.Header.Get("X-Frame-Options"))
	}
	clerk, _ := e.signIn(t, "clerk1")
	resp, _ = clerk.Get(e.srv.URL + ui.DashboardPagePath)
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("a clerk on the Queues page: %d, want 403", resp.StatusCode)
	}
}
