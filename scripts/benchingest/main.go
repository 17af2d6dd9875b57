// Command benchingest measures ingest against a baseline taken in the same run, on the
// services scripts/services.sh started:
//
//   - throughput: 200 scans of about 1 MB through `civreg ingest` against putting the same
//     bytes into MinIO directly (minio-go's PutObject with its default options), both with
//     the same number of uploads at once, in alternating rounds on new files; target at
//     least 0.8 for the median round;
//   - memory: the peak resident memory (VmHWM) of a fresh `civreg serve` while it receives one
//     200 MB file, and while it receives 8 files of 25 MB at once; target under 150 MB.
//
// Run it with scripts/bench-ingest.sh.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"civreg/internal/testfiles"
	"civreg/internal/testsvc"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

func main() {
	bin := flag.String("civreg", ".data/bin/civreg", "the civreg binary")
	files := flag.Int("files", 200, "scans of about 1 MB for the throughput run")
	parallel := flag.Int("parallel", 4, "uploads at once, for both civreg ingest and the baseline")
	rounds := flag.Int("rounds", 5, "rounds of each, alternating")
	flag.Parse()
	if err := run(*bin, *files, *parallel, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "benchingest:", err)
		os.Exit(1)
	}
}

// bucket holds the baseline's objects, uploaded with minio-go directly.
const bucket = "civreg-bench-baseline"

func run(bin string, nfiles, parallel, rounds int) error {
	ctx := context.Background()
	work, err := os.MkdirTemp("", "civreg-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	seed := uint64(time.Now().UnixNano()) // new bytes every run: nothing is a duplicate

	// The baseline is minio-go as it comes, with its default options.
	mc, err := minio.New(os.Getenv("CIVREG_MINIO_ENDPOINT"), &minio.Options{
		Creds: credentials.NewStaticV4(os.Getenv("CIVREG_MINIO_ACCESS_KEY"), os.Getenv("CIVREG_MINIO_SECRET_KEY"), "")})
	if err != nil {
		return err
	}
	if ok, _ := mc.BucketExists(ctx, bucket); !ok {
		if err := mc.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
			return err
		}
	}
	cleanBucket(ctx, mc, os.Getenv("CIVREG_MINIO_BUCKET")) // what earlier runs left
	srv, err := startServe(bin)
	if err != nil {
		return err
	}
	token, err := benchToken(bin)
	if err != nil {
		srv.stop()
		return err
	}

	err = throughput(ctx, mc, srv, bin, token, work, seed, nfiles, parallel, rounds)
	srv.stop()
	if err != nil {
		return err
	}
	return peakMemory(bin, token, work, seed)
}

