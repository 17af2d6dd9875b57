-- PDF/A archival copies: one per approved version of a record, never overwritten, so a
-- correction approved later adds a version and the earlier copy stays.
CREATE TABLE archives (
    record_id    bigint NOT NULL REFERENCES records(id),
    version      integer NOT NULL CHECK (version > 0),
    object_key   text NOT NULL UNIQUE,
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size         bigint NOT NULL CHECK (size > 0),
    conformance  text NOT NULL,
    pages_detail text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (record_id, version)
);

-- When a record was approved, and by whom: the archive copy's dates come from here, so that
-- building it again gives the same bytes.
ALTER TABLE records ADD COLUMN approved_at timestamptz;
ALTER TABLE records ADD COLUMN approved_by text NOT NULL DEFAULT '';
UPDATE records SET approved_at = updated_at WHERE status IN ('approved', 'archived');

-- Records an earlier release marked archived without making a PDF/A copy ("not_built") go back
-- to approved, so the archive stage makes their copies now.
UPDATE records SET status = 'approved', status_at = now()
 WHERE status = 'archived'
   AND id IN (SELECT record_id FROM record_stages WHERE stage = 'archive' AND state = 'not_built');
DELETE FROM record_stages WHERE stage = 'archive' AND state = 'not_built';
