// Package archive makes and checks the registry's preservation copies: PDF/A-2 files of the
// scanned pages with an invisible OCR text layer, BagIt bags of records and batches, and the
// verifier that says which PDF/A-2 rules a file breaks.
package pdfa

import (
	"bytes"
	"civreg"
	"compress/zlib"
	"context"
	"crypto/sha256"
	_ "embed"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

//go:embed assets/sRGB.icc
var srgbICC []byte

//go:embed assets/glyphless.ttf
var glyphlessFont []byte

// Document is what an archive copy says about itself, from the reviewed record.
type Document struct {
	Title      string    // "Birth record B1-2026/0042"
	Identifier string    // the registration number, or the registry's record number
	Subject    string    // a one-line description
	Dates      []string  // dates of the record (event, registration), ISO 8601
	Created    time.Time // when the record came into the registry
	Modified   time.Time // when the record was approved
	Key        string    // what makes this copy unique (record and version): seeds the file ID
}

// Page is one scanned page and the words read on it.
type Page struct {
	Scan      []byte // the original file, as uploaded
	MediaType string
	ScanPage  int               // 1-based page within the scan
	Words     *civreg.PageWords // nil when the page was not read
}

// Written says what was written.
type Written struct {
	Conformance string   // "2u" or "2b"
	Pages       []string // how each page was embedded
}

// Write writes the PDF/A-2 copy of pages to w. Every page keeps its scanned size and
// resolution; the text layer is invisible (render mode 3) in a glyphless embedded font whose
// every glyph maps to Unicode, so the file conforms to level U.
func Write(ctx context.Context, w io.Writer, doc Document, pages []Page) (*Written, error) {
	if len(pages) == 0 {
		return nil, fmt.Errorf("archive: a record with no pages cannot be archived")
	}
	out := &Written{Conformance: "2u"}
	p := newPDFWriter(w)
	catalog, pagesRef := p.reserve(), p.reserve()
	font, enc := p.reserve(), newTextEncoding(pages)
	read := pdfs{} // a register volume's PDF is read once, not once a page
	var kids types.Array
	for i, pg := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		img, err := embedImage(ctx, pg.Scan, pg.MediaType, pg.ScanPage, read)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		out.Pages = append(out.Pages, img.how)
		imgRef := p.addStream(img.dict, img.data)
		content := pageContent(img, pg.Words, enc)
		contentRef := p.addStream(types.Dict{"Filter": types.Name("FlateDecode")}, deflate(content))
		s := 72 / img.dpi
		pw, ph := float64(img.width)*s, float64(img.height)*s
		if turns(pg.Words)%2 == 1 {
			pw, ph = ph, pw
		}
		kids = append(kids, p.add(types.Dict{
			"Type": types.Name("Page"), "Parent": pagesRef,
			"MediaBox": types.Array{types.Integer(0), types.Integer(0), types.Float(math.Round(pw*100) / 100), types.Float(math.Round(ph*100) / 100)},
			"Contents": contentRef,
			"Resources": types.Dict{
				"XObject": types.Dict{"Im0": imgRef},
				"Font":    types.Dict{"F0": font},
			},
		}))
	}
	writeFont(p, font, enc)
	p.object(pagesRef, types.Dict{"Type": types.Name("Pages"), "Kids": kids, "Count": types.Integer(len(kids))})

	icc := p.addStream(types.Dict{"N": types.Integer(3), "Filter": types.Name("FlateDecode")}, deflatedICC())
	intent := p.add(types.Dict{
		"Type": types.Name("OutputIntent"), "S": types.Name("GTS_PDFA1"),
		"OutputConditionIdentifier": textString("sRGB IEC61966-2.1"), "Info": textString("sRGB IEC61966-2.1"),
		"DestOutputProfile": icc,
	})
	// The metadata stream is not compressed, so that file-level tools can find it (6.6.2.1).
	meta := p.addStream(types.Dict{"Type": types.Name("Metadata"), "Subtype": types.Name("XML")}, xmp(doc, out.Conformance))
	p.object(catalog, types.Dict{
		"Type": types.Name("Catalog"), "Pages": pagesRef, "Metadata": meta,
		"OutputIntents": types.Array{intent},
		"Lang":          textString("en"),
	})
	info := p.add(infoDict(doc))
	id := sha256.Sum256([]byte("civreg archive\x00" + doc.Key))
	if err := p.finish(catalog, info, id[:16]); err != nil {
		return nil, err
	}
	return out, nil
}

