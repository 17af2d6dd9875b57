package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"civreg"
)

// queueTab is one tab of the review queues: a queue of this page, or another page's.
type queueTab struct {
	Name, Label, Href string
	Current           bool
}

// Queues of other pages the reviewer works from (the keying and arbitration pages).
var (
	keyingQueuePath    = "/keying#to-key"
	arbitrateQueuePath = "/keying#to-arbitrate"
)

// queueView is one work queue, filtered.
type queueView struct {
	layout
	Tabs     []queueTab
	Tab      string
	Filter   civreg.QueueFilter
	BelowPct int // Filter.Below in percent
	// BelowChoices are the confidence filter's choices, in percent.
	BelowChoices []int
	Batches      []*civreg.Batch
	Kinds        []string
	Districts    []string
	Queue        []civreg.QueueItem
	Done         bool // came back from /review/next with nothing left
	Query        string
}

// reviewQueuePage answers GET /review?tab=&batch=&kind=&district=&below=: the work queues
// (to check, rescan requested, my recent; to key and to arbitrate are pages of their own),
// filtered by batch, kind, district and lowest confidence, each row with its names and who
// holds it now.
func (s *Server) reviewQueuePage(w http.ResponseWriter, r *http.Request, u *civreg.User) error {
	f, err := queueFilter(r.URL.Query())
	if err != nil {
		return err
	}
	queue, err := s.DB.WorkQueue(r.Context(), u, f)
	if err != nil {
		return err
	}
	batches, err := s.DB.Batches(r.Context(), 100)
	if err != nil {
		return err
	}
	tab := f.Tab
	if tab == "" {
		tab = civreg.TabCheck
	}
	v := &queueView{layout: layout{Title: "Review queue", User: u}, Tab: tab, Filter: f, BelowPct: int(f.Below*100 + 0.5), BelowChoices: []int{50, 60, 85, 100},
		Batches: batches, Kinds: civreg.RecordTypeNames(), Districts: civreg.Districts, Queue: queue,
		Done: r.URL.Query().Get("done") != "", Query: filterQuery(f).Encode()}
	for _, t := range []queueTab{{civreg.TabCheck, "To check", "/review", false}, {"key", "To key", keyingQueuePath, false},
		{"arbitrate", "To arbitrate", arbitrateQueuePath, false}, {civreg.TabRescan, "Rescan requested", "/review?tab=" + civreg.TabRescan, false},
		{civreg.TabMine, "My recent", "/review?tab=" + civreg.TabMine, false}} {
		t.Current = t.Name == tab
		v.Tabs = append(v.Tabs, t)
	}
	return s.render(w, r, http.StatusOK, "queue", v)
}

// queueFilter reads the queue's filters from the query; a bad one is EINVALID.
func queueFilter(q url.Values) (civreg.QueueFilter, error) {
	f := civreg.QueueFilter{Tab: q.Get("tab"), District: q.Get("district")}
	if b := q.Get("batch"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			return f, civreg.Errorf(civreg.EINVALID, "batch %q is not a batch ID", b)
		}
		f.BatchID = id
	}
	if k := q.Get("kind"); k != "" {
		t, err := civreg.ParseRecordType(k)
		if err != nil {
			return f, err
		}
		f.RecordType = t
	}
	if f.District != "" && !slices.Contains(civreg.Districts, f.District) {
		return f, civreg.Errorf(civreg.EINVALID, "%q is not a district of St Kitts and Nevis", f.District)
	}
	if b := q.Get("below"); b != "" {
		pct, err := strconv.Atoi(b)
		if err != nil || pct <= 0 || pct > 100 {
			return f, civreg.Errorf(civreg.EINVALID, "confidence below %q: give a percentage from 1 to 100", b)
		}
		f.Below = float64(pct) / 100
	}
	return f, nil
}

// filterQuery is the filters (not the tab) as a query, for "Start reviewing" to keep them.
func filterQuery(f civreg.QueueFilter) url.Values {
	q := url.Values{}
	if f.BatchID != 0 {
		q.Set("batch", strconv.FormatInt(f.BatchID, 10))
	}
	if f.RecordType != "" {
		q.Set("kind", string(f.RecordType))
	}
	if f.District != "" {
		q.Set("district", f.District)
	}
	if f.Below > 0 {
		q.Set("below", strconv.Itoa(int(f.Below*100+0.5)))
	}
	return q
}
