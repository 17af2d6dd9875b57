package ui

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Pinger is a service /healthz checks.
type Pinger interface {
	Ping(ctx context.Context) error
}

// healthz answers GET /healthz: 200 when PostgreSQL, Redis and MinIO answer, else 503 naming
// the one down.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	status := map[string]string{}
	code := http.StatusOK
	for name, p := range map[string]Pinger{"postgres": s.DB, "redis": s.Redis, "minio": s.Objects} {
		if err := p.Ping(ctx); err != nil {
			status[name] = "down"
			code = http.StatusServiceUnavailable
			s.Log.Warn("health check", slog.String("service", name), slog.Any("err", err))
		} else {
			status[name] = "ok"
		}
	}
	writeJSON(w, code, status)
}
