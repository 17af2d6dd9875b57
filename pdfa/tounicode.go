package pdfa

import (
	"slices"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// toUnicodeMap reads a ToUnicode CMap's bfchar and bfrange entries for the codes asked about:
// each code's text, as UTF-16 code units, from the last entry that gives it. A code the map
// does not give is absent.
func toUnicodeMap(cmap []byte, codes map[uint32]bool) map[uint32][]uint16 {
	type entry struct{ lo, hi, dst token }
	var entries []entry
	operations(cmap, func(op string, args []token) {
		switch op {
		case "endbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				if args[i+1].kind == 'h' {
					entries = append(entries, entry{args[i], args[i], args[i+1]})
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				entries = append(entries, entry{args[i], args[i+1], args[i+2]})
			}
		}
	})
	out := map[uint32][]uint16{}
	spans := newCodeSpans(codes)
	for _, e := range slices.Backward(entries) {
		bfRange(out, spans, e.lo, e.hi, e.dst)
	}
	return out
}

// bfRange maps the codes asked about in lo…hi that no later entry maps: to dst with its last
// unit counted up, or to the array's entries in turn (a bfchar entry is a range of one).
func bfRange(out map[uint32][]uint16, spans *codeSpans, loT, hiT, dst token) {
	lo, ok1 := cmapCode(loT)
	hi, ok2 := cmapCode(hiT)
	if !ok1 || !ok2 || hi < lo {
		return
	}
	switch dst.kind {
	case 'h':
		base := utf16Units(stringBytes(dst))
		spans.claim(int64(lo), int64(hi), func(c uint32) bool {
			u := slices.Clone(base)
			if len(u) > 0 {
				u[len(u)-1] += uint16(c - lo)
			}
			out[c] = u
			return true
		})
	case '[':
		if len(dst.arr) == 0 {
			return
		}
		spans.claim(int64(lo), min(int64(hi), int64(lo)+int64(len(dst.arr))-1), func(c uint32) bool {
			if d := dst.arr[c-lo]; d.kind == 'h' {
				out[c] = utf16Units(stringBytes(d))
				return true
			}
			return false
		})
	}
}

// cmapCode is a source code of a CMap: a hexadecimal string of one to four bytes.
func cmapCode(t token) (uint32, bool) {
	if t.kind != 'h' {
		return 0, false
	}
	b := stringBytes(t)
	if len(b) == 0 || len(b) > 4 {
		return 0, false
	}
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c, true
}

func utf16Units(b []byte) []uint16 {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return u
}

// shownUnicode: 6.2.11.7.2 for the codes a font with a ToUnicode map shows. Each maps to text
// (a composite font's code must be in the map; a simple font's may fall back on its
// encoding's glyph name, which this verifier judges only for the Latin names it knows), and no
// text holds U+0000, U+FEFF or U+FFFE.
func (v *verifier) shownUnicode(f *usedFont, name string) {
	s, ok := v.deref(f.d["ToUnicode"]).(types.StreamDict)
	if !ok || f.codeBytes == 0 || len(f.codes) == 0 {
		return
	}
	if s.Decode() != nil {
		v.notChecked("6.2.11.7.2", "font %d (%s): its ToUnicode map cannot be decoded", f.n, name)
		return
	}
	m := toUnicodeMap(s.Content, f.codes)
	bad, missing := unicodeFindings(f.codes, m, v.name(f.d["Subtype"]) == "Type0" && !v.cjkFont(f.d))
	if bad >= 0 {
		v.fail("6.2.11.7.2", "font %d (%s): its ToUnicode map gives code %d U+0000, U+FEFF or U+FFFE", f.n, name, bad)
	}
	if missing >= 0 {
		v.fail("6.2.11.7.2", "font %d (%s) shows code %d, which its ToUnicode map does not map to Unicode", f.n, name, missing)
	}
}

// unicodeFindings is the lowest code shown that maps to U+0000, U+FEFF or U+FFFE, and (when
// every code must be mapped) the lowest left unmapped; -1 for none. The lowest, so that a
// report names the same code each time.
func unicodeFindings(codes map[uint32]bool, m map[uint32][]uint16, mustMap bool) (bad, missing int) {
	bad, missing = -1, -1
	lower := func(at *int, c uint32) {
		if *at < 0 || int(c) < *at {
			*at = int(c)
		}
	}
	for c := range codes {
		u, mapped := m[c]
		switch {
		case mapped && badUnicode(u):
			lower(&bad, c)
		case !mapped && mustMap:
			lower(&missing, c)
		}
	}
	return bad, missing
}

// badUnicode: text holding U+0000, U+FEFF or U+FFFE, looked for unit by unit as veraPDF does.
func badUnicode(u []uint16) bool {
	for _, x := range u {
		if x == 0 || x == 0xFEFF || x == 0xFFFE {
			return true
		}
	}
	return false
}
