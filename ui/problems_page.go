package ui

import (
	"net/http"
	"time"

	"civreg"
)

// problemsView is the admin's list of stuck and failed records, with the fixity alerts.
type problemsView struct {
	layout
	Problems []civreg.ProblemRecord
	Alerts   []civreg.FixityCheck
	Done     string // what the last retry did
}

// problemsPage answers GET /admin/records.
func (s *Server) problemsPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	v := &problemsView{layout: layout{Title: "Stuck and failed records", User: u}, Done: r.URL.Query().Get("done")}
	var err error
	if v.Problems, err = s.DB.ProblemRecords(r.Context(), 10*time.Minute, 200); err != nil {
		return err
	}
	if v.Alerts, err = s.DB.FixityAlerts(r.Context(), 50); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "problems", v)
}
