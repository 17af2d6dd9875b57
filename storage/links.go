package storage

import (
	"context"
	"errors"
	"strings"
	"time"

	"civreg"
	"civreg/linkage"

	"github.com/jackc/pgx/v5"
)

const linkColumns = `l.id, l.a, l.b, l.role, l.kind, l.state, l.score, l.why, coalesce(u.name, ''), l.decided_at`

func scanLinks(rows pgx.Rows) ([]linkage.Link, error) {
	defer rows.Close()
	var out []linkage.Link
	for rows.Next() {
		var l linkage.Link
		if err := rows.Scan(&l.ID, &l.A, &l.B, &l.Role, &l.Kind, &l.State, &l.Score, &l.Why, &l.DecidedBy, &l.DecidedAt); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// linkable are the statuses whose records are linked, the published ones of the lifecycle
// table, as an SQL list (constants of the root package, so nothing to escape).
var linkable = "('" + strings.Join(publishedStatuses, "','") + "')"

// LinkRecords returns the approved records among ids as the linkage reads them, each birth
// with the surnames its child took at marriages linked to it.
func (db *DB) LinkRecords(ctx context.Context, ids []int64) ([]linkage.Record, error) {
	rows, err := db.pool.Query(ctx, `SELECT r.id, r.record_type, f.key, f.value FROM records r JOIN fields f ON f.record_id = r.id
		WHERE r.id = ANY($1) AND r.status IN `+linkable+` ORDER BY r.id`, ids)
	if err != nil {
		return nil, wrap(err, "records to link")
	}
	out, err := collectLinkRecords(rows)
	if err != nil {
		return nil, wrap(err, "records to link")
	}
	return out, wrap(db.addMarried(ctx, out), "records to link")
}

func collectLinkRecords(rows pgx.Rows) ([]linkage.Record, error) {
	defer rows.Close()
	var out []linkage.Record
	for rows.Next() {
		var id int64
		var t, k, v string
		if err := rows.Scan(&id, &t, &k, &v); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, linkage.Record{ID: id, Type: civreg.RecordType(t), Fields: map[string]string{}})
		}
		out[len(out)-1].Fields[k] = v
	}
	return out, rows.Err()
}

// addMarried fills in each birth's married surnames: the groom's name of every marriage
// linked to it as bride.
func (db *DB) addMarried(ctx context.Context, recs []linkage.Record) error {
	at := map[int64]int{}
	var births []int64
	for i, r := range recs {
		if r.Type == civreg.Birth {
			at[r.ID] = i
			births = append(births, r.ID)
		}
	}
	if len(births) == 0 {
		return nil
	}
	rows, err := db.pool.Query(ctx, `SELECT l.a, f.value FROM record_links l JOIN fields f ON f.record_id = l.b AND f.key = 'groom_name'
		WHERE l.a = ANY($1) AND l.role = 'bride' AND l.state = 'linked'`, births)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var groom string
		if err := rows.Scan(&id, &groom); err != nil {
			return err
		}
		recs[at[id]].Married = append(recs[at[id]].Married, groom)
	}
	return rows.Err()
}

