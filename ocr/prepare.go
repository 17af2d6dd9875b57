package ocr

/*
#cgo LDFLAGS: -ltesseract -lleptonica
#include <stdlib.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

// civreg_read decodes page n (0-based; TIFF only) of an image held in memory.
static PIX* civreg_read(const l_uint8* data, size_t len, int tiff, int n) {
	if (tiff) return pixReadMemTiff(data, len, n);
	return pixReadMem(data, len);
}

// civreg_read_file decodes page n (0-based; TIFF only) of an image file: leptonica reads what
// the page needs from the file, not the whole file into memory first.
static PIX* civreg_read_file(const char* path, int tiff, int n) {
	if (tiff) return pixReadTiff(path, n);
	return pixRead(path);
}

// civreg_osd_new loads Tesseract's orientation detector; loading it costs more than using it,
// so a reader keeps its detectors. It judges from 20 characters rather than its default 50:
// right on the same 118 of 120 generated pages, at two thirds of the time.
static TessBaseAPI* civreg_osd_new(void) {
	TessBaseAPI* api = TessBaseAPICreate();
	if (TessBaseAPIInit3(api, NULL, "osd") != 0) { TessBaseAPIDelete(api); return NULL; }
	TessBaseAPISetPageSegMode(api, PSM_OSD_ONLY);
	TessBaseAPISetVariable(api, "min_characters_to_try", "20");
	return api;
}

static void civreg_osd_free(TessBaseAPI* api) {
	TessBaseAPIEnd(api);
	TessBaseAPIDelete(api);
}

// civreg_osd asks the orientation detector how far the page is turned clockwise.
static int civreg_osd(TessBaseAPI* api, PIX* pix, int* deg, float* conf) {
	pixSetResolution(pix, 300, 300); // the detector wants a plausible resolution, whatever the scan said
	TessBaseAPISetImage2(api, pix);
	const char* script = NULL;
	float sconf = 0;
	int ok = TessBaseAPIDetectOrientationScript(api, deg, conf, &script, &sconf);
	TessBaseAPIClear(api);
	return ok ? 0 : 1;
}

// civreg_orient is leptonica's orientation detector (ascenders against descenders of Roman
// text) on the middle of the page's 1-bit copy, frac of its width and of its height: the
// margins hold stamps, borders, a binding's shadow and little text, and cost time.
static int civreg_orient(PIX* bin, float frac, float* upconf, float* leftconf) {
	l_float32 up = 0, left = 0;
	l_int32 w = pixGetWidth(bin), h = pixGetHeight(bin);
	l_int32 cw = (l_int32)(w * frac), ch = (l_int32)(h * frac);
	BOX* box = boxCreate((w - cw) / 2, (h - ch) / 2, cw, ch);
	PIX* mid = pixClipRectangle(bin, box, NULL);
	boxDestroy(&box);
	if (mid == NULL) return 1;
	int bad = pixOrientDetect(mid, &up, &left, 0, 0);
	pixDestroy(&mid);
	*upconf = up; *leftconf = left;
	return bad;
}

// civreg_deskew is leptonica's pixDeskewGeneral with its defaults (sweep at 4× reduction
// over ±7° in 1° steps, then a binary search at 2×; no turn under 0.1° or below confidence
// 3), finding the skew on the 1-bit copy the page already has instead of making another.
static PIX* civreg_deskew(PIX* grey, PIX* bin, float* angle) {
	l_float32 a = 0, conf = 0;
	*angle = 0;
	if (pixFindSkewSweepAndSearch(bin, &a, &conf, 4, 2, 7.0, 1.0, 0.01) != 0) return pixClone(grey);
	*angle = a;
	if (L_ABS(a) < 0.1 || conf < 3.0) return pixClone(grey);
	PIX* d = pixRotate(grey, 3.14159265 / 180.0 * a, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
	return d != NULL ? d : pixClone(grey);
}

// civreg_png_rows writes an 8-bit grey image's rows as PNG's Sub filter makes them: a
// filter byte (1), then each pixel less the one on its left, mostly zero on a scan.
static void civreg_png_rows(PIX* pix, unsigned char* out) {
	l_int32 w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
	l_uint32* data = pixGetData(pix);
	for (l_int32 y = 0; y < h; y++) {
		l_uint32* row = data + wpl * y;
		unsigned char* o = out + (size_t)y * (w + 1);
		unsigned char prev = 0;
		o[0] = 1;
		for (l_int32 x = 0; x < w; x++) {
			unsigned char v = GET_DATA_BYTE(row, x);
			o[x + 1] = v - prev;
			prev = v;
		}
	}
}

#define CIVREG_CROP_BORDER 12

// civreg_crop copies the box [x0, x1) × [y0, y1) of src, scaled, inside a white margin:
// Tesseract finds text touching the image's edge poorly.
static PIX* civreg_crop(PIX* src, l_int32 x0, l_int32 y0, l_int32 x1, l_int32 y1, l_float32 scale) {
	BOX* b = boxCreate(x0, y0, x1 - x0, y1 - y0);
	PIX* c = pixClipRectangle(src, b, NULL);
	boxDestroy(&b);
	if (c == NULL) return NULL;
	if (scale != 1) {
		PIX* s = pixScale(c, scale, scale);
		pixDestroy(&c);
		if (s == NULL) return NULL;
		c = s;
	}
	PIX* d = pixAddBorder(c, CIVREG_CROP_BORDER, pixGetDepth(c) == 8 ? 255 : 0);
	pixDestroy(&c);
	return d;
}

// civreg_specks counts dark pixels (below 128) whose four neighbours are all light: dust
// and salt-and-pepper noise, which strokes of print almost never make.
static l_int32 civreg_specks(PIX* pix) {
	if (pixGetDepth(pix) != 8 || pixGetColormap(pix) != NULL) return -1;
	l_int32 w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix), n = 0;
	l_uint32* data = pixGetData(pix);
	for (l_int32 y = 1; y < h - 1; y++) {
		l_uint32 *up = data + wpl * (y - 1), *row = data + wpl * y, *down = data + wpl * (y + 1);
		for (l_int32 x = 1; x < w - 1; x++) {
			if (GET_DATA_BYTE(row, x) >= 128) continue;
			if (GET_DATA_BYTE(row, x - 1) >= 128 && GET_DATA_BYTE(row, x + 1) >= 128 &&
			    GET_DATA_BYTE(up, x) >= 128 && GET_DATA_BYTE(down, x) >= 128) n++;
		}
	}
	return n;
}

// civreg_median3 is a 3×3 median of an 8-bit grey image, edges repeated. Each column's three
// pixels are sorted once and the median of nine is taken from the three sorted columns
// (median of the lows' max, the middles' median and the highs' min), which is exact and
// several times faster than leptonica's general rank filter.
#define SORT2(a, b) do { if ((a) > (b)) { l_int32 t_ = (a); (a) = (b); (b) = t_; } } while (0)
static l_int32 med3(l_int32 a, l_int32 b, l_int32 c) { SORT2(a, b); SORT2(b, c); SORT2(a, b); return b; }
static PIX* civreg_median3(PIX* src) {
	if (pixGetDepth(src) != 8 || pixGetColormap(src) != NULL) return NULL;
	l_int32 w = pixGetWidth(src), h = pixGetHeight(src);
	PIX* dst = pixCreate(w, h, 8);
	if (dst == NULL || w < 1 || h < 1) return dst;
	pixCopyResolution(dst, src);
	l_uint32 *sd = pixGetData(src), *dd = pixGetData(dst);
	l_int32 swpl = pixGetWpl(src), dwpl = pixGetWpl(dst);
	l_int32 *lo = malloc(sizeof(l_int32) * 3 * (w + 2));
	if (lo == NULL) { pixDestroy(&dst); return NULL; }
	l_int32 *mid = lo + (w + 2), *hi = mid + (w + 2);
	for (l_int32 y = 0; y < h; y++) {
		l_uint32 *a = sd + swpl * (y > 0 ? y - 1 : 0), *b = sd + swpl * y, *c = sd + swpl * (y < h - 1 ? y + 1 : y);
		for (l_int32 x = -1; x <= w; x++) {
			l_int32 xx = x < 0 ? 0 : (x >= w ? w - 1 : x);
			l_int32 p = GET_DATA_BYTE(a, xx), q = GET_DATA_BYTE(b, xx), r = GET_DATA_BYTE(c, xx);
			SORT2(p, q); SORT2(q, r); SORT2(p, q);
			lo[x + 1] = p; mid[x + 1] = q; hi[x + 1] = r;
		}
		l_uint32 *d = dd + dwpl * y;
		for (l_int32 x = 0; x < w; x++) {
			l_int32 l = lo[x], m = lo[x + 1], n = lo[x + 2];
			l_int32 maxlo = l > m ? (l > n ? l : n) : (m > n ? m : n);
			l = hi[x]; m = hi[x + 1]; n = hi[x + 2];
			l_int32 minhi = l < m ? (l < n ? l : n) : (m < n ? m : n);
			l_int32 v = med3(maxlo, med3(mid[x], mid[x + 1], mid[x + 2]), minhi);
			SET_DATA_BYTE(d, x, v);
		}
	}
	free(lo);
	return dst;
}
*/
import "C"

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"unsafe"
)

