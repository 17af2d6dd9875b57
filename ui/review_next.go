package ui

import (
	"fmt"
	"net/http"
	"strconv"

	"civreg"
)

// nextReview answers GET /review/next?after=ID (and the queue's filters): it opens the
// worst-read record waiting that nobody else holds and u has not skipped lately, other than
// the one just finished, or the queue when none is left.
func (s *Server) nextReview(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	f, err := queueFilter(r.URL.Query())
	if err != nil {
		return err
	}
	id, err := s.DB.NextForReview(r.Context(), u, after, f)
	if civreg.ErrorCode(err) == civreg.ENOTFOUND {
		q := filterQuery(f)
		q.Set("done", "1")
		http.Redirect(w, r, "/review?"+q.Encode(), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	target := fmt.Sprintf("/review/%d", id)
	if q := filterQuery(f).Encode(); q != "" {
		target += "?" + q // the review screen's next record stays within the filters
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}
