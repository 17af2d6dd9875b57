package pdfa

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	_ "image/jpeg" // decoders for the pages that must be re-encoded losslessly
	"image/png"
	"math/bits"

	"civreg"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/image/tiff"
)

// pageImage is one scanned page ready to be placed in the archive: its image XObject's
// dictionary (without Length), the stream's bytes, its size in pixels and its resolution.
type pageImage struct {
	dict   types.Dict
	data   []byte
	width  int
	height int
	dpi    float64
	how    string // how the page was embedded, for the record's history
}

// defaultDPI is assumed when a scan does not say its resolution: what registry scanners use.
const defaultDPI = 300

// pdfs holds each PDF scan read once, by its first byte, for archives of many of its pages.
type pdfs map[*byte]*model.Context

// embedImage takes page (1-based) of a scan. JPEG, PNG and CCITT G4 TIFF pages go in as
// they are, compressed bytes untouched; everything else is decoded and stored losslessly.
// read keeps PDF scans already read (nil: read each time).
func embedImage(ctx context.Context, scan []byte, mediaType string, page int, read pdfs) (*pageImage, error) {
	switch mediaType {
	case "image/jpeg":
		if img, ok := jpegAsIs(scan); ok {
			return img, nil
		}
	case "image/png":
		if img, ok := pngAsIs(scan); ok {
			return img, nil
		}
	case "image/tiff":
		return tiffPage(scan, page)
	case "application/pdf":
		if len(scan) == 0 {
			return nil, civreg.Errorf(civreg.EINVALID, "the PDF scan is empty")
		}
		doc, seen := read[&scan[0]]
		if !seen {
			doc = readPDF(scan)
			if read != nil {
				read[&scan[0]] = doc
			}
		}
		if img, ok := pdfImageAsIs(doc, page); ok {
			return img, nil
		}
		return pdfPage(ctx, scan, page)
	default:
		return nil, civreg.Errorf(civreg.EUNSUPPORTED, "a %s scan cannot be archived", mediaType)
	}
	img, _, err := image.Decode(bytes.NewReader(scan))
	if err != nil {
		return nil, civreg.Errorf(civreg.EINVALID, "the scan cannot be decoded for its archive copy: %v", err)
	}
	dpi := imageDPI(scan, mediaType)
	return lossless(img, dpi, "decoded and stored losslessly (Flate)"), nil
}

// jpegAsIs embeds a baseline or progressive 8-bit grey or colour JPEG without recompressing.
// CMYK and 12-bit JPEGs are left to the lossless path: a CMYK page cannot sit under an sRGB
// output intent.
func jpegAsIs(b []byte) (*pageImage, bool) {
	w, h, comps, prec, ok := jpegFrame(b)
	if !ok || prec != 8 || (comps != 1 && comps != 3) {
		return nil, false
	}
	cs := types.Name("DeviceGray")
	if comps == 3 {
		cs = "DeviceRGB"
	}
	return &pageImage{
		dict: types.Dict{"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
			"Width": types.Integer(w), "Height": types.Integer(h), "ColorSpace": cs,
			"BitsPerComponent": types.Integer(8), "Filter": types.Name("DCTDecode")},
		data: b, width: w, height: h, dpi: jpegDPI(b), how: "JPEG embedded as scanned",
	}, true
}

// jpegFrame reads the frame header: size, components and sample precision.
func jpegFrame(b []byte) (w, h, comps, prec int, ok bool) {
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return
		}
		m := b[i+1]
		if m == 0xff {
			i++
			continue
		}
		if m == 0xd8 || (m >= 0xd0 && m <= 0xd7) || m == 0x01 {
			i += 2
			continue
		}
		l := int(binary.BigEndian.Uint16(b[i+2:]))
		if m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc {
			if i+10 > len(b) {
				return
			}
			return int(binary.BigEndian.Uint16(b[i+7:])), int(binary.BigEndian.Uint16(b[i+5:])), int(b[i+9]), int(b[i+4]), true
		}
		i += 2 + l
	}
	return
}

