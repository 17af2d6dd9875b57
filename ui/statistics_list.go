package ui

import (
	"net/http"

	"civreg"
	"civreg/stats"
)

// statisticsList answers GET /api/v1/statistics: the tables there are.
func (s *Server) statisticsList(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	writeJSON(w, http.StatusOK, map[string]any{"tables": stats.TableNames()})
	return nil
}