// deflate compresses a stream. Compressors are kept for reuse: each new one clears about a
// megabyte, which was most of the time building an archive took.
func deflate(b []byte) []byte {
	var z bytes.Buffer
	zw := compressors.Get().(*zlib.Writer)
	zw.Reset(&z)
	zw.Write(b)
	zw.Close()
	compressors.Put(zw)
	return z.Bytes()
}

var compressors = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestCompression)
	return zw
}}

// The streams every archive holds the same bytes of are compressed once.
var (
	deflatedICC         = sync.OnceValue(func() []byte { return deflate(srgbICC) })
	deflatedFont        = sync.OnceValue(func() []byte { return deflate(glyphlessFont) })
	deflatedCMap        = sync.OnceValue(func() []byte { return deflate([]byte(oneByteCMap)) })
	deflatedGIDsOneByte = sync.OnceValue(func() []byte { return deflate(allGlyphOne(256)) })
	deflatedGIDsTwoByte = sync.OnceValue(func() []byte { return deflate(allGlyphOne(65536)) })
)

// allGlyphOne is a CIDToGIDMap drawing each of n CIDs with glyph 1.
func allGlyphOne(n int) []byte {
	gid := make([]byte, 2*n)
	for i := 1; i < len(gid); i += 2 {
		gid[i] = 1
	}
	return gid
}

// turns is how many quarter turns clockwise take the scan upright.
func turns(w *civreg.PageWords) int {
	if w == nil {
		return 0
	}
	return (4 - ((w.Orientation%360+360)%360)/90) % 4
}

// pageContent draws the scan turned upright over the whole page and lays each OCR word over
// it, invisible, at the word's place and length.
func pageContent(img *pageImage, words *civreg.PageWords, enc *textEncoding) []byte {
	s := 72 / img.dpi
	w, h := float64(img.width)*s, float64(img.height)*s
	var b strings.Builder
	fmt.Fprintf(&b, "q %s cm /Im0 Do Q\n", nums(imageMatrix(turns(words), w, h)...))
	if words == nil || words.Width <= 0 || words.Height <= 0 || len(words.Words) == 0 {
		return []byte(b.String())
	}
	t := newTextLayer(&b, img, words, s)
	// One text object per page, rotated once; each line is one TJ: a short relative move
	// (Td, in the rotated frame) to its first word, and between words the gap as a TJ
	// adjustment. Size and stretch are the line's, written only when they change. This keeps
	// the text layer to a few bytes a word: the archive of a G4 scan stays close to the scan's
	// own size.
	fmt.Fprintf(&b, "BT 3 Tr %s 0 0 Tm\n", nums(t.tc, t.ts, -t.ts, t.tc))
	lines := lineExtents(words.Words)
	ws := words.Words
	for i := 0; i < len(ws); {
		k := [3]int{ws[i].Block, ws[i].Par, ws[i].Line}
		j := i
		for j < len(ws) && [3]int{ws[j].Block, ws[j].Par, ws[j].Line} == k {
			j++
		}
		t.line(ws[i:j], lines[k], enc)
		i = j
	}
	b.WriteString("ET\n")
	return []byte(b.String())
}

// imageMatrix maps the image's unit square onto the page, turned k quarter turns clockwise.
func imageMatrix(k int, w, h float64) []float64 {
	switch k {
	case 1:
		return []float64{0, -w, h, 0, 0, w}
	case 2:
		return []float64{-w, 0, 0, -h, w, h}
	case 3:
		return []float64{0, w, -h, 0, h, 0}
	}
	return []float64{w, 0, 0, h, 0, 0}
}

// lineExtent is the top and bottom of one OCR line: its words share its baseline, and its
// height is their font size.
type lineExtent struct{ top, bottom int }

func lineExtents(words []civreg.Word) map[[3]int]*lineExtent {
	lines := map[[3]int]*lineExtent{}
	for _, wd := range words {
		k := [3]int{wd.Block, wd.Par, wd.Line}
		if l := lines[k]; l == nil {
			lines[k] = &lineExtent{wd.Box[1], wd.Box[3]}
		} else {
			l.top, l.bottom = min(l.top, wd.Box[1]), max(l.bottom, wd.Box[3])
		}
	}
	return lines
}

// textLayer writes the invisible text of one page, line by line, remembering the text
// position, size and stretch in force so each is written only when it changes.
type textLayer struct {
	b                             *strings.Builder
	s, q, th                      float64 // points per pixel; upright pixels to scan pixels; scan height
	cos, sin, cx, cy              float64 // undoing the straightening about the page's centre
	tc, ts                        float64 // the text direction: along the straightened line
	u0, v0, lastSize, lastStretch float64
}

