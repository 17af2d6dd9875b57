// Package ingest accepts scans into the registry: it recognises each file by its bytes, refuses
// what is not a scan or breaks a limit (MinIO never completes a refused file), hashes it while
// it streams to MinIO, stores the bytes once (a second copy is removed once PostgreSQL knows
// the digest), records it in its batch and enqueues its OCR. It also holds the uploading
// client of civreg ingest (client.go).
package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"civreg"
	"civreg/scan"
)

// Limits bound what one upload may be (the scan formats' limits). Each is configurable
// (civreg help).
type Limits = scan.Limits

// DefaultLimits suit scans of A3 pages at 600 dpi and bound volumes of up to 1,000 entries.
var DefaultLimits = scan.DefaultLimits

// Intake takes uploaded files into batches.
type Intake struct {
	DB       civreg.Batches
	Objects  civreg.Objects
	Pipeline civreg.Pipeline
	Limits   Limits
	TempDir  string // where uploads are spooled while they are hashed and inspected
	Log      *slog.Logger
}

// Accept takes one file into a batch. The original is stored in MinIO under a key of its own
// while its SHA-256 is computed and it is inspected, then recorded in PostgreSQL, and its OCR
// is enqueued; bytes the registry holds already are recorded as a duplicate of their scan and
// the new copy removed, so they are stored once. size is the file's length when the request
// declares it (a raw upload's Content-Length), else -1. A refused file stores nothing and is
// noted with its reason for the batch page. The returned error's message names the reason;
// the file name is the caller's to report. The caller checks the batch exists before sending
// the body (AddScan refuses a missing one all the same).
func (in *Intake) Accept(ctx context.Context, u *civreg.User, batchID int64, fileName string, body io.Reader, size int64) (*civreg.Accepted, error) {
	name := civreg.CleanName(fileName)
	acc, err := in.accept(ctx, u, batchID, name, body, size)
	if err != nil && isRefusal(err) {
		if rerr := in.DB.RecordRefusal(context.WithoutCancel(ctx), u, batchID, name, civreg.ErrorMessage(err)); rerr != nil {
			in.Log.Warn("refusal not recorded", slog.Int64("batch", batchID), slog.Any("err", rerr))
		}
	}
	return acc, err
}

// isRefusal tells a refusal of the file (the clerk's to fix) from a failure of the registry.
func isRefusal(err error) bool {
	switch civreg.ErrorCode(err) {
	case civreg.EINVALID, civreg.ETOOLARGE, civreg.EUNSUPPORTED:
		return true
	}
	return false
}

// received is what storing an original learned of it.
type received struct {
	sha256 string
	size   int64
	*scan.Inspection
}

func (in *Intake) accept(ctx context.Context, u *civreg.User, batchID int64, name string, body io.Reader, size int64) (*civreg.Accepted, error) {
	key := civreg.NewOriginalKey()
	var got *received
	var err error
	if size >= 0 {
		if err := scan.CheckSize(size, in.Limits); err != nil {
			return nil, err
		}
		got, err = in.storeWhileReceiving(ctx, key, body, size)
	} else {
		got, err = in.storeAfterReceiving(ctx, key, body)
	}
	if err != nil {
		return nil, err
	}

	// Recorded only now that MinIO holds the bytes.
	added, err := in.DB.AddScan(ctx, u, civreg.NewScan{BatchID: batchID, SHA256: got.sha256, ObjectKey: key, Size: got.size,
		MediaType: got.MediaType, PageCount: got.Pages, FileName: name})
	switch {
	case err != nil:
		in.discard(ctx, key, true)
		return nil, err
	case added.Duplicate:
		in.discard(ctx, key, false) // the bytes are stored already, under their first scan's key
	}
	acc := &civreg.Accepted{File: name, ScanID: added.ScanID, Duplicate: added.Duplicate, Pages: got.Pages, SHA256: got.sha256, MediaType: got.MediaType}
	for _, r := range added.Records {
		acc.Records = append(acc.Records, r.RecordID)
	}
	if len(acc.Records) > 0 {
		acc.RecordID = acc.Records[0]
	}
	if !added.Duplicate {
		// The record is safe in PostgreSQL once AddScan returns, so the clerk is answered
		// without waiting for Redis; if enqueueing fails (or the server stops first), reconcile
		// enqueues the record's OCR within a minute.
		go func(records []civreg.RecordPages) {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			for _, r := range records {
				if err := in.Pipeline.RecordIngested(ctx, r.RecordID, r.Pages); err != nil {
					in.Log.Warn("OCR not enqueued; reconcile will", slog.Int64("record", r.RecordID), slog.Any("err", err))
				}
			}
		}(added.Records)
	}
	return acc, nil
}

