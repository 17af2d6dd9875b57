package ui

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"civreg"
	"civreg/storage"
)

// archivePDF serves the latest verified PDF/A copy of a record (or ?version=N).
func (s *Server) archivePDF(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	archives, err := s.DB.Archives(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if len(archives) == 0 {
		if _, err := s.DB.Record(r.Context(), id); err != nil {
			s.apiError(w, r, err)
			return
		}
		s.apiError(w, r, civreg.Errorf(civreg.ENOTFOUND, "record %d has no PDF/A copy yet: it is made when the record is approved", id))
		return
	}
	a := archives[len(archives)-1]
	if v := r.URL.Query().Get("version"); v != "" {
		n, _ := strconv.Atoi(v)
		found := false
		for _, x := range archives {
			if x.Version == n {
				a, found = x, true
			}
		}
		if !found {
			s.apiError(w, r, civreg.Errorf(civreg.ENOTFOUND, "record %d has no PDF/A copy of version %q", id, v))
			return
		}
	}
	obj, err := s.Objects.Get(r.Context(), a.Key)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	defer obj.Close()
	if err := s.DB.Audit(r.Context(), u, "record.download_archive", id, 0, map[string]any{"version": a.Version}); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="civreg-record-%d-v%d.pdf"`, id, a.Version))
	w.Header().Set("X-Content-SHA256", a.SHA256)
	if _, err := io.Copy(w, obj); err != nil {
		s.Log.Warn("archive download cut short", slog.Int64("record", id), slog.Any("err", err))
	}
}

// recordBag and batchBag stream BagIt bags. What can be checked first is (the record exists and
// is archived), so the client gets a clear 4xx; a problem met while streaming (a stored file no
// longer matching its hash) aborts the connection, so no client takes a cut-short bag for whole.
func (s *Server) recordBag(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ex := &storage.Exporter{DB: s.DB, Objects: s.Objects, Audience: u}
	if _, _, err := ex.CheckRecord(r.Context(), id); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.streamBag(w, r, u, fmt.Sprintf("civreg-record-%d.zip", id), id, 0, func(out io.Writer) error { return ex.Record(r.Context(), out, id) })
}

func (s *Server) batchBag(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	id, err := pathID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if _, err := s.DB.Batch(r.Context(), id); err != nil {
		s.apiError(w, r, err)
		return
	}
	ex := &storage.Exporter{DB: s.DB, Objects: s.Objects, Audience: u}
	s.streamBag(w, r, u, fmt.Sprintf("civreg-batch-%d.zip", id), 0, id, func(out io.Writer) error { return ex.Batch(r.Context(), out, id) })
}

func (s *Server) streamBag(w http.ResponseWriter, r *http.Request, u *civreg.User, file string, recordID, batchID int64, write func(io.Writer) error) {
	if err := s.DB.Audit(r.Context(), u, "export.bag", recordID, batchID, nil); err != nil {
		s.apiError(w, r, err)
		return
	}
	// Held back until the first bytes are ready, so an error found before then (no archived
	// records in the batch) is still a clear JSON answer.
	lw := &lazyWriter{w: w, start: func() {
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	}}
	bw := bufio.NewWriterSize(lw, 256<<10)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		return
	}
	if !lw.started {
		s.apiError(w, r, err)
		return
	}
	s.Log.Error("bag export stopped", slog.String("file", file), slog.Any("err", err))
	panic(http.ErrAbortHandler) // the client sees a failed download, never a short bag
}

// lazyWriter calls start before the first write.
type lazyWriter struct {
	w       io.Writer
	start   func()
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.start()
	}
	return l.w.Write(p)
}