// AllLinkRecords calls fn with every approved record, in ID order, for a full linkage run.
func (db *DB) AllLinkRecords(ctx context.Context, fn func(linkage.Record) error) error {
	var after int64
	for {
		rows, err := db.pool.Query(ctx, `SELECT r.id, r.record_type, f.key, f.value FROM records r JOIN fields f ON f.record_id = r.id
			WHERE r.id IN (SELECT id FROM records WHERE id > $1 AND status IN `+linkable+` ORDER BY id LIMIT 5000) ORDER BY r.id`, after)
		if err != nil {
			return wrap(err, "records to link")
		}
		recs, err := collectLinkRecords(rows)
		if err != nil {
			return wrap(err, "records to link")
		}
		if len(recs) == 0 {
			return nil
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		after = recs[len(recs)-1].ID
	}
}

// IndexForLinking replaces a record's blocks and names, so later records find it as a
// candidate and the name frequencies count it once, however often it is indexed.
func (db *DB) IndexForLinking(ctx context.Context, r linkage.Record) error {
	return db.inTx(ctx, "index record for linking", func(tx pgx.Tx) error {
		var old int
		if err := tx.QueryRow(ctx, `WITH d AS (DELETE FROM link_names WHERE record_id = $1 AND part = 'surname' RETURNING 1)
			SELECT count(*) FROM d`, r.ID).Scan(&old); err != nil {
			return err
		}
		b := &pgx.Batch{}
		b.Queue(`DELETE FROM link_names WHERE record_id = $1`, r.ID)
		b.Queue(`DELETE FROM link_blocks WHERE record_id = $1`, r.ID)
		b.Queue(`INSERT INTO link_blocks (key, record_id) SELECT DISTINCT unnest($2::bigint[]), $1::bigint`, r.ID, linkage.BlockKeys(r))
		given, surnames := nameParts(linkage.Names(r))
		b.Queue(`INSERT INTO link_names (record_id, part, name) SELECT $1::bigint, 'given', unnest($2::text[])`, r.ID, given)
		b.Queue(`INSERT INTO link_names (record_id, part, name) SELECT $1::bigint, 'surname', unnest($2::text[])`, r.ID, surnames)
		b.Queue(`UPDATE link_people SET people = people - $1 + $2`, old, len(surnames))
		return tx.SendBatch(ctx, b).Close()
	})
}

// nameParts lists the given and middle names, and the surnames (one a person), of names.
func nameParts(names []linkage.Name) (given, surnames []string) {
	given, surnames = []string{}, []string{}
	for _, n := range names {
		if n.Given != "" {
			given = append(given, n.Given)
		}
		given = append(given, n.Middle...)
		surnames = append(surnames, n.Surname)
	}
	return given, surnames
}

// LinkCandidates returns the approved records sharing a block with keys, other than id.
func (db *DB) LinkCandidates(ctx context.Context, id int64, keys []int64) ([]int64, error) {
	rows, err := db.pool.Query(ctx, `SELECT DISTINCT b.record_id FROM link_blocks b JOIN records r ON r.id = b.record_id
		WHERE b.key = ANY($1) AND b.record_id <> $2 AND r.status IN `+linkable+` LIMIT 20000`, keys, id)
	if err != nil {
		return nil, wrap(err, "link candidates of %d", id)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap(err, "link candidates of %d", id)
}

// BlockSizes counts the records indexed in each of keys' blocks (keys with none are left out).
func (db *DB) BlockSizes(ctx context.Context, keys []int64) (map[int64]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT key, count(*) FROM link_blocks WHERE key = ANY($1) GROUP BY key`, keys)
	if err != nil {
		return nil, wrap(err, "block sizes")
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var k int64
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, wrap(err, "block sizes")
		}
		out[k] = n
	}
	return out, wrap(rows.Err(), "block sizes")
}

// NameFrequencies counts, over every record indexed for linking, the names of recs.
func (db *DB) NameFrequencies(ctx context.Context, recs []linkage.Record) (*linkage.Frequencies, error) {
	var all []linkage.Name
	for _, r := range recs {
		all = append(all, linkage.Names(r)...)
	}
	given, surnames := nameParts(all)
	f := &linkage.Frequencies{Given: map[string]int{}, Surnames: map[string]int{}}
	if err := db.pool.QueryRow(ctx, `SELECT people FROM link_people`).Scan(&f.People); err != nil {
		return nil, wrap(err, "name frequencies")
	}
	rows, err := db.pool.Query(ctx, `SELECT part, name, count(*) FROM link_names
		WHERE (part = 'given' AND name = ANY($1)) OR (part = 'surname' AND name = ANY($2)) GROUP BY part, name`, given, surnames)
	if err != nil {
		return nil, wrap(err, "name frequencies")
	}
	defer rows.Close()
	for rows.Next() {
		var part, name string
		var n int
		if err := rows.Scan(&part, &name, &n); err != nil {
			return nil, wrap(err, "name frequencies")
		}
		if part == "given" {
			f.Given[name] = n
		} else {
			f.Surnames[name] = n
		}
	}
	return f, wrap(rows.Err(), "name frequencies")
}

// SaveLinksOf stores what linking record id found: its pairs are added or their scores
// brought up to date, and pairs of it the linkage no longer proposes are removed; a pair a
// person has decided is left as they decided it. Running it twice changes nothing.
func (db *DB) SaveLinksOf(ctx context.Context, id int64, pairs []linkage.Pair) error {
	return db.inTx(ctx, "save links", func(tx pgx.Tx) error {
		var keep []int64
		for _, p := range pairs {
			var lid int64
			err := tx.QueryRow(ctx, upsertLink, p.A, p.B, string(p.Role), string(p.Kind), pairState(p), p.Score, p.Why).Scan(&lid)
			if errors.Is(err, pgx.ErrNoRows) { // decided by a person: theirs stands
				err = tx.QueryRow(ctx, `SELECT id FROM record_links WHERE a = $1 AND b = $2 AND role = $3`, p.A, p.B, string(p.Role)).Scan(&lid)
			}
			if err != nil {
				return err
			}
			keep = append(keep, lid)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM record_links l WHERE (a = $1 OR b = $1) AND decided_by IS NULL AND NOT (id = ANY($2))
			AND NOT EXISTS (SELECT 1 FROM link_decisions d WHERE d.link_id = l.id)`, id, keep); err != nil {
			return err
		}
		return markLinked(ctx, tx, []int64{id})
	})
}

