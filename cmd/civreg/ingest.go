package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"civreg"
	"civreg/ingest"

	"golang.org/x/term"
)

func runIngest(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	server := fs.String("server", "http://"+m.Config.Listen, "civreg server URL")
	token := fs.String("token", os.Getenv("CIVREG_TOKEN"), "API token (civreg user token NAME); default $CIVREG_TOKEN")
	batch := fs.String("batch", "", "batch name: a new batch, or the one to resume")
	typ := fs.String("type", "unknown", "record type of the batch: "+strings.Join(civreg.RecordTypeNames(), ", "))
	perPage := fs.Bool("page-per-record", false, "every page of every file is its own record (a register volume)")
	parallel := fs.Int("parallel", 4, "files uploaded at once")
	watch := fs.String("watch", "", "watch this folder for files a scanner writes, instead of uploading PATHs")
	settle := fs.Duration("settle", 3*time.Second, "with --watch: how long a file must stop growing before it is taken")
	poll := fs.Duration("poll", time.Second, "with --watch: how often the folder is looked at")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *token == "" || *batch == "" {
		return fmt.Errorf("usage: civreg ingest --server URL --token T --batch NAME --type %s PATH... (or --watch DIR)", strings.Join(civreg.RecordTypeNames(), "|"))
	}
	if _, err := civreg.ParseRecordType(*typ); err != nil {
		return err
	}
	if *parallel < 1 {
		*parallel = 1
	}
	c := &ingest.Client{Server: *server, Token: *token}
	batchID, resumed, err := c.Batch(ctx, *batch, *typ, *perPage)
	if err != nil {
		return fmt.Errorf("batch %q: %w", *batch, err)
	}
	if *watch != "" {
		if len(paths) > 0 {
			return fmt.Errorf("give either --watch DIR or PATHs, not both")
		}
		fmt.Fprintf(m.Stdout, "watching %s for batch %q (%d); files go to done/ or failed/ once the server answers\n", *watch, *batch, batchID)
		w := &ingest.Watcher{Client: c, Batch: batchID, Dir: *watch, Settle: *settle, Poll: *poll, Report: watchReport(m.Stdout)}
		return w.Run(ctx)
	}
	if len(paths) == 0 {
		return fmt.Errorf("no files or folders to upload")
	}
	files, err := ingest.Files(paths)
	if err != nil {
		return err
	}
	up := &uploadRun{client: c, batch: batchID, out: m.Stdout, tty: isTerminal(m.Stdout), start: time.Now()}
	if err := up.plan(ctx, files, resumed); err != nil {
		return err
	}
	if resumed {
		fmt.Fprintf(m.Stdout, "resuming batch %q (%d): %d files already uploaded are skipped\n", *batch, batchID, up.skipped)
	}
	up.run(ctx, *parallel)
	return up.summary()
}

// watchReport prints one line for each file the watcher took.
func watchReport(out io.Writer) func(string, *civreg.Accepted, error) {
	return func(file string, acc *civreg.Accepted, err error) {
		switch {
		case err == nil && acc.Duplicate:
			fmt.Fprintf(out, "duplicate  %s (record %d)\n", file, acc.RecordID)
		case err == nil:
			fmt.Fprintf(out, "uploaded   %s (record %d)\n", file, acc.RecordID)
		case ingest.Retryable(err):
			fmt.Fprintf(out, "waiting    %s: %v (will try again)\n", file, err)
		default:
			fmt.Fprintf(out, "refused    %s: %v\n", file, err)
		}
	}
}

// plan lists the files still to upload and their bytes; a resumed batch skips the files whose
// digest the server already holds.
func (up *uploadRun) plan(ctx context.Context, files []string, resumed bool) error {
	var skip map[string]bool
	if resumed {
		var err error
		if skip, err = up.client.Uploaded(ctx, up.batch); err != nil {
			return err
		}
	}
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			return err
		}
		if len(skip) > 0 {
			sha, err := ingest.FileDigest(f)
			if err != nil {
				return err
			}
			if skip[sha] {
				up.skipped++
				continue
			}
		}
		up.todo = append(up.todo, f)
		up.totalBytes += info.Size()
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// uploadRun uploads files in parallel and shows progress: a bar on a terminal, a line per
// file otherwise.
type uploadRun struct {
	client     *ingest.Client
	batch      int64
	out        io.Writer
	tty        bool
	start      time.Time
	todo       []string
	totalBytes int64
	sentBytes  atomic.Int64
	skipped    int

	mu         sync.Mutex
	done       int
	uploaded   int
	duplicates int
	refused    []*ingest.Refused
	failed     map[string]error
}

