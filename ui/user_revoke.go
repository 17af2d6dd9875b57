package ui

import (
	"fmt"
	"net/http"

	"civreg"
)

// revokeUserTokens answers POST /admin/users/{id}/revoke: every API token of the user stops
// working; audited.
func (s *Server) revokeUserTokens(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	id, err := pathID(r)
	if err != nil {
		return backToUsers(w, r, err, "")
	}
	n, err := s.DB.RevokeTokens(r.Context(), id)
	if err == nil {
		err = s.DB.Audit(r.Context(), u, "user.revoke_tokens", 0, 0, map[string]any{"user_id": id, "tokens": n})
	}
	return backToUsers(w, r, err, fmt.Sprintf("%d API tokens revoked", n))
}
