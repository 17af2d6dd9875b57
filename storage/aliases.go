package storage

import (
	"civreg"
	"civreg/export"
	"civreg/linkage"
)

// The old names of what moved to the root package, linkage and export, kept until every caller has moved.

type (
	Archive       = civreg.Archive
	AuditEntry    = civreg.AuditEntry
	Refusal       = civreg.Refusal
	Upload        = civreg.Upload
	Extracted     = civreg.Extracted
	EntryOnPage   = civreg.EntryOnPage
	StoredObject  = civreg.StoredObject
	FixityCheck   = civreg.FixityCheck
	FixityRun     = civreg.FixityRun
	ObjectFixity  = civreg.ObjectFixity
	Event         = civreg.Event
	FieldChange   = civreg.FieldChange
	NewScan       = civreg.NewScan
	AddedScan     = civreg.AddedScan
	RecordPages   = civreg.RecordPages
	Edit          = civreg.Edit
	PageRead      = civreg.PageRead
	Extraction    = civreg.Extraction
	Unfinished    = civreg.Unfinished
	Session       = civreg.Session
	QueueItem     = civreg.QueueItem
	ProblemRecord = civreg.ProblemRecord
	Link          = linkage.Link
	Exporter      = export.Exporter
)

// The link states and decisions, and the export's organization, under their old names.
const (
	LinkLinked         = linkage.LinkLinked
	LinkReview         = linkage.LinkReview
	LinkRejected       = linkage.LinkRejected
	DecideSamePerson   = linkage.DecideSamePerson
	DecideDifferent    = linkage.DecideDifferent
	DecideDuplicate    = linkage.DecideDuplicate
	DecideUndo         = linkage.DecideUndo
	SourceOrganization = export.SourceOrganization
)

// ErrObjectExists is civreg.ErrObjectExists under its old name.
var ErrObjectExists = civreg.ErrObjectExists

// NewOriginalKey is civreg.NewOriginalKey under its old name.
func NewOriginalKey() string { return civreg.NewOriginalKey() }

// PageImageKey is civreg.PageImageKey under its old name.
func PageImageKey(record int64, page int) string { return civreg.PageImageKey(record, page) }

// PageWordsKey is civreg.PageWordsKey under its old name.
func PageWordsKey(record int64, page int) string { return civreg.PageWordsKey(record, page) }

// ArchiveKey is civreg.ArchiveKey under its old name.
func ArchiveKey(record int64, v int) string { return civreg.ArchiveKey(record, v) }

// DerivedKey is civreg.DerivedKey under its old name.
func DerivedKey(record int64, page int, part, digest, ext string) string {
	return civreg.DerivedKey(record, page, part, digest, ext)
}

// Software is civreg.Software under its old name.
func Software() string { return civreg.Software() }
