-- Which version of each published record linking has run on. A link:record task lost with
-- Redis leaves its record without a row (or with an older version), which is how reconcile
-- finds it and enqueues it again; `civreg link` marks every record it links.
CREATE TABLE link_runs (
    record_id  bigint PRIMARY KEY REFERENCES records(id),
    version    int NOT NULL,
    linked_at  timestamptz NOT NULL DEFAULT now()
);

-- Records linked before this table: those that stand in a block were indexed for linking,
-- which linking does first; the rest are linked once more by reconcile, which changes nothing.
INSERT INTO link_runs (record_id, version)
    SELECT r.id, r.version FROM records r WHERE EXISTS (SELECT 1 FROM link_blocks b WHERE b.record_id = r.id);
