package ui

import (
	"fmt"
	"net/http"
	"net/url"

	"civreg"
	"civreg/linkage"
)

// decideLink answers POST /links/{id}/decide: it records a reviewer's decision and opens
// the next pair waiting, or the queue when none is; undo reopens the same pair.
func (s *Server) decideLink(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	decision := r.PostFormValue("decision")
	l, err := s.DB.DecideLink(r.Context(), u, id, decision)
	if err != nil {
		return err
	}
	if decision == linkage.DecideUndo {
		http.Redirect(w, r, fmt.Sprintf("/links/%d", id), http.StatusSeeOther)
		return nil
	}
	done := fmt.Sprintf("records %d and %d: %s", l.A, l.B, l.State)
	next, _, err := s.DB.LinkReviewQueue(r.Context(), 1, 0)
	if err != nil || len(next) == 0 {
		// The decision is taken: a queue that cannot be read now only ends the run of pairs.
		http.Redirect(w, r, "/links?done="+url.QueryEscape(done+"; nothing else is waiting"), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/links/%d?done=%s", next[0].ID, url.QueryEscape(done)), http.StatusSeeOther)
	return nil
}