func newTextLayer(b *strings.Builder, img *pageImage, words *civreg.PageWords, s float64) *textLayer {
	// The upright page in pixels, before straightening: the scan turned.
	tw, th := float64(img.width), float64(img.height)
	if turns(words)%2 == 1 {
		tw, th = th, tw
	}
	// Straightening rotated the page clockwise by Skew about its centre; undo it.
	a := -words.Skew * math.Pi / 180
	return &textLayer{b: b, s: s, q: tw / float64(words.Width), th: th,
		cos: math.Cos(a), sin: math.Sin(a), cx: float64(words.Width) / 2, cy: float64(words.Height) / 2,
		// Text runs along the straightened line, which on the scan is turned back by Skew.
		tc: math.Cos(-a), ts: math.Sin(-a)}
}

func (t *textLayer) toPage(x, y float64) (float64, float64) {
	dx, dy := x-t.cx, y-t.cy
	x, y = t.cx+dx*t.cos-dy*t.sin, t.cy+dx*t.sin+dy*t.cos
	return x * t.q * t.s, (t.th - y*t.q) * t.s
}

// placed is one word of a line, as it will be written.
type placed struct {
	codes  string  // the word's codes, as a literal string's bytes
	n      int     // characters
	u      float64 // origin along the line, in the rotated frame
	length float64 // printed length
}

// line writes one OCR line as one TJ.
func (t *textLayer) line(words []civreg.Word, l *lineExtent, enc *textEncoding) {
	y0, y1 := float64(l.top), float64(l.bottom)
	size := math.Max(math.Round((y1-y0)*t.q*t.s*2)/2, 1)
	var run []placed
	var v float64
	for _, wd := range words {
		if wd.Text == "" {
			continue
		}
		codes, n := enc.encode(wd.Text)
		x0, x1 := float64(wd.Box[0]), float64(wd.Box[2])
		ox, oy := t.toPage(x0, y1-(y1-y0)*0.2) // baseline: about a fifth up from the line's bottom
		if len(run) == 0 {
			v = -t.ts*ox + t.tc*oy
		}
		run = append(run, placed{codes, n, t.tc*ox + t.ts*oy, (x1 - x0) * t.q * t.s})
	}
	if len(run) == 0 {
		return
	}
	if size != t.lastSize {
		fmt.Fprintf(t.b, "/F0 %s Tf ", nums(size))
		t.lastSize = size
	}
	stretches := lineStretches(run, size)
	t.writeRun(run, stretches, size, v)
}

// lineStretches gives each word its stretch (Tz, to the nearest 5%: repeated often enough
// to compress well): the line's where that makes a word no longer than printed and not much
// shorter, and the word's own elsewhere. A word never runs into the next, so viewers see the
// gap between them as a space; searching and selecting land on the printed word. A word
// written shorter than printed is centred on the printed word.
func lineStretches(run []placed, size float64) []float64 {
	fit := make([]float64, len(run))
	for m, p := range run {
		fit[m] = math.Max(math.Floor(20*p.length/(float64(p.n)*size*0.5))*5, 5)
	}
	lineStretch, covered := fit[0], 0
	for _, c := range fit {
		n := 0
		for _, f := range fit {
			if f >= c && f < c*1.34 {
				n++
			}
		}
		if n > covered || (n == covered && c > lineStretch) {
			lineStretch, covered = c, n
		}
	}
	stretches := make([]float64, len(run))
	for m := range run {
		stretches[m] = lineStretch
		if fit[m] < lineStretch || fit[m] >= lineStretch*1.34 {
			stretches[m] = fit[m]
		}
		run[m].u += (run[m].length - float64(run[m].n)*0.5*size*stretches[m]/100) / 2
	}
	return stretches
}

// writeRun writes a line's words as one TJ, the gaps between them as adjustments.
func (t *textLayer) writeRun(run []placed, stretches []float64, size, v float64) {
	b := t.b
	u, v := math.Round(run[0].u), math.Round(v)
	at := u // where the text position is along the line
	for m, p := range run {
		stretch := stretches[m]
		if stretch != t.lastStretch {
			if m > 0 {
				b.WriteString("] TJ ")
			}
			fmt.Fprintf(b, "%s Tz ", nums(stretch))
			t.lastStretch = stretch
			if m > 0 {
				b.WriteString("[")
			}
		}
		em := size * stretch / 100 // one text-space unit along the line, stretched
		if m == 0 {
			fmt.Fprintf(b, "%s Td [", nums(u-t.u0, v-t.v0))
			t.u0, t.v0 = u, v
		} else {
			// TJ numbers move back by thousandths of the (stretched) em; to a fifth of
			// an em (a point or so) is close enough, and round hundreds compress well.
			adj := math.Round((at-p.u)*5/em) * 200
			at -= adj * em / 1000
			if adj != 0 {
				fmt.Fprintf(b, "%d", int(adj))
			}
		}
		fmt.Fprintf(b, "(%s)", p.codes)
		at += float64(p.n) * 0.5 * em
	}
	b.WriteString("] TJ\n")
}

