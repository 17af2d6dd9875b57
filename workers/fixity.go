package workers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path"
	"time"

	"civreg"
	"civreg/storage"
)

// AuditFixity re-reads every stored original, compares its SHA-256 with the recorded one and
// records each result; mismatches and missing objects become alerts. It returns how many
// objects it checked and how many were bad. (Archives join the audit with issue 5.)
func (p *Pipeline) AuditFixity(ctx context.Context) (checked, bad int, err error) {
	var after int64
	for {
		objs, err := p.DB.OriginalsAfter(ctx, after, 500)
		if err != nil || len(objs) == 0 {
			return checked, bad, err
		}
		for _, o := range objs {
			after = o.ID
			c := storage.FixityCheck{Key: o.Key, Expected: o.SHA256}
			c.Actual, err = p.hashObject(ctx, o.Key)
			switch {
			case civreg.ErrorCode(err) == civreg.ENOTFOUND:
				c.Problem = "the stored object is missing"
			case err != nil:
				return checked, bad, err // MinIO down: try the whole audit again later
			case c.Actual != c.Expected:
				c.Problem = "the stored bytes no longer match their recorded SHA-256"
			default:
				c.OK = true
			}
			if err := p.DB.RecordFixity(ctx, c); err != nil {
				return checked, bad, err
			}
			checked++
			if !c.OK {
				bad++
			}
		}
	}
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
		sha := path.Base(key)
		if _, err := p.DB.ScanBySHA256(ctx, sha); civreg.ErrorCode(err) != civreg.ENOTFOUND {
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
