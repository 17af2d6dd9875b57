// Package testfiles makes the crafted files the tests feed to ingest: real scans of every
// format, and broken or hostile ones (truncated, bombs, scripts, encryption, disguises).
package testfiles

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"strings"

	"golang.org/x/image/tiff"
)

// Page is a small grey page with a few dark bars, so each seed gives different bytes.
func Page(w, h, seed int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xf0
	}
	for bar := 0; bar < 5; bar++ {
		y := (bar*h/6 + seed*7) % h
		for x := w / 10; x < w*9/10; x++ {
			img.SetGray(x, y, color.Gray{Y: uint8(seed % 50)})
		}
	}
	return img
}

// PNG encodes a page as PNG.
func PNG(w, h, seed int) []byte {
	var b bytes.Buffer
	png.Encode(&b, Page(w, h, seed))
	return b.Bytes()
}

// JPEG encodes a page as JPEG.
func JPEG(w, h, seed int) []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, Page(w, h, seed), &jpeg.Options{Quality: 80})
	return b.Bytes()
}

// TIFF encodes one page as an uncompressed TIFF.
func TIFF(w, h, seed int) []byte {
	var b bytes.Buffer
	tiff.Encode(&b, Page(w, h, seed), &tiff.Options{Compression: tiff.Deflate})
	return b.Bytes()
}

// MultiPageTIFF joins pages into one little-endian TIFF by chaining their directories.
func MultiPageTIFF(pages int, seed int) []byte {
	var ones [][]byte
	for p := 0; p < pages; p++ {
		ones = append(ones, TIFF(120, 80, seed+p))
	}
	return JoinTIFF(ones...)
}

// JoinTIFF joins one-page little-endian TIFFs (as golang.org/x/image/tiff writes them) into
// one multi-page TIFF, in order.
func JoinTIFF(pages ...[]byte) []byte {
	var out []byte
	var lastNextAt int64 = 4
	out = append(out, 'I', 'I', 42, 0, 0, 0, 0, 0)
	for _, one := range pages {
		base := int64(len(out))
		// Shift every offset in the page's own TIFF by base: rewrite its one IFD.
		ifd := int64(binary.LittleEndian.Uint32(one[4:8]))
		page := append([]byte(nil), one[8:]...) // drop its header; offsets shrink by 8
		shift := base - 8
		n := int64(binary.LittleEndian.Uint16(one[ifd:]))
		fix := func(at int64, delta int64) {
			v := int64(binary.LittleEndian.Uint32(page[at-8:]))
			binary.LittleEndian.PutUint32(page[at-8:], uint32(v+delta))
		}
		for i := int64(0); i < n; i++ {
			e := ifd + 2 + i*12
			tag := binary.LittleEndian.Uint16(one[e:])
			typ := binary.LittleEndian.Uint16(one[e+2:])
			count := int64(binary.LittleEndian.Uint32(one[e+4:]))
			size := map[uint16]int64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8}[typ] * count
			if size > 4 {
				fix(e+8, shift)
			}
			if tag == 273 || tag == 324 { // strip or tile offsets
				if count == 1 {
					fix(e+8, shift)
				} else {
					at := int64(binary.LittleEndian.Uint32(one[e+8:]))
					for k := int64(0); k < count; k++ {
						fix(at+k*4, shift)
					}
				}
			}
		}
		binary.LittleEndian.PutUint32(out[lastNextAt:], uint32(ifd+shift))
		lastNextAt = ifd + shift + 2 + n*12
		out = append(out, page...)
	}
	return out
}

