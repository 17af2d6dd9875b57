-- Vital statistics: a summary of the approved records, kept current by triggers in the same
-- transaction as every change that could alter it (approval, a correction, a change of type,
-- a duplicate marked), so the tables are read from a few thousand counts, never recounted per
-- view. The tables themselves are built from these counts by package stats.

-- A record that registers again an event already registered by duplicate_of (decided by a
-- person, or by the linker when it is sure). The statistics count the event once: this record
-- is left out.
ALTER TABLE records ADD COLUMN duplicate_of bigint REFERENCES records(id) CHECK (duplicate_of <> id);

-- The statuses counted: those civreg's lifecycle calls Published (a storage test checks they agree).
CREATE FUNCTION statistics_published() RETURNS text[] LANGUAGE sql IMMUTABLE AS
$$ SELECT ARRAY['approved', 'archived'] $$;

-- The fields the summary reads: a change to any other field leaves it alone.
CREATE FUNCTION statistics_keys() RETURNS text[] LANGUAGE sql IMMUTABLE AS
$$ SELECT ARRAY['registration_date', 'registration_district', 'sex', 'age', 'cause_of_death',
                'date_of_birth', 'date_of_death', 'date_of_marriage', 'groom_age', 'bride_age'] $$;

-- A stored ISO date (YYYY-MM-DD, a real day, year 1000 on), else NULL: the same rule as
-- package stats.
CREATE FUNCTION statistics_date(v text) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN
    CASE WHEN substr(v, 9, 2)::int <= extract(day from make_date(substr(v, 1, 4)::int, substr(v, 6, 2)::int, 1)
                                              + interval '1 month' - interval '1 day')
    THEN make_date(substr(v, 1, 4)::int, substr(v, 6, 2)::int, substr(v, 9, 2)::int) END END
$$;

-- One row per counted record, holding the keys it was counted under (so that taking it out
-- again takes out exactly what was put in, whatever its fields say by then). '' is unknown.
CREATE TABLE statistics_events (
    record_id    bigint PRIMARY KEY,
    record_type  text NOT NULL,
    year         text NOT NULL,
    month        text NOT NULL,
    district     text NOT NULL,
    sex          text NOT NULL,
    age          text NOT NULL,
    cause        text NOT NULL,
    delay        text NOT NULL,  -- days from the event to its registration, kept within -1..1826
    groom_age    text NOT NULL,
    bride_age    text NOT NULL
);

