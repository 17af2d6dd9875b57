package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"civreg"
	"civreg/bagit"
)

// Exporter writes BagIt bags of records and batches from what the registry stores.
type Exporter struct {
	DB      *DB
	Objects *Objects
}

// SourceOrganization names the registry in bag-info.txt.
const SourceOrganization = "Civil Registry, Ministry of Health, St Kitts and Nevis"

// exportedRecord is a record's metadata in its bag (data/records/ID/record.json).
type exportedRecord struct {
	ID         int64             `json:"id"`
	BatchID    int64             `json:"batch_id"`
	RecordType civreg.RecordType `json:"record_type"`
	Status     civreg.Status     `json:"status"`
	Version    int               `json:"version"`
	CreatedAt  time.Time         `json:"created_at"`
	ApprovedAt *time.Time        `json:"approved_at,omitempty"`
	ApprovedBy string            `json:"approved_by,omitempty"`
	// Where the record stands on its page: a register page holds several entries.
	Entry        int                     `json:"entry"`
	EntryPage    int                     `json:"entry_page"`
	Region       []int                   `json:"region,omitempty"`
	PageOf       int64                   `json:"page_of,omitempty"`
	Fields       map[string]civreg.Field `json:"fields"`
	FieldChanges []FieldChange           `json:"field_changes"`
	Pages        []exportedPage          `json:"pages"`
	Scans        []exportedScan          `json:"scans"`
	Archives     []exportedArchive       `json:"archives"`
}

type exportedPage struct {
	Page     int   `json:"page"`
	ScanID   int64 `json:"scan_id"`
	ScanPage int   `json:"scan_page"`
}

type exportedScan struct {
	ID           int64  `json:"id"`
	File         string `json:"file"` // in the bag, under data/
	OriginalName string `json:"original_name"`
	SHA256       string `json:"sha256"`
	Size         int64  `json:"size"`
	MediaType    string `json:"media_type"`
}

type exportedArchive struct {
	Version     int       `json:"version"`
	File        string    `json:"file"`
	SHA256      string    `json:"sha256"`
	Size        int64     `json:"size"`
	Conformance string    `json:"conformance"`
	CreatedAt   time.Time `json:"created_at"`
}

var extensions = map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif", "application/pdf": ".pdf"}

