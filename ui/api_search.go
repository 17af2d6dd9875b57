package ui

import (
	"net/http"
	"regexp"
	"strconv"

	"civreg"
	"civreg/search"
)

var isoDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// searchRecords answers GET /api/v1/search. Ministry of Health staff find approved records
// only; nobody finds sensitive fields, which are never indexed. Every search is audited.
func (s *Server) searchRecords(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	p := r.URL.Query()
	q := search.ParseQuery(p.Get("q"))
	if t := p.Get("type"); t != "" {
		rt, err := civreg.ParseRecordType(t)
		if err != nil {
			s.apiError(w, r, err)
			return
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
				s.apiError(w, r, civreg.Errorf(civreg.EINVALID, "%s must be a date YYYY-MM-DD", d.name))
				return
			}
			*d.to = v
		}
	}
	var status civreg.Status
	if st := p.Get("status"); st != "" {
		if u.Role == civreg.RoleHealth && st != string(civreg.StatusApproved) {
			s.apiError(w, r, civreg.Errorf(civreg.EFORBIDDEN, "Ministry of Health staff search approved records only"))
			return
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
		s.apiError(w, r, err)
		return
	}
	for i := range res.Hits {
		res.Hits[i].Fields = visibleValues(u, res.Hits[i].Fields)
		search.Highlight(&res.Hits[i], q)
	}
	if err := s.DB.Audit(r.Context(), u, "record.search", 0, 0, map[string]any{"query": r.URL.RawQuery, "total": res.Total}); err != nil {
		s.apiError(w, r, err) // a search that cannot be logged is not answered
		return
	}
	writeJSON(w, http.StatusOK, res)
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
