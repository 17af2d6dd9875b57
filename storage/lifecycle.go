package storage

import "civreg"

// The status lists storage's queries filter on, built from civreg.Lifecycle and passed as SQL
// parameters (`status = ANY($n)`), so that the lifecycle table is the only place they live.
var (
	indexedStatuses    = statusesWhere(func(r civreg.StatusRule) bool { return r.Indexed })
	publishedStatuses  = statusesWhere(func(r civreg.StatusRule) bool { return r.Published })
	inPipelineStatuses = statusesWhere(func(r civreg.StatusRule) bool { return r.InPipeline })
	stoppedStatuses    = statusesWhere(func(r civreg.StatusRule) bool { return r.Stopped })
	// keepOnFailure are the statuses a stage's final failure leaves alone: a record that ended
	// its way (archived, or sent for a rescan) is not marked failed by a late task.
	keepOnFailure = statusesWhere(func(r civreg.StatusRule) bool { return r.Final && r.Status != civreg.StatusFailed })
)

// statusesWhere is civreg.StatusesWhere as the text values of the records.status column.
func statusesWhere(keep func(civreg.StatusRule) bool) []string {
	return texts(civreg.StatusesWhere(keep))
}

// reachedStatuses lists the statuses of records that got at least as far as s and did not stop.
func reachedStatuses(s civreg.Status) []string {
	var out []civreg.Status
	reached := false
	for _, r := range civreg.Lifecycle {
		reached = reached || r.Status == s
		if reached && !r.Stopped {
			out = append(out, r.Status)
		}
	}
	return texts(out)
}

// texts turns statuses or stages into the text values of their columns, for SQL parameters.
func texts[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
