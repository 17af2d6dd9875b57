-- A session ends after a while without use as well as at its expiry.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

-- The audit log is append-only for everyone but its owner: nobody else may change or empty it,
-- whatever GrantApp or a hand-written GRANT gives later to the tables at large.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
