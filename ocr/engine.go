package ocr

/*
#cgo LDFLAGS: -ltesseract -lleptonica
#include <stdlib.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

// civreg_word is one word Tesseract read, with its place in the page's blocks, paragraphs
// and lines (each numbered from 1; lines within their paragraph).
typedef struct {
	char* text;
	float conf;
	int x0, y0, x1, y1;
	int block, par, line;
} civreg_word;

// civreg_engine_new loads Tesseract's English model from datapath (NULL: Tesseract's own
// tessdata folder). Pages are read at 300 dpi whatever the scan's header says: small scans
// are enlarged to about that size before reading.
static TessBaseAPI* civreg_engine_new(const char* datapath) {
	TessBaseAPI* api = TessBaseAPICreate();
	if (TessBaseAPIInit3(api, datapath, "eng") != 0) { TessBaseAPIDelete(api); return NULL; }
	TessBaseAPISetVariable(api, "user_defined_dpi", "300");
	// Tesseract's diagnostics ("Detected 9 diacritics", statistics of an empty line) would
	// interleave with the worker's log.
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	return api;
}

static void civreg_engine_free(TessBaseAPI* api) {
	TessBaseAPIEnd(api);
	TessBaseAPIDelete(api);
}

// civreg_recognise reads pix with page segmentation mode psm and returns its words (n of
// them; free with civreg_words_free). It returns -1 when Tesseract fails.
static int civreg_recognise(TessBaseAPI* api, PIX* pix, int psm, civreg_word** out, int* n) {
	*out = NULL; *n = 0;
	TessBaseAPISetPageSegMode(api, psm);
	TessBaseAPISetImage2(api, pix);
	if (TessBaseAPIRecognize(api, NULL) != 0) { TessBaseAPIClear(api); return -1; }
	TessResultIterator* it = TessBaseAPIGetIterator(api);
	if (it == NULL) { TessBaseAPIClear(api); return 0; }
	TessPageIterator* pi = TessResultIteratorGetPageIterator(it);
	int cap = 256, block = 0, par = 0, line = 0;
	civreg_word* w = malloc(cap * sizeof(civreg_word));
	do {
		char* text = TessResultIteratorGetUTF8Text(it, RIL_WORD);
		if (text == NULL) continue;
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_BLOCK)) { block++; par = 0; line = 0; }
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_PARA)) { par++; line = 0; }
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE)) line++;
		if (*n == cap) { cap *= 2; w = realloc(w, cap * sizeof(civreg_word)); }
		civreg_word* c = &w[(*n)++];
		c->text = text;
		c->conf = TessResultIteratorConfidence(it, RIL_WORD);
		TessPageIteratorBoundingBox(pi, RIL_WORD, &c->x0, &c->y0, &c->x1, &c->y1);
		c->block = block; c->par = par; c->line = line;
	} while (TessResultIteratorNext(it, RIL_WORD));
	TessResultIteratorDelete(it);
	TessBaseAPIClear(api);
	*out = w;
	return 0;
}

static void civreg_words_free(civreg_word* w, int n) {
	for (int i = 0; i < n; i++) TessDeleteText(w[i].text);
	free(w);
}
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// Page segmentation modes, as Tesseract numbers them.
const (
	psmAuto   = 3  // find the page's layout: columns, blocks, lines
	psmBlock  = 6  // one uniform block of text
	psmLine   = 7  // one line
	psmWord   = 8  // one word
	psmSparse = 11 // as much text as can be found, in no particular order
)

// engine is one loaded Tesseract; one image at a time.
type engine struct{ api *C.TessBaseAPI }

// newEngine loads the model; the error names what to install.
func newEngine(m Model) (*engine, error) {
	var dir *C.char
	if m.Dir != "" {
		dir = C.CString(m.Dir)
		defer C.free(unsafe.Pointer(dir))
	}
	api := C.civreg_engine_new(dir)
	if api == nil {
		return nil, m.loadError()
	}
	return &engine{api}, nil
}

func (e *engine) close() { C.civreg_engine_free(e.api) }

// recognise reads img with the page segmentation mode psm. Boxes are in img's pixels.
func (e *engine) recognise(img *pix, psm int) ([]Word, error) {
	var out *C.civreg_word
	var n C.int
	if C.civreg_recognise(e.api, img.p, C.int(psm), &out, &n) != 0 {
		return nil, fmt.Errorf("ocr: Tesseract could not read the page")
	}
	if out == nil {
		return nil, nil
	}
	defer C.civreg_words_free(out, n)
	words := make([]Word, 0, int(n))
	for _, c := range unsafe.Slice(out, int(n)) {
		text := strings.TrimSpace(C.GoString(c.text))
		if text == "" {
			continue
		}
		words = append(words, Word{
			Text: text, Conf: float64(c.conf) / 100,
			Box:   [4]int{int(c.x0), int(c.y0), int(c.x1), int(c.y1)},
			Block: int(c.block), Par: int(c.par), Line: int(c.line),
		})
	}
	return words, nil
}
