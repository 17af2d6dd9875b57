package workers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"civreg"
	"civreg/linkage"
	"civreg/ocr"
	"civreg/search"

	"github.com/hibiken/asynq"
)

// Store is what the stage handlers read and record: package storage implements it.
type Store interface {
	civreg.Records
	civreg.Batches
	civreg.Progress
	civreg.Fixity
	civreg.Vocabulary
	linkage.Links
}

// Pipeline holds what the stage handlers need.
type Pipeline struct {
	DB      Store
	Objects civreg.Objects
	Queue   *Queue
	Log     *slog.Logger
	// StuckAfter is how long a record's status must stand before reconcile asks the queue
	// for its task: a change is followed by its own enqueue, which reconcile leaves to it.
	StuckAfter time.Duration
	// Reading does the OCR and extraction.
	Reading *Reading
	// Search is the search index (PostgreSQL, or Meilisearch when configured).
	Search civreg.SearchIndex
	// TempDir is where a page task spools the original it reads ("": the system's).
	TempDir string
	// Hold makes a stage wait this long after it began, for fault-injection tests that need a
	// worker to be killed mid-task (CIVREG_TEST_HOLD). Empty in production.
	Hold map[string]time.Duration

	vocab vocabCache // the name vocabulary of approved records
}

// Mux routes each task type to its handler.
func (p *Pipeline) Mux() *asynq.ServeMux {
	mux := asynq.NewServeMux()
	// OCR begins its stage itself, only for a page not yet read; indexing has no status guard.
	mux.HandleFunc(TypeOCRPage, stageTask(p, civreg.StageOCR, false, p.ocrPage))
	mux.HandleFunc(TypeExtractRecord, stageTask(p, civreg.StageExtract, true, func(ctx context.Context, pl RecordPayload) error {
		return p.extractRecord(ctx, pl.RecordID)
	}))
	mux.HandleFunc(TypeIndexRecord, stageTask(p, civreg.StageIndex, false, func(ctx context.Context, pl RecordPayload) error {
		return p.indexRecord(ctx, pl.RecordID)
	}))
	mux.HandleFunc(TypeArchiveRecord, stageTask(p, civreg.StageArchive, true, func(ctx context.Context, pl RecordPayload) error {
		return p.archiveRecord(ctx, pl.RecordID, pl.Version)
	}))
	// Linking is no stage of the record: a failure is retried, never marks the record failed.
	mux.HandleFunc(TypeLinkRecord, p.handleLinkRecord)
	mux.HandleFunc(TypeFixityAudit, p.handleFixityAudit)
	mux.HandleFunc(TypeReconcile, p.handleReconcile)
	return mux
}

// payload is what a stage task's payload has in common: the record it works on.
type payload interface {
	OCRPagePayload | RecordPayload
	record() int64
}

func (pl OCRPagePayload) record() int64 { return pl.RecordID }
func (pl RecordPayload) record() int64  { return pl.RecordID }

// stageTask is the frame every stage handler runs in. It decodes the payload (one that cannot
// be decoded is never retried); when begin is set it begins the stage (civreg.Stages) and
// does nothing for a record past it; and it records any error against the record's stage
// (stageFailed), so that no record stays in a stage silently when its task gives up.
func stageTask[P payload](p *Pipeline, stage civreg.Stage, begin bool, run func(context.Context, P) error) asynq.HandlerFunc {
	return func(ctx context.Context, t *asynq.Task) error {
		var pl P
		if err := decode(t, &pl); err != nil {
			return err
		}
		if begin {
			ok, err := p.DB.BeginStage(ctx, pl.record(), stage)
			if err != nil {
				return p.stageFailed(ctx, pl.record(), stage, err)
			} else if !ok {
				return nil
			}
			if err := p.hold(ctx, t.Type()); err != nil {
				return p.stageFailed(ctx, pl.record(), stage, err)
			}
		}
		if err := run(ctx, pl); err != nil {
			return p.stageFailed(ctx, pl.record(), stage, err)
		}
		return nil
	}
}

// hold waits as long as Hold says for the task type, once its stage has begun.
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
	var e *civreg.Error
	if civreg.ErrorCode(err) == civreg.EINTERNAL && !errors.As(err, &e) {
		return ": " + err.Error()
	}
	return ""
}

