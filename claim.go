package civreg

import (
	"context"
	"time"
)

// FieldBox is where a field's value is written: a page of the record and a box on its
// upright image, in its pixels.
type FieldBox struct {
	Page int    `json:"page"`
	Box  [4]int `json:"box"`
}

// Valid checks the box against a record of pages pages.
func (b FieldBox) Valid(pages int) error {
	if b.Page < 1 || b.Page > pages {
		return Errorf(EINVALID, "page %d: the record has %d page(s)", b.Page, pages)
	}
	if b.Box[0] < 0 || b.Box[1] < 0 || b.Box[2] <= b.Box[0] || b.Box[3] <= b.Box[1] {
		return Errorf(EINVALID, "box %v is not [left, top, right, bottom] with right > left and bottom > top", b.Box)
	}
	return nil
}

// Claim is a reviewer's lease on a record: while it runs, nobody else may change the record.
type Claim struct {
	RecordID int64     `json:"record_id"`
	UserID   int64     `json:"user_id"`
	By       string    `json:"by"` // the holder's user name
	Since    time.Time `json:"since"`
	Until    time.Time `json:"until"`
}

// HeldBy reports whether u holds the claim.
func (c *Claim) HeldBy(u *User) bool { return c != nil && u != nil && c.UserID == u.ID }

// MayTakeOver reports whether u may end another's claim and take the record: an admin may,
// for a record a reviewer left claimed (a closed laptop, a reviewer gone home).
func (u *User) MayTakeOver() bool { return u != nil && u.Role == RoleAdmin }

// Queue tabs: which records a work queue lists.
const (
	TabCheck  = "check"  // waiting for review
	TabRescan = "rescan" // sent back for a rescan
	TabMine   = "mine"   // changed, approved or sent back by the reviewer in the last week
)

// QueueFilter narrows a work queue; zero values leave a filter out.
type QueueFilter struct {
	Tab        string // TabCheck when ""
	BatchID    int64
	RecordType RecordType
	District   string
	Below      float64 // only records whose lowest field confidence is below this (0 < Below <= 1)
	Limit      int     // 200 when 0
}

// Claims are the reviewers' leases on records, their skips and the filtered work queues.
type Claims interface {
	ClaimRecord(ctx context.Context, u *User, id int64) (*Claim, error)
	TakeOverClaim(ctx context.Context, u *User, id int64) (*Claim, error)
	RecordClaim(ctx context.Context, id int64) (*Claim, error)
	CheckClaim(ctx context.Context, u *User, id int64) error
	ReleaseClaim(ctx context.Context, u *User, id int64) error
	SkipRecord(ctx context.Context, u *User, id int64) error
	WorkQueue(ctx context.Context, u *User, q QueueFilter) ([]QueueItem, error)
}
