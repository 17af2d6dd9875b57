package ui

import (
	"fmt"
	"net/http"

	"civreg"
)

// revokeUserTokens answers POST /admin/users/{id}/revoke: every API token of the user stops
// working; audited.
func (s *Server) revokeUserTokens(r *http.Request, admin *civreg.User, id int64) (string, error) {
	n, err := s.DB.RevokeTokens(r.Context(), id)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d API tokens revoked", n), s.DB.Audit(r.Context(), admin, "user.revoke_tokens", 0, 0, map[string]any{"user_id": id, "tokens": n})
}
