package pdfa

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// FuzzVerify: the verifier takes any bytes without crashing or hanging; what it cannot read
// fails.
func FuzzVerify(f *testing.F) {
	var b bytes.Buffer
	Write(context.Background(), &b, testDoc, []Page{{Scan: []byte{}, MediaType: "image/png"}})
	f.Add(corpusSeed("6.1 File structure", "6.1.2 File header", "veraPDF test suite 6-1-2-t02-pass-a.pdf"))
	for _, name := range []string{"6-2-11-5-t01-fail-d", "6-2-11-5-t01-fail-e", "6-2-11-5-t01-fail-f"} {
		// TrueType, CID-keyed CFF and CIDFontType2 programs for the glyph checks
		f.Add(corpusSeed("6.2 Graphics", "6.2.11 Fonts", "6.2.11.5 Font metrics", "veraPDF test suite "+name+".pdf"))
	}
	f.Add([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\ntrailer<<>>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			rep, err := Verify(bytes.NewReader(data))
			if err == nil && rep.OK() && !bytes.HasPrefix(data, []byte("%PDF-1.")) {
				t.Errorf("bytes without a PDF header verified")
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the verifier hung")
		}
	})
}

// corpusSeed is a file of veraPDF's PDF/A-2b corpus, where the corpus lies beside the
// repository (or its worktree), else an empty input: a fuzz target is not skipped without it.
func corpusSeed(path ...string) []byte {
	for _, up := range []string{"../../shared/corpus", "../../../shared/corpus"} {
		if b, err := os.ReadFile(filepath.Join(append([]string{up, "verapdf-pdfa2b"}, path...)...)); err == nil {
			return b
		}
	}
	return []byte{}
}

// FuzzParseXMP: the XMP reader takes any text, refusing DTDs, never panicking.
func FuzzParseXMP(f *testing.F) {
	f.Add(xmp(testDoc, "2u"))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := parseXML(data)
		if err != nil {
			return
		}
		props, err := rdfProperties(root)
		if err != nil {
			return
		}
		ts := newTypeSystem()
		extensionSchemas(props, ts)
		ts.checkProperties(props)
	})
}

// FuzzParseTrueType: the TrueType reader takes any bytes without panicking, and whatever it
// reads it can look up: every glyph's width, every cmap at any code.
func FuzzParseTrueType(f *testing.F) {
	f.Add(goregular.TTF)
	f.Add(gomono.TTF[:4096])
	f.Add([]byte("\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00cmap\x00\x00\x00\x00\x00\x00\x00\x1c\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tt, err := parseTrueType(data)
		if err != nil {
			return
		}
		if tt.unitsPerEm == 0 || len(tt.advances) == 0 {
			t.Fatalf("a font read with %d units per em and %d metrics", tt.unitsPerEm, len(tt.advances))
		}
		probe(tt)
	})
}

// FuzzParseCIDCFF: the CID-keyed CFF reader takes any bytes without panicking, and can read
// the width of every glyph it maps a CID to.
func FuzzParseCIDCFF(f *testing.F) {
	f.Add(testCIDCFF())
	f.Add(testCIDCFF()[:60])
	f.Fuzz(func(t *testing.T, data []byte) {
		cids := map[uint32]bool{0: true, 1: true, 5: true, 6: true, 40: true, 1000: true, 65535: true}
		cff, err := parseCIDCFF(data, cids)
		if err != nil {
			return
		}
		for cid, g := range cff.gidOfCID {
			if !cids[cid] || g < 0 || g >= cff.charStrings.count {
				t.Fatalf("CID %d maps to glyph %d of %d", cid, g, cff.charStrings.count)
			}
			cff.width(g)
		}
	})
}
