package ingest

import (
	"bufio"
	"encoding/binary"
	"hash/crc32"
	"io"

	"civreg"
)

func truncated(kind string) error {
	return refuse(civreg.EINVALID, "the %s file is truncated or corrupt: it ends before its image does (was the upload or the scan cut off?)", kind)
}

// inspectPNG walks the chunks in one buffered pass, checking each CRC, the header's size and
// that IEND is reached.
func inspectPNG(r io.ReaderAt, size int64, lim Limits) (int, error) {
	br := bufio.NewReaderSize(io.NewSectionReader(r, 8, size-8), 256<<10)
	hdr := make([]byte, 8)
	buf := make([]byte, 64<<10)
	sawIHDR, sawIDAT := false, false
	for off := int64(8); ; {
		if _, err := io.ReadFull(br, hdr); err != nil {
			return 0, truncated("PNG")
		}
		n := int64(binary.BigEndian.Uint32(hdr[:4]))
		typ := string(hdr[4:8])
		if n > size-off-12 {
			return 0, truncated("PNG")
		}
		crc := crc32.NewIEEE()
		crc.Write(hdr[4:8])
		if !sawIHDR {
			if typ != "IHDR" || n != 13 {
				return 0, refuse(civreg.EINVALID, "the PNG file is corrupt: it does not start with its header")
			}
			ihdr := make([]byte, 13)
			if _, err := io.ReadFull(br, ihdr); err != nil {
				return 0, truncated("PNG")
			}
			if err := checkPixels(1, int64(binary.BigEndian.Uint32(ihdr[0:4])), int64(binary.BigEndian.Uint32(ihdr[4:8])), lim); err != nil {
				return 0, err
			}
			crc.Write(ihdr)
			sawIHDR = true
		} else if got, err := io.CopyBuffer(crc, io.LimitReader(br, n), buf); err != nil || got != n {
			return 0, truncated("PNG")
		}
		want := make([]byte, 4)
		if _, err := io.ReadFull(br, want); err != nil {
			return 0, truncated("PNG")
		}
		if crc.Sum32() != binary.BigEndian.Uint32(want) {
			return 0, refuse(civreg.EINVALID, "the PNG file is corrupt: its %s chunk fails its checksum", typ)
		}
		switch typ {
		case "IDAT":
			sawIDAT = true
		case "IEND":
			if !sawIDAT {
				return 0, refuse(civreg.EINVALID, "the PNG file has no image data")
			}
			return 1, nil
		}
		off += 12 + n
	}
}

// inspectJPEG reads the frame header for the size and checks the file ends with its end marker.
func inspectJPEG(r io.ReaderAt, size int64, lim Limits) (int, error) {
	off := int64(2)
	seg := make([]byte, 4)
	for {
		if _, err := r.ReadAt(seg, off); err != nil {
			return 0, truncated("JPEG")
		}
		if seg[0] != 0xff {
			return 0, refuse(civreg.EINVALID, "the JPEG file is corrupt: no marker where one should be")
		}
		marker := seg[1]
		if marker == 0xff { // fill byte
			off++
			continue
		}
		if marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7) {
			off += 2
			continue
		}
		n := int64(binary.BigEndian.Uint16(seg[2:4]))
		if n < 2 || off+2+n > size {
			return 0, truncated("JPEG")
		}
		// SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc) carry the frame size.
		if marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc {
			sof := make([]byte, 5)
			if _, err := r.ReadAt(sof, off+4); err != nil {
				return 0, truncated("JPEG")
			}
			h := int64(binary.BigEndian.Uint16(sof[1:3]))
			w := int64(binary.BigEndian.Uint16(sof[3:5]))
			if err := checkPixels(1, w, h, lim); err != nil {
				return 0, err
			}
			return 1, jpegEnds(r, size)
		}
		if marker == 0xda {
			return 0, refuse(civreg.EINVALID, "the JPEG file is corrupt: its image data comes before its frame header")
		}
		off += 2 + n
	}
}

// jpegEnds checks for the end-of-image marker near the end (scanners may pad after it).
func jpegEnds(r io.ReaderAt, size int64) error {
	tail := int64(4096)
	if tail > size {
		tail = size
	}
	b := make([]byte, tail)
	if _, err := r.ReadAt(b, size-tail); err != nil && err != io.EOF {
		return truncated("JPEG")
	}
	for i := len(b) - 2; i >= 0; i-- {
		if b[i] == 0xff && b[i+1] == 0xd9 {
			return nil
		}
	}
	return truncated("JPEG")
}

