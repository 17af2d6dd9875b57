package ui

import (
	"net/http"

	"civreg"
)

// claimRecord answers POST /api/v1/records/{id}/claim: u takes or renews the lease on the
// record (storage.ClaimLease) so that nobody else changes it meanwhile. Held by someone else:
// 409 with their claim ("claim": who and since when), which the review screen shows.
func (s *Server) claimRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	if _, err := s.visibleRecord(r.Context(), u, id); err != nil {
		return err
	}
	c, err := s.DB.ClaimRecord(r.Context(), u, id)
	if err != nil {
		if c != nil {
			return withDetail(err, "claim", c)
		}
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"claim": c})
	return nil
}

// takeOverRecord answers POST /api/v1/records/{id}/claim/take-over: an admin ends whoever's
// claim holds the record and takes it (audited with whose claim it ended).
func (s *Server) takeOverRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	if _, err := s.visibleRecord(r.Context(), u, id); err != nil {
		return err
	}
	c, err := s.DB.TakeOverClaim(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"claim": c})
	return nil
}

// releaseRecord answers DELETE /api/v1/records/{id}/claim: u leaves the record for others.
func (s *Server) releaseRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	if err := s.DB.ReleaseClaim(r.Context(), u, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"released": id})
	return nil
}