// discard removes a copy of an original that no scan row names. After a failed AddScan it
// asks first: a commit whose answer was lost may have recorded the scan after all, and then
// this copy is the record's original. When PostgreSQL cannot say, or MinIO cannot remove it,
// the copy stays for the orphan janitor, which asks again later.
func (in *Intake) discard(ctx context.Context, key string, ask bool) {
	ctx = context.WithoutCancel(ctx)
	if ask {
		if _, err := in.DB.ScanByObjectKey(ctx, key); civreg.ErrorCode(err) != civreg.ENOTFOUND {
			in.Log.Warn("original kept: its scan may be recorded", slog.String("key", key), slog.Any("err", err))
			return
		}
	}
	if err := in.Objects.Remove(ctx, key); err != nil {
		in.Log.Warn("orphan original left for the janitor", slog.String("key", key), slog.Any("err", err))
	}
}

// storeWhileReceiving stores a file of known size as it arrives: the bytes go to MinIO, the
// hash and the inspection together, and the last piece is held back until the whole file has
// passed inspection, so MinIO completes no object from a file the registry refuses or that
// was cut off. The clerk waits for MinIO's write only, not for a receive and then a write.
func (in *Intake) storeWhileReceiving(ctx context.Context, key string, body io.Reader, size int64) (*received, error) {
	head := make([]byte, min(size, scan.SniffLen))
	if _, err := io.ReadFull(body, head); err != nil {
		return nil, cutOff(err)
	}
	media, err := scan.Sniff(head)
	if err != nil {
		return nil, err // not a scan: nothing was sent to MinIO
	}
	check := scan.NewStreamCheck(media, in.Limits)
	if check == nil {
		spool, err := in.spool()
		if err != nil {
			return nil, err
		}
		defer spool.remove()
		check = spoolCheck{spool, size, in.Limits}
	}
	got := &received{size: size}
	whole := func() error {
		pages, err := check.End()
		got.Inspection = &scan.Inspection{MediaType: media, Pages: pages}
		return err
	}
	h := sha256.New()
	// MinIO's side reads in pieces of 32 KB; the body is read in pieces of up to 256 KB, an
	// eighth of the system calls (dear on a virtual machine).
	br := readAheads.Get().(*bufio.Reader)
	br.Reset(io.MultiReader(bytes.NewReader(head), body))
	defer func() { br.Reset(nil); readAheads.Put(br) }()
	up := &heldBackReader{src: br, left: size, copy: io.MultiWriter(check, h), whole: whole}
	err = in.Objects.PutNew(ctx, key, up, size, media)
	if ferr := up.failure(); ferr != nil {
		return nil, ferr
	} else if err != nil {
		return nil, err
	}
	got.sha256 = hex.EncodeToString(h.Sum(nil))
	return got, nil
}

var readAheads = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 256<<10) }}

