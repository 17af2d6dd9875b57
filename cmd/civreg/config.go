package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// setting is one environment variable civreg reads. Secrets may also come from a file named by
// NAME_FILE (Docker and systemd secrets).
type setting struct {
	name, def, help string
	secret          bool
}

var settings = []setting{
	{"CIVREG_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/civreg?sslmode=disable", "PostgreSQL, the system of record", true},
	{"CIVREG_REDIS_URL", "redis://127.0.0.1:6379/0", "Redis, where the work queue lives", true},
	{"CIVREG_MINIO_ENDPOINT", "127.0.0.1:9000", "MinIO host:port, where scans and archives live", false},
	{"CIVREG_MINIO_ACCESS_KEY", "civreg", "MinIO access key", false},
	{"CIVREG_MINIO_SECRET_KEY", "civreg-dev-secret", "MinIO secret key", true},
	{"CIVREG_MINIO_BUCKET", "civreg", "MinIO bucket (created if missing)", false},
	{"CIVREG_MINIO_SECURE", "false", "talk to MinIO over HTTPS", false},
	{"CIVREG_LISTEN", "127.0.0.1:8080", "address civreg serve listens on", false},
	{"CIVREG_SECURE_COOKIES", "false", "mark session cookies Secure (set true behind HTTPS)", false},
	{"CIVREG_SESSION_TTL", "12h", "how long a web session lasts", false},
	{"CIVREG_WORKER_CONCURRENCY", "0", "tasks one civreg work process runs at once (0: the number of cores)", false},
	{"CIVREG_RECONCILE_EVERY", "1m", "how often reconcile looks for stuck records", false},
	{"CIVREG_STUCK_AFTER", "15m", "how long a record may sit in a stage before reconcile enqueues it again", false},
	{"CIVREG_FIXITY_EVERY", "24h", "how often the fixity audit re-hashes stored objects", false},
	{"CIVREG_MAX_FILE_BYTES", "536870912", "largest file one upload may be, in bytes (512 MB)", false},
	{"CIVREG_MAX_PAGE_PIXELS", "100000000", "most pixels one page may have (width × height); larger pages are refused from their header", false},
	{"CIVREG_MAX_PAGES", "1000", "most pages one file may have", false},
	{"CIVREG_TEMP_DIR", "", "where uploads are spooled while hashed and inspected (empty: the system's temporary folder)", false},
	{"MEILI_URL", "", "Meilisearch URL; empty: search runs in PostgreSQL", false},
	{"MEILI_KEY", "", "Meilisearch API key", true},
	{"MEILI_INDEX", "records", "Meilisearch index name", false},
	{"CIVREG_FORMS", "", "a forms file (YAML) replacing the built-in form designs; see the README", false},
	{"CIVREG_OCR_MODEL", "fast", "Tesseract's English model: fast (Debian's tesseract-ocr-eng), best_int (CIVREG_OCR_MODEL=best_int scripts/install.sh puts it in CIVREG_DATA/tessdata/best_int) or a folder holding eng.traineddata", false},
	{"CIVREG_DATA", ".data", "the data folder the scripts fill (best_int is looked for in its tessdata/best_int)", false},
	{"CIVREG_LOG_LEVEL", "info", "debug, info, warn or error", false},
	{"CIVREG_TEST_HOLD", "", "fault injection for tests only: TYPE=DURATION,... makes a task type wait after it begins", false},
}

// Config is every setting, read once at start.
type Config struct {
	DatabaseURL       string
	RedisURL          string
	MinIOEndpoint     string
	MinIOAccessKey    string
	MinIOSecretKey    string
	MinIOBucket       string
	MinIOSecure       bool
	Listen            string
	SecureCookies     bool
	SessionTTL        time.Duration
	WorkerConcurrency int
	ReconcileEvery    time.Duration
	StuckAfter        time.Duration
	FixityEvery       time.Duration
	LogLevel          string
	TestHold          map[string]time.Duration
	MaxFileBytes      int64
	MaxPagePixels     int64
	MaxPages          int
	TempDir           string
	FormsFile         string
	OCRModel          string // CIVREG_OCR_MODEL, resolved by ocr.FindModel against DataDir
	DataDir           string
	MeiliURL          string
	MeiliKey          string
	MeiliIndex        string
}