// markLinked notes that linking has run on the present version of each of ids that is
// published, in the transaction that stored its links: reconcile leaves them alone from then
// on. A record not published is not marked, so its approval is still followed by linking.
func markLinked(ctx context.Context, tx pgx.Tx, ids []int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO link_runs (record_id, version) SELECT id, version FROM records
		WHERE id = ANY($1) AND status IN `+linkable+`
		ON CONFLICT (record_id) DO UPDATE SET version = excluded.version, linked_at = now()`, ids)
	return err
}

// MarkLinked notes that linking has run on record id when there was nothing to link it by (a
// published record with no fields), so reconcile does not enqueue it again and again.
func (db *DB) MarkLinked(ctx context.Context, id int64) error {
	return db.inTx(ctx, "mark record linked", func(tx pgx.Tx) error { return markLinked(ctx, tx, []int64{id}) })
}

// Unlinked lists, oldest first, published records whose status has stood for stuckAfter and
// whose present version has not been linked: their link:record task was lost (or has not
// run yet, which the queue tells apart).
func (db *DB) Unlinked(ctx context.Context, stuckAfter time.Duration, limit int) ([]linkage.Unlinked, error) {
	rows, err := db.pool.Query(ctx, `SELECT r.id, r.version FROM records r LEFT JOIN link_runs l ON l.record_id = r.id
		WHERE r.status IN `+linkable+` AND r.status_at < now() - $1::interval AND (l.version IS NULL OR l.version < r.version)
		ORDER BY r.id LIMIT $2`, stuckAfter.String(), limit)
	return collect(rows, err, pgx.RowToStructByPos[linkage.Unlinked], "records not linked")
}

const upsertLink = `INSERT INTO record_links (a, b, role, kind, state, score, why) VALUES ($1, $2, $3, $4, $5, $6, $7)
	ON CONFLICT (a, b, role) DO UPDATE SET kind = $4, state = $5, score = $6, why = $7, updated_at = now()
	WHERE record_links.decided_by IS NULL
	RETURNING id`

func pairState(p linkage.Pair) string {
	if p.Linked {
		return linkage.LinkLinked
	}
	return linkage.LinkReview
}

// ReplaceLinks stores a full linkage run: every pair no person has decided is replaced by
// the run's, and the blocks and names of every record by recs'. One transaction: a reader
// sees the old links or the new, never half.
func (db *DB) ReplaceLinks(ctx context.Context, recs []linkage.Record, pairs []linkage.Pair) error {
	return db.inTx(ctx, "replace links", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM record_links l WHERE decided_by IS NULL
			AND NOT EXISTS (SELECT 1 FROM link_decisions d WHERE d.link_id = l.id)`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE new_links (a bigint, b bigint, role text, kind text, state text, score float8, why text) ON COMMIT DROP`); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"new_links"}, []string{"a", "b", "role", "kind", "state", "score", "why"},
			pgx.CopyFromSlice(len(pairs), func(i int) ([]any, error) {
				p := pairs[i]
				return []any{p.A, p.B, string(p.Role), string(p.Kind), pairState(p), p.Score, p.Why}, nil
			}))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO record_links (a, b, role, kind, state, score, why)
			SELECT a, b, role, kind, state, score, why FROM new_links ON CONFLICT (a, b, role) DO NOTHING`); err != nil {
			return err
		}
		if err := replaceLinkIndex(ctx, tx, recs); err != nil {
			return err
		}
		ids := make([]int64, len(recs))
		for i, r := range recs {
			ids[i] = r.ID
		}
		return markLinked(ctx, tx, ids)
	})
}