// inspectTIFF walks the chain of image directories (one per page), checking each page's size
// and that its image data lies inside the file.
func inspectTIFF(r io.ReaderAt, size int64, lim Limits) (int, error) {
	h := make([]byte, 8)
	if _, err := r.ReadAt(h, 0); err != nil {
		return 0, truncated("TIFF")
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if h[0] == 'M' {
		bo = binary.BigEndian
	}
	next := int64(bo.Uint32(h[4:8]))
	seen := map[int64]bool{}
	pages := 0
	for next != 0 {
		if seen[next] {
			return 0, refuse(civreg.EINVALID, "the TIFF file is corrupt: its pages loop back on themselves")
		}
		seen[next] = true
		pages++
		if pages > lim.MaxPages {
			return 0, refuse(civreg.ETOOLARGE, "the TIFF file has more than %d pages, the limit for one file", lim.MaxPages)
		}
		var err error
		next, err = tiffPage(r, size, bo, next, pages, lim)
		if err != nil {
			return 0, err
		}
	}
	if pages == 0 {
		return 0, refuse(civreg.EINVALID, "the TIFF file has no pages")
	}
	return pages, nil
}

// TIFF tags read at ingest.
const (
	tagWidth          = 256
	tagHeight         = 257
	tagStripOffsets   = 273
	tagStripByteCount = 279
	tagTileOffsets    = 324
	tagTileByteCounts = 325
)

func tiffPage(r io.ReaderAt, size int64, bo binary.ByteOrder, off int64, page int, lim Limits) (int64, error) {
	if off < 8 || off+2 > size {
		return 0, truncated("TIFF")
	}
	b := make([]byte, 2)
	r.ReadAt(b, off)
	n := int64(bo.Uint16(b))
	if off+2+n*12+4 > size {
		return 0, truncated("TIFF")
	}
	entries := make([]byte, n*12+4)
	if _, err := r.ReadAt(entries, off+2); err != nil {
		return 0, truncated("TIFF")
	}
	var w, h int64
	values := map[uint16][]int64{}
	for i := int64(0); i < n; i++ {
		e := entries[i*12 : i*12+12]
		tag, typ, count := bo.Uint16(e[0:2]), bo.Uint16(e[2:4]), int64(bo.Uint32(e[4:8]))
		switch tag {
		case tagWidth, tagHeight, tagStripOffsets, tagStripByteCount, tagTileOffsets, tagTileByteCounts:
		default:
			continue
		}
		vals, err := tiffValues(r, size, bo, typ, count, e[8:12])
		if err != nil {
			return 0, err
		}
		values[tag] = vals
	}
	if v := values[tagWidth]; len(v) > 0 {
		w = v[0]
	}
	if v := values[tagHeight]; len(v) > 0 {
		h = v[0]
	}
	if err := checkPixels(page, w, h, lim); err != nil {
		return 0, err
	}
	offs, counts := values[tagStripOffsets], values[tagStripByteCount]
	if len(offs) == 0 {
		offs, counts = values[tagTileOffsets], values[tagTileByteCounts]
	}
	if len(offs) == 0 || len(offs) != len(counts) {
		return 0, refuse(civreg.EINVALID, "the TIFF file is corrupt: page %d does not say where its image is", page)
	}
	for i := range offs {
		if offs[i] < 0 || counts[i] < 0 || offs[i]+counts[i] > size {
			return 0, truncated("TIFF")
		}
	}
	return int64(bo.Uint32(entries[n*12:])), nil
}

// tiffValues reads an entry's SHORT or LONG values, inline or at their offset.
func tiffValues(r io.ReaderAt, size int64, bo binary.ByteOrder, typ uint16, count int64, inline []byte) ([]int64, error) {
	var width int64
	switch typ {
	case 3: // SHORT
		width = 2
	case 4: // LONG
		width = 4
	default:
		return nil, refuse(civreg.EINVALID, "the TIFF file is corrupt: a size or offset has type %d", typ)
	}
	if count < 0 || count > 1<<20 {
		return nil, refuse(civreg.EINVALID, "the TIFF file is corrupt: a page claims %d image strips", count)
	}
	data := inline
	if count*width > 4 {
		off := int64(bo.Uint32(inline))
		if off+count*width > size {
			return nil, truncated("TIFF")
		}
		data = make([]byte, count*width)
		if _, err := r.ReadAt(data, off); err != nil {
			return nil, truncated("TIFF")
		}
	}
	out := make([]int64, count)
	for i := range out {
		if width == 2 {
			out[i] = int64(bo.Uint16(data[i*2:]))
		} else {
			out[i] = int64(bo.Uint32(data[i*4:]))
		}
	}
	return out, nil
}
