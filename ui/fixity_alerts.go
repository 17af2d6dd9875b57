package ui

import (
	"net/http"

	"civreg"
)

// fixityAlerts answers GET /api/v1/fixity/alerts: the latest stored objects found changed or lost.
func (s *Server) fixityAlerts(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	alerts, err := s.DB.FixityAlerts(r.Context(), 200)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": alerts})
	return nil
}
