package pdfa

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// allCodes is every two-byte code, as a font showing all of them has them.
func allCodes() map[uint32]bool {
	codes := make(map[uint32]bool, 65536)
	for c := range uint32(65536) {
		codes[c] = true
	}
	return codes
}

// TestToUnicodeRangesTakeLinearWork: 20,000 bfrange entries against a font showing all 65,536
// two-byte codes, whether each entry spans every code or three of them, cost steps in
// proportion to the entries plus the codes, not their product.
func TestToUnicodeRangesTakeLinearWork(t *testing.T) {
	codes := allCodes()
	for _, span := range []int{65535, 2} {
		var b strings.Builder
		b.WriteString("20000 beginbfrange\n")
		for i := range 20000 {
			lo := i * 3 % 65536
			fmt.Fprintf(&b, "<%04X> <%04X> <%04X>\n", lo, min(lo+span, 65535), i)
		}
		b.WriteString("endbfrange\n")
		spanSteps.Store(0)
		m := toUnicodeMap([]byte(b.String()), codes)
		if steps := spanSteps.Load(); steps > 2*(20000+65536) {
			t.Errorf("ranges %d codes wide: %d steps for 20,000 ranges and 65,536 codes", span+1, steps)
		} else {
			t.Logf("ranges %d codes wide: %d steps", span+1, steps)
		}
		if len(m) == 0 {
			t.Errorf("ranges %d codes wide mapped nothing", span+1)
		}
	}
}

// TestCIDWidthsTakeLinearWork: the same for W's c_first c_last w triples.
func TestCIDWidthsTakeLinearWork(t *testing.T) {
	v := &verifier{ctx: &model.Context{}}
	codes := allCodes()
	for _, span := range []int{65535, 2} {
		var w types.Array
		for i := range 20000 {
			lo := i * 3 % 65536
			w = append(w, types.Integer(lo), types.Integer(min(lo+span, 65535)), types.Integer(i))
		}
		spanSteps.Store(0)
		widths := v.cidWidths(types.Dict{"W": w}, codes)
		if steps := spanSteps.Load(); steps > 2*(20000+65536) {
			t.Errorf("triples %d CIDs wide: %d steps for 20,000 triples and 65,536 CIDs", span+1, steps)
		} else {
			t.Logf("triples %d CIDs wide: %d steps", span+1, steps)
		}
		if last := widths[65535]; widths[0] != 0 || span > 2 && last != 19999 || span == 2 && last != 1000 {
			t.Errorf("triples %d CIDs wide: CID 0 is %v wide, CID 65535 %v", span+1, widths[0], last)
		}
	}
}

// TestOverlappingRangesLastWins: random overlapping bfchar, bfrange and W entries, clamped
// past the two-byte codes or not, give each code what the last entry naming it gives, as a
// walk over every entry in turn finds.
func TestOverlappingRangesLastWins(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	v := &verifier{ctx: &model.Context{}}
	for round := range 200 {
		codes := map[uint32]bool{}
		for range r.IntN(300) {
			codes[uint32(r.IntN(600))] = true
		}
		var cmap strings.Builder
		var w types.Array
		wantU := map[uint32][]uint16{}
		wantW := map[uint32]float64{}
		for c := range codes {
			wantW[c] = 1000
		}
		for i := range r.IntN(40) {
			lo := r.IntN(650) - 20
			hi := lo + r.IntN(80) - 5
			switch r.IntN(4) {
			case 0: // bfchar
				c := max(lo, 0)
				fmt.Fprintf(&cmap, "1 beginbfchar <%04X> <%04X> endbfchar\n", c, i)
				if hasCode(codes, uint32(c)) {
					wantU[uint32(c)] = []uint16{uint16(i)}
				}
			case 1: // bfrange counted up
				lo, hi = max(lo, 0), max(hi, 0)
				fmt.Fprintf(&cmap, "1 beginbfrange <%04X> <%04X> <00FF%04X> endbfrange\n", lo, hi, 100*i)
				for c := lo; c <= hi; c++ {
					if hasCode(codes, uint32(c)) {
						wantU[uint32(c)] = []uint16{0xFF, uint16(100*i + c - lo)}
					}
				}
			case 2: // bfrange of an array, perhaps shorter than the range
				lo, hi = max(lo, 0), max(hi, 0)
				n := r.IntN(10)
				fmt.Fprintf(&cmap, "1 beginbfrange <%04X> <%04X> [", lo, hi)
				for k := range n {
					fmt.Fprintf(&cmap, " <%04X>", 7000+k)
					if c := lo + k; c <= hi && hasCode(codes, uint32(c)) {
						wantU[uint32(c)] = []uint16{uint16(7000 + k)}
					}
				}
				cmap.WriteString("] endbfrange\n")
			case 3: // a W triple or list
				if r.IntN(2) == 0 {
					w = append(w, types.Integer(lo), types.Integer(hi), types.Integer(i))
					for c := max(lo, 0); c <= hi; c++ {
						if hasCode(codes, uint32(c)) {
							wantW[uint32(c)] = float64(i)
						}
					}
					continue
				}
				list := types.Array{types.Integer(i), types.Float(i) + 0.5}
				w = append(w, types.Integer(lo), list)
				for k := range list {
					if c := lo + k; c >= 0 && hasCode(codes, uint32(c)) {
						wantW[uint32(c)] = float64(i) + 0.5*float64(k)
					}
				}
			}
		}
		gotU := toUnicodeMap([]byte(cmap.String()), codes)
		if !maps.EqualFunc(gotU, wantU, slices.Equal) {
			t.Fatalf("round %d: ToUnicode\n%s\ngives %v, want %v", round, cmap.String(), gotU, wantU)
		}
		if gotW := v.cidWidths(types.Dict{"W": w}, codes); !maps.Equal(gotW, wantW) {
			t.Fatalf("round %d: W %v gives %v, want %v", round, w, gotW, wantW)
		}
	}
}
