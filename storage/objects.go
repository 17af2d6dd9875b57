package storage

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"civreg"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Objects is the MinIO side of storage: original scans, each under a key of its own that its
// scan row names, which nothing overwrites and only intake (a copy of bytes stored already, or
// one it could not record) and the orphan janitor delete; and derived objects under keys built
// by the *Key functions below.
type Objects struct {
	client *minio.Client
	bucket string
}

// ObjectsConfig says where MinIO is.
type ObjectsConfig struct {
	Endpoint  string // host:port
	AccessKey string
	SecretKey string
	Bucket    string
	Secure    bool // HTTPS
}

// OpenObjects connects to MinIO and creates the bucket if it is missing.
func OpenObjects(ctx context.Context, cfg ObjectsConfig) (*Objects, error) {
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.Secure,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: minio %s: %w", cfg.Endpoint, err)
	}
	o := &Objects{client: client, bucket: cfg.Bucket}
	// A MinIO that has just started answers "not initialized" for a moment: wait for it.
	var ok bool
	for wait := time.Now().Add(30 * time.Second); ; {
		ok, err = client.BucketExists(ctx, cfg.Bucket)
		if err == nil || !strings.Contains(err.Error(), "not initialized") || time.Now().After(wait) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: minio %s: %w", cfg.Endpoint, err)
	}
	if !ok {
		if err := client.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{}); err != nil {
			// Another process may have made it between the check and here.
			if ok, err2 := client.BucketExists(ctx, cfg.Bucket); err2 != nil || !ok {
				return nil, fmt.Errorf("storage: make bucket %s: %w", cfg.Bucket, err)
			}
		}
	}
	return o, nil
}

// Ping checks that MinIO answers and the bucket is there.
func (o *Objects) Ping(ctx context.Context) error {
	ok, err := o.client.BucketExists(ctx, o.bucket)
	if err != nil {
		return fmt.Errorf("storage: minio: %w", err)
	} else if !ok {
		return fmt.Errorf("storage: minio: bucket %s is missing", o.bucket)
	}
	return nil
}

// PutNew stores r under key only if nothing is stored there yet (an atomic If-None-Match: *),
// so an original can never be overwritten. It returns ErrObjectExists when the key is taken.
// size may be -1 when unknown.
func (o *Objects) PutNew(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	opts := putOptions(contentType)
	opts.SetMatchETagExcept("*")
	// One PUT whatever the size (MinIO takes up to 5 GiB in one): minio-go would hold each
	// part of a multipart upload in memory, 16 MiB or more, when r is a stream.
	opts.DisableMultipart = size >= 0
	_, err := o.client.PutObject(ctx, o.bucket, key, r, size, opts)
	if err != nil {
		if resp := minio.ToErrorResponse(err); resp.StatusCode == 412 || resp.Code == "PreconditionFailed" {
			return civreg.ErrObjectExists
		}
		return objectErr(err, "put %s", key)
	}
	return nil
}

// putOptions skips minio-go's SHA-256 of every chunk (the payload goes unsigned; minio-go
// adds no CRC either, as civreg does not ask for trailing headers): the registry hashes every
// original itself as it arrives, and re-hashes what MinIO holds in every fixity audit and
// before archiving. Hashing twice was a fifth of the server's CPU at ingest.
func putOptions(contentType string) minio.PutObjectOptions {
	return minio.PutObjectOptions{ContentType: contentType, DisableContentSha256: true}
}

// Put stores r under key, replacing what is there. Only for derived objects (page images,
// words), which the pipeline can always make again.
func (o *Objects) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if _, err := o.client.PutObject(ctx, o.bucket, key, r, size, putOptions(contentType)); err != nil {
		return objectErr(err, "put %s", key)
	}
	return nil
}

// Get opens the object at key. A missing object gives an ENOTFOUND error.
func (o *Objects) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	obj, err := o.client.GetObject(ctx, o.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, objectErr(err, "get %s", key)
	}
	// GetObject is lazy: Stat makes the request so a missing object is reported here.
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		return nil, objectErr(err, "get %s", key)
	}
	return obj, nil
}

// Size returns the size of the object at key, or an ENOTFOUND error.
func (o *Objects) Size(ctx context.Context, key string) (int64, error) {
	info, err := o.client.StatObject(ctx, o.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return 0, objectErr(err, "stat %s", key)
	}
	return info.Size, nil
}

// Version returns a tag that changes whenever the object at key is replaced (its ETag), so
// that what is derived from it can be keyed by it; a missing object gives ENOTFOUND.
func (o *Objects) Version(ctx context.Context, key string) (string, error) {
	info, err := o.client.StatObject(ctx, o.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return "", objectErr(err, "stat %s", key)
	}
	return info.ETag, nil
}

// Remove deletes the object at key. The pipeline calls it only on incoming and derived keys.
func (o *Objects) Remove(ctx context.Context, key string) error {
	return objectErr(o.client.RemoveObject(ctx, o.bucket, key, minio.RemoveObjectOptions{}), "remove %s", key)
}

// List calls fn with the key and age-relevant info of every object under prefix.
func (o *Objects) List(ctx context.Context, prefix string, fn func(key string, size int64, modified int64) error) error {
	for obj := range o.client.ListObjects(ctx, o.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return objectErr(obj.Err, "list %s", prefix)
		}
		if err := fn(obj.Key, obj.Size, obj.LastModified.Unix()); err != nil {
			return err
		}
	}
	return nil
}

func objectErr(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf(format, args...)
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == "NoSuchKey" || resp.StatusCode == 404:
		return fmt.Errorf("storage: %s: %w", msg, civreg.Errorf(civreg.ENOTFOUND, "stored object is missing"))
	case resp.StatusCode == 0 || resp.StatusCode >= 500:
		return fmt.Errorf("storage: %s: %v: %w", msg, err, civreg.Errorf(civreg.EUNAVAILABLE, "the scan store is not answering; nothing was changed, try again shortly"))
	}
	return fmt.Errorf("storage: %s: %w", msg, err)
}
