package workers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"civreg"
)

// AuditFixity runs the fixity audit (AuditFixityRun) and returns how many objects it checked
// and how many were changed or missing.
func (p *Pipeline) AuditFixity(ctx context.Context) (checked, bad int, err error) {
	run, err := p.AuditFixityRun(ctx)
	if run == nil {
		return 0, 0, err
	}
	return run.Checked, run.Changed + run.Missing, err
}

// AuditFixityRun re-reads every stored original and every PDF/A archive copy, compares each
// SHA-256 with the recorded one, lists the objects the store holds that the registry has no
// record of, and records all of it as one run (a PREMIS fixity-check event) with a row per
// object. It never repairs or removes anything: a changed original stays as found, for a
// person to look at, and raises an alert. An unreachable store ends the run as interrupted
// (the whole audit runs again later) rather than raising false alerts.
func (p *Pipeline) AuditFixityRun(ctx context.Context) (*civreg.FixityRun, error) {
	run, err := p.DB.BeginFixityRun(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	err = p.auditRecorded(ctx, run, known)
	if err == nil {
		err = p.findUnexpected(ctx, run, known)
	}
	switch {
	case err != nil:
		run.Outcome, run.Note = "interrupted", err.Error()
	case run.Changed+run.Missing > 0:
		run.Outcome = "fail"
	default:
		run.Outcome = "pass"
	}
	if ferr := p.DB.FinishFixityRun(context.WithoutCancel(ctx), run); err == nil {
		err = ferr
	}
	return run, err
}

// auditRecorded checks every original, then every archive copy, in pages.
func (p *Pipeline) auditRecorded(ctx context.Context, run *civreg.FixityRun, known map[string]bool) error {
	var after int64
	for {
		objs, err := p.DB.OriginalsAfter(ctx, after, 500)
		if err != nil {
			return err
		}
		if len(objs) == 0 {
			break
		}
		after = objs[len(objs)-1].ID
		if err := p.checkFixity(ctx, run, objs, known); err != nil {
			return err
		}
	}
	afterKey := ""
	for {
		archives, err := p.DB.ArchivesAfter(ctx, afterKey, 500)
		if err != nil || len(archives) == 0 {
			return err
		}
		afterKey = archives[len(archives)-1].Key
		objs := make([]civreg.StoredObject, len(archives))
		for i, a := range archives {
			objs[i] = civreg.StoredObject{Key: a.Key, SHA256: a.SHA256}
		}
		if err := p.checkFixity(ctx, run, objs, known); err != nil {
			return err
		}
	}
}

// checkFixity checks and records each object.
func (p *Pipeline) checkFixity(ctx context.Context, run *civreg.FixityRun, objs []civreg.StoredObject, known map[string]bool) error {
	for _, o := range objs {
		known[o.Key] = true
		c := civreg.FixityCheck{Key: o.Key, Expected: o.SHA256}
		var n int64
		var err error
		c.Actual, n, err = p.hashObjectSize(ctx, o.Key)
		switch {
		case civreg.ErrorCode(err) == civreg.ENOTFOUND:
			c.Problem = "the stored object is missing"
			run.Missing++
		case err != nil:
			return err
		case c.Actual != c.Expected:
			c.Problem = "the stored bytes no longer match their recorded SHA-256"
			run.Changed++
		default:
			c.OK = true
		}
		if err := p.DB.RecordRunFixity(ctx, run.ID, c); err != nil {
			return err
		}
		run.Checked++
		run.Bytes += n
	}
	return nil
}

// findUnexpected lists what the store holds under originals/ and archives/ that no scan or
// archive row names, left there before the run began (an upload under way is not counted).
func (p *Pipeline) findUnexpected(ctx context.Context, run *civreg.FixityRun, known map[string]bool) error {
	before := run.StartedAt.Unix()
	for _, prefix := range []string{"originals/", "archives/"} {
		err := p.Objects.List(ctx, prefix, func(key string, size int64, modified int64) error {
			if known[key] || modified >= before {
				return nil
			}
			run.Unexpected++
			return p.DB.RecordUnexpected(ctx, run.ID, key, size, time.Unix(modified, 0))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *Pipeline) hashObject(ctx context.Context, key string) (string, error) {
	sum, _, err := p.hashObjectSize(ctx, key)
	return sum, err
}

// hashObjectSize reads a stored object through, giving its SHA-256 and its length.
func (p *Pipeline) hashObjectSize(ctx context.Context, key string) (string, int64, error) {
	r, err := p.Objects.Get(ctx, key)
	if err != nil {
		return "", 0, err
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
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
