package pdfa

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// fonts: 6.2.11.4.1, every font that draws visible text has its program embedded. A font
// only named in a resource dictionary, or only drawn invisibly (render mode 3, as OCR text
// is), need not be.
func (v *verifier) fonts(u *usage) {
	for _, f := range u.fonts {
		if !f.visible {
			continue
		}
		sub := v.name(f.d["Subtype"])
		fd := v.fontDescriptor(f.d)
		switch sub {
		case "Type3":
			continue
		case "Type0", "Type1", "MMType1", "TrueType", "CIDFontType0", "CIDFontType2":
			if fd == nil || !v.embedded(fd) {
				v.fail("6.2.11.4.1", "font %d (%s) draws visible text but is not embedded", f.n, v.name(f.d["BaseFont"]))
			}
		}
	}
}

// fontDescriptor is a simple font's descriptor, or that of a composite font's CIDFont.
func (v *verifier) fontDescriptor(d types.Dict) types.Dict {
	if v.name(d["Subtype"]) == "Type0" {
		arr, _ := v.deref(d["DescendantFonts"]).(types.Array)
		if len(arr) == 0 {
			return nil
		}
		d = v.dictOf(arr[0])
		if d == nil {
			return nil
		}
	}
	return v.dictOf(d["FontDescriptor"])
}

func (v *verifier) embedded(fd types.Dict) bool {
	return fd["FontFile"] != nil || fd["FontFile2"] != nil || fd["FontFile3"] != nil
}

var (
	standardEncodings = map[string]bool{"WinAnsiEncoding": true, "MacRomanEncoding": true, "MacExpertEncoding": true, "StandardEncoding": true}
	cjkCollections    = map[string]bool{"GB1": true, "CNS1": true, "Japan1": true, "Korea1": true}
	reUniName         = regexp.MustCompile(`^(uni([0-9A-F]{4})+|u[0-9A-F]{4,6})(\..*)?$`)
)

// unicode: 6.2.11.7.2 for levels U and A. Every font used must map its codes to Unicode: by
// a ToUnicode map, or by one of the ways the standard accepts instead (a standard encoding,
// glyph names from the Adobe Glyph List, a non-symbolic TrueType font, a CIDFont of the
// Adobe-GB1, -CNS1, -Japan1 or -Korea1 collection). Where the mapping rests on a font
// program's built-in encoding, which this verifier does not read, the font is reported as
// not checked rather than failed.
func (v *verifier) unicode(u *usage) {
	for _, f := range u.fonts {
		name := v.name(f.d["BaseFont"])
		if f.d["ToUnicode"] != nil {
			v.shownUnicode(f, name)
			continue
		}
		switch v.name(f.d["Subtype"]) {
		case "Type0":
			if !v.cjkFont(f.d) {
				v.fail("6.2.11.7.2", "font %d (%s) has no ToUnicode map and its CIDFont is not of the Adobe-GB1, -CNS1, -Japan1 or -Korea1 collection", f.n, name)
			}
		case "TrueType":
			if fd := v.dictOf(f.d["FontDescriptor"]); fd != nil && v.flags(fd)&4 != 0 {
				v.fail("6.2.11.7.2", "font %d (%s) is a symbolic TrueType font without a ToUnicode map", f.n, name)
			}
		default:
			v.simpleUnicode(f, name)
		}
	}
}

func (v *verifier) cjkFont(d types.Dict) bool {
	arr, _ := v.deref(d["DescendantFonts"]).(types.Array)
	if len(arr) == 0 {
		return false
	}
	cid := v.dictOf(arr[0])
	if cid == nil {
		return false
	}
	si := v.dictOf(cid["CIDSystemInfo"])
	if si == nil {
		return false
	}
	reg, _ := v.infoString(si["Registry"])
	ord, _ := v.infoString(si["Ordering"])
	return reg == "Adobe" && cjkCollections[ord]
}

func (v *verifier) flags(fd types.Dict) int {
	if i, ok := v.deref(fd["Flags"]).(types.Integer); ok {
		return int(i)
	}
	return 0
}

