package ui

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"civreg"
	"civreg/linkage"
	"civreg/stats"
)

// Server holds what the handlers need; cmd/civreg fills it in.
type Server struct {
	DB       Store
	Objects  civreg.Objects
	Redis    Pinger
	Pipeline civreg.Pipeline
	Intake   civreg.Intake
	Search   civreg.SearchIndex
	// Dashboard is the asynqmon queue dashboard, served to admins under /admin/queues/.
	Dashboard http.Handler
	Log       *slog.Logger
	// SecureCookies marks session cookies Secure (HTTPS deployments).
	SecureCookies bool
	SessionTTL    time.Duration
	// SessionIdle ends a web session unused for this long (default 30 minutes).
	SessionIdle time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client; a
	// request from any other address is that address, whatever it claims.
	TrustedProxies []netip.Prefix
	Statistics     Statistics // the vital statistics pages and API
	// Fixity enqueues the preservation page's "Run fixity now"; nil: the button is not shown.
	Fixity FixityRequester

	templates    map[string]*template.Template
	loginLimit   *rateLimit // per address
	accountLimit *rateLimit // per user name
	batches      sync.Map   // batch IDs seen to exist (batchExists)
}

// Store is what the pages and the API read and change: package storage implements it.
type Store interface {
	civreg.Records
	civreg.Review
	civreg.Claims
	civreg.Batches
	civreg.Users
	civreg.Fixity
	civreg.Keyings
	linkage.Links
	stats.Store
	Pinger
}

// DashboardPath is where the queue dashboard is mounted.
const DashboardPath = "/admin/queues"

