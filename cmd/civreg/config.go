package main

import (
	"fmt"
	"net/netip"
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
	{"CIVREG_MIGRATE_DATABASE_URL", "", "PostgreSQL as the schema's owner, for civreg migrate only; when set, migrate also makes CIVREG_DATABASE_URL's user the app role (no schema changes, the audit log append-only). Empty: CIVREG_DATABASE_URL", true},
	{"CIVREG_DATABASE_PRIVATE", "false", "the database is on a private network (compose's): civreg serve accepts sslmode=disable to it on a public address", false},
	{"CIVREG_REDIS_URL", "redis://127.0.0.1:6379/0", "Redis, where the work queue lives", true},
	{"CIVREG_MINIO_ENDPOINT", "127.0.0.1:9000", "MinIO host:port, where scans and archives live", false},
	{"CIVREG_MINIO_ACCESS_KEY", "civreg", "MinIO access key", false},
	{"CIVREG_MINIO_SECRET_KEY", "civreg-dev-secret", "MinIO secret key", true},
	{"CIVREG_MINIO_BUCKET", "civreg", "MinIO bucket (created if missing)", false},
	{"CIVREG_MINIO_ROOT_USER", "", "MinIO's root user, for civreg migrate only; when set, migrate makes the bucket versioned and CIVREG_MINIO_ACCESS_KEY a user limited to it (no version deletes, no bucket or server changes). Empty: the bucket is used as it is", false},
	{"CIVREG_MINIO_ROOT_PASSWORD", "", "MinIO's root password, for civreg migrate only", true},
	{"CIVREG_MINIO_SECURE", "false", "talk to MinIO over HTTPS", false},
	{"CIVREG_LISTEN", "127.0.0.1:8080", "address civreg serve listens on", false},
	{"CIVREG_SECURE_COOKIES", "false", "mark session cookies Secure (set true behind HTTPS)", false},
	{"CIVREG_SESSION_TTL", "12h", "how long a web session lasts", false},
	{"CIVREG_SESSION_IDLE", "30m", "a web session unused this long ends", false},
	{"CIVREG_TRUSTED_PROXIES", "", "reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For names the client", false},
	{"CIVREG_STATEMENT_TIMEOUT", "30s", "longest any one database statement of serve and work may run", false},
	{"CIVREG_WORKER_CONCURRENCY", "0", "tasks one civreg work process runs at once (0: the number of cores)", false},
	{"CIVREG_RECONCILE_EVERY", "1m", "how often reconcile looks for stuck records", false},
	{"CIVREG_STUCK_AFTER", "5s", "how long a record's status must stand before reconcile asks the queue for its task (and enqueues it when the queue has lost it)", false},
	{"CIVREG_FIXITY_EVERY", "24h", "how often the fixity audit re-hashes stored objects", false},
	{"CIVREG_MAX_FILE_BYTES", "536870912", "largest file one upload may be, in bytes (512 MB)", false},
	{"CIVREG_MAX_PAGE_PIXELS", "100000000", "most pixels one page may have (width × height); larger pages are refused from their header", false},
	{"CIVREG_MAX_PAGES", "1000", "most pages one file may have", false},
	{"CIVREG_TEMP_DIR", "", "where uploads are spooled while hashed and inspected, and originals while a page of them is read (empty: the system's temporary folder)", false},
	{"MEILI_URL", "", "Meilisearch URL; empty: search runs in PostgreSQL", false},
	{"MEILI_KEY", "", "Meilisearch key that writes the registry's indexes (civreg migrate prints it when MEILI_MASTER_KEY is set)", true},
	{"MEILI_SEARCH_KEY", "", "Meilisearch key that only searches, for serve's searches (civreg migrate prints it); empty: MEILI_KEY", true},
	{"MEILI_MASTER_KEY", "", "Meilisearch master key, for civreg migrate only: it makes the index and search keys", true},
	{"MEILI_INDEX", "records", "Meilisearch index name", false},
	{"CIVREG_FORMS", "", "a forms file (YAML) replacing the built-in form designs; see the README", false},
	{"CIVREG_STATS_MIN_CELL", "5", "smallest count the public statistics show (3 or more); smaller counts are withheld", false},
	{"CIVREG_STATS_PUBLIC", "false", "serve the public statistics page and API without sign-in (suppressed tables only)", false},
	{"CIVREG_STATS_CAUSES", "", "a cause-of-death grouping file (YAML) replacing the starter grouping", false},
	{"CIVREG_STATS_POPULATION", "", "a population and crude rates file (CSV) replacing the starter file", false},
	{"CIVREG_STATS_TARGET_DAYS", "30", "registration target in days: the first timeliness band", false},
	{"CIVREG_OCR_MODEL", "fast", "Tesseract's English model: fast (Debian's tesseract-ocr-eng), best_int (CIVREG_OCR_MODEL=best_int scripts/install.sh puts it in CIVREG_DATA/tessdata/best_int) or a folder holding eng.traineddata", false},
	{"CIVREG_DATA", ".data", "the data folder the scripts fill (best_int is looked for in its tessdata/best_int)", false},
	{"CIVREG_LOG_LEVEL", "info", "debug, info, warn or error", false},
	{"CIVREG_TEST_HOLD", "", "fault injection for tests only: TYPE=DURATION,... makes a task type wait after it begins", false},
}