// loadConfig reads the environment. Each error names the variable and what it should be.
func loadConfig(getenv func(string) string) (*Config, error) {
	v := map[string]string{}
	for _, s := range settings {
		val := getenv(s.name)
		if s.secret {
			if f := getenv(s.name + "_FILE"); f != "" {
				b, err := os.ReadFile(f)
				if err != nil {
					return nil, fmt.Errorf("%s_FILE: %w", s.name, err)
				}
				val = strings.TrimSpace(string(b))
			}
		}
		if val == "" {
			val = s.def
		}
		v[s.name] = val
	}
	c := &Config{
		DatabaseURL:    v["CIVREG_DATABASE_URL"],
		RedisURL:       v["CIVREG_REDIS_URL"],
		MinIOEndpoint:  v["CIVREG_MINIO_ENDPOINT"],
		MinIOAccessKey: v["CIVREG_MINIO_ACCESS_KEY"],
		MinIOSecretKey: v["CIVREG_MINIO_SECRET_KEY"],
		MinIOBucket:    v["CIVREG_MINIO_BUCKET"],
		Listen:         v["CIVREG_LISTEN"],
		LogLevel:       v["CIVREG_LOG_LEVEL"],
		TestHold:       map[string]time.Duration{},
	}
	var errs []string
	boolean := func(name string) bool {
		b, err := strconv.ParseBool(v[name])
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s=%q is not true or false", name, v[name]))
		}
		return b
	}
	duration := func(name string) time.Duration {
		d, err := time.ParseDuration(v[name])
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Sprintf("%s=%q is not a duration such as 90s, 15m or 24h", name, v[name]))
		}
		return d
	}
	c.MinIOSecure = boolean("CIVREG_MINIO_SECURE")
	c.SecureCookies = boolean("CIVREG_SECURE_COOKIES")
	c.SessionTTL = duration("CIVREG_SESSION_TTL")
	c.ReconcileEvery = duration("CIVREG_RECONCILE_EVERY")
	c.StuckAfter = duration("CIVREG_STUCK_AFTER")
	c.FixityEvery = duration("CIVREG_FIXITY_EVERY")
	positive := func(name string) int64 {
		n, err := strconv.ParseInt(v[name], 10, 64)
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Sprintf("%s=%q is not a whole number above 0", name, v[name]))
		}
		return n
	}
	c.MaxFileBytes = positive("CIVREG_MAX_FILE_BYTES")
	c.MaxPagePixels = positive("CIVREG_MAX_PAGE_PIXELS")
	c.MaxPages = int(positive("CIVREG_MAX_PAGES"))
	c.TempDir = v["CIVREG_TEMP_DIR"]
	c.FormsFile = v["CIVREG_FORMS"]
	c.OCRModel, c.DataDir = v["CIVREG_OCR_MODEL"], v["CIVREG_DATA"]
	c.MeiliURL, c.MeiliKey, c.MeiliIndex = v["MEILI_URL"], v["MEILI_KEY"], v["MEILI_INDEX"]
	n, err := strconv.Atoi(v["CIVREG_WORKER_CONCURRENCY"])
	if err != nil || n < 0 {
		errs = append(errs, fmt.Sprintf("CIVREG_WORKER_CONCURRENCY=%q is not a whole number", v["CIVREG_WORKER_CONCURRENCY"]))
	}
	if n == 0 {
		n = runtime.NumCPU()
	}
	c.WorkerConcurrency = n
	if h := v["CIVREG_TEST_HOLD"]; h != "" {
		for _, part := range strings.Split(h, ",") {
			typ, dur, _ := strings.Cut(part, "=")
			d, err := time.ParseDuration(dur)
			if err != nil {
				errs = append(errs, fmt.Sprintf("CIVREG_TEST_HOLD: %q is not TYPE=DURATION", part))
			}
			c.TestHold[typ] = d
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Sprintf("CIVREG_LOG_LEVEL=%q is not debug, info, warn or error", c.LogLevel))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("configuration: %s", strings.Join(errs, "; "))
	}
	return c, nil
}
