package ui

import (
	"fmt"
	"net/http"
	"strconv"

	"civreg"
)

// nextReview answers GET /review/next?after=ID: it opens the worst-read record waiting, other
// than the one just finished, or the queue when none is left.
func (s *Server) nextReview(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	id, err := s.DB.NextForReview(r.Context(), after)
	if civreg.ErrorCode(err) == civreg.ENOTFOUND {
		http.Redirect(w, r, "/review?done=1", http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/review/%d", id), http.StatusSeeOther)
	return nil
}
