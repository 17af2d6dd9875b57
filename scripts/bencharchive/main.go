// Command bencharchive measures the preservation targets against baselines taken in the same run:
//
//   - every PDF/A copy written for a generated sample batch passes the verifier;
//   - archive size against the source bytes for JPEG and CCITT G4 sources (target ≤ 1.1), and
//     against ocrmypdf's PDF/A of the same pages;
//   - time to build a one-page archive against the time to OCR that page (target < 10%);
//   - peak resident memory of `civreg export` writing the bag of a 500-record batch (target
//     under 100 MB), on the services scripts/services.sh started.
//
// Run it with scripts/bench-archive.sh.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"civreg"
	"civreg/bagit"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
	"civreg/ocr"
	"civreg/pdfa"
	"civreg/storage"
	"civreg/workers"

	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	pages := flag.String("pages", "", "folder of generated sample scans")
	extra := flag.String("extra", "", "more scans, comma-separated (corpus JPEG and G4 TIFF files)")
	bin := flag.String("civreg", "", "the civreg binary, for the export memory run (skipped when empty)")
	records := flag.Int("records", 500, "records in the exported batch")
	flag.Parse()
	ctx := context.Background()
	files, _ := filepath.Glob(filepath.Join(*pages, "sample-*.*"))
	sort.Strings(files)
	var kept []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".json") {
			kept = append(kept, f)
		}
	}
	if *extra != "" {
		kept = append(kept, strings.Split(*extra, ",")...)
	}
	if err := pagesRun(ctx, kept); err != nil {
		fmt.Fprintln(os.Stderr, "bencharchive:", err)
		os.Exit(1)
	}
	if *bin != "" {
		if err := exportRun(ctx, *bin, *records); err != nil {
			fmt.Fprintln(os.Stderr, "bencharchive:", err)
			os.Exit(1)
		}
	}
}

var mediaTypes = map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".tif": "image/tiff", ".pdf": "application/pdf"}

func pagesRun(ctx context.Context, files []string) error {
	reader := ocr.NewReader(1)
	defer reader.Close()
	work, _ := os.MkdirTemp("", "civreg-bencharchive-")
	defer os.RemoveAll(work)
	var ocrTime, buildTime time.Duration
	worst := 0.0
	verified := 0
	var ourBytes, ocrmypdfBytes int64
	sizeBy := map[string][2]int64{} // kind → archive bytes, source bytes
	fmt.Printf("%-44s %9s %9s %7s %9s %9s %6s\n", "page", "source", "archive", "ratio", "OCR ms", "build ms", "build%")
	for _, f := range files {
		scan, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		mt := mediaTypes[filepath.Ext(f)]
		start := time.Now()
		res, err := reader.Read(ctx, scan, mt, 1)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		ocrT := time.Since(start)
		words := workers.ArchiveWords(res)
		var buf bytes.Buffer
		start = time.Now()
		written, err := pdfa.Write(ctx, &buf, pdfa.Document{Title: filepath.Base(f), Created: time.Now(), Modified: time.Now(), Key: f},
			[]pdfa.Page{{Scan: scan, MediaType: mt, ScanPage: 1, Words: words}})
		buildT := time.Since(start)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		rep, err := pdfa.Verify(bytes.NewReader(buf.Bytes()))
		if err != nil || !rep.OK() {
			return fmt.Errorf("%s: the archive fails verification: %+v %v", f, rep, err)
		}
		verified++
		ocrTime += ocrT
		buildTime += buildT
		share := float64(buildT) / float64(ocrT)
		worst = max(worst, share)
		kind := "other"
		switch {
		case strings.Contains(written.Pages[0], "JPEG embedded"):
			kind = "JPEG"
		case strings.Contains(written.Pages[0], "CCITT G4"), strings.Contains(written.Pages[0], "CCITTFaxDecode"):
			kind = "G4"
		}
		sb := sizeBy[kind]
		sb[0] += int64(buf.Len())
		sb[1] += int64(len(scan))
		sizeBy[kind] = sb
		ourBytes += int64(buf.Len())
		theirs, err := ocrmypdf(f, work)
		if err != nil {
			return err
		}
		ocrmypdfBytes += theirs
		fmt.Printf("%-44s %9d %9d %7.3f %9.0f %9.1f %5.1f%%  [%s]\n", trim(f, 44), len(scan), buf.Len(), float64(buf.Len())/float64(len(scan)),
			ms(ocrT), ms(buildT), 100*share, written.Pages[0])
	}
	fmt.Printf("\n%d of %d archives pass civreg pdfa verify\n", verified, len(files))
	for _, k := range []string{"JPEG", "G4", "other"} {
		if s := sizeBy[k]; s[1] > 0 {
			note := "(target ≤ 1.10)"
			if k == "other" {
				note = "(lossless re-encoding of Deflate TIFF and similar: no target)"
			}
			fmt.Printf("archive size / source size, %-5s sources: %.3f %s\n", k, float64(s[0])/float64(s[1]), note)
		}
	}
	fmt.Printf("archive size / ocrmypdf PDF/A size, same pages: %.3f (%d vs %d bytes)\n", float64(ourBytes)/float64(ocrmypdfBytes), ourBytes, ocrmypdfBytes)
	fmt.Printf("build time / OCR time: %.2f%% overall, %.2f%% worst page (target < 10%%)\n", 100*float64(buildTime)/float64(ocrTime), 100*worst)
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func trim(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n+1:]
	}
	return s
}