// throughput runs the rounds: each uploads new files to MinIO directly (minio-go) and then
// with civreg ingest, and prints both rates, their ratio and the CPU each spent.
func throughput(ctx context.Context, mc *minio.Client, srv *server, bin, token, work string, seed uint64, nfiles, parallel, rounds int) error {
	// Rounds alternate the two contenders, each round on new files, so that neither gains from
	// a quieter moment of a shared machine; the ratio is the median round's.
	fmt.Printf("\nthroughput, %d rounds of %d noise PNGs of about 1 MB, %d at once\n", rounds, nfiles, parallel)
	var ratios []float64
	for round := 0; round < rounds; round++ {
		scans := filepath.Join(work, fmt.Sprintf("scans-%d", round))
		os.MkdirAll(scans, 0o755)
		var total int64
		for i := 0; i < nfiles; i++ {
			b := testfiles.NoisePNG(1000, 1000, seed+uint64(round*nfiles+i))
			total += int64(len(b))
			if err := os.WriteFile(filepath.Join(scans, fmt.Sprintf("scan-%04d.png", i)), b, 0o644); err != nil {
				return err
			}
		}
		entries, _ := os.ReadDir(scans)
		cpu0 := cpuNow(srv)
		start := time.Now()
		err := forEach(entries, parallel, func(e os.DirEntry) error {
			b, err := os.ReadFile(filepath.Join(scans, e.Name()))
			if err != nil {
				return err
			}
			_, err = mc.PutObject(ctx, bucket, "baseline/"+e.Name(), bytes.NewReader(b), int64(len(b)), minio.PutObjectOptions{ContentType: "image/png"})
			return err
		})
		if err != nil {
			return err
		}
		baseline := time.Since(start)
		baseCPU := cpuNow(srv).since(cpu0)
		for _, e := range entries {
			mc.RemoveObject(ctx, bucket, "baseline/"+e.Name(), minio.RemoveObjectOptions{})
		}

		cpu0 = cpuNow(srv)
		start = time.Now()
		ing := exec.Command(bin, "ingest", "--server", srv.url, "--token", token, "--batch", fmt.Sprintf("bench %d round %d", seed, round),
			"--type", "birth", "--parallel", strconv.Itoa(parallel), scans)
		out, err := ing.CombinedOutput()
		ingestTime := time.Since(start)
		ingCPU := cpuNow(srv).since(cpu0)
		if err != nil {
			return fmt.Errorf("civreg ingest: %v\n%s", err, tail(out))
		}
		ratio := baseline.Seconds() / ingestTime.Seconds()
		ratios = append(ratios, ratio)
		mbps := func(d time.Duration) float64 { return float64(total) / (1 << 20) / d.Seconds() }
		fmt.Printf("  round %d: MinIO directly (minio-go) %6.1f MB/s %s, civreg ingest %6.1f MB/s %s, ratio %.2f\n", round+1,
			mbps(baseline), baseline.Round(time.Millisecond), mbps(ingestTime), ingestTime.Round(time.Millisecond), ratio)
		ingCPU.client = ing.ProcessState.UserTime() + ing.ProcessState.SystemTime()
		fmt.Printf("           CPU ms per file: MinIO directly %s; civreg ingest %s\n", baseCPU.perFile(nfiles), ingCPU.perFile(nfiles))
		os.RemoveAll(scans)
		// Take away what civreg stored, as the baseline's objects are: MinIO's disk and
		// the kernel's write-back then stay the same for every round (and every run).
		cleanBucket(ctx, mc, os.Getenv("CIVREG_MINIO_BUCKET"))
	}
	sort.Float64s(ratios)
	ratio := ratios[len(ratios)/2]
	fmt.Printf("  median ratio                %6.2f       target >= 0.80  %s\n", ratio, verdict(ratio >= 0.8))
	return nil
}

// peakMemory prints civreg serve's peak resident memory idle, for one large file and for
// eight files at once.
func peakMemory(bin, token, work string, seed uint64) error {
	big := filepath.Join(work, "big")
	os.MkdirAll(big, 0o755)
	f, _ := os.Create(filepath.Join(big, "volume.tif"))
	if err := testfiles.WriteNoiseTIFF(f, 40, 5000, 1000, seed); err != nil { // 40 pages of 5 MB: 200 MB
		return err
	}
	f.Close()
	eight := filepath.Join(work, "eight")
	os.MkdirAll(eight, 0o755)
	for i := 0; i < 8; i++ {
		f, _ := os.Create(filepath.Join(eight, fmt.Sprintf("volume-%d.tif", i)))
		testfiles.WriteNoiseTIFF(f, 5, 5000, 1000, seed+uint64(100+i)) // 25 MB each
		f.Close()
	}
	fmt.Printf("\npeak resident memory of civreg serve (VmHWM)\n")
	for _, c := range []struct {
		name, dir string
		parallel  int
	}{{"idle, after start", "", 0}, {"one 200 MB file", big, 1}, {"8 files of 25 MB at once", eight, 8}} {
		srv, err := startServe(bin)
		if err != nil {
			return err
		}
		if c.dir != "" {
			out, err := exec.Command(bin, "ingest", "--server", srv.url, "--token", token, "--batch", fmt.Sprintf("bench mem %d %s", seed, c.name),
				"--type", "death", "--parallel", strconv.Itoa(c.parallel), c.dir).CombinedOutput()
			if err != nil {
				srv.stop()
				return fmt.Errorf("civreg ingest %s: %v\n%s", c.name, err, tail(out))
			}
		}
		peak := srv.peakMB()
		srv.stop()
		fmt.Printf("  %-26s %6.1f MB  target < 150 MB  %s\n", c.name, peak, verdict(peak < 150))
	}
	return nil
}