// nums spells numbers for a content stream: short, and never in exponent form.
func nums(fs ...float64) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		s := fmt.Sprintf("%.3f", math.Round(f*1000)/1000)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if s == "-0" || s == "" {
			s = "0"
		}
		parts[i] = s
	}
	return strings.Join(parts, " ")
}

// textEncoding gives each character of the text layer its code in the font. Codes are one
// byte when the record's characters allow (Latin-1 characters as themselves, others such as
// curly quotes in the control-code places): half the bytes of the two-byte codes Tesseract's
// renderer uses, which on a dense page is a few hundred bytes of the archive. A record with
// more distinct characters than one byte holds gets two-byte codes equal to UTF-16 units.
type textEncoding struct {
	oneByte bool
	code    map[rune]uint16
}

// glyphRune is the character a word's rune is written as: every glyph must map to a real
// character (PDF/A-2 level U).
func glyphRune(r rune) rune {
	if r > 0xffff || r < 0x20 || !unicode.IsPrint(r) || r == 0xfeff || r == 0xfffe {
		return 0xfffd
	}
	return r
}

func newTextEncoding(pages []Page) *textEncoding {
	e := &textEncoding{oneByte: true, code: map[rune]uint16{}}
	var others []rune
	for _, pg := range pages {
		if pg.Words == nil {
			continue
		}
		for _, w := range pg.Words.Words {
			for _, r := range w.Text {
				r = glyphRune(r)
				if _, ok := e.code[r]; ok {
					continue
				}
				if r < 0x100 && r >= 0x20 && (r < 0x7f || r >= 0xa0) {
					e.code[r] = uint16(r)
				} else {
					e.code[r] = 0 // placed below
					others = append(others, r)
				}
			}
		}
	}
	slices.Sort(others)
	var free []uint16
	for c := uint16(1); c < 0x100; c++ {
		if c < 0x20 || (c >= 0x7f && c < 0xa0) {
			free = append(free, c)
		}
	}
	if len(others) > len(free) {
		e.oneByte = false
		for r := range e.code {
			e.code[r] = uint16(r)
		}
		return e
	}
	for i, r := range others {
		e.code[r] = free[i]
	}
	return e
}

// encode returns a word's codes as the bytes of a literal string, and how many there are.
func (e *textEncoding) encode(text string) (string, int) {
	var b strings.Builder
	n := 0
	for _, r := range text {
		c := e.code[glyphRune(r)]
		bs := []byte{byte(c >> 8), byte(c)}
		if e.oneByte {
			bs = bs[1:]
		}
		for _, c := range bs {
			switch c {
			case '(', ')', '\\':
				b.WriteByte('\\')
			case '\r': // would be read as a line end
				b.WriteString(`\r`)
				continue
			}
			b.WriteByte(c)
		}
		n++
	}
	return b.String(), n
}

