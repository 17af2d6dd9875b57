package civreg

import (
	"time"
)

// FixityCheck is one check of one stored object.
type FixityCheck struct {
	At       time.Time `json:"at"`
	Key      string    `json:"object_key"`
	Expected string    `json:"expected"`
	Actual   string    `json:"actual"`
	OK       bool      `json:"ok"`
	Problem  string    `json:"problem,omitempty"`
}

// FixityRun is one run of the fixity audit: a PREMIS fixity-check event over the whole store.
type FixityRun struct {
	ID         int64      `json:"id"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	Agent      string     `json:"agent"` // the civreg build that ran it
	Checked    int        `json:"checked"`
	Bytes      int64      `json:"bytes"`
	Changed    int        `json:"changed"`
	Missing    int        `json:"missing"`
	Unexpected int        `json:"unexpected"`
	Outcome    string     `json:"outcome"` // running, pass, fail, interrupted
	Note       string     `json:"note,omitempty"`
}

// ObjectFixity is one check of one object with the run that made it, for the object's
// provenance.
type ObjectFixity struct {
	FixityCheck
	Run *FixityRun
}
