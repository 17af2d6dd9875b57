// Command civreg is the civil registry's one binary: the web server, the pipeline workers and
// the operator's commands. It reads the configuration once and wires the parts; the work is
// done in the packages it calls.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"civreg"
	"civreg/meili"
	"civreg/storage"
	"civreg/workers"
)

// command is one subcommand of civreg.
type command struct {
	name    string
	usage   string
	summary string
	run     func(ctx context.Context, m *Main, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "civreg serve", "run the web UI and JSON API", runServe},
		{"work", "civreg work", "run pipeline workers (OCR, extraction, indexing, archiving, fixity, reconcile)", runWork},
		{"migrate", "civreg migrate", "bring the database schema up to date", runMigrate},
		{"user", userUsage, "manage users, roles, passwords and API tokens", runUser},
		{"ingest", "civreg ingest --server URL --token T --batch NAME --type " + strings.Join(civreg.RecordTypeNames(), "|") + " [--page-per-record] PATH... | --watch DIR", "upload scans (files and folders) into a batch, or watch a scanner's folder", runIngest},
		{"extract", "civreg extract [--json] FILE...", "read scans offline (no server): one JSON object per file with its record type and fields", runExtract},
		{"eval", "civreg eval [-v] DIR", "measure extraction on scans with ground truth (civreg samples): accuracy per type and layout, trust precision and coverage", runEval},
		{"samples", "civreg samples [-n N] [-seed S] [-family F,...|all] [-held-out] [-blind] -o DIR", "render synthetic birth, death and marriage scans with their ground truth", runSamples},
		{"pdfa", "civreg pdfa -o OUT.pdf [--title T] SCAN... | civreg pdfa verify [--json] FILE...", "write scans as one PDF/A-2u file with an invisible OCR text layer, or check files against the PDF/A-2 rules civreg implements", runPDFA},
		{"export", "civreg export --record ID | --batch ID -o FILE | civreg export verify FILE", "write a record or batch as a BagIt bag (zip) for preservation, or check a bag is complete and valid", runExport},
		{"reindex", "civreg reindex", "rebuild the search index from PostgreSQL into a new index, then swap it in", runReindex},
		{"reconcile", "civreg reconcile", "enqueue again every record stuck in a stage, once, now", runReconcile},
		{"fixity", "civreg fixity", "re-hash every stored original and archive copy against its recorded SHA-256, once, now", runFixity},
		{"link", linkUsage, "link births, marriages and deaths of the same person and find duplicate registrations (offline with --records)", runLink},
		{"stats", statsUsage, "print a vital statistics table (JSON or CSV) from the database or, offline, from a records file", runStats},
		{"help", "civreg help", "list the commands and the configuration variables", nil},
	}
}

// Main holds the configuration and the connections a command opened.
type Main struct {
	Config  *Config
	Log     *slog.Logger
	Stdin   io.Reader
	Stdout  io.Writer
	db      *storage.DB
	objects *storage.Objects
	queue   *workers.Queue
}

func main() {
	// Tesseract's OpenMP reads OMP_THREAD_LIMIT when the library loads, before main runs: a
	// process that OCRs starts itself again with it set, so each page uses one thread and the
	// worker's concurrency decides how many pages run at once.
	if os.Getenv("OMP_THREAD_LIMIT") == "" && len(os.Args) > 1 && (os.Args[1] == "work" || os.Args[1] == "extract" || os.Args[1] == "eval" || os.Args[1] == "pdfa") {
		if exe, err := os.Executable(); err == nil {
			syscall.Exec(exe, os.Args, append(os.Environ(), "OMP_THREAD_LIMIT=1"))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "civreg:", err)
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(int(ee))
		}
		os.Exit(1)
	}
}

