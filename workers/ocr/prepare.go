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

// civreg_osd asks Tesseract's orientation detector how far the page is turned clockwise.
static int civreg_osd(PIX* pix, int* deg, float* conf) {
	TessBaseAPI* api = TessBaseAPICreate();
	if (TessBaseAPIInit3(api, NULL, "osd") != 0) { TessBaseAPIDelete(api); return -1; }
	TessBaseAPISetPageSegMode(api, PSM_OSD_ONLY);
	pixSetResolution(pix, 300, 300); // the detector wants a plausible resolution, whatever the scan said
	TessBaseAPISetImage2(api, pix);
	const char* script = NULL;
	float sconf = 0;
	int ok = TessBaseAPIDetectOrientationScript(api, deg, conf, &script, &sconf);
	TessBaseAPIEnd(api);
	TessBaseAPIDelete(api);
	return ok ? 0 : 1;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// pix owns a leptonica image.
type pix struct{ p *C.PIX }

func (x *pix) free() {
	if x != nil && x.p != nil {
		C.pixDestroy(&x.p)
	}
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
	p := C.civreg_read((*C.l_uint8)(unsafe.Pointer(&data[0])), C.size_t(len(data)), t, C.int(n))
	if p == nil {
		return nil, errDecode
	}
	// Colour and 1-bit scans alike become 8-bit grey: what OCR and the review screen need.
	g := C.pixConvertTo8(p, 0)
	C.pixDestroy(&p)
	if g == nil {
		return nil, errDecode
	}
	return &pix{g}, nil
}

// orientation returns how many degrees clockwise the page is turned (0, 90, 180, 270) and the
// detector's confidence; ok is false when the page has too little text to tell.
func (x *pix) orientation() (deg int, conf float64, ok bool) {
	var d C.int
	var c C.float
	if C.civreg_osd(x.p, &d, &c) != 0 {
		return 0, 0, false
	}
	return int(d), float64(c), true
}

// turn rotates by quarter turns clockwise.
func (x *pix) turn(quads int) *pix {
	if quads%4 == 0 {
		return &pix{C.pixClone(x.p)}
	}
	return &pix{C.pixRotateOrth(x.p, C.l_int32(quads%4))}
}

// deskew straightens a skew of up to 7 degrees, returning the new image and the angle found.
func (x *pix) deskew() (*pix, float64) {
	var angle, conf C.l_float32
	d := C.pixDeskewGeneral(x.p, 0, 7.0, 0.0, 0, 0, &angle, &conf)
	if d == nil {
		return &pix{C.pixClone(x.p)}, 0
	}
	return &pix{d}, float64(angle)
}

// scale resizes by factor.
func (x *pix) scale(f float64) *pix {
	if f == 1 {
		return &pix{C.pixClone(x.p)}
	}
	return &pix{C.pixScale(x.p, C.l_float32(f), C.l_float32(f))}
}

// png encodes as PNG.
func (x *pix) png() ([]byte, error) {
	var data *C.l_uint8
	var size C.size_t
	// The fastest zlib level: the page image is written once per page read, and level 6
	// took as long as a third of the OCR.
	C.pixSetZlibCompression(x.p, 1)
	if C.pixWriteMemPng(&data, &size, x.p, 0) != 0 {
		return nil, fmt.Errorf("ocr: encode page image")
	}
	defer C.free(unsafe.Pointer(data))
	return C.GoBytes(unsafe.Pointer(data), C.int(size)), nil
}

// inkFraction is the share of dark pixels, to tell blank pages.
func (x *pix) inkFraction() float64 {
	var count C.l_int32
	b := C.pixConvertTo1(x.p, 128)
	if b == nil {
		return 0
	}
	defer C.pixDestroy(&b)
	C.pixCountPixels(b, &count, nil)
	w, h := x.size()
	return float64(count) / float64(w*h)
}

// despeckle takes out salt-and-pepper noise (dust, a dirty scanner glass) with a 3×3 median.
func (x *pix) despeckle() *pix {
	return &pix{C.pixMedianFilter(x.p, 3, 3)}
}

// bmp encodes as BMP: uncompressed and written a row at a time, the cheapest way to hand a
// page to Tesseract through gosseract (PNG's compression and PNM's byte-wise I/O cost more).
func (x *pix) bmp() ([]byte, error) {
	var data *C.l_uint8
	var size C.size_t
	if C.pixWriteMemBmp(&data, &size, x.p) != 0 {
		return nil, fmt.Errorf("ocr: encode page image")
	}
	defer C.free(unsafe.Pointer(data))
	return C.GoBytes(unsafe.Pointer(data), C.int(size)), nil
}
