package bagit

import (
	"archive/zip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"civreg"
)

// Bag writes a BagIt bag (RFC 8493) as a zip, streaming: each payload file goes into the zip
// as it is read, hashed on the way, and only the manifests (one line per file) are kept in
// memory. The bag sits in one top-level folder, as RFC 8493 advises for serialised bags.
type Bag struct {
	zw        *zip.Writer
	root      string
	lines256  []string
	lines512  []string
	oxumBytes int64
	oxumFiles int
	tags      map[string][sha256.Size]byte // tag file → its SHA-256, for the tag manifest
	failed    bool
}

// NewBag starts a bag named root (a safe folder name) written to w.
func New(w io.Writer, root string) *Bag {
	return &Bag{zw: zip.NewWriter(w), root: root, tags: map[string][sha256.Size]byte{}}
}

// Add streams one payload file into data/name. When wantSHA256 is given, the bytes read must
// have that hash: a stored file that no longer matches its recorded hash fails the whole bag
// (ECORRUPT) rather than ship a bag whose manifest vouches for bad bytes.
func (b *Bag) Add(name string, r io.Reader, modified time.Time, wantSHA256 string) error {
	if b.failed {
		return fmt.Errorf("archive: the bag has already failed")
	}
	name = "data/" + name
	method := zip.Store // scans and PDFs are compressed already
	if strings.HasSuffix(name, ".json") {
		method = zip.Deflate
	}
	fw, err := b.zw.CreateHeader(&zip.FileHeader{Name: b.root + "/" + name, Method: method, Modified: modified.UTC()})
	if err != nil {
		return err
	}
	h256, h512 := sha256.New(), sha512.New()
	n, err := io.Copy(io.MultiWriter(fw, h256, h512), r)
	if err != nil {
		b.failed = true
		return fmt.Errorf("archive: reading %s for the bag: %w", name, err)
	}
	sum := hex.EncodeToString(h256.Sum(nil))
	if wantSHA256 != "" && sum != wantSHA256 {
		b.failed = true
		return civreg.Errorf(civreg.ECORRUPT, "%s no longer matches its recorded SHA-256 (recorded %s, read %s): the export was stopped so that no bag vouches for changed bytes", name, wantSHA256, sum)
	}
	b.lines256 = append(b.lines256, sum+"  "+escapePath(name))
	b.lines512 = append(b.lines512, hex.EncodeToString(h512.Sum(nil))+"  "+escapePath(name))
	b.oxumBytes += n
	b.oxumFiles++
	return nil
}

// Close writes the tag files and ends the zip. info goes into bag-info.txt in the order given;
// Bagging-Date and Payload-Oxum are added here.
func (b *Bag) Close(info [][2]string) error {
	if b.failed {
		return fmt.Errorf("archive: the bag failed and was not finished")
	}
	sort.Strings(b.lines256)
	sort.Strings(b.lines512)
	if err := b.tag("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"); err != nil {
		return err
	}
	var bi strings.Builder
	for _, kv := range info {
		fmt.Fprintf(&bi, "%s: %s\n", kv[0], strings.NewReplacer("\n", " ", "\r", " ").Replace(kv[1]))
	}
	fmt.Fprintf(&bi, "Bagging-Date: %s\nPayload-Oxum: %d.%d\n", time.Now().UTC().Format("2006-01-02"), b.oxumBytes, b.oxumFiles)
	if err := b.tag("bag-info.txt", bi.String()); err != nil {
		return err
	}
	if err := b.tag("manifest-sha256.txt", strings.Join(b.lines256, "\n")+"\n"); err != nil {
		return err
	}
	if err := b.tag("manifest-sha512.txt", strings.Join(b.lines512, "\n")+"\n"); err != nil {
		return err
	}
	var tm []string
	for name, sum := range b.tags {
		tm = append(tm, hex.EncodeToString(sum[:])+"  "+name)
	}
	sort.Strings(tm)
	fw, err := b.zw.Create(b.root + "/tagmanifest-sha256.txt")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(fw, strings.Join(tm, "\n")+"\n"); err != nil {
		return err
	}
	return b.zw.Close()
}

// AddTag writes a tag file of the bag's own (a METS document under metadata/, say): outside
// the payload, covered by the tag manifest.
func (b *Bag) AddTag(name string, content []byte) error {
	if b.failed {
		return fmt.Errorf("archive: the bag has already failed")
	}
	return b.tag(name, string(content))
}

func (b *Bag) tag(name, content string) error {
	fw, err := b.zw.Create(b.root + "/" + name)
	if err != nil {
		return err
	}
	b.tags[name] = sha256.Sum256([]byte(content))
	_, err = io.WriteString(fw, content)
	return err
}

// escapePath spells a path for a manifest line: RFC 8493 §2.1.3 percent-encodes CR, LF and %.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(p)
}

func unescapePath(p string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(p)
}