// jpegDPI reads the JFIF density, if the JPEG has one in dots per inch or centimetre.
func jpegDPI(b []byte) float64 {
	if len(b) > 18 && b[2] == 0xff && b[3] == 0xe0 && string(b[6:11]) == "JFIF\x00" {
		d := float64(binary.BigEndian.Uint16(b[14:]))
		switch b[13] {
		case 1:
			if d > 0 {
				return d
			}
		case 2:
			if d > 0 {
				return d * 2.54
			}
		}
	}
	return defaultDPI
}

// pngAsIs embeds a PNG's compressed image data as it is: PDF's Flate filter with the PNG
// predictors reads IDAT directly. Interlaced PNGs and PNGs with transparency are left to the
// lossless path (PDF/A's transparency rules make an alpha channel not worth carrying).
func pngAsIs(b []byte) (*pageImage, bool) {
	if len(b) < 33 || string(b[:8]) != "\x89PNG\r\n\x1a\n" {
		return nil, false
	}
	var w, h, depth, ctype int
	var idat, plte []byte
	dpi := float64(defaultDPI)
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || i+12+n > len(b) {
			return nil, false
		}
		kind, body := string(b[i+4:i+8]), b[i+8:i+8+n]
		if crc32.ChecksumIEEE(b[i+4:i+8+n]) != binary.BigEndian.Uint32(b[i+8+n:]) {
			return nil, false
		}
		switch kind {
		case "IHDR":
			if n < 13 || body[12] != 0 { // interlaced
				return nil, false
			}
			w, h = int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
			depth, ctype = int(body[8]), int(body[9])
		case "PLTE":
			plte = body
		case "tRNS":
			return nil, false
		case "pHYs":
			if n >= 9 && body[8] == 1 {
				if ppm := binary.BigEndian.Uint32(body); ppm > 0 {
					dpi = float64(ppm) * 0.0254
				}
			}
		case "IDAT":
			idat = append(idat, body...)
		case "IEND":
			i = len(b)
			continue
		}
		i += 12 + n
	}
	var cs types.Object
	colors := 1
	switch ctype {
	case 0:
		cs = types.Name("DeviceGray")
	case 2:
		cs, colors = types.Name("DeviceRGB"), 3
	case 3:
		if len(plte) == 0 || len(plte)%3 != 0 {
			return nil, false
		}
		cs = types.Array{types.Name("Indexed"), types.Name("DeviceRGB"), types.Integer(len(plte)/3 - 1), types.NewHexLiteral(plte)}
	default: // grey or colour with alpha
		return nil, false
	}
	if w == 0 || h == 0 || len(idat) == 0 {
		return nil, false
	}
	return &pageImage{
		dict: types.Dict{"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
			"Width": types.Integer(w), "Height": types.Integer(h), "ColorSpace": cs,
			"BitsPerComponent": types.Integer(depth), "Filter": types.Name("FlateDecode"),
			"DecodeParms": types.Dict{"Predictor": types.Integer(15), "Colors": types.Integer(colors),
				"BitsPerComponent": types.Integer(depth), "Columns": types.Integer(w)}},
		data: idat, width: w, height: h, dpi: dpi, how: "PNG image data embedded as scanned",
	}, true
}

