package pdfa

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// usedFont is a font that some content stream draws text with.
type usedFont struct {
	n       int // object number, 0 when the font dictionary is written inline
	d       types.Dict
	visible bool // drawn at least once in a render mode other than 3 (invisible)
	// codeBytes is the length of one character code: 1 for a simple font, 2 for a composite
	// font with an Identity CMap, 0 where the codes are not read (other CMaps).
	codeBytes int
	// codes are the character codes the font shows, each true when shown at least once in a
	// visible render mode. At most 65536 (two-byte codes), so the set is bounded.
	codes map[uint32]bool
}

// deviceUse is a device colour space drawn with where no default colour space replaces it.
type deviceUse struct {
	space string // DeviceRGB, DeviceCMYK or DeviceGray
	where string
}

// usage is what the file's pages actually draw: the fonts, the uncalibrated colour spaces,
// the inline images. Fonts or colour spaces that are only named in a resource dictionary (an
// AcroForm's default resources, an appearance that nothing shows) are not drawn with, so the
// rules on drawing with them (6.2.4.3, 6.2.11.4) do not apply to them.
type usage struct {
	fonts       []*usedFont
	byKey       map[string]*usedFont
	devices     []deviceUse
	seen        map[int]bool   // form XObjects, patterns and Type 3 glyphs already walked
	transparent map[int]string // page → the first transparent thing drawn on it
	groupSpace  map[int]bool   // pages whose transparency group names a blending colour space
}

// scope is the graphics context of one content stream being walked.
type scope struct {
	res      types.Dict
	defaults map[string]bool // DefaultRGB, DefaultCMYK, DefaultGray in force
	where    string
	depth    int
	page     int // the page being drawn, 0 when not known
}

// usage walks every page's content, the form XObjects it paints and its annotations'
// appearance streams.
func (v *verifier) usage() *usage {
	u := &usage{byKey: map[string]*usedFont{}, seen: map[int]bool{}, transparent: map[int]string{}, groupSpace: map[int]bool{}}
	for p := 1; p <= v.ctx.PageCount; p++ {
		pd, _, inh, err := v.ctx.PageDict(p, true)
		if err != nil || pd == nil {
			continue
		}
		res := v.dictOf(pd["Resources"])
		if res == nil && inh != nil {
			res = inh.Resources
		}
		sc := v.newScope(res, nil, fmt.Sprintf("page %d", p), 0)
		sc.page = p
		for _, s := range v.contents(pd) {
			v.walkContent(u, s, sc)
		}
		if g := v.dictOf(pd["Group"]); g != nil {
			v.noteSpace(u, g["CS"], sc)
			u.groupSpace[p] = g["CS"] != nil
		}
		arr, _ := v.deref(pd["Annots"]).(types.Array)
		for _, a := range arr {
			if ad := v.dictOf(a); ad != nil {
				v.walkAppearances(u, ad, scope{defaults: map[string]bool{}, where: fmt.Sprintf("an annotation on page %d", p), page: p})
			}
		}
	}
	return u
}

func (v *verifier) newScope(res types.Dict, outer map[string]bool, where string, depth int) scope {
	sc := scope{res: res, defaults: map[string]bool{}, where: where, depth: depth}
	for k := range outer {
		sc.defaults[k] = true
	}
	if cs := v.dictOf(res["ColorSpace"]); cs != nil {
		for _, k := range []string{"DefaultRGB", "DefaultCMYK", "DefaultGray"} {
			if cs[k] != nil {
				sc.defaults[k] = true
			}
		}
	}
	return sc
}

// walkAppearances walks every appearance stream of an annotation (normal, rollover, down,
// each of their states): any of them may be shown.
func (v *verifier) walkAppearances(u *usage, annot types.Dict, sc scope) {
	ap := v.dictOf(annot["AP"])
	for _, k := range []string{"N", "R", "D"} {
		switch x := v.deref(ap[k]).(type) {
		case types.StreamDict:
			v.walkForm(u, ap[k], x, sc)
		case types.Dict:
			for _, st := range x {
				if s, ok := v.deref(st).(types.StreamDict); ok {
					v.walkForm(u, st, s, sc)
				}
			}
		}
	}
}

