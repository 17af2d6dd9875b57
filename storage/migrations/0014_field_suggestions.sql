-- What a second reading or the approved records' name vocabulary offered for a value left in
-- review: the review screen shows it beside the value read; a reviewer's edit clears it.
ALTER TABLE fields ADD COLUMN suggested text NOT NULL DEFAULT '';
