package workers_test

import (
	"context"
	"errors"
	"testing"

	"civreg/workers"

	"github.com/hibiken/asynq"
)

// TestUndecodablePayloadIsNeverRetried: the stage frame refuses a payload it cannot read with
// SkipRetry, before it touches the database (the pipeline here has none).
func TestUndecodablePayloadIsNeverRetried(t *testing.T) {
	mux := (&workers.Pipeline{}).Mux()
	for _, typ := range []string{workers.TypeOCRPage, workers.TypeExtractRecord, workers.TypeIndexRecord, workers.TypeArchiveRecord} {
		err := mux.ProcessTask(context.Background(), asynq.NewTask(typ, []byte(`{"record_id": "seven"`)))
		if !errors.Is(err, asynq.SkipRetry) {
			t.Errorf("%s with a broken payload: %v, want SkipRetry", typ, err)
		}
	}
}

// TestEveryTaskTypeHasARowAndAnID: every constructor's task is in the task table, and the
// pipeline tasks of one record and version get the same ID however often they are made.
func TestEveryTaskTypeHasARowAndAnID(t *testing.T) {
	tests := []struct {
		make   func() (*asynq.Task, error)
		wantID string // "": no ID
	}{
		{func() (*asynq.Task, error) { return workers.NewOCRPageTask(42, 3) }, "ocr:page:42:3"},
		{func() (*asynq.Task, error) { return workers.NewExtractRecordTask(42) }, "extract:record:42"},
		{func() (*asynq.Task, error) { return workers.NewIndexRecordTask(42, 2) }, "index:record:42:v2"},
		{func() (*asynq.Task, error) { return workers.NewArchiveRecordTask(42, 2) }, "archive:record:42:v2"},
		{func() (*asynq.Task, error) { return workers.NewLinkRecordTask(42, 2) }, "link:record:42:v2"},
		{workers.NewFixityAuditTask, ""},
		{workers.NewReconcileTask, ""},
	}
	for _, tt := range tests {
		task, err := tt.make()
		if err != nil {
			t.Fatal(err)
		}
		spec, ok := workers.Tasks[task.Type()]
		if !ok || spec.Queue == "" || spec.Timeout <= 0 || spec.Retries <= 0 {
			t.Errorf("%s: task table row %+v (%v)", task.Type(), spec, ok)
			continue
		}
		if (spec.ID != nil) != (tt.wantID != "") {
			t.Errorf("%s: has an ID %v, want %q", task.Type(), spec.ID != nil, tt.wantID)
		} else if spec.ID != nil && spec.ID(task.Type(), task.Payload()) != tt.wantID {
			t.Errorf("%s: ID %q, want %q", task.Type(), spec.ID(task.Type(), task.Payload()), tt.wantID)
		}
		if _, weighted := workers.Queues[spec.Queue]; !weighted {
			t.Errorf("%s runs on queue %s, which no worker serves", task.Type(), spec.Queue)
		}
	}
}
