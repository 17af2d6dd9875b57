package civreg

import "context"

// Keyings is the keying of handwritten and unread register entries: once, or twice by two
// people with the disagreements arbitrated by a third. Package storage implements it; each
// method's documentation, with its error codes, is there.
type Keyings interface {
	CreateKeyedBatch(ctx context.Context, u *User, name string, t RecordType, pagePerRecord bool, keying string) (*Batch, error)
	SetBatchKeying(ctx context.Context, u *User, id int64, keying string) error
	KeyingOf(ctx context.Context, id int64) (*KeyingState, error)
	KeyEntry(ctx context.Context, u *User, id int64, k Keying) (*Keyed, error)
	Disputes(ctx context.Context, id int64) ([]Dispute, error)
	Arbitrate(ctx context.Context, u *User, id int64, version int, picks map[string]string) (int, error)
	KeyingQueue(ctx context.Context, u *User, limit int) ([]ToKey, error)
	ArbitrationQueue(ctx context.Context, u *User, limit int) ([]ToKey, error)
	KeyerFigures(ctx context.Context) ([]KeyerFigures, error)
	ApprovedNames(ctx context.Context, key string, limit int) ([]string, error)
}

// KeyedField is what a keyer typed into one field (the value as the registry stores it,
// KeyedValue), or that the field is illegible, with the keys and seconds it took.
type KeyedField struct {
	Key        string  `json:"key"`
	Value      string  `json:"value"`
	Illegible  bool    `json:"illegible"`
	Keystrokes int     `json:"keystrokes"`
	Seconds    float64 `json:"seconds"`
}

// Keying is one person's keying of an entry, made from the record version they saw.
type Keying struct {
	Version int
	Fields  []KeyedField
}

// Keyed is what a keying did: Accepted fields went onto the record, Disputed ones wait for
// arbitration, Once are held by only one of two keyings (left to the reviewer). Round is 1
// for the first keying of an entry, 2 for the second. Repeated is a keying sent again.
type Keyed struct {
	Version  int      `json:"version"`
	Round    int      `json:"round"`
	Accepted []string `json:"accepted"`
	Disputed []string `json:"disputed"`
	Once     []string `json:"once"`
	Repeated bool     `json:"repeated,omitempty"`
}

// Keyer names a person who keyed an entry.
type Keyer struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// KeyingState is where an entry stands in keying: the batch's keying, who keyed it (in
// order), and how many fields wait for arbitration.
type KeyingState struct {
	Keying   string  `json:"keying"`
	Keyers   []Keyer `json:"keyers"`
	Disputed int     `json:"disputed"`
}

// Needed is how many keyings the entry still lacks.
func (k *KeyingState) Needed() int {
	n := 1
	if k.Keying == KeyingDouble {
		n = 2
	}
	return max(n-len(k.Keyers), 0)
}

// KeyedBy reports whether user id keyed the entry.
func (k *KeyingState) KeyedBy(id int64) bool {
	for _, ky := range k.Keyers {
		if ky.ID == id {
			return true
		}
	}
	return false
}

// Dispute is a field two keyings of an entry disagree on, with both values, for arbitration.
type Dispute struct {
	Key    string     `json:"key"`
	First  KeyedField `json:"first"`
	Second KeyedField `json:"second"`
}

// The arbitrator's picks: the first keying's value, the second's, or what OCR read.
const (
	PickFirst  = "first"
	PickSecond = "second"
	PickOCR    = "ocr"
)

// ToKey is one row of a keying queue: an entry, its batch, and who keyed it so far.
type ToKey struct {
	RecordID  int64      `json:"record_id"`
	BatchID   int64      `json:"batch_id"`
	BatchName string     `json:"batch_name"`
	Entry     int        `json:"entry"`
	Page      int        `json:"page"`
	Type      RecordType `json:"record_type"`
	Keying    string     `json:"keying"`
	KeyedBy   []string   `json:"keyed_by"`
	Disputed  int        `json:"disputed,omitempty"`
}

// KeyerFigures is how one person keys: entries and fields keyed, keys and seconds per field,
// and, over the fields both keyings of a double-keyed entry hold, how often the other
// keying agreed and how often this person's value was the one kept.
type KeyerFigures struct {
	Keyer           string  `json:"keyer"`
	Entries         int     `json:"entries"`
	Fields          int     `json:"fields"`
	KeysPerField    float64 `json:"keys_per_field"`
	SecondsPerField float64 `json:"seconds_per_field"`
	Compared        int     `json:"compared"`
	Agreement       float64 `json:"agreement"` // of the fields compared (0 when none was)
	Decided         int     `json:"decided"`   // compared fields settled: agreed, or arbitrated
	Kept            float64 `json:"kept"`      // agreed or picked, of those decided
	Arbitrated      int     `json:"arbitrated"`
}