// exitError ends civreg with a status and no further message (the command printed it).
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name != args[0] || c.run == nil {
			continue
		}
		cfg, err := loadConfig(getenv)
		if err != nil {
			return err
		}
		m := &Main{Config: cfg, Log: newLogger(cfg.LogLevel), Stdin: stdin, Stdout: stdout}
		defer m.Close()
		return c.run(ctx, m, args[1:])
	}
	printHelp(os.Stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "civreg: the St Kitts and Nevis civil registry pipeline.")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n             %s\n", c.name, c.summary, c.usage)
	}
	fmt.Fprintln(w, "\nConfiguration (environment variables; secrets also from NAME_FILE):")
	for _, s := range settings {
		def := s.def
		if s.secret && strings.Contains(s.name, "SECRET") {
			def = "(development default)"
		}
		if def == "" {
			def = "(empty)"
		}
		secret := ""
		if s.secret {
			secret = " [secret: " + s.name + "_FILE]"
		}
		fmt.Fprintf(w, "  %-26s %s%s\n  %-26s default: %s\n", s.name, s.help, secret, "", def)
	}
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// DB opens PostgreSQL once.
func (m *Main) DB(ctx context.Context) (*storage.DB, error) {
	if m.db == nil {
		db, err := storage.Open(ctx, m.Config.DatabaseURL)
		if err != nil {
			return nil, err
		}
		m.db = db
	}
	return m.db, nil
}

// CheckedDB opens PostgreSQL and refuses an out-of-date schema with what to run.
func (m *Main) CheckedDB(ctx context.Context) (*storage.DB, error) {
	db, err := m.DB(ctx)
	if err != nil {
		return nil, err
	}
	if err := db.CheckSchema(ctx); err != nil {
		return nil, err
	}
	return db, nil
}

// Objects connects to MinIO once, creating the bucket if needed.
func (m *Main) Objects(ctx context.Context) (*storage.Objects, error) {
	if m.objects == nil {
		o, err := storage.OpenObjects(ctx, storage.ObjectsConfig{
			Endpoint: m.Config.MinIOEndpoint, AccessKey: m.Config.MinIOAccessKey, SecretKey: m.Config.MinIOSecretKey,
			Bucket: m.Config.MinIOBucket, Secure: m.Config.MinIOSecure,
		})
		if err != nil {
			return nil, err
		}
		m.objects = o
	}
	return m.objects, nil
}

// Queue connects to Redis once.
func (m *Main) Queue() (*workers.Queue, error) {
	if m.queue == nil {
		opt, err := workers.ParseRedisURL(m.Config.RedisURL)
		if err != nil {
			return nil, err
		}
		m.queue = workers.NewQueue(opt)
	}
	return m.queue, nil
}

// Pipeline wires the stage handlers.
func (m *Main) Pipeline(ctx context.Context) (*workers.Pipeline, error) {
	db, err := m.CheckedDB(ctx)
	if err != nil {
		return nil, err
	}
	objects, err := m.Objects(ctx)
	if err != nil {
		return nil, err
	}
	q, err := m.Queue()
	if err != nil {
		return nil, err
	}
	reading, err := m.reading(m.Config.WorkerConcurrency)
	if err != nil {
		return nil, err
	}
	idx, err := m.SearchIndex(ctx, db)
	if err != nil {
		return nil, err
	}
	return &workers.Pipeline{DB: db, Objects: objects, Queue: q, Log: m.Log, StuckAfter: m.Config.StuckAfter, Hold: m.Config.TestHold, TempDir: m.Config.TempDir,
		Reading: reading, Search: idx}, nil
}

// SearchIndex is Meilisearch when MEILI_URL is set (its settings applied at start), else the
// PostgreSQL index.
func (m *Main) SearchIndex(ctx context.Context, db *storage.DB) (civreg.SearchIndex, error) {
	if m.Config.MeiliURL == "" {
		return db.Search(), nil
	}
	idx, err := meili.Open(ctx, m.Config.MeiliURL, m.Config.MeiliKey, m.Config.MeiliIndex, 30*time.Second)
	if err == nil && m.Config.MeiliSearchKey != "" {
		idx.SearchWith(m.Config.MeiliURL, m.Config.MeiliSearchKey)
	}
	return idx, err
}

// Close closes what was opened.
func (m *Main) Close() {
	if m.queue != nil {
		m.queue.Close()
	}
	if m.db != nil {
		m.db.Close()
	}
}
