package export

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"civreg"
	"civreg/bagit"
	"civreg/pdfa"
)

// recordDoc gathers what a record's METS document says.
type recordDoc struct {
	rec      *civreg.Record
	fields   map[string]civreg.Field
	history  []civreg.Event
	changes  []civreg.FieldChange
	scans    []*civreg.Scan
	files    []bagit.METSFile // originals, then metadata; archives apart
	archives []checkedArchive
	fixity   []civreg.ObjectFixity // every fixity check of the record's stored objects
}

// checkedArchive is a PDF/A copy as the bag holds it, with what the verifier said of it.
type checkedArchive struct {
	civreg.Archive
	file   bagit.METSFile
	report *pdfa.Report
	at     time.Time
}

// agents collects civreg, the registry and every user the record's history names.
type agents struct {
	list []bagit.Agent
	ids  map[string]string // user name → agent ID
}

func newAgents() *agents {
	return &agents{list: []bagit.Agent{
		{ID: "agent-civreg", Name: "civreg", Type: "software", Version: civreg.Software(), Note: "the registry's digitisation system"},
		{ID: "agent-registry", Name: SourceOrganization, Type: "organization"},
	}, ids: map[string]string{}}
}

func (a *agents) user(name string) string {
	if id, ok := a.ids[name]; ok {
		return id
	}
	id := fmt.Sprintf("agent-user-%d", len(a.ids)+1)
	a.ids[name] = id
	a.list = append(a.list, bagit.Agent{ID: id, Name: name, Type: "person", Note: "a user of the registry's civreg"})
	return id
}

// by links an event to civreg and, when a user did it, to the user.
func (a *agents) by(user, role string) []bagit.AgentRole {
	out := []bagit.AgentRole{{ID: "agent-civreg", Role: "executing program"}}
	if user != "" {
		out = append(out, bagit.AgentRole{ID: a.user(user), Role: role})
	}
	return out
}

// writeMETS writes the record's METS document as a tag file of the bag.
func (e *Exporter) writeMETS(ctx context.Context, run *exportRun, name string, d *recordDoc) error {
	for _, a := range d.archives {
		d.files = append(d.files, a.file)
	}
	for i := range d.files {
		d.files[i].ID = fmt.Sprintf("file-%d", i+1)
	}
	pages, err := e.pages(ctx, d)
	if err != nil {
		return err
	}
	var keys []string
	for _, s := range d.scans {
		keys = append(keys, s.ObjectKey)
	}
	for _, a := range d.archives {
		keys = append(keys, a.Key)
	}
	if d.fixity, err = e.DB.FixityOf(ctx, keys); err != nil {
		return err
	}
	ag := newAgents()
	m := bagit.METS{
		ObjectID: fmt.Sprintf("civreg-record-%d", d.rec.ID),
		Label:    fmt.Sprintf("%s record %d, version %d", d.rec.RecordType, d.rec.ID, d.rec.Version),
		Type:     string(d.rec.RecordType) + " record",
		Created:  time.Now().UTC(),
		Fields:   descriptive(d.fields),
		Files:    d.files,
		Pages:    pages,
		Events:   events(d, ag),
	}
	m.Agents = ag.list
	var doc bytes.Buffer
	if err := bagit.WriteMETS(&doc, m); err != nil {
		return err
	}
	return run.bag.AddTag(name, doc.Bytes())
}

