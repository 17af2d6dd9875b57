package workers

import (
	"context"
	"errors"
	"fmt"

	"civreg"

	"github.com/hibiken/asynq"
)

// FixityPayload is the fixity task's: who asked for the run, empty for the schedule's.
type FixityPayload struct {
	RequestedBy string `json:"requested_by,omitempty"`
}

// fixityRequestID is the one ID every asked-for run has: a second request while one waits or
// runs finds it there instead of queueing another full read of the store.
const fixityRequestID = TypeFixityAudit + ":requested"

// RequestFixity enqueues a fixity run asked for by the user named by ("Run fixity now"). It
// reports false, and enqueues nothing, when an asked-for run is already waiting or running.
func (q *Queue) RequestFixity(ctx context.Context, by string) (bool, error) {
	t, err := newTask(TypeFixityAudit, FixityPayload{RequestedBy: by})
	if err != nil {
		return false, err
	}
	_, err = q.client.EnqueueContext(ctx, t, asynq.TaskID(fixityRequestID))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		old, ierr := q.inspector.GetTaskInfo(QueueMaintenance, fixityRequestID)
		if ierr != nil || (old.State != asynq.TaskStateArchived && old.State != asynq.TaskStateCompleted) {
			return false, nil
		}
		if derr := q.inspector.DeleteTask(QueueMaintenance, fixityRequestID); derr != nil {
			return false, fmt.Errorf("workers: replace finished fixity request: %w", derr)
		}
		_, err = q.client.EnqueueContext(ctx, t, asynq.TaskID(fixityRequestID))
	}
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("workers: request fixity: %w", civreg.Errorf(civreg.EUNAVAILABLE, "the work queue is not answering: %v", err))
	}
	return true, nil
}
