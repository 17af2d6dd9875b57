package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"civreg"
	"civreg/linkage"

	"github.com/jackc/pgx/v5"
)

// Search is the PostgreSQL search index (pg_trgm on folded text), used where no Meilisearch
// is configured. It implements civreg.SearchIndex.
type Search struct{ db *DB }

// Search returns the PostgreSQL search index.
func (db *DB) Search() *Search { return &Search{db} }

const putDoc = `INSERT INTO search_docs (generation, record_id, version, record_type, status, district, event_date, reg_number, names, name_words, body, fields)
	VALUES ($1, $2, $3, $4, $5, $6, nullif($7, '')::date, $8, civreg_unaccent($9), regexp_split_to_array(civreg_unaccent($9), '\s+'), civreg_unaccent($10), $11)
	ON CONFLICT (generation, record_id) DO UPDATE SET version = $3, record_type = $4, status = $5, district = $6,
		event_date = nullif($7, '')::date, reg_number = $8, names = civreg_unaccent($9),
		name_words = regexp_split_to_array(civreg_unaccent($9), '\s+'), body = civreg_unaccent($10), fields = $11
	WHERE search_docs.version <= $3`

// Put adds or replaces documents in the live generation (and in a generation being rebuilt,
// so a change made during a reindex is not lost when it is swapped in).
func (s *Search) Put(ctx context.Context, docs ...civreg.SearchDoc) error {
	return s.db.inTx(ctx, "search put", func(tx pgx.Tx) error {
		var live int
		if err := tx.QueryRow(ctx, `SELECT live FROM search_generation`).Scan(&live); err != nil {
			return err
		}
		var gens []int
		rows, err := tx.Query(ctx, `SELECT DISTINCT generation FROM search_docs WHERE generation > $1`, live)
		if err != nil {
			return err
		}
		for rows.Next() {
			var g int
			rows.Scan(&g)
			gens = append(gens, g)
		}
		rows.Close()
		for _, g := range append(gens, live) {
			if err := s.put(ctx, tx, g, docs); err != nil {
				return err
			}
		}
		return nil
	})
}

// put writes documents in one round trip (a pgx batch).
func (s *Search) put(ctx context.Context, q batcher, gen int, docs []civreg.SearchDoc) error {
	b := &pgx.Batch{}
	for _, d := range docs {
		f, _ := json.Marshal(d.Fields)
		b.Queue(putDoc, gen, d.RecordID, d.Version, string(d.Type), string(d.Status), d.District, d.EventDate, d.RegNumber, d.Names, d.Body, f)
		b.Queue(`UPDATE search_docs SET name_sounds = $4 WHERE generation = $1 AND record_id = $2 AND version = $3`, gen, d.RecordID, d.Version, strings.Fields(d.Sounds))
	}
	var words []string
	for _, d := range docs {
		words = append(words, strings.Fields(d.Names)...)
	}
	b.Queue(`INSERT INTO name_vocab SELECT DISTINCT civreg_unaccent(w) FROM unnest($1::text[]) w ON CONFLICT DO NOTHING`, words)
	if err := q.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("search documents: %w", err)
	}
	return nil
}

type batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Size is the index's size on disk, indexes included, in bytes.
func (s *Search) Size(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.pool.QueryRow(ctx, `SELECT pg_total_relation_size('search_docs')`).Scan(&n)
	return n, wrap(err, "search size")
}

// Rebuild fills the next generation and swaps it in; the old one is dropped after.
func (s *Search) Rebuild(ctx context.Context, fill func(put func(...civreg.SearchDoc) error) error) error {
	var live int
	if err := s.db.pool.QueryRow(ctx, `SELECT live FROM search_generation`).Scan(&live); err != nil {
		return wrap(err, "search rebuild")
	}
	next := live + 1
	if _, err := s.db.pool.Exec(ctx, `DELETE FROM search_docs WHERE generation = $1`, next); err != nil {
		return wrap(err, "search rebuild")
	}
	err := fill(func(docs ...civreg.SearchDoc) error {
		return wrap(s.put(ctx, s.db.pool, next, docs), "search rebuild")
	})
	if err != nil {
		return err
	}
	err = s.db.inTx(ctx, "search swap", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE search_generation SET live = $1`, next); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE generation < $1`, next)
		return err
	})
	if err != nil {
		return err
	}
	// Fresh statistics, or the planner scans every row instead of the indexes; and the old
	// generation's dead rows gone.
	_, err = s.db.pool.Exec(ctx, `VACUUM ANALYZE search_docs`)
	return wrap(err, "search vacuum")
}

// MaxTotal is how far a search counts its hits.
const MaxTotal = 1000