// CheckRecord says whether a record can be exported: only records with a preservation copy
// (approved and archived) can, so a bag never stands for an unreviewed record.
func (e *Exporter) CheckRecord(ctx context.Context, id int64) (*civreg.Record, []Archive, error) {
	rec, err := e.DB.Record(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	archives, err := e.DB.Archives(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if len(archives) == 0 {
		return nil, nil, civreg.Errorf(civreg.ECONFLICT, "record %d is %s and has no PDF/A copy yet: only approved, archived records are exported", id, rec.Status)
	}
	return rec, archives, nil
}

// Record writes the bag of one record to w.
func (e *Exporter) Record(ctx context.Context, w io.Writer, id int64) error {
	rec, archives, err := e.CheckRecord(ctx, id)
	if err != nil {
		return err
	}
	bag := bagit.New(w, fmt.Sprintf("civreg-record-%d", id))
	if err := e.addRecord(ctx, bag, rec, archives, ""); err != nil {
		return err
	}
	ident := rec.Fields["registration_number"].Value
	if ident == "" {
		ident = fmt.Sprintf("civreg record %d", id)
	}
	return bag.Close([][2]string{
		{"Source-Organization", SourceOrganization},
		{"External-Identifier", ident},
		{"External-Description", fmt.Sprintf("%s record %d, version %d, with its original scans, PDF/A copies, metadata and history", rec.RecordType, id, rec.Version)},
	})
}

// Batch writes the bag of a batch: every record of it with a preservation copy; batch.json
// lists every record with its status, so one left out (not yet approved) is seen to be.
func (e *Exporter) Batch(ctx context.Context, w io.Writer, batchID int64) error {
	batch, err := e.DB.Batch(ctx, batchID)
	if err != nil {
		return err
	}
	records, err := e.DB.RecordsOfBatch(ctx, batchID)
	if err != nil {
		return err
	}
	type listed struct {
		ID       int64         `json:"id"`
		Status   civreg.Status `json:"status"`
		Exported bool          `json:"exported"`
	}
	var list []listed
	var ready []int64
	for _, r := range records {
		archives, err := e.DB.Archives(ctx, r.ID)
		if err != nil {
			return err
		}
		list = append(list, listed{r.ID, r.Status, len(archives) > 0})
		if len(archives) > 0 {
			ready = append(ready, r.ID)
		}
	}
	if len(ready) == 0 {
		return civreg.Errorf(civreg.ECONFLICT, "batch %d has no approved, archived records to export yet", batchID)
	}
	bag := bagit.New(w, fmt.Sprintf("civreg-batch-%d", batchID))
	meta, _ := json.MarshalIndent(map[string]any{"batch": batch, "records": list}, "", "  ")
	if err := bag.Add("batch.json", bytes.NewReader(meta), batch.CreatedAt, ""); err != nil {
		return err
	}
	for _, id := range ready {
		rec, archives, err := e.CheckRecord(ctx, id)
		if err != nil {
			return err
		}
		if err := e.addRecord(ctx, bag, rec, archives, fmt.Sprintf("records/%d/", id)); err != nil {
			return err
		}
	}
	return bag.Close([][2]string{
		{"Source-Organization", SourceOrganization},
		{"External-Identifier", fmt.Sprintf("civreg batch %d", batchID)},
		{"External-Description", fmt.Sprintf("batch %q: %d of its %d records, with their original scans, PDF/A copies, metadata and history", batch.Name, len(ready), len(records))},
	})
}

// addRecord adds a record's files under prefix: its metadata, history, originals (checked
// against their recorded hashes as they stream) and every PDF/A copy.
func (e *Exporter) addRecord(ctx context.Context, bag *bagit.Bag, rec *civreg.Record, archives []Archive, prefix string) error {
	changes, err := e.DB.FieldChanges(ctx, rec.ID)
	if err != nil {
		return err
	}
	history, err := e.DB.History(ctx, rec.ID)
	if err != nil {
		return err
	}
	out := exportedRecord{ID: rec.ID, BatchID: rec.BatchID, RecordType: rec.RecordType, Status: rec.Status, Version: rec.Version,
		CreatedAt: rec.CreatedAt, ApprovedAt: rec.ApprovedAt, ApprovedBy: rec.ApprovedBy, Fields: rec.Fields, FieldChanges: changes,
		Entry: rec.Entry, EntryPage: rec.EntryPage, Region: rec.Region, PageOf: rec.PageOf}
	seen := map[int64]bool{}
	var scans []*civreg.Scan
	for _, p := range rec.Pages {
		out.Pages = append(out.Pages, exportedPage{p.Number, p.ScanID, p.ScanPage})
		if seen[p.ScanID] {
			continue
		}
		seen[p.ScanID] = true
		s, err := e.DB.Scan(ctx, p.ScanID)
		if err != nil {
			return err
		}
		scans = append(scans, s)
		// Stored under a name of the registry's making: the uploaded name (kept in the JSON)
		// may hold anything.
		out.Scans = append(out.Scans, exportedScan{s.ID, fmt.Sprintf("%soriginals/scan-%d%s", prefix, s.ID, extensions[s.MediaType]), s.OriginalName, s.SHA256, s.Size, s.MediaType})
	}
	for _, a := range archives {
		out.Archives = append(out.Archives, exportedArchive{a.Version, fmt.Sprintf("%sarchive-v%d.pdf", prefix, a.Version), a.SHA256, a.Size, "PDF/A-" + a.Conformance, a.CreatedAt})
	}
	meta, _ := json.MarshalIndent(out, "", "  ")
	if err := bag.Add(prefix+"record.json", bytes.NewReader(meta), rec.UpdatedAt, ""); err != nil {
		return err
	}
	events, _ := json.MarshalIndent(history, "", "  ")
	if err := bag.Add(prefix+"events.json", bytes.NewReader(events), rec.UpdatedAt, ""); err != nil {
		return err
	}
	for i, s := range scans {
		if err := e.addObject(ctx, bag, out.Scans[i].File, s.ObjectKey, s.SHA256, s.CreatedAt); err != nil {
			return err
		}
	}
	for i, a := range archives {
		if err := e.addObject(ctx, bag, out.Archives[i].File, a.Key, a.SHA256, a.CreatedAt); err != nil {
			return err
		}
	}
	return nil
}

func (e *Exporter) addObject(ctx context.Context, bag *bagit.Bag, name, key, sha string, modified time.Time) error {
	r, err := e.Objects.Get(ctx, key)
	if civreg.ErrorCode(err) == civreg.ENOTFOUND {
		return civreg.Errorf(civreg.ECORRUPT, "%s is missing from storage (%s): the export was stopped", name, key)
	} else if err != nil {
		return err
	}
	defer r.Close()
	return bag.Add(name, r, modified, sha)
}
