package pdfa

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
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

// dictReal is a DICT real operand: its digits, '.', 'E', "E-" and '-' as nibbles.
func dictReal(s string) []byte {
	var nibbles []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			nibbles = append(nibbles, c-'0')
		case c == '.':
			nibbles = append(nibbles, 0xA)
		case c == 'E' && i+1 < len(s) && s[i+1] == '-':
			nibbles, i = append(nibbles, 0xC), i+1
		case c == 'E':
			nibbles = append(nibbles, 0xB)
		case c == '-':
			nibbles = append(nibbles, 0xE)
		}
	}
	nibbles = append(nibbles, 0xF)
	if len(nibbles)%2 == 1 {
		nibbles = append(nibbles, 0xF)
	}
	b := []byte{30}
	for i := 0; i < len(nibbles); i += 2 {
		b = append(b, nibbles[i]<<4|nibbles[i+1])
	}
	return b
}

// dictMatrix is a FontMatrix operator with its operands as reals, or nothing for nil.
func dictMatrix(m []float64) []byte {
	if m == nil {
		return nil
	}
	var b []byte
	for _, x := range m {
		b = append(b, dictReal(strconv.FormatFloat(x, 'G', -1, 64))...)
	}
	return append(b, 12, 7)
}

// testCIDCFF writes a CID-keyed CFF of four glyphs: glyph 0 (CID 0), then CIDs 5, 6 and 40.
// Glyph 1's charstring gives a width (nominal 500 + 100), glyph 2 none (default 700),
// glyph 3 a width through hmoveto's extra operand (500 - 50); glyph 0 calls a subroutine.
func testCIDCFF() []byte { return testCIDCFFMatrix(nil, nil) }

// testCIDCFFMatrix is testCIDCFF with a FontMatrix in the top DICT and in the font DICT
// (nil: none) and a defaultWidthX of 700 written as a real.
func testCIDCFFMatrix(topMatrix, fdMatrix []float64) []byte {
	charStrings := cffIndexBytes([]byte{139, 10, 14}, []byte{239, 14}, []byte{139, 139, 1, 14}, []byte{89, 139, 22, 14})
	charset := []byte{0, 0, 5, 0, 6, 0, 40}
	fdSelect := []byte{3, 0, 1, 0, 0, 0, 0, 4}
	private := append(append(dictReal("700.0"), 20), append(dictInt(500), 21)...)
	head := []byte{1, 0, 4, 1}
	names := cffIndexBytes([]byte("X"))
	// Top DICT: ROS, CharStrings, charset, FDArray, FDSelect, with five-byte operands so its
	// length does not depend on the offsets.
	topDict := func(cs, charset, fdArray, fdSelect int) []byte {
		top := append(append(append(dictInt(0), dictInt(0)...), dictInt(0)...), 12, 30)
		top = append(top, dictMatrix(topMatrix)...)
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
	fd := append(append(append(dictMatrix(fdMatrix), dictInt(len(private))...), dictInt(privAt)...), 18)
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

// TestCFFReals: DICT reals read as the numbers their nibbles write; a reserved nibble or no
// digits is NaN.
func TestCFFReals(t *testing.T) {
	for text, want := range map[string]float64{"0.001": 0.001, "-2.25": -2.25, "1E-3": 0.001, "1.5E2": 150, "700.0": 700} {
		b := dictReal(text)
		if got, end := cffReal(b, 1); got != want || end != len(b) {
			t.Errorf("%q (% x) reads %v ending at %d of %d", text, b, got, end, len(b))
		}
	}
	for _, b := range [][]byte{{30, 0x1D, 0xFF}, {30, 0xFF}, {30, 0x12}} {
		if got, _ := cffReal(b, 1); !math.IsNaN(got) {
			t.Errorf("% x reads %v, not NaN", b, got)
		}
	}
}

// TestCFFFontMatrix: a program is read only when its top DICT's and font DICT's FontMatrix,
// where given, are the default thousandth of an em; under any other the widths would need
// scaling, and the program is refused rather than compared unscaled.
func TestCFFFontMatrix(t *testing.T) {
	thousandth := []float64{0.001, 0, 0, 0.001, 0, 0}
	for _, c := range []struct {
		name      string
		top, fd   []float64
		readsWell bool
	}{
		{"none", nil, nil, true},
		{"the default in the top DICT", thousandth, nil, true},
		{"the default in both", thousandth, thousandth, true},
		{"the default in the font DICT", nil, thousandth, true},
		{"twice the default in the top DICT", []float64{0.002, 0, 0, 0.002, 0, 0}, nil, false},
		{"the default but skewed", []float64{0.001, 0, 0.0005, 0.001, 0, 0}, nil, false},
		{"the default but moved", []float64{0.001, 0, 0, 0.001, 10, 0}, nil, false},
		{"identity in the font DICT", thousandth, []float64{1, 0, 0, 1, 0, 0}, false},
		{"twice the default in the font DICT", nil, []float64{0.002, 0, 0, 0.002, 0, 0}, false},
	} {
		cff, err := parseCIDCFF(testCIDCFFMatrix(c.top, c.fd), map[uint32]bool{6: true})
		if !c.readsWell {
			if !errors.Is(err, errCFF) {
				t.Errorf("%s: read (%v)", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if w, ok := cff.width(cff.gidOfCID[6]); !ok || w != 700 {
			t.Errorf("%s: CID 6 is %v wide (%v), want the real defaultWidthX 700", c.name, w, ok)
		}
	}
}
