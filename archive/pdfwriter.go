package archive

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfWriter writes a PDF file object by object, as a classic cross-reference table file:
// the simplest structure, which every reader and PDF/A validator understands. Objects are
// spelled with pdfcpu's types; what pdfcpu's own writer cannot do for PDF/A (keep the Info
// dictionary's dates and producer as given, so that they agree with the XMP metadata) is
// why the file itself is laid out here.
type pdfWriter struct {
	w       *bufio.Writer
	n       int64   // bytes written
	offsets []int64 // by object number; 0 = not yet written
	err     error
}

func newPDFWriter(w io.Writer) *pdfWriter {
	p := &pdfWriter{w: bufio.NewWriterSize(w, 64<<10), offsets: []int64{0}}
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
	return *types.NewIndirectRef(len(p.offsets)-1, 0)
}

func (p *pdfWriter) begin(ref types.IndirectRef) {
	p.offsets[ref.ObjectNumber.Value()] = p.n
	p.write(fmt.Sprintf("%d 0 obj\n", ref.ObjectNumber.Value()))
}

// object writes a non-stream object under ref.
func (p *pdfWriter) object(ref types.IndirectRef, o types.Object) {
	p.begin(ref)
	p.write(o.PDFString())
	p.write("\nendobj\n")
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

// finish writes the cross-reference table and trailer, ending the file at %%EOF.
func (p *pdfWriter) finish(root, info types.IndirectRef, id []byte) error {
	for i, off := range p.offsets {
		if i > 0 && off == 0 && p.err == nil {
			p.err = fmt.Errorf("archive: object %d was reserved but never written", i)
		}
	}
	xref := p.n
	p.write(fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)))
	for _, off := range p.offsets[1:] {
		p.write(fmt.Sprintf("%010d 00000 n \n", off))
	}
	trailer := types.Dict{
		"Size": types.Integer(len(p.offsets)),
		"Root": root,
		"Info": info,
		"ID":   types.Array{types.NewHexLiteral(id), types.NewHexLiteral(id)},
	}
	p.write("trailer\n" + trailer.PDFString() + fmt.Sprintf("\nstartxref\n%d\n%%%%EOF\n", xref))
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
