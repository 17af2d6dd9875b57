package workers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"civreg"
	"civreg/storage"

	"github.com/hibiken/asynq"
)

// Pipeline holds what the stage handlers need.
type Pipeline struct {
	DB      *storage.DB
	Objects *storage.Objects
	Queue   *Queue
	Log     *slog.Logger
	// StuckAfter is how long a record may sit in a stage before reconcile enqueues it again.
	StuckAfter time.Duration
	// Hold makes a stage wait this long after it began, for fault-injection tests that need a
	// worker to be killed mid-task (CIVREG_TEST_HOLD). Empty in production.
	Hold map[string]time.Duration
}

// Mux routes each task type to its handler.
func (p *Pipeline) Mux() *asynq.ServeMux {
	mux := asynq.NewServeMux()
	mux.HandleFunc(TypeOCRPage, p.handleOCRPage)
	mux.HandleFunc(TypeExtractRecord, p.handleExtractRecord)
	mux.HandleFunc(TypeIndexRecord, p.handleIndexRecord)
	mux.HandleFunc(TypeArchiveRecord, p.handleArchiveRecord)
	mux.HandleFunc(TypeFixityAudit, p.handleFixityAudit)
	mux.HandleFunc(TypeReconcile, p.handleReconcile)
	return mux
}

