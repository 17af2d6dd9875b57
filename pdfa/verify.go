package pdfa

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Failure is one PDF/A-2 rule a file breaks: the clause of ISO 19005-2 and what is wrong.
type Failure struct {
	Clause  string `json:"clause"`
	Message string `json:"message"`
}

// Report is the verdict on one file.
type Report struct {
	Part        int       `json:"part"`        // as the file claims (XMP pdfaid:part)
	Conformance string    `json:"conformance"` // as the file claims
	Failures    []Failure `json:"failures"`
	// NotChecked names what in this file the verifier could not judge: a pass covers the
	// rules listed as checked in Rules and nothing here.
	NotChecked []string `json:"not_checked,omitempty"`
	Notes      []string `json:"notes,omitempty"` // observations that break no rule
}

// OK says whether the file passed every rule checked.
func (r *Report) OK() bool { return len(r.Failures) == 0 }

// Summary lists the failures on one line: "clause message; clause message".
func (r *Report) Summary() string {
	msgs := make([]string, len(r.Failures))
	for i, f := range r.Failures {
		msgs[i] = f.Clause + " " + f.Message
	}
	return strings.Join(msgs, "; ")
}

type verifier struct {
	raw   []byte
	ctx   *model.Context
	fails []Failure
	rep   *Report

	used  *usage // what the pages draw, for the rules on fonts and colours
	notes []string

	separations map[string]string             // Separation colorant → its alternate space and tint transform
	differences map[uintptr]map[uint32]string // an Encoding dictionary's Differences, read once
}

func (v *verifier) fail(clause, format string, args ...any) {
	v.fails = append(v.fails, Failure{clause, fmt.Sprintf(format, args...)})
}

