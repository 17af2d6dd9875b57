package ui

import (
	"net/http"

	"civreg"
)

// DashboardPagePath is the app's page that shows the queue dashboard inside the registry's
// own header and menu.
const DashboardPagePath = "/admin/queues-dashboard"

// dashboard serves asynqmon's queue dashboard (read-only) to admins, for the app's page to
// frame.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	// asynqmon's page has inline scripts of its own: relax the policy for it alone. It may be
	// framed by the registry's own pages only (dashboardPage), never by another site.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'")
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	s.Dashboard.ServeHTTP(w, r)
	return nil
}

// dashboardView is the page around the queue dashboard.
type dashboardView struct {
	layout
	Src string
}

// dashboardPage answers GET /admin/queues-dashboard: the queue dashboard in the app's frame,
// with the way back to the registry's pages.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	return s.render(w, r, http.StatusOK, "dashboard", &dashboardView{layout{Title: "Work queues", User: u}, DashboardPath + "/"})
}
