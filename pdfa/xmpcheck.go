package pdfa

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
)

const (
	nsRDF       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsXML       = "http://www.w3.org/XML/1998/namespace"
	nsPDFAID    = "http://www.aiim.org/pdfa/ns/id/"
	nsExtension = "http://www.aiim.org/pdfa/ns/extension/"
	nsSchema    = "http://www.aiim.org/pdfa/ns/schema#"
	nsProperty  = "http://www.aiim.org/pdfa/ns/property#"
	nsType      = "http://www.aiim.org/pdfa/ns/type#"
	nsField     = "http://www.aiim.org/pdfa/ns/field#"
	nsIDQ       = "http://ns.adobe.com/xmp/Identifier/qual/1.0/"
	nsDC        = "http://purl.org/dc/elements/1.1/"
	nsXMP       = "http://ns.adobe.com/xap/1.0/"
	nsPDF       = "http://ns.adobe.com/pdf/1.3/"
)

// The prefixes PDF/A-2 requires for the extension schema container schemas (6.6.2.3.3).
var extensionPrefixes = map[string]string{
	nsExtension: "pdfaExtension", nsSchema: "pdfaSchema", nsProperty: "pdfaProperty",
	nsType: "pdfaType", nsField: "pdfaField",
}

// xnode is an XML element with its namespace URI and the prefix it was written with.
type xnode struct {
	ns, prefix, local string
	attrs             []xattr
	kids              []*xnode
	text              string
}

type xattr struct{ ns, prefix, local, value string }

// parseXML reads an XML document into a tree, resolving namespaces but keeping prefixes
// (PDF/A names the prefixes some schemas must use). It refuses DTDs: an XMP packet has none,
// and a DTD is how an XML bomb gets in.
func parseXML(b []byte) (*xnode, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	type scope map[string]string
	scopes := []scope{{"xml": nsXML}}
	lookup := func(p string) (string, bool) {
		for i := len(scopes) - 1; i >= 0; i-- {
			if u, ok := scopes[i][p]; ok {
				return u, true
			}
		}
		return "", false
	}
	var root *xnode
	var stack []*xnode
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, fmt.Errorf("the XMP contains a DTD or entity declaration")
		case xml.StartElement:
			sc := scope{}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					sc[a.Name.Local] = a.Value
				} else if a.Name.Space == "" && a.Name.Local == "xmlns" {
					sc[""] = a.Value
				}
			}
			scopes = append(scopes, sc)
			ns, ok := lookup(t.Name.Space)
			if !ok && t.Name.Space != "" {
				return nil, fmt.Errorf("the XMP uses the undeclared prefix %q", t.Name.Space)
			}
			n := &xnode{ns: ns, prefix: t.Name.Space, local: t.Name.Local}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				ans := ""
				if a.Name.Space != "" {
					if ans, ok = lookup(a.Name.Space); !ok {
						return nil, fmt.Errorf("the XMP uses the undeclared prefix %q", a.Name.Space)
					}
				}
				n.attrs = append(n.attrs, xattr{ans, a.Name.Space, a.Name.Local, a.Value})
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("the XMP is not well-formed")
			}
			stack = stack[:len(stack)-1]
			scopes = scopes[:len(scopes)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil || len(stack) != 0 {
		return nil, fmt.Errorf("the XMP is not well-formed")
	}
	return root, nil
}

func (n *xnode) attr(ns, local string) (string, bool) {
	for _, a := range n.attrs {
		if a.ns == ns && a.local == local {
			return a.value, true
		}
	}
	return "", false
}

// xval is an RDF value: simple text, an array (Bag, Seq, Alt) or a structure.
type xval struct {
	array    string // "", "Bag", "Seq", "Alt"
	text     string
	lang     string
	items    []*xval
	fields   []xprop // a structure's fields
	isStruct bool
}

// xprop is a property (or structure field) with the prefix it was written with.
type xprop struct {
	ns, prefix, name string
	val              *xval
}