// cpuTimes is the CPU time used by each part of a run: the uploading client, civreg serve,
// MinIO and PostgreSQL. It tells where a contender spends the machine's two cores.
type cpuTimes struct{ client, serve, minio, postgres time.Duration }

// cpuNow reads the CPU used so far by this process (the baseline's client), the server, and
// every MinIO and PostgreSQL process.
func cpuNow(srv *server) cpuTimes {
	var t cpuTimes
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	t.client = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	t.serve = procCPU(srv.cmd.Process.Pid)
	procs, _ := filepath.Glob("/proc/[0-9]*/comm")
	for _, c := range procs {
		comm, _ := os.ReadFile(c)
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(c)))
		switch strings.TrimSpace(string(comm)) {
		case "minio":
			t.minio += procCPU(pid)
		case "postgres":
			t.postgres += procCPU(pid)
		}
	}
	return t
}

func (t cpuTimes) since(t0 cpuTimes) cpuTimes {
	return cpuTimes{t.client - t0.client, t.serve - t0.serve, t.minio - t0.minio, t.postgres - t0.postgres}
}

func (t cpuTimes) perFile(n int) string {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(n) }
	return fmt.Sprintf("client %.1f serve %.1f minio %.1f postgres %.1f = %.1f", ms(t.client), ms(t.serve), ms(t.minio), ms(t.postgres),
		ms(t.client+t.serve+t.minio+t.postgres))
}

// procCPU is the user and system time of one process, from /proc (in clock ticks of 10 ms).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces) start at state, field 3.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * 10 * time.Millisecond
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

func forEach(entries []os.DirEntry, parallel int, fn func(os.DirEntry) error) error {
	jobs := make(chan os.DirEntry)
	errs := make(chan error, len(entries))
	var wg sync.WaitGroup
	for i := 0; i < parallel; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range jobs {
				if err := fn(e); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, e := range entries {
		jobs <- e
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

type server struct {
	cmd *exec.Cmd
	url string
}

func startServe(bin string) (*server, error) {
	addr := "127.0.0.1:18080"
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "CIVREG_LISTEN="+addr, "CIVREG_LOG_LEVEL=warn")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd, "http://" + addr}
	for i := 0; i < 100; i++ {
		if out, err := exec.Command("curl", "-fsS", s.url+"/healthz").Output(); err == nil && len(out) > 0 {
			return s, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("civreg serve did not become healthy")
}

// peakMB is the server's peak resident memory.
func (s *server) peakMB() float64 { return testsvc.PeakRSSMB(s.cmd.Process.Pid) }

// stop asks the server to shut down as it would be in service, and kills it if it has not
// within five seconds.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

func benchToken(bin string) (string, error) {
	exec.Command(bin, "user", "add", "bench-clerk", "--role", "clerk").Run() // exists after the first run
	out, err := exec.Command(bin, "user", "token", "bench-clerk").Output()
	return strings.TrimSpace(string(out)), err
}

// cleanBucket removes every object of the benchmark's own bucket (never a real deployment's:
// bench-ingest.sh names the bucket civreg-bench).
func cleanBucket(ctx context.Context, mc *minio.Client, bucket string) {
	if bucket != "civreg-bench" {
		return
	}
	objs := mc.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true})
	for range mc.RemoveObjects(ctx, bucket, objs, minio.RemoveObjectsOptions{}) {
	}
}
