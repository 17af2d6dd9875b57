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
	good, _ := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "verapdf-pdfa2b", "6.1 File structure", "6.1.2 File header", "veraPDF test suite 6-1-2-t02-pass-a.pdf"))
	f.Add(good)
	for _, name := range []string{"veraPDF test suite 6-2-11-5-t01-fail-d.pdf", "veraPDF test suite 6-2-11-5-t01-fail-f.pdf"} {
		fonts, _ := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "verapdf-pdfa2b", "6.2 Graphics", "6.2.11 Fonts", "6.2.11.5 Font metrics", name))
		f.Add(fonts) // TrueType and CIDFontType2 programs for the glyph checks
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
