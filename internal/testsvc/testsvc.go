// Package testsvc starts the real services the tests talk to: a fresh PostgreSQL database on
// the machine's server, and Redis and MinIO servers of the test's own on free loopback ports,
// so a test may flush, stop or restart them without touching anything else.
package testsvc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"civreg/storage"

	"github.com/jackc/pgx/v5"
)

// AdminURL is the PostgreSQL server tests create databases on (CIVREG_TEST_POSTGRES).
func AdminURL() string {
	if u := os.Getenv("CIVREG_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Postgres creates an empty database for the test and drops it afterwards. It returns its URL.
func Postgres(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin := AdminURL()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("testsvc: PostgreSQL is not reachable at %s (scripts/test.sh starts it): %v", admin, err)
	}
	defer conn.Close(ctx)
	name := randomName("civreg_test_")
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("testsvc: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, admin); err == nil {
			c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(ctx)
		}
	})
	cfg, _ := pgx.ParseConfig(admin)
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name)
}

// FreePort returns a loopback port nobody listens on right now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Process is a server a test started.
type Process struct {
	t    testing.TB
	name string
	args []string
	env  []string
	cmd  *exec.Cmd
	log  string
	up   func() error
}

func (p *Process) start() {
	p.t.Helper()
	f, err := os.OpenFile(p.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	defer f.Close()
	p.cmd = exec.Command(p.name, p.args...)
	p.cmd.Env = append(os.Environ(), p.env...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		p.t.Fatalf("testsvc: start %s: %v", p.name, err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := p.up()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(p.log)
			p.t.Fatalf("testsvc: %s did not come up: %v\n%s", p.name, err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop kills the server (SIGKILL: as a crash would) and waits for it to end.
func (p *Process) Stop() {
	if p.cmd != nil && p.cmd.Process != nil {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		p.cmd.Wait()
		p.cmd = nil
	}
}

// Start starts the server again after Stop, with the same data.
func (p *Process) Start() { p.start() }

// Redis is a redis-server of the test's own.
type Redis struct {
	*Process
	Addr string
}

// URL is the server's redis:// URL.
func (r *Redis) URL() string { return "redis://" + r.Addr + "/0" }

// StartRedis starts a redis-server on a free port, stopped when the test ends.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("testsvc: redis-server is not installed (scripts/test.sh installs it): %v", err)
	}
	dir := t.TempDir()
	port := FreePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	r := &Redis{Addr: addr}
	r.Process = &Process{t: t, name: bin, log: filepath.Join(dir, "redis.log"),
		args: []string{"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes"},
		up: func() error {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err != nil {
				return err
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(time.Second))
			c.Write([]byte("PING\r\n"))
			b := make([]byte, 7)
			n, _ := c.Read(b)
			if !strings.HasPrefix(string(b[:n]), "+PONG") {
				return fmt.Errorf("redis answered %q", b[:n])
			}
			return nil
		}}
	r.start()
	t.Cleanup(r.Stop)
	return r
}

// MinIO is a MinIO server of the test's own.
type MinIO struct {
	*Process
	Endpoint  string
	AccessKey string
	SecretKey string
}

// MinIOBinary finds the minio server: CIVREG_MINIO_BIN, PATH, or the Go bin folder.
func MinIOBinary() (string, error) {
	if b := os.Getenv("CIVREG_MINIO_BIN"); b != "" {
		return b, nil
	}
	if b, err := exec.LookPath("minio"); err == nil {
		return b, nil
	}
	gobin := os.Getenv("GOBIN")
	if gobin == "" {
		out, _ := exec.Command("go", "env", "GOPATH").Output()
		gobin = filepath.Join(strings.TrimSpace(string(out)), "bin")
	}
	b := filepath.Join(gobin, "minio")
	if _, err := os.Stat(b); err != nil {
		return "", fmt.Errorf("no minio server in CIVREG_MINIO_BIN, PATH or %s (scripts/install.sh builds it)", gobin)
	}
	return b, nil
}

// StartMinIO starts a MinIO server on a free port with its data in a temporary folder.
func StartMinIO(t testing.TB) *MinIO {
	t.Helper()
	bin, err := MinIOBinary()
	if err != nil {
		t.Fatalf("testsvc: %v", err)
	}
	dir := t.TempDir()
	port, console := FreePort(t), FreePort(t)
	m := &MinIO{Endpoint: fmt.Sprintf("127.0.0.1:%d", port), AccessKey: "civregtest", SecretKey: "civregtest-secret"}
	m.Process = &Process{t: t, name: bin, log: filepath.Join(dir, "minio.log"),
		args: []string{"server", "--quiet", "--address", m.Endpoint, "--console-address", fmt.Sprintf("127.0.0.1:%d", console), filepath.Join(dir, "data")},
		env:  []string{"MINIO_ROOT_USER=" + m.AccessKey, "MINIO_ROOT_PASSWORD=" + m.SecretKey, "MINIO_BROWSER=off", "MINIO_UPDATE=off"},
		up: func() error {
			resp, err := http.Get("http://" + m.Endpoint + "/minio/health/ready")
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				return fmt.Errorf("minio health %d", resp.StatusCode)
			}
			return nil
		}}
	m.start()
	t.Cleanup(m.Stop)
	return m
}

// Objects opens the server's "civreg" bucket (made if missing), as civreg itself would.
func (m *MinIO) Objects(t testing.TB) *storage.Objects {
	t.Helper()
	o, err := storage.OpenObjects(context.Background(), storage.ObjectsConfig{Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey, Bucket: "civreg"})
	if err != nil {
		t.Fatalf("testsvc: %v", err)
	}
	return o
}

// connect opens one connection to the database at url, or ends the test.
func connect(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Exec runs SQL on the database at url, for tests that set a state no API offers.
func Exec(t testing.TB, url, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	c := connect(t, url)
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("testsvc: %s: %v", sql, err)
	}
}

// Count runs a count query on the database at url.
func Count(t testing.TB, url, sql string, args ...any) int {
	t.Helper()
	ctx := context.Background()
	c := connect(t, url)
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatalf("testsvc: %s: %v", sql, err)
	}
	return n
}

// MigratedDB is a fresh database with the registry's schema, closed when the test ends. It
// returns the connection and the database's URL.
func MigratedDB(t testing.TB) (*storage.DB, string) {
	t.Helper()
	url := Postgres(t)
	db, err := storage.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, url
}

// PeakRSSMB is the peak resident memory (VmHWM) of process pid, or of this process for 0, in MB.
func PeakRSSMB(pid int) float64 {
	path := "/proc/self/status"
	if pid != 0 {
		path = fmt.Sprintf("/proc/%d/status", pid)
	}
	b, _ := os.ReadFile(path)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return -1
}

// PostgresServer is a PostgreSQL server of the test's own, for tests that stop and restart it
// (the shared server on 5432 serves every other test).
type PostgresServer struct {
	*Process
	URL string
}

// StartPostgres makes a fresh cluster in a temporary folder (initdb, trust authentication) and
// starts it on a free port. As root it runs as the postgres user, as PostgreSQL requires.
func StartPostgres(t testing.TB) *PostgresServer {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	if len(bins) == 0 {
		t.Fatal("testsvc: no PostgreSQL server binaries in /usr/lib/postgresql (scripts/test.sh installs them)")
	}
	binDir := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "civreg-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// asPostgres runs a PostgreSQL program, as the postgres user when the test runs as root.
	asPostgres := func(prog string, args ...string) (string, []string) {
		if os.Geteuid() == 0 {
			return "runuser", append([]string{"-u", "postgres", "--", filepath.Join(binDir, prog)}, args...)
		}
		return filepath.Join(binDir, prog), args
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("testsvc: chown: %v %s", err, out)
		}
	}
	data := filepath.Join(dir, "data")
	name, args := asPostgres("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("testsvc: initdb: %v\n%s", err, out)
	}
	port := FreePort(t)
	p := &PostgresServer{URL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)}
	name, args = asPostgres("postgres", "-D", data, "-p", fmt.Sprint(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off")
	p.Process = &Process{t: t, name: name, args: args, log: filepath.Join(t.TempDir(), "postgres.log"),
		up: func() error {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			c, err := pgx.Connect(ctx, p.URL)
			if err != nil {
				return err
			}
			return c.Close(ctx)
		}}
	p.start()
	t.Cleanup(p.Stop)
	return p
}
