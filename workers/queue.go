package workers

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"civreg"

	"github.com/hibiken/asynq"
)

func jitter() float64 { return rand.Float64() }

// Queue enqueues pipeline work. It implements civreg.Pipeline for the HTTP side.
type Queue struct {
	client    *asynq.Client
	inspector *asynq.Inspector
}

// ParseRedisURL reads a redis:// URL into Asynq's connection options.
func ParseRedisURL(url string) (asynq.RedisConnOpt, error) {
	opt, err := asynq.ParseRedisURI(url)
	if err != nil {
		return nil, fmt.Errorf("workers: redis URL: %w", err)
	}
	return opt, nil
}

// NewQueue connects to Redis.
func NewQueue(redis asynq.RedisConnOpt) *Queue {
	return &Queue{client: asynq.NewClient(redis), inspector: asynq.NewInspector(redis)}
}

// Close closes the connection.
func (q *Queue) Close() error {
	q.inspector.Close()
	return q.client.Close()
}

// Ping checks that Redis answers.
func (q *Queue) Ping(ctx context.Context) error {
	if err := q.client.Ping(); err != nil {
		return fmt.Errorf("workers: redis: %w", err)
	}
	return nil
}

// Enqueue puts a task on its queue. A task waiting or running under the same ID (or a unique
// task already queued) counts as done: that is what makes repeating an enqueue harmless. An
// archived one (it failed for good before) is replaced, so that a record put right, retried by
// an admin or found by reconcile is worked on again rather than blocked by its old task.
func (q *Queue) Enqueue(ctx context.Context, t *asynq.Task) error {
	_, err := q.client.EnqueueContext(ctx, t)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		id, queue := idAndQueue(t)
		old, ierr := q.inspector.GetTaskInfo(queue, id)
		if ierr != nil || (old.State != asynq.TaskStateArchived && old.State != asynq.TaskStateCompleted) {
			return nil
		}
		if derr := q.inspector.DeleteTask(queue, id); derr != nil {
			return fmt.Errorf("workers: replace archived task %s: %w", id, derr)
		}
		_, err = q.client.EnqueueContext(ctx, t)
	}
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("workers: enqueue %s: %w", t.Type(), civreg.Errorf(civreg.EUNAVAILABLE, "the work queue is not answering: %v", err))
	}
	return nil
}

// EnqueueMissing enqueues t unless the queue holds a task of t's ID still to run (waiting,
// scheduled, retrying or running), and reports whether it enqueued. It is how reconcile tells
// a lost task (Redis flushed or lost) from a merely slow one, by asking the queue rather than
// waiting for a record to look old. A lookup that fails (Redis forgets a flushed queue's name
// while it still holds re-queued tasks) enqueues, which the task's ID makes harmless.
func (q *Queue) EnqueueMissing(ctx context.Context, t *asynq.Task) (bool, error) {
	id, queue := idAndQueue(t)
	if id != "" {
		info, err := q.inspector.GetTaskInfo(queue, id)
		if err == nil && info.State != asynq.TaskStateArchived && info.State != asynq.TaskStateCompleted {
			return false, nil
		}
	}
	_, err := q.client.EnqueueContext(ctx, t)
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return false, q.Enqueue(ctx, t) // there after all, or an archived one Enqueue replaces
	}
	if err != nil {
		return false, fmt.Errorf("workers: enqueue %s: %w", t.Type(), civreg.Errorf(civreg.EUNAVAILABLE, "the work queue is not answering: %v", err))
	}
	return true, nil
}

// RecordIngested enqueues OCR of every page of a new record.
func (q *Queue) RecordIngested(ctx context.Context, recordID int64, pages int) error {
	for p := 1; p <= pages; p++ {
		t, err := NewOCRPageTask(recordID, p)
		if err == nil {
			err = q.Enqueue(ctx, t)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// RecordChanged enqueues indexing of a record's new version (after review edits).
func (q *Queue) RecordChanged(ctx context.Context, recordID int64, version int) error {
	t, err := NewIndexRecordTask(recordID, version)
	if err != nil {
		return err
	}
	return q.Enqueue(ctx, t)
}

// RecordApproved enqueues indexing, archiving and linking of the approved version.
func (q *Queue) RecordApproved(ctx context.Context, recordID int64, version int) error {
	if err := q.RecordChanged(ctx, recordID, version); err != nil {
		return err
	}
	t, err := NewArchiveRecordTask(recordID, version)
	if err != nil {
		return err
	}
	return errors.Join(q.Enqueue(ctx, t), q.EnqueueLink(ctx, recordID, version))
}