func (u *uploadRun) run(ctx context.Context, parallel int) {
	u.failed = map[string]error{}
	jobs := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < parallel; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				u.one(ctx, f)
			}
		}()
	}
	stop := make(chan struct{})
	if u.tty {
		go func() {
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					u.mu.Lock()
					u.bar()
					u.mu.Unlock()
				}
			}
		}()
	}
	for _, f := range u.todo {
		if ctx.Err() != nil {
			break
		}
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	close(stop)
	if u.tty {
		u.bar()
		fmt.Fprintln(u.out)
	}
}

func (u *uploadRun) one(ctx context.Context, f string) {
	var acc *civreg.Accepted
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var sent int64
		var progress func(int64)
		if u.tty { // only the bar shows bytes as they go
			progress = func(n int64) { sent += n; u.sentBytes.Add(n) }
		}
		acc, err = u.client.Upload(ctx, u.batch, f, progress)
		if err == nil || !ingest.Retryable(err) || ctx.Err() != nil {
			break
		}
		u.sentBytes.Add(-sent) // sent again on the next attempt
		time.Sleep(time.Duration(attempt+1) * time.Second)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.done++
	var refused *ingest.Refused
	status := ""
	switch {
	case err == nil && acc.Duplicate:
		u.duplicates++
		status = fmt.Sprintf("duplicate of record %d", acc.RecordID)
	case err == nil:
		u.uploaded++
		status = fmt.Sprintf("uploaded, record %d, %d pages", acc.RecordID, acc.Pages)
	case errors.As(err, &refused):
		refused.File = f
		u.refused = append(u.refused, refused)
		status = "refused: " + refused.Reason
	default:
		u.failed[f] = err
		status = "failed: " + err.Error()
	}
	if !u.tty {
		fmt.Fprintf(u.out, "[%d/%d] %s: %s\n", u.done, len(u.todo), f, status)
	}
}

// bar draws the progress line: files, bytes, rate and time left.
func (u *uploadRun) bar() {
	sent := u.sentBytes.Load()
	elapsed := time.Since(u.start).Seconds()
	rate := float64(sent) / max(elapsed, 0.001)
	left := "--:--"
	if rate > 0 && sent > 0 {
		secs := int(float64(u.totalBytes-sent) / rate)
		left = fmt.Sprintf("%d:%02d", secs/60, secs%60)
	}
	frac := 1.0
	if u.totalBytes > 0 {
		frac = float64(sent) / float64(u.totalBytes)
	}
	const width = 24
	fill := int(frac * width)
	fmt.Fprintf(u.out, "\r[%s%s] %d/%d files  %s/%s  %s/s  %s left ",
		strings.Repeat("#", fill), strings.Repeat(".", width-fill), u.done, len(u.todo),
		mb(sent), mb(u.totalBytes), mb(int64(rate)), left)
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

func (u *uploadRun) summary() error {
	fmt.Fprintf(u.out, "\n%d uploaded, %d duplicates, %d refused", u.uploaded, u.duplicates, len(u.refused))
	if u.skipped > 0 {
		fmt.Fprintf(u.out, ", %d skipped (uploaded before)", u.skipped)
	}
	if len(u.failed) > 0 {
		fmt.Fprintf(u.out, ", %d not sent (server or network trouble: run the same command again)", len(u.failed))
	}
	fmt.Fprintf(u.out, " in %s\n", time.Since(u.start).Round(100*time.Millisecond))
	sort.Slice(u.refused, func(i, j int) bool { return u.refused[i].File < u.refused[j].File })
	for _, r := range u.refused {
		fmt.Fprintf(u.out, "refused: %s: %s\n", r.File, r.Reason)
	}
	for f, err := range u.failed {
		fmt.Fprintf(u.out, "not sent: %s: %v\n", f, err)
	}
	if len(u.refused) > 0 || len(u.failed) > 0 {
		return exitError(2)
	}
	return nil
}