// pix owns a leptonica image, and the 1-bit copy of it once one is made: finding ink,
// orientation and skew all work on it, and making it costs as much as the first two.
type pix struct{ p, bin *C.PIX }

func (x *pix) free() {
	if x != nil && x.p != nil {
		C.pixDestroy(&x.p)
	}
	if x != nil && x.bin != nil {
		C.pixDestroy(&x.bin)
	}
}

// binary is the 1-bit copy (dark below 128), made once.
func (x *pix) binary() *C.PIX {
	if x.bin == nil {
		x.bin = C.pixConvertTo1(x.p, 128)
	}
	return x.bin
}

func (x *pix) size() (int, int) { return int(C.pixGetWidth(x.p)), int(C.pixGetHeight(x.p)) }

var errDecode = errors.New("the page image cannot be decoded")

// decode reads page n (0-based) of an image file held in memory.
func decode(data []byte, tiff bool, n int) (*pix, error) {
	if len(data) == 0 {
		return nil, errDecode
	}
	t := C.int(0)
	if tiff {
		t = 1
	}
	return grey(C.civreg_read((*C.l_uint8)(unsafe.Pointer(&data[0])), C.size_t(len(data)), t, C.int(n)))
}

// decodeFile reads page n (0-based) of the image file at path.
func decodeFile(path string, tiff bool, n int) (*pix, error) {
	t := C.int(0)
	if tiff {
		t = 1
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	return grey(C.civreg_read_file(cpath, t, C.int(n)))
}

// grey turns a decoded page into the 8-bit grey image the rest works on, freeing p.
func grey(p *C.PIX) (*pix, error) {
	if p == nil {
		return nil, errDecode
	}
	// Colour and 1-bit scans alike become 8-bit grey: what OCR and the review screen need.
	g := C.pixConvertTo8(p, 0)
	C.pixDestroy(&p)
	if g == nil {
		return nil, errDecode
	}
	return &pix{p: g}, nil
}

// orientMiddle is the share of the page's width and height the quick detector looks at.
const orientMiddle = 0.75

// detector is a loaded orientation detector; one page at a time.
type detector struct{ api *C.TessBaseAPI }

func newDetector() (*detector, error) {
	api := C.civreg_osd_new()
	if api == nil {
		return nil, fmt.Errorf("ocr: Tesseract's orientation data (osd.traineddata, package tesseract-ocr-osd) cannot be loaded")
	}
	return &detector{api}, nil
}

func (d *detector) close() { C.civreg_osd_free(d.api) }

// orientation returns how many degrees clockwise the page is turned (0, 90, 180, 270); ok is
// false when the page has too little text to tell.
func (d *detector) orientation(x *pix) (deg int, ok bool) {
	var dg C.int
	var c C.float
	if C.civreg_osd(d.api, x.p, &dg, &c) != 0 {
		return 0, false
	}
	return int(dg), true
}

// quickOrientation is leptonica's answer: the likeliest way the page is turned (degrees
// clockwise). Its confidences are signed: up-down positive for upright text, left-right
// positive for text turned a quarter anticlockwise. Sure means one
// confidence is at least 6 and half again the other: about 60% of generated pages, right on
// 439 of 441 (both wrong ones a sideways page taken for upright, which the reading then
// catches: sideways text reads as tall words). When it is not sure, upright is likeliest while
// the up-down confidence is positive, unless the left-right one is at least 3 and twice as
// strong (its confidence leans negative on upright pages); else the stronger confidence's
// way: right on 67 of 79 unsure pages, where Tesseract's detector, at ten times the cost, was
// right on 76. A wrong first way costs one reading, which then goes to Tesseract's detector.
//
// It looks at the middle of the page only (orientMiddle of its width and height, 56% of its
// area): on 130 generated pages (seeds 4040-4042, certificates and registers) that was right
// on 122 against 115 for the whole page and sure of 84 against 78, never wrongly, in 55% of
// the time; half the width and height was quicker but sure of half as many.
func (x *pix) quickOrientation() (deg int, sure bool) {
	var u, l C.float
	if b := x.binary(); b == nil || C.civreg_orient(b, orientMiddle, &u, &l) != 0 {
		return 0, false
	}
	up, left := float64(u), float64(l)
	lean := 90
	switch {
	case math.Abs(up) >= math.Abs(left) && up >= 0:
		lean = 0
	case math.Abs(up) >= math.Abs(left):
		lean = 180
	case left > 0:
		lean = 270
	}
	sure = math.Abs(up) >= 6 && math.Abs(up) >= 1.5*math.Abs(left)
	if lean == 90 || lean == 270 {
		sure = math.Abs(left) >= 6 && math.Abs(left) >= 1.5*math.Abs(up)
	}
	if !sure && up > 0 && !(math.Abs(left) >= 3 && math.Abs(left) >= 2*up) {
		lean = 0
	}
	return lean, sure
}

// turn rotates by quarter turns clockwise, with its 1-bit copy when it has one.
func (x *pix) turn(quads int) *pix {
	t := &pix{}
	if quads%4 == 0 {
		t.p = C.pixClone(x.p)
		if x.bin != nil {
			t.bin = C.pixClone(x.bin)
		}
		return t
	}
	t.p = C.pixRotateOrth(x.p, C.l_int32(quads%4))
	if x.bin != nil {
		t.bin = C.pixRotateOrth(x.bin, C.l_int32(quads%4))
	}
	return t
}

// deskew straightens a skew of up to 7 degrees, returning the new image and the angle found.
func (x *pix) deskew() (*pix, float64) {
	var angle C.float
	b := x.binary()
	if b == nil {
		return &pix{p: C.pixClone(x.p)}, 0
	}
	return &pix{p: C.civreg_deskew(x.p, b, &angle)}, float64(angle)
}

// crop copies box (x0, y0, x1, y1), two pixels wider each way within the image (word boxes
// are tight to the ink, and Tesseract needs a glyph's soft edge), enlarged by scale, in a
// white margin.
// cropMargin is how much wider crop copies a box each way; cropBorder the white border
// civreg_crop puts round it, in the enlarged crop's pixels.
const (
	cropMargin = 2
	cropBorder = C.CIVREG_CROP_BORDER
)

func (x *pix) crop(box [4]int, scale float64) *pix {
	w, h := x.size()
	x0, y0, x1, y1 := max(box[0]-cropMargin, 0), max(box[1]-cropMargin, 0), min(box[2]+cropMargin, w), min(box[3]+cropMargin, h)
	return &pix{p: C.civreg_crop(x.p, C.l_int32(x0), C.l_int32(y0), C.l_int32(x1), C.l_int32(y1), C.l_float32(scale))}
}

// scale resizes by factor.
func (x *pix) scale(f float64) *pix {
	if f == 1 {
		return &pix{p: C.pixClone(x.p)}
	}
	return &pix{p: C.pixScale(x.p, C.l_float32(f), C.l_float32(f))}
}

// png encodes as PNG: 8-bit grey, each row Sub-filtered, deflated at zlib's fastest level.
// The page image is written once per page read; leptonica's writer (libpng choosing among
// all five filters for every row) took twice as long and wrote files a tenth larger.
func (x *pix) png() ([]byte, error) {
	if C.pixGetDepth(x.p) != 8 || C.pixGetColormap(x.p) != nil {
		return nil, fmt.Errorf("ocr: encode page image: not 8-bit grey")
	}
	w, h := x.size()
	rows := make([]byte, (w+1)*h)
	C.civreg_png_rows(x.p, (*C.uchar)(unsafe.Pointer(&rows[0])))
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bits a pixel; colour type 0 (grey), deflate, adaptive filtering, no interlace
	pngChunk(&out, "IHDR", ihdr[:])
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	z.Write(rows)
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("ocr: encode page image: %w", err)
	}
	pngChunk(&out, "IDAT", idat.Bytes())
	pngChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// pngChunk writes one PNG chunk: length, type, data, CRC of type and data.
func pngChunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	out.WriteString(typ)
	out.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}

