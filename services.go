package civreg

import (
	"context"
	"time"
)

// The services below are what the adapters that serve people (ui, workers, ingest, export)
// need from the registry's store; package storage implements every one of them on PostgreSQL
// and MinIO. Each method's documentation, with the error codes it returns, is on storage's
// implementation.

// Records reads records, their scans, history and archival copies, and writes the audit log.
type Records interface {
	Record(ctx context.Context, id int64) (*Record, error)
	RecordsOfBatch(ctx context.Context, batchID int64) ([]Record, error)
	Scan(ctx context.Context, id int64) (*Scan, error)
	EntriesOnPage(ctx context.Context, owner int64, page int) ([]EntryOnPage, error)
	History(ctx context.Context, recordID int64) ([]Event, error)
	FieldChanges(ctx context.Context, recordID int64) ([]FieldChange, error)
	Archives(ctx context.Context, recordID int64) ([]Archive, error)
	Audit(ctx context.Context, u *User, action string, recordID, batchID int64, detail map[string]any) error
}

// Review is the reviewers' work: the queues, and the decisions that move a record on.
type Review interface {
	ReviewQueue(ctx context.Context, limit int) ([]QueueItem, error)
	NextForReview(ctx context.Context, skip int64) (int64, error)
	ProblemRecords(ctx context.Context, stuckAfter time.Duration, limit int) ([]ProblemRecord, error)
	EditRecord(ctx context.Context, u *User, id int64, e Edit) (int, error)
	ApproveRecord(ctx context.Context, u *User, id int64, version int) error
	RejectRecord(ctx context.Context, u *User, id int64, version int, reason string) error
	RetryRecord(ctx context.Context, u *User, id int64) (Status, error)
}

// Batches are the scanning sessions and the scans uploaded into them.
type Batches interface {
	CreateBatch(ctx context.Context, u *User, name string, t RecordType, pagePerRecord bool) (*Batch, error)
	Batch(ctx context.Context, id int64) (*Batch, error)
	Batches(ctx context.Context, limit int) ([]*Batch, error)
	BatchByName(ctx context.Context, name string) (*Batch, error)
	BatchCounts(ctx context.Context, id int64) (BatchCounts, error)
	Refusals(ctx context.Context, batchID int64) ([]Refusal, error)
	Uploads(ctx context.Context, batchID int64) ([]Upload, error)
	ScanByObjectKey(ctx context.Context, key string) (*Scan, error)
	AddScan(ctx context.Context, u *User, ns NewScan) (*AddedScan, error)
	RecordRefusal(ctx context.Context, u *User, batchID int64, fileName, reason string) error
}

// Users are the accounts, their API tokens and their web sessions.
type Users interface {
	CreateUser(ctx context.Context, name string, role Role, password string) (*User, error)
	Users(ctx context.Context) ([]*User, error)
	SetPassword(ctx context.Context, userID int64, password string) error
	SetRole(ctx context.Context, userID int64, role Role) error
	SetDisabled(ctx context.Context, userID int64, disabled bool) error
	SetSeesSensitive(ctx context.Context, userID int64, sees bool) error
	Authenticate(ctx context.Context, name, password string) (*User, error)
	UserByToken(ctx context.Context, token string) (*User, error)
	RevokeTokens(ctx context.Context, userID int64) (int64, error)
	NewSession(ctx context.Context, u *User, ttl time.Duration) (*Session, error)
	SessionByID(ctx context.Context, id string, idle time.Duration) (*Session, error)
	EndSession(ctx context.Context, id string) error
}

// Progress records each record's way through the pipeline; every Finish is idempotent, so a
// retried task does its work once.
type Progress interface {
	BeginStage(ctx context.Context, recordID int64, stage Stage) (bool, error)
	PageToRead(ctx context.Context, recordID int64, pageNo int) (*Page, *Scan, bool, error)
	FinishPage(ctx context.Context, recordID int64, pageNo int, pr PageRead) (bool, error)
	AllPagesRead(ctx context.Context, recordID int64) (bool, error)
	FinishExtract(ctx context.Context, recordID int64, ex Extraction) (version int, ok bool, err error)
	FinishEntries(ctx context.Context, recordID int64, entries []Extraction) (made []Extracted, ok bool, err error)
	IndexState(ctx context.Context, recordID int64) (version, indexed int, err error)
	MarkIndexed(ctx context.Context, recordID int64, version int, note string) error
	FinishArchive(ctx context.Context, a Archive) error
	FailStage(ctx context.Context, recordID int64, stage Stage, reason string, final bool) error
	Unfinished(ctx context.Context, stuckAfter time.Duration, limit int) ([]Unfinished, error)
}

// Fixity is the record of checking stored objects against the digests taken when they came.
type Fixity interface {
	OriginalsAfter(ctx context.Context, after int64, limit int) ([]StoredObject, error)
	ArchivesAfter(ctx context.Context, after string, limit int) ([]Archive, error)
	BeginFixityRun(ctx context.Context) (*FixityRun, error)
	RecordRunFixity(ctx context.Context, runID int64, c FixityCheck) error
	RecordUnexpected(ctx context.Context, runID int64, key string, size int64, modified time.Time) error
	FinishFixityRun(ctx context.Context, r *FixityRun) error
	FixityAlerts(ctx context.Context, limit int) ([]FixityCheck, error)
	LastFixityCheck(ctx context.Context) (*time.Time, error)
	FixityOf(ctx context.Context, keys []string) ([]ObjectFixity, error)
}
