package pdfa

import (
	"bytes"
	"math"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfImageAsIs takes the scanned image out of page n of a PDF as it is — its compressed bytes
// and the entries that describe them — when the page is one image filling the page in a form
// PDF/A keeps: JPEG, CCITT fax or Flate data in DeviceGray or DeviceRGB. Anything else (several
// images, JBIG2 with shared data, ICC or indexed colour, an image not filling the page) is
// left to rendering.
func pdfImageAsIs(ctx *model.Context, n int) (img *pageImage, ok bool) {
	defer func() {
		if recover() != nil { // pdfcpu panics on some malformed files: render instead
			img, ok = nil, false
		}
	}()
	if ctx == nil || n < 1 || n > ctx.PageCount {
		return nil, false
	}
	_, _, inh, err := ctx.PageDict(n, true)
	if err != nil || inh == nil || inh.Resources == nil || inh.MediaBox == nil {
		return nil, false
	}
	xobjs, err := ctx.DereferenceDict(inh.Resources["XObject"])
	if err != nil || len(xobjs) != 1 {
		return nil, false
	}
	var sd *types.StreamDict
	for _, ref := range xobjs {
		sd, _, err = ctx.DereferenceStreamDict(ref)
	}
	if err != nil || sd == nil || sd.Dict.NameEntry("Subtype") == nil || *sd.Dict.NameEntry("Subtype") != "Image" {
		return nil, false
	}
	d := sd.Dict
	w, h := d.IntEntry("Width"), d.IntEntry("Height")
	bpc := d.IntEntry("BitsPerComponent")
	cs := d.NameEntry("ColorSpace")
	if w == nil || h == nil || bpc == nil || cs == nil || (*cs != "DeviceGray" && *cs != "DeviceRGB") {
		return nil, false
	}
	if d["SMask"] != nil || d["Mask"] != nil || d["ImageMask"] != nil || d["Alternates"] != nil || d["OPI"] != nil {
		return nil, false
	}
	filter, ok := d["Filter"].(types.Name)
	if !ok {
		if arr, isArr := d["Filter"].(types.Array); isArr && len(arr) == 1 {
			filter, ok = arr[0].(types.Name)
		}
	}
	if !ok || (filter != "DCTDecode" && filter != "CCITTFaxDecode" && filter != "FlateDecode") {
		return nil, false
	}
	// The image must fill the page, so that the page keeps its size and the OCR words (read
	// from the page rendered whole) land on it.
	box := inh.MediaBox
	pw, ph := box.Width(), box.Height()
	if pw <= 0 || ph <= 0 || math.Abs(float64(*w)/float64(*h)-pw/ph) > 0.01*pw/ph {
		return nil, false
	}
	out := types.Dict{"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
		"Width": types.Integer(*w), "Height": types.Integer(*h), "ColorSpace": types.Name(*cs),
		"BitsPerComponent": types.Integer(*bpc), "Filter": filter}
	if raw := d["DecodeParms"]; raw != nil {
		if arr, isArr := raw.(types.Array); isArr {
			if len(arr) != 1 {
				return nil, false
			}
			raw = arr[0]
		}
		parms := directDict(ctx, raw)
		if parms == nil || parms["JBIG2Globals"] != nil {
			return nil, false
		}
		out["DecodeParms"] = parms
	}
	if dec, isArr := d["Decode"].(types.Array); isArr {
		out["Decode"] = dec
	}
	if sd.Raw == nil {
		return nil, false
	}
	return &pageImage{dict: out, data: sd.Raw, width: *w, height: *h, dpi: float64(*w) / (pw / 72),
		how: "PDF page's image embedded as scanned (" + string(filter) + ")"}, true
}

// readPDF reads a PDF's structure with pdfcpu, or nil when it cannot: the pages are then
// rendered.
func readPDF(pdf []byte) (ctx *model.Context) {
	defer func() {
		if recover() != nil {
			ctx = nil
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Offline = true
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil || ctx.EnsurePageCount() != nil {
		return nil
	}
	return ctx
}

// directDict returns a dictionary whose entries are all direct values, or nil.
func directDict(ctx *model.Context, o types.Object) types.Dict {
	if o == nil {
		return nil
	}
	d, err := ctx.DereferenceDict(o)
	if err != nil || d == nil {
		return nil
	}
	for _, v := range d {
		if _, isRef := v.(types.IndirectRef); isRef {
			return nil
		}
	}
	return d
}
