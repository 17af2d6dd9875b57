package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"civreg"
	"civreg/search"
)

var isoDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// searchRecords answers GET /api/v1/search. Ministry of Health staff find approved records
// only; nobody finds sensitive fields, which are never indexed. Every search is audited.
func (s *Server) searchRecords(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	res, _, err := s.runSearch(r, u, r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// runSearch is the one search of the API and the search page: parameters as in spec/api.md.
func (s *Server) runSearch(r *http.Request, u *civreg.User, p url.Values) (*civreg.SearchResult, civreg.SearchQuery, error) {
	q := search.ParseQuery(p.Get("q"))
	if t := p.Get("type"); t != "" {
		rt, err := civreg.ParseRecordType(t)
		if err != nil {
			return nil, q, err
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
				return nil, q, civreg.Errorf(civreg.EINVALID, "%s must be a date YYYY-MM-DD", d.name)
			}
			*d.to = v
		}
	}
	var status civreg.Status
	if st := p.Get("status"); st != "" {
		if u.Role == civreg.RoleHealth && st != string(civreg.StatusApproved) {
			return nil, q, civreg.Errorf(civreg.EFORBIDDEN, "Ministry of Health staff search approved records only")
		}
		status = civreg.Status(st)
	}
	q.Statuses = search.StatusesFor(u, status)
	q.SortDate = p.Get("sort") == "date"
	q.Page, q.PerPage = 1, 20
	if n, err := strconv.Atoi(p.Get("page")); err == nil && n > 0 && n <= 1000 {
		q.Page = n
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

// visibleValues drops sensitive fields for roles not allowed them (none are indexed; this
// holds even if one ever were).
func visibleValues(u *civreg.User, fields map[string]string) map[string]string {
	if u.MaySeeSensitive() {
		return fields
	}
	out := map[string]string{}
	for k, v := range fields {
		if !civreg.IsSensitive(k) {
			out[k] = v
		}
	}
	return out
}