// Config is every setting, read once at start.
type Config struct {
	DatabaseURL       string
	MigrateURL        string
	DatabasePrivate   bool
	SessionIdle       time.Duration
	TrustedProxies    []netip.Prefix
	StatementTimeout  time.Duration
	RedisURL          string
	MinIOEndpoint     string
	MinIOAccessKey    string
	MinIOSecretKey    string
	MinIOBucket       string
	MinIOSecure       bool
	MinIORootUser     string
	MinIORootPassword string
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
	MeiliSearchKey    string
	MeiliMasterKey    string
	MeiliIndex        string
	Stats             StatsConfig
}

// loadConfig reads the environment. Each error names the variable and what it should be.
func loadConfig(getenv func(string) string) (*Config, error) {
	v, err := readSettings(getenv)
	if err != nil {
		return nil, err
	}
	c := &Config{
		DatabaseURL:       v["CIVREG_DATABASE_URL"],
		MigrateURL:        v["CIVREG_MIGRATE_DATABASE_URL"],
		RedisURL:          v["CIVREG_REDIS_URL"],
		MinIOEndpoint:     v["CIVREG_MINIO_ENDPOINT"],
		MinIOAccessKey:    v["CIVREG_MINIO_ACCESS_KEY"],
		MinIOSecretKey:    v["CIVREG_MINIO_SECRET_KEY"],
		MinIOBucket:       v["CIVREG_MINIO_BUCKET"],
		Listen:            v["CIVREG_LISTEN"],
		LogLevel:          v["CIVREG_LOG_LEVEL"],
		TempDir:           v["CIVREG_TEMP_DIR"],
		FormsFile:         v["CIVREG_FORMS"],
		MeiliURL:          v["MEILI_URL"],
		MeiliKey:          v["MEILI_KEY"],
		MeiliSearchKey:    v["MEILI_SEARCH_KEY"],
		MeiliMasterKey:    v["MEILI_MASTER_KEY"],
		MinIORootUser:     v["CIVREG_MINIO_ROOT_USER"],
		MinIORootPassword: v["CIVREG_MINIO_ROOT_PASSWORD"],
		MeiliIndex:        v["MEILI_INDEX"],
	}
	p := &settingParser{v: v}
	c.MinIOSecure = p.boolean("CIVREG_MINIO_SECURE")
	c.SecureCookies = p.boolean("CIVREG_SECURE_COOKIES")
	c.DatabasePrivate = p.boolean("CIVREG_DATABASE_PRIVATE")
	c.TrustedProxies = p.prefixes("CIVREG_TRUSTED_PROXIES")
	for _, d := range []struct {
		to   *time.Duration
		name string
	}{
		{&c.SessionTTL, "CIVREG_SESSION_TTL"}, {&c.SessionIdle, "CIVREG_SESSION_IDLE"},
		{&c.StatementTimeout, "CIVREG_STATEMENT_TIMEOUT"}, {&c.ReconcileEvery, "CIVREG_RECONCILE_EVERY"},
		{&c.StuckAfter, "CIVREG_STUCK_AFTER"}, {&c.FixityEvery, "CIVREG_FIXITY_EVERY"},
	} {
		*d.to = p.duration(d.name)
	}
	c.MaxFileBytes = p.positive("CIVREG_MAX_FILE_BYTES")
	c.MaxPagePixels = p.positive("CIVREG_MAX_PAGE_PIXELS")
	c.MaxPages = int(p.positive("CIVREG_MAX_PAGES"))
	n, err := strconv.Atoi(v["CIVREG_WORKER_CONCURRENCY"])
	if err != nil || n < 0 {
		p.errs = append(p.errs, fmt.Sprintf("CIVREG_WORKER_CONCURRENCY=%q is not a whole number", v["CIVREG_WORKER_CONCURRENCY"]))
	}
	if n == 0 {
		n = runtime.NumCPU()
	}
	c.WorkerConcurrency = n
	c.TestHold = p.holds("CIVREG_TEST_HOLD")
	c.Stats = loadStatsConfig(v, &p.errs)
	c.OCRModel, c.DataDir = v["CIVREG_OCR_MODEL"], v["CIVREG_DATA"]
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		p.errs = append(p.errs, fmt.Sprintf("CIVREG_LOG_LEVEL=%q is not debug, info, warn or error", c.LogLevel))
	}
	if len(p.errs) > 0 {
		return nil, fmt.Errorf("configuration: %s", strings.Join(p.errs, "; "))
	}
	return c, nil
}

