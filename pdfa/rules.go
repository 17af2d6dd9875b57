package pdfa

import "fmt"

// Rule is one clause of ISO 19005-2 (PDF/A-2) and what the verifier does about it.
type Rule struct {
	Clause  string `json:"clause"`
	Checked bool   `json:"checked"`
	Rule    string `json:"rule"` // what is checked, or what a pass does not vouch for
}

// Rules lists every clause of PDF/A-2's section 6 that the veraPDF corpus tests, checked or
// not: a pass vouches for the checked ones only, so an archivist knows what else to test.
var Rules = []Rule{
	{"6.1.2", true, "header %PDF-1.0…1.7 at offset 0, then a comment of at least four bytes above 127"},
	{"6.1.3", true, "trailer ID (in the first-page trailer of a linearized file), no Encrypt, nothing after the last %%EOF"},
	{"6.1.4", true, "each cross-reference section: the xref keyword, one end of line, then a subsection header"},
	{"6.1.5", true, "the Info dictionary: PDF/A-2 lets it differ from the XMP; differences are reported as notes"},
	{"6.1.6", true, "hexadecimal strings in objects and content streams: hexadecimal digits only, an even number of them"},
	{"6.1.7.1", true, "streams: stream followed by CR LF or LF, Length exact, endstream after an end of line, no F, FFilter or FDecodeParms"},
	{"6.1.7.2", true, "no LZWDecode filter on any stream or inline image"},
	{"6.1.8", true, "colorant names of Separation and DeviceN spaces are UTF-8; NOT checked: other names"},
	{"6.1.9", true, "indirect objects: number, generation and obj separated by single spaces, obj and endobj each on a line of its own (objects the cross-reference table does not lead to are not judged)"},
	{"6.1.10", false, "inline image dictionaries: only the filters PDF/A allows (LZW is caught under 6.1.7.2)"},
	{"6.1.12", true, "a permissions dictionary holds only UR3 and DocMDP; signature references have no DigestLocation, DigestMethod or DigestValue"},
	{"6.1.13", true, "implementation limits: 32-bit integers, strings up to 32767 bytes, names up to 127 bytes (in objects and content streams), page boundaries of 3 to 14400 units; NOT checked: CID values, nesting depths, real ranges"},
	{"6.2.2", true, "content streams use only the operators of ISO 32000-1 (even between BX and EX); NOT checked: resources reached only by inheritance"},
	{"6.2.3", true, "the GTS_PDFA1 output intent has a valid ICC profile (header, class, colour space); several output intents share one profile; a file drawing in device colours has one"},
	{"6.2.4.2", true, "no painting in an ICCBased CMYK space with overprinting in mode 1 (OPM 1 with OP for strokes, op for fills); NOT checked: the embedded profiles themselves"},
	{"6.2.4.3", true, "DeviceRGB drawn with only under an RGB output intent, DeviceCMYK under a CMYK one, unless DefaultRGB / DefaultCMYK / DefaultGray replace them (pages, forms, appearances, images, inline images, shadings, Indexed bases, Separation and DeviceN alternates, and a page's paths painted before any colour is set, in the default DeviceGray)"},
	{"6.2.4.4", true, "Separation spaces of one colorant name share alternate space and tint transform (those in DeviceN Colorants too); every DeviceN spot colorant is in its Colorants dictionary"},
	{"6.2.4.5", false, "Indexed and Pattern colour spaces beyond their base spaces"},
	{"6.2.5", true, "graphics states drawn with: no TR, TR2 only Default, no HTP, halftones of type 1 or 5 without HalftoneName, transfer functions only for non-primary colorants, RI one of the four standard intents"},
	{"6.2.6", true, "the ri operator and inline images use only the four standard rendering intents"},
	{"6.2.8", true, "images: no Alternates, no OPI, Interpolate not true (inline images included), rendering intent one of the four standard ones"},
	{"6.2.8.3", false, "JPEG2000 images: number of colour channels, bit depth, colour specification"},
	{"6.2.9.1", true, "form XObjects: no OPI, no PS, no Subtype2 PS"},
	{"6.2.9.2", true, "no reference XObjects (forms with Ref)"},
	{"6.2.9.3", true, "no PostScript XObjects"},
	{"6.2.10", true, "a page drawing anything transparent (soft masks, alpha below 1, blend modes, transparency groups, in forms, patterns, Type 3 glyphs and appearances) has a blending colour space: its group CS or the output intent; only standard blend modes"},
	{"6.2.11.3", false, "composite fonts: CIDSystemInfo agreement, CIDToGIDMap, CMaps embedded or predefined"},
	{"6.2.11.4.1", true, "every font that draws visible text (pages, forms, annotation appearances; not fonts only named, nor text in render mode 3) has its program embedded"},
	{"6.2.11.4.2", true, "a CIDFontType2 font's CIDSet sets the bit of every CID its program holds (under Identity, each CID below the hmtx metric count; under a CIDToGIDMap stream, each CID mapped to a glyph there is) and of none it lacks; NOT checked: the CharSet of Type 1 fonts, the CIDSet of CIDFontType0 fonts"},
	{"6.2.11.5", true, "TrueType and CIDFontType2 fonts (Identity CMap): the width of every code shown visibly (Widths, MissingWidth; W, DW) agrees within 1 unit in 1000 with its glyph's advance in the embedded program's hmtx; CIDFontType0 fonts with a CID-keyed CFF program: with the width the glyph's charstring gives; Type 3 fonts: with the width the glyph procedure's d0 or d1 sets; NOT checked: Type 1, simple CFF and OpenType fonts, other CMaps, charstrings that set the width in a subroutine, Type 3 codes not in Differences, glyphs veraPDF finds by a glyph name outside WinAnsiEncoding or through the post table (each named in the report)"},
	{"6.2.11.6", true, "TrueType fonts: a non-symbolic one has WinAnsiEncoding or MacRomanEncoding, or Differences with a (3,1) cmap, and its program a cmap; a symbolic one no Encoding, and a single cmap subtable or a (3,0) one; NOT checked: Differences names outside the Latin set and uniXXXX forms of the Adobe Glyph List (named in the report)"},
	{"6.2.11.7.2", true, "level U and A: every font used has a ToUnicode map or a standard way to Unicode (a standard encoding, Latin glyph names, a non-symbolic TrueType font, an Adobe CJK collection); a ToUnicode map gives no code shown U+0000, U+FEFF or U+FFFE, and maps every code a composite font shows; fonts relying on a built-in encoding or a glyph name outside the Latin set are reported as not checked"},
	{"6.2.11.8", true, "no code shown names .notdef: codes below 32 of a WinAnsiEncoding or MacRomanEncoding TrueType font, .notdef in its Differences, CID 0 or a CID without a glyph of a CIDFontType2 font, or outside the charset of a CID-keyed CFF program; NOT checked: Type 1, simple CFF, OpenType and Type 3 fonts"},
	{"6.3.1", true, "annotation types: only those ISO 32000-1 defines, and no 3D, Sound, Screen or Movie"},
	{"6.3.2", true, "every annotation except Popup has flags with Print set and Hidden, Invisible, NoView, ToggleNoView clear"},
	{"6.3.3", true, "every annotation but Popup, Link and those of no size has an appearance dictionary with only N: a stream, or for a button a dictionary of states"},
	{"6.4.1", true, "interactive forms: NeedAppearances not true, widgets without actions (A; AA under 6.5.2)"},
	{"6.4.2", true, "no XFA form, no NeedsRendering in the catalog"},
	{"6.5.1", true, "no Launch, Sound, Movie, ResetForm, ImportData, Hide, SetOCGState, Rendition, Trans, GoTo3DView or JavaScript actions; Named actions only NextPage, PrevPage, FirstPage, LastPage"},
	{"6.5.2", true, "no additional actions (AA) in the catalog, pages, widget annotations or form fields"},
	{"6.6.2.1", true, "the catalog has an XMP metadata stream, well-formed, whose packet header has no bytes or encoding attribute"},
	{"6.6.2.3.1", true, "every XMP property of a predefined schema has a value of its type"},
	{"6.6.2.3.2", true, "every other XMP property is declared in an extension schema"},
	{"6.6.2.3.3", true, "extension schemas are written as PDF/A's container schemas require"},
	{"6.6.4", true, "XMP identification: pdfaid:part 2 and conformance A, B or U in the right namespace"},
	{"6.6.6", false, "file provenance: xmpMM:History entries"},
	{"6.9", false, "optional content: every configuration named, AS entries absent"},
}

// NotChecked are the clauses of Rules the verifier does not check.
func NotChecked() []string {
	var out []string
	for _, r := range Rules {
		if !r.Checked {
			out = append(out, r.Clause)
		}
	}
	return out
}

// rulesRevision changes whenever a rule is added, dropped or changed in what it checks.
const rulesRevision = 8

// VerifierName names this verifier and what it covers, for provenance records (PREMIS).
func VerifierName() string {
	n := 0
	for _, r := range Rules {
		if r.Checked {
			n++
		}
	}
	return fmt.Sprintf("the civreg PDF/A-2 verifier (rules revision %d: %d of %d clauses checked)", rulesRevision, n, len(Rules))
}