// ocrmypdf makes ocrmypdf's PDF/A of the same page, with its default settings.
func ocrmypdf(page, work string) (int64, error) {
	out := filepath.Join(work, filepath.Base(page)+".ocrmypdf.pdf")
	cmd := exec.Command("ocrmypdf", "-q", "--image-dpi", "300", "-l", "eng", page, out)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("ocrmypdf %s: %v\n%s", page, err, b)
	}
	st, err := os.Stat(out)
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// exportRun fills a batch of n approved, archived records (unless one is there from an
// earlier run) and measures `civreg export --batch` writing its bag.
func exportRun(ctx context.Context, bin string, n int) error {
	db, err := storage.Open(ctx, os.Getenv("CIVREG_DATABASE_URL"))
	if err != nil {
		return err
	}
	defer db.Close()
	objects, err := storage.OpenObjects(ctx, storage.ObjectsConfig{Endpoint: os.Getenv("CIVREG_MINIO_ENDPOINT"),
		AccessKey: os.Getenv("CIVREG_MINIO_ACCESS_KEY"), SecretKey: os.Getenv("CIVREG_MINIO_SECRET_KEY"), Bucket: os.Getenv("CIVREG_MINIO_BUCKET")})
	if err != nil {
		return err
	}
	name := fmt.Sprintf("Export benchmark, %d records", n)
	batch, err := db.BatchByName(ctx, name)
	if civreg.ErrorCode(err) == civreg.ENOTFOUND {
		if batch, err = fillBatch(ctx, db, objects, name, n); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	out := filepath.Join(os.TempDir(), fmt.Sprintf("civreg-bench-batch-%d.zip", batch.ID))
	defer os.Remove(out)
	cmd := exec.Command(bin, "export", "--batch", fmt.Sprint(batch.ID), "-o", out)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	peak := 0.0
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				return fmt.Errorf("civreg export: %w", err)
			}
			running = false
		case <-time.After(20 * time.Millisecond):
			if v := testsvc.PeakRSSMB(cmd.Process.Pid); v > peak {
				peak = v
			}
		}
	}
	took := time.Since(start)
	f, err := os.Open(out)
	if err != nil {
		return err
	}
	defer f.Close()
	st, _ := f.Stat()
	rep, err := bagit.Verify(f, st.Size())
	if err != nil || !rep.Valid() {
		return fmt.Errorf("the exported bag is not valid: %+v %v", rep, err)
	}
	fmt.Printf("\nexport of a %d-record batch: %d payload files, %.1f MB in %.1f s; civreg export peak resident memory %.1f MB (target < 100 MB); bag valid\n",
		n, rep.Files, float64(st.Size())/1e6, took.Seconds(), peak)
	return nil
}

func fillBatch(ctx context.Context, db *storage.DB, objects *storage.Objects, name string, n int) (*civreg.Batch, error) {
	fmt.Printf("\nfilling a batch of %d approved, archived records (kept for later runs)...\n", n)
	clerk, err := db.UserByName(ctx, "bench-clerk")
	if err != nil {
		if clerk, err = db.CreateUser(ctx, "bench-clerk", civreg.RoleClerk, ""); err != nil {
			return nil, err
		}
	}
	reviewer, err := db.UserByName(ctx, "bench-reviewer")
	if err != nil {
		if reviewer, err = db.CreateUser(ctx, "bench-reviewer", civreg.RoleReviewer, ""); err != nil {
			return nil, err
		}
	}
	batch, err := db.CreateBatch(ctx, clerk, name, civreg.Birth, false)
	if err != nil {
		return nil, err
	}
	p := &workers.Pipeline{DB: db, Objects: objects, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	pool, err := pgxpool.New(ctx, os.Getenv("CIVREG_DATABASE_URL"))
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	seed := int(time.Now().UnixNano() % 1e9)
	for i := 0; i < n; i++ {
		scan := testfiles.JPEG(1275, 1650, seed+i) // a letter page at 150 dpi
		sum := sha256.Sum256(scan)
		sha := hex.EncodeToString(sum[:])
		key := civreg.NewOriginalKey()
		if err := objects.PutNew(ctx, key, bytes.NewReader(scan), int64(len(scan)), "image/jpeg"); err != nil {
			return nil, err
		}
		added, err := db.AddScan(ctx, clerk, civreg.NewScan{BatchID: batch.ID, SHA256: sha, ObjectKey: key, Size: int64(len(scan)), MediaType: "image/jpeg", PageCount: 1, FileName: fmt.Sprintf("page-%04d.jpg", i)})
		if err != nil {
			return nil, err
		}
		id := added.Records[0].RecordID
		// Straight to review: the benchmark is about exporting, not reading.
		if _, err := pool.Exec(ctx, `UPDATE records SET status = 'needs_review' WHERE id = $1`, id); err != nil {
			return nil, err
		}
		if err := db.ApproveRecord(ctx, reviewer, id, 1); err != nil {
			return nil, err
		}
		task, _ := workers.NewArchiveRecordTask(id, 1)
		if err := p.Mux().ProcessTask(ctx, task); err != nil {
			return nil, err
		}
	}
	return batch, nil
}
