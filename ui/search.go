package ui

import (
	"net/url"
	"regexp"
	"strconv"

	"net/http"

	"civreg"
	"civreg/search"
)

var isoDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// runSearch is the one search of the API and the search page, parameters as in docs/api.md.
// What u may find is User.SearchStatuses; nobody finds sensitive fields, which are never
// indexed. Every search is audited.
func (s *Server) runSearch(r *http.Request, u *civreg.User, p url.Values) (*civreg.SearchResult, civreg.SearchQuery, error) {
	q, err := searchQuery(u, p)
	if err != nil {
		return nil, q, err
	}
	res, err := s.Search.Search(r.Context(), q)
	if err != nil {
		return nil, q, err
	}
	for i := range res.Hits {
		res.Hits[i].Fields = visibleValues(u, res.Hits[i].Fields)
		search.Highlight(&res.Hits[i], q)
	}
	if err := s.DB.Audit(r.Context(), u, "record.search", 0, 0, map[string]any{"query": p.Encode(), "total": res.Total}); err != nil {
		return nil, q, err // a search that cannot be logged is not answered
	}
	return res, q, nil
}

// searchQuery reads the search parameters: EINVALID for a bad type or date, EFORBIDDEN for a
// status u may not search.
func searchQuery(u *civreg.User, p url.Values) (civreg.SearchQuery, error) {
	q := search.ParseQuery(p.Get("q"))
	if t := p.Get("type"); t != "" {
		rt, err := civreg.ParseRecordType(t)
		if err != nil {
			return q, err
		}
		q.Type = rt
	}
	q.District = p.Get("district")
	for _, d := range []struct {
		name string
		to   *string
	}{{"from", &q.From}, {"to", &q.To}} {
		if v := p.Get(d.name); v != "" {
			if !isoDay.MatchString(v) {
				return q, civreg.Errorf(civreg.EINVALID, "%s must be a date YYYY-MM-DD", d.name)
			}
			*d.to = v
		}
	}
	var err error
	if q.Statuses, err = u.SearchStatuses(civreg.Status(p.Get("status"))); err != nil {
		return q, err
	}
	q.SortDate = p.Get("sort") == "date"
	q.Page, q.PerPage = 1, 20
	if n, err := strconv.Atoi(p.Get("page")); err == nil && n > 0 && n <= 1000 {
		q.Page = n
	}
	return q, nil
}

// visibleValues drops the fields u may not see (none sensitive are indexed; this holds even
// if one ever were).
func visibleValues(u *civreg.User, fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if u.MaySeeField(k) {
			out[k] = v
		}
	}
	return out
}
