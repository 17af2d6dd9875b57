package scan

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"

	"civreg"
)

func truncated(kind string) error {
	return refuse(civreg.EINVALID, "the %s file is truncated or corrupt: it ends before its image does (was the upload or the scan cut off?)", kind)
}

// StreamCheck inspects a scan as its bytes go by, for the formats that can be checked in one
// pass (PNG, JPEG): an upload of one needs no spool. A Write that finds the file refused
// returns the refusal, so a decompression bomb is refused from its header, before the rest of
// it is sent on.
type StreamCheck interface {
	io.Writer
	// End says, once every byte was written, whether they were a whole file, and its pages.
	End() (int, error)
}

// NewStreamCheck is the one-pass check for media, or nil when the format needs the whole
// file at hand (TIFF and PDF keep their structure anywhere in the file).
func NewStreamCheck(media string, lim Limits) StreamCheck {
	switch media {
	case PNG:
		return &pngCheck{lim: lim}
	case JPEG:
		return &jpegCheck{lim: lim}
	}
	return nil
}

// checkFile runs a one-pass check over a whole file.
func checkFile(c StreamCheck, r io.ReaderAt, size int64) (int, error) {
	if _, err := io.CopyBuffer(c, io.NewSectionReader(r, 0, size), make([]byte, 64<<10)); err != nil {
		return 0, err
	}
	return c.End()
}

// stepper is what the one-pass checks share: Write hands the bytes to a check's step, a
// piece at a time, until all are taken or the file is refused; a refusal sticks.
type stepper struct{ err error }

func (s *stepper) feed(p []byte, step func([]byte) []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && s.err == nil {
		p = step(p)
	}
	if s.err != nil {
		return 0, s.err
	}
	return n, nil
}

// fill moves bytes from p into want[:*have] until it holds len(want); it returns what is
// left of p and whether want is complete.
func fill(want []byte, have *int, p []byte) ([]byte, bool) {
	n := copy(want[*have:], p)
	*have += n
	return p[n:], *have == len(want)
}

// pngCheck walks the chunks, checking each CRC, the header's size (before any image data)
// and that IEND is reached.
type pngCheck struct {
	lim   Limits
	state int
	buf   [13]byte // the part of a signature, chunk head, IHDR or CRC read so far
	have  int
	typ   string
	left  int64 // bytes of the chunk's data still to come
	crc   uint32
	stepper

	sawIHDR, sawIDAT bool
}

const (
	pngSignature = iota
	pngHead
	pngData
	pngCRC
	pngEnded
)

func (c *pngCheck) Write(p []byte) (int, error) { return c.feed(p, c.step) }

// step takes what it can of p in the current state and returns the rest.
func (c *pngCheck) step(p []byte) []byte {
	var done bool
	switch c.state {
	case pngSignature:
		if p, done = fill(c.buf[:8], &c.have, p); done {
			c.have, c.state = 0, pngHead
			if string(c.buf[:8]) != "\x89PNG\r\n\x1a\n" {
				c.err = refuse(civreg.EINVALID, "the PNG file is corrupt: it does not start with its signature")
			}
		}
	case pngHead:
		if p, done = fill(c.buf[:8], &c.have, p); done {
			c.have, c.state = 0, pngData
			c.left = int64(binary.BigEndian.Uint32(c.buf[:4]))
			c.typ = string(c.buf[4:8])
			c.crc = crc32.Update(0, crc32.IEEETable, c.buf[4:8])
			if !c.sawIHDR && (c.typ != "IHDR" || c.left != 13) {
				c.err = refuse(civreg.EINVALID, "the PNG file is corrupt: it does not start with its header")
			}
			c.sawIHDR = true
			c.endOfData()
		}
	case pngData:
		take := p[:min(int64(len(p)), c.left)]
		c.crc = crc32.Update(c.crc, crc32.IEEETable, take)
		if c.typ == "IHDR" {
			c.have += copy(c.buf[c.have:], take)
		}
		c.left -= int64(len(take))
		p = p[len(take):]
		c.endOfData()
	case pngCRC:
		if p, done = fill(c.buf[:4], &c.have, p); done {
			c.have, c.state = 0, pngHead
			switch {
			case c.crc != binary.BigEndian.Uint32(c.buf[:4]):
				c.err = refuse(civreg.EINVALID, "the PNG file is corrupt: its %s chunk fails its checksum", c.typ)
			case c.typ == "IDAT":
				c.sawIDAT = true
			case c.typ == "IEND" && !c.sawIDAT:
				c.err = refuse(civreg.EINVALID, "the PNG file has no image data")
			case c.typ == "IEND":
				c.state = pngEnded
			}
		}
	case pngEnded:
		p = nil // what follows IEND is not part of the image
	}
	return p
}

