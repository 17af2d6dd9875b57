package civreg

import (
	"time"
)

// Refusal is a file refused at upload.
type Refusal struct {
	FileName string    `json:"file"`
	Reason   string    `json:"reason"`
	At       time.Time `json:"at"`
}

// Upload is one file uploaded into a batch.
type Upload struct {
	FileName  string    `json:"file"`
	SHA256    string    `json:"sha256"`
	ScanID    int64     `json:"scan_id"`
	Duplicate bool      `json:"duplicate"`
	At        time.Time `json:"at"`
}

// NewScan is an original that is safely stored in MinIO and now goes into a batch.
type NewScan struct {
	BatchID   int64
	SHA256    string
	ObjectKey string
	Size      int64
	MediaType string
	PageCount int
	FileName  string // as the uploader named it: metadata only, never a path or key
}

// AddedScan is what AddScan did: the scan, the records holding its pages, and whether the
// same bytes were already in the registry.
type AddedScan struct {
	ScanID    int64         `json:"scan_id"`
	Duplicate bool          `json:"duplicate"`
	Records   []RecordPages `json:"records"`
}

// RecordPages names a record and how many pages it has, so the caller can enqueue its OCR.
type RecordPages struct {
	RecordID int64 `json:"record_id"`
	Pages    int   `json:"pages"`
}