// oneByteCMap is the embedded CMap of one-byte codes: code c is CID c.
const oneByteCMap = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def
/CMapName /civreg-OneByte def
/CMapType 1 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 begincidrange
<00> <FF> 0
endcidrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`

// writeFont writes the glyphless Type 0 font of the text layer, as Tesseract's PDF renderer
// makes it: every code drawn with glyph 1 of an embedded one-glyph TrueType font, half an em
// wide; the ToUnicode map lists the characters used. The codes are one byte (an embedded
// CMap) or two (Identity-H), as the encoding chose.
func writeFont(p *pdfWriter, font types.IndirectRef, enc *textEncoding) {
	file := p.addStream(types.Dict{"Length1": types.Integer(len(glyphlessFont)), "Filter": types.Name("FlateDecode")}, deflatedFont())
	desc := p.add(types.Dict{
		"Type": types.Name("FontDescriptor"), "FontName": types.Name("GlyphLessFont"),
		"Flags": types.Integer(5), "FontBBox": types.Array{types.Integer(0), types.Integer(0), types.Integer(500), types.Integer(1000)},
		"ItalicAngle": types.Integer(0), "Ascent": types.Integer(1000), "Descent": types.Integer(-1),
		"CapHeight": types.Integer(1000), "StemV": types.Integer(80), "FontFile2": file,
	})
	gids := deflatedGIDsTwoByte
	if enc.oneByte {
		gids = deflatedGIDsOneByte
	}
	cidToGID := p.addStream(types.Dict{"Filter": types.Name("FlateDecode")}, gids())
	system := types.Dict{"Registry": textString("Adobe"), "Ordering": textString("Identity"), "Supplement": types.Integer(0)}
	cid := p.add(types.Dict{
		"Type": types.Name("Font"), "Subtype": types.Name("CIDFontType2"), "BaseFont": types.Name("GlyphLessFont"),
		"CIDSystemInfo": system, "FontDescriptor": desc, "DW": types.Integer(500), "CIDToGIDMap": cidToGID,
	})
	var encoding types.Object = types.Name("Identity-H")
	if enc.oneByte {
		encoding = p.addStream(types.Dict{
			"Type": types.Name("CMap"), "CMapName": types.Name("civreg-OneByte"), "CIDSystemInfo": system,
			"WMode": types.Integer(0), "Filter": types.Name("FlateDecode"),
		}, deflatedCMap())
	}
	toUnicode := p.addStream(types.Dict{"Filter": types.Name("FlateDecode")}, deflate(enc.toUnicode()))
	p.object(font, types.Dict{
		"Type": types.Name("Font"), "Subtype": types.Name("Type0"), "BaseFont": types.Name("GlyphLessFont"),
		"Encoding": encoding, "DescendantFonts": types.Array{cid}, "ToUnicode": toUnicode,
	})
}

// toUnicode maps each code used to its character; runs of consecutive codes for consecutive
// characters (a to z) are one range.
func (e *textEncoding) toUnicode() []byte {
	type pair struct {
		code uint16
		r    rune
	}
	var ps []pair
	for r, c := range e.code {
		ps = append(ps, pair{c, r})
	}
	slices.SortFunc(ps, func(a, b pair) int { return int(a.code) - int(b.code) })
	hex := "%04X"
	space := "<0000> <FFFF>"
	if e.oneByte {
		hex, space = "%02X", "<00> <FF>"
	}
	var ranges, singles []string
	for i := 0; i < len(ps); {
		j := i + 1
		// A range stays within one last byte's run (the CMap rule for bfrange).
		for j < len(ps) && ps[j].code == ps[j-1].code+1 && ps[j].r == ps[j-1].r+1 && ps[j].code>>8 == ps[i].code>>8 {
			j++
		}
		if j-i > 1 {
			ranges = append(ranges, fmt.Sprintf("<"+hex+"> <"+hex+"> <%04X>", ps[i].code, ps[j-1].code, ps[i].r))
		} else {
			singles = append(singles, fmt.Sprintf("<"+hex+"> <%04X>", ps[i].code, ps[i].r))
		}
		i = j
	}
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n" + space + "\nendcodespacerange\n")
	for _, block := range []struct {
		lines []string
		kind  string
	}{{singles, "bfchar"}, {ranges, "bfrange"}} {
		for ls := block.lines; len(ls) > 0; {
			n := min(len(ls), 100) // at most 100 entries per block
			fmt.Fprintf(&b, "%d begin%s\n%s\nend%s\n", n, block.kind, strings.Join(ls[:n], "\n"), block.kind)
			ls = ls[n:]
		}
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return []byte(b.String())
}

// Producer names the program that wrote the archive, in the Info dictionary and the XMP.
const Producer = "civreg (Civil Registry of St Kitts and Nevis)"

// infoDict is the document information dictionary; every entry agrees with the XMP (6.6.3).
func infoDict(doc Document) types.Dict {
	d := types.Dict{
		"Title":        textString(doc.Title),
		"Producer":     textString(Producer),
		"Creator":      textString(Producer),
		"CreationDate": types.StringLiteral(pdfDate(doc.Created)),
		"ModDate":      types.StringLiteral(pdfDate(doc.Modified)),
	}
	if doc.Subject != "" {
		d["Subject"] = textString(doc.Subject)
	}
	return d
}

// pdfDate spells a time as a PDF date, in UTC.
func pdfDate(t time.Time) string {
	return "D:" + t.UTC().Format("20060102150405") + "+00'00'"
}

// xmpDate spells a time as an XMP date, in UTC to the second.
func xmpDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}
