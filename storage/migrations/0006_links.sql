-- Record linkage: the same person across birth, marriage and death records, and the same
-- event registered twice. The linkage (package linkage) proposes; a person decides the
-- uncertain middle; every decision is kept and can be undone.

-- A pair of records the linkage kept. a is the birth (same_person) or the first
-- registration (duplicate); role is who in b is the person of a. state: linked (by the
-- linkage above its upper threshold, or by a person), review (waiting for a person),
-- rejected (a person said: different people; the linkage never proposes it again).
CREATE TABLE record_links (
    id          bigserial PRIMARY KEY,
    a           bigint NOT NULL REFERENCES records(id),
    b           bigint NOT NULL REFERENCES records(id),
    role        text NOT NULL CHECK (role IN ('child','deceased','groom','bride')),
    kind        text NOT NULL CHECK (kind IN ('same_person','duplicate')),
    state       text NOT NULL CHECK (state IN ('linked','review','rejected')),
    score       double precision NOT NULL,
    why         text NOT NULL DEFAULT '',   -- why a pair above the upper threshold went to a person
    decided_by  bigint REFERENCES users(id), -- NULL: as the linkage left it
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (a <> b),
    UNIQUE (a, b, role)
);
CREATE INDEX record_links_b ON record_links(b);
CREATE INDEX record_links_review ON record_links(score DESC) WHERE state = 'review';

-- Every decision a person made on a pair, append-only, with the state it replaced: what
-- makes a decision reversible and who made it auditable (the audit log has a row too).
CREATE TABLE link_decisions (
    id          bigserial PRIMARY KEY,
    link_id     bigint NOT NULL REFERENCES record_links(id),
    decision    text NOT NULL CHECK (decision IN ('same_person','different','duplicate','undo')),
    old_kind    text NOT NULL,
    old_state   text NOT NULL,
    new_kind    text NOT NULL,
    new_state   text NOT NULL,
    decided_by  bigint REFERENCES users(id),
    decided_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX link_decisions_link ON link_decisions(link_id, id);
CREATE FUNCTION link_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'link_decisions is append-only';
END $$;
CREATE TRIGGER link_decisions_no_update BEFORE UPDATE OR DELETE ON link_decisions
    FOR EACH ROW EXECUTE FUNCTION link_decisions_append_only();

-- The duplicate-of mark: each later registration of an event and the first one. Vital
-- statistics count `records WHERE id NOT IN (SELECT record_id FROM duplicate_registrations)`
-- so that no event is counted twice; the duplicate itself is kept.
CREATE VIEW duplicate_registrations AS
    SELECT b AS record_id, a AS first_id FROM record_links WHERE kind = 'duplicate' AND state = 'linked';

-- The same mark on the record itself (records.duplicate_of, which the statistics read; added
-- by their migration, or here if it has not been), kept in step with the view by triggers:
-- whatever changes a pair, the linkage or a person, changes the mark in the same transaction.
ALTER TABLE records ADD COLUMN IF NOT EXISTS duplicate_of bigint REFERENCES records(id) CHECK (duplicate_of <> id);
CREATE FUNCTION record_links_mark_duplicates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE records r SET duplicate_of = d.first_id
    FROM (SELECT c.b AS id, (SELECT min(first_id) FROM duplicate_registrations WHERE record_id = c.b) AS first_id
          FROM (SELECT DISTINCT b FROM changed_links) c) d
    WHERE r.id = d.id AND r.duplicate_of IS DISTINCT FROM d.first_id;
    RETURN NULL;
END $$;
CREATE TRIGGER record_links_inserted AFTER INSERT ON record_links REFERENCING NEW TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION record_links_mark_duplicates();
CREATE TRIGGER record_links_updated AFTER UPDATE ON record_links REFERENCING NEW TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION record_links_mark_duplicates();
CREATE TRIGGER record_links_deleted AFTER DELETE ON record_links REFERENCING OLD TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION record_links_mark_duplicates();

-- The blocks each approved record stands in (hashed phonetic keys, years, decades), so that
-- linking one newly approved record compares it with its candidates only.
CREATE TABLE link_blocks (
    key        bigint NOT NULL,
    record_id  bigint NOT NULL REFERENCES records(id),
    PRIMARY KEY (key, record_id)
);
CREATE INDEX link_blocks_record ON link_blocks(record_id);

-- The names of the persons each approved record names: the registry's own name frequencies
-- (a rare surname agreeing counts for more than a common one).
CREATE TABLE link_names (
    record_id  bigint NOT NULL REFERENCES records(id),
    part       text NOT NULL CHECK (part IN ('given','surname')),
    name       text NOT NULL
);
CREATE INDEX link_names_name ON link_names(part, name);
CREATE INDEX link_names_record ON link_names(record_id);

-- How many persons link_names counts (one row).
CREATE TABLE link_people (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    people  bigint NOT NULL DEFAULT 0
);
INSERT INTO link_people (people) VALUES (0);

-- Search by the same sound keys: a name spelt another way ("Fahey", "Fahei") finds the
-- record ("Fahie"), ranked below exact and one-letter-off matches. Records indexed before
-- are indexed again by reconcile.
ALTER TABLE search_docs ADD COLUMN name_sounds text[] NOT NULL DEFAULT '{}';
CREATE INDEX search_docs_name_sounds ON search_docs USING gin (name_sounds) WITH (fastupdate = off);
UPDATE records SET indexed_version = 0;