// PNGHeaderOnly is a PNG that claims w × h pixels: a decompression bomb's header.
func PNGHeaderOnly(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0
	chunk(&b, "IHDR", ihdr)
	chunk(&b, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

func chunk(b *bytes.Buffer, typ string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.Write(b, binary.BigEndian, crc.Sum32())
}

// TIFFClaimingPages is a TIFF whose directories chain on for n pages, each a 1×1 image.
func TIFFClaimingPages(n int) []byte {
	var b bytes.Buffer
	b.Write([]byte{'I', 'I', 42, 0, 8, 0, 0, 0})
	for i := 0; i < n; i++ {
		start := int64(b.Len())
		next := uint32(start + 2 + 4*12 + 4 + 1)
		if i == n-1 {
			next = 0
		}
		binary.Write(&b, binary.LittleEndian, uint16(4))
		for _, e := range [][3]uint32{{256, 3, 1}, {257, 3, 1}, {273, 4, uint32(start + 2 + 4*12 + 4)}, {279, 4, 1}} {
			binary.Write(&b, binary.LittleEndian, uint16(e[0]))
			binary.Write(&b, binary.LittleEndian, uint16(e[1]))
			binary.Write(&b, binary.LittleEndian, uint32(1))
			binary.Write(&b, binary.LittleEndian, e[2])
		}
		binary.Write(&b, binary.LittleEndian, next)
		b.WriteByte(0) // the one pixel
	}
	return b.Bytes()
}

// ZIP is a small zip archive (what a renamed .pdf might really be).
func ZIP() []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("scan.pdf")
	w.Write([]byte("not a scan"))
	z.Close()
	return b.Bytes()
}

// PDF builds a one-page PDF around a JPEG image; extra is added to the catalog (for example
// an /OpenAction with JavaScript).
func PDF(jpg []byte, w, h int, catalogExtra string) []byte {
	return pdfWith(jpg, w, h, catalogExtra, nil)
}

// PDFWithXMPBomb is a scanned page whose XMP metadata is an XML "billion laughs" bomb: a
// parser that expands entities would need gigabytes.
func PDFWithXMPBomb() []byte {
	bomb := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">`
	prev := "a"
	for i := 0; i < 9; i++ {
		name := fmt.Sprintf("e%d", i)
		bomb += fmt.Sprintf(`<!ENTITY %s "%s">`, name, strings.Repeat("&"+prev+";", 10))
		prev = name
	}
	bomb += `]><x:xmpmeta xmlns:x="adobe:ns:meta/">&` + prev + `;</x:xmpmeta>`
	return pdfWith(JPEG(200, 100, 1), 200, 100, "/Metadata 6 0 R", []string{
		fmt.Sprintf("<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream", len(bomb), bomb)})
}

// PDFPage is a scanned page of w × h pixels on a page of ptW × ptH points (1/72 inch): a
// small image on a huge page renders to a huge raster.
func PDFPage(jpg []byte, w, h, ptW, ptH int) []byte {
	return pdfPage(jpg, w, h, ptW, ptH, "", nil)
}

func pdfWith(jpg []byte, w, h int, catalogExtra string, extraObjects []string) []byte {
	return pdfPage(jpg, w, h, w*72/150, h*72/150, catalogExtra, extraObjects)
}

func pdfPage(jpg []byte, w, h, ptW, ptH int, catalogExtra string, extraObjects []string) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s", len(offsets), body)
		if stream != nil {
			b.WriteString("\nstream\n")
			b.Write(stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R "+catalogExtra+" >>", nil)
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", nil)
	obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>", ptW, ptH), nil)
	obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", w, h, len(jpg)), jpg)
	content := fmt.Sprintf("q %d 0 0 %d 0 0 cm /Im0 Do Q", ptW, ptH)
	obj(fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
	for _, o := range extraObjects {
		obj(o, nil)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// PDFWithJavaScript is a scanned page that also runs a script when opened.
func PDFWithJavaScript() []byte {
	return PDF(JPEG(200, 100, 1), 200, 100, "/OpenAction << /S /JavaScript /JS (app.alert\\('hi'\\)) >>")
}

// HostileNames are file names an attacker or a broken scanner might send.
var HostileNames = []string{
	"../../etc/passwd",
	"..\\..\\windows\\system32\\config",
	"scan\x00.png",
	"line\nbreak\r\tand\x1bescape.png",
	strings.Repeat("a", 1000) + ".png",
	"/absolute/path.png",
	"<script>alert(1)</script>.png",
	"birth=1987 (copy) d'Arcy*; a@b:c \"é\".png", // header specials: quoted or encoded, never lost
}

// WriteNoiseTIFF writes an uncompressed 8-bit grey TIFF of pages pages, each w × h pixels of
// noise from seed, streaming it so that files of hundreds of megabytes cost no memory.
func WriteNoiseTIFF(out io.Writer, pages, w, h int, seed uint64) error {
	bw := bufio.NewWriterSize(out, 1<<20)
	le := binary.LittleEndian
	put := func(v any) { binary.Write(bw, le, v) }
	bw.Write([]byte{'I', 'I', 42, 0})
	pageBytes := int64(w) * int64(h)
	const entries = 8
	ifdSize := int64(2 + entries*12 + 4)
	put(uint32(8 + pageBytes)) // first IFD follows the first page's pixels
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	row := make([]byte, w)
	for p := 0; p < pages; p++ {
		dataAt := int64(8) + int64(p)*(pageBytes+ifdSize)
		for y := 0; y < h; y++ {
			for x := range row {
				row[x] = byte(rng.Uint32())
			}
			bw.Write(row)
		}
		next := uint32(0)
		if p < pages-1 {
			next = uint32(dataAt + pageBytes + ifdSize + pageBytes)
		}
		put(uint16(entries))
		for _, e := range [][3]uint32{
			{256, 4, uint32(w)}, {257, 4, uint32(h)}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
			{273, 4, uint32(dataAt)}, {278, 4, uint32(h)}, {279, 4, uint32(pageBytes)},
		} {
			put(uint16(e[0]))
			put(uint16(e[1]))
			put(uint32(1))
			if e[1] == 3 {
				put(uint16(e[2]))
				put(uint16(0))
			} else {
				put(e[2])
			}
		}
		put(next)
	}
	return bw.Flush()
}

// NoisePNG is a grey PNG of noise, about w × h bytes (noise does not compress).
func NoisePNG(w, h int, seed uint64) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range img.Pix {
		img.Pix[i] = byte(rng.Uint32())
	}
	var b bytes.Buffer
	(&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
	return b.Bytes()
}