// storeAfterReceiving stores a file of unknown size (a part of a multipart form): spooled and
// hashed first, inspected, then stored.
func (in *Intake) storeAfterReceiving(ctx context.Context, key string, body io.Reader) (*received, error) {
	spool, err := in.spool()
	if err != nil {
		return nil, err
	}
	defer spool.remove()
	h := sha256.New()
	// A large buffer: on a virtual machine every system call is dear. One byte over the limit
	// is enough to know the file is too large.
	size, err := io.CopyBuffer(io.MultiWriter(spool, h), io.LimitReader(body, in.Limits.MaxFileBytes+1), make([]byte, 256<<10))
	if err != nil {
		return nil, cutOff(err)
	}
	if size > in.Limits.MaxFileBytes {
		return nil, in.Limits.TooLarge()
	}
	ins, err := scan.Inspect(spool, size, in.Limits)
	if err != nil {
		return nil, err
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("ingest: spool: %w", err)
	}
	if err := in.Objects.PutNew(ctx, key, spool, size, ins.MediaType); err != nil {
		return nil, err
	}
	return &received{sha256: hex.EncodeToString(h.Sum(nil)), size: size, Inspection: ins}, nil
}

// spoolFile holds an upload on disk while it is inspected: TIFF and PDF keep their structure
// anywhere in the file, and a file of unknown size is stored only once it is all here. It is
// never held in memory.
type spoolFile struct{ *os.File }

func (in *Intake) spool() (spoolFile, error) {
	f, err := os.CreateTemp(in.TempDir, "civreg-upload-*")
	if err != nil {
		return spoolFile{}, fmt.Errorf("ingest: spool: %w", err)
	}
	return spoolFile{f}, nil
}

func (s spoolFile) Write(p []byte) (int, error) {
	n, err := s.File.Write(p)
	if err != nil {
		err = fmt.Errorf("ingest: spool: %w", err)
	}
	return n, err
}

func (s spoolFile) remove() {
	s.Close()
	os.Remove(s.Name())
}

// spoolCheck is the check of a format that needs the whole file at hand: written to a spool
// as it arrives, inspected there at the end.
type spoolCheck struct {
	spoolFile
	size int64
	lim  Limits
}

func (c spoolCheck) End() (int, error) {
	ins, err := scan.Inspect(c.spoolFile, c.size, c.lim)
	if err != nil {
		return 0, err
	}
	return ins.Pages, nil
}

// cutOff is the refusal of an upload whose body could not be read to its end.
func cutOff(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return civreg.Errorf(civreg.EINVALID, "the upload was cut off before the file was complete; nothing was stored")
	}
	return civreg.Errorf(civreg.EINVALID, "the upload could not be read (%v); nothing was stored", err)
}

// heldBackReader is the body of the PUT that stores a file while it arrives: what MinIO reads
// is copied to the inspection and the hash on the way, and the read that would hand over the
// file's last bytes first runs whole, the inspection of the complete file. If that refuses
// the file, or the upload ends early, the read fails instead: MinIO has fewer bytes than the
// PUT declared and stores nothing.
type heldBackReader struct {
	src   io.Reader
	left  int64
	copy  io.Writer
	whole func() error

	mu  sync.Mutex // err is set on MinIO's side of the PUT and read after it
	err error
}

func (r *heldBackReader) Read(p []byte) (int, error) {
	if err := r.failure(); err != nil {
		return 0, err
	}
	if r.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.src.Read(p)
	if n > 0 {
		if _, werr := r.copy.Write(p[:n]); werr != nil {
			return 0, r.fail(werr) // a refusal found on the way, or the spool failed
		}
		r.left -= int64(n)
	}
	switch {
	case r.left == 0:
		if werr := r.whole(); werr != nil {
			return 0, r.fail(werr)
		}
		return n, nil
	case err == io.EOF:
		return 0, r.fail(cutOff(io.ErrUnexpectedEOF))
	case err != nil:
		return 0, r.fail(cutOff(err))
	}
	return n, nil
}

func (r *heldBackReader) fail(err error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.err = err
	return err
}

// failure is why the upload stopped, or nil.
func (r *heldBackReader) failure() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}
