package pdfa

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// cidCFF is what the verifier reads of an embedded CID-keyed CFF font program
// (FontFile3 of subtype CIDFontType0C): each glyph's CID (the charset), its charstring, and
// the default and nominal widths of the private dictionary it draws with. Like the TrueType
// reader it checks every offset and count against the bytes.
type cidCFF struct {
	charStrings cffIndex
	gidOfCID    map[uint32]int // only for the CIDs asked about
	fdOf        func(gid int) int
	widths      []cffWidths // by font dictionary of FDArray
}

type cffWidths struct{ defaultW, nominalW float64 }

var errCFF = errors.New("not a readable CID-keyed CFF font program")

// cffIndex is a CFF INDEX: count items, item i from offsets i to i+1 within data.
type cffIndex struct {
	b       []byte
	count   int
	offSize int
	offs    int // where the offset array begins
	data    int // the byte before the first item (offsets count from 1)
	end     int // just past the INDEX
}

func readIndex(b []byte, at int) (cffIndex, error) {
	if at < 0 || at > len(b)-2 {
		return cffIndex{}, fmt.Errorf("%w: INDEX at %d past the end", errCFF, at)
	}
	ix := cffIndex{b: b, count: int(u16(b, at))}
	if ix.count == 0 {
		ix.end = at + 2
		return ix, nil
	}
	if at+3 > len(b) {
		return cffIndex{}, fmt.Errorf("%w: INDEX header past the end", errCFF)
	}
	ix.offSize = int(b[at+2])
	if ix.offSize < 1 || ix.offSize > 4 {
		return cffIndex{}, fmt.Errorf("%w: INDEX offset size %d", errCFF, ix.offSize)
	}
	ix.offs = at + 3
	ix.data = ix.offs + (ix.count+1)*ix.offSize - 1
	if ix.data+1 > len(b) {
		return cffIndex{}, fmt.Errorf("%w: INDEX offsets past the end", errCFF)
	}
	last := ix.offset(ix.count)
	if last < 1 || ix.data+last > len(b) {
		return cffIndex{}, fmt.Errorf("%w: INDEX data past the end", errCFF)
	}
	ix.end = ix.data + last
	return ix, nil
}

func (ix cffIndex) offset(i int) int {
	n := 0
	for k := 0; k < ix.offSize; k++ {
		n = n<<8 | int(ix.b[ix.offs+i*ix.offSize+k])
	}
	return n
}

// item is the i-th item, or nil when its offsets are out of order or out of the data.
func (ix cffIndex) item(i int) []byte {
	if i < 0 || i >= ix.count {
		return nil
	}
	s, e := ix.offset(i), ix.offset(i+1)
	if s < 1 || e < s || ix.data+e > ix.end {
		return nil
	}
	return ix.b[ix.data+s : ix.data+e]
}

// cffDict reads a DICT's operators with their operands (12 x operators as 1200+x).
func cffDict(b []byte) map[int][]float64 {
	out := map[int][]float64{}
	var ops []float64
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c <= 21:
			op := int(c)
			i++
			if c == 12 {
				if i >= len(b) {
					return out
				}
				op, i = 1200+int(b[i]), i+1
			}
			out[op] = ops
			ops = nil
		case c == 30:
			var v float64
			v, i = cffReal(b, i+1)
			ops = append(ops, v)
		default:
			v, n := cffNumber(b[i:], false)
			if n == 0 {
				return out
			}
			ops, i = append(ops, v), i+n
		}
		if len(ops) > 48 {
			return out // a DICT holds at most 48 operands
		}
	}
	return out
}

// cffReal reads a DICT real number, its nibbles from i on, and where it ends: NaN when it is
// malformed, so that no comparison takes it for a number.
func cffReal(b []byte, i int) (float64, int) {
	var text []byte
	for ; i < len(b); i++ {
		for _, n := range [2]byte{b[i] >> 4, b[i] & 0x0F} {
			switch {
			case n <= 9:
				text = append(text, '0'+n)
			case n == 0xA:
				text = append(text, '.')
			case n == 0xB:
				text = append(text, 'E')
			case n == 0xC:
				text = append(text, 'E', '-')
			case n == 0xE:
				text = append(text, '-')
			case n == 0xF:
				v, err := strconv.ParseFloat(string(text), 64)
				if err != nil {
					return math.NaN(), i + 1
				}
				return v, i + 1
			default: // 0xD is reserved
				return math.NaN(), i + 1
			}
		}
	}
	return math.NaN(), i
}