// VerifyWritten checks a copy just written, before it is stored: the summary of what fails
// PDF/A-2, or "" when it conforms. The error is for a file that cannot be read at all.
func VerifyWritten(b []byte) (failed string, err error) {
	rep, err := Verify(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	if !rep.OK() {
		return rep.Summary(), nil
	}
	return "", nil
}

// VerifyFile checks a whole file held in memory against the PDF/A-2 rules listed in Clauses.
func Verify(r io.Reader) (rep *Report, err error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	v := &verifier{raw: raw, rep: &Report{}}
	v.header()
	v.trailer()
	func() {
		defer func() {
			// pdfcpu panics on some malformed files: the file fails, the verifier goes on.
			if p := recover(); p != nil {
				v.fail("6.1", "the file's structure cannot be read: %v", p)
				v.ctx = nil
			}
		}()
		conf := model.NewDefaultConfiguration()
		conf.ValidationMode = model.ValidationRelaxed
		conf.Offline = true
		ctx, err := api.ReadContext(bytes.NewReader(raw), conf)
		if err != nil {
			if strings.Contains(strings.ToLower(err.Error()), "encrypt") || strings.Contains(strings.ToLower(err.Error()), "password") {
				v.fail("6.1.3", "the file is encrypted")
				return
			}
			v.fail("6.1", "the file's structure cannot be read: %v", err)
			return
		}
		v.ctx = ctx
		if err := ctx.EnsurePageCount(); err != nil {
			v.fail("6.1", "the file's pages cannot be counted: %v", err)
		}
		v.syntax()
		v.objects()
		v.metadata()
	}()
	sort.SliceStable(v.fails, func(i, j int) bool { return v.fails[i].Clause < v.fails[j].Clause })
	v.rep.Failures = v.fails
	v.rep.NotChecked = v.notes
	return v.rep, nil
}

var reHeader = regexp.MustCompile(`^%PDF-1\.[0-7](\r\n|\r|\n)`)

// header: 6.1.2.
func (v *verifier) header() {
	m := reHeader.FindIndex(v.raw)
	if m == nil {
		line, _, _ := bytes.Cut(v.raw[:min(len(v.raw), 20)], []byte("\n"))
		v.fail("6.1.2", "the file does not begin with a PDF 1.0–1.7 header on its own line (it begins %q)", line)
		return
	}
	rest := v.raw[m[1]:]
	if len(rest) < 5 || rest[0] != '%' {
		v.fail("6.1.2", "the header is not followed by a comment line")
		return
	}
	for _, c := range rest[1:5] {
		if c < 128 {
			v.fail("6.1.2", "the comment after the header does not begin with four bytes above 127")
			return
		}
	}
	i := 5
	for i < len(rest) && rest[i] != '\r' && rest[i] != '\n' {
		i++
	}
	if i == len(rest) {
		v.fail("6.1.2", "the comment after the header is not followed by an end of line")
	}
}

var (
	reID      = regexp.MustCompile(`/ID\s*\[\s*(<[0-9A-Fa-f\s]+>|\((?:\\.|[^\\)])+\))\s*(<[0-9A-Fa-f\s]+>|\((?:\\.|[^\\)])+\))\s*\]`)
	reTrailer = regexp.MustCompile(`trailer\s*<<`)
)

// trailer: 6.1.3, read from the bytes: the ID of the last trailer (or, in a linearized file,
// of the first-page trailer), no encryption, nothing but an end of line after the last %%EOF.
func (v *verifier) trailer() {
	eof := bytes.LastIndex(v.raw, []byte("%%EOF"))
	if eof < 0 {
		v.fail("6.1.3", "the file does not end with %%%%EOF")
	} else {
		tail := v.raw[eof+5:]
		if !(len(tail) == 0 || string(tail) == "\n" || string(tail) == "\r\n" || string(tail) == "\r") {
			v.fail("6.1.3", "%d bytes follow the last %%%%EOF", len(tail))
		}
	}
	head := v.raw[:min(len(v.raw), 1024)]
	linearized := bytes.Contains(head, []byte("/Linearized"))
	dict := v.trailerDict(linearized)
	if dict == nil {
		v.fail("6.1.3", "the trailer dictionary cannot be found")
		return
	}
	if !reID.Match(dict) {
		where := "the trailer"
		if linearized {
			where = "the first-page trailer of this linearized file"
		}
		v.fail("6.1.3", "%s has no file identifier (ID)", where)
	}
	if bytes.Contains(dict, []byte("/Encrypt")) {
		v.fail("6.1.3", "the file is encrypted (the trailer has an Encrypt entry)")
	}
}

// trailerDict returns the text of the first or last trailer dictionary, or of the
// cross-reference stream's dictionary where the file has one instead.
func (v *verifier) trailerDict(first bool) []byte {
	locs := reTrailer.FindAllIndex(v.raw, -1)
	if len(locs) > 0 {
		at := locs[len(locs)-1][0]
		if first {
			at = locs[0][0]
		}
		end := bytes.Index(v.raw[at:], []byte("startxref"))
		if end < 0 {
			end = len(v.raw) - at
		}
		return v.raw[at : at+end]
	}
	// A cross-reference stream: its dictionary carries the trailer entries.
	sx := bytes.LastIndex(v.raw, []byte("startxref"))
	if first {
		sx = bytes.Index(v.raw, []byte("startxref"))
	}
	if sx < 0 {
		return nil
	}
	f := strings.Fields(string(v.raw[sx+9 : min(len(v.raw), sx+40)]))
	if len(f) == 0 {
		return nil
	}
	off, err := strconv.Atoi(f[0])
	if err != nil || off < 0 || off >= len(v.raw) {
		return nil
	}
	end := bytes.Index(v.raw[off:], []byte("stream"))
	if end < 0 {
		return nil
	}
	return v.raw[off : off+end]
}

var forbiddenActions = map[string]bool{
	"Launch": true, "Sound": true, "Movie": true, "ResetForm": true, "ImportData": true,
	"Hide": true, "SetOCGState": true, "Rendition": true, "Trans": true, "GoTo3DView": true,
	"JavaScript": true, "SetState": true, "NOP": true,
}

var namedActions = map[string]bool{"NextPage": true, "PrevPage": true, "FirstPage": true, "LastPage": true}

// objects walks every object in the file for the rules about streams, images, fonts,
// annotations, actions and output intents.
func (v *verifier) objects() {
	xt := v.ctx.XRefTable
	var nums []int
	for n := range xt.Table {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		e := xt.Table[n]
		d, ok := ObjectDict(e)
		if !ok {
			continue
		}
		if o, ok := e.Object.(types.StreamDict); ok {
			if hasFilter(o.Dict, "LZWDecode") {
				v.fail("6.1.7.2", "object %d is compressed with LZW", n)
			}
			if o.Dict.NameEntry("Subtype") != nil && *o.Dict.NameEntry("Subtype") == "Image" {
				v.image(n, o.Dict)
			}
			v.xobjectRules(n, o.Dict)
		}
		if v.name(d["Type"]) == "Page" {
			v.pageBoxes(n, d)
		}
		v.walk(n, d, 0)
	}
	for p := 1; v.ctx.PageCount > 0 && p <= v.ctx.PageCount; p++ {
		pd, _, _, err := v.ctx.PageDict(p, false)
		if err != nil || pd == nil {
			continue
		}
		if pd["AA"] != nil {
			v.fail("6.5.2", "page %d has additional actions (AA)", p)
		}
	}
	v.used = v.usage()
	v.fonts(v.used)
	v.glyphs(v.used)
	v.outputIntents(v.used)
	if root, err := v.ctx.Catalog(); err == nil {
		if root["AA"] != nil {
			v.fail("6.5.2", "the catalog has additional actions (AA)")
		}
		v.forms(root)
		if perms := v.dictOf(root["Perms"]); perms != nil {
			for k := range perms {
				if k != "UR3" && k != "DocMDP" {
					v.fail("6.1.12", "the permissions dictionary holds %s (only UR3 and DocMDP are allowed)", k)
				}
			}
		}
	}
}

func (v *verifier) deref(o types.Object) types.Object {
	d, err := v.ctx.Dereference(o)
	if err != nil {
		return nil
	}
	return d
}

func (v *verifier) dictOf(o types.Object) types.Dict {
	switch d := v.deref(o).(type) {
	case types.Dict:
		return d
	case types.StreamDict:
		return d.Dict
	}
	return nil
}

func (v *verifier) name(o types.Object) string {
	switch n := v.deref(o).(type) {
	case types.Name:
		return string(n)
	case types.Array:
		if len(n) > 0 {
			return v.name(n[0])
		}
	}
	return ""
}

func hasFilter(d types.Dict, f string) bool {
	switch x := d["Filter"].(type) {
	case types.Name:
		return string(x) == f
	case types.Array:
		for _, e := range x {
			if n, ok := e.(types.Name); ok && string(n) == f {
				return true
			}
		}
	}
	return false
}

var renderingIntents = map[string]bool{"RelativeColorimetric": true, "AbsoluteColorimetric": true, "Perceptual": true, "Saturation": true}

// image: 6.2.8.
func (v *verifier) image(n int, d types.Dict) {
	if d["Alternates"] != nil {
		v.fail("6.2.8", "image %d has alternate images", n)
	}
	if d["OPI"] != nil {
		v.fail("6.2.8", "image %d has OPI information", n)
	}
	if b, ok := v.deref(d["Interpolate"]).(types.Boolean); ok && bool(b) {
		v.fail("6.2.8", "image %d asks to be interpolated", n)
	}
	if in := v.name(d["Intent"]); in != "" && !renderingIntents[in] {
		v.fail("6.2.8", "image %d has the rendering intent %s", n, in)
	}
}

// walk checks a dictionary and the dictionaries written directly inside it (those behind
// references are objects of their own, checked in turn).
func (v *verifier) walk(n int, o types.Object, depth int) {
	if depth > 32 {
		return
	}
	switch x := o.(type) {
	case types.Dict:
		v.dict(n, x)
		for _, e := range x {
			v.walk(n, e, depth+1)
		}
	case types.Array:
		for _, e := range x {
			v.walk(n, e, depth+1)
		}
	}
}

// dict checks one dictionary for the rules about annotations and actions.
func (v *verifier) dict(n int, d types.Dict) {
	typ, sub := v.name(d["Type"]), v.name(d["Subtype"])
	if s := v.name(d["S"]); s != "" && (typ == "Action" || d["Next"] != nil || typ == "") {
		if forbiddenActions[s] {
			v.fail("6.5.1", "object %d is a %s action", n, s)
		}
		if s == "Named" {
			if a := v.name(d["N"]); !namedActions[a] {
				v.fail("6.5.1", "object %d is a Named action %s", n, a)
			}
		}
	}
	if typ == "Annot" || (typ == "" && d["Rect"] != nil && sub != "" && d["Subtype"] != nil && isAnnotSubtype(sub)) {
		v.annotation(n, d, sub)
	}
	if typ == "SigRef" {
		for _, k := range []string{"DigestLocation", "DigestMethod", "DigestValue"} {
			if d[k] != nil {
				v.fail("6.1.12", "signature reference %d has a %s entry", n, k)
			}
		}
	}
	if d["FT"] != nil && d["AA"] != nil {
		v.fail("6.5.2", "form field %d has additional actions (AA)", n)
	}
}

func isAnnotSubtype(s string) bool {
	switch s {
	case "Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon", "PolyLine", "Highlight",
		"Underline", "Squiggly", "StrikeOut", "Stamp", "Caret", "Ink", "Popup", "FileAttachment",
		"Sound", "Movie", "Widget", "Screen", "PrinterMark", "TrapNet", "Watermark", "3D", "Redact":
		return true
	}
	return false
}

// annotation: 6.3.2 (flags) and 6.5.2 (widget actions).
func (v *verifier) annotation(n int, d types.Dict, sub string) {
	v.annotationRules(n, d, sub)
	if sub == "Widget" && d["AA"] != nil {
		v.fail("6.5.2", "widget annotation %d has additional actions (AA)", n)
	}
	if sub == "Popup" {
		return
	}
	f, ok := v.deref(d["F"]).(types.Integer)
	if !ok {
		v.fail("6.3.2", "%s annotation %d has no flags (F)", sub, n)
		return
	}
	const invisible, hidden, print, noView, toggleNoView = 1, 2, 4, 32, 256
	if int(f)&print == 0 || int(f)&(invisible|hidden|noView|toggleNoView) != 0 {
		v.fail("6.3.2", "%s annotation %d has flags %d: Print must be set and Hidden, Invisible, NoView, ToggleNoView clear", sub, n, int(f))
	}
}

// contents returns a page's content streams.
func (v *verifier) contents(pd types.Dict) []types.StreamDict {
	var out []types.StreamDict
	switch c := v.deref(pd["Contents"]).(type) {
	case types.StreamDict:
		out = append(out, c)
	case types.Array:
		for _, e := range c {
			if s, ok := v.deref(e).(types.StreamDict); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// outputIntents: 6.2.3.
func (v *verifier) outputIntents(u *usage) {
	root, err := v.ctx.Catalog()
	if err != nil {
		return
	}
	arr, _ := v.deref(root["OutputIntents"]).(types.Array)
	var profile *types.IndirectRef
	pdfa := 0
	space := ""
	for _, e := range arr {
		oi := v.dictOf(e)
		if oi == nil {
			continue
		}
		s := v.name(oi["S"])
		ref, _ := oi["DestOutputProfile"].(types.IndirectRef)
		if oi["DestOutputProfile"] != nil {
			if profile != nil && ref.ObjectNumber != profile.ObjectNumber {
				v.fail("6.2.3", "the output intents refer to different ICC profiles (objects %d and %d)", profile.ObjectNumber.Value(), ref.ObjectNumber.Value())
			}
			if profile == nil {
				r := ref
				profile = &r
			}
		}
		if s != "GTS_PDFA1" {
			continue
		}
		pdfa++
		sd, ok := v.deref(oi["DestOutputProfile"]).(types.StreamDict)
		if !ok {
			v.fail("6.2.3", "the GTS_PDFA1 output intent has no ICC profile")
			continue
		}
		if err := sd.Decode(); err != nil {
			v.fail("6.2.3", "the output intent's ICC profile cannot be read: %v", err)
			continue
		}
		n := 0
		if i, ok := v.deref(sd.Dict["N"]).(types.Integer); ok {
			n = int(i)
		}
		if msg := checkICC(sd.Content, n); msg != "" {
			v.fail("6.2.3", "the output intent's ICC profile %s", msg)
		} else {
			space = string(sd.Content[16:20])
		}
	}
	v.deviceColours(u, pdfa > 0, space)
	v.transparency(u, pdfa > 0)
}

// checkICC checks an output profile's header (ICC.1): its size, signature, version, class
// (output or monitor) and colour space, which must have n components.
func checkICC(p []byte, n int) string {
	if len(p) < 128 {
		return "is shorter than an ICC header"
	}
	if string(p[36:40]) != "acsp" {
		return "has no ICC signature ('acsp')"
	}
	size := int(p[0])<<24 | int(p[1])<<16 | int(p[2])<<8 | int(p[3])
	if size != len(p) {
		return fmt.Sprintf("says it is %d bytes long but is %d", size, len(p))
	}
	if p[8] > 4 {
		return fmt.Sprintf("is ICC version %d (PDF/A-2 allows up to 4)", p[8])
	}
	switch string(p[12:16]) {
	case "prtr", "mntr":
	default:
		return fmt.Sprintf("has the device class %q (an output profile needs prtr or mntr)", p[12:16])
	}
	comps := map[string]int{"GRAY": 1, "RGB ": 3, "CMYK": 4, "Lab ": 3}
	c, ok := comps[string(p[16:20])]
	if !ok {
		return fmt.Sprintf("has the colour space %q, which PDF/A output intents do not allow", p[16:20])
	}
	if n != 0 && c != n {
		return fmt.Sprintf("is for %d colour components but the stream says N %d", c, n)
	}
	return ""
}

var reXpacket = regexp.MustCompile(`<\?xpacket\s[^?]*\?>`)

// metadata: 6.6.2.1, 6.6.2.3, 6.6.3, 6.6.4.
func (v *verifier) metadata() {
	root, err := v.ctx.Catalog()
	if err != nil {
		return
	}
	sd, ok := v.deref(root["Metadata"]).(types.StreamDict)
	if !ok {
		v.fail("6.6.2.1", "the catalog has no XMP metadata stream")
		return
	}
	if err := sd.Decode(); err != nil {
		v.fail("6.6.2.1", "the metadata stream cannot be read: %v", err)
		return
	}
	x := sd.Content
	if h := reXpacket.Find(x); h != nil {
		if bytes.Contains(h, []byte("bytes=")) {
			v.fail("6.6.2.1", "the XMP packet header has a bytes attribute")
		}
		if bytes.Contains(h, []byte("encoding=")) {
			v.fail("6.6.2.1", "the XMP packet header has an encoding attribute")
		}
	}
	tree, err := parseXML(x)
	if err != nil {
		v.fail("6.6.2.1", "the XMP metadata is not well-formed: %v", err)
		return
	}
	props, err := rdfProperties(tree)
	if err != nil {
		v.fail("6.6.2.1", "the XMP metadata is not valid RDF: %v", err)
		return
	}
	ts := newTypeSystem()
	for _, p := range extensionSchemas(props, ts) {
		v.fail("6.6.2.3.3", "%s", p)
	}
	undeclared, mistyped := ts.checkProperties(props)
	for _, p := range undeclared {
		v.fail("6.6.2.3.2", "%s", p)
	}
	for _, p := range mistyped {
		v.fail("6.6.2.3.1", "%s", p)
	}
	v.objectMetadata(root, ts)
	v.identification(props)
	v.infoAgreement(props)
	if (v.rep.Conformance == "U" || v.rep.Conformance == "A") && v.used != nil {
		v.unicode(v.used)
	}
}

// objectMetadata: the metadata streams of other objects (pages, images) follow the same
// rules, with the catalog's extension schemas in force.
func (v *verifier) objectMetadata(root types.Dict, ts *typeSystem) {
	for n, e := range v.ctx.XRefTable.Table {
		s, ok := e.Object.(types.StreamDict)
		if !ok || e.Free || v.name(s.Dict["Type"]) != "Metadata" {
			continue
		}
		if r, ok := root["Metadata"].(types.IndirectRef); ok && r.ObjectNumber.Value() == n {
			continue
		}
		if s.Decode() != nil {
			continue
		}
		t, err := parseXML(s.Content)
		if err != nil {
			v.fail("6.6.2.1", "the metadata stream %d is not well-formed XML: %v", n, err)
			continue
		}
		ps, err := rdfProperties(t)
		if err != nil {
			continue
		}
		local := &typeSystem{props: map[string]map[string]string{}, structs: map[string]*xmpStruct{}}
		for k, m := range ts.props {
			local.props[k] = map[string]string{}
			for a, b := range m {
				local.props[k][a] = b
			}
		}
		for k, s := range ts.structs {
			local.structs[k] = s
		}
		for _, p := range extensionSchemas(ps, local) {
			v.fail("6.6.2.3.3", "metadata stream %d: %s", n, p)
		}
		und, mis := local.checkProperties(ps)
		for _, p := range und {
			v.fail("6.6.2.3.2", "metadata stream %d: %s", n, p)
		}
		for _, p := range mis {
			v.fail("6.6.2.3.1", "metadata stream %d: %s", n, p)
		}
	}
}

// identification: 6.6.4.
func (v *verifier) identification(props []xprop) {
	var part, conf string
	for _, p := range props {
		if p.ns == nsPDFAID {
			switch p.name {
			case "part":
				part = text(p.val)
			case "conformance":
				conf = text(p.val)
			}
		}
	}
	if part == "" {
		v.fail("6.6.4", "the XMP has no pdfaid:part in the namespace %s", nsPDFAID)
		return
	}
	for _, p := range props {
		if p.ns == nsPDFAID && p.prefix != "pdfaid" {
			v.fail("6.6.4", "the PDF/A identification schema is written with the prefix %q, not pdfaid", p.prefix)
			break
		}
	}
	v.rep.Part, _ = strconv.Atoi(part)
	v.rep.Conformance = conf
	if part != "2" {
		v.fail("6.6.4", "pdfaid:part is %q, not 2", part)
	}
	if conf != "A" && conf != "B" && conf != "U" {
		v.fail("6.6.4", "pdfaid:conformance is %q, not A, B or U", conf)
	}
}

// infoAgreement: 6.1.5. PDF/A-2 keeps the Info dictionary for compatibility and lets its
// values differ from the XMP's (the XMP is the metadata); a difference is worth telling the
// archivist, as a note, but breaks no rule.
func (v *verifier) infoAgreement(props []xprop) {
	if v.ctx.Info == nil {
		return
	}
	info := v.dictOf(*v.ctx.Info)
	if info == nil {
		return
	}
	find := func(ns, name string) *xval {
		for _, p := range props {
			if p.ns == ns && p.name == name {
				return p.val
			}
		}
		return nil
	}
	first := func(x *xval) string {
		if x == nil {
			return ""
		}
		if x.array != "" {
			for _, it := range x.items {
				if it.lang == "x-default" {
					return it.text
				}
			}
			if len(x.items) > 0 {
				return x.items[0].text
			}
			return ""
		}
		return x.text
	}
	pairs := []struct{ key, ns, name string }{
		{"Title", nsDC, "title"}, {"Author", nsDC, "creator"}, {"Subject", nsDC, "description"},
		{"Keywords", nsPDF, "Keywords"}, {"Creator", nsXMP, "CreatorTool"}, {"Producer", nsPDF, "Producer"},
	}
	for _, p := range pairs {
		s, ok := v.infoString(info[p.key])
		if !ok {
			continue
		}
		x := find(p.ns, p.name)
		if x == nil {
			v.note("6.1.5", "the Info dictionary's %s has no XMP equivalent", p.key)
		} else if strings.TrimSpace(first(x)) != strings.TrimSpace(s) {
			v.note("6.1.5", "the Info dictionary's %s %q differs from the XMP's %q", p.key, s, first(x))
		}
	}
	for _, p := range []struct{ key, name string }{{"CreationDate", "CreateDate"}, {"ModDate", "ModifyDate"}} {
		s, ok := v.infoString(info[p.key])
		if !ok {
			continue
		}
		x := find(nsXMP, p.name)
		it, ok := types.DateTime(s, true)
		if x == nil {
			v.note("6.1.5", "the Info dictionary's %s has no XMP equivalent", p.key)
			continue
		}
		xt, err2 := parseXMPDate(x.text)
		if !ok || err2 != nil || !it.Equal(xt) {
			v.note("6.1.5", "the Info dictionary's %s %q differs from the XMP's %q", p.key, s, x.text)
		}
	}
}

func (v *verifier) infoString(o types.Object) (string, bool) {
	switch s := v.deref(o).(type) {
	case types.StringLiteral:
		str, err := types.StringLiteralToString(s)
		return str, err == nil
	case types.HexLiteral:
		str, err := types.HexLiteralToString(s)
		return str, err == nil
	}
	return "", false
}

func parseXMPDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", s)
}
