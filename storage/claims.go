package storage

import (
	"context"
	"errors"
	"time"

	"civreg"

	"github.com/jackc/pgx/v5"
)

// ClaimLease is how long a claim on a record lasts without being renewed: the review screen
// renews it every 30 seconds while the reviewer works (a background tab perhaps once a
// minute), so a record left without a release (a crash, a lost connection) waits only this long.
const ClaimLease = 3 * time.Minute

// skipFor is how long a skipped record stays out of the skipper's /review/next.
const skipFor = 12 * time.Hour

// busy is the error for a change to a record someone else holds.
func busy(c *civreg.Claim) error {
	return civreg.Errorf(civreg.ECONFLICT, "record %d is being reviewed by %s since %s: it is read-only to you until they finish or leave it for %d minutes",
		c.RecordID, c.By, c.Since.Local().Format("15:04"), int(ClaimLease/time.Minute))
}

const claimColumns = `c.record_id, c.user_id, u.name, c.claimed_at, c.expires_at`

// ClaimRecord takes or renews u's claim on record id for ClaimLease. When someone else holds
// a live claim it returns theirs with ECONFLICT; an expired claim is taken over. A record
// that is not waiting for a reviewer (approved, archived, in the pipeline) cannot be claimed.
func (db *DB) ClaimRecord(ctx context.Context, u *civreg.User, id int64) (*civreg.Claim, error) {
	return db.claim(ctx, u, id, false)
}

// TakeOverClaim gives u (who must be allowed to take over, civreg.User.MayTakeOver) the claim
// on record id whoever holds it: the holder's lease ends at once and the take-over is audited
// with whose claim it ended.
func (db *DB) TakeOverClaim(ctx context.Context, u *civreg.User, id int64) (*civreg.Claim, error) {
	if !u.MayTakeOver() {
		return nil, civreg.Errorf(civreg.EFORBIDDEN, "only an admin may take over another's claim on a record")
	}
	return db.claim(ctx, u, id, true)
}

func (db *DB) claim(ctx context.Context, u *civreg.User, id int64, takeOver bool) (*civreg.Claim, error) {
	var c *civreg.Claim
	err := db.inTx(ctx, "claim record", func(tx pgx.Tx) error {
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM records WHERE id = $1 FOR UPDATE`, id).Scan(&status)
		if err := noRecord(err, id); err != nil {
			return err
		}
		if held, err := liveClaim(ctx, tx, id); err != nil {
			return err
		} else if held != nil && !held.HeldBy(u) && !takeOver {
			c = held
			return busy(held)
		} else if held != nil && !held.HeldBy(u) {
			if err := db.audit(ctx, tx, u, "record.claim_take_over", id, 0, map[string]any{"from": held.By, "since": held.Since}); err != nil {
				return err
			}
		}
		if !civreg.Status(status).Rule().Editable {
			return civreg.Errorf(civreg.ECONFLICT, "record %d is %s: there is nothing to claim", id, status)
		}
		// A renewal keeps claimed_at: "since" is when the reviewer started on the record.
		if _, err := tx.Exec(ctx, `INSERT INTO record_claims (record_id, user_id, expires_at) VALUES ($1, $2, now() + $3::interval)
			ON CONFLICT (record_id) DO UPDATE SET expires_at = excluded.expires_at,
				user_id = excluded.user_id,
				claimed_at = CASE WHEN record_claims.user_id = excluded.user_id THEN record_claims.claimed_at ELSE now() END`,
			id, u.ID, ClaimLease.String()); err != nil {
			return err
		}
		c, err = liveClaim(ctx, tx, id)
		return err
	})
	return c, err
}

// RecordClaim returns the live claim on record id, or nil when nobody holds it.
func (db *DB) RecordClaim(ctx context.Context, id int64) (*civreg.Claim, error) {
	c, err := liveClaim(ctx, db.pool, id)
	return c, wrap(err, "claim on record %d", id)
}

func liveClaim(ctx context.Context, q querier, id int64) (*civreg.Claim, error) {
	var c civreg.Claim
	err := q.QueryRow(ctx, `SELECT `+claimColumns+` FROM record_claims c JOIN users u ON u.id = c.user_id
		WHERE c.record_id = $1 AND c.expires_at > now()`, id).Scan(&c.RecordID, &c.UserID, &c.By, &c.Since, &c.Until)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// CheckClaim gives ECONFLICT, naming the holder, when someone other than u holds a live
// claim on record id: every page that changes a record asks it first.
func (db *DB) CheckClaim(ctx context.Context, u *civreg.User, id int64) error {
	return wrap(checkClaim(ctx, db.pool, u, id), "claim on record %d", id)
}

func checkClaim(ctx context.Context, q querier, u *civreg.User, id int64) error {
	c, err := liveClaim(ctx, q, id)
	if err != nil {
		return err
	}
	if c != nil && !c.HeldBy(u) {
		return busy(c)
	}
	return nil
}

// renewClaim extends u's claim on id, when u holds one: an edit is work on the record.
func renewClaim(ctx context.Context, q querier, u *civreg.User, id int64) error {
	_, err := q.Exec(ctx, `UPDATE record_claims SET expires_at = now() + $3::interval WHERE record_id = $1 AND user_id = $2`,
		id, u.ID, ClaimLease.String())
	return err
}

// releaseClaim ends u's claim on id; a claim of someone else's is left alone.
func releaseClaim(ctx context.Context, q querier, u *civreg.User, id int64) error {
	_, err := q.Exec(ctx, `DELETE FROM record_claims WHERE record_id = $1 AND user_id = $2`, id, u.ID)
	return err
}

// ReleaseClaim ends u's claim on record id (nothing when u holds none).
func (db *DB) ReleaseClaim(ctx context.Context, u *civreg.User, id int64) error {
	return wrap(releaseClaim(ctx, db.pool, u, id), "release claim on record %d", id)
}

// SkipRecord releases u's claim on record id and keeps the record out of u's /review/next for
// a while, so that the next one offered is another. Skipping again only renews the time.
func (db *DB) SkipRecord(ctx context.Context, u *civreg.User, id int64) error {
	return db.inTx(ctx, "skip record", func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM records WHERE id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
		}
		if err := releaseClaim(ctx, tx, u, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO record_skips (record_id, user_id) VALUES ($1, $2)
			ON CONFLICT (record_id, user_id) DO UPDATE SET skipped_at = now()`, id, u.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "record.skip", id, 0, nil)
	})
}
