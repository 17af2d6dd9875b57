// Package meili is the Meilisearch search index (civreg.SearchIndex); the folding and the
// query language it shares with the PostgreSQL index are package search's.
package meili

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"civreg"

	"github.com/meilisearch/meilisearch-go"
)

// Index is the Meilisearch search index, used when MEILI_URL is set. It implements
// civreg.SearchIndex with the same behaviour as the PostgreSQL one: words folded the same
// way, all words required, the same filters.
type Index struct {
	client  meilisearch.ServiceManager
	index   string
	timeout time.Duration
}

// meiliDoc is what Meilisearch stores of a record: the SearchDoc, with the event date also as
// a day number and a year so that ranges and years can be filtered.
type meiliDoc struct {
	civreg.SearchDoc
	EventDay  int64 `json:"event_day,omitempty"`
	EventYear int   `json:"event_year,omitempty"`
}

var meiliSettings = &meilisearch.Settings{
	SearchableAttributes: []string{"names", "body", "registration_number", "sounds"},
	FilterableAttributes: []string{"record_type", "status", "district", "event_day", "event_year", "event_date", "registration_number", "record_id"},
	SortableAttributes:   []string{"event_day", "record_id"},
	RankingRules:         []string{"words", "typo", "proximity", "attribute", "sort", "exactness", "event_day:desc"},
	TypoTolerance: &meilisearch.TypoTolerance{
		Enabled:             true,
		MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 4, TwoTypos: 6},
		DisableOnAttributes: []string{"registration_number", "sounds"},
		DisableOnWords:      []string{},
	},
}

// Open connects to Meilisearch at url, creates the index if missing and applies the
// settings, waiting for each task (at most timeout) and returning its error.
func Open(ctx context.Context, url, key, index string, timeout time.Duration) (*Index, error) {
	m := &Index{client: meilisearch.New(url, meilisearch.WithAPIKey(key)), index: index, timeout: timeout}
	if err := m.prepare(ctx, index); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Index) prepare(ctx context.Context, uid string) error {
	task, err := m.client.CreateIndexWithContext(ctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: "record_id"})
	if err != nil {
		return fmt.Errorf("search: meilisearch: create index %s: %w", uid, err)
	}
	if err := m.wait(ctx, task, "create index"); err != nil && !strings.Contains(err.Error(), "index_already_exists") {
		return err
	}
	task, err = m.client.Index(uid).UpdateSettingsWithContext(ctx, meiliSettings)
	if err != nil {
		return fmt.Errorf("search: meilisearch: settings of %s: %w", uid, err)
	}
	return m.wait(ctx, task, "settings")
}

// wait awaits a task and turns its failure into an error naming what failed.
func (m *Index) wait(ctx context.Context, task *meilisearch.TaskInfo, what string) error {
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	t, err := m.client.WaitForTaskWithContext(ctx, task.TaskUID, 50*time.Millisecond)
	if err != nil {
		return fmt.Errorf("search: meilisearch: %s: task %d: %w", what, task.TaskUID, err)
	}
	if t.Status != meilisearch.TaskStatusSucceeded {
		return fmt.Errorf("search: meilisearch: %s: task %d %s: %s (%s)", what, task.TaskUID, t.Status, t.Error.Message, t.Error.Code)
	}
	return nil
}

func toMeili(docs []civreg.SearchDoc) []meiliDoc {
	out := make([]meiliDoc, len(docs))
	for i, d := range docs {
		out[i] = meiliDoc{SearchDoc: d}
		if t, err := time.Parse("2006-01-02", d.EventDate); err == nil {
			out[i].EventDay, out[i].EventYear = t.Unix()/86400, t.Year()
		}
	}
	return out
}

// Put adds or replaces documents and waits until Meilisearch has them.
func (m *Index) Put(ctx context.Context, docs ...civreg.SearchDoc) error {
	return m.put(ctx, m.index, docs)
}

func (m *Index) put(ctx context.Context, uid string, docs []civreg.SearchDoc) error {
	pk := "record_id"
	task, err := m.client.Index(uid).AddDocumentsWithContext(ctx, toMeili(docs), &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		return fmt.Errorf("search: meilisearch: add documents: %w", err)
	}
	return m.wait(ctx, task, "add documents")
}

