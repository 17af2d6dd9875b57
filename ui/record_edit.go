package ui

import (
	"context"
	"net/http"

	"civreg"
)

// editRecord answers PATCH /api/v1/records/{id} {"version", "record_type", "fields", "boxes"}:
// the reviewer's corrections, refused with 409 and the current record when version is stale
// (and the claim, when another reviewer holds the record). "boxes" says where on the scan a
// field's value is written ({"key": {"page", "box"}}, a word clicked or a box drawn).
func (s *Server) editRecord(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	var req struct {
		Version    int                        `json:"version"`
		RecordType string                     `json:"record_type"`
		Fields     map[string]string          `json:"fields"`
		Boxes      map[string]civreg.FieldBox `json:"boxes"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	edit := civreg.Edit{Version: req.Version, Fields: req.Fields, Boxes: req.Boxes}
	if req.RecordType != "" {
		t, err := civreg.ParseRecordType(req.RecordType)
		if err != nil {
			return err
		}
		edit.RecordType = t
	}
	if err := s.boxesOnPages(r.Context(), id, req.Boxes); err != nil {
		return err
	}
	version, err := s.DB.EditRecord(r.Context(), u, id, edit)
	return s.recordChanged(w, r, u, id, err, "index", s.Pipeline.RecordChanged, version)
}

// boxesOnPages checks that every box lies inside its page image (storage checks the rest).
func (s *Server) boxesOnPages(ctx context.Context, id int64, boxes map[string]civreg.FieldBox) error {
	if len(boxes) == 0 {
		return nil
	}
	rec, err := s.DB.Record(ctx, id)
	if err != nil {
		return err
	}
	for key, b := range boxes {
		if err := b.Valid(len(rec.Pages)); err != nil {
			return civreg.Errorf(civreg.EINVALID, "%s: %s", key, civreg.ErrorMessage(err))
		}
		p := rec.Pages[b.Page-1]
		if p.WordsKey == "" {
			return civreg.Errorf(civreg.EINVALID, "%s: page %d is not read yet", key, b.Page)
		}
		pw, err := s.readPageWords(ctx, p.WordsKey)
		if err != nil {
			return err
		}
		if b.Box[2] > pw.Width || b.Box[3] > pw.Height {
			return civreg.Errorf(civreg.EINVALID, "%s: box %v is outside page %d (%d by %d pixels)", key, b.Box, b.Page, pw.Width, pw.Height)
		}
	}
	return nil
}
