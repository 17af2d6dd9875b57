// Package civreg holds the domain types every part of the civil registry pipeline shares:
// batches of scans, records and their pages and fields, users and roles, and coded errors.
// Adapters (storage, workers, search, ui) import this package, never the other way round.
package civreg

import (
	"context"
	"time"
)

// RecordType is the kind of civil registration event a record documents.
type RecordType string

// The record types the registry holds; Unknown is for scans whose type is not decided yet.
const (
	Birth    RecordType = "birth"
	Death    RecordType = "death"
	Marriage RecordType = "marriage"
	Unknown  RecordType = "unknown"
)

// Status is where a record stands in the pipeline.
type Status string

// The record statuses of docs/api.md, in pipeline order; Rejected and Failed end a record's way.
const (
	StatusQueued      Status = "queued"       // uploaded, waiting for OCR
	StatusOCR         Status = "ocr"          // OCR under way
	StatusExtracting  Status = "extracting"   // every page read, fields being extracted
	StatusNeedsReview Status = "needs_review" // waiting for a reviewer
	StatusApproved    Status = "approved"     // approved, waiting for its archival copy
	StatusArchived    Status = "archived"     // approved and archived as PDF/A
	StatusRejected    Status = "rejected"     // rejected by a reviewer (for example: needs a rescan)
	StatusFailed      Status = "failed"       // a stage failed for good; an admin may retry it
)

// Statuses lists every status in pipeline order.
var Statuses = []Status{StatusQueued, StatusOCR, StatusExtracting, StatusNeedsReview, StatusApproved, StatusArchived, StatusRejected, StatusFailed}

// Stage names a pipeline stage; each has its own task type in package workers.
type Stage string

// The pipeline stages whose progress is recorded per record.
const (
	StageIngest  Stage = "ingest"
	StageOCR     Stage = "ocr"
	StageExtract Stage = "extract"
	StageIndex   Stage = "index"
	StageArchive Stage = "archive"
)

// PipelineStages lists the stages in the order a record goes through them.
var PipelineStages = []Stage{StageIngest, StageOCR, StageExtract, StageIndex, StageArchive}

