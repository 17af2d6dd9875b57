package bagit

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// METS describes one record for an archive (METS 1.12 with PREMIS 3 inside): its files, the
// structure of its pages (and, on a register page holding several entries, this entry's
// region), its descriptive fields, and its provenance as PREMIS objects, events and agents.
type METS struct {
	ObjectID string // e.g. civreg-record-12
	Label    string
	Type     string // e.g. "birth record"
	Created  time.Time
	Fields   [][2]string // descriptive metadata: field key, value (already chosen for the audience)
	Files    []METSFile
	Pages    []METSPage
	Events   []Event
	Agents   []Agent
	Parts    []METSPart // for a batch: the records' own METS documents
}

// METSFile is one file of the bag the document describes.
type METSFile struct {
	ID           string // an XML ID, e.g. file-3
	Path         string // in the bag, e.g. data/originals/scan-3.tif
	Use          string // original, preservation, metadata
	MediaType    string
	Format       string // a format name, e.g. "PDF/A-2u"
	Size         int64
	SHA256       string
	Created      time.Time
	OriginalName string
}

// METSPage is one page of the record: a file, or a region of one (a register entry).
type METSPage struct {
	Number   int
	FileID   string
	ScanPage int    // page within a multi-page file
	Region   [4]int // x0, y0, x1, y1 in page pixels; all zero for the whole page
}

// METSPart points a batch's document at a record's own.
type METSPart struct {
	Label, Path string
}

// Event is a PREMIS event: something done to the record's objects, by whom, with what result.
type Event struct {
	ID      string
	Type    string // PREMIS event type: ingestion, message digest calculation, validation, fixity check...
	At      time.Time
	Detail  string
	Outcome string // pass, fail, or ""
	Note    string // outcome detail
	Agents  []AgentRole
	Objects []string // file IDs
}

// AgentRole links an event to an agent.
type AgentRole struct{ ID, Role string }

// Agent is a PREMIS agent: civreg itself, the registry, a user.
type Agent struct {
	ID, Name, Type, Version, Note string
}

const (
	nsMETS   = "http://www.loc.gov/METS/"
	nsPREMIS = "http://www.loc.gov/premis/v3"
	nsXLink  = "http://www.w3.org/1999/xlink"
	nsDC     = "http://purl.org/dc/elements/1.1/"
	nsFields = "urn:civreg:fields"
)

// xw writes XML text, escaping as it goes.
type xw struct {
	b strings.Builder
}

func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (x *xw) f(format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = esc(s)
		}
	}
	fmt.Fprintf(&x.b, format, args...)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// WriteMETS writes the document.
