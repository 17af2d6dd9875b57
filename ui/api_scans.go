package ui

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"

	"civreg"
	"civreg/ingest"
)

// uploadScans takes one or more multipart "file" parts into a batch, streaming each to the
// intake. On the first refused file it stops and answers 4xx naming the file and the reason,
// with the files accepted before it; nothing of the refused file is stored.
func (s *Server) uploadScans(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.batchExists(r.Context(), id); err != nil {
		s.apiError(w, r, err)
		return
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/octet-stream" {
		s.uploadRawScan(w, r, u, id)
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		s.apiError(w, r, civreg.Errorf(civreg.EINVALID, "send the scans as multipart/form-data with one or more \"file\" parts"))
		return
	}
	accepted := []*ingest.Accepted{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			s.apiError(w, r, civreg.Errorf(civreg.EINVALID, "the upload was cut off or is not valid multipart data: %v", err), "scans", accepted)
			return
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		name := part.FileName()
		acc, err := s.Intake.Accept(r.Context(), u, id, name, part, -1)
		part.Close()
		if err != nil {
			s.apiError(w, r, err, "file", ingest.CleanName(name), "scans", accepted)
			return
		}
		accepted = append(accepted, acc)
	}
	if len(accepted) == 0 {
		s.apiError(w, r, civreg.Errorf(civreg.EINVALID, "the request has no \"file\" part"))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"scans": accepted})
}

func (s *Server) batchUploads(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.batchExists(r.Context(), id); err != nil {
		s.apiError(w, r, err)
		return
	}
	ups, err := s.DB.Uploads(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	refused, err := s.DB.Refusals(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"uploads": ups, "refused": refused})
}

// findBatches answers GET /api/v1/batches?name=NAME with the newest batch of that name, so
// civreg ingest can resume a batch; without a name it lists recent batches.
func (s *Server) findBatches(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	if name := r.URL.Query().Get("name"); name != "" {
		b, err := s.DB.BatchByName(r.Context(), name)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"batches": []*civreg.Batch{b}})
		return
	}
	bs, err := s.DB.Batches(r.Context(), 200)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"batches": bs})
}

// batchExists is ENOTFOUND for a batch that does not exist. Batches are never deleted, so one
// seen once is not looked up again: an upload into it need not ask PostgreSQL before it reads
// the body.
func (s *Server) batchExists(ctx context.Context, id int64) error {
	if _, known := s.batches.Load(id); known {
		return nil
	}
	if _, err := s.DB.Batch(ctx, id); err != nil {
		return err
	}
	s.batches.Store(id, true)
	return nil
}
