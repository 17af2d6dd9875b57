-- A record's timeline reads its latest audit rows first: a much-viewed record has many.
CREATE INDEX IF NOT EXISTS audit_log_record_latest ON audit_log(record_id, id);

-- A record's timeline shows the exports of its whole batch: those audit rows name the batch
-- and no record, so they are found by batch.
CREATE INDEX IF NOT EXISTS audit_log_batch_export ON audit_log(batch_id) WHERE record_id IS NULL AND action = 'export.bag';

-- Who asked for a fixity run ('' for the schedule), and how many objects the registry held
-- when it began: the run's coverage is checked of stored.
ALTER TABLE fixity_runs ADD COLUMN IF NOT EXISTS requested_by text NOT NULL DEFAULT '';
ALTER TABLE fixity_runs ADD COLUMN IF NOT EXISTS stored integer NOT NULL DEFAULT 0;
