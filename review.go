package civreg

import (
	"time"
)

// Edit is a reviewer's change to a record, made against the version the reviewer saw.
type Edit struct {
	Version    int
	RecordType RecordType        // "" keeps the type
	Fields     map[string]string // key: new value; "" removes the field
}

// QueueItem is a record waiting for a reviewer.
type QueueItem struct {
	RecordID      int64      `json:"record_id"`
	BatchID       int64      `json:"batch_id"`
	BatchName     string     `json:"batch_name"`
	RecordType    RecordType `json:"record_type"`
	Fields        int        `json:"fields"`
	ToCheck       int        `json:"to_check"`       // fields marked needs_review
	MinConfidence float64    `json:"min_confidence"` // 0 when nothing was read
	Problem       string     `json:"problem,omitempty"`
	Waiting       time.Time  `json:"waiting_since"`
}

// ProblemRecord is a record an admin should look at: failed, or stuck in a stage.
type ProblemRecord struct {
	RecordID int64     `json:"record_id"`
	BatchID  int64     `json:"batch_id"`
	Status   Status    `json:"status"`
	Error    string    `json:"error"`
	Since    time.Time `json:"since"`
}
