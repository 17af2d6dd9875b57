-- Each run of the fixity audit, as a PREMIS event: when, by which build of civreg, how many
-- objects it read, and what it found changed, missing or unexpected.
CREATE TABLE fixity_runs (
    id          bigserial PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    agent       text NOT NULL,
    checked     integer NOT NULL DEFAULT 0,
    bytes       bigint NOT NULL DEFAULT 0,
    changed     integer NOT NULL DEFAULT 0,
    missing     integer NOT NULL DEFAULT 0,
    unexpected  integer NOT NULL DEFAULT 0,
    outcome     text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'pass', 'fail', 'interrupted')),
    note        text NOT NULL DEFAULT ''
);

-- Which run made each check (checks from before runs were recorded have none).
ALTER TABLE fixity_checks ADD COLUMN run_id bigint REFERENCES fixity_runs(id);
CREATE INDEX fixity_checks_run ON fixity_checks(run_id);

-- Objects a run found in the store that the registry has no record of: reported, never removed.
CREATE TABLE fixity_unexpected (
    run_id     bigint NOT NULL REFERENCES fixity_runs(id),
    object_key text NOT NULL,
    size       bigint NOT NULL,
    modified   timestamptz NOT NULL,
    PRIMARY KEY (run_id, object_key)
);
