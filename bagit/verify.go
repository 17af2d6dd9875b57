package bagit

import (
	"archive/zip"
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
)

// Report says whether a bag is valid and complete (RFC 8493 §3), what makes it invalid,
// what is still to be fetched, and what is legal but unwise.
type Report struct {
	Root     string   `json:"root,omitempty"`
	Version  string   `json:"bagit_version,omitempty"`
	Files    int      `json:"payload_files"`
	Bytes    int64    `json:"payload_bytes"`
	Problems []string `json:"problems"`           // each makes the bag invalid
	ToFetch  []string `json:"to_fetch,omitempty"` // listed in fetch.txt and not present: incomplete
	Warnings []string `json:"warnings,omitempty"`
	// METS is what the civreg METS documents in the bag say of it, when it has any.
	METS *METSCheck `json:"mets,omitempty"`
}

// Valid says whether every rule of RFC 8493 holds for what the bag holds.
func (r *Report) Valid() bool { return len(r.Problems) == 0 }

// Complete says whether the bag is valid and holds every file its manifests list.
func (r *Report) Complete() bool { return r.Valid() && len(r.ToFetch) == 0 }

// algorithms are the manifest algorithms read; MD5 and SHA-1 for legacy bags, as RFC 8493
// §2.4 asks, with a warning.
var algorithms = map[string]func() hash.Hash{
	"md5": md5.New, "sha1": sha1.New, "sha224": sha256.New224, "sha256": sha256.New,
	"sha384": sha512.New384, "sha512": sha512.New,
}

// Verify checks a zipped bag: its files in one top-level folder (or at the zip's root).
func Verify(r io.ReaderAt, size int64) (*Report, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return &Report{Problems: []string{"the file is not a readable zip: " + err.Error()}}, nil
	}
	rep := &Report{}
	roots := map[string]bool{}
	atRoot := false
	for _, f := range zr.File {
		name := strings.TrimSuffix(f.Name, "/")
		if !fs.ValidPath(name) || strings.Contains(f.Name, "\\") {
			rep.Problems = append(rep.Problems, fmt.Sprintf("the zip entry %q points outside the bag", f.Name))
			continue
		}
		root, _, nested := strings.Cut(name, "/")
		roots[root] = true
		atRoot = atRoot || (!nested && name == "bagit.txt")
	}
	if len(rep.Problems) > 0 {
		return rep, nil
	}
	var fsys fs.FS = zr
	if !atRoot {
		if len(roots) != 1 {
			rep.Problems = append(rep.Problems, fmt.Sprintf("the zip holds %d top-level entries and no bagit.txt at its root: a serialised bag has one top-level folder", len(roots)))
			return rep, nil
		}
		for root := range roots {
			rep.Root = root
			fsys, _ = fs.Sub(zr, root)
		}
	}
	verifyFS(fsys, rep)
	return rep, nil
}

// VerifyDir checks a bag written out as a folder.
func VerifyDir(dir string) (*Report, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("bagit: %s is not a folder", dir)
	}
	rep := &Report{Root: path.Base(dir)}
	verifyFS(os.DirFS(dir), rep)
	return rep, nil
}

// check is one bag being verified.
type check struct {
	fsys    fs.FS
	rep     *Report
	enc     encoding.Encoding
	v1      bool            // BagIt 1.0 or later, whose stricter rules apply
	files   map[string]bool // every regular file, by its path in the bag
	sizes   map[string]int64
	fetch   map[string]bool
	payload map[string]map[string]string // manifest algorithm → path → checksum
	excused int                          // listed files missing for a reason worth only a warning
}

func (c *check) bad(format string, args ...any) {
	c.rep.Problems = append(c.rep.Problems, fmt.Sprintf(format, args...))
}

func (c *check) warn(format string, args ...any) {
	c.rep.Warnings = append(c.rep.Warnings, fmt.Sprintf(format, args...))
}

