// Package workers is the pipeline on Asynq: the task types, their payloads and constructors
// (this file, the one place that owns them), the queue client that enqueues them, and the
// handlers that run each stage. PostgreSQL is the truth; a task only says "look at record N",
// so a lost task is found again by reconcile and a repeated one does nothing.
package workers

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
)

// Task types.
const (
	TypeOCRPage       = "ocr:page"
	TypeExtractRecord = "extract:record"
	TypeIndexRecord   = "index:record"
	TypeArchiveRecord = "archive:record"
	TypeFixityAudit   = "fixity:audit"
	TypeReconcile     = "reconcile"
)

// Queues and their priorities: later stages first, so records already under way finish
// before new ones start, and maintenance never starves the pipeline.
const (
	QueueOCR         = "ocr"
	QueueExtract     = "extract"
	QueueIndex       = "index"
	QueueArchive     = "archive"
	QueueMaintenance = "maintenance"
)

// Queues maps each queue to its weight for the worker.
var Queues = map[string]int{
	QueueIndex:       6,
	QueueArchive:     5,
	QueueExtract:     4,
	QueueOCR:         3,
	QueueMaintenance: 1,
}

// OCRPagePayload names one page of one record.
type OCRPagePayload struct {
	RecordID int64 `json:"record_id"`
	Page     int   `json:"page"`
}

// RecordPayload names a record, and for index and archive the version to work on.
type RecordPayload struct {
	RecordID int64 `json:"record_id"`
	Version  int   `json:"version,omitempty"`
}

// Each constructor gives the task an ID built from what it works on, so enqueueing the same
// stage of the same record twice (a retry of the upload, reconcile, a double click) leaves one
// task. Index and archive tasks carry the version so a later change is never swallowed by a
// task for an older one.

// NewOCRPageTask reads page of record.
func NewOCRPageTask(record int64, page int) (*asynq.Task, error) {
	return newTask(TypeOCRPage, OCRPagePayload{record, page}, ocrPageID(record, page),
		asynq.Queue(QueueOCR), asynq.MaxRetry(5), asynq.Timeout(10*time.Minute))
}

// NewExtractRecordTask reads the fields of a record whose pages are all read.
func NewExtractRecordTask(record int64) (*asynq.Task, error) {
	return newTask(TypeExtractRecord, RecordPayload{RecordID: record}, extractID(record),
		asynq.Queue(QueueExtract), asynq.MaxRetry(5), asynq.Timeout(5*time.Minute))
}

// NewIndexRecordTask puts version of a record in the search index.
func NewIndexRecordTask(record int64, version int) (*asynq.Task, error) {
	return newTask(TypeIndexRecord, RecordPayload{record, version}, indexID(record, version),
		asynq.Queue(QueueIndex), asynq.MaxRetry(10), asynq.Timeout(time.Minute))
}

// NewArchiveRecordTask builds the PDF/A copy of an approved version of a record.
func NewArchiveRecordTask(record int64, version int) (*asynq.Task, error) {
	return newTask(TypeArchiveRecord, RecordPayload{record, version}, archiveID(record, version),
		asynq.Queue(QueueArchive), asynq.MaxRetry(5), asynq.Timeout(10*time.Minute))
}

// NewFixityAuditTask re-hashes stored objects against their recorded SHA-256.
func NewFixityAuditTask() (*asynq.Task, error) {
	return newTask(TypeFixityAudit, struct{}{}, "", asynq.Queue(QueueMaintenance), asynq.MaxRetry(2), asynq.Timeout(6*time.Hour), asynq.Unique(time.Hour))
}

// NewReconcileTask puts records stuck in a stage back in the queue.
func NewReconcileTask() (*asynq.Task, error) {
	return newTask(TypeReconcile, struct{}{}, "", asynq.Queue(QueueMaintenance), asynq.MaxRetry(1), asynq.Timeout(5*time.Minute), asynq.Unique(time.Minute))
}

// Task IDs, one function each, used by the constructors and by Queue.Enqueue to find a task
// already there.
func ocrPageID(record int64, page int) string { return fmt.Sprintf("ocr:page:%d:%d", record, page) }
func extractID(record int64) string           { return fmt.Sprintf("extract:record:%d", record) }
func indexID(record int64, version int) string {
	return fmt.Sprintf("index:record:%d:v%d", record, version)
}
func archiveID(record int64, version int) string {
	return fmt.Sprintf("archive:record:%d:v%d", record, version)
}

// idAndQueue returns the ID and queue a pipeline task was given, from its payload.
func idAndQueue(t *asynq.Task) (string, string) {
	var p OCRPagePayload
	var r RecordPayload
	switch t.Type() {
	case TypeOCRPage:
		json.Unmarshal(t.Payload(), &p)
		return ocrPageID(p.RecordID, p.Page), QueueOCR
	case TypeExtractRecord:
		json.Unmarshal(t.Payload(), &r)
		return extractID(r.RecordID), QueueExtract
	case TypeIndexRecord:
		json.Unmarshal(t.Payload(), &r)
		return indexID(r.RecordID, r.Version), QueueIndex
	case TypeArchiveRecord:
		json.Unmarshal(t.Payload(), &r)
		return archiveID(r.RecordID, r.Version), QueueArchive
	}
	return "", ""
}

func newTask(typ string, payload any, id string, opts ...asynq.Option) (*asynq.Task, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("workers: %s payload: %w", typ, err)
	}
	if id != "" {
		opts = append(opts, asynq.TaskID(id))
	}
	return asynq.NewTask(typ, b, opts...), nil
}

func decode(t *asynq.Task, v any) error {
	if err := json.Unmarshal(t.Payload(), v); err != nil {
		// A payload that cannot be read will never be read: do not retry it.
		return fmt.Errorf("workers: %s payload %q: %v: %w", t.Type(), t.Payload(), err, asynq.SkipRetry)
	}
	return nil
}

// retryDelay backs off exponentially from 2 seconds to 10 minutes, with jitter so that a
// batch that failed together (MinIO down) does not retry in lockstep.
func retryDelay(n int, err error, t *asynq.Task) time.Duration {
	d := 2 * time.Second << min(n, 9)
	if d > 10*time.Minute {
		d = 10 * time.Minute
	}
	return d/2 + time.Duration(float64(d/2)*jitter())
}
