package pdfa

import (
	"encoding/binary"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestTrueTypeAgreesWithSfnt: on the Go fonts, the parser reads the same units per em, glyph
// count, advance of every glyph and Unicode cmap as golang.org/x/image's sfnt reader.
func TestTrueTypeAgreesWithSfnt(t *testing.T) {
	for name, data := range map[string][]byte{"Go Regular": goregular.TTF, "Go Bold": gobold.TTF, "Go Mono": gomono.TTF} {
		ref, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		tt, err := parseTrueType(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if tt.unitsPerEm != int(ref.UnitsPerEm()) || tt.numGlyphs != ref.NumGlyphs() {
			t.Fatalf("%s: %d units per em, %d glyphs; sfnt reads %d, %d", name, tt.unitsPerEm, tt.numGlyphs, ref.UnitsPerEm(), ref.NumGlyphs())
		}
		var buf sfnt.Buffer
		for g := 0; g < tt.numGlyphs; g++ {
			want, err := ref.GlyphAdvance(&buf, sfnt.GlyphIndex(g), fixed.I(tt.unitsPerEm), font.HintingNone)
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := tt.advance(g); !ok || got != want.Round() {
				t.Errorf("%s: glyph %d advances %d (%v), sfnt reads %d", name, g, got, ok, want.Round())
			}
		}
		uni := tt.cmap(3, 1)
		if uni == nil {
			t.Fatalf("%s: no (3,1) cmap among %d subtables", name, len(tt.cmaps))
		}
		for r := rune(0); r < 0x3000; r++ {
			want, _ := ref.GlyphIndex(&buf, r)
			if got := uni.glyph(uint32(r)); got != int(want) {
				t.Errorf("%s: U+%04X maps to glyph %d, sfnt reads %d", name, r, got, want)
			}
		}
		if _, ok := tt.advance(tt.numGlyphs); ok {
			t.Errorf("%s: a glyph past the last has an advance", name)
		}
	}
}

// TestCmapFormats: subtables of formats 0, 6 and 12, written here byte by byte, map as their
// format defines, and a subtable too short for its own header maps nothing.
func TestCmapFormats(t *testing.T) {
	f0 := make([]byte, 262)
	binary.BigEndian.PutUint16(f0[2:], 262)
	f0[6+'A'], f0[6+'B'] = 7, 9
	f6 := be16(6, 14, 0, 0x41, 2, 7, 9)
	f12 := append(be16(12, 0), be32(28, 0, 1, 0x1F600, 0x1F602, 40)...)
	for _, c := range []struct {
		format uint16
		data   []byte
		code   uint32
		want   int
	}{
		{0, f0, 'A', 7}, {0, f0, 'B', 9}, {0, f0, 'C', 0}, {0, f0, 0x141, 0},
		{6, f6, 'A', 7}, {6, f6, 'B', 9}, {6, f6, 'C', 0}, {6, f6, '@', 0},
		{12, f12, 0x1F600, 40}, {12, f12, 0x1F602, 42}, {12, f12, 0x1F603, 0}, {12, f12, 'A', 0},
	} {
		s := cmapSubtable{format: c.format, data: subtableData(c.data, c.format)}
		if got := s.glyph(c.code); got != c.want {
			t.Errorf("format %d maps %#x to %d, want %d", c.format, c.code, got, c.want)
		}
	}
	if first, ok := (&cmapSubtable{format: 6, data: subtableData(f6, 6)}).firstCode(); !ok || first != 'A' {
		t.Errorf("format 6 first code %#x %v", first, ok)
	}
	for _, f := range []uint16{0, 4, 6, 12} {
		if d := subtableData(f12[:14], f); d != nil {
			t.Errorf("a 14-byte subtable of format %d was taken", f)
		}
	}
}

// TestTrueTypeTruncated: every truncation of a real font, and a directory pointing past the
// end, is refused or read without a panic.
func TestTrueTypeTruncated(t *testing.T) {
	data := goregular.TTF
	for n := 0; n < len(data); n += 251 {
		if tt, err := parseTrueType(data[:n]); err == nil {
			probe(tt)
		}
	}
	bad := append([]byte{}, data[:12+16]...)
	binary.BigEndian.PutUint16(bad[4:], 1)
	binary.BigEndian.PutUint32(bad[12+8:], 0xFFFFFFF0)
	binary.BigEndian.PutUint32(bad[12+12:], 0x20)
	if _, err := parseTrueType(bad); err == nil {
		t.Error("a font whose only table lies past its end was read")
	}
}

// probe looks every part of a parsed font up, as the verifier would.
func probe(tt *trueType) {
	for g := -1; g <= tt.numGlyphs && g < 70000; g++ {
		tt.width(g)
	}
	for i := range tt.cmaps {
		s := &tt.cmaps[i]
		s.firstCode()
		for _, c := range []uint32{0, 1, 0x20, 0x41, 0xFF, 0xF041, 0xFFFF, 0x10000, 0x1F600, 0xFFFFFFFF} {
			s.glyph(c)
		}
	}
}

func be16(v ...uint16) []byte {
	b := make([]byte, 2*len(v))
	for i, x := range v {
		binary.BigEndian.PutUint16(b[2*i:], x)
	}
	return b
}

func be32(v ...uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.BigEndian.PutUint32(b[4*i:], x)
	}
	return b
}
