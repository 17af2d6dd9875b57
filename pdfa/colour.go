package pdfa

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var processColorants = map[string]bool{"Cyan": true, "Magenta": true, "Yellow": true, "Black": true, "None": true, "All": true}

// separation: a colorant's name is UTF-8 (6.1.8), and every Separation space of one name has
// the same alternate space and tint transform (6.2.4.4).
func (v *verifier) separation(x types.Array) {
	name := v.name(x[1])
	if !utf8.ValidString(name) {
		v.fail("6.1.8", "the Separation colorant name %q is not UTF-8", name)
	}
	same := v.objectKey(x[2]) + " | " + v.objectKey(x[3])
	if v.separations == nil {
		v.separations = map[string]string{}
	}
	if was, ok := v.separations[name]; ok && was != same {
		v.fail("6.2.4.4", "Separation spaces named %s differ in alternate space or tint transform", name)
	}
	v.separations[name] = same
}

// deviceN: colorant names are UTF-8 (6.1.8); each spot colorant is described in the
// attributes' Colorants dictionary (6.2.4.4), whose Separation spaces agree with the rest.
func (v *verifier) deviceN(x types.Array) {
	names, _ := v.deref(x[1]).(types.Array)
	var colorants types.Dict
	if len(x) > 4 {
		if attrs := v.dictOf(x[4]); attrs != nil {
			colorants = v.dictOf(attrs["Colorants"])
		}
	}
	for _, n := range names {
		name := v.name(n)
		if !utf8.ValidString(name) {
			v.fail("6.1.8", "the DeviceN colorant name %q is not UTF-8", name)
		}
		if !processColorants[name] && (colorants == nil || colorants[name] == nil) {
			v.fail("6.2.4.4", "the DeviceN space's spot colorant %s is not in its Colorants dictionary", name)
		}
	}
	for _, c := range colorants {
		if arr, ok := v.deref(c).(types.Array); ok && len(arr) >= 4 && v.name(arr[0]) == "Separation" {
			v.separation(arr)
		}
	}
}

// objectKey stands for an object's content, for comparison: two tint transforms written as
// separate but identical streams are the same transform.
func (v *verifier) objectKey(o types.Object) string {
	switch d := v.deref(o).(type) {
	case nil:
		return ""
	case types.StreamDict:
		if d.Decode() != nil {
			return "stream " + strconv.Itoa(refNumber(o))
		}
		return d.Dict.String() + string(d.Content)
	default:
		return d.String()
	}
}

// paintState follows, through one content stream, what the rules on painting need: whether a
// colour was set before the first path is painted (else the default, DeviceGray, is drawn
// with), and whether an ICCBased CMYK space meets overprinting in mode 1 (6.2.4.2).
type paintState struct {
	colourSet                      bool
	fillCMYK, strokeCMYK           bool // the fill or stroke colour space is ICCBased CMYK
	fillOverprint, strokeOverprint bool // overprinting in mode 1, for fill (op) or stroke (OP)
	failed                         bool // painted so
}

func (v *verifier) paintOp(u *usage, sc scope, ps *paintState, op string, args []token) {
	switch op {
	case "cs", "CS":
		ps.colourSet = true
		cmyk := false
		if arr, ok := v.deref(v.resource(sc.res, "ColorSpace", lastName(args))).(types.Array); ok && len(arr) == 2 && v.name(arr[0]) == "ICCBased" {
			if s, ok := v.deref(arr[1]).(types.StreamDict); ok && v.number(s.Dict["N"]) == 4 {
				cmyk = true
			}
		}
		if op == "cs" {
			ps.fillCMYK = ps.fillCMYK || cmyk
		} else {
			ps.strokeCMYK = ps.strokeCMYK || cmyk
		}
	case "rg", "RG", "k", "K", "g", "G", "sc", "scn", "SC", "SCN":
		ps.colourSet = true
	case "gs":
		if gs := v.dictOf(v.resource(sc.res, "ExtGState", lastName(args))); gs != nil && v.number(gs["OPM"]) == 1 {
			stroke, _ := v.deref(gs["OP"]).(types.Boolean)
			fill, ok := v.deref(gs["op"]).(types.Boolean)
			if !ok {
				fill = stroke // op defaults to OP
			}
			ps.strokeOverprint = ps.strokeOverprint || bool(stroke)
			ps.fillOverprint = ps.fillOverprint || bool(fill)
		}
	case "f", "F", "f*", "B", "B*", "b", "b*", "S", "s":
		if !ps.colourSet && sc.depth == 0 {
			v.noteDevice(u, "DeviceGray", sc)
		}
		fills, strokes := op != "S" && op != "s", strings.ContainsAny(op, "BbSs")
		if (fills && ps.fillCMYK && ps.fillOverprint) || (strokes && ps.strokeCMYK && ps.strokeOverprint) {
			ps.failed = true
		}
	}
}

func (v *verifier) paintEnd(sc scope, ps *paintState) {
	if ps.failed {
		v.fail("6.2.4.2", "%s paints in an ICCBased CMYK space with overprinting in mode 1 (OPM 1)", sc.where)
	}
}