// walkForm walks a form XObject once, with its own resources (or, lacking them, those of
// the stream that paints it).
func (v *verifier) walkForm(u *usage, ref types.Object, s types.StreamDict, outer scope) {
	n := refNumber(ref)
	if n != 0 {
		if u.seen[n] {
			return
		}
		u.seen[n] = true
	}
	if outer.depth > 16 {
		return
	}
	res := v.dictOf(s.Dict["Resources"])
	if res == nil {
		res = outer.res
	}
	sc := v.newScope(res, outer.defaults, fmt.Sprintf("form %d", n), outer.depth+1)
	sc.page = outer.page
	if g := v.dictOf(s.Dict["Group"]); g != nil {
		v.noteSpace(u, g["CS"], sc)
		if v.name(g["S"]) == "Transparency" {
			u.noteTransparency(sc, "a transparency group")
		}
	}
	v.walkContent(u, s, sc)
}

// walkContent follows one content stream's operators.
func (v *verifier) walkContent(u *usage, s types.StreamDict, sc scope) {
	if err := s.Decode(); err != nil {
		return
	}
	var font *usedFont
	mode := 0
	ps := &paintState{}
	defer v.paintEnd(sc, ps)
	operations(s.Content, func(op string, args []token) {
		for _, a := range args {
			v.contentLimits(a, sc.where)
		}
		v.paintOp(u, sc, ps, op, args)
		if !operators[op] {
			v.fail("6.2.2", "%s uses the operator %q, which ISO 32000-1 does not define", sc.where, op)
		}
		switch op {
		case "Tf":
			font = v.fontResource(u, sc, lastName(args))
		case "Tr":
			if len(args) > 0 {
				mode = int(args[len(args)-1].num)
			}
		case "Tj", "TJ", "'", "\"":
			if font != nil && mode != 3 {
				font.visible = true
			}
			font.noteShown(args, mode != 3)
		case "rg", "RG":
			v.noteDevice(u, "DeviceRGB", sc)
		case "k", "K":
			v.noteDevice(u, "DeviceCMYK", sc)
		case "g", "G":
			v.noteDevice(u, "DeviceGray", sc)
		case "cs", "CS":
			v.noteSpace(u, v.resource(sc.res, "ColorSpace", lastName(args)), sc)
		case "sh":
			if sh := v.dictOf(v.resource(sc.res, "Shading", lastName(args))); sh != nil {
				v.noteSpace(u, sh["ColorSpace"], sc)
			}
		case "Do":
			v.paint(u, sc, lastName(args))
		case "gs":
			if gs := v.dictOf(v.resource(sc.res, "ExtGState", lastName(args))); gs != nil {
				v.extGState(gs, sc.where)
				v.stateTransparency(u, gs, sc)
			}
		case "scn", "SCN":
			if name := lastName(args); name != "" {
				v.pattern(u, sc, name)
			}
		case "ri":
			if in := lastName(args); !renderingIntents[in] {
				v.fail("6.2.6", "%s sets the rendering intent %s", sc.where, in)
			}
		case "BI":
			v.inlineImage(u, sc, args[0].arr)
		}
	})
}

// resource looks a name up in one category of a resource dictionary; for colour spaces a
// device family's own name stands for itself.
func (v *verifier) resource(res types.Dict, category, name string) types.Object {
	if category == "ColorSpace" {
		switch name {
		case "DeviceRGB", "DeviceCMYK", "DeviceGray", "Pattern":
			return types.Name(name)
		}
	}
	if d := v.dictOf(res[category]); d != nil {
		return d[name]
	}
	return nil
}

func (v *verifier) fontResource(u *usage, sc scope, name string) *usedFont {
	ref := v.resource(sc.res, "Font", name)
	d := v.dictOf(ref)
	if d == nil {
		return nil
	}
	n := refNumber(ref)
	key := fmt.Sprintf("%d", n)
	if n == 0 {
		key = fmt.Sprintf("%p/%s", sc.res, name)
	}
	if f := u.byKey[key]; f != nil {
		return f
	}
	f := &usedFont{n: n, d: d, codes: map[uint32]bool{}, codeBytes: 1}
	if v.name(d["Subtype"]) == "Type0" {
		f.codeBytes = 0
		if e := v.name(d["Encoding"]); e == "Identity-H" || e == "Identity-V" {
			f.codeBytes = 2
		}
	}
	u.byKey[key] = f
	u.fonts = append(u.fonts, f)
	if v.name(d["Subtype"]) == "Type3" {
		v.walkGlyphs(u, d, sc)
	}
	return f
}

