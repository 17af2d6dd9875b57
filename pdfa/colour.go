package pdfa

import (
	"strconv"
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