-- How many counted records have each pair of keys, per source (package stats' Sources).
CREATE TABLE statistics_counts (
    source  text NOT NULL,
    a       text NOT NULL,
    b       text NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (source, a, b)
);

-- What each counted record contributes: its keys, read from its fields.
CREATE VIEW statistics_facts AS
SELECT r.id AS record_id, r.record_type,
       coalesce(to_char(e.d, 'YYYY'), '') AS year,
       coalesce(to_char(e.d, 'MM'), '') AS month,
       f.district, f.sex, f.age, f.cause,
       coalesce(CASE WHEN e.days > 1826 THEN 1826 WHEN e.days < 0 THEN -1 ELSE e.days END::text, '') AS delay,
       f.groom_age, f.bride_age
  FROM records r
 CROSS JOIN LATERAL (
       SELECT coalesce(max(value) FILTER (WHERE key = CASE r.record_type WHEN 'birth' THEN 'date_of_birth'
                         WHEN 'death' THEN 'date_of_death' WHEN 'marriage' THEN 'date_of_marriage' END), '') AS event,
              coalesce(max(value) FILTER (WHERE key = 'registration_date'), '') AS registered,
              coalesce(max(value) FILTER (WHERE key = 'registration_district'), '') AS district,
              coalesce(max(value) FILTER (WHERE key = 'sex'), '') AS sex,
              coalesce(max(value) FILTER (WHERE key = 'age'), '') AS age,
              coalesce(max(value) FILTER (WHERE key = 'cause_of_death'), '') AS cause,
              coalesce(max(value) FILTER (WHERE key = 'groom_age'), '') AS groom_age,
              coalesce(max(value) FILTER (WHERE key = 'bride_age'), '') AS bride_age
         FROM fields WHERE record_id = r.id AND key = ANY (statistics_keys())) f
 CROSS JOIN LATERAL (SELECT statistics_date(f.event) AS d, statistics_date(f.registered) - statistics_date(f.event) AS days) e
 WHERE r.status = ANY (statistics_published()) AND r.duplicate_of IS NULL;

-- The cells one counted record adds to: a pair of keys per source of its type.
CREATE FUNCTION statistics_cells(record_type text, year text, month text, district text, sex text, age text,
                                 cause text, delay text, groom_age text, bride_age text)
RETURNS TABLE (source text, a text, b text) LANGUAGE sql IMMUTABLE AS $$
  SELECT v.source, v.a, v.b FROM (VALUES
      ('birth', 'birth:year-district', year, district),
      ('birth', 'birth:month-sex', month, sex),
      ('death', 'death:year-district', year, district),
      ('death', 'death:sex-age', sex, age),
      ('death', 'death:year-cause', year, cause),
      ('marriage', 'marriage:year-district', year, district),
      ('marriage', 'marriage:ages', groom_age, bride_age),
      (record_type, 'type-delay', record_type, delay)) AS v(t, source, a, b)
   WHERE v.t = record_type
$$;

-- Takes the records out of the summary and puts back those still counted, as they are now.
CREATE FUNCTION statistics_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  WITH gone AS (DELETE FROM statistics_events WHERE record_id = ANY (ids) RETURNING *)
  INSERT INTO statistics_counts AS c (source, a, b, n)
  SELECT x.source, x.a, x.b, -count(*)
    FROM gone g, statistics_cells(g.record_type, g.year, g.month, g.district, g.sex, g.age, g.cause, g.delay, g.groom_age, g.bride_age) x
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (source, a, b) DO UPDATE SET n = c.n + excluded.n;
  WITH came AS (INSERT INTO statistics_events SELECT * FROM statistics_facts WHERE record_id = ANY (ids) RETURNING *)
  INSERT INTO statistics_counts AS c (source, a, b, n)
  SELECT x.source, x.a, x.b, count(*)
    FROM came g, statistics_cells(g.record_type, g.year, g.month, g.district, g.sex, g.age, g.cause, g.delay, g.groom_age, g.bride_age) x
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (source, a, b) DO UPDATE SET n = c.n + excluded.n;
END $$;

-- Recounts the whole summary; returns how many records it counted.
CREATE FUNCTION statistics_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  counted bigint;
BEGIN
  TRUNCATE statistics_events, statistics_counts;
  INSERT INTO statistics_events SELECT * FROM statistics_facts;
  GET DIAGNOSTICS counted = ROW_COUNT;
  INSERT INTO statistics_counts (source, a, b, n)
  SELECT x.source, x.a, x.b, count(*)
    FROM statistics_events g, statistics_cells(g.record_type, g.year, g.month, g.district, g.sex, g.age, g.cause, g.delay, g.groom_age, g.bride_age) x
   GROUP BY 1, 2, 3;
  RETURN counted;
END $$;

-- A record enters or leaves the summary when it becomes published or stops being so, changes
-- type, or is marked (or unmarked) a duplicate.
CREATE FUNCTION statistics_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM statistics_refresh(ARRAY(SELECT id FROM new_rows WHERE status = ANY (statistics_published())));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM statistics_refresh(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (n.status = ANY (statistics_published())) IS DISTINCT FROM (o.status = ANY (statistics_published()))
          OR ((n.record_type, n.duplicate_of) IS DISTINCT FROM (o.record_type, o.duplicate_of)
              AND n.status = ANY (statistics_published()))));
  ELSE
    PERFORM statistics_refresh(ARRAY(SELECT id FROM old_rows WHERE status = ANY (statistics_published())));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER statistics_records_insert AFTER INSERT ON records REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_records_changed();
CREATE TRIGGER statistics_records_update AFTER UPDATE ON records REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_records_changed();
CREATE TRIGGER statistics_records_delete AFTER DELETE ON records REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_records_changed();

-- A field the summary reads changed on a published record: count that record again.
CREATE FUNCTION statistics_fields_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[] := '{}';
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    ids := ARRAY(SELECT record_id FROM new_rows WHERE key = ANY (statistics_keys()));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    ids := ids || ARRAY(SELECT record_id FROM old_rows WHERE key = ANY (statistics_keys()));
  END IF;
  IF cardinality(ids) > 0 THEN
    PERFORM statistics_refresh(ARRAY(SELECT r.id FROM records r
      WHERE r.id IN (SELECT unnest(ids)) AND r.status = ANY (statistics_published())));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER statistics_fields_insert AFTER INSERT ON fields REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_fields_changed();
CREATE TRIGGER statistics_fields_update AFTER UPDATE ON fields REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_fields_changed();
CREATE TRIGGER statistics_fields_delete AFTER DELETE ON fields REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_fields_changed();

SELECT statistics_rebuild();
