-- The registry's system of record. PostgreSQL is the truth: the queue and the search index
-- can both be rebuilt from these tables.

CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (name <> '' AND length(name) <= 100),
    role            text NOT NULL CHECK (role IN ('clerk','reviewer','health','archivist','admin')),
    password_hash   text NOT NULL DEFAULT '',
    sees_sensitive  boolean NOT NULL DEFAULT false,
    disabled        boolean NOT NULL DEFAULT false,
    failed_logins   integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- API tokens are stored as SHA-256 of the token: the token itself is shown once, at creation.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id),
    token_hash    bytea NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- Web sessions, stored hashed like tokens; csrf_token guards every form of the session.
CREATE TABLE sessions (
    id_hash     bytea PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id),
    csrf_token  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE batches (
    id               bigserial PRIMARY KEY,
    name             text NOT NULL CHECK (name <> '' AND length(name) <= 200),
    record_type      text NOT NULL CHECK (record_type IN ('birth','death','marriage','unknown')),
    page_per_record  boolean NOT NULL DEFAULT false,
    created_by       bigint REFERENCES users(id),
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- One row per distinct original: the same bytes uploaded twice are one scan.
CREATE TABLE scans (
    id             bigserial PRIMARY KEY,
    sha256         text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    object_key     text NOT NULL UNIQUE,
    size           bigint NOT NULL CHECK (size > 0),
    media_type     text NOT NULL,
    page_count     integer NOT NULL CHECK (page_count > 0),
    original_name  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE records (
    id               bigserial PRIMARY KEY,
    batch_id         bigint NOT NULL REFERENCES batches(id),
    record_type      text NOT NULL CHECK (record_type IN ('birth','death','marriage','unknown')),
    type_confidence  double precision NOT NULL DEFAULT 0,
    status           text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued','ocr','extracting','needs_review','approved','archived','rejected','failed')),
    version          integer NOT NULL DEFAULT 1,
    error            text NOT NULL DEFAULT '',
    -- indexed_version is the record version the search index holds; less than version means
    -- the index is behind and reconcile will enqueue index:record.
    indexed_version  integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    status_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_batch ON records(batch_id);
CREATE INDEX records_status ON records(status, status_at);

-- Each page of a record is one page of one scan. A scan uploaded once is one record; a scan
-- of a register volume in a page-per-record batch gives one record per page.
CREATE TABLE pages (
    record_id    bigint NOT NULL REFERENCES records(id),
    page_no      integer NOT NULL CHECK (page_no > 0),
    scan_id      bigint NOT NULL REFERENCES scans(id),
    scan_page    integer NOT NULL CHECK (scan_page > 0),
    image_key    text NOT NULL DEFAULT '',
    words_key    text NOT NULL DEFAULT '',
    page_text    text NOT NULL DEFAULT '',
    ocr_done_at  timestamptz,
    ocr_error    text NOT NULL DEFAULT '',
    ocr_detail   text NOT NULL DEFAULT '',
    PRIMARY KEY (record_id, page_no),
    UNIQUE (scan_id, scan_page)
);

-- What each upload of a file into a batch gave, duplicates included, so a batch shows them.
CREATE TABLE batch_uploads (
    id           bigserial PRIMARY KEY,
    batch_id     bigint NOT NULL REFERENCES batches(id),
    scan_id      bigint NOT NULL REFERENCES scans(id),
    file_name    text NOT NULL,
    duplicate    boolean NOT NULL,
    uploaded_by  bigint REFERENCES users(id),
    uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batch_uploads_batch ON batch_uploads(batch_id);

-- Files refused at upload, with the reason the clerk was given; nothing else of them is stored.
CREATE TABLE batch_refusals (
    id           bigserial PRIMARY KEY,
    batch_id     bigint NOT NULL REFERENCES batches(id),
    file_name    text NOT NULL,
    reason       text NOT NULL,
    uploaded_by  bigint REFERENCES users(id),
    refused_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batch_refusals_batch ON batch_refusals(batch_id);

-- Progress of each record through each stage, with the last error and a note (for example that
-- a stage is not built yet).
CREATE TABLE record_stages (
    record_id    bigint NOT NULL REFERENCES records(id),
    stage        text NOT NULL CHECK (stage IN ('ingest','ocr','extract','index','archive')),
    state        text NOT NULL CHECK (state IN ('running','done','failed','not_built')),
    attempts     integer NOT NULL DEFAULT 0,
    started_at   timestamptz,
    finished_at  timestamptz,
    error        text NOT NULL DEFAULT '',
    note         text NOT NULL DEFAULT '',
    PRIMARY KEY (record_id, stage)
);

-- The current value of each field of each record.
CREATE TABLE fields (
    record_id     bigint NOT NULL REFERENCES records(id),
    key           text NOT NULL,
    value         text NOT NULL,
    printed       text NOT NULL DEFAULT '',
    confidence    double precision NOT NULL DEFAULT 0 CHECK (confidence >= 0 AND confidence <= 1),
    needs_review  boolean NOT NULL DEFAULT true,
    page          integer NOT NULL DEFAULT 0,
    box           integer[],
    set_by        bigint REFERENCES users(id), -- NULL: set by the pipeline
    version       integer NOT NULL,
    PRIMARY KEY (record_id, key)
);

-- Every change of a field, append-only: the record's history and the versions an export carries.
CREATE TABLE field_versions (
    id            bigserial PRIMARY KEY,
    record_id     bigint NOT NULL REFERENCES records(id),
    version       integer NOT NULL,
    key           text NOT NULL,
    old_value     text,
    new_value     text,
    changed_by    bigint REFERENCES users(id),
    changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX field_versions_record ON field_versions(record_id, version);

-- The audit log: who did what, when. Append-only, enforced by the trigger below, so no page,
-- API call or bug in civreg can change or delete a row.
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    user_id    bigint REFERENCES users(id),
    user_name  text NOT NULL DEFAULT '',
    action     text NOT NULL,
    record_id  bigint,
    batch_id   bigint,
    detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_record ON audit_log(record_id);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Each fixity check of a stored object: its recorded SHA-256 against what was read back.
CREATE TABLE fixity_checks (
    id           bigserial PRIMARY KEY,
    checked_at   timestamptz NOT NULL DEFAULT now(),
    object_key   text NOT NULL,
    expected     text NOT NULL,
    actual       text NOT NULL DEFAULT '',
    ok           boolean NOT NULL,
    problem      text NOT NULL DEFAULT ''
);
CREATE INDEX fixity_checks_key ON fixity_checks(object_key, checked_at);
CREATE INDEX fixity_checks_bad ON fixity_checks(checked_at) WHERE NOT ok;
