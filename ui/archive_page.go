package ui

import (
	"net/http"
	"time"

	"civreg"
)

// archivistView is the preservation page: the fixity check and the batches to export.
type archivistView struct {
	layout
	Batches   []batchRow
	Alerts    []civreg.FixityCheck
	LastCheck *time.Time
}

// archivistPage answers GET /archive.
func (s *Server) archivistPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	v := &archivistView{layout: layout{Title: "Preservation", User: u}}
	var err error
	if v.Batches, err = s.batchRows(r.Context()); err != nil {
		return err
	}
	if v.Alerts, err = s.DB.FixityAlerts(r.Context(), 100); err != nil {
		return err
	}
	if v.LastCheck, err = s.DB.LastFixityCheck(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "archivist", v)
}