// tiffPage embeds page n of a TIFF: a single-strip CCITT Group 4 page goes in as it is;
// any other page is decoded and stored losslessly.
func tiffPage(b []byte, n int) (*pageImage, error) {
	ifd, err := tiffIFD(b, n)
	if err != nil {
		return nil, err
	}
	if ifd.compression == 4 && len(ifd.strips) == 1 && ifd.bps == 1 {
		data := b[ifd.strips[0][0] : ifd.strips[0][0]+ifd.strips[0][1]]
		if ifd.fillOrder == 2 { // least significant bit first: PDF reads most significant first
			data = bytes.Clone(data)
			for i := range data {
				data[i] = bits.Reverse8(data[i])
			}
		}
		parms := types.Dict{"K": types.Integer(-1), "Columns": types.Integer(ifd.width), "Rows": types.Integer(ifd.height)}
		d := types.Dict{"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
			"Width": types.Integer(ifd.width), "Height": types.Integer(ifd.height), "ColorSpace": types.Name("DeviceGray"),
			"BitsPerComponent": types.Integer(1), "Filter": types.Name("CCITTFaxDecode"), "DecodeParms": parms}
		if ifd.photometric == 1 { // BlackIsZero: the decoded bits are inverted
			d["Decode"] = types.Array{types.Integer(1), types.Integer(0)}
		}
		return &pageImage{dict: d, data: data, width: ifd.width, height: ifd.height, dpi: ifd.dpi, how: "CCITT G4 embedded as scanned"}, nil
	}
	if img, ok := tiffAsIs(b, ifd); ok {
		return img, nil
	}
	img, err := decodeTIFFPage(b, ifd)
	if err != nil {
		return nil, civreg.Errorf(civreg.EINVALID, "page %d of the TIFF cannot be decoded for its archive copy: %v", n, err)
	}
	return lossless(img, ifd.dpi, "TIFF page decoded and stored losslessly (Flate)"), nil
}

// tiffAsIs embeds a single-strip grey or RGB TIFF page without decoding it: Deflate data
// goes in as it is (PDF's Flate filter reads it, TIFF's horizontal predictor included), and
// uncompressed data is compressed with Flate.
func tiffAsIs(b []byte, d *tiffDir) (*pageImage, bool) {
	if len(d.strips) != 1 || d.planar != 1 || d.extraSamples || (d.bps != 8 && d.bps != 1) || d.fillOrder != 1 {
		return nil, false
	}
	var cs types.Name
	switch {
	case (d.photometric == 0 || d.photometric == 1) && d.samples == 1:
		cs = "DeviceGray"
	case d.photometric == 2 && d.samples == 3 && d.bps == 8:
		cs = "DeviceRGB"
	default:
		return nil, false
	}
	if d.predictor != 1 && d.predictor != 2 {
		return nil, false
	}
	data := b[d.strips[0][0] : d.strips[0][0]+d.strips[0][1]]
	how := "TIFF Deflate data embedded as scanned"
	switch d.compression {
	case 8, 32946: // Deflate
	case 1: // uncompressed
		if d.predictor != 1 || len(data) < (d.width*d.samples*d.bps+7)/8*d.height {
			return nil, false
		}
		data = deflateFast(data)
		how = "uncompressed TIFF stored with Flate"
	default:
		return nil, false
	}
	dict := types.Dict{"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
		"Width": types.Integer(d.width), "Height": types.Integer(d.height), "ColorSpace": cs,
		"BitsPerComponent": types.Integer(d.bps), "Filter": types.Name("FlateDecode")}
	if d.predictor == 2 {
		dict["DecodeParms"] = types.Dict{"Predictor": types.Integer(2), "Colors": types.Integer(d.samples),
			"BitsPerComponent": types.Integer(d.bps), "Columns": types.Integer(d.width)}
	}
	if d.photometric == 0 { // WhiteIsZero
		dict["Decode"] = types.Array{types.Integer(1), types.Integer(0)}
	}
	return &pageImage{dict: dict, data: data, width: d.width, height: d.height, dpi: d.dpi, how: how}, true
}

// decodeTIFFPage decodes one page of a multi-page TIFF: x/image/tiff reads only the first
// IFD, so the file is given to it with its first-IFD pointer aimed at the page wanted.
func decodeTIFFPage(b []byte, ifd *tiffDir) (image.Image, error) {
	c := bytes.Clone(b)
	bo := tiffOrder(c)
	bo.PutUint32(c[4:], uint32(ifd.offset))
	return tiff.Decode(bytes.NewReader(c))
}

type tiffDir struct {
	offset                          int64
	width, height, bps, compression int
	photometric, fillOrder          int
	samples, predictor, planar      int
	extraSamples                    bool
	strips                          [][2]int // offset, length
	dpi                             float64
}