// ocrPage reads one page, unless it was read before, and enqueues extraction once every page is.
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
		read, err := p.readPage(ctx, page, scan)
		if err != nil {
			return err
		}
		if _, err := p.DB.FinishPage(ctx, pl.RecordID, pl.Page, *read); err != nil {
			return err
		}
	}
	// Also when the page was read before: a task lost between FinishPage and here is redone.
	allRead, err := p.DB.AllPagesRead(ctx, pl.RecordID)
	if err != nil || !allRead {
		return err
	}
	t, err := NewExtractRecordTask(pl.RecordID)
	if err != nil {
		return err
	}
	return p.Queue.Enqueue(ctx, t)
}

// readPage OCRs one page of a scan and stores its upright image and words. A page that can
// never be read (undecodable, blank) is finished with the reason instead of failing, so the
// record goes to a reviewer rather than round a retry loop.
func (p *Pipeline) readPage(ctx context.Context, page *civreg.Page, scan *civreg.Scan) (*civreg.PageRead, error) {
	path, err := p.spoolOriginal(ctx, scan.ObjectKey)
	if err != nil {
		return nil, err
	}
	defer os.Remove(path)
	res, err := p.Reading.OCR.ReadFile(ctx, path, scan.MediaType, page.ScanPage)
	if errors.Is(err, ocr.ErrUnreadable) {
		return &civreg.PageRead{Error: strings.TrimPrefix(err.Error(), "ocr: page cannot be read: ")}, nil
	} else if err != nil {
		return nil, err
	}
	read := &civreg.PageRead{
		ImageKey: civreg.PageImageKey(page.RecordID, page.Number),
		WordsKey: civreg.PageWordsKey(page.RecordID, page.Number),
		Text:     res.Text(),
		Detail:   res.Detail,
	}
	if res.Blank {
		read.Error = res.Detail
	}
	if err := p.Objects.Put(ctx, read.ImageKey, bytes.NewReader(res.Upright), int64(len(res.Upright)), "image/png"); err != nil {
		return nil, err
	}
	words, _ := json.Marshal(civreg.PageWords{Width: res.Width, Height: res.Height, Orientation: res.Orientation, Skew: res.Skew, Words: res.Words, Rules: res.Rules})
	if err := p.Objects.Put(ctx, read.WordsKey, bytes.NewReader(words), int64(len(words)), "application/json"); err != nil {
		return nil, err
	}
	return read, p.dropDerived(ctx, page.RecordID, page.Number)
}

// spoolOriginal copies the original at key to a temporary file, streamed: the page is then
// decoded from the file (a TIFF's page by leptonica, a PDF's by pdftoppm), so a page task never
// holds a whole original, which may be hundreds of megabytes, in memory.
func (p *Pipeline) spoolOriginal(ctx context.Context, key string) (string, error) {
	r, err := p.Objects.Get(ctx, key)
	if err != nil {
		return "", err
	}
	defer r.Close()
	f, err := os.CreateTemp(p.TempDir, "civreg-page-*")
	if err != nil {
		return "", fmt.Errorf("workers: spool original %s: %w", key, err)
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("workers: read original %s: %w", key, err)
	}
	return f.Name(), nil
}

// dropDerived removes what was made from a page's previous reading (covered images and words,
// thumbnails): it no longer matches the page, and would otherwise stay forever.
func (p *Pipeline) dropDerived(ctx context.Context, record int64, page int) error {
	var keys []string
	err := p.Objects.List(ctx, civreg.DerivedPrefix(record, page), func(key string, _, _ int64) error {
		keys = append(keys, key)
		return nil
	})
	for _, k := range keys {
		err = errors.Join(err, p.Objects.Remove(ctx, k))
	}
	return err
}

// extractRecord reads the records on the pages of a record whose pages are all read, once its
// stage has begun: each entry of a register page becomes a record (the first on the record
// itself), and each is then indexed.
func (p *Pipeline) extractRecord(ctx context.Context, id int64) error {
	rec, err := p.DB.Record(ctx, id)
	if err != nil {
		return err
	}
	pages, images, uprights, problems, err := p.pageWords(ctx, rec)
	if err != nil {
		return err
	}
	made, ok, err := p.DB.FinishEntries(ctx, id, p.Reading.entries(rec, pages, images, uprights, problems, p.vocabulary(ctx)))
	if err != nil || !ok {
		return err
	}
	var errs []error
	for _, m := range made {
		errs = append(errs, p.Queue.RecordChanged(ctx, m.RecordID, m.Version))
	}
	return errors.Join(errs...)
}

