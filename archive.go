package civreg

import (
	"time"
)

// Archive is one stored PDF/A copy of an approved version of a record.
type Archive struct {
	RecordID    int64     `json:"record_id"`
	Version     int       `json:"version"`
	Key         string    `json:"object_key"`
	SHA256      string    `json:"sha256"`
	Size        int64     `json:"size"`
	Conformance string    `json:"conformance"` // "2u" or "2b"
	Detail      string    `json:"detail"`      // how the pages were embedded
	CreatedAt   time.Time `json:"created_at"`
}
