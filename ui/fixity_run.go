package ui

import (
	"context"
	"net/http"
	"net/url"

	"civreg"
)

// FixityRequester enqueues a fixity run asked for by a person (workers.Queue), reporting false
// when one asked for is already waiting or running.
type FixityRequester interface {
	RequestFixity(ctx context.Context, by string) (bool, error)
}

// runFixityNow answers the preservation page's "Run fixity now" (POST /archive/fixity): a run
// of the workers' fixity audit over every stored object. A second click while a run waits or
// runs enqueues nothing and says so.
func (s *Server) runFixityNow(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	if s.Fixity == nil {
		return civreg.Errorf(civreg.EUNAVAILABLE, "this server has no work queue to run the fixity audit on")
	}
	done := "A fixity run is under way already: its result shows here when it ends"
	last, err := s.DB.LastFixityRun(r.Context())
	if err != nil {
		return err
	}
	if last == nil || last.Outcome != "running" {
		queued, err := s.Fixity.RequestFixity(r.Context(), u.Name)
		if err != nil {
			return err
		}
		if queued {
			done = "Fixity run requested: the workers read every stored object again and compare its checksum"
			if err := s.DB.Audit(r.Context(), u, "fixity.request", 0, 0, nil); err != nil {
				return err
			}
		} else {
			done = "A fixity run asked for earlier is waiting or running: it was not asked for again"
		}
	}
	http.Redirect(w, r, "/archive?done="+url.QueryEscape(done), http.StatusSeeOther)
	return nil
}
