package ui

import (
	"fmt"
	"net/http"
	"net/url"

	"civreg"
)

// retryRecord answers the problems page's Retry: the record goes back to the stage it failed
// or stuck in.
func (s *Server) retryRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	to, err := s.DB.RetryRecord(r.Context(), u, id)
	if err != nil {
		return err
	}
	done := fmt.Sprintf("record %d goes back to “%s”; the workers take it up within a minute", id, to.Word())
	http.Redirect(w, r, "/admin/records?done="+url.QueryEscape(done), http.StatusSeeOther)
	return nil
}