// cffNumber reads one operand of a DICT or (charstring true) a Type 2 charstring, and its
// length in bytes; 0 when there is none.
func cffNumber(b []byte, charstring bool) (float64, int) {
	c := b[0]
	switch {
	case c >= 32 && c <= 246:
		return float64(int(c) - 139), 1
	case c >= 247 && c <= 250 && len(b) >= 2:
		return float64((int(c)-247)*256 + int(b[1]) + 108), 2
	case c >= 251 && c <= 254 && len(b) >= 2:
		return float64(-(int(c)-251)*256 - int(b[1]) - 108), 2
	case c == 28 && len(b) >= 3:
		return float64(int16(u16(b, 1))), 3
	case c == 29 && !charstring && len(b) >= 5:
		return float64(int32(u32(b, 1))), 5
	case c == 255 && charstring && len(b) >= 5:
		return float64(int32(u32(b, 1))) / 65536, 5
	}
	return 0, 0
}

// parseCIDCFF reads a CID-keyed CFF program, mapping the CIDs asked about to glyphs; a
// program whose FontMatrix is not the default thousandth of an em is refused.
func parseCIDCFF(b []byte, cids map[uint32]bool) (*cidCFF, error) {
	if len(b) < 4 || b[0] != 1 {
		return nil, fmt.Errorf("%w: header", errCFF)
	}
	names, err := readIndex(b, int(b[2]))
	if err != nil {
		return nil, err
	}
	tops, err := readIndex(b, names.end)
	if err != nil {
		return nil, err
	}
	top := cffDict(tops.item(0))
	if _, ok := top[1230]; !ok {
		return nil, fmt.Errorf("%w: no ROS, not CID-keyed", errCFF)
	}
	if m, ok := top[1207]; ok && !thousandthScale(m) {
		return nil, fmt.Errorf("%w: a FontMatrix of its own", errCFF) // widths would need scaling
	}
	f := &cidCFF{}
	if f.charStrings, err = readIndex(b, operand(top, 17)); err != nil {
		return nil, err
	}
	n := f.charStrings.count
	if n == 0 {
		return nil, fmt.Errorf("%w: no glyphs, not even .notdef", errCFF)
	}
	if f.gidOfCID, err = cffCharset(b, operand(top, 15), n, cids); err != nil {
		return nil, err
	}
	if f.fdOf, err = fdSelect(b, operand(top, 1237), n); err != nil {
		return nil, err
	}
	fds, err := readIndex(b, operand(top, 1236))
	if err != nil {
		return nil, err
	}
	for i := 0; i < fds.count && i < 256; i++ {
		fd := cffDict(fds.item(i))
		if m, ok := fd[1207]; ok && !thousandthScale(m) {
			return nil, fmt.Errorf("%w: font DICT %d has a FontMatrix of its own", errCFF, i)
		}
		f.widths = append(f.widths, privateWidths(b, fd))
	}
	return f, nil
}

// thousandthScale: a FontMatrix of [0.001 0 0 0.001 0 0], the default, under which a
// charstring's widths are in the PDF's thousandths of an em. Widths under any other matrix (a
// font DICT's own replaces the top DICT's, as veraPDF reads them) would need scaling, which
// the verifier does not do: such a program is reported as not checked.
func thousandthScale(m []float64) bool {
	if len(m) != 6 {
		return false
	}
	for i, want := range [6]float64{0.001, 0, 0, 0.001, 0, 0} {
		if !(math.Abs(m[i]-want) <= 1e-9) {
			return false
		}
	}
	return true
}

// operand is an operator's first operand as an offset, -1 when absent.
func operand(d map[int][]float64, op int) int {
	if v := d[op]; len(v) > 0 {
		return int(v[0])
	}
	return -1
}

// privateWidths reads defaultWidthX and nominalWidthX from a font DICT's Private DICT.
func privateWidths(b []byte, fd map[int][]float64) cffWidths {
	p := fd[18]
	if len(p) < 2 {
		return cffWidths{}
	}
	size, off := int(p[0]), int(p[1])
	if size < 0 || off < 0 || off > len(b) || size > len(b)-off {
		return cffWidths{}
	}
	d := cffDict(b[off : off+size])
	var w cffWidths
	if v := d[20]; len(v) > 0 {
		w.defaultW = v[0]
	}
	if v := d[21]; len(v) > 0 {
		w.nominalW = v[0]
	}
	return w
}