// at is the grey value of one pixel.
func (x *pix) at(px, py int) int {
	var v C.l_uint32
	C.pixGetPixel(x.p, C.l_int32(px), C.l_int32(py), &v)
	return int(v)
}

// inkFraction is the share of dark pixels, to tell blank pages.
func (x *pix) inkFraction() float64 {
	var count C.l_int32
	b := x.binary()
	if b == nil {
		return 0
	}
	C.pixCountPixels(b, &count, nil)
	w, h := x.size()
	return float64(count) / float64(w*h)
}

// speckle is the share of the page's pixels that are specks (civreg_specks); -1 when the image
// is not plain 8-bit grey.
func (x *pix) speckle() float64 {
	n := C.civreg_specks(x.p)
	if n < 0 {
		return -1
	}
	w, h := x.size()
	return float64(n) / float64(w*h)
}

// despeckle takes out salt-and-pepper noise (dust, a dirty scanner glass) with a 3×3 median.
func (x *pix) despeckle() *pix {
	if m := C.civreg_median3(x.p); m != nil {
		return &pix{p: m}
	}
	return x.rankMedian()
}

// rankMedian is leptonica's own 3×3 median: the reference the fast one is tested against.
func (x *pix) rankMedian() *pix { return &pix{p: C.pixMedianFilter(x.p, 3, 3)} }

// sameInside says whether two images of one size agree on every pixel at least one pixel in
// from the edges (where medians may treat the border differently).
func sameInside(a, b *pix) bool {
	w, h := a.size()
	box := C.boxCreate(1, 1, C.l_int32(w-2), C.l_int32(h-2))
	defer C.boxDestroy(&box)
	ca, cb := C.pixClipRectangle(a.p, box, nil), C.pixClipRectangle(b.p, box, nil)
	defer C.pixDestroy(&ca)
	defer C.pixDestroy(&cb)
	var same C.l_int32
	C.pixEqual(ca, cb, &same)
	return same == 1
}