func (p *Pipeline) hold(ctx context.Context, typ string) error {
	d := p.Hold[typ]
	if d == 0 {
		return nil
	}
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stageFailed is called for every error a stage handler returns. On the last attempt, or
// for an error that will never go away, the record is marked failed with the reason, so no
// record silently stays in a stage when its task is archived.
func (p *Pipeline) stageFailed(ctx context.Context, recordID int64, stage civreg.Stage, err error) error {
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	final := retried >= maxRetry || errors.Is(err, asynq.SkipRetry)
	// The record's state must be written even when the task's context has ended (timeout).
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if ferr := p.DB.FailStage(wctx, recordID, stage, civreg.ErrorMessage(err)+detail(err), final); ferr != nil {
		p.Log.Error("recording stage failure", slog.Int64("record", recordID), slog.String("stage", string(stage)), slog.Any("err", ferr))
	}
	return err
}

// detail adds the underlying error for internal errors, whose ErrorMessage is generic.
func detail(err error) string {
	if civreg.ErrorCode(err) == civreg.EINTERNAL {
		return ": " + err.Error()
	}
	return ""
}

func (p *Pipeline) handleOCRPage(ctx context.Context, t *asynq.Task) error {
	var pl OCRPagePayload
	if err := decode(t, &pl); err != nil {
		return err
	}
	if err := p.ocrPage(ctx, pl); err != nil {
		return p.stageFailed(ctx, pl.RecordID, civreg.StageOCR, err)
	}
	return nil
}

func (p *Pipeline) ocrPage(ctx context.Context, pl OCRPagePayload) error {
	page, scan, todo, err := p.DB.PageToRead(ctx, pl.RecordID, pl.Page)
	if civreg.ErrorCode(err) == civreg.ENOTFOUND {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	} else if err != nil {
		return err
	}
	if todo {
		if ok, err := p.DB.BeginStage(ctx, pl.RecordID, civreg.StageOCR); err != nil || !ok {
			return err
		}
		if err := p.hold(ctx, TypeOCRPage); err != nil {
			return err
		}
		// OCR is not built yet (issue 4): check the original is there and pass the page on.
		if _, err := p.Objects.Size(ctx, scan.ObjectKey); err != nil {
			return err
		}
		_ = page
	}
	allRead, err := p.DB.FinishPage(ctx, pl.RecordID, pl.Page, storage.PageRead{Detail: storage.NotBuiltOCR})
	if err != nil {
		return err
	}
	if allRead {
		// Also when the page was read before: a task lost between FinishPage and here is redone.
		t, err := NewExtractRecordTask(pl.RecordID)
		if err != nil {
			return err
		}
		return p.Queue.Enqueue(ctx, t)
	}
	return nil
}

func (p *Pipeline) handleExtractRecord(ctx context.Context, t *asynq.Task) error {
	var pl RecordPayload
	if err := decode(t, &pl); err != nil {
		return err
	}
	if err := p.extractRecord(ctx, pl.RecordID); err != nil {
		return p.stageFailed(ctx, pl.RecordID, civreg.StageExtract, err)
	}
	return nil
}

func (p *Pipeline) extractRecord(ctx context.Context, id int64) error {
	ok, err := p.DB.BeginStage(ctx, id, civreg.StageExtract)
	if err != nil || !ok {
		return err
	}
	if err := p.hold(ctx, TypeExtractRecord); err != nil {
		return err
	}
	version, ok, err := p.DB.FinishExtract(ctx, id, storage.Extraction{
		NotBuilt: true,
		Note:     "field extraction is not built yet: the record goes to review with no fields",
	})
	if err != nil || !ok {
		return err
	}
	return p.Queue.RecordChanged(ctx, id, version)
}

func (p *Pipeline) handleIndexRecord(ctx context.Context, t *asynq.Task) error {
	var pl RecordPayload
	if err := decode(t, &pl); err != nil {
		return err
	}
	version, indexed, err := p.DB.IndexState(ctx, pl.RecordID)
	if err != nil {
		return p.stageFailed(ctx, pl.RecordID, civreg.StageIndex, err)
	}
	if indexed >= version {
		return nil
	}
	if err := p.DB.MarkIndexed(ctx, pl.RecordID, version, "the search index is not built yet: the record was not indexed"); err != nil {
		return p.stageFailed(ctx, pl.RecordID, civreg.StageIndex, err)
	}
	return nil
}

func (p *Pipeline) handleArchiveRecord(ctx context.Context, t *asynq.Task) error {
	var pl RecordPayload
	if err := decode(t, &pl); err != nil {
		return err
	}
	ok, err := p.DB.BeginStage(ctx, pl.RecordID, civreg.StageArchive)
	if err != nil {
		return p.stageFailed(ctx, pl.RecordID, civreg.StageArchive, err)
	} else if !ok {
		return nil
	}
	if err := p.DB.FinishArchive(ctx, pl.RecordID, pl.Version, "PDF/A archiving is not built yet: no archival copy was made"); err != nil {
		return p.stageFailed(ctx, pl.RecordID, civreg.StageArchive, err)
	}
	return nil
}

func (p *Pipeline) handleFixityAudit(ctx context.Context, t *asynq.Task) error {
	// Orphans first: an hour is far longer than any upload takes between storing and recording.
	if removed, err := p.SweepOrphans(ctx, time.Hour); err != nil {
		p.Log.Warn("orphan sweep", slog.Any("err", err))
	} else if len(removed) > 0 {
		p.Log.Info("removed orphan originals left by failed uploads", slog.Int("objects", len(removed)))
	}
	checked, bad, err := p.AuditFixity(ctx)
	p.Log.Info("fixity audit", slog.Int("checked", checked), slog.Int("mismatched_or_missing", bad))
	return err
}

func (p *Pipeline) handleReconcile(ctx context.Context, t *asynq.Task) error {
	n, err := p.Reconcile(ctx)
	if n > 0 {
		p.Log.Info("reconcile re-enqueued stuck records", slog.Int("records", n))
	}
	return err
}

// Reconcile enqueues again every record that has sat in a stage longer than StuckAfter, or
// whose index entry is behind. Task IDs make it harmless for records whose task is still
// queued. It returns how many records it looked at.
func (p *Pipeline) Reconcile(ctx context.Context) (int, error) {
	todo, err := p.DB.Unfinished(ctx, p.StuckAfter, 5000)
	if err != nil {
		return 0, err
	}
	for _, u := range todo {
		var tasks []*asynq.Task
		add := func(t *asynq.Task, err error) {
			if err == nil {
				tasks = append(tasks, t)
			}
		}
		switch u.Status {
		case civreg.StatusQueued, civreg.StatusOCR:
			for _, pg := range u.UnreadPages {
				add(NewOCRPageTask(u.RecordID, pg))
			}
			if len(u.UnreadPages) == 0 {
				add(NewExtractRecordTask(u.RecordID))
			}
		case civreg.StatusExtracting:
			add(NewExtractRecordTask(u.RecordID))
		case civreg.StatusApproved:
			add(NewArchiveRecordTask(u.RecordID, u.Version))
		}
		if u.NeedsIndex {
			add(NewIndexRecordTask(u.RecordID, u.Version))
		}
		for _, t := range tasks {
			if err := p.Queue.Enqueue(ctx, t); err != nil {
				return 0, err
			}
		}
	}
	return len(todo), nil
}
