package bagit

import (
	"archive/zip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"path"
	"sort"
	"strconv"
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

// Report says whether a bag is complete and valid, and what is wrong with it.
type Report struct {
	Root     string   `json:"root"`
	Files    int      `json:"payload_files"`
	Bytes    int64    `json:"payload_bytes"`
	Problems []string `json:"problems"`
}

// Valid says whether the bag is complete and every checksum holds.
func (r *Report) Valid() bool { return len(r.Problems) == 0 }

// Verify checks a zipped bag as RFC 8493 defines complete (§3) and valid: bagit.txt, at least
// one payload manifest, every payload file listed in every manifest and every listed file
// present, every checksum (payload and tag manifests) right, and Payload-Oxum agreeing.
func Verify(r io.ReaderAt, size int64) (*Report, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return &Report{Problems: []string{"the file is not a readable zip: " + err.Error()}}, nil
	}
	rep := &Report{}
	bad := func(format string, args ...any) { rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...)) }
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		root, rest, ok := strings.Cut(f.Name, "/")
		if !ok || rest == "" || strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			bad("%q is not inside the bag's folder", f.Name)
			continue
		}
		if rep.Root == "" {
			rep.Root = root
		} else if root != rep.Root {
			bad("the zip holds more than one top-level folder (%s and %s)", rep.Root, root)
			continue
		}
		files[rest] = f
	}
	read := func(name string) ([]byte, bool) {
		f := files[name]
		if f == nil {
			return nil, false
		}
		rc, err := f.Open()
		if err != nil {
			bad("%s cannot be read: %v", name, err)
			return nil, false
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 64<<20))
		if err != nil {
			bad("%s cannot be read: %v", name, err)
			return nil, false
		}
		return b, true
	}
	bagit, ok := read("bagit.txt")
	if !ok {
		bad("bagit.txt is missing")
	} else if !strings.Contains(string(bagit), "BagIt-Version: ") || !strings.Contains(string(bagit), "Tag-File-Character-Encoding: UTF-8") {
		bad("bagit.txt does not declare BagIt-Version and Tag-File-Character-Encoding: UTF-8")
	}
	algos := map[string]func() hash.Hash{"sha256": sha256.New, "sha512": sha512.New}
	manifests := 0
	listed := map[string]bool{}
	for _, algo := range []string{"sha256", "sha512"} {
		m, ok := read("manifest-" + algo + ".txt")
		if !ok {
			continue
		}
		manifests++
		inThis := map[string]bool{}
		for _, line := range strings.Split(strings.TrimRight(string(m), "\n"), "\n") {
			sum, p, ok := strings.Cut(line, " ")
			p = unescapePath(strings.TrimLeft(p, " *"))
			if !ok || !strings.HasPrefix(p, "data/") {
				bad("manifest-%s.txt has a malformed line %q", algo, line)
				continue
			}
			inThis[p] = true
			listed[p] = true
			f := files[p]
			if f == nil {
				bad("%s is listed in manifest-%s.txt but missing from the bag", p, algo)
				continue
			}
			h := algos[algo]()
			rc, err := f.Open()
			if err != nil {
				bad("%s cannot be read: %v", p, err)
				continue
			}
			n, err := io.Copy(h, rc)
			rc.Close()
			if err != nil {
				bad("%s cannot be read: %v", p, err)
				continue
			}
			if hex.EncodeToString(h.Sum(nil)) != strings.ToLower(sum) {
				bad("%s does not match its %s checksum", p, algo)
			}
			if algo == "sha256" || manifests == 1 {
				rep.Bytes += n
			}
		}
		for p := range files {
			if strings.HasPrefix(p, "data/") && !inThis[p] {
				bad("%s is in the payload but not in manifest-%s.txt", p, algo)
			}
		}
	}
	if manifests == 0 {
		bad("the bag has no payload manifest")
	}
	rep.Files = len(listed)
	if info, ok := read("bag-info.txt"); ok {
		for _, line := range strings.Split(string(info), "\n") {
			if v, ok := strings.CutPrefix(line, "Payload-Oxum: "); ok {
				bytesStr, countStr, _ := strings.Cut(strings.TrimSpace(v), ".")
				nb, e1 := strconv.ParseInt(bytesStr, 10, 64)
				nc, e2 := strconv.Atoi(countStr)
				if e1 != nil || e2 != nil || nb != rep.Bytes || nc != rep.Files {
					bad("Payload-Oxum %s does not agree with the payload (%d bytes in %d files)", v, rep.Bytes, rep.Files)
				}
			}
		}
	}
	if tm, ok := read("tagmanifest-sha256.txt"); ok {
		for _, line := range strings.Split(strings.TrimRight(string(tm), "\n"), "\n") {
			sum, p, _ := strings.Cut(line, " ")
			p = strings.TrimLeft(p, " *")
			b, ok := read(path.Clean(p))
			if !ok {
				bad("%s is listed in tagmanifest-sha256.txt but missing", p)
				continue
			}
			if s := sha256.Sum256(b); hex.EncodeToString(s[:]) != sum {
				bad("%s does not match its checksum in tagmanifest-sha256.txt", p)
			}
		}
	}
	sort.Strings(rep.Problems)
	return rep, nil
}
