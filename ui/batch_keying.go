package ui

import (
	"fmt"
	"net/http"

	"civreg"
)

// setBatchKeying answers PATCH /api/v1/batches/{id} {"keying": "single" | "double"}: how the
// batch's entries not yet keyed are keyed from now on. It answers the batch.
func (s *Server) setBatchKeying(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	var req struct {
		Keying string `json:"keying"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if req.Keying == "" {
		return civreg.Errorf(civreg.EINVALID, "say the keying: single or double")
	}
	if err := s.DB.SetBatchKeying(r.Context(), u, id, req.Keying); err != nil {
		return err
	}
	return s.getBatch(w, r, u, id)
}

// setBatchKeyingForm answers the batch page's keying form, then shows the batch again.
func (s *Server) setBatchKeyingForm(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	keying := r.PostFormValue("keying")
	if keying == "" {
		return civreg.Errorf(civreg.EINVALID, "say the keying: single or double")
	}
	if err := s.DB.SetBatchKeying(r.Context(), u, id, keying); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/batches/%d", id), http.StatusSeeOther)
	return nil
}
