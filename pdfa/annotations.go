package pdfa

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// annotationTypes are the annotation subtypes PDF/A-2 allows (6.3.1); 3D, Sound, Screen and
// Movie are forbidden, and so is any type ISO 32000-1 does not define.
var annotationTypes = map[string]bool{"Text": true, "Link": true, "FreeText": true, "Line": true,
	"Square": true, "Circle": true, "Polygon": true, "PolyLine": true, "Highlight": true,
	"Underline": true, "Squiggly": true, "StrikeOut": true, "Stamp": true, "Caret": true,
	"Ink": true, "Popup": true, "FileAttachment": true, "Widget": true, "PrinterMark": true,
	"TrapNet": true, "Watermark": true, "Redact": true}

// annotationRules: 6.3.1 (types), 6.3.3 (appearances) and 6.4.1 (widget actions).
func (v *verifier) annotationRules(n int, d types.Dict, sub string) {
	if !annotationTypes[sub] {
		v.fail("6.3.1", "annotation %d is of the type %s, which PDF/A-2 does not allow", n, sub)
		return
	}
	if sub == "Widget" && d["A"] != nil {
		v.fail("6.4.1", "widget annotation %d has an action (A)", n)
	}
	if sub == "Popup" || sub == "Link" {
		return
	}
	ap := v.dictOf(d["AP"])
	if ap == nil {
		if !v.zeroRect(d["Rect"]) {
			v.fail("6.3.3", "%s annotation %d has no appearance dictionary", sub, n)
		}
		return
	}
	for k := range ap {
		if k != "N" {
			v.fail("6.3.3", "%s annotation %d's appearance dictionary has a %s entry (only N is allowed)", sub, n, k)
		}
	}
	_, isStream := v.deref(ap["N"]).(types.StreamDict)
	button := sub == "Widget" && v.fieldType(d) == "Btn"
	switch {
	case ap["N"] == nil:
		v.fail("6.3.3", "%s annotation %d's appearance dictionary has no normal appearance (N)", sub, n)
	case button && isStream:
		v.fail("6.3.3", "button widget %d's normal appearance is a stream; a button's is a dictionary of states", n)
	case !button && !isStream:
		v.fail("6.3.3", "%s annotation %d's normal appearance is not a stream", sub, n)
	}
}

// zeroRect: an annotation whose rectangle has no size draws nothing and needs no appearance.
func (v *verifier) zeroRect(o types.Object) bool {
	arr, ok := v.deref(o).(types.Array)
	if !ok || len(arr) != 4 {
		return false
	}
	f := make([]float64, 4)
	for i, x := range arr {
		f[i] = v.number(x)
	}
	return f[0] == f[2] && f[1] == f[3]
}

func (v *verifier) number(o types.Object) float64 {
	switch x := v.deref(o).(type) {
	case types.Integer:
		return float64(x)
	case types.Float:
		return float64(x)
	}
	return 0
}

// fieldType is a widget's field type, inherited from its parents.
func (v *verifier) fieldType(d types.Dict) string {
	for i := 0; i < 16 && d != nil; i++ {
		if ft := v.name(d["FT"]); ft != "" {
			return ft
		}
		d = v.dictOf(d["Parent"])
	}
	return ""
}

// forms: 6.4.1 (NeedAppearances) and 6.4.2 (XFA, NeedsRendering).
func (v *verifier) forms(root types.Dict) {
	if root["NeedsRendering"] != nil {
		if b, ok := v.deref(root["NeedsRendering"]).(types.Boolean); !ok || bool(b) {
			v.fail("6.4.2", "the catalog has NeedsRendering")
		}
	}
	af := v.dictOf(root["AcroForm"])
	if af == nil {
		return
	}
	if b, ok := v.deref(af["NeedAppearances"]).(types.Boolean); ok && bool(b) {
		v.fail("6.4.1", "the interactive form asks viewers to make its appearances (NeedAppearances true)")
	}
	if af["XFA"] != nil {
		v.fail("6.4.2", "the interactive form holds an XFA form")
	}
}

// xobjectRules: 6.2.9.1 (no OPI, PS or Subtype2 PS in forms), 6.2.9.2 (no reference
// XObjects), 6.2.9.3 (no PostScript XObjects).
func (v *verifier) xobjectRules(n int, d types.Dict) {
	if v.name(d["Type"]) != "XObject" && d["Subtype"] == nil {
		return
	}
	switch v.name(d["Subtype"]) {
	case "PS":
		v.fail("6.2.9.3", "object %d is a PostScript XObject", n)
	case "Form":
		if d["Ref"] != nil {
			v.fail("6.2.9.2", "form %d is a reference XObject", n)
		}
		if d["OPI"] != nil {
			v.fail("6.2.9.1", "form %d has OPI information", n)
		}
		if d["PS"] != nil {
			v.fail("6.2.9.1", "form %d has a PS entry", n)
		}
		if v.name(d["Subtype2"]) == "PS" {
			v.fail("6.2.9.1", "form %d is a PostScript form (Subtype2 PS)", n)
		}
	}
}

var primaryColorants = map[string]bool{"Cyan": true, "Magenta": true, "Yellow": true, "Black": true,
	"Red": true, "Green": true, "Blue": true, "Gray": true, "Default": true}

// extGState: 6.2.5 (no TR, TR2 only Default, no HTP, halftones of type 1 or 5 without
// HalftoneName, transfer functions only for non-primary colorants) and RI (6.2.5, 6.2.6).
func (v *verifier) extGState(gs types.Dict, where string) {
	if gs["TR"] != nil {
		v.fail("6.2.5", "a graphics state used on %s has a transfer function (TR)", where)
	}
	if gs["TR2"] != nil && v.name(gs["TR2"]) != "Default" {
		v.fail("6.2.5", "a graphics state used on %s has a TR2 other than Default", where)
	}
	if gs["HTP"] != nil {
		v.fail("6.2.5", "a graphics state used on %s has a halftone phase (HTP)", where)
	}
	if in := v.name(gs["RI"]); in != "" && !renderingIntents[in] {
		v.fail("6.2.5", "a graphics state used on %s has the rendering intent %s", where, in)
	}
	if ht := v.dictOf(gs["HT"]); ht != nil {
		v.halftone(ht, where, "")
	}
}

func (v *verifier) halftone(ht types.Dict, where, colorant string) {
	t := int(v.number(ht["HalftoneType"]))
	if colorant == "" && t != 1 && t != 5 {
		v.fail("6.2.5", "a halftone used on %s is of type %d (PDF/A-2 allows 1 and 5)", where, t)
	}
	if ht["HalftoneName"] != nil {
		v.fail("6.2.5", "a halftone used on %s has a HalftoneName", where)
	}
	if colorant != "" {
		if primaryColorants[colorant] && ht["TransferFunction"] != nil {
			v.fail("6.2.5", "the halftone of the primary colorant %s on %s has a transfer function", colorant, where)
		}
		if !primaryColorants[colorant] && ht["TransferFunction"] == nil {
			v.fail("6.2.5", "the halftone of the colorant %s on %s has no transfer function", colorant, where)
		}
	}
	if t != 5 || colorant != "" {
		return
	}
	for k, sub := range ht {
		if d := v.dictOf(sub); d != nil && k != "Type" {
			v.halftone(d, where, k)
		}
	}
}