func WriteMETS(w io.Writer, m METS) error {
	x := &xw{}
	x.f(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<mets:mets xmlns:mets="%s" xmlns:premis="%s" xmlns:xlink="%s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" OBJID="%s" LABEL="%s" TYPE="%s">`+"\n",
		nsMETS, nsPREMIS, nsXLink, m.ObjectID, m.Label, m.Type)
	x.header(m)
	x.descriptive(m)
	x.administrative(m)
	x.files(m)
	x.structure(m)
	x.f("</mets:mets>\n")
	_, err := io.WriteString(w, x.b.String())
	return err
}

func (x *xw) header(m METS) {
	x.f(`  <mets:metsHdr CREATEDATE="%s">`+"\n", stamp(m.Created))
	for _, a := range m.Agents {
		switch a.Type {
		case "software":
			x.f(`    <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><mets:name>%s %s</mets:name></mets:agent>`+"\n", a.Name, a.Version)
		case "organization":
			x.f(`    <mets:agent ROLE="CUSTODIAN" TYPE="ORGANIZATION"><mets:name>%s</mets:name></mets:agent>`+"\n", a.Name)
		}
	}
	x.f("  </mets:metsHdr>\n")
}

func (x *xw) descriptive(m METS) {
	x.f(`  <mets:dmdSec ID="dmd-1"><mets:mdWrap MDTYPE="DC"><mets:xmlData>`+"\n"+`    <dc:record xmlns:dc="%s" xmlns:civreg="%s">`+"\n", nsDC, nsFields)
	x.f("      <dc:identifier>%s</dc:identifier>\n      <dc:title>%s</dc:title>\n      <dc:type>%s</dc:type>\n", m.ObjectID, m.Label, m.Type)
	for _, kv := range m.Fields {
		x.f(`      <civreg:field key="%s">%s</civreg:field>`+"\n", kv[0], kv[1])
	}
	x.f("    </dc:record>\n  </mets:xmlData></mets:mdWrap></mets:dmdSec>\n")
}

// administrative writes the PREMIS: one object per file, then the events and the agents.
func (x *xw) administrative(m METS) {
	x.f(`  <mets:amdSec ID="amd-1">` + "\n")
	for _, f := range m.Files {
		x.f(`    <mets:techMD ID="tech-%s"><mets:mdWrap MDTYPE="PREMIS:OBJECT"><mets:xmlData>`+"\n", f.ID)
		x.f(`      <premis:object xsi:type="premis:file"><premis:objectIdentifier><premis:objectIdentifierType>local</premis:objectIdentifierType><premis:objectIdentifierValue>%s</premis:objectIdentifierValue></premis:objectIdentifier>`+"\n", f.ID)
		x.f(`        <premis:objectCharacteristics><premis:compositionLevel>0</premis:compositionLevel><premis:fixity><premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm><premis:messageDigest>%s</premis:messageDigest><premis:messageDigestOriginator>civreg</premis:messageDigestOriginator></premis:fixity>`+"\n", f.SHA256)
		x.f(`        <premis:size>%d</premis:size><premis:format><premis:formatDesignation><premis:formatName>%s</premis:formatName></premis:formatDesignation></premis:format></premis:objectCharacteristics>`+"\n", f.Size, firstNonEmpty(f.Format, f.MediaType))
		if f.OriginalName != "" {
			x.f("        <premis:originalName>%s</premis:originalName>\n", f.OriginalName)
		}
		x.f(`        <premis:storage><premis:contentLocation><premis:contentLocationType>bag path</premis:contentLocationType><premis:contentLocationValue>%s</premis:contentLocationValue></premis:contentLocation></premis:storage>`+"\n", f.Path)
		x.f("      </premis:object>\n    </mets:xmlData></mets:mdWrap></mets:techMD>\n")
	}
	for _, e := range m.Events {
		x.event(e)
	}
	for _, a := range m.Agents {
		x.f(`    <mets:digiprovMD ID="%s"><mets:mdWrap MDTYPE="PREMIS:AGENT"><mets:xmlData><premis:agent><premis:agentIdentifier><premis:agentIdentifierType>local</premis:agentIdentifierType><premis:agentIdentifierValue>%s</premis:agentIdentifierValue></premis:agentIdentifier><premis:agentName>%s</premis:agentName><premis:agentType>%s</premis:agentType>`, a.ID, a.ID, a.Name, a.Type)
		if a.Version != "" {
			x.f("<premis:agentVersion>%s</premis:agentVersion>", a.Version)
		}
		if a.Note != "" {
			x.f("<premis:agentNote>%s</premis:agentNote>", a.Note)
		}
		x.f("</premis:agent></mets:xmlData></mets:mdWrap></mets:digiprovMD>\n")
	}
	x.f("  </mets:amdSec>\n")
}

func (x *xw) event(e Event) {
	x.f(`    <mets:digiprovMD ID="%s"><mets:mdWrap MDTYPE="PREMIS:EVENT"><mets:xmlData><premis:event>`+"\n", e.ID)
	x.f(`      <premis:eventIdentifier><premis:eventIdentifierType>local</premis:eventIdentifierType><premis:eventIdentifierValue>%s</premis:eventIdentifierValue></premis:eventIdentifier><premis:eventType>%s</premis:eventType><premis:eventDateTime>%s</premis:eventDateTime>`+"\n", e.ID, e.Type, stamp(e.At))
	if e.Detail != "" {
		x.f("      <premis:eventDetailInformation><premis:eventDetail>%s</premis:eventDetail></premis:eventDetailInformation>\n", e.Detail)
	}
	if e.Outcome != "" || e.Note != "" {
		x.f("      <premis:eventOutcomeInformation><premis:eventOutcome>%s</premis:eventOutcome>", e.Outcome)
		if e.Note != "" {
			x.f("<premis:eventOutcomeDetail><premis:eventOutcomeDetailNote>%s</premis:eventOutcomeDetailNote></premis:eventOutcomeDetail>", e.Note)
		}
		x.f("</premis:eventOutcomeInformation>\n")
	}
	for _, a := range e.Agents {
		x.f("      <premis:linkingAgentIdentifier><premis:linkingAgentIdentifierType>local</premis:linkingAgentIdentifierType><premis:linkingAgentIdentifierValue>%s</premis:linkingAgentIdentifierValue><premis:linkingAgentRole>%s</premis:linkingAgentRole></premis:linkingAgentIdentifier>\n", a.ID, a.Role)
	}
	for _, o := range e.Objects {
		x.f("      <premis:linkingObjectIdentifier><premis:linkingObjectIdentifierType>local</premis:linkingObjectIdentifierType><premis:linkingObjectIdentifierValue>%s</premis:linkingObjectIdentifierValue></premis:linkingObjectIdentifier>\n", o)
	}
	x.f("    </premis:event></mets:xmlData></mets:mdWrap></mets:digiprovMD>\n")
}

func (x *xw) files(m METS) {
	if len(m.Files) == 0 {
		return
	}
	x.f("  <mets:fileSec>\n")
	for _, use := range []string{"original", "preservation", "metadata"} {
		open := false
		for _, f := range m.Files {
			if f.Use != use {
				continue
			}
			if !open {
				x.f(`    <mets:fileGrp USE="%s">`+"\n", use)
				open = true
			}
			x.f(`      <mets:file ID="%s" MIMETYPE="%s" SIZE="%d" CREATED="%s" CHECKSUM="%s" CHECKSUMTYPE="SHA-256" ADMID="tech-%s"><mets:FLocat LOCTYPE="OTHER" OTHERLOCTYPE="BAG" xlink:href="%s"/></mets:file>`+"\n",
				f.ID, f.MediaType, f.Size, stamp(f.Created), f.SHA256, f.ID, f.Path)
		}
		if open {
			x.f("    </mets:fileGrp>\n")
		}
	}
	x.f("  </mets:fileSec>\n")
}

// structure: the record, its pages in order (a register entry as a region of its page), its
// preservation copies and metadata files; a batch's records point at their own documents.
func (x *xw) structure(m METS) {
	x.f(`  <mets:structMap TYPE="logical"><mets:div TYPE="%s" LABEL="%s" DMDID="dmd-1" ADMID="amd-1">`+"\n", m.Type, m.Label)
	for _, p := range m.Pages {
		// METS has no begin type for a page of a multi-page file: the scan's page is the div's
		// ORDERLABEL, the entry's place on it the area's rectangle.
		x.f(`    <mets:div TYPE="page" ORDER="%d" ORDERLABEL="scan page %d" LABEL="page %d"><mets:fptr>`, p.Number, max(p.ScanPage, 1), p.Number)
		if p.Region != [4]int{} {
			x.f(`<mets:area FILEID="%s" SHAPE="RECT" COORDS="%d,%d,%d,%d"/>`, p.FileID, p.Region[0], p.Region[1], p.Region[2], p.Region[3])
		} else {
			x.f(`<mets:area FILEID="%s"/>`, p.FileID)
		}
		x.f("</mets:fptr></mets:div>\n")
	}
	for _, f := range m.Files {
		if f.Use != "original" {
			x.f(`    <mets:div TYPE="%s" LABEL="%s"><mets:fptr FILEID="%s"/></mets:div>`+"\n", f.Use, f.Path, f.ID)
		}
	}
	for i, p := range m.Parts {
		x.f(`    <mets:div TYPE="record" ORDER="%d" LABEL="%s"><mets:mptr LOCTYPE="OTHER" OTHERLOCTYPE="BAG" xlink:href="%s"/></mets:div>`+"\n", i+1, p.Label, p.Path)
	}
	x.f("  </mets:div></mets:structMap>\n")
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