// rdfProperties reads every top-level property of the packet's rdf:Description elements.
func rdfProperties(root *xnode) ([]xprop, error) {
	rdf := findRDF(root)
	if rdf == nil {
		return nil, fmt.Errorf("the XMP has no rdf:RDF element")
	}
	var props []xprop
	for _, d := range rdf.kids {
		if d.ns != nsRDF || d.local != "Description" {
			return nil, fmt.Errorf("rdf:RDF holds a %s element where rdf:Description belongs", d.local)
		}
		props = append(props, descriptionProps(d)...)
	}
	return props, nil
}

func findRDF(n *xnode) *xnode {
	if n.ns == nsRDF && n.local == "RDF" {
		return n
	}
	for _, k := range n.kids {
		if r := findRDF(k); r != nil {
			return r
		}
	}
	return nil
}

// descriptionProps reads the properties of an rdf:Description: its attributes (short form)
// and its child elements.
func descriptionProps(d *xnode) []xprop {
	var props []xprop
	for _, a := range d.attrs {
		if a.ns == nsRDF || a.ns == nsXML || a.ns == "" {
			continue
		}
		props = append(props, xprop{a.ns, a.prefix, a.local, &xval{text: a.value}})
	}
	for _, k := range d.kids {
		props = append(props, xprop{k.ns, k.prefix, k.local, rdfValue(k)})
	}
	return props
}

// rdfValue reads the value of a property element.
func rdfValue(p *xnode) *xval {
	if pt, _ := p.attr(nsRDF, "parseType"); pt == "Resource" {
		return &xval{isStruct: true, fields: descriptionProps(&xnode{kids: p.kids, attrs: nil})}
	}
	if r, ok := p.attr(nsRDF, "resource"); ok {
		return &xval{text: r}
	}
	for _, k := range p.kids {
		if k.ns == nsRDF && (k.local == "Bag" || k.local == "Seq" || k.local == "Alt") {
			v := &xval{array: k.local}
			for _, li := range k.kids {
				item := rdfValue(li)
				item.lang, _ = li.attr(nsXML, "lang")
				v.items = append(v.items, item)
			}
			return v
		}
		if k.ns == nsRDF && k.local == "Description" {
			return descriptionValue(k)
		}
	}
	// Non-RDF attributes on a property element with no children: a structure in short form.
	var fields []xprop
	for _, a := range p.attrs {
		if a.ns != nsRDF && a.ns != nsXML && a.ns != "" {
			fields = append(fields, xprop{a.ns, a.prefix, a.local, &xval{text: a.value}})
		}
	}
	if len(fields) > 0 && len(p.kids) == 0 {
		return &xval{isStruct: true, fields: fields}
	}
	if len(p.kids) > 0 {
		return &xval{isStruct: true, fields: descriptionProps(&xnode{kids: p.kids})}
	}
	return &xval{text: strings.TrimSpace(p.text)}
}

// descriptionValue is a nested rdf:Description: a structure, or a qualified simple value
// (rdf:value with qualifiers such as xmpidq:Scheme).
func descriptionValue(d *xnode) *xval {
	props := descriptionProps(d)
	for _, k := range d.kids {
		if k.ns == nsRDF && k.local == "value" {
			return &xval{text: strings.TrimSpace(k.text)}
		}
	}
	if v, ok := d.attr(nsRDF, "value"); ok {
		return &xval{text: v}
	}
	return &xval{isStruct: true, fields: props}
}