// pageWords loads the words read on a record's pages (its owner's, for a later entry of a
// page) with their upright images, decoded (nil where there is none) and as stored (by page
// number, for the second reading of values), and what went wrong on each page that could not
// be read, by page number.
func (p *Pipeline) pageWords(ctx context.Context, rec *civreg.Record) ([]civreg.PageWords, []*image.Gray, map[int][]byte, map[int]string, error) {
	var pages []civreg.PageWords
	var images []*image.Gray
	uprights := map[int][]byte{}
	problems := map[int]string{}
	for _, pg := range rec.Pages {
		if pg.OCRError != "" {
			problems[pg.Number] = fmt.Sprintf("page %d: %s", pg.Number, pg.OCRError)
		}
		if pg.WordsKey == "" {
			continue
		}
		r, err := p.Objects.Get(ctx, pg.WordsKey)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		var pw civreg.PageWords
		err = json.NewDecoder(r).Decode(&pw)
		r.Close()
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("workers: words of record %d page %d: %w", rec.ID, pg.Number, err)
		}
		pw.Number = pg.Number
		pages = append(pages, pw)
		b, err := p.uprightImage(ctx, pg.ImageKey)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		images = append(images, grayPNG(b))
		uprights[pg.Number] = b
	}
	return pages, images, uprights, problems, nil
}

// uprightImage fetches a page's upright image as stored; nil when the page has none (the ink
// check and the second reading are then left out, nothing else).
func (p *Pipeline) uprightImage(ctx context.Context, key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	r, err := p.Objects.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("workers: page image %s: %w", key, err)
	}
	return b, nil
}

// indexRecord puts the record as it is now in the search index, without its sensitive
// fields. It is sent even when its version is indexed already: approving, archiving or
// rejecting a record changes its status, which decides who finds it, but not its version.
func (p *Pipeline) indexRecord(ctx context.Context, id int64) error {
	rec, err := p.DB.Record(ctx, id)
	if err != nil {
		return err
	}
	if err := p.Search.Put(ctx, search.FromRecord(rec)); err != nil {
		return err
	}
	return p.DB.MarkIndexed(ctx, id, rec.Version, "")
}

func (p *Pipeline) handleFixityAudit(ctx context.Context, t *asynq.Task) error {
	// Orphans first: an hour is far longer than any upload takes between storing and recording.
	if removed, err := p.SweepOrphans(ctx, time.Hour); err != nil {
		p.Log.Warn("orphan sweep", slog.Any("err", err))
	} else if len(removed) > 0 {
		p.Log.Info("removed orphan originals left by failed uploads", slog.Int("objects", len(removed)))
	}
	var req FixityPayload
	_ = json.Unmarshal(t.Payload(), &req) // the schedule's task has no one named
	run, err := p.AuditFixityRunFor(ctx, req.RequestedBy)
	if run != nil {
		p.Log.Info("fixity audit", slog.Int("checked", run.Checked), slog.Int("mismatched_or_missing", run.Changed+run.Missing),
			slog.String("requested_by", req.RequestedBy))
	}
	return err
}

func (p *Pipeline) handleReconcile(ctx context.Context, t *asynq.Task) error {
	n, err := p.Reconcile(ctx)
	if n > 0 {
		p.Log.Info("reconcile re-enqueued stuck records", slog.Int("records", n))
	}
	return err
}

// Reconcile enqueues at once the task of every unfinished record (or index entry behind), and
// the linking of every published record not linked, that the queue does not hold
// (EnqueueMissing), leaving a task that is waiting or running, however slow, alone. Task IDs
// make a repeat harmless. It returns how many tasks of records it enqueued (stages counted
// once a record, linking apart).
func (p *Pipeline) Reconcile(ctx context.Context) (n int, err error) {
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
		// The stage the record's status says it is waiting for (civreg.Stages).
		switch {
		case civreg.Stages[civreg.StageOCR].Has(u.Status):
			for _, pg := range u.UnreadPages {
				add(NewOCRPageTask(u.RecordID, pg))
			}
			if len(u.UnreadPages) == 0 {
				add(NewExtractRecordTask(u.RecordID))
			}
		case civreg.Stages[civreg.StageExtract].Has(u.Status):
			add(NewExtractRecordTask(u.RecordID))
		case civreg.Stages[civreg.StageArchive].Has(u.Status):
			add(NewArchiveRecordTask(u.RecordID, u.Version))
		}
		if u.NeedsIndex {
			add(NewIndexRecordTask(u.RecordID, u.Version))
		}
		lost := false
		for _, t := range tasks {
			enqueued, err := p.Queue.EnqueueMissing(ctx, t)
			if err != nil {
				return n, err
			}
			lost = lost || enqueued
		}
		if lost {
			n++
		}
	}
	linked, err := p.reconcileLinks(ctx)
	return n + linked, err
}
