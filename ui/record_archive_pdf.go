package ui

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"civreg"
)

// archivePDF answers GET /api/v1/records/{id}/archive.pdf: the latest verified PDF/A copy of
// a record (or ?version=N), audited.
func (s *Server) archivePDF(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	a, err := s.archiveCopy(r, id, r.URL.Query().Get("version"))
	if err != nil {
		return err
	}
	obj, err := s.Objects.Get(r.Context(), a.Key)
	if err != nil {
		return err
	}
	defer obj.Close()
	if err := s.DB.Audit(r.Context(), u, "record.download_archive", id, 0, map[string]any{"version": a.Version}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="civreg-record-%d-v%d.pdf"`, id, a.Version))
	w.Header().Set("X-Content-SHA256", a.SHA256)
	if _, err := io.Copy(w, obj); err != nil {
		s.Log.Warn("archive download cut short", slog.Int64("record", id), slog.Any("err", err))
	}
	return nil
}

// archiveCopy finds the record's PDF/A copy of version, or the latest when version is "".
func (s *Server) archiveCopy(r *http.Request, id int64, version string) (civreg.Archive, error) {
	archives, err := s.DB.Archives(r.Context(), id)
	if err != nil {
		return civreg.Archive{}, err
	}
	if len(archives) == 0 {
		if _, err := s.DB.Record(r.Context(), id); err != nil {
			return civreg.Archive{}, err
		}
		return civreg.Archive{}, civreg.Errorf(civreg.ENOTFOUND, "record %d has no PDF/A copy yet: it is made when the record is approved", id)
	}
	if version == "" {
		return archives[len(archives)-1], nil
	}
	n, _ := strconv.Atoi(version)
	for _, a := range archives {
		if a.Version == n {
			return a, nil
		}
	}
	return civreg.Archive{}, civreg.Errorf(civreg.ENOTFOUND, "record %d has no PDF/A copy of version %q", id, version)
}
