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
	w := whereOf(q)
	order := "event_date DESC NULLS LAST, record_id"
	if len(w.score) > 0 && !q.SortDate {
		order = strings.Join(w.score, " + ") + " DESC, " + order
	}
	res := &civreg.SearchResult{Hits: []civreg.SearchHit{}}
	// One snapshot for reading the live generation and its rows, so a reindex swapping in a
	// new generation meanwhile cannot leave this search looking at a deleted one.
	tx, err := s.db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, wrap(err, "search")
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := w.count(ctx, tx, res); err != nil {
		return nil, wrap(err, "search")
	}
	if res.Total > 200 {
		// Many hits: walk the date index in order and stop after the page, instead of
		// fetching every hit to rank it. Ranking by likeness is kept for narrow searches.
		order = "event_date DESC NULLS LAST, record_id"
		if _, err := tx.Exec(ctx, `SET LOCAL enable_bitmapscan = off`); err != nil {
			return nil, wrap(err, "search")
		}
	}
	rows, err := tx.Query(ctx, fmt.Sprintf(`SELECT record_id, record_type, status, fields FROM search_docs WHERE %s ORDER BY %s LIMIT %d OFFSET %d`,
		w.cond(), order, q.PerPage, (q.Page-1)*q.PerPage), w.args...)
	if err != nil {
		return nil, wrap(err, "search")
	}
	res.Hits, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (civreg.SearchHit, error) {
		var h civreg.SearchHit
		err := row.Scan(&h.RecordID, &h.RecordType, &h.Status, &h.Fields)
		return h, err
	})
	if err != nil {
		return nil, wrap(err, "search")
	}
	return res, nil
}

// searchWhere is a search's SQL condition, its parameters and its likeness scores. The first
// parameter is the live generation, filled in by count: a constant plans better.
type searchWhere struct {
	where []string
	args  []any
	score []string
}

func (w *searchWhere) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *searchWhere) add(cond string, v any) { w.where = append(w.where, fmt.Sprintf(cond, w.arg(v))) }

func (w *searchWhere) cond() string { return strings.Join(w.where, " AND ") }

// likeEscaped is word with LIKE's wildcards (and its escape) taken literally: a search for
// "%" or "_" finds those characters, not every record.
func likeEscaped(word string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(word)
}

// whereOf turns a parsed query into SQL over search_docs.
func whereOf(q civreg.SearchQuery) *searchWhere {
	w := &searchWhere{where: []string{"generation = $1"}, args: []any{0}}
	for _, word := range q.Words {
		a, like := w.arg(word), w.arg(likeEscaped(word))
		// A name within one wrong letter (two for names of six letters or more): the trigram
		// index narrows, the edit distance decides. Or the word anywhere in the indexed text.
		k := 1
		if len([]rune(word)) >= 6 {
			k = 2
		}
		match := fmt.Sprintf(`(name_words && ARRAY(SELECT word FROM name_vocab WHERE word %% civreg_unaccent(%[1]s)
				AND levenshtein_less_equal(word, civreg_unaccent(%[1]s), %[2]d) <= %[2]d)
			OR body LIKE '%%' || civreg_unaccent(%[3]s) || '%%' ESCAPE '\')`, a, k, like)
		if sound := linkage.SoundKey(word); sound != "" {
			// Or a name that sounds the same, ranked below every match of the spelling.
			w.where = append(w.where, fmt.Sprintf("(%s OR name_sounds @> ARRAY[%s])", match, w.arg(sound)))
			w.score = append(w.score, fmt.Sprintf("(CASE WHEN %s THEN 1 ELSE 0 END)", match))
		} else {
			w.where = append(w.where, match)
		}
		w.score = append(w.score, fmt.Sprintf("word_similarity(civreg_unaccent(%s), names)", a))
	}
	filters := []struct {
		set  bool
		cond string
		v    any
	}{
		{q.Date != "", "event_date = %s::date", q.Date},
		{q.Year != 0, "extract(year FROM event_date) = %s", q.Year},
		{q.RegNumber != "", "reg_number = %s", q.RegNumber},
		{q.Type != "" && q.Type != civreg.Unknown, "record_type = %s", string(q.Type)},
		{q.District != "", "district = %s", q.District},
		{q.From != "", "event_date >= %s::date", q.From},
		{q.To != "", "event_date <= %s::date", q.To},
		{true, "status = ANY(%s)", texts(q.Statuses)},
	}
	for _, f := range filters {
		if f.set {
			w.add(f.cond, f.v)
		}
	}
	return w
}

// count reads the live generation and counts the hits, up to MaxTotal: past that the number
// is shown as "more than", and a common name is not worth reading every record that holds it.
func (w *searchWhere) count(ctx context.Context, tx pgx.Tx, res *civreg.SearchResult) error {
	// Loose enough for a short name with a wrong letter; the edit distance decides.
	if _, err := tx.Exec(ctx, `SET LOCAL pg_trgm.similarity_threshold = 0.2`); err != nil {
		return err
	}
	if err := tx.QueryRow(ctx, `SELECT live FROM search_generation`).Scan(&w.args[0]); err != nil {
		return err
	}
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE `+w.cond()+fmt.Sprintf(` LIMIT %d) t`, MaxTotal+1), w.args...).Scan(&res.Total); err != nil {
		return err
	}
	if res.Total > MaxTotal {
		res.Total, res.More = MaxTotal, true
	}
	return nil
}

// RecordsForIndex calls fn with every record past extraction, in ID order, for a reindex.
func (db *DB) RecordsForIndex(ctx context.Context, fn func(*civreg.Record) error) error {
	var after int64
	for {
		rows, err := db.pool.Query(ctx, `SELECT id FROM records WHERE id > $1 AND status = ANY($2) ORDER BY id LIMIT 500`, after, indexedStatuses)
		if err != nil {
			return wrap(err, "records for index")
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return wrap(err, "records for index")
		}
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
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM records WHERE status = ANY($1)`, indexedStatuses).Scan(&n)
	return n, wrap(err, "records for index")
}
