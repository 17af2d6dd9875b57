package ui

import (
	"bufio"
	"io"
	"log/slog"
	"net/http"

	"civreg"
)

// streamBag audits the export and streams the bag write makes. What can be checked first is
// checked by the caller (the record exists and is archived), so the client gets a clear 4xx;
// a problem met while streaming (a stored file no longer matching its hash) aborts the
// connection, so no client takes a cut-short bag for whole.
func (s *Server) streamBag(w http.ResponseWriter, r *http.Request, u *civreg.User, file string, recordID, batchID int64, write func(io.Writer) error) error {
	if err := s.DB.Audit(r.Context(), u, "export.bag", recordID, batchID, nil); err != nil {
		return err
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
	if err == nil || !lw.started {
		return err
	}
	s.Log.Error("bag export stopped", slog.String("file", file), slog.String("user", u.Name), slog.Any("err", err))
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
