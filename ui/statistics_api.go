package ui

import (
	"bytes"
	"net/http"

	"civreg"
	"civreg/stats"
)

// statisticsTable answers GET /api/v1/statistics/{table}: the table as JSON, or CSV with
// ?format=csv; exact for Ministry staff (audited), public for anyone else.
func (s *Server) statisticsTable(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	format := r.URL.Query().Get("format")
	if format != "" && format != "csv" && format != "json" {
		return civreg.Errorf(civreg.EINVALID, "format %q is not csv or json", format)
	}
	t, err := s.computeTables(r, u, exactFor(r, u), r.PathValue("table"))
	if err != nil {
		return err
	}
	if format != "csv" {
		writeJSON(w, http.StatusOK, t[0])
		return nil
	}
	var b bytes.Buffer
	if err := t[0].WriteCSV(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+csvName(t[0])+`"`)
	b.WriteTo(w) // a client gone away needs no answer
	return nil
}

func csvName(t *stats.Table) string {
	if t.Public {
		return t.Name + "-public.csv"
	}
	return t.Name + ".csv"
}
