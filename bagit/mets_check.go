package bagit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// METSCheck is what the METS documents of a bag (metadata/*.xml) say of it, checked against
// what it holds: every file they name present with their checksum and size, every payload
// file named, every ID they refer to defined, each file's PREMIS fixity its METS checksum.
type METSCheck struct {
	Documents int      `json:"documents"`
	Files     int      `json:"files"` // files the documents name
	Problems  []string `json:"problems"`
}

// metsFile is one mets:file as read back.
type metsFile struct {
	id, href, checksum, admid string
	size                      int64
}

// metsDoc is what one METS document defines and refers to.
type metsDoc struct {
	ids     map[string]bool
	refs    []string // IDREFs, as "ATTRIBUTE ID"
	files   []metsFile
	digests map[string]string // techMD ID → PREMIS messageDigest
	mptrs   []string
}

func (c *check) metsCheck() *METSCheck {
	var docs []string
	for p := range c.files {
		if strings.HasPrefix(p, "metadata/") && strings.HasSuffix(p, ".xml") {
			docs = append(docs, p)
		}
	}
	if len(docs) == 0 {
		return nil
	}
	sort.Strings(docs)
	mc := &METSCheck{}
	bad := func(format string, args ...any) { mc.Problems = append(mc.Problems, fmt.Sprintf(format, args...)) }
	named := map[string]bool{}
	for _, name := range docs {
		raw, err := fs.ReadFile(c.fsys, name)
		if err != nil {
			bad("%s cannot be read: %v", name, err)
			continue
		}
		d, err := readMETS(raw)
		if err != nil {
			bad("%s is not a well-formed METS document: %v", name, err)
			continue
		}
		mc.Documents++
		for _, r := range d.refs {
			attr, id, _ := strings.Cut(r, " ")
			if !d.ids[id] {
				bad("%s: %s refers to %q, which the document does not define", name, attr, id)
			}
		}
		for _, f := range d.files {
			named[f.href] = true
			mc.Files++
			c.metsFileAgrees(name, f, d, bad)
		}
		for _, p := range d.mptrs {
			if !c.files[p] {
				bad("%s points at the METS document %s, which the bag lacks", name, p)
			}
		}
	}
	for p := range c.files {
		if strings.HasPrefix(p, "data/") && !named[p] {
			bad("%s is in the payload but in no METS document", p)
		}
	}
	sort.Strings(mc.Problems)
	return mc
}

// metsFileAgrees: the file is in the bag with the size and SHA-256 the METS gives, and its
// PREMIS object carries the same digest.
func (c *check) metsFileAgrees(doc string, f metsFile, d *metsDoc, bad func(string, ...any)) {
	if !c.files[f.href] {
		bad("%s names %s (%s), which the bag lacks", doc, f.href, f.id)
		return
	}
	if c.sizes[f.href] != f.size {
		bad("%s gives %s the size %d; it is %d bytes", doc, f.href, f.size, c.sizes[f.href])
	}
	sum, ok := c.payload["sha256"][f.href]
	if !ok {
		fh, err := c.fsys.Open(f.href)
		if err != nil {
			bad("%s cannot be read: %v", f.href, err)
			return
		}
		h := sha256.New()
		io.Copy(h, fh)
		fh.Close()
		sum = hex.EncodeToString(h.Sum(nil))
	}
	if !strings.EqualFold(sum, f.checksum) {
		bad("%s gives %s the SHA-256 %s; the bag's is %s", doc, f.href, f.checksum, sum)
	}
	for _, adm := range strings.Fields(f.admid) {
		if dg, ok := d.digests[adm]; ok && !strings.EqualFold(dg, f.checksum) {
			bad("%s: the PREMIS fixity of %s (%s) is not its METS checksum", doc, f.id, adm)
		}
	}
}

// readMETS reads the IDs, references, files, PREMIS digests and pointers of a METS document.
func readMETS(raw []byte) (*metsDoc, error) {
	d := &metsDoc{ids: map[string]bool{}, digests: map[string]string{}}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	root := true
	tech := "" // the techMD being read
	inDigest := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return d, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root && (t.Name.Space != nsMETS || t.Name.Local != "mets") {
				return nil, fmt.Errorf("the root element is %s, not mets:mets", t.Name.Local)
			}
			root = false
			d.element(t)
			if t.Name.Space == nsMETS && t.Name.Local == "techMD" {
				tech = attr(t, "", "ID")
			}
			inDigest = t.Name.Space == nsPREMIS && t.Name.Local == "messageDigest"
		case xml.CharData:
			if inDigest && tech != "" {
				d.digests[tech] += strings.TrimSpace(string(t))
			}
		case xml.EndElement:
			inDigest = false
			if t.Name.Local == "techMD" {
				tech = ""
			}
		}
	}
}

func attr(t xml.StartElement, space, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// element notes what one METS element defines or refers to.
func (d *metsDoc) element(t xml.StartElement) {
	if id := attr(t, "", "ID"); id != "" && t.Name.Space == nsMETS {
		d.ids[id] = true
	}
	if t.Name.Space != nsMETS {
		return
	}
	for _, a := range []string{"ADMID", "DMDID", "FILEID"} {
		for _, id := range strings.Fields(attr(t, "", a)) {
			d.refs = append(d.refs, a+" "+id)
		}
	}
	switch t.Name.Local {
	case "file":
		size, _ := strconv.ParseInt(attr(t, "", "SIZE"), 10, 64)
		d.files = append(d.files, metsFile{id: attr(t, "", "ID"), checksum: attr(t, "", "CHECKSUM"), admid: attr(t, "", "ADMID"), size: size})
	case "FLocat":
		if n := len(d.files); n > 0 {
			d.files[n-1].href = attr(t, nsXLink, "href")
		}
	case "mptr":
		d.mptrs = append(d.mptrs, attr(t, nsXLink, "href"))
	}
}
