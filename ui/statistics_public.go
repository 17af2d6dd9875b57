package ui

import (
	"net/http"

	"civreg"
)

// publicStatisticsPage answers GET /statistics/public: no sign-in, suppressed tables only.
// It is not there unless configured.
func (s *Server) publicStatisticsPage(w http.ResponseWriter, r *http.Request) error {
	if !s.Statistics.Public {
		return civreg.Errorf(civreg.ENOTFOUND, "the public statistics are not published here")
	}
	tables, err := s.computeTables(r, nil, false)
	if err != nil {
		return err
	}
	v := s.statisticsView(tables, false)
	v.layout = layout{Title: "Vital statistics"}
	return s.render(w, r, http.StatusOK, "statistics", v)
}
