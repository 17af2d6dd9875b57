package pdfa

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"civreg"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfConfig is pdfcpu's configuration without its config folder: civreg never writes one.
func pdfConfig() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Offline = true
	return conf
}

// ScanLimits bound an uploaded PDF: its pages, the pixels of each page rendered at RenderDPI,
// and each image in it (Image refuses one with a coded error).
type ScanLimits struct {
	MaxPages      int
	MaxPagePixels int64
	Image         func(page int, w, h int64) error
}

// InspectScan reads an uploaded PDF's structure with pdfcpu (streams are not decoded) and checks
// that it is not encrypted, has no scripts, and that every page carries a scanned image within
// the limits. Errors are *civreg.Error with a message for the clerk (package scan's Inspect).
func InspectScan(r io.ReaderAt, size int64, lim ScanLimits) (pages int, err error) {
	defer func() {
		// pdfcpu panics on some malformed files; a bad file is refused, never a crash.
		if p := recover(); p != nil {
			pages, err = 0, civreg.Errorf(civreg.EINVALID, "the PDF file is corrupt and cannot be read")
		}
	}()
	if !pdfEnds(r, size) {
		return 0, civreg.Errorf(civreg.EINVALID, "the PDF file is truncated: it does not end with %%%%EOF (was the upload or the scan cut off?)")
	}
	ctx, err := api.ReadContext(io.NewSectionReader(r, 0, size), pdfConfig())
	if err != nil {
		msg := strings.ToLower(err.Error())
		if strings.Contains(msg, "encrypt") || strings.Contains(msg, "password") {
			return 0, civreg.Errorf(civreg.EUNSUPPORTED, "the PDF is encrypted: scan again, or save it without a password")
		}
		return 0, civreg.Errorf(civreg.EINVALID, "the PDF file is corrupt or truncated and cannot be read")
	}
	if ctx.XRefTable.Encrypt != nil || ctx.E != nil {
		return 0, civreg.Errorf(civreg.EUNSUPPORTED, "the PDF is encrypted: scan again, or save it without a password")
	}
	if what := activeContent(ctx); what != "" {
		return 0, civreg.Errorf(civreg.EUNSUPPORTED, "the PDF contains %s: a scan has none, so it is refused", what)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return 0, civreg.Errorf(civreg.EINVALID, "the PDF file is corrupt: its pages cannot be counted")
	}
	pages = ctx.PageCount
	if pages == 0 {
		return 0, civreg.Errorf(civreg.EINVALID, "the PDF has no pages")
	}
	if pages > lim.MaxPages {
		return 0, civreg.Errorf(civreg.ETOOLARGE, "the PDF has %d pages, over the limit of %d for one file", pages, lim.MaxPages)
	}
	if root, err := ctx.Catalog(); err == nil && root["AcroForm"] != nil {
		if fields, ok := formFields(ctx, root["AcroForm"]); ok && fields > 0 {
			return 0, civreg.Errorf(civreg.EUNSUPPORTED, "the PDF is a fillable form (%d fields), not a scanned page", fields)
		}
	}
	if err := checkRenderedPixels(ctx, lim); err != nil {
		return 0, err
	}
	for p := 1; p <= pages; p++ {
		_, _, inherited, err := ctx.PageDict(p, true)
		if err != nil || inherited == nil {
			return 0, civreg.Errorf(civreg.EINVALID, "the PDF file is corrupt: page %d cannot be read", p)
		}
		images := 0
		if err := pageImages(ctx, inherited.Resources, 0, func(w, h int64) error {
			images++
			return lim.Image(p, w, h)
		}); err != nil {
			return 0, err
		}
		if images == 0 {
			return 0, civreg.Errorf(civreg.EUNSUPPORTED, "page %d of the PDF has no scanned image (it is text or drawing made on a computer): scan the paper page instead", p)
		}
	}
	return pages, nil
}

// RenderDPI is the resolution PDF pages are rendered at to be read (package ocr's pdftoppm).
const RenderDPI = 300

