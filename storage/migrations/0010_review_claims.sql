-- A reviewer's claim on a record: while the lease runs, the record is read-only to every other
-- reviewer (they see who holds it and since when). The lease is renewed while the reviewer
-- works and ends at approval, rejection or a skip; an abandoned claim simply runs out.
CREATE TABLE record_claims (
    record_id  bigint PRIMARY KEY REFERENCES records(id),
    user_id    bigint NOT NULL REFERENCES users(id),
    claimed_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    CHECK (expires_at > claimed_at)
);
CREATE INDEX record_claims_user ON record_claims (user_id);

-- A record a reviewer skipped: /review/next offers it to them again only after a while.
CREATE TABLE record_skips (
    record_id  bigint NOT NULL REFERENCES records(id),
    user_id    bigint NOT NULL REFERENCES users(id),
    skipped_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (record_id, user_id)
);