// cffCharset maps CIDs to glyph indices from a charset of format 0, 1 or 2 (glyph 0 is CID 0).
func cffCharset(b []byte, at, n int, cids map[uint32]bool) (map[uint32]int, error) {
	out := map[uint32]int{0: 0}
	if at < 0 || at >= len(b) {
		return nil, fmt.Errorf("%w: no charset", errCFF)
	}
	format, i, gid := b[at], at+1, 1
	for gid < n {
		switch format {
		case 0:
			if i+2 > len(b) {
				return nil, fmt.Errorf("%w: charset past the end", errCFF)
			}
			if c := uint32(u16(b, i)); hasCode(cids, c) {
				out[c] = gid
			}
			i, gid = i+2, gid+1
		case 1, 2:
			w := 3 + int(format) - 1
			if i+w > len(b) {
				return nil, fmt.Errorf("%w: charset past the end", errCFF)
			}
			first, left := uint32(u16(b, i)), int(b[i+2])
			if format == 2 {
				left = int(u16(b, i+2))
			}
			mapRange(out, cids, first, left, gid, n)
			i, gid = i+w, gid+left+1
		default:
			return nil, fmt.Errorf("%w: charset format %d", errCFF, format)
		}
	}
	return out, nil
}

// mapRange maps the CIDs asked about in a charset range (first, and left more after it) to
// glyphs from gid, walking whichever is shorter: the range or the CIDs.
func mapRange(out map[uint32]int, cids map[uint32]bool, first uint32, left, gid, n int) {
	if left+1 < len(cids) {
		for k := 0; k <= left && gid+k < n; k++ {
			if c := first + uint32(k); hasCode(cids, c) {
				out[c] = gid + k
			}
		}
		return
	}
	for c := range cids {
		if c >= first && int64(c)-int64(first) <= int64(left) && gid+int(c-first) < n {
			out[c] = gid + int(c-first)
		}
	}
}

// fdSelect is the font DICT each glyph draws with, from an FDSelect of format 0 or 3.
func fdSelect(b []byte, at, n int) (func(int) int, error) {
	if at < 0 || at >= len(b) {
		return nil, fmt.Errorf("%w: no FDSelect", errCFF)
	}
	switch b[at] {
	case 0:
		if at+1+n > len(b) {
			return nil, fmt.Errorf("%w: FDSelect past the end", errCFF)
		}
		return func(g int) int { return int(b[at+1+g]) }, nil
	case 3:
		if at+3 > len(b) {
			return nil, fmt.Errorf("%w: FDSelect past the end", errCFF)
		}
		ranges := int(u16(b, at+1))
		if at+3+3*ranges+2 > len(b) {
			return nil, fmt.Errorf("%w: FDSelect past the end", errCFF)
		}
		return func(g int) int {
			lo, hi := 0, ranges // the last range whose first glyph is at most g
			for lo < hi {
				if m := (lo + hi) / 2; int(u16(b, at+3+3*m)) <= g {
					lo = m + 1
				} else {
					hi = m
				}
			}
			if lo == 0 {
				return -1
			}
			return int(b[at+3+3*(lo-1)+2])
		}, nil
	}
	return nil, fmt.Errorf("%w: FDSelect format %d", errCFF, b[at])
}

// width is a glyph's advance: its charstring's optional first operand over nominalWidthX,
// else defaultWidthX. False where the width may be set inside a subroutine.
func (f *cidCFF) width(gid int) (float64, bool) {
	cs := f.charStrings.item(gid)
	fd := f.fdOf(gid)
	if cs == nil || fd < 0 || fd >= len(f.widths) {
		return 0, false
	}
	w := f.widths[fd]
	if math.IsNaN(w.defaultW) || math.IsNaN(w.nominalW) {
		return 0, false // a malformed real
	}
	args := 0
	var first float64
	for i := 0; i < len(cs); {
		c := cs[i]
		if c >= 32 || c == 28 {
			v, n := cffNumber(cs[i:], true)
			if n == 0 {
				return 0, false
			}
			if args == 0 {
				first = v
			}
			args, i = args+1, i+n
			continue
		}
		var even bool
		switch c {
		case 1, 3, 18, 23, 19, 20, 21: // stems and masks take pairs; rmoveto a pair
			even = true
		case 4, 22: // vmoveto, hmoveto: one
			even = false
		case 14: // endchar: none, or four (seac)
			even = true
		default: // a subroutine call or a drawing operator first: not read
			return 0, false
		}
		if (args%2 == 1) == even {
			return w.nominalW + first, true
		}
		return w.defaultW, true
	}
	return w.defaultW, true
}
