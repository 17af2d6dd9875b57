package civreg

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// ErrObjectExists is returned by PutNew when the key is taken.
var ErrObjectExists = errors.New("storage: object exists")

// NewOriginalKey is a new key for an original scan: a key of its own for every upload, chosen
// before its bytes (and so its digest) are known, so that it can be stored while it arrives.
// The scan row names it; uploads before this was so are stored under originals/sha256/.
func NewOriginalKey() string {
	var b [16]byte
	rand.Read(b[:])
	return "originals/" + time.Now().UTC().Format("2006/01/02/") + hex.EncodeToString(b[:])
}

// PageImageKey is where the upright page image shown to reviewers lives.
func PageImageKey(record int64, page int) string {
	return fmt.Sprintf("pages/%d/%d.png", record, page)
}

// PageWordsKey is where the OCR words (JSON, boxes in the page image's pixels) live.
func PageWordsKey(record int64, page int) string {
	return fmt.Sprintf("words/%d/%d.json", record, page)
}

// ArchiveKey is where version v of a record's PDF/A copy lives; old versions are kept.
func ArchiveKey(record int64, v int) string {
	return "archives/" + strconv.FormatInt(record, 10) + "/v" + strconv.Itoa(v) + ".pdf"
}

// DerivedKey is where a derivative of page of record lives (a covered image, its words, a
// thumbnail): named by what it was made from, so it is made once per version of its source.
func DerivedKey(record int64, page int, part, digest, ext string) string {
	return fmt.Sprintf("derived/%d/%d/%s-%s.%s", record, page, part, digest, ext)
}

// StoredObject is an object whose SHA-256 the registry recorded.
type StoredObject struct {
	ID     int64
	Key    string
	SHA256 string
}

// Objects is the object store (MinIO) that holds originals, page images, words and archival
// copies under the keys above. Originals are written once (PutNew); Remove is for incoming and
// derived keys only.
type Objects interface {
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// PutNew stores r under key only if nothing is there yet; ErrObjectExists when it is.
	PutNew(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Size(ctx context.Context, key string) (int64, error)
	// Version is the stored object's ETag: it changes when the object does.
	Version(ctx context.Context, key string) (string, error)
	Remove(ctx context.Context, key string) error
	List(ctx context.Context, prefix string, fn func(key string, size int64, modified int64) error) error
	Ping(ctx context.Context) error
}
