package civreg

import "context"

// SearchDoc is what the search index holds of one record: its non-sensitive fields only, with
// the names and all text folded for matching (lower case, OCR's usual confusions undone).
type SearchDoc struct {
	RecordID  int64             `json:"record_id"`
	Version   int               `json:"version"`
	Type      RecordType        `json:"record_type"`
	Status    Status            `json:"status"`
	District  string            `json:"district"`
	EventDate string            `json:"event_date,omitempty"` // ISO date of the birth, death or marriage
	RegNumber string            `json:"registration_number,omitempty"`
	Names     string            `json:"names"` // folded
	Body      string            `json:"body"`  // folded
	Fields    map[string]string `json:"fields"`

	// Sounds are the sound keys of the names' words (linkage.SoundKey): spelling variants meet.
	Sounds string `json:"sounds,omitempty"`
}

// SearchQuery is a parsed search: folded words that must all match (names, places), plus
// filters. Statuses limits what the caller's role may find.
type SearchQuery struct {
	Words     []string
	Date      string // a full date in the query: the event on that day
	Year      int    // a year in the query
	RegNumber string
	Type      RecordType
	District  string
	From, To  string
	Statuses  []Status
	SortDate  bool
	Page      int // 1-based
	PerPage   int
}

// SearchHit is one record found.
type SearchHit struct {
	RecordID   int64             `json:"record_id"`
	RecordType RecordType        `json:"record_type"`
	Status     Status            `json:"status"`
	Fields     map[string]string `json:"fields"`
	Highlights map[string]string `json:"highlights"`
}

// SearchResult is a page of hits and how many there are in all.
type SearchResult struct {
	Total int         `json:"total"`
	More  bool        `json:"more,omitempty"` // there are more than Total hits (counting stopped)
	Hits  []SearchHit `json:"hits"`
}

// SearchIndex is a search backend: PostgreSQL (storage) or Meilisearch (search).
type SearchIndex interface {
	// Put adds or replaces documents in the live index.
	Put(ctx context.Context, docs ...SearchDoc) error
	// Search runs a query on the live index.
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
	// Rebuild fills a new index with fill's documents and then makes it the live one, so
	// search keeps answering from the old index until the new one is complete.
	Rebuild(ctx context.Context, fill func(put func(...SearchDoc) error) error) error
}