// paint follows a Do: a form is walked, an image's colour space noted.
func (v *verifier) paint(u *usage, sc scope, name string) {
	ref := v.resource(sc.res, "XObject", name)
	s, ok := v.deref(ref).(types.StreamDict)
	if !ok {
		return
	}
	switch v.name(s.Dict["Subtype"]) {
	case "Form":
		v.walkForm(u, ref, s, sc)
	case "Image":
		if s.Dict["SMask"] != nil || v.number(s.Dict["SMaskInData"]) > 0 {
			u.noteTransparency(sc, "an image with a soft mask")
		}
		if b, ok := v.deref(s.Dict["ImageMask"]).(types.Boolean); ok && bool(b) {
			return
		}
		v.noteSpace(u, s.Dict["ColorSpace"], sc)
	}
}

var inlineSpaces = map[string]string{"G": "DeviceGray", "RGB": "DeviceRGB", "CMYK": "DeviceCMYK",
	"DeviceGray": "DeviceGray", "DeviceRGB": "DeviceRGB", "DeviceCMYK": "DeviceCMYK"}

// inlineImage: an inline image's colour space (6.2.4.3) and its other entries (6.2.8, 6.1.7.2).
func (v *verifier) inlineImage(u *usage, sc scope, dict []token) {
	if t, ok := entry(dict, "I", "Interpolate"); ok && t.kind == 'o' && t.op == "true" {
		v.fail("6.2.8", "an inline image on %s asks to be interpolated", sc.where)
	}
	if t, ok := entry(dict, "F", "Filter"); ok {
		names := []token{t}
		if t.kind == '[' {
			names = t.arr
		}
		for _, f := range names {
			if f.name == "LZW" || f.name == "LZWDecode" {
				v.fail("6.1.7.2", "an inline image on %s is compressed with LZW", sc.where)
			}
		}
	}
	if t, ok := entry(dict, "Intent"); ok && t.kind == '/' && !renderingIntents[t.name] {
		v.fail("6.2.6", "an inline image on %s has the rendering intent %s", sc.where, t.name)
	}
	if m, ok := entry(dict, "IM", "ImageMask"); ok && m.op == "true" {
		return
	}
	if t, ok := entry(dict, "CS", "ColorSpace"); ok && t.kind == '/' {
		if dev := inlineSpaces[t.name]; dev != "" {
			v.noteDevice(u, dev, sc)
		} else {
			v.noteSpace(u, v.resource(sc.res, "ColorSpace", t.name), sc)
		}
	}
}

// noteSpace notes the device colour spaces a colour space is built on: itself, the base of
// an Indexed space, the alternate of a Separation or DeviceN space.
func (v *verifier) noteSpace(u *usage, cs types.Object, sc scope) {
	for i := 0; i < 4 && cs != nil; i++ {
		switch x := v.deref(cs).(type) {
		case types.Name:
			switch string(x) {
			case "DeviceRGB", "DeviceCMYK", "DeviceGray":
				v.noteDevice(u, string(x), sc)
			}
			return
		case types.Array:
			if len(x) < 2 {
				return
			}
			switch v.name(x[0]) {
			case "Indexed", "I":
				cs = x[1]
			case "Separation":
				if len(x) < 4 {
					return
				}
				v.separation(x)
				cs = x[2]
			case "DeviceN":
				if len(x) < 4 {
					return
				}
				v.deviceN(x)
				cs = x[2]
			case "Pattern":
				cs = x[1]
			default:
				return
			}
		default:
			return
		}
	}
}

var defaultFor = map[string]string{"DeviceRGB": "DefaultRGB", "DeviceCMYK": "DefaultCMYK", "DeviceGray": "DefaultGray"}

func (v *verifier) noteDevice(u *usage, space string, sc scope) {
	if sc.defaults[defaultFor[space]] {
		return
	}
	for _, d := range u.devices {
		if d.space == space {
			return
		}
	}
	u.devices = append(u.devices, deviceUse{space, sc.where})
}
