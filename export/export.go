package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"civreg"
	"civreg/bagit"
	"civreg/pdfa"
)

// Exporter writes BagIt bags of records and batches from what the registry stores, each
// record described by a METS document with its PREMIS provenance (metadata/mets-record-ID.xml).
type Exporter struct {
	DB      Store
	Objects civreg.Objects
	// Audience is who the bag is for: the fields they may not see (civreg.IsSensitive) are
	// left out of record.json and the METS. Nil is the registry's own preservation copy,
	// which holds every field.
	Audience *civreg.User
}

// Store is what an export reads: records, their batches and the fixity of their objects.
type Store interface {
	civreg.Records
	civreg.Batches
	civreg.Fixity
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
	FieldChanges []civreg.FieldChange    `json:"field_changes"`
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
func (e *Exporter) CheckRecord(ctx context.Context, id int64) (*civreg.Record, []civreg.Archive, error) {
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
	run := &exportRun{bag: bag, originals: map[int64]bagit.METSFile{}}
	if _, err := e.addRecord(ctx, run, rec, archives, ""); err != nil {
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
	run := &exportRun{bag: bag, originals: map[int64]bagit.METSFile{}}
	meta, _ := json.MarshalIndent(map[string]any{"batch": batch, "records": list}, "", "  ")
	batchFile, err := run.addMetadata("batch.json", meta, batch.CreatedAt)
	if err != nil {
		return err
	}
	var parts []bagit.METSPart
	for _, id := range ready {
		rec, archives, err := e.CheckRecord(ctx, id)
		if err != nil {
			return err
		}
		doc, err := e.addRecord(ctx, run, rec, archives, fmt.Sprintf("records/%d/", id))
		if err != nil {
			return err
		}
		parts = append(parts, bagit.METSPart{Label: fmt.Sprintf("record %d", id), Path: doc})
	}
	if err := e.batchMETS(run, batch, batchFile, parts); err != nil {
		return err
	}
	return bag.Close([][2]string{
		{"Source-Organization", SourceOrganization},
		{"External-Identifier", fmt.Sprintf("civreg batch %d", batchID)},
		{"External-Description", fmt.Sprintf("batch %q: %d of its %d records, with their original scans, PDF/A copies, metadata and history", batch.Name, len(ready), len(records))},
	})
}

// exportRun is one bag being written: originals already in it (a register page shared by
// several records goes in once), and the bag itself.
type exportRun struct {
	bag       *bagit.Bag
	originals map[int64]bagit.METSFile // scan ID → its file in the bag
}

// addMetadata adds a JSON file the registry writes, and returns it as a METS file.
func (r *exportRun) addMetadata(name string, body []byte, at time.Time) (bagit.METSFile, error) {
	sum := sha256.Sum256(body)
	f := bagit.METSFile{Path: "data/" + name, Use: "metadata", MediaType: "application/json", Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:]), Created: at}
	return f, r.bag.Add(name, bytes.NewReader(body), at, "")
}

// addRecord adds a record's files under prefix (originals once per bag, under originals/):
// its metadata, history, originals (checked against their recorded hashes as they stream),
// every PDF/A copy (verified again as it streams), and its METS document, whose bag path it
// returns.
func (e *Exporter) addRecord(ctx context.Context, run *exportRun, rec *civreg.Record, archives []civreg.Archive, prefix string) (string, error) {
	changes, err := e.DB.FieldChanges(ctx, rec.ID)
	if err != nil {
		return "", err
	}
	history, err := e.DB.History(ctx, rec.ID)
	if err != nil {
		return "", err
	}
	fields := rec.Fields
	if e.Audience != nil {
		fields = civreg.VisibleFields(e.Audience, rec.Fields)
		changes = visibleChanges(e.Audience, changes)
	}
	out := exportedRecord{ID: rec.ID, BatchID: rec.BatchID, RecordType: rec.RecordType, Status: rec.Status, Version: rec.Version,
		CreatedAt: rec.CreatedAt, ApprovedAt: rec.ApprovedAt, ApprovedBy: rec.ApprovedBy, Fields: fields, FieldChanges: changes,
		Entry: rec.Entry, EntryPage: rec.EntryPage, Region: rec.Region, PageOf: rec.PageOf}
	doc := recordDoc{rec: rec, fields: fields, history: history, changes: changes}
	if err := e.addOriginals(ctx, run, rec, &out, &doc); err != nil {
		return "", err
	}
	for _, a := range archives {
		out.Archives = append(out.Archives, exportedArchive{a.Version, fmt.Sprintf("%sarchive-v%d.pdf", prefix, a.Version), a.SHA256, a.Size, "PDF/A-" + a.Conformance, a.CreatedAt})
	}
	meta, _ := json.MarshalIndent(out, "", "  ")
	f, err := run.addMetadata(prefix+"record.json", meta, rec.UpdatedAt)
	if err != nil {
		return "", err
	}
	doc.files = append(doc.files, f)
	events, _ := json.MarshalIndent(history, "", "  ")
	if f, err = run.addMetadata(prefix+"events.json", events, rec.UpdatedAt); err != nil {
		return "", err
	}
	doc.files = append(doc.files, f)
	for i, a := range archives {
		checked, err := e.addArchive(ctx, run, out.Archives[i].File, a)
		if err != nil {
			return "", err
		}
		doc.archives = append(doc.archives, checked)
	}
	name := fmt.Sprintf("metadata/mets-record-%d.xml", rec.ID)
	return name, e.writeMETS(ctx, run, name, &doc)
}

