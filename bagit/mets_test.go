package bagit

import (
	"bytes"
	"civreg/internal/corpus"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sampleMETS is a register entry on a shared page, with its PDF/A copy and its events.
func sampleMETS(scan, pdf []byte) METS {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	hexsum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	return METS{
		ObjectID: "civreg-record-7", Label: "birth record 7 & co", Type: "birth record", Created: at,
		Fields: [][2]string{{"child_name", "Anne <Marie>"}, {"registration_number", "B-12"}},
		Files: []METSFile{
			{ID: "file-1", Path: "data/originals/scan-3.tif", Use: "original", MediaType: "image/tiff", Size: int64(len(scan)), SHA256: hexsum(scan), Created: at, OriginalName: "ledger 1987.tif"},
			{ID: "file-2", Path: "data/archive-v1.pdf", Use: "preservation", MediaType: "application/pdf", Format: "PDF/A-2u", Size: int64(len(pdf)), SHA256: hexsum(pdf), Created: at},
		},
		Pages: []METSPage{{Number: 1, FileID: "file-1", ScanPage: 1, Region: [4]int{0, 400, 2400, 900}}},
		Events: []Event{
			{ID: "event-1", Type: "ingestion", At: at, Agents: []AgentRole{{"agent-3", "implementer"}, {"agent-1", "executing program"}}, Objects: []string{"file-1"}},
			{ID: "event-2", Type: "validation", At: at, Detail: "PDF/A-2 rules", Outcome: "pass", Note: "not checked: 6.1.4", Agents: []AgentRole{{"agent-1", "validator"}}, Objects: []string{"file-2"}},
		},
		Agents: []Agent{
			{ID: "agent-1", Name: "civreg", Type: "software", Version: "test"},
			{ID: "agent-2", Name: "Civil Registry", Type: "organization"},
			{ID: "agent-3", Name: "clerk1", Type: "person"},
		},
	}
}

func metsBag(t *testing.T, m METS, payload map[string][]byte) []byte {
	var doc bytes.Buffer
	if err := WriteMETS(&doc, m); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	b := New(&buf, "civreg-record-7")
	for _, name := range []string{"originals/scan-3.tif", "archive-v1.pdf", "stray.txt"} {
		if body, ok := payload[name]; ok {
			b.Add(name, bytes.NewReader(body), time.Now(), "")
		}
	}
	b.AddTag("metadata/mets-record-7.xml", doc.Bytes())
	if err := b.Close(nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestMETSConsistency: a bag whose METS names every payload file with its checksum is
// METS-consistent; a stray payload file, a wrong checksum or a dangling reference is found.
func TestMETSConsistency(t *testing.T) {
	scan, pdf := []byte("tiff bytes"), []byte("%PDF-1.7 bytes")
	good := sampleMETS(scan, pdf)
	wrongSum := sampleMETS(scan, pdf)
	wrongSum.Files[1].SHA256 = strings.Repeat("0", 64)
	dangling := sampleMETS(scan, pdf)
	dangling.Pages[0].FileID = "file-9"
	cases := []struct {
		name    string
		m       METS
		payload map[string][]byte
		want    string
	}{
		{"consistent", good, map[string][]byte{"originals/scan-3.tif": scan, "archive-v1.pdf": pdf}, ""},
		{"payload file not in METS", good, map[string][]byte{"originals/scan-3.tif": scan, "archive-v1.pdf": pdf, "stray.txt": []byte("x")}, "in no METS document"},
		{"file in METS missing", good, map[string][]byte{"originals/scan-3.tif": scan}, "which the bag lacks"},
		{"wrong checksum", wrongSum, map[string][]byte{"originals/scan-3.tif": scan, "archive-v1.pdf": pdf}, "SHA-256"},
		{"dangling FILEID", dangling, map[string][]byte{"originals/scan-3.tif": scan, "archive-v1.pdf": pdf}, "does not define"},
	}
	for _, c := range cases {
		z := metsBag(t, c.m, c.payload)
		rep, _ := Verify(bytes.NewReader(z), int64(len(z)))
		if !rep.Valid() || rep.METS == nil {
			t.Fatalf("%s: the bag itself: %q, METS %+v", c.name, rep.Problems, rep.METS)
		}
		got := strings.Join(rep.METS.Problems, "; ")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: METS problems %q, want %q", c.name, got, c.want)
		}
	}
}

// TestMETSValidatesAgainstSchemas: the METS and the PREMIS in it are valid against the
// METS 1.12.1 and PREMIS 3.0 schemas (corpus.METSSchemas), by xmllint with no network.
// A document whose PREMIS is broken must fail, or the schemas are not really applied.
func TestMETSValidatesAgainstSchemas(t *testing.T) {
	var b bytes.Buffer
	WriteMETS(&b, sampleMETS([]byte("a"), []byte("b")))
	if err := validateMETS(t, b.Bytes()); err != nil {
		t.Error(err)
	}
	broken := bytes.Replace(b.Bytes(), []byte("premis:eventType>"), []byte("premis:eventKind>"), 2)
	if err := validateMETS(t, broken); err == nil {
		t.Error("a PREMIS event without eventType passed the schemas")
	}
}

// validateMETS runs xmllint on one document, or skips saying what is missing.
func validateMETS(t *testing.T, doc []byte) error {
	t.Helper()
	schema, catalog, ok := corpus.METSSchemas(t)
	if !ok {
		t.Skip("the METS and PREMIS schemas (mets.xsd, xlink.xsd, premis-v3-0.xsd) are not beside the repository (set CIVREG_CONFORMANCE): structural checks only")
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint is not installed (Debian package libxml2-utils): structural checks only")
	}
	path := filepath.Join(t.TempDir(), "mets.xml")
	os.WriteFile(path, doc, 0o644)
	cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", schema, path)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+catalog)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("xmllint: %v\n%s", err, out)
	}
	return nil
}
