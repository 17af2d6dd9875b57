package ui

import (
	"fmt"
	"net/http"

	"civreg"
)

// keyingView lists the entries u may key and those u may arbitrate.
type keyingView struct {
	layout
	ToKey       []civreg.ToKey
	ToArbitrate []civreg.ToKey
}

const keyingListLimit = 200

// keyingPage answers GET /keying: the two lists, each row an entry with its batch and who
// keyed it so far.
func (s *Server) keyingPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	v := &keyingView{layout: layout{Title: "Keying", User: u}}
	var err error
	if v.ToKey, err = s.DB.KeyingQueue(r.Context(), u, keyingListLimit); err != nil {
		return err
	}
	if v.ToArbitrate, err = s.DB.ArbitrationQueue(r.Context(), u, keyingListLimit); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "keying", v)
}

// keyingList returns the list ?list= names: "key" (the default) or "arbitrate".
func (s *Server) keyingList(r *http.Request, u *civreg.User, limit int) ([]civreg.ToKey, string, error) {
	switch list := r.URL.Query().Get("list"); list {
	case "", "key":
		q, err := s.DB.KeyingQueue(r.Context(), u, limit)
		return q, "key", err
	case "arbitrate":
		q, err := s.DB.ArbitrationQueue(r.Context(), u, limit)
		return q, list, err
	default:
		return nil, "", civreg.Errorf(civreg.EINVALID, "list %q is not key or arbitrate", list)
	}
}

// nextKeying answers GET /keying/next[?list=arbitrate]: the first entry of u's list, or the
// lists when it is empty.
func (s *Server) nextKeying(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	q, list, err := s.keyingList(r, u, 1)
	if err != nil {
		return err
	}
	to := "/keying"
	if len(q) > 0 {
		to = fmt.Sprintf("/records/%d/%s", q[0].RecordID, list)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// keyingQueue answers GET /api/v1/keying/queue?list=key|arbitrate: {"entries": [...]}.
func (s *Server) keyingQueue(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	q, _, err := s.keyingList(r, u, keyingListLimit)
	if err != nil {
		return err
	}
	if q == nil {
		q = []civreg.ToKey{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": q})
	return nil
}

// keyersView shows the admin how each person keys.
type keyersView struct {
	layout
	Keyers []civreg.KeyerFigures
}

// keyersPage answers GET /admin/keyers.
func (s *Server) keyersPage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	figures, err := s.DB.KeyerFigures(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "keyers", &keyersView{layout{Title: "Keyers", User: u}, figures})
}
