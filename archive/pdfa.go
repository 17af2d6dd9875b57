// Package archive makes and checks the registry's preservation copies: PDF/A-2 files of the
// scanned pages with an invisible OCR text layer, BagIt bags of records and batches, and the
// verifier that says which PDF/A-2 rules a file breaks.
package archive

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
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
	ScanPage  int    // 1-based page within the scan
	Words     *Words // nil when the page was not read
}

// Words are the OCR words of a page in the frame of the upright image shown to reviewers,
// with how that image was made from the scan, so that the words can be laid over the scan.
type Words struct {
	Width       int     `json:"width"`
	Height      int     `json:"height"`
	Orientation int     `json:"orientation"` // degrees clockwise the scan was turned
	Skew        float64 `json:"skew"`        // degrees the turned page was rotated to straighten it
	Words       []Word  `json:"words"`
}

// Word is one word and its box (x0, y0, x1, y1) in upright-image pixels, with the block,
// paragraph and line Tesseract put it in (words of one line share a baseline and a size).
type Word struct {
	Text  string `json:"text"`
	Box   [4]int `json:"box"`
	Block int    `json:"block"`
	Par   int    `json:"par"`
	Line  int    `json:"line"`
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
	font, used := p.reserve(), map[rune]bool{}
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
		content := pageContent(img, pg.Words, used)
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
	writeFont(p, font, used)
	p.object(pagesRef, types.Dict{"Type": types.Name("Pages"), "Kids": kids, "Count": types.Integer(len(kids))})

	icc := p.addStream(types.Dict{"N": types.Integer(3), "Filter": types.Name("FlateDecode")}, deflate(srgbICC))
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

func deflate(b []byte) []byte {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zw.Write(b)
	zw.Close()
	return z.Bytes()
}

// turns is how many quarter turns clockwise take the scan upright.
func turns(w *Words) int {
	if w == nil {
		return 0
	}
	return (4 - ((w.Orientation%360+360)%360)/90) % 4
}

// pageContent draws the scan turned upright over the whole page and lays each OCR word over
// it, invisible, at the word's place and length.
func pageContent(img *pageImage, words *Words, used map[rune]bool) []byte {
	s := 72 / img.dpi
	w, h := float64(img.width)*s, float64(img.height)*s
	// The image's unit square onto the page, turned k quarter turns clockwise.
	var cm [6]float64
	switch turns(words) {
	case 0:
		cm = [6]float64{w, 0, 0, h, 0, 0}
	case 1:
		cm = [6]float64{0, -w, h, 0, 0, w}
	case 2:
		cm = [6]float64{-w, 0, 0, -h, w, h}
	case 3:
		cm = [6]float64{0, w, -h, 0, h, 0}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "q %s cm /Im0 Do Q\n", nums(cm[:]...))
	if words == nil || words.Width <= 0 || words.Height <= 0 || len(words.Words) == 0 {
		return []byte(b.String())
	}
	// The upright page in pixels, before straightening: the scan turned.
	tw, th := float64(img.width), float64(img.height)
	if turns(words)%2 == 1 {
		tw, th = th, tw
	}
	q := tw / float64(words.Width) // upright-image pixels to turned-scan pixels
	// Straightening rotated the page clockwise by Skew about its centre; undo it.
	a := -words.Skew * math.Pi / 180
	cos, sin := math.Cos(a), math.Sin(a)
	cx, cy := float64(words.Width)/2, float64(words.Height)/2
	toPage := func(x, y float64) (float64, float64) {
		dx, dy := x-cx, y-cy
		x, y = cx+dx*cos-dy*sin, cy+dx*sin+dy*cos
		return x * q * s, (th - y*q) * s
	}
	// Text runs along the straightened line, which on the scan is turned back by Skew.
	tc, ts := math.Cos(-a), math.Sin(-a)
	// One text object per page, rotated once; each word is then a short relative move (Td,
	// in the rotated frame, to the nearest point), its size and stretch only when they change.
	// This keeps the text layer to a few bytes a word: the archive of a G4 scan stays close
	// to the scan's own size.
	fmt.Fprintf(&b, "BT 3 Tr %s 0 0 Tm\n", nums(tc, ts, -ts, tc))
	round := func(f float64) float64 { return math.Round(f) }
	// Words of one line share its baseline and its height as font size.
	type line struct{ top, bottom int }
	lines := map[[3]int]*line{}
	for _, wd := range words.Words {
		k := [3]int{wd.Block, wd.Par, wd.Line}
		if l := lines[k]; l == nil {
			lines[k] = &line{wd.Box[1], wd.Box[3]}
		} else {
			l.top, l.bottom = min(l.top, wd.Box[1]), max(l.bottom, wd.Box[3])
		}
	}
	var u0, v0, lastSize, lastStretch float64
	for _, wd := range words.Words {
		text := []rune(wd.Text)
		if len(text) == 0 {
			continue
		}
		var hexs strings.Builder
		n := 0
		for _, r := range text {
			if r > 0xffff || r < 0x20 || !unicode.IsPrint(r) || r == 0xfeff || r == 0xfffe {
				r = 0xfffd // a glyph must map to a real character (PDF/A-2 level U)
			}
			used[r] = true
			fmt.Fprintf(&hexs, "%04X", r)
			n++
		}
		l := lines[[3]int{wd.Block, wd.Par, wd.Line}]
		x0, x1 := float64(wd.Box[0]), float64(wd.Box[2])
		y0, y1 := float64(l.top), float64(l.bottom)
		size := math.Max(math.Round((y1-y0)*q*s*2)/2, 1)
		length := (x1 - x0) * q * s
		ox, oy := toPage(x0, y1-(y1-y0)*0.2) // baseline: about a fifth up from the line's bottom
		// The stretch that makes the word as long as printed, to the nearest 5%: close enough
		// for selecting text, and repeated often enough to compress well.
		stretch := math.Round(20*length/(float64(n)*size*0.5)) * 5
		if size != lastSize {
			fmt.Fprintf(&b, "/F0 %s Tf ", nums(size))
			lastSize = size
		}
		if stretch != lastStretch {
			fmt.Fprintf(&b, "%s Tz ", nums(stretch))
			lastStretch = stretch
		}
		// The origin in the rotated text frame, as a move from the previous word's.
		u, v := round(tc*ox+ts*oy), round(-ts*ox+tc*oy)
		fmt.Fprintf(&b, "%s Td <%s> Tj\n", nums(u-u0, v-v0), hexs.String())
		u0, v0 = u, v
	}
	b.WriteString("ET\n")
	return []byte(b.String())
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

// writeFont writes the glyphless Type 0 font of the text layer, as Tesseract's PDF renderer
// makes it: two-byte codes equal to UTF-16 code units, every code drawn with glyph 1 of an
// embedded one-glyph TrueType font, half an em wide; the ToUnicode map lists the characters
// used.
func writeFont(p *pdfWriter, font types.IndirectRef, used map[rune]bool) {
	file := p.addStream(types.Dict{"Length1": types.Integer(len(glyphlessFont)), "Filter": types.Name("FlateDecode")}, deflate(glyphlessFont))
	desc := p.add(types.Dict{
		"Type": types.Name("FontDescriptor"), "FontName": types.Name("GlyphLessFont"),
		"Flags": types.Integer(5), "FontBBox": types.Array{types.Integer(0), types.Integer(0), types.Integer(500), types.Integer(1000)},
		"ItalicAngle": types.Integer(0), "Ascent": types.Integer(1000), "Descent": types.Integer(-1),
		"CapHeight": types.Integer(1000), "StemV": types.Integer(80), "FontFile2": file,
	})
	gid := make([]byte, 2*65536)
	for i := 1; i < len(gid); i += 2 {
		gid[i] = 1
	}
	cidToGID := p.addStream(types.Dict{"Filter": types.Name("FlateDecode")}, deflate(gid))
	cid := p.add(types.Dict{
		"Type": types.Name("Font"), "Subtype": types.Name("CIDFontType2"), "BaseFont": types.Name("GlyphLessFont"),
		"CIDSystemInfo":  types.Dict{"Registry": textString("Adobe"), "Ordering": textString("Identity"), "Supplement": types.Integer(0)},
		"FontDescriptor": desc, "DW": types.Integer(500), "CIDToGIDMap": cidToGID,
	})
	toUnicode := p.addStream(types.Dict{"Filter": types.Name("FlateDecode")}, deflate(toUnicodeCMap(used)))
	p.object(font, types.Dict{
		"Type": types.Name("Font"), "Subtype": types.Name("Type0"), "BaseFont": types.Name("GlyphLessFont"),
		"Encoding": types.Name("Identity-H"), "DescendantFonts": types.Array{cid}, "ToUnicode": toUnicode,
	})
}

// toUnicodeCMap maps each code used to its character (codes are the characters' UTF-16 units).
func toUnicodeCMap(used map[rune]bool) []byte {
	var rs []rune
	for r := range used {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(rs) > 0 {
		n := min(len(rs), 100) // at most 100 entries per block
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, r := range rs[:n] {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", r, r)
		}
		b.WriteString("endbfchar\n")
		rs = rs[n:]
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