func replaceLinkIndex(ctx context.Context, tx pgx.Tx, recs []linkage.Record) error {
	if _, err := tx.Exec(ctx, `TRUNCATE link_blocks, link_names`); err != nil {
		return err
	}
	var blocks, names [][]any
	people := 0
	for _, r := range recs {
		for _, k := range linkage.BlockKeys(r) {
			blocks = append(blocks, []any{k, r.ID})
		}
		given, surnames := nameParts(linkage.Names(r))
		for _, g := range given {
			names = append(names, []any{r.ID, "given", g})
		}
		for _, s := range surnames {
			names = append(names, []any{r.ID, "surname", s})
		}
		people += len(surnames)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"link_blocks"}, []string{"key", "record_id"}, pgx.CopyFromRows(dedupBlocks(blocks))); err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"link_names"}, []string{"record_id", "part", "name"}, pgx.CopyFromRows(names)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE link_people SET people = $1`, people)
	return err
}

// dedupBlocks drops repeated (key, record) rows: BlockKeys gives each key once per record,
// so only a record listed twice repeats.
func dedupBlocks(rows [][]any) [][]any {
	seen := make(map[[2]int64]bool, len(rows))
	out := rows[:0]
	for _, r := range rows {
		k := [2]int64{r[0].(int64), r[1].(int64)}
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// LinksOf lists the pairs record id is in, linked or for review (rejected ones too when
// withRejected), best first.
func (db *DB) LinksOf(ctx context.Context, id int64, withRejected bool) ([]linkage.Link, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+linkColumns+` FROM record_links l LEFT JOIN users u ON u.id = l.decided_by
		WHERE (l.a = $1 OR l.b = $1) AND ($2 OR l.state <> 'rejected') ORDER BY l.state, l.score DESC, l.id`, id, withRejected)
	if err != nil {
		return nil, wrap(err, "links of record %d", id)
	}
	out, err := scanLinks(rows)
	return out, wrap(err, "links of record %d", id)
}

// LinkReviewQueue lists the pairs waiting for a person, most likely first, and how many there are.
func (db *DB) LinkReviewQueue(ctx context.Context, limit, offset int) ([]linkage.Link, int, error) {
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM record_links WHERE state = 'review'`).Scan(&total); err != nil {
		return nil, 0, wrap(err, "link review queue")
	}
	rows, err := db.pool.Query(ctx, `SELECT `+linkColumns+` FROM record_links l LEFT JOIN users u ON u.id = l.decided_by
		WHERE l.state = 'review' ORDER BY l.score DESC, l.id LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, wrap(err, "link review queue")
	}
	out, err := scanLinks(rows)
	return out, total, wrap(err, "link review queue")
}

// LinkByID returns one pair, or ENOTFOUND.
func (db *DB) LinkByID(ctx context.Context, id int64) (*linkage.Link, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+linkColumns+` FROM record_links l LEFT JOIN users u ON u.id = l.decided_by WHERE l.id = $1`, id)
	if err != nil {
		return nil, wrap(err, "link %d", id)
	}
	out, err := scanLinks(rows)
	if err != nil {
		return nil, wrap(err, "link %d", id)
	}
	if len(out) == 0 {
		return nil, civreg.Errorf(civreg.ENOTFOUND, "no link %d", id)
	}
	return &out[0], nil
}

// DuplicateOf returns the first registration of the event record id registered again, or 0
// when id is not a later registration of anything.
func (db *DB) DuplicateOf(ctx context.Context, id int64) (int64, error) {
	var first int64
	err := db.pool.QueryRow(ctx, `SELECT first_id FROM duplicate_registrations WHERE record_id = $1 ORDER BY first_id LIMIT 1`, id).Scan(&first)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return first, wrap(err, "duplicate of %d", id)
}

// Person returns the linked pairs that make up the person born in birth: the birth's later
// registrations (and their first one), and the marriages and death linked to any of them.
func (db *DB) Person(ctx context.Context, birth int64) ([]linkage.Link, error) {
	rows, err := db.pool.Query(ctx, `WITH RECURSIVE cluster(id) AS (
			SELECT $1::bigint
			UNION SELECT CASE WHEN l.a = c.id THEN l.b ELSE l.a END FROM record_links l JOIN cluster c ON (l.a = c.id OR l.b = c.id)
				WHERE l.state = 'linked' AND l.kind = 'duplicate'
		)
		SELECT `+linkColumns+` FROM record_links l LEFT JOIN users u ON u.id = l.decided_by
		WHERE l.state = 'linked' AND l.a IN (SELECT id FROM cluster) ORDER BY l.kind DESC, l.role, l.b`, birth)
	if err != nil {
		return nil, wrap(err, "person born in record %d", birth)
	}
	out, err := scanLinks(rows)
	return out, wrap(err, "person born in record %d", birth)
}

// DecideLink records a person's decision on pair id: same_person or duplicate links the two
// records as that, different rejects the pair (the linkage will not propose it again), undo
// puts back what the last decision replaced. Each decision is kept, with the state it
// replaced, and audited. EINVALID when the decision does not fit the pair (a birth and a
// death are not one event registered twice), ENOTFOUND when there is no such pair.
func (db *DB) DecideLink(ctx context.Context, u *civreg.User, id int64, decision string) (*linkage.Link, error) {
	err := db.inTx(ctx, "decide link", func(tx pgx.Tx) error {
		var a, b int64
		var kind, state, ta, tb string
		err := tx.QueryRow(ctx, `SELECT l.a, l.b, l.kind, l.state, ra.record_type, rb.record_type FROM record_links l
			JOIN records ra ON ra.id = l.a JOIN records rb ON rb.id = l.b WHERE l.id = $1 FOR UPDATE OF l`, id).Scan(&a, &b, &kind, &state, &ta, &tb)
		if errors.Is(err, pgx.ErrNoRows) {
			return civreg.Errorf(civreg.ENOTFOUND, "no link %d", id)
		} else if err != nil {
			return err
		}
		newKind, newState, err := decided(ctx, tx, id, decision, kind, state, ta, tb)
		if err != nil {
			return err
		}
		uid, _ := auditActor(u)
		if _, err := tx.Exec(ctx, `INSERT INTO link_decisions (link_id, decision, old_kind, old_state, new_kind, new_state, decided_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, decision, kind, state, newKind, newState, uid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE record_links SET kind = $2, state = $3, decided_by = $4, decided_at = now(), updated_at = now()
			WHERE id = $1`, id, newKind, newState, uid); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "link.decide", a, 0, map[string]any{"link": id, "a": a, "b": b, "decision": decision,
			"from": kind + "/" + state, "to": newKind + "/" + newState})
	})
	if err != nil {
		return nil, err
	}
	return db.LinkByID(ctx, id)
}

// decided is the kind and state a decision gives a pair now of kind and state, between
// records of types ta and tb.
func decided(ctx context.Context, tx pgx.Tx, id int64, decision, kind, state, ta, tb string) (string, string, error) {
	switch decision {
	case linkage.DecideSamePerson:
		if ta == tb {
			return "", "", civreg.Errorf(civreg.EINVALID, "both records are %ss: one %s registered twice is a duplicate registration", ta, ta)
		}
		return string(linkage.SamePerson), linkage.LinkLinked, nil
	case linkage.DecideDuplicate:
		if ta != tb {
			return "", "", civreg.Errorf(civreg.EINVALID, "a %s and a %s are not one event registered twice", ta, tb)
		}
		return string(linkage.Duplicate), linkage.LinkLinked, nil
	case linkage.DecideDifferent:
		return kind, linkage.LinkRejected, nil
	case linkage.DecideUndo:
		var oldKind, oldState string
		err := tx.QueryRow(ctx, `SELECT old_kind, old_state FROM link_decisions WHERE link_id = $1 ORDER BY id DESC LIMIT 1`, id).Scan(&oldKind, &oldState)
		if errors.Is(err, pgx.ErrNoRows) {
			return "", "", civreg.Errorf(civreg.EINVALID, "link %d has no decision to undo", id)
		}
		return oldKind, oldState, err
	}
	return "", "", civreg.Errorf(civreg.EINVALID, "decision %q is not one of same_person, different, duplicate, undo", decision)
}
