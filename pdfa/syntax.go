package pdfa

import (
	"bytes"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var (
	reObjHeader = regexp.MustCompile(`^(\d+)(\s+)(\d+)(\s+)obj`)
	reXref      = regexp.MustCompile(`(^|[\r\n])xref`)
	reXrefOK    = regexp.MustCompile(`^xref(\r\n|\r|\n)\d+ \d+`)
)

func isEOL(c byte) bool { return c == '\r' || c == '\n' }

// syntax: the file-structure rules read from the bytes: cross-reference sections (6.1.4),
// object and stream keywords (6.1.9, 6.1.7.1), hexadecimal strings (6.1.6) and the
// implementation limits of numbers, strings and names (6.1.13).
func (v *verifier) syntax() {
	for _, m := range reXref.FindAllIndex(v.raw, -1) {
		at := m[0]
		if at > 0 || isEOL(v.raw[at]) {
			at++
		}
		if at >= 5 && string(v.raw[at-5:at]) == "start" {
			continue
		}
		if !reXrefOK.Match(v.raw[at:]) {
			v.fail("6.1.4", "the cross-reference section at byte %d is not the xref keyword, one end of line and a subsection header", at)
			break
		}
	}
	var nums []int
	for n, e := range v.ctx.XRefTable.Table {
		if e != nil && !e.Free && !e.Compressed && e.Offset != nil && *e.Offset > 0 && e.Object != nil {
			nums = append(nums, n)
		}
	}
	sort.Ints(nums)
	for _, n := range nums {
		e := v.ctx.XRefTable.Table[n]
		v.object(n, *e.Offset, e.Object)
	}
}

// object checks one indirect object's keywords and the tokens of its dictionary or value.
func (v *verifier) object(n int, off int64, o types.Object) {
	if off >= int64(len(v.raw)) {
		return
	}
	// An offset that does not lead to the object (a damaged table the reader got past) says
	// nothing of the object's own syntax.
	m := reObjHeader.FindSubmatchIndex(v.raw[off:])
	if m == nil || string(v.raw[off+int64(m[2]):off+int64(m[3])]) != strconv.Itoa(n) {
		return
	}
	if !isEOL(v.raw[off-1]) {
		v.fail("6.1.9", "object %d does not begin on a line of its own", n)
	}
	if string(v.raw[off+int64(m[4]):off+int64(m[5])]) != " " || string(v.raw[off+int64(m[8]):off+int64(m[9])]) != " " {
		v.fail("6.1.9", "object %d's number, generation and obj keyword are not separated by single spaces", n)
	}
	body := off + int64(m[1])
	if body >= int64(len(v.raw)) || !isEOL(v.raw[body]) {
		v.fail("6.1.9", "object %d's obj keyword is not followed by an end of line", n)
	}
	end := int64(len(v.raw))
	sd, isStream := asStream(o)
	if isStream {
		end = v.stream(n, sd)
	}
	if end <= body {
		return
	}
	rel := bytes.Index(v.raw[body:end], []byte("endobj"))
	if rel < 0 {
		return
	}
	eo := body + int64(rel)
	if !isEOL(v.raw[eo-1]) {
		v.fail("6.1.9", "object %d's endobj keyword is not on a line of its own", n)
	}
	if after := eo + 6; after < int64(len(v.raw)) && !isEOL(v.raw[after]) {
		v.fail("6.1.9", "object %d's endobj keyword is not followed by an end of line", n)
	}
	stop := eo
	if isStream {
		stop = sd.StreamOffset
		if stop <= body {
			return // where the data begins is not known: the dictionary cannot be told from it
		}
	}
	v.tokens(n, v.raw[body:stop])
}

// asStream is the stream of a stream object, an object stream or a cross-reference stream.
func asStream(o types.Object) (types.StreamDict, bool) {
	switch s := o.(type) {
	case types.StreamDict:
		return s, true
	case types.ObjectStreamDict:
		return s.StreamDict, true
	case types.XRefStreamDict:
		return s.StreamDict, true
	}
	return types.StreamDict{}, false
}

// stream: 6.1.7.1. The stream keyword ends its line with CR LF or LF; Length is exact, so
// an end of line and endstream follow the data; no F, FFilter or FDecodeParms. It returns
// where the object goes on after the data.
func (v *verifier) stream(n int, sd types.StreamDict) int64 {
	for _, k := range []string{"F", "FFilter", "FDecodeParms"} {
		if sd.Dict[k] != nil {
			v.fail("6.1.7.1", "stream %d has an %s entry (external stream data)", n, k)
		}
	}
	so := sd.StreamOffset
	if so < 8 || so > int64(len(v.raw)) || sd.StreamLength == nil {
		return int64(len(v.raw))
	}
	if !bytes.HasSuffix(v.raw[:so], []byte("stream\n")) && !bytes.HasSuffix(v.raw[:so], []byte("stream\r\n")) {
		v.fail("6.1.7.1", "stream %d's stream keyword is not followed by CR LF or LF alone", n)
	}
	end := so + *sd.StreamLength
	if end > int64(len(v.raw)) || end < so {
		v.fail("6.1.7.1", "stream %d's Length runs past the end of the file", n)
		return int64(len(v.raw))
	}
	after := v.raw[end:]
	switch {
	case bytes.HasPrefix(after, []byte("\r\nendstream")), bytes.HasPrefix(after, []byte("\nendstream")), bytes.HasPrefix(after, []byte("\rendstream")):
	case bytes.HasPrefix(after, []byte("endstream")):
		v.fail("6.1.7.1", "stream %d's endstream keyword is not preceded by an end of line", n)
	default:
		v.fail("6.1.7.1", "stream %d's Length (%d) is not the number of bytes of its data", n, *sd.StreamLength)
	}
	return end
}

// tokens checks what an object's text holds: hexadecimal strings (6.1.6) and the limits of
// integers, strings and names (6.1.13).
func (v *verifier) tokens(n int, text []byte) {
	l := &lexer{b: text}
	var check func(t token)
	check = func(t token) {
		v.limits(t, "object "+strconv.Itoa(n))
		for _, x := range t.arr {
			check(x)
		}
	}
	for {
		t, ok := l.next()
		if !ok {
			return
		}
		check(t)
	}
}

// limits: one token against 6.1.6 and 6.1.13.
func (v *verifier) limits(t token, where string) {
	switch t.kind {
	case 'h':
		digits := 0
		for _, c := range t.str {
			switch {
			case isSpace(c):
			case (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'):
				digits++
			default:
				v.fail("6.1.6", "a hexadecimal string in %s holds %q, which is not a hexadecimal digit", where, c)
				return
			}
		}
		if digits%2 == 1 {
			v.fail("6.1.6", "a hexadecimal string in %s has an odd number of digits", where)
		}
	case 'n':
		if !strings.ContainsAny(t.text, ".eE") && (t.num > 2147483647 || t.num < -2147483648) {
			v.fail("6.1.13", "%s holds the integer %s, beyond the 32-bit range PDF/A allows", where, t.text)
		}
	case 's':
		if len(t.str)-bytes.Count(t.str, []byte(`\`)) > 32767 {
			v.fail("6.1.13", "%s holds a string longer than 32767 bytes", where)
		}
	case '/':
		if len(t.name)-2*strings.Count(t.name, "#") > 127 { // #xx escapes are one byte each
			v.fail("6.1.13", "%s holds a name longer than 127 bytes", where)
		}
	}
}

var boxKeys = []string{"MediaBox", "CropBox", "BleedBox", "TrimBox", "ArtBox"}

// pageBoxes: 6.1.13, a page's boundaries in force (its own, or inherited from the page
// tree) are between 3 and 14400 units each way.
func (v *verifier) pageBoxes(n int, d types.Dict) {
	for _, k := range boxKeys {
		box := d[k]
		for p, i := v.dictOf(d["Parent"]), 0; box == nil && p != nil && i < 32; p, i = v.dictOf(p["Parent"]), i+1 {
			box = p[k]
		}
		arr, ok := v.deref(box).(types.Array)
		if !ok || len(arr) != 4 {
			continue
		}
		w := v.number(arr[2]) - v.number(arr[0])
		h := v.number(arr[3]) - v.number(arr[1])
		if w < 0 {
			w = -w
		}
		if h < 0 {
			h = -h
		}
		if w < 3 || h < 3 || w > 14400 || h > 14400 {
			v.fail("6.1.13", "the %s of object %d is %.0f × %.0f units (PDF/A allows 3 to 14400 each way)", k, n, w, h)
		}
	}
}

func (v *verifier) contentLimits(t token, where string) {
	v.limits(t, where)
	for _, x := range t.arr {
		v.contentLimits(x, where)
	}
}

// operators are the content-stream operators of ISO 32000-1 Annex A (6.2.2 allows no
// others, even between BX and EX).
var operators = func() map[string]bool {
	m := map[string]bool{}
	for _, op := range strings.Fields(`b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX
		f F f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf TJ Tj
		TL Tm Tr Ts Tw Tz v w W W* y ' "`) {
		m[op] = true
	}
	return m
}()