// Search runs a query. Words match names by trigram word similarity (typos, OCR's
// confusions folded away before) or any indexed text; all words must match.
func (s *Search) Search(ctx context.Context, q civreg.SearchQuery) (*civreg.SearchResult, error) {
	where := []string{"generation = $1"} // the live generation, read first: a constant plans better
	args := []any{0}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var score []string
	for _, w := range q.Words {
		a := arg(w)
		// A name within one wrong letter (two for names of six letters or more): the trigram
		// index narrows, the edit distance decides. Or the word anywhere in the indexed text.
		k := 1
		if len([]rune(w)) >= 6 {
			k = 2
		}
		match := fmt.Sprintf(`(name_words && ARRAY(SELECT word FROM name_vocab WHERE word %% civreg_unaccent(%[1]s)
				AND levenshtein_less_equal(word, civreg_unaccent(%[1]s), %[2]d) <= %[2]d)
			OR body LIKE '%%' || civreg_unaccent(%[1]s) || '%%')`, a, k)
		if sound := linkage.SoundKey(w); sound != "" {
			// Or a name that sounds the same, ranked below every match of the spelling.
			where = append(where, fmt.Sprintf("(%s OR name_sounds @> ARRAY[%s])", match, arg(sound)))
			score = append(score, fmt.Sprintf("(CASE WHEN %s THEN 1 ELSE 0 END)", match))
		} else {
			where = append(where, match)
		}
		score = append(score, fmt.Sprintf("word_similarity(civreg_unaccent(%s), names)", a))
	}
	if q.Date != "" {
		where = append(where, "event_date = "+arg(q.Date)+"::date")
	}
	if q.Year != 0 {
		where = append(where, "extract(year FROM event_date) = "+arg(q.Year))
	}
	if q.RegNumber != "" {
		where = append(where, "reg_number = "+arg(q.RegNumber))
	}
	if q.Type != "" && q.Type != civreg.Unknown {
		where = append(where, "record_type = "+arg(string(q.Type)))
	}
	if q.District != "" {
		where = append(where, "district = "+arg(q.District))
	}
	if q.From != "" {
		where = append(where, "event_date >= "+arg(q.From)+"::date")
	}
	if q.To != "" {
		where = append(where, "event_date <= "+arg(q.To)+"::date")
	}
	statuses := make([]string, len(q.Statuses))
	for i, st := range q.Statuses {
		statuses[i] = string(st)
	}
	where = append(where, "status = ANY("+arg(statuses)+")")
	order := "event_date DESC NULLS LAST, record_id"
	if len(score) > 0 && !q.SortDate {
		order = strings.Join(score, " + ") + " DESC, " + order
	}
	cond := strings.Join(where, " AND ")
	res := &civreg.SearchResult{Hits: []civreg.SearchHit{}}
	// One snapshot for reading the live generation and its rows, so a reindex swapping in a
	// new generation meanwhile cannot leave this search looking at a deleted one.
	tx, err := s.db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, wrap(err, "search")
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	err = func() error {
		// Loose enough for a short name with a wrong letter; the edit distance decides.
		if _, err := tx.Exec(ctx, `SET LOCAL pg_trgm.similarity_threshold = 0.2`); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT live FROM search_generation`).Scan(&args[0]); err != nil {
			return err
		}
		// Counted up to MaxTotal: past that the number is shown as "more than", and a common
		// name is not worth reading every record that holds it.
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE `+cond+fmt.Sprintf(` LIMIT %d) t`, MaxTotal+1), args...).Scan(&res.Total); err != nil {
			return err
		}
		if res.Total > MaxTotal {
			res.Total, res.More = MaxTotal, true
		}
		if res.Total > 200 {
			// Many hits: walk the date index in order and stop after the page, instead of
			// fetching every hit to rank it. Ranking by likeness is kept for narrow searches.
			order = "event_date DESC NULLS LAST, record_id"
			if _, err := tx.Exec(ctx, `SET LOCAL enable_bitmapscan = off`); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, fmt.Sprintf(`SELECT record_id, record_type, status, fields FROM search_docs WHERE %s ORDER BY %s LIMIT %d OFFSET %d`,
			cond, order, q.PerPage, (q.Page-1)*q.PerPage), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h civreg.SearchHit
			var t, st string
			if err := rows.Scan(&h.RecordID, &t, &st, &h.Fields); err != nil {
				return err
			}
			h.RecordType, h.Status = civreg.RecordType(t), civreg.Status(st)
			res.Hits = append(res.Hits, h)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, wrap(err, "search")
	}
	return res, nil
}

// RecordsForIndex calls fn with every record past extraction, in ID order, for a reindex.
func (db *DB) RecordsForIndex(ctx context.Context, fn func(*civreg.Record) error) error {
	var after int64
	for {
		var ids []int64
		rows, err := db.pool.Query(ctx, `SELECT id FROM records WHERE id > $1 AND status IN ('needs_review','approved','archived') ORDER BY id LIMIT 500`, after)
		if err != nil {
			return wrap(err, "records for index")
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		for _, id := range ids {
			r, err := db.Record(ctx, id)
			if err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
			after = id
		}
	}
}

// CountForIndex counts the records a reindex will index, for its progress bar.
func (db *DB) CountForIndex(ctx context.Context) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM records WHERE status IN ('needs_review','approved','archived')`).Scan(&n)
	return n, wrap(err, "records for index")
}