// addOriginals adds the record's scans the bag does not hold yet and notes its pages.
func (e *Exporter) addOriginals(ctx context.Context, run *exportRun, rec *civreg.Record, out *exportedRecord, doc *recordDoc) error {
	for _, p := range rec.Pages {
		out.Pages = append(out.Pages, exportedPage{p.Number, p.ScanID, p.ScanPage})
		f, added := run.originals[p.ScanID]
		s, err := e.DB.Scan(ctx, p.ScanID)
		if err != nil {
			return err
		}
		if !added {
			// Stored under a name of the registry's making: the uploaded name (kept in the
			// JSON and the METS) may hold anything.
			name := fmt.Sprintf("originals/scan-%d%s", s.ID, extensions[s.MediaType])
			if err := e.addObject(ctx, run.bag, name, s.ObjectKey, s.SHA256, s.CreatedAt); err != nil {
				return err
			}
			f = bagit.METSFile{Path: "data/" + name, Use: "original", MediaType: s.MediaType, Size: s.Size, SHA256: s.SHA256, Created: s.CreatedAt, OriginalName: s.OriginalName}
			run.originals[p.ScanID] = f
		}
		if !containsScan(doc.scans, s.ID) {
			doc.scans = append(doc.scans, s)
			doc.files = append(doc.files, f)
			out.Scans = append(out.Scans, exportedScan{s.ID, strings.TrimPrefix(f.Path, "data/"), s.OriginalName, s.SHA256, s.Size, s.MediaType})
		}
	}
	return nil
}

func containsScan(scans []*civreg.Scan, id int64) bool {
	for _, s := range scans {
		if s.ID == id {
			return true
		}
	}
	return false
}

// visibleChanges drops the changes of fields the audience may not see.
func visibleChanges(u *civreg.User, changes []civreg.FieldChange) []civreg.FieldChange {
	var out []civreg.FieldChange
	for _, c := range changes {
		if u.MaySeeField(c.Key) {
			out = append(out, c)
		}
	}
	return out
}

// addArchive streams a PDF/A copy into the bag and verifies the bytes it sent, so the METS
// records what the verifier says of the copy the archive receives.
func (e *Exporter) addArchive(ctx context.Context, run *exportRun, name string, a civreg.Archive) (checkedArchive, error) {
	var copyOf bytes.Buffer
	r, err := e.Objects.Get(ctx, a.Key)
	if civreg.ErrorCode(err) == civreg.ENOTFOUND {
		return checkedArchive{}, civreg.Errorf(civreg.ECORRUPT, "%s is missing from storage (%s): the export was stopped", name, a.Key)
	} else if err != nil {
		return checkedArchive{}, err
	}
	defer r.Close()
	if err := run.bag.Add(name, io.TeeReader(r, &copyOf), a.CreatedAt, a.SHA256); err != nil {
		return checkedArchive{}, err
	}
	rep, err := pdfa.Verify(bytes.NewReader(copyOf.Bytes()))
	if err != nil {
		return checkedArchive{}, err
	}
	f := bagit.METSFile{Path: "data/" + name, Use: "preservation", MediaType: "application/pdf", Format: "PDF/A-" + a.Conformance, Size: a.Size, SHA256: a.SHA256, Created: a.CreatedAt}
	return checkedArchive{Archive: a, file: f, report: rep, at: time.Now().UTC()}, nil
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