// checkRenderedPixels refuses a PDF with a page whose raster at RenderDPI would pass the pixel
// limit, from its page size alone: a 1 × 1 image on an 11,000-point page is tiny to upload but
// gigapixels to render.
func checkRenderedPixels(ctx *model.Context, lim ScanLimits) error {
	dims, err := ctx.PageDims()
	if err != nil {
		return civreg.Errorf(civreg.EINVALID, "the PDF file is corrupt: its page sizes cannot be read")
	}
	for i, d := range dims {
		w, h := int64(d.Width*RenderDPI/72), int64(d.Height*RenderDPI/72)
		if d.Width <= 0 || d.Height <= 0 || w*h > lim.MaxPagePixels || w > 1<<20 || h > 1<<20 {
			return civreg.Errorf(civreg.ETOOLARGE, "page %d of the PDF is %.0f × %.0f inches: read at %d dpi it would be %.0f million pixels, over the limit of %.0f million",
				i+1, d.Width/72, d.Height/72, RenderDPI, float64(w)*float64(h)/1e6, float64(lim.MaxPagePixels)/1e6)
		}
	}
	return nil
}

// pageImages calls fn with the size of every image XObject in resources, following form
// XObjects a few levels down (some scanners wrap the page image in one).
func pageImages(ctx *model.Context, resources types.Dict, depth int, fn func(w, h int64) error) error {
	if resources == nil || depth > 4 {
		return nil
	}
	xobjs, err := ctx.DereferenceDict(resources["XObject"])
	if err != nil {
		return civreg.Errorf(civreg.EINVALID, "the PDF file is corrupt: a page's images cannot be read")
	}
	for _, ref := range xobjs {
		sd, _, err := ctx.DereferenceStreamDict(ref)
		if err != nil || sd == nil {
			return civreg.Errorf(civreg.EINVALID, "the PDF file is corrupt: a page's image cannot be read")
		}
		switch sub, _ := sd.Dict["Subtype"].(types.Name); sub {
		case "Image":
			w, wok := intEntry(ctx, sd.Dict, "Width")
			h, hok := intEntry(ctx, sd.Dict, "Height")
			if !wok || !hok {
				return civreg.Errorf(civreg.EINVALID, "the PDF file is corrupt: an image has no size")
			}
			if err := fn(w, h); err != nil {
				return err
			}
		case "Form":
			inner, _ := ctx.DereferenceDict(sd.Dict["Resources"])
			if err := pageImages(ctx, inner, depth+1, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// pdfEnds reports whether %%EOF appears in the last kilobyte, where every whole PDF has it.
func pdfEnds(r io.ReaderAt, size int64) bool {
	n := min(size, 1024)
	b := make([]byte, n)
	if _, err := r.ReadAt(b, size-n); err != nil && err != io.EOF {
		return false
	}
	return bytes.Contains(b, []byte("%%EOF"))
}

func intEntry(ctx *model.Context, d types.Dict, key string) (int64, bool) {
	o, err := ctx.Dereference(d[key])
	if err != nil || o == nil {
		return 0, false
	}
	switch v := o.(type) {
	case types.Integer:
		return int64(v), true
	case types.Float:
		return int64(v), true
	}
	return 0, false
}

func formFields(ctx *model.Context, o types.Object) (int, bool) {
	d, err := ctx.DereferenceDict(o)
	if err != nil || d == nil {
		return 0, false
	}
	a, err := ctx.DereferenceArray(d["Fields"])
	if err != nil {
		return 0, false
	}
	return len(a), true
}

// ObjectDict is the dictionary of a cross-reference entry's object, a stream's included;
// false for a free entry or an object that is no dictionary.
func ObjectDict(e *model.XRefTableEntry) (types.Dict, bool) {
	if e == nil || e.Free || e.Object == nil {
		return nil, false
	}
	switch o := e.Object.(type) {
	case types.Dict:
		return o, true
	case types.StreamDict:
		return o.Dict, true
	}
	return nil, false
}

// activeContent names the first script or launch action found in any object, or "".
func activeContent(ctx *model.Context) string {
	for nr, e := range ctx.XRefTable.Table {
		d, ok := ObjectDict(e)
		if !ok {
			continue
		}
		if what := scriptIn(d); what != "" {
			return fmt.Sprintf("%s (object %d)", what, nr)
		}
	}
	return ""
}

func scriptIn(d types.Dict) string {
	if _, ok := d["JS"]; ok {
		return "JavaScript"
	}
	if _, ok := d["JavaScript"]; ok {
		return "JavaScript"
	}
	if s, ok := d["S"].(types.Name); ok {
		switch s {
		case "JavaScript":
			return "JavaScript"
		case "Launch":
			return "an action that launches a program"
		}
	}
	for _, v := range d {
		if inner, ok := v.(types.Dict); ok {
			if what := scriptIn(inner); what != "" {
				return what
			}
		}
	}
	return ""
}
