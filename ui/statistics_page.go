package ui

import (
	"net/http"

	"civreg"
)

// statisticsPage answers GET /statistics, the Ministry's page: exact counts (audited), or the
// public tables with ?public=1 to see what the public sees.
func (s *Server) statisticsPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	exact := exactFor(r, u)
	tables, err := s.computeTables(r, u, exact)
	if err != nil {
		return err
	}
	v := s.statisticsView(tables, exact)
	v.layout = layout{Title: "Vital statistics", User: u}
	return s.render(w, r, http.StatusOK, "statistics", v)
}
