package pdfa

import (
	"encoding/xml"
	"strings"
)

// xmp is the document's XMP metadata: PDF/A identification, Dublin Core title, identifier
// and dates, and the XMP basic and PDF properties that mirror the Info dictionary. Every
// property comes from a schema PDF/A-2 predefines, so no extension schema is needed.
func xmp(doc Document, conformance string) []byte {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>` + strings.ToUpper(conformance[1:]) + `</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(doc.Title) + `</rdf:li></rdf:Alt></dc:title>
`)
	if doc.Identifier != "" {
		b.WriteString("   <dc:identifier>" + esc(doc.Identifier) + "</dc:identifier>\n")
	}
	if doc.Subject != "" {
		b.WriteString(`   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(doc.Subject) + "</rdf:li></rdf:Alt></dc:description>\n")
	}
	if len(doc.Dates) > 0 {
		b.WriteString("   <dc:date><rdf:Seq>")
		for _, d := range doc.Dates {
			b.WriteString("<rdf:li>" + esc(d) + "</rdf:li>")
		}
		b.WriteString("</rdf:Seq></dc:date>\n")
	}
	b.WriteString(`  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>` + esc(Producer) + `</xmp:CreatorTool>
   <xmp:CreateDate>` + xmpDate(doc.Created) + `</xmp:CreateDate>
   <xmp:ModifyDate>` + xmpDate(doc.Modified) + `</xmp:ModifyDate>
   <xmp:MetadataDate>` + xmpDate(doc.Modified) + `</xmp:MetadataDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>` + esc(Producer) + `</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`)
	// No padding: an archive copy is never edited in place; a new version is a new file.
	b.WriteString(`<?xpacket end="w"?>`)
	return []byte(b.String())
}
