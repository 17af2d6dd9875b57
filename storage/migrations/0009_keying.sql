-- Keying: people type what a handwritten (or unread) register entry says, field by field.
-- A batch is keyed once, or twice by two people without seeing each other's values, the
-- fields they disagree on going to a third person who arbitrates.
ALTER TABLE batches ADD COLUMN keying text NOT NULL DEFAULT 'single' CHECK (keying IN ('single', 'double'));

-- One keying of one entry by one person: a person keys an entry at most once.
CREATE TABLE keyings (
    id              bigserial PRIMARY KEY,
    record_id       bigint NOT NULL REFERENCES records(id),
    keyer_id        bigint NOT NULL REFERENCES users(id),
    record_version  integer NOT NULL,  -- the version of the record the keyer saw
    keyed_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (record_id, keyer_id)
);
CREATE INDEX keyings_keyer ON keyings(keyer_id);

-- What was keyed in each field, with the keys pressed and the seconds spent on it.
-- outcome: 'accepted' (stored on the record: single keying, or both keyings agreed),
-- 'disputed' (the keyings disagree: waiting for arbitration), 'picked' or 'overruled' (the
-- arbitrator took this keying's value, or the other's), 'once' (only this keying holds the
-- field, so it is left to the reviewer).
CREATE TABLE keyed_fields (
    keying_id   bigint NOT NULL REFERENCES keyings(id),
    key         text NOT NULL,
    value       text NOT NULL,
    illegible   boolean NOT NULL DEFAULT false,
    keystrokes  integer NOT NULL CHECK (keystrokes >= 0),
    seconds     double precision NOT NULL CHECK (seconds >= 0),
    outcome     text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'accepted', 'disputed', 'picked', 'overruled', 'once')),
    PRIMARY KEY (keying_id, key),
    CHECK (NOT illegible OR value = '')
);

-- An arbitrator's choice on a field the two keyings disagreed on.
CREATE TABLE arbitrations (
    record_id     bigint NOT NULL REFERENCES records(id),
    key           text NOT NULL,
    value         text NOT NULL,
    illegible     boolean NOT NULL DEFAULT false,
    chosen        text NOT NULL CHECK (chosen IN ('first', 'second', 'ocr')),
    arbitrator_id bigint NOT NULL REFERENCES users(id),
    decided_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (record_id, key)
);