// Batch is one scanning session of one register volume.
type Batch struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	RecordType RecordType `json:"record_type"`
	// PagePerRecord says every page of every file is its own record (a register volume
	// scanned as one PDF, one entry per page). Otherwise one file is one record.
	PagePerRecord bool `json:"page_per_record"`
	// Keying is how the batch's handwritten entries are keyed: KeyingSingle or KeyingDouble.
	Keying    string    `json:"keying"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// How a batch's entries are keyed: once, or twice by two people and arbitrated where their
// values disagree.
const (
	KeyingSingle = "single"
	KeyingDouble = "double"
)

// ParseKeying returns the keying named s ("" is single), or an EINVALID error.
func ParseKeying(s string) (string, error) {
	switch s {
	case "", KeyingSingle:
		return KeyingSingle, nil
	case KeyingDouble:
		return KeyingDouble, nil
	}
	return "", Errorf(EINVALID, "keying %q is not single or double", s)
}

// BatchCounts counts a batch's records per stage, as the batch page and API show them.
type BatchCounts struct {
	Uploaded    int `json:"uploaded"`
	OCRDone     int `json:"ocr_done"`
	Extracted   int `json:"extracted"`
	NeedsReview int `json:"needs_review"`
	Approved    int `json:"approved"`
	Archived    int `json:"archived"`
	Failed      int `json:"failed"`
	Rejected    int `json:"rejected"`
	Duplicates  int `json:"duplicates"`
	Refused     int `json:"refused"`
}

// Scan is one uploaded file: its bytes are stored once (one scan per SHA-256) whatever batch
// sent them, under ObjectKey.
type Scan struct {
	ID           int64     `json:"id"`
	SHA256       string    `json:"sha256"`
	ObjectKey    string    `json:"object_key"`
	Size         int64     `json:"size"`
	MediaType    string    `json:"media_type"`
	PageCount    int       `json:"page_count"`
	OriginalName string    `json:"original_name"`
	CreatedAt    time.Time `json:"created_at"`
}

// Record is one registration entry: a certificate, a certified copy, or one entry of a register.
type Record struct {
	ID             int64            `json:"id"`
	BatchID        int64            `json:"batch_id"`
	RecordType     RecordType       `json:"record_type"`
	TypeConfidence float64          `json:"type_confidence"`
	Status         Status           `json:"status"`
	Version        int              `json:"version"`
	Error          string           `json:"error,omitempty"`
	CreatedAt      time.Time        `json:"created_at"`
	UpdatedAt      time.Time        `json:"updated_at"`
	ApprovedAt     *time.Time       `json:"approved_at,omitempty"` // of the current version, once approved
	ApprovedBy     string           `json:"approved_by,omitempty"`
	Pages          []Page           `json:"pages,omitempty"`
	Fields         map[string]Field `json:"fields"`
	Stages         []StageRun       `json:"stages,omitempty"`

	// Entry is the record's place on its page, top to bottom (1-based): a register page
	// holds several entries, each its own record. EntryPage is the page of Pages it stands on.
	Entry     int `json:"entry"`
	EntryPage int `json:"entry_page"`
	// Region is the entry's band [x0, y0, x1, y1] on the upright page image; nil when the
	// record is its whole page (a certificate).
	Region []int `json:"region,omitempty"`
	// PageOf is the record whose pages this one stands on (the page's first entry, which owns
	// the stored page); 0 when the pages are the record's own.
	PageOf int64 `json:"page_of,omitempty"`
}

// Page is one page of a record: a page of one of its scans.
type Page struct {
	RecordID  int64  `json:"record_id"`
	Number    int    `json:"number"` // 1-based within the record
	ScanID    int64  `json:"scan_id"`
	ScanPage  int    `json:"scan_page"` // 1-based within the scan
	ImageKey  string `json:"image_key,omitempty"`
	WordsKey  string `json:"words_key,omitempty"`
	OCRDone   bool   `json:"ocr_done"`
	OCRError  string `json:"ocr_error,omitempty"`
	OCRDetail string `json:"ocr_detail,omitempty"`
}

// Field is one value read from, or corrected on, a record (keys in docs/records.md).
type Field struct {
	Key         string  `json:"-"`
	Value       string  `json:"value"`
	Printed     string  `json:"printed"`
	Confidence  float64 `json:"confidence"`
	NeedsReview bool    `json:"needs_review"`
	Page        int     `json:"page,omitempty"`
	Box         []int   `json:"box,omitempty"` // [x0, y0, x1, y1] in page image pixels
	SetBy       string  `json:"set_by,omitempty"`
	Version     int     `json:"version"`
	// Suggested is a value a second reading or the approved records' name vocabulary offers
	// for a value left in review: shown to the reviewer, never applied by itself.
	Suggested string `json:"suggested,omitempty"`
}

// StageRun is what happened to one record in one pipeline stage.
type StageRun struct {
	Stage      Stage      `json:"stage"`
	State      string     `json:"state"` // running, done, failed
	Attempts   int        `json:"attempts"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	Error      string     `json:"error,omitempty"`
	Note       string     `json:"note,omitempty"`
}

// Stage run states.
const (
	StageRunning = "running"
	StageDone    = "done"
	StageFailed  = "failed"
)

// Pipeline is how the HTTP side hands records to the workers. Enqueueing happens after the
// database commit; when it fails (Redis down) the record is still safe and reconcile enqueues
// it later, so callers log the error and carry on.
type Pipeline interface {
	RecordIngested(ctx context.Context, recordID int64, pages int) error
	RecordChanged(ctx context.Context, recordID int64, version int) error
	RecordApproved(ctx context.Context, recordID int64, version int) error
}

// PageOwner is the record whose pages rows, images and words this record's pages are: its
// own ID, or PageOf for a later entry of a register page.
func (r *Record) PageOwner() int64 {
	if r.PageOf != 0 {
		return r.PageOf
	}
	return r.ID
}
