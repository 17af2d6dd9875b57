-- Several records a page: a register page holds several entries, each its own record. The
-- record made for a scan page at upload owns the page (its pages rows, image, words); the
-- records of the page's other entries stand on the owner's pages and hold none themselves,
-- so a page is stored once and read once whatever number of entries it holds.
ALTER TABLE records ADD COLUMN page_of bigint REFERENCES records(id) CHECK (page_of <> id);
-- entry is the record's place on its page, top to bottom (1-based); entry_page is which page of
-- the owner that is; region is the entry's band [x0, y0, x1, y1] on the upright page image,
-- NULL when the record is the whole page (a certificate).
ALTER TABLE records ADD COLUMN entry integer NOT NULL DEFAULT 1 CHECK (entry > 0);
ALTER TABLE records ADD COLUMN entry_page integer NOT NULL DEFAULT 1 CHECK (entry_page > 0);
ALTER TABLE records ADD COLUMN region integer[] CHECK (region IS NULL OR cardinality(region) = 4);
-- One record per entry of a page: an extract stage run again finds its entries made already.
CREATE UNIQUE INDEX records_entry ON records (coalesce(page_of, id), entry_page, entry);
CREATE INDEX records_page_of ON records (page_of) WHERE page_of IS NOT NULL;
