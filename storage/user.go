package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"

	"civreg"

	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"
)

const userColumns = `id, name, role, sees_sensitive, disabled, created_at`

func scanUser(row pgx.Row) (*civreg.User, error) { return scanUserWith(row) }

// CreateUser adds a user with role and, when password is not empty, a bcrypt password hash.
// A taken name gives ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, name string, role civreg.Role, password string) (*civreg.User, error) {
	if err := validUserName(name); err != nil {
		return nil, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return nil, err
	}
	u, err := scanUser(db.pool.QueryRow(ctx, `INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3)
		RETURNING `+userColumns, name, string(role), hash))
	if isUniqueViolation(err, "users_name_key") {
		return nil, civreg.Errorf(civreg.ECONFLICT, "a user named %q already exists", name)
	}
	return u, wrap(err, "create user %q", name)
}

func validUserName(name string) error {
	if name == "" || len(name) > 100 {
		return civreg.Errorf(civreg.EINVALID, "a user name has 1 to 100 characters")
	}
	for _, r := range name {
		if r < 0x21 || r == 0x7f {
			return civreg.Errorf(civreg.EINVALID, "a user name has no spaces or control characters")
		}
	}
	return nil
}

func hashPassword(password string) (string, error) {
	if password == "" {
		return "", nil // no password: the user signs in with API tokens only
	}
	if len(password) < 10 {
		return "", civreg.Errorf(civreg.EINVALID, "a password has at least 10 characters")
	}
	if len(password) > 72 {
		return "", civreg.Errorf(civreg.EINVALID, "a password has at most 72 characters")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// UserByName returns the user named name, or ENOTFOUND.
func (db *DB) UserByName(ctx context.Context, name string) (*civreg.User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, civreg.Errorf(civreg.ENOTFOUND, "no user named %q", name)
	}
	return u, wrap(err, "user %q", name)
}

// Users lists every user by name.
func (db *DB) Users(ctx context.Context) ([]*civreg.User, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, wrap(err, "users")
	}
	defer rows.Close()
	var out []*civreg.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrap(err, "users")
		}
		out = append(out, u)
	}
	return out, wrap(rows.Err(), "users")
}

