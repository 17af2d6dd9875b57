package pdfa

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// blendModes are the blend modes of ISO 32000-1 §11.3.5 (6.2.10 allows no others).
var blendModes = map[string]bool{"Normal": true, "Compatible": true, "Multiply": true, "Screen": true,
	"Overlay": true, "Darken": true, "Lighten": true, "ColorDodge": true, "ColorBurn": true,
	"HardLight": true, "SoftLight": true, "Difference": true, "Exclusion": true, "Hue": true,
	"Saturation": true, "Color": true, "Luminosity": true}

func (u *usage) noteTransparency(sc scope, what string) {
	if _, seen := u.transparent[sc.page]; !seen {
		u.transparent[sc.page] = fmt.Sprintf("%s on %s", what, sc.where)
	}
}

// stateTransparency notes a graphics state that makes what follows transparent: a soft mask,
// a constant alpha below 1, a blend mode other than Normal.
func (v *verifier) stateTransparency(u *usage, gs types.Dict, sc scope) {
	if sm := gs["SMask"]; sm != nil && v.name(sm) != "None" {
		u.noteTransparency(sc, "a soft mask")
	}
	for _, k := range []string{"CA", "ca"} {
		if gs[k] != nil && v.number(gs[k]) < 1 {
			u.noteTransparency(sc, "a constant alpha below 1")
		}
	}
	if bm := v.name(gs["BM"]); bm != "" {
		if !blendModes[bm] {
			v.fail("6.2.10", "a graphics state on %s uses the blend mode %s, which ISO 32000-1 does not define", sc.where, bm)
		}
		if bm != "Normal" && bm != "Compatible" {
			u.noteTransparency(sc, "the blend mode "+bm)
		}
	}
}

// transparency: 6.2.10. A page drawing anything transparent needs a colour space to blend in:
// its transparency group's CS, or the PDF/A output intent.
func (v *verifier) transparency(u *usage, haveIntent bool) {
	if haveIntent {
		return
	}
	for p, what := range u.transparent {
		if p > 0 && !u.groupSpace[p] {
			v.fail("6.2.10", "page %d draws %s, but neither its transparency group nor an output intent gives a blending colour space", p, what)
		}
	}
}

// walkGlyphs walks a Type 3 font's glyph procedures, with the font's resources (or, lacking
// them, those of the stream that uses it).
func (v *verifier) walkGlyphs(u *usage, font types.Dict, sc scope) {
	procs := v.dictOf(font["CharProcs"])
	res := v.dictOf(font["Resources"])
	if res == nil {
		res = sc.res
	}
	inner := v.newScope(res, sc.defaults, "a Type 3 glyph on "+sc.where, sc.depth+1)
	inner.page = sc.page
	if sc.depth > 16 {
		return
	}
	for _, p := range procs {
		if n := refNumber(p); n != 0 {
			if u.seen[n] {
				continue
			}
			u.seen[n] = true
		}
		if s, ok := v.deref(p).(types.StreamDict); ok {
			v.walkContent(u, s, inner)
		}
	}
}

// pattern walks a tiling pattern's cell as a form, and notes a shading pattern's graphics state.
func (v *verifier) pattern(u *usage, sc scope, name string) {
	ref := v.resource(sc.res, "Pattern", name)
	switch p := v.deref(ref).(type) {
	case types.StreamDict:
		v.walkForm(u, ref, p, sc)
	case types.Dict:
		if gs := v.dictOf(p["ExtGState"]); gs != nil {
			v.extGState(gs, sc.where)
			v.stateTransparency(u, gs, sc)
		}
		if sh := v.dictOf(p["Shading"]); sh != nil {
			v.noteSpace(u, sh["ColorSpace"], sc)
		}
	}
}
