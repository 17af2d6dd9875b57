package linkage

import (
	"context"
	"time"

	"civreg"
)

// Link is a pair of records the linkage kept, as stored: linked, waiting for review, or
// rejected by a person.
type Link struct {
	ID        int64      `json:"id"`
	A         int64      `json:"a"`
	B         int64      `json:"b"`
	Role      Role       `json:"role"`
	Kind      Kind       `json:"kind"`
	State     string     `json:"state"`
	Score     float64    `json:"score"`
	Why       string     `json:"why,omitempty"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
}

// Link states.
const (
	LinkLinked   = "linked"
	LinkReview   = "review"
	LinkRejected = "rejected"
)

// Decisions a person makes on a pair.
const (
	DecideSamePerson = "same_person"
	DecideDifferent  = "different"
	DecideDuplicate  = "duplicate"
	DecideUndo       = "undo"
)

// Links is the stored linkage: the records as the linkage reads them, the pairs it kept and
// what people decided of them. Package storage implements it on PostgreSQL.
type Links interface {
	LinkRecords(ctx context.Context, ids []int64) ([]Record, error)
	AllLinkRecords(ctx context.Context, fn func(Record) error) error
	IndexForLinking(ctx context.Context, r Record) error
	LinkCandidates(ctx context.Context, id int64, keys []int64) ([]int64, error)
	NameFrequencies(ctx context.Context, recs []Record) (*Frequencies, error)
	SaveLinksOf(ctx context.Context, id int64, pairs []Pair) error
	ReplaceLinks(ctx context.Context, recs []Record, pairs []Pair) error
	LinksOf(ctx context.Context, id int64, withRejected bool) ([]Link, error)
	LinkReviewQueue(ctx context.Context, limit, offset int) ([]Link, int, error)
	LinkByID(ctx context.Context, id int64) (*Link, error)
	DuplicateOf(ctx context.Context, id int64) (int64, error)
	Person(ctx context.Context, birth int64) ([]Link, error)
	DecideLink(ctx context.Context, u *civreg.User, id int64, decision string) (*Link, error)
	BlockSizes(ctx context.Context, keys []int64) (map[int64]int, error)
	MarkLinked(ctx context.Context, id int64) error
	Unlinked(ctx context.Context, stuckAfter time.Duration, limit int) ([]Unlinked, error)
}

// Unlinked is a published record whose present version linking has not run on.
type Unlinked struct {
	RecordID int64
	Version  int
}
