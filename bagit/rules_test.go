package bagit

import (
	"archive/zip"
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// testBag is a bag built in memory for one rule: payload files, then changes to its tag files.
type testBag struct {
	version, encoding string
	algos             []string
	payload           map[string]string
	extra             map[string]string // files written as they are, after the manifests
	oxum              string            // "" for the right one
	encode            func(string) []byte
}

func sum(algo, s string) string {
	var h hash.Hash
	switch algo {
	case "md5":
		h = md5.New()
	case "sha1":
		h = sha1.New()
	default:
		h = sha512.New()
	}
	h.Write([]byte(s))
	return hex.EncodeToString(h.Sum(nil))
}

// zip writes the bag under one top-level folder, with manifests computed from the payload.
func (b testBag) zip(t *testing.T) []byte {
	if b.version == "" {
		b.version = "1.0"
	}
	if b.encoding == "" {
		b.encoding = "UTF-8"
	}
	if b.algos == nil {
		b.algos = []string{"sha512"}
	}
	if b.encode == nil {
		b.encode = func(s string) []byte { return []byte(s) }
	}
	files := map[string][]byte{"bagit.txt": []byte("BagIt-Version: " + b.version + "\nTag-File-Character-Encoding: " + b.encoding + "\n")}
	var names []string
	size := 0
	for p, body := range b.payload {
		names = append(names, p)
		files[p] = []byte(body)
		size += len(body)
	}
	sort.Strings(names)
	for _, a := range b.algos {
		var m strings.Builder
		for _, p := range names {
			fmt.Fprintf(&m, "%s  %s\n", sum(a, b.payload[p]), p)
		}
		files["manifest-"+a+".txt"] = b.encode(m.String())
	}
	oxum := b.oxum
	if oxum == "" {
		oxum = fmt.Sprintf("%d.%d", size, len(names))
	}
	files["bag-info.txt"] = b.encode("Source-Organization: Registre général\nPayload-Oxum: " + oxum + "\n")
	for p, body := range b.extra {
		files[p] = []byte(body)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for p, body := range files {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "bag/" + p, Modified: time.Unix(0, 0)})
		w.Write(body)
	}
	zw.Close()
	return buf.Bytes()
}

// TestVerifyRules: one bag per rule of RFC 8493, with the verdict it must get.
func TestVerifyRules(t *testing.T) {
	hello := map[string]string{"data/hello.txt": "hello\n", "data/sub/née.txt": "é\n"}
	utf16 := func(s string) []byte {
		b, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		return b
	}
	latin1 := func(s string) []byte { b, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte(s)); return b }
	cases := []struct {
		name    string
		bag     testBag
		verdict string // valid, warning, incomplete, or a word the refusal must contain
	}{
		{"SHA-512 manifest", testBag{payload: hello}, "valid"},
		{"SHA-1 and SHA-512 manifests", testBag{algos: []string{"sha1", "sha512"}, payload: hello}, "valid"},
		{"MD5 only warns", testBag{version: "0.97", algos: []string{"md5"}, payload: hello}, "warning"},
		{"UTF-16 tag files", testBag{version: "0.97", encoding: "UTF-16", payload: hello, encode: utf16}, "valid"},
		{"ISO-8859-1 tag files", testBag{version: "0.97", encoding: "ISO-8859-1", payload: hello, encode: latin1}, "valid"},
		{"unknown encoding", testBag{encoding: "X-NOPE", payload: hello}, "encoding"},
		{"bad Payload-Oxum", testBag{payload: hello, oxum: "999.2"}, "Payload-Oxum"},
		{"bad checksum", testBag{payload: hello, extra: map[string]string{"data/hello.txt": "changed\n"}}, "does not match"},
		{"extra payload file", testBag{payload: hello, extra: map[string]string{"data/stray.txt": "x"}}, "in no payload manifest"},
		{"missing payload file", testBag{payload: hello, extra: map[string]string{"manifest-sha512.txt": sum("sha512", "x") + "  data/gone.txt\n"}}, "missing"},
		{"path traversal in a manifest", testBag{payload: hello, extra: map[string]string{"manifest-sha512.txt": sum("sha512", "x") + "  data/../../etc/passwd\n"}}, "outside the bag"},
		{"absolute path in a manifest", testBag{payload: hello, extra: map[string]string{"manifest-sha512.txt": sum("sha512", "x") + "  /etc/passwd\n"}}, "outside the bag"},
		{"zip entry outside the bag", testBag{payload: hello, extra: map[string]string{"../evil.txt": "x"}}, "outside the bag"},
		{"holey bag is incomplete, not invalid", testBag{payload: hello, extra: map[string]string{
			"manifest-sha512.txt": sum("sha512", "hello\n") + "  data/hello.txt\n" + sum("sha512", "é\n") + "  data/sub/née.txt\n" + sum("sha512", "far") + "  data/far.txt\n",
			"fetch.txt":           "https://example.org/far.txt 3 data/far.txt\n"}}, "incomplete"},
		{"fetch.txt outside the payload", testBag{payload: hello, extra: map[string]string{"fetch.txt": "https://example.org/x - ../x\n"}}, "outside the bag"},
		{"case collision warns", testBag{version: "0.97", payload: map[string]string{"data/a.txt": "a"}, extra: map[string]string{
			"manifest-sha512.txt": sum("sha512", "a") + "  data/a.txt\n" + sum("sha512", "a") + "  data/A.txt\n"}}, "warning"},
		{"listed twice in 1.0", testBag{payload: map[string]string{"data/a.txt": "a"}, extra: map[string]string{
			"manifest-sha512.txt": sum("sha512", "a") + "  data/a.txt\n" + sum("sha512", "a") + "  data/a.txt\n"}}, "twice"},
		{"no bagit.txt", testBag{payload: hello, extra: map[string]string{"bagit.txt": ""}}, "lines"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			z := c.bag.zip(t)
			rep, err := Verify(bytes.NewReader(z), int64(len(z)))
			if err != nil {
				t.Fatal(err)
			}
			switch c.verdict {
			case "valid":
				if !rep.Complete() || len(rep.Warnings) > 0 {
					t.Errorf("want valid and complete without warnings: problems %q, warnings %q, to fetch %q", rep.Problems, rep.Warnings, rep.ToFetch)
				}
			case "warning":
				if !rep.Valid() || len(rep.Warnings) == 0 {
					t.Errorf("want valid with a warning: problems %q, warnings %q", rep.Problems, rep.Warnings)
				}
			case "incomplete":
				if !rep.Valid() || rep.Complete() || len(rep.ToFetch) != 1 {
					t.Errorf("want valid but incomplete (one file to fetch): problems %q, to fetch %q", rep.Problems, rep.ToFetch)
				}
			default:
				if rep.Valid() || !strings.Contains(strings.Join(rep.Problems, "; "), c.verdict) {
					t.Errorf("want refused for %q: problems %q", c.verdict, rep.Problems)
				}
			}
		})
	}
}

// TestCivregBagVerifies: a bag the writer makes is valid and complete, with no warning.
func TestCivregBagVerifies(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "civreg-record-1")
	if err := b.Add("originals/scan-1.png", strings.NewReader("png bytes"), time.Now(), ""); err != nil {
		t.Fatal(err)
	}
	if err := b.Close([][2]string{{"Source-Organization", "Civil Registry"}}); err != nil {
		t.Fatal(err)
	}
	rep, _ := Verify(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if !rep.Complete() || len(rep.Warnings) > 0 || rep.Files != 1 || rep.Bytes != 9 {
		t.Errorf("the writer's bag: %+v", rep)
	}
}
