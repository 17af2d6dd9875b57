package ui

import (
	"bytes"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"civreg"
	"civreg/stats"
)

// Statistics is how the vital statistics are served: the Ministry's rules, the smallest count
// a public table shows, and whether the public page and API answer without sign-in.
type Statistics struct {
	Rules   *stats.Rules
	MinCell int
	Public  bool
}

// statisticians see exact counts (each view audited); everyone else sees public tables only.
var statisticians = []civreg.Role{civreg.RoleHealth, civreg.RoleAdmin}

// statisticsRoutes registers the statistics pages and API and parses their template.
func (s *Server) statisticsRoutes(mux *http.ServeMux) {
	s.templates["statistics"] = template.Must(template.New("statistics").Funcs(pageFuncs).
		ParseFS(templateFiles, "templates/layout.html", "templates/statistics.html"))
	mux.Handle("GET /statistics", s.page(statisticians, s.statisticsPage))
	mux.HandleFunc("GET /statistics/public", s.publicStatisticsPage)
	mux.HandleFunc("GET /api/v1/statistics", s.statisticsList)
	mux.HandleFunc("GET /api/v1/statistics/{table}", s.statisticsTable)
}

func (s *Server) statisticsRules() *stats.Rules {
	if s.Statistics.Rules == nil {
		return stats.StarterRules()
	}
	return s.Statistics.Rules
}

// minCell is the configured K, 5 when unset, never below the floor.
func (s *Server) minCell() int {
	if s.Statistics.MinCell == 0 {
		return 5
	}
	return max(s.Statistics.MinCell, stats.MinCellFloor)
}

// statisticsViewer decides how a statistics API request is answered: exact for Ministry staff
// (unless they ask for ?public=1), public for anyone else when the public tables are on. A
// request without credentials is refused unless they are; bad credentials always are.
func (s *Server) statisticsViewer(r *http.Request) (u *civreg.User, exact bool, err error) {
	u, _, err = s.authenticate(r)
	anonymous := err != nil && r.Header.Get("Authorization") == "" && !hasSessionCookie(r) && civreg.ErrorCode(err) == civreg.EUNAUTHORIZED
	switch {
	case anonymous && s.Statistics.Public:
		return nil, false, nil
	case err != nil:
		return nil, false, err
	case u.HasRole(statisticians...):
		return u, r.URL.Query().Get("public") == "", nil
	case s.Statistics.Public:
		return u, false, nil
	}
	return nil, false, civreg.Errorf(civreg.EFORBIDDEN, "the %s role may not see the statistics", u.Role)
}

func hasSessionCookie(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	return err == nil && c.Value != ""
}

// statisticsTable answers GET /api/v1/statistics/{table}: the table as JSON, or CSV with
// ?format=csv. Exact views are audited; one that cannot be logged is not shown.
func (s *Server) statisticsTable(w http.ResponseWriter, r *http.Request) {
	u, exact, err := s.statisticsViewer(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	name := r.PathValue("table")
	format := r.URL.Query().Get("format")
	if format != "" && format != "csv" && format != "json" {
		s.apiError(w, r, civreg.Errorf(civreg.EINVALID, "format %q is not csv or json", format))
		return
	}
	t, err := s.computeTables(r, u, exact, name)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if format == "csv" {
		var b bytes.Buffer
		t[0].WriteCSV(&b)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+csvName(t[0])+`"`)
		w.Write(b.Bytes())
		return
	}
	writeJSON(w, http.StatusOK, t[0])
}

func csvName(t *stats.Table) string {
	if t.Public {
		return t.Name + "-public.csv"
	}
	return t.Name + ".csv"
}

// statisticsList answers GET /api/v1/statistics: the tables there are.
func (s *Server) statisticsList(w http.ResponseWriter, r *http.Request) {
	if _, _, err := s.statisticsViewer(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"tables": stats.TableNames()})
}

// computeTables builds the named tables from the summary (every table when none is named).
// An exact view is written to the audit log first.
func (s *Server) computeTables(r *http.Request, u *civreg.User, exact bool, names ...string) ([]*stats.Table, error) {
	if len(names) == 0 {
		names = stats.TableNames()
	}
	for _, n := range names {
		if !slices.Contains(stats.TableNames(), n) {
			return nil, civreg.Errorf(civreg.ENOTFOUND, "no table %q; the tables are %s", n, strings.Join(stats.TableNames(), ", "))
		}
	}
	counts, err := s.DB.StatisticsCounts(r.Context())
	if err != nil {
		return nil, err
	}
	if exact {
		detail := map[string]any{"tables": names, "exact": true, "path": r.URL.Path}
		if err := s.DB.Audit(r.Context(), u, "statistics.view", 0, 0, detail); err != nil {
			return nil, err
		}
	}
	var out []*stats.Table
	for _, n := range names {
		t, err := stats.Compute(n, counts, s.statisticsRules(), !exact, s.minCell())
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// statisticsPage is the Ministry's page: exact counts (audited), or the public tables with
// ?public=1 to see what the public sees.
func (s *Server) statisticsPage(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	exact := r.URL.Query().Get("public") == ""
	tables, err := s.computeTables(r, u, exact)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "statistics", pageData{Title: "Vital statistics", User: u, Data: s.statisticsView(tables, exact, u != nil)})
}

// publicStatisticsPage needs no sign-in and shows suppressed tables only; it is not there
// unless configured.
func (s *Server) publicStatisticsPage(w http.ResponseWriter, r *http.Request) {
	if !s.Statistics.Public {
		s.pageError(w, r, civreg.Errorf(civreg.ENOTFOUND, "the public statistics are not published here"))
		return
	}
	tables, err := s.computeTables(r, nil, false)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "statistics", pageData{Title: "Vital statistics", Data: s.statisticsView(tables, false, false)})
}

// tableCSV is where a table's CSV is downloaded, exact or public as shown.
func tableCSV(t *stats.Table) string {
	p := "/api/v1/statistics/" + t.Name + "?format=csv"
	if t.Public {
		p += "&public=1"
	}
	return p
}
