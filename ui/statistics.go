package ui

import (
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

// statisticsAPI guards a statistics API route. Unlike api it lets a request with no
// credentials at all through, as u == nil, when the public tables are on; bad credentials
// are refused all the same, and a signed-in role outside statisticians gets the public
// tables only when they are on.
func (s *Server) statisticsAPI(fn handler) http.Handler {
	return guard(statisticians, fn, s.statisticsReader, s.statisticsAllows, s.apiError)
}

func (s *Server) statisticsReader(r *http.Request) (*civreg.User, *http.Request, error) {
	if s.Statistics.Public && r.Header.Get("Authorization") == "" && !hasSessionCookie(r) {
		return nil, r, nil
	}
	return s.authenticate(r)
}

func (s *Server) statisticsAllows(_ *http.Request, u *civreg.User, roles []civreg.Role) error {
	if s.Statistics.Public || u.HasRole(roles...) {
		return nil
	}
	return civreg.Errorf(civreg.EFORBIDDEN, "the %s role may not see the statistics", u.Role)
}

func hasSessionCookie(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	return err == nil && c.Value != ""
}

// exactFor tells whether u is shown exact counts: Ministry staff, unless they ask for
// ?public=1 to see what the public sees.
func exactFor(r *http.Request, u *civreg.User) bool {
	return u != nil && u.HasRole(statisticians...) && r.URL.Query().Get("public") == ""
}

// computeTables builds the named tables from the summary (every table when none is named).
// An exact view is written to the audit log first; one that cannot be logged is not shown.
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

// tableCSV is where a table's CSV is downloaded, exact or public as shown.
func tableCSV(t *stats.Table) string {
	p := "/api/v1/statistics/" + t.Name + "?format=csv"
	if t.Public {
		p += "&public=1"
	}
	return p
}