// endOfData moves on to the CRC once a chunk's data is all read; the header's size is
// checked then, before the CRC and any image data.
func (c *pngCheck) endOfData() {
	if c.state != pngData || c.left > 0 {
		return
	}
	if c.typ == "IHDR" {
		c.err = checkPixels(1, int64(binary.BigEndian.Uint32(c.buf[0:4])), int64(binary.BigEndian.Uint32(c.buf[4:8])), c.lim)
		c.have = 0
	}
	c.state = pngCRC
}

func (c *pngCheck) End() (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.state != pngEnded {
		return 0, truncated("PNG")
	}
	return 1, nil
}

// jpegCheck walks the segments to the frame header for the size and checks the file ends
// with its end marker.
type jpegCheck struct {
	lim    Limits
	state  int
	buf    [5]byte
	have   int
	marker byte
	left   int64 // bytes of the segment still to skip
	tail   tailBytes
	stepper
}

const (
	jpegStart = iota // the start-of-image marker (sniffed already)
	jpegFF           // the 0xFF that starts a marker
	jpegMarker
	jpegLength
	jpegSkip
	jpegFrame // the frame header: precision, height, width
	jpegData  // after the frame header: only the end marker is looked for
)

func (c *jpegCheck) Write(p []byte) (int, error) {
	if c.err == nil {
		c.tail.write(p)
	}
	return c.feed(p, c.step)
}

// step takes what it can of p in the current state and returns the rest.
func (c *jpegCheck) step(p []byte) []byte {
	var done bool
	switch c.state {
	case jpegStart:
		if p, done = fill(c.buf[:2], &c.have, p); done {
			c.have, c.state = 0, jpegFF
		}
	case jpegFF:
		if p[0] != 0xff {
			c.err = refuse(civreg.EINVALID, "the JPEG file is corrupt: no marker where one should be")
		}
		p, c.state = p[1:], jpegMarker
	case jpegMarker:
		m := p[0]
		p = p[1:]
		switch {
		case m == 0xff: // fill byte
		case m == 0x01 || (m >= 0xd0 && m <= 0xd7): // markers without a length
			c.state = jpegFF
		default:
			c.marker, c.state = m, jpegLength
		}
	case jpegLength:
		if p, done = fill(c.buf[:2], &c.have, p); done {
			c.have = 0
			length := int64(binary.BigEndian.Uint16(c.buf[:2]))
			m := c.marker
			switch {
			case length < 2:
				c.err = truncated("JPEG")
			// SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc) carry the frame size.
			case m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc:
				c.state = jpegFrame
			case m == 0xda:
				c.err = refuse(civreg.EINVALID, "the JPEG file is corrupt: its image data comes before its frame header")
			default:
				c.left, c.state = length-2, jpegSkip
			}
		}
	case jpegSkip:
		skip := min(int64(len(p)), c.left)
		p, c.left = p[skip:], c.left-skip
		if c.left == 0 {
			c.state = jpegFF
		}
	case jpegFrame:
		if p, done = fill(c.buf[:5], &c.have, p); done {
			h := int64(binary.BigEndian.Uint16(c.buf[1:3]))
			w := int64(binary.BigEndian.Uint16(c.buf[3:5]))
			c.err = checkPixels(1, w, h, c.lim)
			c.state = jpegData
		}
	case jpegData:
		p = nil
	}
	return p
}

// end looks for the end-of-image marker near the end (scanners may pad after it).
func (c *jpegCheck) End() (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.state != jpegData || !bytes.Contains(c.tail.bytes(), []byte{0xff, 0xd9}) {
		return 0, truncated("JPEG")
	}
	return 1, nil
}

// tailBytes keeps the last tailLen bytes written.
type tailBytes struct {
	b [2 * tailLen]byte
	n int
}

const tailLen = 4096

func (t *tailBytes) write(p []byte) {
	if len(p) >= tailLen {
		t.n = copy(t.b[:], p[len(p)-tailLen:])
		return
	}
	if t.n+len(p) > len(t.b) {
		keep := tailLen - len(p)
		copy(t.b[:], t.b[t.n-keep:t.n])
		t.n = keep
	}
	t.n += copy(t.b[t.n:], p)
}

func (t *tailBytes) bytes() []byte { return t.b[max(0, t.n-tailLen):t.n] }

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
