package workers

import (
	"context"
	"log/slog"

	"civreg/linkage"

	"github.com/hibiken/asynq"
)

// EnqueueLink enqueues linking of an approved version of a record.
func (q *Queue) EnqueueLink(ctx context.Context, recordID int64, version int) error {
	t, err := NewLinkRecordTask(recordID, version)
	if err != nil {
		return err
	}
	return q.Enqueue(ctx, t)
}

func (p *Pipeline) handleLinkRecord(ctx context.Context, t *asynq.Task) error {
	var pl RecordPayload
	if err := decode(t, &pl); err != nil {
		return err
	}
	n, err := p.LinkRecord(ctx, pl.RecordID)
	if err == nil {
		p.Log.Debug("record linked", slog.Int64("record", pl.RecordID), slog.Int("pairs", n))
	}
	return err
}

// reconcileLinks enqueues the linking of every published record whose present version has
// not been linked and whose task the queue does not hold (lost with Redis), and returns how
// many it enqueued. The task ID (record and version) makes a repeat harmless.
func (p *Pipeline) reconcileLinks(ctx context.Context) (int, error) {
	todo, err := p.DB.Unlinked(ctx, p.StuckAfter, 5000)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range todo {
		t, err := NewLinkRecordTask(u.RecordID, u.Version)
		if err != nil {
			return n, err
		}
		enqueued, err := p.Queue.EnqueueMissing(ctx, t)
		if err != nil {
			return n, err
		}
		if enqueued {
			n++
		}
	}
	return n, nil
}

// LinkRecord links one approved record: it is indexed for linking (so later records find
// it), compared with the approved records sharing a block with it, and its pairs stored.
// A record not approved (any more) is left alone. Running it again changes nothing.
// It returns how many pairs the record is in.
func (p *Pipeline) LinkRecord(ctx context.Context, id int64) (int, error) {
	recs, err := p.DB.LinkRecords(ctx, []int64{id})
	if err != nil {
		return 0, err
	} else if len(recs) == 0 {
		return 0, p.DB.MarkLinked(ctx, id) // marks it only if published: then it has no fields
	}
	r := recs[0]
	if err := p.DB.IndexForLinking(ctx, r); err != nil {
		return 0, err
	}
	// Crowded blocks give way to their district's, as in a full run: the candidates of a
	// common name stay few however large the registry grows.
	sizes, err := p.DB.BlockSizes(ctx, linkage.BlockKeys(r))
	if err != nil {
		return 0, err
	}
	ids, err := p.DB.LinkCandidates(ctx, id, linkage.SearchKeys(r, sizes))
	if err != nil {
		return 0, err
	}
	cands, err := p.DB.LinkRecords(ctx, ids)
	if err != nil {
		return 0, err
	}
	all := append(cands, r)
	freq, err := p.DB.NameFrequencies(ctx, all)
	if err != nil {
		return 0, err
	}
	l := linkage.NewLinker()
	l.Workers = 1
	res := l.Link(all, freq)
	var mine []linkage.Pair
	for _, pr := range append(res.Links, res.Review...) {
		if pr.A == id || pr.B == id {
			mine = append(mine, pr)
		}
	}
	return len(mine), p.DB.SaveLinksOf(ctx, id, mine)
}