// descriptive lists the record's field values in key order, the empty ones left out.
func descriptive(fields map[string]civreg.Field) [][2]string {
	var out [][2]string
	for k, f := range fields {
		if f.Value != "" {
			out = append(out, [2]string{k, f.Value})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// pages gives each page of the record its file and, for an entry of a register page (a page
// holding several records), the entry's band on it, as the extractor found it.
func (e *Exporter) pages(_ context.Context, d *recordDoc) ([]bagit.METSPage, error) {
	fileOf := map[int64]string{}
	for i, s := range d.scans {
		fileOf[s.ID] = d.files[i].ID
	}
	var out []bagit.METSPage
	for _, p := range d.rec.Pages {
		mp := bagit.METSPage{Number: p.Number, FileID: fileOf[p.ScanID], ScanPage: p.ScanPage}
		mp.Region, _ = entryRegion(d.rec, p.Number)
		out = append(out, mp)
	}
	return out, nil
}

// entryRegion is rec's band on page n of its pages when rec is one entry of several on that
// page; ok false for a record that is its whole page, or a page it does not stand on.
func entryRegion(rec *civreg.Record, n int) (r [4]int, ok bool) {
	if len(rec.Region) != 4 || max(rec.EntryPage, 1) != n {
		return r, false
	}
	return [4]int{rec.Region[0], rec.Region[1], rec.Region[2], rec.Region[3]}, true
}

// batchMETS writes the batch's own METS document: batch.json, and a pointer to each
// record's document.
func (e *Exporter) batchMETS(run *exportRun, b *civreg.Batch, list bagit.METSFile, parts []bagit.METSPart) error {
	list.ID = "file-1"
	ag := newAgents()
	m := bagit.METS{
		ObjectID: fmt.Sprintf("civreg-batch-%d", b.ID),
		Label:    fmt.Sprintf("batch %s", b.Name),
		Type:     "batch",
		Created:  time.Now().UTC(),
		Fields:   [][2]string{{"batch_name", b.Name}, {"record_type", string(b.RecordType)}},
		Files:    []bagit.METSFile{list},
		Parts:    parts,
		Events: []bagit.Event{{ID: "event-1", Type: "ingestion", At: b.CreatedAt, Detail: "batch opened",
			Agents: ag.by("", ""), Objects: []string{"file-1"}}},
	}
	m.Agents = ag.list
	var doc bytes.Buffer
	if err := bagit.WriteMETS(&doc, m); err != nil {
		return err
	}
	return run.bag.AddTag(fmt.Sprintf("metadata/mets-batch-%d.xml", b.ID), doc.Bytes())
}

// events turns the record's history into PREMIS events, and adds the verification of each
// PDF/A copy done as it went into the bag.
func events(d *recordDoc, ag *agents) []bagit.Event {
	byPath := map[string]string{}
	for _, f := range d.files {
		byPath[f.Path] = f.ID
	}
	x := eventNames{d: d, byPath: byPath}
	var out []bagit.Event
	for _, h := range d.history {
		ev, ok := x.event(h, ag)
		if !ok {
			continue
		}
		ev.ID = fmt.Sprintf("event-%d", len(out)+1)
		out = append(out, ev)
	}
	for _, f := range d.fixity {
		ev := premisFixityEvent(f, ag)
		ev.ID, ev.Objects = fmt.Sprintf("event-%d", len(out)+1), x.objectFile(f.Key)
		out = append(out, ev)
	}
	for _, a := range d.archives {
		ev := bagit.Event{ID: fmt.Sprintf("event-%d", len(out)+1), Type: "validation", At: a.at,
			Detail:  fmt.Sprintf("%s, as the copy went into this bag", pdfa.VerifierName()),
			Outcome: "pass", Agents: []bagit.AgentRole{{ID: "agent-civreg", Role: "validator"}}, Objects: []string{byPath[a.file.Path]}}
		if !a.report.OK() {
			ev.Outcome = "fail"
		}
		ev.Note = verdictNote(a.report)
		out = append(out, ev)
	}
	return out
}

func verdictNote(rep *pdfa.Report) string {
	var parts []string
	if !rep.OK() {
		parts = append(parts, "failures: "+rep.Summary())
	}
	parts = append(parts, "rules not checked: "+strings.Join(pdfa.NotChecked(), ", "))
	parts = append(parts, rep.NotChecked...)
	return strings.Join(parts, "; ")
}

// eventNames maps the registry's event names to PREMIS event types and objects.
type eventNames struct {
	d      *recordDoc
	byPath map[string]string
}

func (x eventNames) scanFile(id int64) []string {
	for i, s := range x.d.scans {
		if s.ID == id {
			return []string{x.d.files[i].ID}
		}
	}
	return nil
}

func (x eventNames) originals() []string {
	var out []string
	for i := range x.d.scans {
		out = append(out, x.d.files[i].ID)
	}
	return out
}

func num(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case int64:
		return n
	case int:
		return int64(n)
	}
	return 0
}

// event maps one history event; false for those that are not provenance of the objects
// (indexing for search, the archive stage's own bookkeeping).
func (x eventNames) event(h civreg.Event, ag *agents) (bagit.Event, bool) {
	ev := bagit.Event{At: h.At}
	switch h.Event {
	case "ingest":
		ev.Type, ev.Detail, ev.Agents = "ingestion", fmt.Sprintf("uploaded as %v", h.Detail["file_name"]), ag.by(h.By, "implementer")
		ev.Objects = x.uploaded(h.Detail["file_name"])
	case "digest":
		ev.Type, ev.Detail, ev.Outcome, ev.Agents = "message digest calculation", "SHA-256 of the original as it was stored", "pass", ag.by("", "")
		ev.Note = fmt.Sprintf("%v", h.Detail["sha256"])
		ev.Objects = x.scanFile(num(h.Detail["scan_id"]))
	case "ocr":
		ev.Type, ev.Agents = "optical character recognition", ag.by("", "")
		ev.Detail = fmt.Sprintf("page %v read (%v)", h.Detail["page"], h.Detail["how"])
		ev.Outcome, ev.Note = outcome(h.Detail["problem"] == nil), fmt.Sprint(orEmpty(h.Detail["problem"]))
		ev.Objects = x.pageFile(int(num(h.Detail["page"])))
	case "extract":
		ev.Type, ev.Detail, ev.Agents = "metadata extraction", "fields read from the OCR text for review", ag.by("", "")
		ev.Outcome, ev.Objects = outcome(h.Detail["state"] == "done"), x.originals()
	case "review":
		ev.Type, ev.Detail, ev.Agents, ev.Objects = "review", "fields checked and corrected by a clerk", ag.by(h.By, "implementer"), x.originals()
	case "approval", "rejection":
		ev.Type, ev.Detail, ev.Agents, ev.Objects = h.Event, "the record's fields "+h.Event+" by a reviewer", ag.by(h.By, "authorizer"), x.originals()
		ev.Outcome = outcome(h.Event == "approval")
	case "archive":
		if h.Detail["version"] == nil {
			return ev, false
		}
		ev.Type, ev.Outcome, ev.Agents = "creation", "pass", ag.by("", "")
		ev.Detail = fmt.Sprintf("%v copy version %v made from the original scans and stored only after it passed %s", h.Detail["conformance"], h.Detail["version"], pdfa.VerifierName())
		ev.Objects = x.archiveFile(num(h.Detail["version"]))
	default: // fixity checks come with their audit runs (fixityEvents)
		return ev, false
	}
	return ev, true
}

func outcome(ok bool) string {
	if ok {
		return "pass"
	}
	return "fail"
}

func orEmpty(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// uploaded finds the originals uploaded under a name; all of them when none matches.
func (x eventNames) uploaded(name any) []string {
	for i, s := range x.d.scans {
		if s.OriginalName == fmt.Sprint(name) {
			return []string{x.d.files[i].ID}
		}
	}
	return x.originals()
}

func (x eventNames) pageFile(page int) []string {
	for _, p := range x.d.rec.Pages {
		if p.Number == page {
			return x.scanFile(p.ScanID)
		}
	}
	return x.originals()
}

func (x eventNames) archiveFile(version int64) []string {
	for _, a := range x.d.archives {
		if int64(a.Version) == version {
			return []string{x.byPath[a.file.Path]}
		}
	}
	return nil
}

func (x eventNames) objectFile(key string) []string {
	for i, s := range x.d.scans {
		if s.ObjectKey == key {
			return []string{x.d.files[i].ID}
		}
	}
	for _, a := range x.d.archives {
		if a.Key == key {
			return []string{x.byPath[a.file.Path]}
		}
	}
	return nil
}

// premisFixityEvent is one check of one of the record's objects, with the audit run it was part of.
func premisFixityEvent(f civreg.ObjectFixity, ag *agents) bagit.Event {
	ev := bagit.Event{Type: "fixity check", At: f.At, Outcome: outcome(f.OK), Note: f.Problem, Agents: ag.by("", ""),
		Detail: "the stored object re-read and its SHA-256 compared with the one recorded when it was stored"}
	if r := f.Run; r != nil {
		ev.Detail += fmt.Sprintf("; audit run %d by %s, begun %s: %d objects checked, %d changed, %d missing, %d unexpected (%s)",
			r.ID, r.Agent, r.StartedAt.UTC().Format(time.RFC3339), r.Checked, r.Changed, r.Missing, r.Unexpected, r.Outcome)
	}
	if !f.OK && f.Problem == "" {
		ev.Note = fmt.Sprintf("read %s, recorded %s", f.Actual, f.Expected)
	}
	return ev
}
