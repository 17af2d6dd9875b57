package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// reviewOrder puts the worst-read records first: nothing read at all, then the lowest field
// confidence, then the most fields to check, then the oldest.
const reviewOrder = `coalesce(min(f.confidence), 0), count(f.key) FILTER (WHERE f.needs_review) DESC, r.status_at, r.id`

// where builds the filter's conditions over records r, its fields f aggregated (HAVING) and
// the arguments, for user u ("mine").
func queueWhere(q civreg.QueueFilter, u *civreg.User) (where, having string, args []any, err error) {
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	var conds []string
	switch q.Tab {
	case "", civreg.TabCheck:
		conds = append(conds, "r.status = "+arg(string(civreg.StatusNeedsReview)))
	case civreg.TabRescan:
		conds = append(conds, "r.status = "+arg(string(civreg.StatusRejected)))
	case civreg.TabMine:
		if u == nil {
			return "", "", nil, civreg.Errorf(civreg.EINVALID, "whose records?")
		}
		uid, name := arg(u.ID), arg(u.Name)
		conds = append(conds, `(r.approved_by = `+name+` OR EXISTS (SELECT 1 FROM field_versions fv WHERE fv.record_id = r.id AND fv.changed_by = `+uid+` AND fv.changed_at > now() - interval '7 days')
			OR EXISTS (SELECT 1 FROM audit_log a WHERE a.record_id = r.id AND a.user_id = `+uid+` AND a.action IN ('record.approve', 'record.reject') AND a.at > now() - interval '7 days'))`)
	default:
		return "", "", nil, civreg.Errorf(civreg.EINVALID, "no work queue %q: the queues are %s, %s and %s", q.Tab, civreg.TabCheck, civreg.TabRescan, civreg.TabMine)
	}
	if q.BatchID != 0 {
		conds = append(conds, "r.batch_id = "+arg(q.BatchID))
	}
	if q.RecordType != "" {
		conds = append(conds, "r.record_type = "+arg(string(q.RecordType)))
	}
	if q.District != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM fields d WHERE d.record_id = r.id AND d.key = 'registration_district' AND d.value = "+arg(q.District)+")")
	}
	if q.Below < 0 || q.Below > 1 {
		return "", "", nil, civreg.Errorf(civreg.EINVALID, "confidence %v is not between 0 and 1", q.Below)
	}
	if q.Below > 0 {
		having = " HAVING coalesce(min(f.confidence), 0) < " + arg(q.Below)
	}
	return strings.Join(conds, " AND "), having, args, nil
}

// WorkQueue lists the records of one work queue for u, filtered: waiting ones worst-read
// first, the reviewer's own most recent first; each with its names and who holds it.
func (db *DB) WorkQueue(ctx context.Context, u *civreg.User, q civreg.QueueFilter) ([]civreg.QueueItem, error) {
	where, having, args, err := queueWhere(q, u)
	if err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		q.Limit = 200
	}
	order := reviewOrder
	if q.Tab == civreg.TabMine {
		order = "r.updated_at DESC, r.id DESC"
	}
	args = append(args, civreg.NameFields(), q.Limit)
	names, limit := fmt.Sprintf("$%d", len(args)-1), fmt.Sprintf("$%d", len(args))
	rows, err := db.pool.Query(ctx, `SELECT r.id, r.batch_id, b.name, r.record_type, r.status, count(f.key),
			count(f.key) FILTER (WHERE f.needs_review), coalesce(min(f.confidence), 0), r.error, r.status_at,
			coalesce(string_agg(f.value, ' · ' ORDER BY array_position(`+names+`::text[], f.key)) FILTER (WHERE f.key = ANY(`+names+`::text[])), ''),
			coalesce(max(f.value) FILTER (WHERE f.key = 'registration_district'), ''),
			(SELECT u.name FROM record_claims c JOIN users u ON u.id = c.user_id WHERE c.record_id = r.id AND c.expires_at > now()),
			(SELECT c.claimed_at FROM record_claims c WHERE c.record_id = r.id AND c.expires_at > now())
		FROM records r JOIN batches b ON b.id = r.batch_id LEFT JOIN fields f ON f.record_id = r.id
		WHERE `+where+`
		GROUP BY r.id, b.name`+having+` ORDER BY `+order+` LIMIT `+limit, args...)
	return collect(rows, err, scanQueueItem, "work queue")
}

func scanQueueItem(row pgx.CollectableRow) (civreg.QueueItem, error) {
	var it civreg.QueueItem
	var claimedBy *string
	err := row.Scan(&it.RecordID, &it.BatchID, &it.BatchName, &it.RecordType, &it.Status, &it.Fields, &it.ToCheck, &it.MinConfidence,
		&it.Problem, &it.Waiting, &it.Names, &it.District, &claimedBy, &it.ClaimedSince)
	if claimedBy != nil {
		it.ClaimedBy = *claimedBy
	}
	return it, err
}

// ReviewQueue lists records waiting for review, worst-read first.
func (db *DB) ReviewQueue(ctx context.Context, limit int) ([]civreg.QueueItem, error) {
	return db.WorkQueue(ctx, nil, civreg.QueueFilter{Tab: civreg.TabCheck, Limit: limit})
}

// NextForReview returns the worst-read record waiting for review for u, within filter q
// (its tab is ignored): not after (the one just finished), not claimed by someone else, not
// skipped by u lately. ENOTFOUND when none is left.
func (db *DB) NextForReview(ctx context.Context, u *civreg.User, after int64, q civreg.QueueFilter) (int64, error) {
	q.Tab = civreg.TabCheck
	where, having, args, err := queueWhere(q, u)
	if err != nil {
		return 0, err
	}
	args = append(args, after, u.ID, skipFor.String())
	n := len(args)
	var id int64
	err = db.pool.QueryRow(ctx, fmt.Sprintf(`SELECT r.id FROM records r LEFT JOIN fields f ON f.record_id = r.id
		WHERE %s AND r.id <> $%d
			AND NOT EXISTS (SELECT 1 FROM record_claims c WHERE c.record_id = r.id AND c.expires_at > now() AND c.user_id <> $%d)
			AND NOT EXISTS (SELECT 1 FROM record_skips s WHERE s.record_id = r.id AND s.user_id = $%d AND s.skipped_at > now() - $%d::interval)
		GROUP BY r.id%s ORDER BY %s LIMIT 1`, where, n-2, n-1, n-1, n, having, reviewOrder), args...).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, civreg.Errorf(civreg.ENOTFOUND, "no records are waiting for review")
	}
	return id, wrap(err, "next record for review")
}