// The simple value types and how their text must look.
var (
	reInteger  = regexp.MustCompile(`^[+-]?[0-9]+$`)
	reReal     = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	reRational = regexp.MustCompile(`^[+-]?[0-9]+/[+-]?[0-9]+$`)
	reDate     = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$`)
	reGPS      = regexp.MustCompile(`^[0-9]{1,3},[0-9]{1,2}(,[0-9]{1,2}|\.[0-9]+)[NSEW]$`)
)

// simpleTypes are the XMP basic value types an extension schema may name, with their check.
var simpleTypes = map[string]func(string) bool{
	"Text": anyText, "URI": anyText, "URL": anyText, "AgentName": anyText, "ProperName": anyText,
	"Locale": anyText, "MIMEType": anyText, "GUID": anyText, "RenditionClass": anyText,
	"XPath": anyText, "Choice": anyText, "Open Choice": anyText, "Closed Choice": anyText,
	"Integer":       reInteger.MatchString,
	"Real":          reReal.MatchString,
	"Rational":      reRational.MatchString,
	"Date":          reDate.MatchString,
	"Boolean":       func(s string) bool { return s == "True" || s == "False" },
	"GPSCoordinate": reGPS.MatchString,
}

func anyText(string) bool { return true }

// typeSystem resolves value types: the predefined ones and those an extension schema declares.
type typeSystem struct {
	props   map[string]map[string]string // namespace → property → type
	structs map[string]*xmpStruct
}

// check says whether v is a value of type typ.
func (ts *typeSystem) check(v *xval, typ string) bool {
	typ = strings.TrimSpace(typ)
	if typ == "LangAlt" || strings.EqualFold(typ, "Lang Alt") {
		if v.array != "Alt" {
			return false
		}
		for _, it := range v.items {
			if it.array != "" || it.isStruct || it.lang == "" {
				return false
			}
		}
		return true
	}
	for _, kind := range []string{"Bag", "Seq", "Alt"} {
		if rest, ok := strings.CutPrefix(typ, kind+" "); ok {
			if v.array != kind {
				return false
			}
			for _, it := range v.items {
				if !ts.check(it, rest) {
					return false
				}
			}
			return true
		}
	}
	if f, ok := simpleTypes[typ]; ok {
		return v.array == "" && !v.isStruct && f(v.text)
	}
	// Choices name their base type ("Closed Choice of Integer").
	if _, base, ok := strings.Cut(typ, " of "); ok {
		return ts.check(v, base)
	}
	s := ts.structs[typ]
	if s == nil {
		return false
	}
	if !v.isStruct {
		return false
	}
	for _, f := range v.fields {
		ft, ok := s.fields[f.name]
		if f.ns != s.ns || !ok || !ts.check(f.val, ft) {
			return false
		}
	}
	return true
}

// extensionSchemas reads the pdfaExtension:schemas property: the namespaces it declares
// and their properties and value types, and the problems with its own shape (6.6.2.3.3).
func extensionSchemas(props []xprop, ts *typeSystem) (problems []string) {
	for _, p := range props {
		if p.ns != nsExtension {
			continue
		}
		if p.prefix != "pdfaExtension" {
			problems = append(problems, `the PDF/A extension schema container is not written with the prefix "pdfaExtension"`)
		}
		if p.name != "schemas" || p.val.array != "Bag" {
			problems = append(problems, "pdfaExtension:schemas is not a Bag of schemas")
			continue
		}
		for _, sch := range p.val.items {
			problems = append(problems, readSchema(sch, ts)...)
		}
	}
	return problems
}

// fieldsOf returns a structure's fields by name, checking each is in namespace ns written
// with the prefix PDF/A requires.
func fieldsOf(v *xval, ns, what string, problems *[]string) map[string]*xval {
	out := map[string]*xval{}
	if !v.isStruct {
		*problems = append(*problems, what+" is not a structure")
		return out
	}
	for _, f := range v.fields {
		if f.ns != ns {
			*problems = append(*problems, fmt.Sprintf("%s holds the field %s:%s from another namespace", what, f.prefix, f.name))
			continue
		}
		if f.prefix != extensionPrefixes[ns] {
			*problems = append(*problems, fmt.Sprintf("%s's namespace %s is written with the prefix %q, not %q", what, ns, f.prefix, extensionPrefixes[ns]))
		}
		out[f.name] = f.val
	}
	return out
}

func text(v *xval) string {
	if v == nil || v.array != "" || v.isStruct {
		return ""
	}
	return v.text
}

func readSchema(sch *xval, ts *typeSystem) (problems []string) {
	f := fieldsOf(sch, nsSchema, "an extension schema description", &problems)
	for _, req := range []string{"schema", "namespaceURI", "prefix"} {
		if text(f[req]) == "" {
			problems = append(problems, "an extension schema description has no pdfaSchema:"+req)
		}
	}
	uri := text(f["namespaceURI"])
	if vt := f["valueType"]; vt != nil {
		if vt.array != "Seq" {
			problems = append(problems, "pdfaSchema:valueType is not a Seq")
		}
		for _, t := range vt.items {
			problems = append(problems, readValueType(t, ts)...)
		}
	}
	if pr := f["property"]; pr != nil {
		if pr.array != "Seq" {
			problems = append(problems, "pdfaSchema:property is not a Seq")
		}
		for _, it := range pr.items {
			pf := fieldsOf(it, nsProperty, "an extension property description", &problems)
			for _, req := range []string{"name", "valueType", "category", "description"} {
				if text(pf[req]) == "" {
					problems = append(problems, "an extension property description has no pdfaProperty:"+req)
				}
			}
			if c := text(pf["category"]); c != "" && c != "internal" && c != "external" {
				problems = append(problems, fmt.Sprintf("pdfaProperty:category is %q, not internal or external", c))
			}
			if uri != "" && text(pf["name"]) != "" {
				if ts.props[uri] == nil {
					ts.props[uri] = map[string]string{}
				}
				ts.props[uri][text(pf["name"])] = text(pf["valueType"])
			}
		}
	}
	return problems
}

func readValueType(t *xval, ts *typeSystem) (problems []string) {
	tf := fieldsOf(t, nsType, "an extension value type", &problems)
	for _, req := range []string{"type", "namespaceURI", "prefix", "description"} {
		if text(tf[req]) == "" {
			problems = append(problems, "an extension value type has no pdfaType:"+req)
		}
	}
	fl := tf["field"]
	if fl == nil {
		problems = append(problems, "an extension value type has no pdfaType:field")
		return problems
	}
	s := &xmpStruct{ns: text(tf["namespaceURI"]), fields: map[string]string{}}
	for _, it := range fl.items {
		ff := fieldsOf(it, nsField, "an extension value type's field", &problems)
		for _, req := range []string{"name", "valueType", "description"} {
			if text(ff[req]) == "" {
				problems = append(problems, "an extension value type's field has no pdfaField:"+req)
			}
		}
		s.fields[text(ff["name"])] = text(ff["valueType"])
	}
	if name := text(tf["type"]); name != "" {
		ts.structs[name] = s
	}
	return problems
}

// newTypeSystem starts from the predefined schemas.
func newTypeSystem() *typeSystem {
	ts := &typeSystem{props: map[string]map[string]string{}, structs: map[string]*xmpStruct{}}
	for ns, p := range predefinedProps {
		m := map[string]string{}
		for k, v := range p {
			m[k] = v
		}
		ts.props[ns] = m
	}
	for k, v := range predefinedStructs {
		ts.structs[k] = v
	}
	return ts
}

// checkProperties returns a problem for every property that is neither predefined nor
// declared in an extension schema, or whose value is not of its type.
func (ts *typeSystem) checkProperties(props []xprop) (undeclared, mistyped []string) {
	for _, p := range props {
		switch p.ns {
		case nsExtension, nsRDF, nsXML:
			continue
		}
		schema := ts.props[p.ns]
		typ, ok := schema[p.name]
		if !ok {
			undeclared = append(undeclared, fmt.Sprintf("%s:%s (%s) is not a predefined property and no extension schema declares it", p.prefix, p.name, p.ns))
			continue
		}
		if !ts.check(p.val, typ) {
			mistyped = append(mistyped, fmt.Sprintf("%s:%s is not a value of its type %s", p.prefix, p.name, typ))
		}
	}
	return undeclared, mistyped
}
