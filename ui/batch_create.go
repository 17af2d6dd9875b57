package ui

import (
	"fmt"
	"net/http"
	"strings"

	"civreg"
)

// createBatch answers POST /api/v1/batches {"name", "record_type", "page_per_record", "keying"}.
func (s *Server) createBatch(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	var req struct {
		Name          string `json:"name"`
		RecordType    string `json:"record_type"`
		PagePerRecord bool   `json:"page_per_record"`
		Keying        string `json:"keying"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	b, err := s.newBatch(r, u, req.Name, req.RecordType, req.PagePerRecord, req.Keying)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, b)
	return nil
}

// createBatchForm answers the batches page's form, then opens the new batch.
func (s *Server) createBatchForm(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	b, err := s.newBatch(r, u, strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("record_type"), r.PostFormValue("page_per_record") == "on", r.PostFormValue("keying"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/batches/%d", b.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) newBatch(r *http.Request, u *civreg.User, name, recordType string, pagePerRecord bool, keying string) (*civreg.Batch, error) {
	t, err := civreg.ParseRecordType(recordType)
	if err != nil {
		return nil, err
	}
	return s.DB.CreateKeyedBatch(r.Context(), u, name, t, pagePerRecord, keying)
}
