package pdfa

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfWriter writes a PDF file object by object. Streams (images, page contents, fonts) are
// written as they come; the small dictionaries are collected into one compressed object
// stream, and the cross-reference is a compressed stream too (PDF 1.5, allowed by PDF/A-2):
// a kilobyte and more saved on every archive, which matters beside a small CCITT scan.
// Objects are spelled with pdfcpu's types; what pdfcpu's own writer cannot do for PDF/A (keep
// the Info dictionary's dates and producer as given, so that they agree with the XMP
// metadata) is why the file itself is laid out here.
type pdfWriter struct {
	w       *bufio.Writer
	n       int64   // bytes written
	offsets []int64 // by object number: where a stream object starts; 0 = not written here
	packed  []int   // by object number: 1 + its index in the object stream; 0 = not packed
	objs    []packedObject
	err     error
}

// packedObject is a dictionary waiting for the object stream.
type packedObject struct {
	num  int
	text string
}

func newPDFWriter(w io.Writer) *pdfWriter {
	p := &pdfWriter{w: bufio.NewWriterSize(w, 64<<10), offsets: []int64{0}, packed: []int{0}}
	// The header and a comment of four bytes above 127, so that transfer programs treat the
	// file as binary (PDF/A-2 6.1.2). PDF 1.7 is the base of PDF/A-2.
	p.write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return p
}

func (p *pdfWriter) write(s string) {
	if p.err != nil {
		return
	}
	n, err := p.w.WriteString(s)
	p.n += int64(n)
	p.err = err
}

func (p *pdfWriter) writeBytes(b []byte) {
	if p.err != nil {
		return
	}
	n, err := p.w.Write(b)
	p.n += int64(n)
	p.err = err
}

// reserve allocates an object number to be written later.
func (p *pdfWriter) reserve() types.IndirectRef {
	p.offsets = append(p.offsets, 0)
	p.packed = append(p.packed, 0)
	return *types.NewIndirectRef(len(p.offsets)-1, 0)
}

func (p *pdfWriter) begin(ref types.IndirectRef) {
	p.offsets[ref.ObjectNumber.Value()] = p.n
	p.write(fmt.Sprintf("%d 0 obj\n", ref.ObjectNumber.Value()))
}

// object puts a non-stream object under ref into the object stream.
func (p *pdfWriter) object(ref types.IndirectRef, o types.Object) {
	n := ref.ObjectNumber.Value()
	p.objs = append(p.objs, packedObject{n, o.PDFString()})
	p.packed[n] = len(p.objs)
}

// add writes a new object and returns its reference.
func (p *pdfWriter) add(o types.Object) types.IndirectRef {
	ref := p.reserve()
	p.object(ref, o)
	return ref
}

// stream writes a stream object; dict gets its Length here.
func (p *pdfWriter) stream(ref types.IndirectRef, dict types.Dict, data []byte) {
	dict["Length"] = types.Integer(len(data))
	p.begin(ref)
	p.write(dict.PDFString())
	// PDF/A-2 6.1.7.1: "stream" is followed by an end-of-line and "endstream" preceded by one.
	p.write("\nstream\n")
	p.writeBytes(data)
	p.write("\nendstream\nendobj\n")
}

func (p *pdfWriter) addStream(dict types.Dict, data []byte) types.IndirectRef {
	ref := p.reserve()
	p.stream(ref, dict, data)
	return ref
}

// finish writes the object stream and the cross-reference stream (which carries the
// trailer's entries), ending the file at %%EOF.
func (p *pdfWriter) finish(root, info types.IndirectRef, id []byte) error {
	objstm := p.reserve()
	var head, body strings.Builder
	for _, o := range p.objs {
		fmt.Fprintf(&head, "%d %d ", o.num, body.Len())
		body.WriteString(o.text)
		body.WriteByte('\n')
	}
	p.stream(objstm, types.Dict{"Type": types.Name("ObjStm"), "N": types.Integer(len(p.objs)),
		"First": types.Integer(head.Len()), "Filter": types.Name("FlateDecode")}, deflate([]byte(head.String()+body.String())))
	xref := p.reserve()
	size := len(p.offsets)
	for i := 1; i < size; i++ {
		if p.offsets[i] == 0 && p.packed[i] == 0 && i != xref.ObjectNumber.Value() && p.err == nil {
			p.err = fmt.Errorf("archive: object %d was reserved but never written", i)
		}
	}
	start := p.n
	// Each entry: a type byte, four bytes of offset (or object stream number), two of
	// generation (or index in the object stream).
	entries := make([]byte, 0, size*7)
	entry := func(kind byte, a uint32, b uint16) {
		entries = append(entries, kind, byte(a>>24), byte(a>>16), byte(a>>8), byte(a), byte(b>>8), byte(b))
	}
	entry(0, 0, 0xffff)
	for i := 1; i < size; i++ {
		switch {
		case i == xref.ObjectNumber.Value():
			entry(1, uint32(start), 0)
		case p.packed[i] > 0:
			entry(2, uint32(objstm.ObjectNumber.Value()), uint16(p.packed[i]-1))
		default:
			entry(1, uint32(p.offsets[i]), 0)
		}
	}
	p.stream(xref, types.Dict{
		"Type": types.Name("XRef"), "Size": types.Integer(size),
		"W":    types.Array{types.Integer(1), types.Integer(4), types.Integer(2)},
		"Root": root, "Info": info,
		"ID":     types.Array{types.NewHexLiteral(id), types.NewHexLiteral(id)},
		"Filter": types.Name("FlateDecode"),
	}, deflate(entries))
	p.write(fmt.Sprintf("startxref\n%d\n%%%%EOF\n", start))
	if p.err != nil {
		return p.err
	}
	return p.w.Flush()
}

// textString spells a PDF text string: plain ASCII as it is, anything else as UTF-16BE with
// its byte order mark, always as a hex string so no escaping can go wrong.
func textString(s string) types.HexLiteral {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return types.HexLiteral(hex.EncodeToString([]byte(s)))
	}
	b := []byte{0xfe, 0xff}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return types.HexLiteral(hex.EncodeToString(b))
}
