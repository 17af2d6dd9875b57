package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"testing"

	"civreg"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
	"civreg/scan"
)

// TestHeldBackReaderNeverHandsOverARefusedFile: whatever pieces MinIO reads in, it never gets
// every byte of a file that inspection refuses (so it cannot complete the object), and gets
// all of an accepted one, after inspection saw all of it.
func TestHeldBackReaderNeverHandsOverARefusedFile(t *testing.T) {
	file := testfiles.NoisePNG(200, 100, 3) // about 60 KB: many pieces of each size
	refused := errors.New("refused")
	for _, piece := range []int{1, 7, 4096, 32 << 10, len(file), 2 * len(file)} {
		for _, verdict := range []error{nil, refused} {
			var seen bytes.Buffer
			sawAll := false
			r := &heldBackReader{src: bytes.NewReader(file), left: int64(len(file)), copy: &seen,
				whole: func() error { sawAll = seen.Len() == len(file); return verdict }}
			var handed int
			var err error
			buf := make([]byte, piece)
			for err == nil {
				var n int
				n, err = r.Read(buf)
				handed += n
			}
			if !sawAll {
				t.Errorf("pieces of %d: inspection ran before it had the whole file", piece)
			}
			switch {
			case verdict == nil && (err != io.EOF || handed != len(file)):
				t.Errorf("pieces of %d, accepted: handed over %d of %d bytes, ending %v", piece, handed, len(file), err)
			case verdict != nil && (err != refused || handed >= len(file) || r.failure() != refused):
				t.Errorf("pieces of %d, refused: handed over %d of %d bytes, ending %v", piece, handed, len(file), err)
			}
		}
	}
}

// TestHeldBackReaderRefusesAShortBody: a body that ends before its declared size is cut off,
// and MinIO is never handed the declared number of bytes.
func TestHeldBackReaderRefusesAShortBody(t *testing.T) {
	file := testfiles.NoisePNG(200, 100, 4)
	r := &heldBackReader{src: bytes.NewReader(file[:len(file)-10]), left: int64(len(file)), copy: io.Discard,
		whole: func() error { t.Error("a short body was inspected as whole"); return nil }}
	n, err := io.Copy(io.Discard, r)
	if err == nil || n >= int64(len(file)) || !bytes.Contains([]byte(err.Error()), []byte("cut off")) {
		t.Fatalf("short body: %d bytes, %v", n, err)
	}
}

// TestDiscardKeepsAnOriginalItsScanNames: after a failed AddScan intake removes its copy only
// once PostgreSQL says no scan row names it, since a commit whose answer was lost may have
// recorded the scan after all.
func TestDiscardKeepsAnOriginalItsScanNames(t *testing.T) {
	ctx := context.Background()
	db, _ := testsvc.MigratedDB(t)
	objects := testsvc.StartMinIO(t).Objects(t)
	in := &Intake{DB: db, Objects: objects, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	clerk := testsvc.User(t, db, "clerk1", civreg.RoleClerk, "correct horse battery")
	batch := testsvc.Batch(t, db, clerk, "Births 1962", civreg.Birth)
	png := testfiles.PNG(100, 80, 1)
	recorded, orphan := civreg.NewOriginalKey(), civreg.NewOriginalKey()
	for _, key := range []string{recorded, orphan} {
		if err := objects.PutNew(ctx, key, bytes.NewReader(png), int64(len(png)), scan.PNG); err != nil {
			t.Fatal(err)
		}
	}
	sum := sha256.Sum256(png)
	if _, err := db.AddScan(ctx, clerk, civreg.NewScan{BatchID: batch.ID, SHA256: hex.EncodeToString(sum[:]), ObjectKey: recorded,
		Size: int64(len(png)), MediaType: scan.PNG, PageCount: 1, FileName: "a.png"}); err != nil {
		t.Fatal(err)
	}
	in.discard(ctx, recorded, true)
	in.discard(ctx, orphan, true)
	var left []string
	objects.List(ctx, "originals/", func(key string, _, _ int64) error { left = append(left, key); return nil })
	if len(left) != 1 || left[0] != recorded {
		t.Fatalf("left %v; want only the recorded original %s", left, recorded)
	}
}