// readSettings reads every setting from the environment (a secret from NAME_FILE when that
// is set), its default when unset.
func readSettings(getenv func(string) string) (map[string]string, error) {
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
	return v, nil
}

// settingParser reads typed settings, collecting every error so that one run names them all.
type settingParser struct {
	v    map[string]string
	errs []string
}

func (p *settingParser) boolean(name string) bool {
	b, err := strconv.ParseBool(p.v[name])
	if err != nil {
		p.errs = append(p.errs, fmt.Sprintf("%s=%q is not true or false", name, p.v[name]))
	}
	return b
}

func (p *settingParser) duration(name string) time.Duration {
	d, err := time.ParseDuration(p.v[name])
	if err != nil || d <= 0 {
		p.errs = append(p.errs, fmt.Sprintf("%s=%q is not a duration such as 90s, 15m or 24h", name, p.v[name]))
	}
	return d
}

func (p *settingParser) positive(name string) int64 {
	n, err := strconv.ParseInt(p.v[name], 10, 64)
	if err != nil || n <= 0 {
		p.errs = append(p.errs, fmt.Sprintf("%s=%q is not a whole number above 0", name, p.v[name]))
	}
	return n
}

// prefixes reads a comma-separated list of addresses and CIDRs.
func (p *settingParser) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, part := range strings.Split(p.v[name], ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			if a, err := netip.ParseAddr(part); err == nil {
				out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
				continue
			}
		}
		pre, err := netip.ParsePrefix(part)
		if err != nil {
			p.errs = append(p.errs, fmt.Sprintf("%s: %q is not an address or CIDR such as 10.0.0.0/8", name, part))
			continue
		}
		out = append(out, pre.Masked())
	}
	return out
}

// holds reads TYPE=DURATION,... (the fault-injection holds of the test suite).
func (p *settingParser) holds(name string) map[string]time.Duration {
	out := map[string]time.Duration{}
	if p.v[name] == "" {
		return out
	}
	for _, part := range strings.Split(p.v[name], ",") {
		typ, dur, _ := strings.Cut(part, "=")
		d, err := time.ParseDuration(dur)
		if err != nil {
			p.errs = append(p.errs, fmt.Sprintf("%s: %q is not TYPE=DURATION", name, part))
		}
		out[typ] = d
	}
	return out
}
