package ui

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"

	"civreg"
)

// uploadScans answers POST /api/v1/batches/{id}/scans. It takes one file as the whole body
// (uploadRawScan) or one or more multipart "file" parts, streaming each to the intake. On the
// first refused file it stops and answers 4xx naming the file and the reason, with the files
// accepted before it; nothing of the refused file is stored.
func (s *Server) uploadScans(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	if err := s.batchExists(r.Context(), id); err != nil {
		return err
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/octet-stream" {
		return s.uploadRawScan(w, r, u, id)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return civreg.Errorf(civreg.EINVALID, "send the scans as multipart/form-data with one or more \"file\" parts")
	}
	accepted := []*civreg.Accepted{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return withDetail(civreg.Errorf(civreg.EINVALID, "the upload was cut off or is not valid multipart data: %v", err), "scans", accepted)
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		name := part.FileName()
		acc, err := s.Intake.Accept(r.Context(), u, id, name, part, -1)
		part.Close()
		if err != nil {
			return withDetail(err, "file", civreg.CleanName(name), "scans", accepted)
		}
		accepted = append(accepted, acc)
	}
	if len(accepted) == 0 {
		return civreg.Errorf(civreg.EINVALID, "the request has no \"file\" part")
	}
	writeJSON(w, http.StatusCreated, map[string]any{"scans": accepted})
	return nil
}

// uploadRawScan takes one file sent as the whole request body (Content-Type
// application/octet-stream, its name in Content-Disposition's filename or filename*). It is
// what civreg ingest, the watch folder and the batch page send: with its size known, the file
// goes to MinIO as it arrives (Intake.Accept).
func (s *Server) uploadRawScan(w http.ResponseWriter, r *http.Request, u *civreg.User, batch int64) error {
	name := ""
	if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
		name = params["filename"]
	}
	acc, err := s.Intake.Accept(r.Context(), u, batch, name, r.Body, r.ContentLength)
	if err != nil {
		return withDetail(err, "file", civreg.CleanName(name), "scans", []*civreg.Accepted{})
	}
	writeJSON(w, http.StatusCreated, map[string]any{"scans": []*civreg.Accepted{acc}})
	return nil
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
