package pdfa

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"testing"
)

// TestRenderPDFPageInGreyOrColourAndNamesWhatPopplerRefuses renders a letter-size CCITT page
// both ways at 300 dpi, and gets a *PageRenderError for a page past the end and for bytes that are no PDF.
func TestRenderPDFPageInGreyOrColourAndNamesWhatPopplerRefuses(t *testing.T) {
	pdf := corpusFile(t, "ocrmypdf/ccitt.pdf")
	ctx := context.Background()
	for _, grey := range []bool{true, false} {
		b, err := RenderPDFPage(ctx, pdf, 1, grey)
		if err != nil {
			t.Fatalf("grey %v: %v", grey, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("grey %v: not a PNG: %v", grey, err)
		}
		if w := img.Bounds().Dx(); w != 2550 {
			t.Errorf("grey %v: %d pixels wide, want 2550 (8.5 inches at 300 dpi)", grey, w)
		}
	}
	for name, c := range map[string]struct {
		pdf  []byte
		page int
	}{"past the end": {pdf, 9}, "no PDF": {[]byte("not a PDF at all"), 1}} {
		_, err := RenderPDFPage(ctx, c.pdf, c.page, true)
		var refused *PageRenderError
		if !errors.As(err, &refused) || refused.Page != c.page {
			t.Errorf("%s: %v, want a PageRenderError for page %d", name, err, c.page)
		}
	}
}
