package meili

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"civreg"
	"civreg/search"

	"github.com/meilisearch/meilisearch-go"
)

// meiliMaxTotal is how far a search by sound counts, as the PostgreSQL search does.
const meiliMaxTotal = 1000

// withSounds adds to a Meilisearch answer the records whose names sound like the query's
// words ("Fahey" finds "Fahie"), after every record matched by spelling: the order is the
// spelling matches as Meilisearch ranked them, then the sound matches. A query sorted by
// date, or with no word that has a sound, is answered as it was.
func (m *Index) withSounds(ctx context.Context, q civreg.SearchQuery, res *civreg.SearchResult) (*civreg.SearchResult, error) {
	var sounds []string
	for _, w := range q.Words {
		if k := search.Sound(w); k != "" {
			sounds = append(sounds, k)
		}
	}
	if len(sounds) == 0 || q.SortDate {
		return res, nil
	}
	spelt, err := m.ids(ctx, strings.Join(q.Words, " "), Filter(q), nil)
	if err != nil {
		return nil, err
	}
	sounded, err := m.ids(ctx, strings.Join(sounds, " "), Filter(q), []string{"sounds"})
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, id := range spelt {
		seen[id] = true
	}
	var extra []int64
	for _, id := range sounded {
		if !seen[id] {
			extra = append(extra, id)
		}
	}
	res.Total = min(len(spelt)+len(extra), meiliMaxTotal)
	res.More = len(spelt) == meiliMaxTotal || len(sounded) == meiliMaxTotal
	// This page's share of the sound matches: what follows the spelling matches on it.
	from := max((q.Page-1)*q.PerPage-len(spelt), 0)
	to := min(max(q.Page*q.PerPage-len(spelt), 0), len(extra))
	if from >= to {
		return res, nil
	}
	hits, err := m.byID(ctx, extra[from:to])
	if err != nil {
		return nil, err
	}
	res.Hits = append(res.Hits, hits...)
	return res, nil
}

// ids returns the IDs of the records matching text (on the attributes given, or all), in
// Meilisearch's ranking, up to meiliMaxTotal.
func (m *Index) ids(ctx context.Context, text, filter string, on []string) ([]int64, error) {
	resp, err := m.client.Index(m.index).SearchWithContext(ctx, text, &meilisearch.SearchRequest{
		Filter: filter, Limit: meiliMaxTotal, AttributesToRetrieve: []string{"record_id"},
		AttributesToSearchOn: on, MatchingStrategy: meilisearch.All,
	})
	if err != nil {
		return nil, fmt.Errorf("search: meilisearch: by sound: %w", civreg.Errorf(civreg.EUNAVAILABLE, "the search service is not answering: try again shortly"))
	}
	var docs []struct {
		RecordID int64 `json:"record_id"`
	}
	if err := resp.Hits.DecodeInto(&docs); err != nil {
		return nil, fmt.Errorf("search: meilisearch: hits: %w", err)
	}
	out := make([]int64, len(docs))
	for i, d := range docs {
		out[i] = d.RecordID
	}
	return out, nil
}

// byID fetches the records ids, in that order.
func (m *Index) byID(ctx context.Context, ids []int64) ([]civreg.SearchHit, error) {
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	resp, err := m.client.Index(m.index).SearchWithContext(ctx, "", &meilisearch.SearchRequest{
		Filter: "record_id IN [" + strings.Join(list, ", ") + "]", Limit: int64(len(ids)),
	})
	if err != nil {
		return nil, fmt.Errorf("search: meilisearch: by sound: %w", civreg.Errorf(civreg.EUNAVAILABLE, "the search service is not answering: try again shortly"))
	}
	var docs []meiliDoc
	if err := resp.Hits.DecodeInto(&docs); err != nil {
		return nil, fmt.Errorf("search: meilisearch: hits: %w", err)
	}
	at := map[int64]meiliDoc{}
	for _, d := range docs {
		at[d.RecordID] = d
	}
	var out []civreg.SearchHit
	for _, id := range ids {
		if d, ok := at[id]; ok {
			out = append(out, civreg.SearchHit{RecordID: d.RecordID, RecordType: d.Type, Status: d.Status, Fields: d.Fields})
		}
	}
	return out, nil
}
