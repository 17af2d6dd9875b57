// Package ui is the registry's HTTP side: the JSON API of spec/api.md, the web pages, sign-in
// and sessions, and the admin's queue dashboard. Every route is registered in routes, with the
// roles allowed to use it next to it.
package ui

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"civreg"
	"civreg/ingest"
	"civreg/storage"
)

// Pinger is a service /healthz checks.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server holds what the handlers need; cmd/civreg fills it in.
type Server struct {
	DB       *storage.DB
	Objects  *storage.Objects
	Redis    Pinger
	Pipeline civreg.Pipeline
	Intake   *ingest.Intake
	Search   civreg.SearchIndex
	// Dashboard is the asynqmon queue dashboard, served to admins under /admin/queues/.
	Dashboard http.Handler
	Log       *slog.Logger
	// SecureCookies marks session cookies Secure (HTTPS deployments).
	SecureCookies bool
	SessionTTL    time.Duration

	templates  map[string]*template.Template
	loginLimit *rateLimit
	batches    sync.Map // batch IDs seen to exist (batchExists)
}

// DashboardPath is where the queue dashboard is mounted.
const DashboardPath = "/admin/queues"

// Handler returns every route, wrapped in the security headers.
func (s *Server) Handler() http.Handler {
	s.templates = parseTemplates()
	s.loginLimit = newRateLimit(10, 6*time.Second)
	if s.SessionTTL == 0 {
		s.SessionTTL = 12 * time.Hour
	}
	mux := http.NewServeMux()
	s.routes(mux)
	return securityHeaders(mux)
}

// Roles allowed per route; "anyone signed in" is every role.
var (
	clerks         = []civreg.Role{civreg.RoleClerk, civreg.RoleAdmin}
	batchReaders   = []civreg.Role{civreg.RoleClerk, civreg.RoleReviewer, civreg.RoleAdmin}
	recordReaders  = []civreg.Role{civreg.RoleReviewer, civreg.RoleArchivist, civreg.RoleAdmin, civreg.RoleHealth}
	reviewers      = []civreg.Role{civreg.RoleReviewer, civreg.RoleAdmin}
	admins         = []civreg.Role{civreg.RoleAdmin}
	searchers      = []civreg.Role{civreg.RoleHealth, civreg.RoleReviewer, civreg.RoleArchivist, civreg.RoleAdmin}
	archivists     = []civreg.Role{civreg.RoleArchivist, civreg.RoleAdmin}
	everyoneSigned = civreg.Roles
)

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/v1/openapi.json", s.openAPI)

	mux.Handle("POST /api/v1/batches", s.api(clerks, s.createBatch))
	mux.Handle("GET /api/v1/batches", s.api(batchReaders, s.findBatches))
	mux.Handle("GET /api/v1/batches/{id}", s.api(batchReaders, s.getBatch))
	mux.Handle("POST /api/v1/batches/{id}/scans", s.api(clerks, s.uploadScans))
	mux.Handle("GET /api/v1/batches/{id}/uploads", s.api(batchReaders, s.batchUploads))
	mux.Handle("GET /api/v1/records/{id}", s.api(recordReaders, s.getRecord))
	mux.Handle("PATCH /api/v1/records/{id}", s.api(reviewers, s.patchRecord))
	mux.Handle("POST /api/v1/records/{id}/approve", s.api(reviewers, s.approveRecord))
	mux.Handle("GET /api/v1/me", s.api(everyoneSigned, s.me))
	mux.Handle("GET /api/v1/fixity/alerts", s.api(archivists, s.fixityAlerts))
	mux.Handle("GET /api/v1/records/{id}/archive.pdf", s.api(archivists, s.archivePDF))
	mux.Handle("GET /api/v1/records/{id}/pages/{page}/image", s.api(recordReaders, s.pageImage))
	mux.Handle("GET /api/v1/records/{id}/pages/{page}/words", s.api(recordReaders, s.pageWords))
	mux.Handle("GET /api/v1/records/{id}/history", s.api(reviewers, s.fieldChanges))
	mux.Handle("POST /api/v1/records/{id}/reject", s.api(reviewers, s.rejectRecord))
	mux.Handle("GET /api/v1/records/{id}/bag.zip", s.api(archivists, s.recordBag))
	mux.Handle("GET /api/v1/batches/{id}/bag.zip", s.api(archivists, s.batchBag))
	mux.Handle("GET /api/v1/search", s.api(searchers, s.searchRecords))
	mux.Handle("GET /api/v1/records/{id}/links", s.api(recordReaders, s.recordLinks))

	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.Handle("POST /logout", s.page(everyoneSigned, s.logout))
	mux.Handle("GET /{$}", s.page(everyoneSigned, s.home))
	mux.Handle("GET /batches", s.page(batchReaders, s.batchesPage))
	mux.Handle("POST /batches", s.page(clerks, s.createBatchForm))
	mux.Handle("GET /batches/{id}", s.page(batchReaders, s.batchPage))
	mux.Handle("GET /review", s.page(reviewers, s.reviewQueuePage))
	mux.Handle("GET /review/next", s.page(reviewers, s.nextReview))
	mux.Handle("GET /review/{id}", s.page(reviewers, s.reviewPage))
	mux.Handle("GET /search", s.page(searchers, s.searchPage))
	mux.Handle("GET /records/{id}", s.page(recordReaders, s.recordPage))
	mux.Handle("GET /archive", s.page(archivists, s.archivistPage))
	mux.Handle("GET /links", s.page(reviewers, s.linkQueue))
	mux.Handle("GET /links/{id}", s.page(reviewers, s.linkPair))
	mux.Handle("POST /links/{id}/decide", s.page(reviewers, s.decideLink))
	mux.Handle("GET /people/{id}", s.page(recordReaders, s.personPage))
	mux.Handle("GET /admin/users", s.page(admins, s.usersPage))
	mux.Handle("POST /admin/users/{action}", s.page(admins, s.userAction))
	mux.Handle("POST /admin/users/{id}/{action}", s.page(admins, s.userAction))
	mux.Handle("GET /admin/records", s.page(admins, s.problemsPage))
	mux.Handle("POST /admin/records/{id}/retry", s.page(admins, s.retryRecord))
	if s.Dashboard != nil {
		mux.Handle(DashboardPath+"/", s.page(admins, s.dashboard))
	}
}

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

func (s *Server) me(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	writeJSON(w, http.StatusOK, u)
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, u *civreg.User) {
	// asynqmon's page has inline scripts of its own: relax the policy for it alone.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
	s.Dashboard.ServeHTTP(w, r)
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