func tiffOrder(b []byte) binary.ByteOrder {
	if b[0] == 'M' {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// tiffIFD finds page n (1-based) of a TIFF and reads the tags needed to embed it.
func tiffIFD(b []byte, n int) (*tiffDir, error) {
	bad := civreg.Errorf(civreg.EINVALID, "the TIFF file is corrupt: page %d cannot be found", n)
	if len(b) < 8 {
		return nil, bad
	}
	bo := tiffOrder(b)
	off := int64(bo.Uint32(b[4:]))
	for i := 1; i < n; i++ {
		if off <= 0 || off+2 > int64(len(b)) {
			return nil, bad
		}
		cnt := int64(bo.Uint16(b[off:]))
		if off+2+cnt*12+4 > int64(len(b)) {
			return nil, bad
		}
		off = int64(bo.Uint32(b[off+2+cnt*12:]))
	}
	if off <= 0 || off+2 > int64(len(b)) {
		return nil, bad
	}
	cnt := int64(bo.Uint16(b[off:]))
	if off+2+cnt*12 > int64(len(b)) {
		return nil, bad
	}
	d, offsets, counts := readTIFFTags(b, bo, off, cnt)
	if len(offsets) != len(counts) || d.width <= 0 || d.height <= 0 {
		return nil, bad
	}
	for i := range offsets {
		if offsets[i]+counts[i] > int64(len(b)) {
			return nil, civreg.Errorf(civreg.EINVALID, "the TIFF file is truncated: page %d's image data runs past its end", n)
		}
		d.strips = append(d.strips, [2]int{int(offsets[i]), int(counts[i])})
	}
	return d, nil
}

// readTIFFTags reads the cnt entries of the directory at off, with the strips' offsets and
// byte counts.
func readTIFFTags(b []byte, bo binary.ByteOrder, off, cnt int64) (d *tiffDir, offsets, counts []int64) {
	d = &tiffDir{offset: off, bps: 1, compression: 1, fillOrder: 1, samples: 1, predictor: 1, planar: 1, dpi: defaultDPI}
	unit := int64(2)
	xres := int64(0)
	ints := map[uint16]*int{256: &d.width, 257: &d.height, 258: &d.bps, 259: &d.compression, 262: &d.photometric,
		266: &d.fillOrder, 277: &d.samples, 284: &d.planar, 317: &d.predictor}
	for i := int64(0); i < cnt; i++ {
		e := b[off+2+i*12 : off+14+i*12]
		v := tiffValues(b, bo, e)
		if len(v) == 0 {
			continue
		}
		tag := bo.Uint16(e)
		if p := ints[tag]; p != nil {
			*p = int(v[0])
			continue
		}
		switch tag {
		case 273:
			offsets = v
		case 279:
			counts = v
		case 338:
			d.extraSamples = true
		case 282:
			xres = v[0]
		case 296:
			unit = v[0]
		}
	}
	if xres > 0 {
		switch unit {
		case 2:
			d.dpi = float64(xres) / 1000
		case 3:
			d.dpi = float64(xres) / 1000 * 2.54
		}
	}
	return d, offsets, counts
}

// tiffValues reads one directory entry's values: SHORT, LONG, or RATIONAL (as thousandths).
func tiffValues(b []byte, bo binary.ByteOrder, e []byte) []int64 {
	typ, count := bo.Uint16(e[2:]), int64(bo.Uint32(e[4:]))
	size := map[uint16]int64{3: 2, 4: 4, 5: 8}[typ]
	if size == 0 || count > 1<<20 {
		return nil
	}
	data := e[8:12]
	if size*count > 4 {
		p := int64(bo.Uint32(e[8:]))
		if p < 0 || p+size*count > int64(len(b)) {
			return nil
		}
		data = b[p : p+size*count]
	}
	out := make([]int64, 0, count)
	for i := int64(0); i < count; i++ {
		switch typ {
		case 3:
			out = append(out, int64(bo.Uint16(data[i*2:])))
		case 4:
			out = append(out, int64(bo.Uint32(data[i*4:])))
		case 5:
			num, den := int64(bo.Uint32(data[i*8:])), int64(bo.Uint32(data[i*8+4:]))
			if den == 0 {
				den = 1
			}
			out = append(out, num*1000/den)
		}
	}
	return out
}

// pdfPage renders page n of a scanned PDF at 300 dpi in colour with poppler and keeps it
// losslessly. (Taking each PDF page's own image out as it is would keep the archive smaller;
// see the README.)
func pdfPage(ctx context.Context, pdf []byte, n int) (*pageImage, error) {
	b, err := RenderPDFPage(ctx, pdf, n, false)
	var refused *PageRenderError
	if errors.As(err, &refused) {
		return nil, civreg.Errorf(civreg.EINVALID, "%v", refused)
	} else if err != nil {
		return nil, civreg.Errorf(civreg.EINTERNAL, "pdftoppm (poppler-utils) is needed to archive PDF scans: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, civreg.Errorf(civreg.EINTERNAL, "rendering page %d of the PDF: %v", n, err)
	}
	return lossless(img, 300, "PDF page rendered at 300 dpi and stored losslessly (Flate)"), nil
}

// imageDPI is the resolution a decoded scan says it has.
func imageDPI(b []byte, mediaType string) float64 {
	if mediaType == "image/jpeg" {
		return jpegDPI(b)
	}
	return defaultDPI
}

// lossless stores a decoded page with Flate: bitonal pages at one bit per pixel, grey pages
// as grey, colour as RGB; transparency is flattened onto white paper.
func lossless(img image.Image, dpi float64, how string) *pageImage {
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	grey, colour := pixels(img)
	bitonal := grey != nil
	for _, v := range grey {
		if v != 0 && v != 255 {
			bitonal = false
			break
		}
	}
	var raw []byte
	cs, bpc := types.Name("DeviceRGB"), 8
	switch {
	case bitonal:
		cs, bpc = "DeviceGray", 1
		stride := (w + 7) / 8
		raw = make([]byte, stride*h)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				if grey[y*w+x] == 255 {
					raw[y*stride+x/8] |= 0x80 >> (x % 8)
				}
			}
		}
	case grey != nil:
		cs, raw = "DeviceGray", grey
	default:
		raw = colour
	}
	return &pageImage{
		dict: types.Dict{"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
			"Width": types.Integer(w), "Height": types.Integer(h), "ColorSpace": cs,
			"BitsPerComponent": types.Integer(bpc), "Filter": types.Name("FlateDecode")},
		data: deflateFast(raw), width: w, height: h, dpi: dpi, how: how,
	}
}

// pixels returns the image as 8-bit grey samples when every pixel is grey, or else as RGB
// samples, on white paper. Common image types are read directly, the rest pixel by pixel.
func pixels(img image.Image) (grey, rgb []byte) {
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	if g, ok := img.(*image.Gray); ok {
		grey = make([]byte, 0, w*h)
		for y := 0; y < h; y++ {
			grey = append(grey, g.Pix[y*g.Stride:y*g.Stride+w]...)
		}
		return grey, nil
	}
	rgb = make([]byte, 0, w*h*3)
	isGrey := true
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := onWhite(img.At(x, y))
			rgb = append(rgb, c.R, c.G, c.B)
			isGrey = isGrey && c.R == c.G && c.G == c.B
		}
	}
	if !isGrey {
		return nil, rgb
	}
	grey = make([]byte, w*h)
	for i := range grey {
		grey[i] = rgb[i*3]
	}
	return grey, nil
}

// deflateFast compresses page images at zlib's default level: best compression took as long
// as the OCR of the page and saved a few per cent.
func deflateFast(b []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	return z.Bytes()
}

// onWhite is a pixel as printed on white paper.
func onWhite(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	blend := func(v uint32) uint8 { return uint8((v + (0xffff - a)) >> 8) }
	return color.RGBA{blend(r), blend(g), blend(b), 255}
}
