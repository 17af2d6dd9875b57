package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"civreg"
	"civreg/ingest"
	"civreg/search"
	"civreg/storage"
	"civreg/ui"
	"civreg/workers"
)

// startService readies a long-running command: it takes no arguments (the environment
// configures it), and its database statements are bounded by the statement timeout.
func (m *Main) startService(name string, args []string) (err error) {
	if len(args) > 0 {
		return fmt.Errorf("%s takes no arguments; configure it with the environment (civreg help)", name)
	}
	m.Config.DatabaseURL, err = storage.WithStatementTimeout(m.Config.DatabaseURL, m.Config.StatementTimeout)
	return err
}

func runServe(ctx context.Context, m *Main, args []string) (err error) {
	if err := m.startService("serve", args); err != nil {
		return err
	}
	db, err := m.CheckedDB(ctx)
	if err != nil {
		return err
	}
	if err := refuseDevelopmentSetup(ctx, m.Config, db); err != nil {
		return err
	}
	objects, err := m.Objects(ctx)
	if err != nil {
		return err
	}
	q, err := m.Queue()
	if err != nil {
		return err
	}
	idx, err := m.SearchIndex(ctx, db)
	if err != nil {
		return err
	}
	statistics, err := m.Statistics()
	if err != nil {
		return err
	}
	redisOpt, _ := workers.ParseRedisURL(m.Config.RedisURL)
	srv := &ui.Server{
		DB: db, Objects: objects, Redis: q, Pipeline: q, Log: m.Log, Search: idx,
		Intake: &ingest.Intake{DB: db, Objects: objects, Pipeline: q, Log: m.Log, TempDir: m.Config.TempDir,
			Limits: ingest.Limits{MaxFileBytes: m.Config.MaxFileBytes, MaxPagePixels: m.Config.MaxPagePixels, MaxPages: m.Config.MaxPages}},
		Dashboard:      workers.Dashboard(redisOpt, ui.DashboardPath),
		SecureCookies:  m.Config.SecureCookies,
		SessionTTL:     m.Config.SessionTTL,
		SessionIdle:    m.Config.SessionIdle,
		TrustedProxies: m.Config.TrustedProxies,
		Statistics:     statistics,
	}
	ln, err := net.Listen("tcp", m.Config.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// No ReadTimeout or WriteTimeout for the server as a whole: an upload of 512 MB or a bag
	// download takes minutes. ui.Server bounds each route's body and time (Handler).
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	m.Log.Info("civreg serve listening", slog.String("url", "http://"+ln.Addr().String()))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func runWork(ctx context.Context, m *Main, args []string) (err error) {
	if err := m.startService("work", args); err != nil {
		return err
	}
	p, err := m.Pipeline(ctx)
	if err != nil {
		return err
	}
	redisOpt, _ := workers.ParseRedisURL(m.Config.RedisURL)
	w := workers.NewWorker(redisOpt, p, workers.WorkerConfig{
		Concurrency:    m.Config.WorkerConcurrency,
		ReconcileEvery: m.Config.ReconcileEvery,
		FixityEvery:    m.Config.FixityEvery,
	})
	m.Log.Info("civreg work started", slog.Int("concurrency", m.Config.WorkerConcurrency))
	return w.Run(ctx)
}

func runReconcile(ctx context.Context, m *Main, args []string) error {
	p, err := m.Pipeline(ctx)
	if err != nil {
		return err
	}
	n, err := p.Reconcile(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%d stuck records enqueued again\n", n)
	return nil
}

func runFixity(ctx context.Context, m *Main, args []string) error {
	p, err := m.Pipeline(ctx)
	if err != nil {
		return err
	}
	checked, bad, err := p.AuditFixity(ctx)
	fmt.Fprintf(m.Stdout, "%d objects checked, %d missing or changed\n", checked, bad)
	if err != nil {
		return err
	}
	if bad > 0 {
		return exitError(3)
	}
	return nil
}

// runMigrate brings the schema up to date as its owner (CIVREG_MIGRATE_DATABASE_URL, else
// CIVREG_DATABASE_URL) and, when the owner is not the app's user, grants the app its role.
func runMigrate(ctx context.Context, m *Main, args []string) error {
	ownerURL := m.Config.MigrateURL
	if ownerURL == "" {
		ownerURL = m.Config.DatabaseURL
	}
	db, err := storage.Open(ctx, ownerURL)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	for _, a := range applied {
		fmt.Fprintln(m.Stdout, "applied", a)
	}
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(m.Stdout, "the schema is up to date")
	}
	owner, errO := storage.ParseURL(ownerURL)
	app, errA := storage.ParseURL(m.Config.DatabaseURL)
	if errO != nil || errA != nil {
		return fmt.Errorf("migrate: %w", errors.Join(errO, errA))
	}
	if app.User == owner.User {
		return nil
	}
	if err := db.GrantApp(ctx, app.User, app.Password); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s may use the registry, not change its schema or its audit log\n", app.User)
	return nil
}

func runReindex(ctx context.Context, m *Main, args []string) error {
	db, err := m.CheckedDB(ctx)
	if err != nil {
		return err
	}
	total, err := db.CountForIndex(ctx)
	if err != nil {
		return err
	}
	tty := isTerminal(m.Stdout)
	done := 0
	start := time.Now()
	idx, err := m.SearchIndex(ctx, db)
	if err != nil {
		return err
	}
	err = idx.Rebuild(ctx, func(put func(...civreg.SearchDoc) error) error {
		batch := make([]civreg.SearchDoc, 0, 500) // one round trip (or Meilisearch task) per 500
		err := db.RecordsForIndex(ctx, func(r *civreg.Record) error {
			batch = append(batch, search.FromRecord(r))
			if len(batch) == cap(batch) {
				if err := put(batch...); err != nil {
					return err
				}
				batch = batch[:0]
			}
			done++
			if tty && (done%100 == 0 || done == total) {
				fmt.Fprintf(m.Stdout, "\rindexing %d/%d records (%.0f/s)  ", done, total, float64(done)/time.Since(start).Seconds())
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = put(batch...)
		}
		return err
	})
	if tty {
		fmt.Fprintln(m.Stdout)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%d records indexed in a new index, now live (%s)\n", done, time.Since(start).Round(time.Millisecond))
	return nil
}