// SetPassword replaces a user's password, clears any lockout, ends the user's sessions and
// revokes their API tokens: a reset is what an admin does when a password may be known.
func (db *DB) SetPassword(ctx context.Context, userID int64, password string) error {
	if password == "" {
		return civreg.Errorf(civreg.EINVALID, "a password has at least 10 characters")
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return db.inTx(ctx, "set password", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1`, userID, hash)
		if err == nil && tag.RowsAffected() == 0 {
			return civreg.Errorf(civreg.ENOTFOUND, "no user %d", userID)
		} else if err != nil {
			return err
		}
		if _, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, userID)
		return err
	})
}

// Login limits: after loginFailures wrong passwords in a row the account is locked for lockFor.
const (
	loginFailures = 5
	lockFor       = 15 * time.Minute
)

// Authenticate checks a name and password. Every refusal (no such name, a disabled or locked
// account, a wrong password) is the same EUNAUTHORIZED after the same work, one bcrypt
// comparison and one update, so that neither the answer nor its timing tells which. A
// failure after a lock has expired counts from one again, so that one wrong password every
// lockFor cannot keep an account locked for good.
func (db *DB) Authenticate(ctx context.Context, name, password string) (*civreg.User, error) {
	var hash string
	var locked bool
	u, err := scanUserWith(db.pool.QueryRow(ctx, `SELECT `+userColumns+`, password_hash, coalesce(locked_until > now(), false)
		FROM users WHERE name = $1`, name), &hash, &locked)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap(err, "authenticate")
	}
	id := int64(0) // matches no row: an unknown name pays for the same update
	if u != nil {
		id = u.ID
	}
	if hash == "" {
		hash = noPassword
	}
	right := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
	if u != nil && right && !u.Disabled && !locked {
		_, err = db.pool.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, id)
		return u, wrap(err, "authenticate")
	}
	_, err = db.pool.Exec(ctx, `UPDATE users SET
			failed_logins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
			locked_until = CASE WHEN locked_until > now() THEN locked_until
				WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END) >= $2 THEN now() + $3::interval END
		WHERE id = $1 AND NOT disabled`, id, loginFailures, lockFor.String())
	if err != nil {
		return nil, wrap(err, "authenticate")
	}
	return nil, civreg.Errorf(civreg.EUNAUTHORIZED, "wrong user name or password, or the account may not sign in now (an admin can tell you which)")
}

// noPassword is a bcrypt hash no password matches, compared for accounts without one so that
// they take as long to refuse as any other.
const noPassword = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3s.iw0DvZGJNPSBc7W.rxm2"

// scanUserWith scans userColumns and then extra columns into extra.
func scanUserWith(row pgx.Row, extra ...any) (*civreg.User, error) {
	var u civreg.User
	var role string
	dest := append([]any{&u.ID, &u.Name, &role, &u.SeesSensitive, &u.Disabled, &u.CreatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.Role = civreg.Role(role)
	return &u, nil
}

// secret returns a new random secret, URL-safe, and its SHA-256 as stored.
func secret(prefix string) (string, []byte) {
	b := make([]byte, 32)
	rand.Read(b)
	s := prefix + base64.RawURLEncoding.EncodeToString(b)
	h := sha256.Sum256([]byte(s))
	return s, h[:]
}

func digest(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// NewToken creates an API token for the user and returns it. Only its hash is stored, so
// this is the one time it can be shown.
func (db *DB) NewToken(ctx context.Context, userID int64) (string, error) {
	tok, hash := secret("civreg_")
	_, err := db.pool.Exec(ctx, `INSERT INTO api_tokens (user_id, token_hash) VALUES ($1, $2)`, userID, hash)
	return tok, wrap(err, "new token for user %d", userID)
}

// RevokeTokens revokes every API token of the user and returns how many.
func (db *DB) RevokeTokens(ctx context.Context, userID int64) (int64, error) {
	tag, err := db.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, userID)
	return tag.RowsAffected(), wrap(err, "revoke tokens of user %d", userID)
}

// UserByToken returns the user an API token belongs to; an unknown, revoked or disabled user's
// token gives EUNAUTHORIZED. The token's last use is written at most once a minute: written on
// every request, the uploads of one civreg ingest (one token, several at once) queued behind
// each other's update of the same row.
func (db *DB) UserByToken(ctx context.Context, token string) (*civreg.User, error) {
	hash := digest(token)
	var tokenID int64
	var stale bool
	u, err := scanUserWith(db.pool.QueryRow(ctx, `SELECT u.id, u.name, u.role, u.sees_sensitive, u.disabled, u.created_at,
			t.id, t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled`, hash), &tokenID, &stale)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, civreg.Errorf(civreg.EUNAUTHORIZED, "the API token is not valid")
	} else if err != nil {
		return nil, wrap(err, "token")
	}
	if stale {
		_, err = db.pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, tokenID)
	}
	return u, wrap(err, "token")
}

// NewSession starts a session for the user, valid for ttl. Every sign-in gets a new ID, so
// a session ID planted before sign-in is worthless (session fixation).
func (db *DB) NewSession(ctx context.Context, u *civreg.User, ttl time.Duration) (*civreg.Session, error) {
	id, hash := secret("")
	csrf, _ := secret("")
	s := &civreg.Session{ID: id, CSRFToken: csrf, User: u, ExpiresAt: time.Now().Add(ttl)}
	_, err := db.pool.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`,
		hash, u.ID, csrf, s.ExpiresAt)
	return s, wrap(err, "new session")
}

// SessionByID returns the live session with this cookie value, or EUNAUTHORIZED: past its
// expiry, unused for longer than idle, or its user disabled. Its last use is written at most
// once a minute.
func (db *DB) SessionByID(ctx context.Context, id string, idle time.Duration) (*civreg.Session, error) {
	s := &civreg.Session{ID: id}
	var csrf string
	var stale bool
	u, err := scanUserWith(db.pool.QueryRow(ctx, `SELECT u.id, u.name, u.role, u.sees_sensitive, u.disabled, u.created_at, s.csrf_token, s.expires_at,
			s.last_seen_at < now() - interval '1 minute'
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - $2::interval AND NOT u.disabled`,
		digest(id), idle.String()), &csrf, &s.ExpiresAt, &stale)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, civreg.Errorf(civreg.EUNAUTHORIZED, "your session has ended: sign in again")
	} else if err != nil {
		return nil, wrap(err, "session")
	}
	if stale {
		if _, err := db.pool.Exec(ctx, `UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1`, digest(id)); err != nil {
			return nil, wrap(err, "session")
		}
	}
	s.User, s.CSRFToken = u, csrf
	return s, nil
}

// EndSession deletes the session (sign out).
func (db *DB) EndSession(ctx context.Context, id string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1 OR expires_at < now()`, digest(id))
	return wrap(err, "end session")
}

// inTx runs fn in a transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, what string, fn func(pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return wrap(err, "%s", what)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return wrap(err, "%s", what)
	}
	return wrap(tx.Commit(ctx), "%s", what)
}
