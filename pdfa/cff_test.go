package pdfa

import (
	"encoding/binary"
	"testing"
)

// cffIndexBytes writes a CFF INDEX with one-byte offsets.
func cffIndexBytes(items ...[]byte) []byte {
	if len(items) == 0 {
		return []byte{0, 0}
	}
	b := []byte{0, byte(len(items)), 1, 1}
	off := 1
	for _, it := range items {
		off += len(it)
		b = append(b, byte(off))
	}
	for _, it := range items {
		b = append(b, it...)
	}
	return b
}

// dictInt is a DICT integer operand in its five-byte form, so offsets have a fixed length.
func dictInt(v int) []byte {
	b := []byte{29, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(int32(v)))
	return b
}

// testCIDCFF writes a CID-keyed CFF of four glyphs: glyph 0 (CID 0), then CIDs 5, 6 and 40.
// Glyph 1's charstring gives a width (nominal 500 + 100), glyph 2 none (default 700),
// glyph 3 a width through hmoveto's extra operand (500 - 50); glyph 0 calls a subroutine.
func testCIDCFF() []byte {
	charStrings := cffIndexBytes([]byte{139, 10, 14}, []byte{239, 14}, []byte{139, 139, 1, 14}, []byte{89, 139, 22, 14})
	charset := []byte{0, 0, 5, 0, 6, 0, 40}
	fdSelect := []byte{3, 0, 1, 0, 0, 0, 0, 4}
	private := append(append(dictInt(700), 20), append(dictInt(500), 21)...)
	head := []byte{1, 0, 4, 1}
	names := cffIndexBytes([]byte("X"))
	// Top DICT: ROS, CharStrings, charset, FDArray, FDSelect, with five-byte operands so its
	// length does not depend on the offsets.
	topDict := func(cs, charset, fdArray, fdSelect int) []byte {
		top := append(append(append(dictInt(0), dictInt(0)...), dictInt(0)...), 12, 30)
		top = append(append(top, dictInt(cs)...), 17)
		top = append(append(top, dictInt(charset)...), 15)
		top = append(append(top, dictInt(fdArray)...), 12, 36)
		return append(append(top, dictInt(fdSelect)...), 12, 37)
	}
	fixed := len(head) + len(names) + len(cffIndexBytes(topDict(0, 0, 0, 0))) + 2 + 2 // String and GSubr INDEXes empty
	csAt := fixed
	charsetAt := csAt + len(charStrings)
	fdSelectAt := charsetAt + len(charset)
	privAt := fdSelectAt + len(fdSelect)
	fdArrayAt := privAt + len(private)
	top := topDict(csAt, charsetAt, fdArrayAt, fdSelectAt)
	fd := append(append(dictInt(len(private)), dictInt(privAt)...), 18)
	b := append(head, names...)
	b = append(b, cffIndexBytes(top)...)
	b = append(b, 0, 0, 0, 0)
	if len(b) != fixed {
		panic("test CFF layout")
	}
	b = append(b, charStrings...)
	b = append(b, charset...)
	b = append(b, fdSelect...)
	b = append(b, private...)
	return append(b, cffIndexBytes(fd)...)
}

// TestCIDCFF: CIDs map to glyphs through the charset, and each glyph's width is read from its
// charstring as Type 2 charstrings define it.
func TestCIDCFF(t *testing.T) {
	cff, err := parseCIDCFF(testCIDCFF(), map[uint32]bool{0: true, 5: true, 6: false, 7: true, 40: false}) // false: shown only invisibly
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cff.gidOfCID[7]; ok {
		t.Error("CID 7, outside the charset, has a glyph")
	}
	for cid, want := range map[uint32]float64{5: 600, 6: 700, 40: 450} {
		gid, ok := cff.gidOfCID[cid]
		if !ok {
			t.Fatalf("CID %d has no glyph", cid)
		}
		if w, ok := cff.width(gid); !ok || w != want {
			t.Errorf("CID %d (glyph %d) is %v wide (%v), want %v", cid, gid, w, ok, want)
		}
	}
	if _, ok := cff.width(0); ok {
		t.Error("a glyph whose first operator calls a subroutine has a width")
	}
	data := testCIDCFF()
	for n := 0; n < len(data); n++ {
		if f, err := parseCIDCFF(data[:n], map[uint32]bool{5: true, 40: true}); err == nil {
			for _, g := range f.gidOfCID {
				f.width(g)
			}
		}
	}
}