// Handler returns every route, wrapped in the security headers.
func (s *Server) Handler() http.Handler {
	s.templates = parseTemplates()
	s.loginLimit = newRateLimit(10, 6*time.Second, maxLimited)
	s.accountLimit = newRateLimit(10, 6*time.Second, maxLimited)
	if s.SessionTTL == 0 {
		s.SessionTTL = 12 * time.Hour
	}
	if s.SessionIdle == 0 {
		s.SessionIdle = 30 * time.Minute
	}
	mux := http.NewServeMux()
	s.routes(mux)
	return securityHeaders(limitRequests(mux), s.SecureCookies)
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

// routes registers every route the server answers, each with the roles allowed to use it:
// api for the JSON API, page for web pages, byID where the path names a record or batch.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/v1/openapi.json", s.openAPI)

	mux.Handle("POST /api/v1/batches", s.api(clerks, s.createBatch))
	mux.Handle("GET /api/v1/batches", s.api(batchReaders, s.findBatches))
	mux.Handle("GET /api/v1/batches/{id}", s.api(batchReaders, byID(s.getBatch)))
	mux.Handle("POST /api/v1/batches/{id}/scans", s.api(clerks, byID(s.uploadScans)))
	mux.Handle("GET /api/v1/batches/{id}/uploads", s.api(batchReaders, byID(s.batchUploads)))
	mux.Handle("GET /api/v1/records/{id}", s.api(recordReaders, byID(s.getRecord)))
	mux.Handle("PATCH /api/v1/records/{id}", s.api(reviewers, byID(s.editRecord)))
	mux.Handle("POST /api/v1/records/{id}/approve", s.api(reviewers, byID(s.approveRecord)))
	mux.Handle("GET /api/v1/me", s.api(everyoneSigned, s.me))
	mux.Handle("GET /api/v1/fixity/alerts", s.api(archivists, s.fixityAlerts))
	mux.Handle("GET /api/v1/records/{id}/archive.pdf", s.api(archivists, byID(s.archivePDF)))
	mux.Handle("GET /api/v1/records/{id}/pages/{page}/image", s.api(recordReaders, byID(s.pageImage)))
	mux.Handle("GET /api/v1/records/{id}/pages/{page}/words", s.api(recordReaders, byID(s.pageWords)))
	mux.Handle("GET /api/v1/records/{id}/pages/{page}/thumbnail", s.api(recordReaders, byID(s.pageThumbnail)))
	mux.Handle("GET /api/v1/records/{id}/history", s.api(recordReaders, byID(s.recordHistory)))
	mux.Handle("POST /api/v1/records/{id}/reject", s.api(reviewers, byID(s.rejectRecord)))
	mux.Handle("GET /api/v1/records/{id}/bag.zip", s.api(archivists, byID(s.recordBag)))
	mux.Handle("GET /api/v1/batches/{id}/bag.zip", s.api(archivists, byID(s.batchBag)))
	mux.Handle("GET /api/v1/search", s.api(searchers, s.searchRecords))
	mux.Handle("GET /api/v1/statistics", s.statisticsAPI(s.statisticsList))
	mux.Handle("GET /api/v1/statistics/{table}", s.statisticsAPI(s.statisticsTable))
	mux.Handle("GET /api/v1/records/{id}/links", s.api(recordReaders, byID(s.recordLinks)))
	mux.Handle("POST /api/v1/records/{id}/claim", s.api(reviewers, byID(s.claimRecord)))
	mux.Handle("DELETE /api/v1/records/{id}/claim", s.api(reviewers, byID(s.releaseRecord)))
	mux.Handle("POST /api/v1/records/{id}/claim/take-over", s.api(admins, byID(s.takeOverRecord)))
	mux.Handle("POST /api/v1/records/{id}/skip", s.api(reviewers, byID(s.skipRecord)))
	mux.Handle("GET /api/v1/records/{id}/pages/{page}/box-words", s.api(reviewers, byID(s.boxWords)))
	mux.Handle("PATCH /api/v1/batches/{id}", s.api(reviewers, byID(s.setBatchKeying)))
	mux.Handle("POST /api/v1/records/{id}/keying", s.api(reviewers, byID(s.keyEntry)))
	mux.Handle("POST /api/v1/records/{id}/arbitration", s.api(reviewers, byID(s.arbitrate)))
	mux.Handle("GET /api/v1/keying/queue", s.api(reviewers, s.keyingQueue))

	mux.Handle("GET /static/", staticHandler())
	mux.Handle("GET /login", s.public(s.loginPage))
	mux.Handle("GET /statistics/public", s.public(s.publicStatisticsPage))
	mux.Handle("POST /login", s.public(s.login))
	mux.Handle("POST /logout", s.page(everyoneSigned, s.logout))
	mux.Handle("GET /{$}", s.page(everyoneSigned, s.homePage))
	mux.Handle("GET /batches", s.page(batchReaders, s.batchesPage))
	mux.Handle("POST /batches", s.page(clerks, s.createBatchForm))
	mux.Handle("GET /batches/{id}", s.page(batchReaders, byID(s.batchPage)))
	mux.Handle("GET /review", s.page(reviewers, s.reviewQueuePage))
	mux.Handle("GET /review/next", s.page(reviewers, s.nextReview))
	mux.Handle("GET /review/{id}", s.page(reviewers, byID(s.reviewPage)))
	mux.Handle("GET /search", s.page(searchers, s.searchPage))
	mux.Handle("GET /records/{id}", s.page(recordReaders, byID(s.recordPage)))
	mux.Handle("GET /archive", s.page(archivists, s.archivistPage))
	mux.Handle("POST /archive/fixity", s.page(archivists, s.runFixityNow))
	mux.Handle("GET /statistics", s.page(statisticians, s.statisticsPage))
	mux.Handle("GET /links", s.page(reviewers, s.linkQueuePage))
	mux.Handle("GET /links/{id}", s.page(reviewers, byID(s.linkPairPage)))
	mux.Handle("POST /links/{id}/decide", s.page(reviewers, byID(s.decideLink)))
	mux.Handle("GET /people/{id}", s.page(recordReaders, byID(s.personPage)))
	mux.Handle("GET /admin/users", s.page(admins, s.usersPage))
	mux.Handle("POST /admin/users/add", s.page(admins, s.userForm(s.addUser)))
	mux.Handle("POST /admin/users/{id}/role", s.page(admins, s.userForm(s.setUserRole)))
	mux.Handle("POST /admin/users/{id}/password", s.page(admins, s.userForm(s.resetUserPassword)))
	mux.Handle("POST /admin/users/{id}/revoke", s.page(admins, s.userForm(s.revokeUserTokens)))
	mux.Handle("POST /admin/users/{id}/sensitive", s.page(admins, s.userForm(s.setUserSensitive)))
	mux.Handle("POST /admin/users/{id}/disable", s.page(admins, s.userForm(s.setUserDisabled(true))))
	mux.Handle("POST /admin/users/{id}/enable", s.page(admins, s.userForm(s.setUserDisabled(false))))
	mux.Handle("GET /admin/records", s.page(admins, s.problemsPage))
	mux.Handle("GET /admin/keyers", s.page(admins, s.keyersPage))
	mux.Handle("POST /batches/{id}/keying", s.page(reviewers, byID(s.setBatchKeyingForm)))
	mux.Handle("GET /keying", s.page(reviewers, s.keyingPage))
	mux.Handle("GET /keying/next", s.page(reviewers, s.nextKeying))
	mux.Handle("GET /records/{id}/key", s.page(reviewers, byID(s.keyPage)))
	mux.Handle("GET /records/{id}/arbitrate", s.page(reviewers, byID(s.arbitratePage)))
	mux.Handle("POST /admin/records/{id}/retry", s.page(admins, byID(s.retryRecord)))
	if s.Dashboard != nil {
		mux.Handle(DashboardPath+"/", s.page(admins, s.dashboard))
		mux.Handle("GET "+DashboardPagePath, s.page(admins, s.dashboardPage))
	}
}

// securityHeaders sets the headers every answer carries; behind HTTPS (Secure cookies) also
// HSTS, so that a browser never again asks over plain HTTP.
func securityHeaders(next http.Handler, https bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if https {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
