// Package scan knows the registry's scan formats (PNG, JPEG, TIFF, PDF) from their bytes:
// which a file is, whether it is whole, how many pages it has, and whether it keeps within the
// limits, reading only headers and structure. It is pure: ingest checks uploads with it as they
// stream in, the OCR stage checks an original again before reading it. RenderPDFPage alone
// runs a program (poppler), for the OCR and archive stages, which both render PDF pages.
package scan

import (
	"bytes"
	"fmt"
	"io"

	"civreg"
	"civreg/pdfa"
)

// Limits bound what one upload may be. Each is configurable (civreg help).
type Limits struct {
	MaxFileBytes  int64 // one file
	MaxPagePixels int64 // width × height of one page: stops decompression bombs before decoding
	MaxPages      int   // pages in one file
}

// DefaultLimits suit scans of A3 pages at 600 dpi (about 70 million pixels) and bound volumes
// of up to 1,000 entries.
var DefaultLimits = Limits{MaxFileBytes: 512 << 20, MaxPagePixels: 100_000_000, MaxPages: 1000}

// Media types of the scans the registry takes.
const (
	PNG  = "image/png"
	JPEG = "image/jpeg"
	TIFF = "image/tiff"
	PDF  = "application/pdf"
)

// Inspection is what Inspect learned of a file.
type Inspection struct {
	MediaType string
	Pages     int
}

// refuse returns the error a refused file gets: its message is shown to the clerk as it is.
func refuse(code, format string, args ...any) error {
	return civreg.Errorf(code, format, args...)
}

// Inspect recognises a scan by its first bytes, never its name, and checks it is whole and
// within the limits, reading only headers and structure: no page is decoded, so a
// decompression bomb is refused from its header. Errors are *civreg.Error with a message for
// the clerk: EUNSUPPORTED for what is not a scan, ETOOLARGE for a limit, EINVALID for a
// corrupt or truncated file.
func Inspect(r io.ReaderAt, size int64, lim Limits) (*Inspection, error) {
	if err := CheckSize(size, lim); err != nil {
		return nil, err
	}
	head := make([]byte, SniffLen)
	n, _ := r.ReadAt(head, 0)
	media, err := Sniff(head[:n])
	if err != nil {
		return nil, err
	}
	var pages int
	switch media {
	case PNG, JPEG:
		pages, err = checkFile(NewStreamCheck(media, lim), r, size)
	case TIFF:
		pages, err = inspectTIFF(r, size, lim)
	case PDF:
		pages, err = pdfa.InspectScan(r, size, pdfa.ScanLimits{MaxPages: lim.MaxPages, MaxPagePixels: lim.MaxPagePixels,
			Image: func(page int, w, h int64) error { return checkPixels(page, w, h, lim) }})
	}
	if err != nil {
		return nil, err
	}
	return &Inspection{MediaType: media, Pages: pages}, nil
}

// TooLarge is the refusal of a file found, while it was received, to be over MaxFileBytes.
func (lim Limits) TooLarge() error {
	return refuse(civreg.ETOOLARGE, "the file is over the limit of %s", humanBytes(lim.MaxFileBytes))
}

// CheckSize refuses an empty file or one over the size limit, from its length alone: an
// upload that declares its length is refused before a byte of it is read.
func CheckSize(size int64, lim Limits) error {
	if size == 0 {
		return refuse(civreg.EINVALID, "the file is empty (0 bytes)")
	}
	if size > lim.MaxFileBytes {
		return refuse(civreg.ETOOLARGE, "the file is %s, over the limit of %s", humanBytes(size), humanBytes(lim.MaxFileBytes))
	}
	return nil
}

// SniffLen is how many first bytes Sniff needs.
const SniffLen = 16

// Sniff names the kind of scan a file's first bytes begin, or refuses it (EUNSUPPORTED) as
// not a scan, naming what it looks like.
func Sniff(head []byte) (string, error) {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case bytes.HasPrefix(head, []byte{0xff, 0xd8, 0xff}):
		return JPEG, nil
	case bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*")):
		return TIFF, nil
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF, nil
	}
	return "", refuse(civreg.EUNSUPPORTED, "this is %s, not a scan: the registry takes PNG, JPEG, TIFF and PDF scans", describe(head))
}

// describe names common files that are not scans, so the clerk knows what was sent.
func describe(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return "a ZIP archive (or an Office document)"
	case bytes.HasPrefix(head, []byte("GIF8")):
		return "a GIF image"
	case bytes.HasPrefix(head, []byte("BM")):
		return "a BMP image"
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return "a WebP image"
	case bytes.HasPrefix(head, []byte{0xd0, 0xcf, 0x11, 0xe0}):
		return "an old Microsoft Office document"
	case bytes.HasPrefix(head, []byte("\x1f\x8b")):
		return "a gzip archive"
	case bytes.HasPrefix(head, []byte("<")) || bytes.HasPrefix(head, []byte("\xef\xbb\xbf<")):
		return "an HTML or XML document"
	}
	return "a file of unknown type"
}

func checkPixels(page int, w, h int64, lim Limits) error {
	if w <= 0 || h <= 0 {
		return refuse(civreg.EINVALID, "page %d claims an image of %d × %d pixels: the file is corrupt", page, w, h)
	}
	if w*h > lim.MaxPagePixels || w > 1<<20 || h > 1<<20 {
		return refuse(civreg.ETOOLARGE, "page %d is %d × %d pixels (%.0f million), over the limit of %.0f million pixels a page", page, w, h, float64(w*h)/1e6, float64(lim.MaxPagePixels)/1e6)
	}
	return nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
