package pdfa

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// trueType is what the verifier reads of an embedded TrueType font program (FontFile2): the
// glyph count, the units per em, the advance widths and the cmap subtables. Every offset and
// length is checked against the bytes, and nothing is allocated beyond a size the bytes
// themselves bound, so a hostile font program fails to parse rather than panicking.
type trueType struct {
	unitsPerEm int
	numGlyphs  int
	advances   []byte // hmtx longHorMetric records, numberOfHMetrics of them (4 bytes each)
	cmaps      []cmapSubtable
}

// cmapSubtable is one encoding of the cmap table; data is the subtable itself, its length
// checked for the format's fixed part.
type cmapSubtable struct {
	platform, encoding uint16
	format             uint16
	data               []byte
}

// maxCmapSubtables bounds the cmap encoding records read: real fonts have a handful.
const maxCmapSubtables = 64

var errTrueType = errors.New("not a readable TrueType font program")

// parseTrueType reads the tables head, hhea, hmtx, maxp and cmap of a TrueType font.
func parseTrueType(b []byte) (*trueType, error) {
	tables, err := trueTypeTables(b)
	if err != nil {
		return nil, err
	}
	head, maxp, hhea := tables["head"], tables["maxp"], tables["hhea"]
	if len(head) < 54 || len(maxp) < 6 || len(hhea) < 36 {
		return nil, fmt.Errorf("%w: head, maxp or hhea missing or short", errTrueType)
	}
	t := &trueType{unitsPerEm: int(u16(head, 18)), numGlyphs: int(u16(maxp, 4))}
	if t.unitsPerEm == 0 {
		return nil, fmt.Errorf("%w: unitsPerEm is 0", errTrueType)
	}
	n := int(u16(hhea, 34)) // numberOfHMetrics
	hmtx := tables["hmtx"]
	if n == 0 || 4*n > len(hmtx) {
		return nil, fmt.Errorf("%w: hmtx holds fewer than the %d metrics hhea gives", errTrueType, n)
	}
	t.advances = hmtx[:4*n]
	if cm, ok := tables["cmap"]; ok {
		t.cmaps = parseCmap(cm)
	}
	return t, nil
}

// trueTypeTables reads the table directory: each table's bytes, by tag, within the data.
func trueTypeTables(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("%w: %d bytes", errTrueType, len(b))
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true", "OTTO":
	default:
		return nil, fmt.Errorf("%w: version %q", errTrueType, b[:4])
	}
	num := int(u16(b, 4))
	if 12+16*num > len(b) {
		return nil, fmt.Errorf("%w: table directory of %d tables runs past the end", errTrueType, num)
	}
	tables := map[string][]byte{}
	for i := 0; i < num; i++ {
		rec := b[12+16*i:]
		off, n := uint64(u32(rec, 8)), uint64(u32(rec, 12))
		if off+n > uint64(len(b)) {
			continue // a table that does not fit is treated as absent
		}
		tag := string(rec[:4])
		if _, dup := tables[tag]; !dup {
			tables[tag] = b[off : off+n]
		}
	}
	return tables, nil
}

// parseCmap reads the encoding records of a cmap table; subtables in formats other than 0,
// 4, 6 and 12, or too short for their format, are kept without data (they count as present
// but map nothing).
func parseCmap(cm []byte) []cmapSubtable {
	if len(cm) < 4 {
		return nil
	}
	num := int(u16(cm, 2))
	var out []cmapSubtable
	for i := 0; i < num && i < maxCmapSubtables && 4+8*i+8 <= len(cm); i++ {
		rec := cm[4+8*i:]
		s := cmapSubtable{platform: u16(rec, 0), encoding: u16(rec, 2)}
		off := uint64(u32(rec, 4))
		if off+4 <= uint64(len(cm)) {
			s.format = u16(cm[off:], 0)
			s.data = subtableData(cm[off:], s.format)
		}
		out = append(out, s)
	}
	return out
}

// subtableData cuts a subtable to its own length, or nil when the length or the fixed part
// of its format does not fit.
func subtableData(b []byte, format uint16) []byte {
	var n uint64
	switch format {
	case 0, 4, 6:
		if len(b) < 6 {
			return nil
		}
		n = uint64(u16(b, 2))
	case 12:
		if len(b) < 16 {
			return nil
		}
		n = uint64(u32(b, 4))
		if n < 16 {
			return nil
		}
	default:
		return nil
	}
	if n > uint64(len(b)) {
		if format != 4 {
			return nil
		}
		n = uint64(len(b)) // format 4 lengths overflow 16 bits in some fonts: read what is there
	}
	b = b[:n]
	var fixed uint64
	switch format {
	case 0:
		fixed = 262
	case 4:
		if len(b) < 14 {
			return nil
		}
		fixed = 16 + 4*uint64(u16(b, 6)) // four arrays of segCountX2 bytes and a pad
	case 6:
		if len(b) < 10 {
			return nil
		}
		fixed = 10 + 2*uint64(u16(b, 8))
	case 12:
		fixed = 16 + 12*uint64(u32(b, 12))
	}
	if fixed > uint64(len(b)) {
		return nil
	}
	return b
}