func verifyFS(fsys fs.FS, rep *Report) {
	c := &check{fsys: fsys, rep: rep, files: map[string]bool{}, sizes: map[string]int64{},
		fetch: map[string]bool{}, payload: map[string]map[string]string{}}
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			c.bad("%s cannot be read: %v", p, err)
			return nil
		}
		if d.Type().IsRegular() {
			c.files[p] = true
			if info, err := d.Info(); err == nil {
				c.sizes[p] = info.Size()
			}
		}
		return nil
	})
	if !c.declaration() {
		sort.Strings(rep.Problems)
		return
	}
	c.fetchList()
	c.payloadManifests()
	c.tagManifests()
	c.bagInfo()
	if m := c.metsCheck(); m != nil {
		rep.METS = m
	}
	sort.Strings(rep.Problems)
	sort.Strings(rep.ToFetch)
	sort.Strings(rep.Warnings)
}

var (
	reVersion  = regexp.MustCompile(`^BagIt-Version: ([0-9]+)\.([0-9]+)$`)
	reEncoding = regexp.MustCompile(`^Tag-File-Character-Encoding: (\S+)$`)
)

// declaration reads bagit.txt (§2.1.1): UTF-8 without a byte-order mark, the version and
// the tag files' encoding, each on its own line as written.
func (c *check) declaration() bool {
	raw, err := fs.ReadFile(c.fsys, "bagit.txt")
	if err != nil {
		c.bad("bagit.txt is missing: this is not a bag")
		return false
	}
	if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		c.bad("bagit.txt begins with a byte-order mark, which RFC 8493 §2.1.1 forbids")
		return false
	}
	lines := splitLines(string(raw))
	if len(lines) != 2 {
		c.bad("bagit.txt has %d lines; it must have exactly BagIt-Version and Tag-File-Character-Encoding", len(lines))
		return false
	}
	v, e := reVersion.FindStringSubmatch(lines[0]), reEncoding.FindStringSubmatch(lines[1])
	if v == nil {
		c.bad("bagit.txt's first line %q is not \"BagIt-Version: M.N\"", lines[0])
		return false
	}
	if e == nil {
		c.bad("bagit.txt's second line %q is not \"Tag-File-Character-Encoding: ENCODING\"", lines[1])
		return false
	}
	c.rep.Version = v[1] + "." + v[2]
	major, _ := strconv.Atoi(v[1])
	c.v1 = major >= 1
	c.enc = tagEncoding(e[1])
	if c.enc == nil {
		c.bad("bagit.txt names the tag-file encoding %q, which is not a known character set", e[1])
		return false
	}
	return true
}

func tagEncoding(name string) encoding.Encoding {
	switch strings.ToUpper(name) {
	case "UTF-8":
		return unicode.UTF8
	case "UTF-16":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case "ISO-8859-1", "LATIN1":
		return charmap.ISO8859_1
	}
	e, err := ianaindex.IANA.Encoding(name)
	if err != nil {
		return nil
	}
	return e
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// tagFile reads a tag file in the bag's declared encoding.
func (c *check) tagFile(name string) ([]string, bool) {
	raw, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		return nil, false
	}
	text, err := c.enc.NewDecoder().Bytes(raw)
	if err != nil {
		c.bad("%s is not in the declared encoding: %v", name, err)
		return nil, false
	}
	return splitLines(strings.TrimPrefix(string(text), "\ufeff")), true
}

// safePath checks a path a manifest or fetch.txt names (§2.1.3, §2.2.3): inside the bag, no
// absolute path, no "..", no "~".
func (c *check) safePath(p, where string) (string, bool) {
	clean := p
	if strings.HasPrefix(p, "./") {
		clean = strings.TrimPrefix(p, "./")
		c.warn("%s names %q with a leading ./", where, p)
	}
	if strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "~") || strings.Contains(clean, "\\") || !fs.ValidPath(clean) {
		c.bad("%s names %q, which points outside the bag", where, p)
		return "", false
	}
	return clean, true
}
