package civreg

// PageRead is what OCR made of one page.
type PageRead struct {
	ImageKey string
	WordsKey string
	Text     string
	Error    string // a page that could not be read: the reason, shown to the reviewer
	Detail   string // how it was read (orientation, skew, scale)
}

// Extraction is what the extract stage read from a record, or from one entry of its pages.
type Extraction struct {
	RecordType     RecordType // Unknown keeps the batch's type
	TypeConfidence float64
	Fields         []Field
	Error          string // why nothing could be read; the record goes to review with it
	Note           string // how it was read (the form design), and any doubt about the entry
	// Entry and EntryPage place the record on its pages (0: as it is); Region is the entry's
	// band on that page, nil for the whole page.
	Entry, EntryPage int
	Region           []int
}

// Unfinished is a record that reconcile puts back in the queue, with what it still needs.
type Unfinished struct {
	RecordID    int64
	Status      Status
	Version     int
	UnreadPages []int
	NeedsIndex  bool
}

// Extracted names a record the extract stage stored, with the version to index.
type Extracted struct {
	RecordID int64
	Version  int
}

// EntryOnPage is one record of a page's entries, for the links between them.
type EntryOnPage struct {
	RecordID   int64      `json:"record_id"`
	Entry      int        `json:"entry"`
	RecordType RecordType `json:"record_type"`
	Status     Status     `json:"status"`
}
