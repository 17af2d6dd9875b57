// Package workers is the pipeline on Asynq: the task types, their payloads and the task table
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
	TypeLinkRecord    = "link:record"
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

// TaskSpec is one row of the task table: the queue a task type runs on, how often it is
// retried, how long one run may take, and the ID it is given from its payload. Pipeline tasks
// get an ID built from what they work on, so enqueueing the same stage of the same record twice
// (a retry of the upload, reconcile, a double click) leaves one task; index and archive IDs
// carry the version so a later change is never swallowed by a task for an older one.
// Maintenance tasks have no ID but are unique for a while instead.
type TaskSpec struct {
	Queue   string
	Retries int
	Timeout time.Duration
	Unique  time.Duration                           // 0: not unique
	ID      func(typ string, payload []byte) string // nil: no ID
}

// Tasks is the task table, the one place each task type's queue, retries, timeout and ID live.
var Tasks = map[string]TaskSpec{
	TypeOCRPage:       {Queue: QueueOCR, Retries: 5, Timeout: 10 * time.Minute, ID: pageTaskID},
	TypeExtractRecord: {Queue: QueueExtract, Retries: 5, Timeout: 5 * time.Minute, ID: recordTaskID},
	TypeIndexRecord:   {Queue: QueueIndex, Retries: 10, Timeout: time.Minute, ID: versionTaskID},
	TypeArchiveRecord: {Queue: QueueArchive, Retries: 5, Timeout: 10 * time.Minute, ID: versionTaskID},
	TypeLinkRecord:    {Queue: QueueIndex, Retries: 10, Timeout: 2 * time.Minute, ID: versionTaskID},
	TypeFixityAudit:   {Queue: QueueMaintenance, Retries: 2, Timeout: 6 * time.Hour, Unique: time.Hour},
	TypeReconcile:     {Queue: QueueMaintenance, Retries: 1, Timeout: 5 * time.Minute, Unique: time.Minute},
}

// NewOCRPageTask reads page of record.
func NewOCRPageTask(record int64, page int) (*asynq.Task, error) {
	return newTask(TypeOCRPage, OCRPagePayload{record, page})
}

// NewExtractRecordTask reads the fields of a record whose pages are all read.
func NewExtractRecordTask(record int64) (*asynq.Task, error) {
	return newTask(TypeExtractRecord, RecordPayload{RecordID: record})
}

// NewIndexRecordTask puts version of a record in the search index.
func NewIndexRecordTask(record int64, version int) (*asynq.Task, error) {
	return newTask(TypeIndexRecord, RecordPayload{record, version})
}

// NewArchiveRecordTask builds the PDF/A copy of an approved version of a record.
func NewArchiveRecordTask(record int64, version int) (*asynq.Task, error) {
	return newTask(TypeArchiveRecord, RecordPayload{record, version})
}

// NewLinkRecordTask compares version of an approved record with its candidates: the same
// person across birth, marriage and death, and the same event registered twice. It runs on
// the index queue: it is as light, and as keen to follow an approval.
func NewLinkRecordTask(record int64, version int) (*asynq.Task, error) {
	return newTask(TypeLinkRecord, RecordPayload{record, version})
}

// NewFixityAuditTask re-hashes stored objects against their recorded SHA-256.
func NewFixityAuditTask() (*asynq.Task, error) { return newTask(TypeFixityAudit, struct{}{}) }

// NewReconcileTask puts records stuck in a stage back in the queue.
func NewReconcileTask() (*asynq.Task, error) { return newTask(TypeReconcile, struct{}{}) }

// Task IDs from payloads: "ocr:page:RECORD:PAGE", "extract:record:RECORD",
// "index:record:RECORD:vVERSION". A payload that does not decode gives the zero ID parts; its
// handler refuses it.
func pageTaskID(typ string, payload []byte) string {
	var p OCRPagePayload
	_ = json.Unmarshal(payload, &p)
	return fmt.Sprintf("%s:%d:%d", typ, p.RecordID, p.Page)
}

func recordTaskID(typ string, payload []byte) string {
	var r RecordPayload
	_ = json.Unmarshal(payload, &r)
	return fmt.Sprintf("%s:%d", typ, r.RecordID)
}

func versionTaskID(typ string, payload []byte) string {
	var r RecordPayload
	_ = json.Unmarshal(payload, &r)
	return fmt.Sprintf("%s:%d:v%d", typ, r.RecordID, r.Version)
}

// idAndQueue returns the ID and queue a task was given, from the task table.
func idAndQueue(t *asynq.Task) (string, string) {
	spec, ok := Tasks[t.Type()]
	if !ok || spec.ID == nil {
		return "", ""
	}
	return spec.ID(t.Type(), t.Payload()), spec.Queue
}

// newTask makes a task of type typ with the options of its row in the task table.
func newTask(typ string, payload any) (*asynq.Task, error) {
	spec, ok := Tasks[typ]
	if !ok {
		return nil, fmt.Errorf("workers: task type %s is not in the task table", typ)
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("workers: %s payload: %w", typ, err)
	}
	opts := []asynq.Option{asynq.Queue(spec.Queue), asynq.MaxRetry(spec.Retries), asynq.Timeout(spec.Timeout)}
	if spec.Unique > 0 {
		opts = append(opts, asynq.Unique(spec.Unique))
	}
	if spec.ID != nil {
		opts = append(opts, asynq.TaskID(spec.ID(typ, b)))
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
