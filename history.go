package civreg

import (
	"time"
)

// Event is one thing that happened to a record: for its provenance (ingest, digest, OCR,
// extraction, review, approval, archive and fixity checks) and, in its timeline, every other
// action on it too (views, keying, arbitration, exports, links).
type Event struct {
	At     time.Time      `json:"at"`
	Event  string         `json:"event"`
	By     string         `json:"by,omitempty"`   // a person's name; empty for civreg's own work
	Role   string         `json:"role,omitempty"` // the role an audited act was done in; for other events the role held now
	Detail map[string]any `json:"detail,omitempty"`
}

// FieldChange is one change of one field by a reviewer (or by extraction, with no one named).
type FieldChange struct {
	Version int       `json:"version"`
	Key     string    `json:"key"`
	Old     *string   `json:"old"`
	New     *string   `json:"new"`
	By      string    `json:"by,omitempty"`
	At      time.Time `json:"at"`
}

// AuditEntry is one row of the append-only audit log.
type AuditEntry struct {
	ID       int64          `json:"id"`
	At       time.Time      `json:"at"`
	UserID   int64          `json:"user_id,omitempty"`
	UserName string         `json:"user_name"`
	UserRole string         `json:"user_role,omitempty"` // the role the act was done in
	Action   string         `json:"action"`
	RecordID int64          `json:"record_id,omitempty"`
	BatchID  int64          `json:"batch_id,omitempty"`
	Detail   map[string]any `json:"detail,omitempty"`
}