// cmap finds the subtable of a platform and encoding.
func (t *trueType) cmap(platform, encoding uint16) *cmapSubtable {
	for i := range t.cmaps {
		if t.cmaps[i].platform == platform && t.cmaps[i].encoding == encoding {
			return &t.cmaps[i]
		}
	}
	return nil
}

// advance is a glyph's advance width in font units; glyphs past the last metric take its
// advance, as the hmtx table defines.
func (t *trueType) advance(gid int) (int, bool) {
	if gid < 0 || gid >= t.numGlyphs {
		return 0, false
	}
	n := len(t.advances) / 4
	if gid >= n {
		gid = n - 1
	}
	return int(u16(t.advances, 4*gid)), true
}

// width is a glyph's advance in PDF glyph space, 1000 units per em.
func (t *trueType) width(gid int) (float64, bool) {
	a, ok := t.advance(gid)
	return float64(a) * 1000 / float64(t.unitsPerEm), ok
}

// glyph maps a character code to a glyph index; 0 (.notdef) when the subtable does not map it.
func (s *cmapSubtable) glyph(code uint32) int {
	b := s.data
	switch {
	case b == nil:
		return 0
	case s.format == 0:
		if code < 256 {
			return int(b[6+code])
		}
	case s.format == 4:
		return format4Glyph(b, code)
	case s.format == 6:
		first, count := uint32(u16(b, 6)), uint32(u16(b, 8))
		if code >= first && code-first < count {
			return int(u16(b, 10+2*int(code-first)))
		}
	case s.format == 12:
		return format12Glyph(b, code)
	}
	return 0
}

// format4Glyph: segments sorted by end code, searched by halving; the glyph either offset by
// idDelta or read from the glyph array idRangeOffset points into.
func format4Glyph(b []byte, code uint32) int {
	if code > 0xFFFF {
		return 0
	}
	seg := int(u16(b, 6)) / 2
	ends, starts, deltas, ranges := 14, 16+2*seg, 16+4*seg, 16+6*seg
	lo, hi := 0, seg
	for lo < hi {
		m := (lo + hi) / 2
		if uint32(u16(b, ends+2*m)) < code {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == seg {
		return 0
	}
	start := uint32(u16(b, starts+2*lo))
	if code < start {
		return 0
	}
	delta := u16(b, deltas+2*lo)
	ro := int(u16(b, ranges+2*lo))
	if ro == 0 {
		return int(uint16(code) + delta)
	}
	at := ranges + 2*lo + ro + 2*int(code-start)
	if at+2 > len(b) {
		return 0
	}
	g := u16(b, at)
	if g == 0 {
		return 0
	}
	return int(g + delta)
}

// format12Glyph: sequential groups sorted by start code, searched by halving.
func format12Glyph(b []byte, code uint32) int {
	n := int(u32(b, 12))
	lo, hi := 0, n
	for lo < hi {
		m := (lo + hi) / 2
		if u32(b, 16+12*m+4) < code {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == n {
		return 0
	}
	g := b[16+12*lo:]
	start := u32(g, 0)
	if code < start {
		return 0
	}
	gid := uint64(u32(g, 8)) + uint64(code-start)
	if gid > 0xFFFF {
		return 0
	}
	return int(gid)
}

// firstCode is the lowest code a subtable maps: veraPDF reads a symbolic font's (3,0)
// subtable at the high byte of this code (0x00, 0xF0, 0xF1 or 0xF2).
func (s *cmapSubtable) firstCode() (uint32, bool) {
	b := s.data
	switch {
	case b == nil:
	case s.format == 0:
		for c := 0; c < 256; c++ {
			if b[6+c] != 0 {
				return uint32(c), true
			}
		}
	case s.format == 4:
		if seg := int(u16(b, 6)) / 2; seg > 0 {
			return uint32(u16(b, 16+2*seg)), true
		}
	case s.format == 6:
		if u16(b, 8) > 0 {
			return uint32(u16(b, 6)), true
		}
	case s.format == 12:
		if u32(b, 12) > 0 {
			return u32(b, 16), true
		}
	}
	return 0, false
}

func u16(b []byte, at int) uint16 { return binary.BigEndian.Uint16(b[at:]) }
func u32(b []byte, at int) uint32 { return binary.BigEndian.Uint32(b[at:]) }
