-- Search where no Meilisearch is configured: one row per indexed record, holding only the
-- fields that may be indexed (never the sensitive ones of docs/records.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- unaccent() is only STABLE; an IMMUTABLE wrapper lets indexes use it.
CREATE FUNCTION civreg_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- The search index lives in a generation: reindex fills a new generation and then makes it the
-- live one in one statement, so search never goes dark while it runs.
CREATE TABLE search_generation (
    one   boolean PRIMARY KEY DEFAULT true CHECK (one),
    live  integer NOT NULL
);
INSERT INTO search_generation (live) VALUES (1);

CREATE TABLE search_docs (
    generation    integer NOT NULL,
    record_id     bigint NOT NULL,
    version       integer NOT NULL,
    record_type   text NOT NULL,
    status        text NOT NULL,
    district      text NOT NULL DEFAULT '',
    event_date    date,               -- birth, death or marriage
    reg_number    text NOT NULL DEFAULT '',
    -- every name on the record, folded: lower case, no accents, OCR's usual confusions undone
    names         text NOT NULL DEFAULT '',
    name_words    text[] NOT NULL DEFAULT '{}', -- the same, word by word, for edit distances
    body          text NOT NULL DEFAULT '', -- every indexed value, folded, for places and numbers
    fields        jsonb NOT NULL,           -- the indexed fields as stored, for display
    PRIMARY KEY (generation, record_id)
);
CREATE INDEX search_docs_name_words ON search_docs USING gin (name_words) WITH (fastupdate = off);
CREATE INDEX search_docs_body ON search_docs USING gin (body gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX search_docs_reg_number ON search_docs (reg_number);
CREATE INDEX search_docs_by_date ON search_docs (generation, event_date DESC NULLS LAST, record_id);
CREATE INDEX search_docs_filters ON search_docs (generation, record_type, status, district, event_date);

-- Every folded word of every name, once: a misspelt name is first matched against these few
-- thousand words (trigrams, then edit distance), then the records holding them are found
-- through search_docs_name_words, instead of comparing the query with every record's names.
CREATE TABLE name_vocab (word text PRIMARY KEY);
CREATE INDEX name_vocab_trgm ON name_vocab USING gin (word gin_trgm_ops) WITH (fastupdate = off);

-- Records indexed before this index existed are indexed again by reconcile.
UPDATE records SET indexed_version = 0;
