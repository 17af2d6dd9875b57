package civreg

// StatusRule says what a record in one status allows. The lifecycle table below is the one
// place these rules live: storage guards its transactions with it, ui shows its words, search
// and reconcile take their status lists from it.
type StatusRule struct {
	Status Status
	Word   string // what the pages call it
	// Icon and Tone go with Word on every status badge: a sign, and the colour family
	// (waiting, attention, good, stopped), so that a status never rests on colour alone.
	Icon string
	Tone string
	// Editable: a reviewer may change the record (an approved or archived record goes back
	// to review when changed).
	Editable bool
	// Approvable: a reviewer may approve it as it stands.
	Approvable bool
	// Rejectable: a reviewer may send it back for a rescan.
	Rejectable bool
	// Archivable: the archive stage has work to do.
	Archivable bool
	// Indexed: the record is in the search index.
	Indexed bool
	// Published: approved, so Ministry of Health staff may find and open it.
	Published bool
	// InPipeline: a worker owns the record; one that sits here too long is stuck.
	InPipeline bool
	// Final: no stage will move it on by itself.
	Final bool
	// Stopped: the record left the pipeline before its end (rejected, or failed for good).
	Stopped bool
}

// Lifecycle lists every status in pipeline order with its rules.
var Lifecycle = []StatusRule{
	{Status: StatusQueued, Word: "Waiting to be read", Icon: "◷", Tone: "waiting", InPipeline: true},
	{Status: StatusOCR, Word: "Being read", Icon: "◔", Tone: "waiting", InPipeline: true},
	{Status: StatusExtracting, Word: "Fields being found", Icon: "◑", Tone: "waiting", InPipeline: true},
	{Status: StatusNeedsReview, Word: "To check", Icon: "✎", Tone: "attention", Editable: true, Approvable: true, Rejectable: true, Indexed: true},
	{Status: StatusApproved, Word: "Approved", Icon: "✓", Tone: "good", Editable: true, Rejectable: true, Archivable: true, Indexed: true, Published: true, InPipeline: true},
	{Status: StatusArchived, Word: "Archived", Icon: "▣", Tone: "good", Editable: true, Indexed: true, Published: true, Final: true},
	{Status: StatusRejected, Word: "Rescan requested", Icon: "↺", Tone: "stopped", Final: true, Stopped: true},
	{Status: StatusFailed, Word: "Failed", Icon: "✕", Tone: "stopped", Final: true, Stopped: true},
}

// Rule returns the lifecycle rule of s; an unknown status allows nothing.
func (s Status) Rule() StatusRule {
	for _, r := range Lifecycle {
		if r.Status == s {
			return r
		}
	}
	return StatusRule{Status: s, Word: string(s), Icon: "?", Tone: "unknown"}
}

// Word is what the pages call the status.
func (s Status) Word() string { return s.Rule().Word }

// Icon is the sign the status badge shows beside the word.
func (s Status) Icon() string { return s.Rule().Icon }

// Tone is the badge's colour family: waiting, attention, good or stopped.
func (s Status) Tone() string { return s.Rule().Tone }

// StatusesWhere lists, in pipeline order, the statuses whose rule passes keep.
func StatusesWhere(keep func(StatusRule) bool) []Status {
	var out []Status
	for _, r := range Lifecycle {
		if keep(r) {
			out = append(out, r.Status)
		}
	}
	return out
}

// StageStatuses says in which statuses a stage has work to do (From) and the status a record
// takes while the stage runs (During).
type StageStatuses struct {
	From   []Status
	During Status
}

// Has reports whether a record in status s has work to do in the stage.
func (ss StageStatuses) Has(s Status) bool {
	for _, from := range ss.From {
		if from == s {
			return true
		}
	}
	return false
}

// Stages lists the stages guarded by a record's status.
var Stages = map[Stage]StageStatuses{
	StageOCR:     {From: []Status{StatusQueued, StatusOCR}, During: StatusOCR},
	StageExtract: {From: []Status{StatusExtracting}, During: StatusExtracting},
	StageArchive: {From: StatusesWhere(func(r StatusRule) bool { return r.Archivable }), During: StatusApproved},
}