// Rebuild fills a new index and swaps it with the live one, then deletes the old.
func (m *Index) Rebuild(ctx context.Context, fill func(put func(...civreg.SearchDoc) error) error) error {
	next := m.index + "_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := m.prepare(ctx, next); err != nil {
		return err
	}
	if err := fill(func(docs ...civreg.SearchDoc) error { return m.put(ctx, next, docs) }); err != nil {
		return err
	}
	task, err := m.client.SwapIndexesWithContext(ctx, []*meilisearch.SwapIndexesParams{{Indexes: []string{m.index, next}}})
	if err != nil {
		return fmt.Errorf("search: meilisearch: swap: %w", err)
	}
	if err := m.wait(ctx, task, "swap"); err != nil {
		return err
	}
	task, err = m.client.DeleteIndexWithContext(ctx, next) // after the swap, the old documents
	if err != nil {
		return fmt.Errorf("search: meilisearch: delete old index: %w", err)
	}
	return m.wait(ctx, task, "delete old index")
}

// Filter builds Meilisearch's filter expression for a query.
func Filter(q civreg.SearchQuery) string {
	quote := func(s string) string { return strconv.Quote(s) }
	var parts []string
	statuses := make([]string, len(q.Statuses))
	for i, s := range q.Statuses {
		statuses[i] = quote(string(s))
	}
	parts = append(parts, "status IN ["+strings.Join(statuses, ", ")+"]")
	if q.Type != "" && q.Type != civreg.Unknown {
		parts = append(parts, "record_type = "+quote(string(q.Type)))
	}
	if q.District != "" {
		parts = append(parts, "district = "+quote(q.District))
	}
	day := func(s string) string {
		t, _ := time.Parse("2006-01-02", s)
		return strconv.FormatInt(t.Unix()/86400, 10)
	}
	if q.Date != "" {
		parts = append(parts, "event_date = "+quote(q.Date))
	}
	if q.Year != 0 {
		parts = append(parts, "event_year = "+strconv.Itoa(q.Year))
	}
	if q.RegNumber != "" {
		parts = append(parts, "registration_number = "+quote(q.RegNumber))
	}
	if q.From != "" {
		parts = append(parts, "event_day >= "+day(q.From))
	}
	if q.To != "" {
		parts = append(parts, "event_day <= "+day(q.To))
	}
	return strings.Join(parts, " AND ")
}

// Search runs a query: every folded word must match (typos allowed by the index settings).
func (m *Index) Search(ctx context.Context, q civreg.SearchQuery) (*civreg.SearchResult, error) {
	req := &meilisearch.SearchRequest{
		Filter:           Filter(q),
		Page:             int64(q.Page),
		HitsPerPage:      ptr(int64(q.PerPage)),
		MatchingStrategy: meilisearch.All,
	}
	if q.SortDate || len(q.Words) == 0 {
		req.Sort = []string{"event_day:desc", "record_id:asc"}
	}
	resp, err := m.client.Index(m.index).SearchWithContext(ctx, strings.Join(q.Words, " "), req)
	if err != nil {
		var me *meilisearch.Error
		if errors.As(err, &me) {
			return nil, fmt.Errorf("search: meilisearch: %s: %w", me.MeilisearchApiError.Message, err)
		}
		return nil, fmt.Errorf("search: meilisearch: %w", civreg.Errorf(civreg.EUNAVAILABLE, "the search service is not answering: try again shortly"))
	}
	var docs []meiliDoc
	if err := resp.Hits.DecodeWith(&docs, json.Marshal, json.Unmarshal); err != nil {
		return nil, fmt.Errorf("search: meilisearch: hits: %w", err)
	}
	res := &civreg.SearchResult{Total: int(resp.TotalHits), Hits: []civreg.SearchHit{}}
	for _, d := range docs {
		res.Hits = append(res.Hits, civreg.SearchHit{RecordID: d.RecordID, RecordType: d.Type, Status: d.Status, Fields: d.Fields})
	}
	return m.withSounds(ctx, q, res)
}

func ptr[T any](v T) *T { return &v }
