package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civreg"
	"civreg/storage"
)

// Intake takes uploaded files into batches.
type Intake struct {
	DB       *storage.DB
	Objects  *storage.Objects
	Pipeline civreg.Pipeline
	Limits   Limits
	TempDir  string // where uploads are spooled while they are hashed and inspected
	Log      *slog.Logger
}

// Accepted is what became of one accepted file.
type Accepted struct {
	File      string  `json:"file"`
	ScanID    int64   `json:"scan_id"`
	RecordID  int64   `json:"record_id"`
	Records   []int64 `json:"records"`
	Duplicate bool    `json:"duplicate"`
	Pages     int     `json:"pages"`
	SHA256    string  `json:"sha256"`
	MediaType string  `json:"media_type"`
}

// Accept takes one file into a batch. The file is spooled to a temporary file while its SHA-256
// is computed (never held in memory), inspected, stored in MinIO under its digest unless the
// registry has those bytes already, then recorded in PostgreSQL, and its OCR is enqueued. A
// refused file stores nothing and is noted with its reason for the batch page. The returned
// error's message names the reason; the file name is the caller's to report. The caller checks
// the batch exists before sending the body (AddScan refuses a missing one all the same).
func (in *Intake) Accept(ctx context.Context, u *civreg.User, batchID int64, fileName string, body io.Reader) (*Accepted, error) {
	name := CleanName(fileName)
	acc, err := in.accept(ctx, u, batchID, name, body)
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

func (in *Intake) accept(ctx context.Context, u *civreg.User, batchID int64, name string, body io.Reader) (*Accepted, error) {
	spool, err := os.CreateTemp(in.TempDir, "civreg-upload-*")
	if err != nil {
		return nil, fmt.Errorf("ingest: spool: %w", err)
	}
	defer func() {
		spool.Close()
		os.Remove(spool.Name())
	}()
	h := sha256.New()
	// A large buffer: on a virtual machine every system call is dear. One byte over the limit
	// is enough to know the file is too large.
	size, err := io.CopyBuffer(io.MultiWriter(spool, h), io.LimitReader(body, in.Limits.MaxFileBytes+1), make([]byte, 256<<10))
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, civreg.Errorf(civreg.EINVALID, "the upload was cut off before the file was complete; nothing was stored")
		}
		return nil, civreg.Errorf(civreg.EINVALID, "the upload could not be read (%v); nothing was stored", err)
	}
	if size > in.Limits.MaxFileBytes {
		return nil, civreg.Errorf(civreg.ETOOLARGE, "the file is over the limit of %s", humanBytes(in.Limits.MaxFileBytes))
	}
	ins, err := Inspect(spool, size, in.Limits)
	if err != nil {
		return nil, err
	}
	sha := hex.EncodeToString(h.Sum(nil))
	key := storage.OriginalKey(sha)

	// Stored only if MinIO holds nothing under the digest (If-None-Match): bytes the registry
	// has already are refused by MinIO at once, without asking PostgreSQL first (a round trip
	// every new upload would pay for the rare duplicate).
	created := false
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("ingest: spool: %w", err)
	}
	switch err := in.Objects.PutNew(ctx, key, spool, size, ins.MediaType); {
	case err == nil:
		created = true
	case errors.Is(err, storage.ErrObjectExists):
		// A duplicate, or stored by an upload that failed before its database write: the same
		// bytes by definition.
	default:
		return nil, err
	}
	added, err := in.DB.AddScan(ctx, u, storage.NewScan{BatchID: batchID, SHA256: sha, ObjectKey: key, Size: size,
		MediaType: ins.MediaType, PageCount: ins.Pages, FileName: name})
	if err != nil {
		if created {
			// No row refers to the object: take it away so nothing half-stored remains. If this
			// fails too, the orphan janitor removes it later.
			if rerr := in.Objects.Remove(context.WithoutCancel(ctx), key); rerr != nil {
				in.Log.Warn("orphan original left for the janitor", slog.String("key", key), slog.Any("err", rerr))
			}
		}
		return nil, err
	}
	acc := &Accepted{File: name, ScanID: added.ScanID, Duplicate: added.Duplicate, Pages: ins.Pages, SHA256: sha, MediaType: ins.MediaType}
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
		go func(records []storage.RecordPages) {
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

// CleanName makes an uploaded file name safe to store and show: invalid UTF-8, NUL and other
// control characters become U+FFFD, and names are cut to 255 characters. It is metadata only:
// no path or object key is ever built from it.
func CleanName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 255 {
		name = string([]rune(name)[:254]) + "…"
	}
	if strings.TrimSpace(name) == "" {
		name = "(no name)"
	}
	return name
}
