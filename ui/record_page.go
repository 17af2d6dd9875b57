package ui

import (
	"fmt"
	"net/http"

	"civreg"
)

// recordView is the record page: the fields u may see in form order, the scan, and for
// archivists the preservation copies.
type recordView struct {
	layout
	ScanWithheld string // why u gets no image of the scan (ScanCover), "" when u gets one

	Record   *civreg.Record
	Fields   []civreg.Field
	Archives []civreg.Archive
	Entry    *entryView // nil for a record that is its page's only one
}

// recordPage answers GET /records/{id}. The view is written to the audit log, as the page says.
func (s *Server) recordPage(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	rec, err := s.loadRecord(r.Context(), u, id)
	if err != nil {
		return err
	}
	v := &recordView{layout: layout{Title: fmt.Sprintf("Record %d", id), User: u}, Record: rec}
	for _, f := range civreg.FieldsOf(rec.RecordType) {
		if field, ok := rec.Fields[f.Key]; ok {
			field.Key = f.Key
			v.Fields = append(v.Fields, field)
		}
	}
	if v.Entry, err = s.entryOf(r.Context(), u, rec); err != nil {
		return err
	}
	if u.HasRole(archivists...) {
		if v.Archives, err = s.DB.Archives(r.Context(), id); err != nil {
			return err
		}
	}
	if v.ScanWithheld, err = s.scanWithheld(r.Context(), u, id); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "record", v)
}
