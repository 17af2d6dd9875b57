package workers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"civreg"
	"civreg/storage"
)

// AuditFixity re-reads every stored original and every PDF/A archive copy, compares its
// SHA-256 with the recorded one and records each result; mismatches and missing objects
// become alerts. It returns how many objects it checked and how many were bad.
func (p *Pipeline) AuditFixity(ctx context.Context) (checked, bad int, err error) {
	var after int64
	for {
		objs, err := p.DB.OriginalsAfter(ctx, after, 500)
		if err != nil || len(objs) == 0 {
			if err != nil {
				return checked, bad, err
			}
			break
		}
		after = objs[len(objs)-1].ID
		if err := p.checkFixity(ctx, objs, &checked, &bad); err != nil {
			return checked, bad, err
		}
	}
	afterKey := ""
	for {
		archives, err := p.DB.ArchivesAfter(ctx, afterKey, 500)
		if err != nil || len(archives) == 0 {
			return checked, bad, err
		}
		afterKey = archives[len(archives)-1].Key
		objs := make([]storage.StoredObject, len(archives))
		for i, a := range archives {
			objs[i] = storage.StoredObject{Key: a.Key, SHA256: a.SHA256}
		}
		if err := p.checkFixity(ctx, objs, &checked, &bad); err != nil {
			return checked, bad, err
		}
	}
}

// checkFixity checks and records each object. An unreachable MinIO ends the audit with an
// error (the whole audit runs again later) rather than raising false alerts.
func (p *Pipeline) checkFixity(ctx context.Context, objs []storage.StoredObject, checked, bad *int) error {
	for _, o := range objs {
		c := storage.FixityCheck{Key: o.Key, Expected: o.SHA256}
		var err error
		c.Actual, err = p.hashObject(ctx, o.Key)
		switch {
		case civreg.ErrorCode(err) == civreg.ENOTFOUND:
			c.Problem = "the stored object is missing"
		case err != nil:
			return err
		case c.Actual != c.Expected:
			c.Problem = "the stored bytes no longer match their recorded SHA-256"
		default:
			c.OK = true
		}
		if err := p.DB.RecordFixity(ctx, c); err != nil {
			return err
		}
		*checked++
		if !c.OK {
			*bad++
		}
	}
	return nil
}

func (p *Pipeline) hashObject(ctx context.Context, key string) (string, error) {
	r, err := p.Objects.Get(ctx, key)
	if err != nil {
		return "", err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// SweepOrphans removes originals older than olderThan that no scan row refers to: what an
// upload left when it died between storing the bytes and recording them. A stored original
// that a scan row names is never touched. It returns the keys removed.
func (p *Pipeline) SweepOrphans(ctx context.Context, olderThan time.Duration) ([]string, error) {
	var removed []string
	cutoff := time.Now().Add(-olderThan).Unix()
	err := p.Objects.List(ctx, "originals/", func(key string, size int64, modified int64) error {
		if modified > cutoff {
			return nil
		}
		if _, err := p.DB.ScanByObjectKey(ctx, key); civreg.ErrorCode(err) != civreg.ENOTFOUND {
			return err // known (nil), or the database cannot say: keep it
		}
		if err := p.Objects.Remove(ctx, key); err != nil {
			return err
		}
		removed = append(removed, key)
		return nil
	})
	return removed, err
}