// simpleUnicode: a Type 1 or Type 3 font without ToUnicode maps to Unicode through its
// encoding's glyph names.
func (v *verifier) simpleUnicode(f *usedFont, name string) {
	enc := v.deref(f.d["Encoding"])
	if n, ok := enc.(types.Name); ok {
		if !standardEncodings[string(n)] {
			v.fail("6.2.11.7.2", "font %d (%s) has no ToUnicode map and the unknown encoding %s", f.n, name, n)
		}
		return
	}
	ed := v.dictOf(enc)
	if ed == nil {
		v.notChecked("6.2.11.7.2", "font %d (%s) has no ToUnicode map and relies on its program's built-in encoding, which is not read", f.n, name)
		return
	}
	diffs, _ := v.deref(ed["Differences"]).(types.Array)
	for _, d := range diffs {
		g, ok := v.deref(d).(types.Name)
		if !ok || knownGlyph(string(g)) {
			continue
		}
		v.notChecked("6.2.11.7.2", "font %d (%s) has no ToUnicode map and names the glyph %s, which this verifier cannot look up in the Adobe Glyph List", f.n, name, g)
		return
	}
}

func (v *verifier) notChecked(clause, format string, args ...any) {
	v.notes = append(v.notes, clause+" not checked: "+fmt.Sprintf(format, args...))
}

// knownGlyph says whether a glyph name maps to Unicode by the names this verifier knows: the
// Latin names of the standard encodings and the uniXXXX / uXXXX forms.
func knownGlyph(g string) bool {
	if reUniName.MatchString(g) {
		return true
	}
	base, _, _ := strings.Cut(g, ".")
	return latinGlyphs[base]
}

var latinGlyphs = func() map[string]bool {
	m := map[string]bool{}
	for _, g := range strings.Fields(latinGlyphNames) {
		m[g] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		m[string(c)], m[string(c+'a'-'A')] = true, true
	}
	return m
}()

// latinGlyphNames are names in the Adobe Glyph List that the standard Latin encodings use.
const latinGlyphNames = `space exclam quotedbl numbersign dollar percent ampersand quotesingle
parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six
seven eight nine colon semicolon less equal greater question at bracketleft backslash
bracketright asciicircum underscore grave braceleft bar braceright asciitilde Adieresis Aring
Ccedilla Eacute Ntilde Odieresis Udieresis aacute agrave acircumflex adieresis atilde aring
ccedilla eacute egrave ecircumflex edieresis iacute igrave icircumflex idieresis ntilde oacute
ograve ocircumflex odieresis otilde uacute ugrave ucircumflex udieresis dagger degree cent
sterling section bullet paragraph germandbls registered copyright trademark acute dieresis
notequal AE Oslash infinity plusminus lessequal greaterequal yen mu partialdiff summation
product pi integral ordfeminine ordmasculine Omega ae oslash questiondown exclamdown logicalnot
radical florin approxequal Delta guillemotleft guillemotright ellipsis Agrave Atilde Otilde OE
oe endash emdash quotedblleft quotedblright quoteleft quoteright divide lozenge ydieresis
Ydieresis fraction currency guilsinglleft guilsinglright fi fl daggerdbl periodcentered
quotesinglbase quotedblbase perthousand Acircumflex Ecircumflex Aacute Edieresis Egrave Iacute
Icircumflex Idieresis Igrave Oacute Ocircumflex Ograve Uacute Ucircumflex Ugrave dotlessi
circumflex tilde macron breve dotaccent ring cedilla hungarumlaut ogonek caron Lslash lslash
Scaron scaron Zcaron zcaron brokenbar Eth eth Yacute yacute Thorn thorn minus multiply
onesuperior twosuperior threesuperior onehalf onequarter threequarters Euro nbspace sfthyphen`

// deviceColours: 6.2.3 and 6.2.4.3. A device colour space drawn with (and not replaced by a default
// colour space) needs an output intent of its family; DeviceGray goes with any.
func (v *verifier) deviceColours(u *usage, haveIntent bool, space string) {
	for _, d := range u.devices {
		switch {
		case !haveIntent:
			v.fail("6.2.3", "%s draws in %s but the file has no GTS_PDFA1 output intent", d.where, d.space)
		case d.space == "DeviceRGB" && space != "RGB " && space != "":
			v.fail("6.2.4.3", "%s draws in DeviceRGB but the output intent's profile is %s", d.where, strings.TrimSpace(space))
		case d.space == "DeviceCMYK" && space != "CMYK" && space != "":
			v.fail("6.2.4.3", "%s draws in DeviceCMYK but the output intent's profile is %s", d.where, strings.TrimSpace(space))
		}
	}
}

// note records an observation that breaks no rule.
func (v *verifier) note(clause, format string, args ...any) {
	v.rep.Notes = append(v.rep.Notes, clause+" "+fmt.Sprintf(format, args...))
}
