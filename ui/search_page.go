package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"civreg"
)

// searchView is the search page: the form as filled in and, once searched, a page of results.
type searchView struct {
	layout
	Params    url.Values
	Districts []string
	Searched  bool
	Result    *civreg.SearchResult
	Page      int
	Prev      string
	Next      string
	HasNext   bool
}

// searchPage answers GET /search; a search the form got wrong is said on the page.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	p := r.URL.Query()
	v := &searchView{layout: layout{Title: "Search records", User: u}, Params: p, Districts: civreg.Districts}
	if p.Get("q") == "" && p.Get("district") == "" && p.Get("type") == "" {
		return s.render(w, r, http.StatusOK, "search", v)
	}
	res, q, err := s.runSearch(r, u, p)
	switch {
	case civreg.ErrorCode(err) == civreg.EINVALID:
		v.Error = civreg.ErrorMessage(err)
	case err != nil:
		return err
	default:
		v.Searched, v.Result, v.Page = true, res, q.Page
		v.Prev, v.Next = pageLink(p, q.Page-1), pageLink(p, q.Page+1)
		v.HasNext = res.More || q.Page*q.PerPage < res.Total
	}
	return s.render(w, r, http.StatusOK, "search", v)
}

// pageLink is the search page's address for page n of the same search.
func pageLink(p url.Values, n int) string {
	q := url.Values{}
	for k, v := range p {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return "/search?" + q.Encode()
}
