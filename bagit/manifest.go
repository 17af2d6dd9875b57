package bagit

import (
	"encoding/hex"
	"hash"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var (
	reManifest    = regexp.MustCompile(`^manifest-([a-z0-9]+)\.txt$`)
	reTagManifest = regexp.MustCompile(`^tagmanifest-([a-z0-9]+)\.txt$`)
	reSplit       = regexp.MustCompile(`^(\S+)[ \t]+\*?(.+)$`)
)

// systemFiles are files operating systems leave behind: listed but missing, or present but
// unlisted, they are worth a warning, not a refusal.
func systemFile(p string) bool {
	b := path.Base(p)
	return b == ".DS_Store" || b == "Thumbs.db" || b == "desktop.ini" || strings.HasPrefix(b, "._")
}

// fetchList reads fetch.txt (§2.2.3): URL, length (or -) and a path in the payload; a listed
// file not present makes the bag incomplete, not invalid.
func (c *check) fetchList() {
	lines, ok := c.tagFile("fetch.txt")
	if !ok {
		return
	}
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) < 3 {
			c.bad("fetch.txt has a malformed line %q", line)
			continue
		}
		if _, err := strconv.ParseInt(f[1], 10, 64); err != nil && f[1] != "-" {
			c.bad("fetch.txt gives the length %q, neither a number nor -", f[1])
		}
		p, ok := c.safePath(unescapePath(strings.Join(f[2:], " ")), "fetch.txt")
		if !ok {
			continue
		}
		if !strings.HasPrefix(p, "data/") {
			c.bad("fetch.txt names %q, which is not in the payload (data/)", p)
			continue
		}
		c.fetch[p] = true
	}
}

// manifestLines parses one manifest: path → checksum, with the duplicate rules of §2.1.3.
func (c *check) manifestLines(name string, lines []string) map[string]string {
	out := map[string]string{}
	normal := map[string]string{}
	for _, line := range lines {
		m := reSplit.FindStringSubmatch(line)
		if m == nil {
			c.bad("%s has a malformed line %q", name, line)
			continue
		}
		p, ok := c.safePath(unescapePath(m[2]), name)
		if !ok {
			continue
		}
		sum := strings.ToLower(m[1])
		if old, dup := out[p]; dup {
			switch {
			case old != sum:
				c.bad("%s lists %s twice with different checksums", name, p)
			case c.v1:
				c.bad("%s lists %s twice (BagIt 1.0 lists each file once)", name, p)
			default:
				c.warn("%s lists %s twice", name, p)
			}
			continue
		}
		key := cases.Fold().String(norm.NFC.String(p))
		if other, clash := normal[key]; clash {
			c.warn("%s lists %q and %q, which differ only in case or Unicode normalisation: they are one file on many file systems", name, other, p)
		}
		normal[key] = p
		out[p] = sum
	}
	return out
}

// payloadManifests reads every manifest-ALG.txt (§2.1.3) and checks every payload file
// against each: listed, present (or to be fetched), its checksum right.
func (c *check) payloadManifests() {
	var algos []string
	for p := range c.files {
		if m := reManifest.FindStringSubmatch(p); m != nil {
			algos = append(algos, m[1])
		}
	}
	sort.Strings(algos)
	if len(algos) == 0 {
		c.bad("the bag has no payload manifest (manifest-ALGORITHM.txt)")
		return
	}
	strong := false
	for _, a := range algos {
		name := "manifest-" + a + ".txt"
		if algorithms[a] == nil {
			c.warn("%s uses the algorithm %q, which this validator cannot compute: its checksums were not checked", name, a)
			continue
		}
		strong = strong || (a != "md5" && a != "sha1")
		lines, _ := c.tagFile(name)
		entries := c.manifestLines(name, lines)
		for p := range entries {
			if !strings.HasPrefix(p, "data/") {
				c.bad("%s lists %s, which is not in the payload (data/)", name, p)
				delete(entries, p)
			}
		}
		c.payload[a] = entries
	}
	if !strong {
		c.warn("the payload manifests use only MD5 or SHA-1, which RFC 8493 §2.4 advises against: the bag should also carry SHA-256 or SHA-512")
	}
	c.completeness()
	c.fixity(c.payload, "")
}

// completeness: every payload file is in the manifests (in each of them from BagIt 1.0), and
// every listed file is present or listed in fetch.txt.
func (c *check) completeness() {
	present := map[string]string{}
	for p := range c.files {
		if strings.HasPrefix(p, "data/") {
			present[cases.Fold().String(norm.NFC.String(p))] = p
		}
	}
	listed := map[string]bool{}
	for a, entries := range c.payload {
		for p := range entries {
			listed[p] = true
			if c.files[p] {
				continue
			}
			switch other, alike := present[cases.Fold().String(norm.NFC.String(p))]; {
			case c.fetch[p]:
			case alike:
				c.excused++
				c.warn("manifest-%s.txt lists %q, present only as %q (case or Unicode normalisation differs)", a, p, other)
			case systemFile(p):
				c.excused++
				c.warn("manifest-%s.txt lists the system file %s, which is missing", a, p)
			default:
				c.bad("%s is listed in manifest-%s.txt but missing from the bag", p, a)
			}
		}
	}
	for p := range c.fetch {
		if !c.files[p] {
			c.rep.ToFetch = append(c.rep.ToFetch, p)
		}
		if !listed[p] {
			c.bad("fetch.txt names %s, which no payload manifest lists", p)
		}
	}
	for p := range c.files {
		if !strings.HasPrefix(p, "data/") {
			continue
		}
		if !listed[p] {
			if systemFile(p) {
				c.warn("the system file %s is in the payload but in no manifest", p)
			} else {
				c.bad("%s is in the payload but in no payload manifest", p)
			}
			continue
		}
		c.rep.Files++
		c.rep.Bytes += c.sizes[p]
		for a, entries := range c.payload {
			if _, ok := entries[p]; !ok && c.v1 {
				c.bad("%s is in the payload but not in manifest-%s.txt (BagIt 1.0: every manifest lists every payload file)", p, a)
			}
		}
	}
}

// fixity reads each present file once and checks it against every manifest that lists it.
func (c *check) fixity(manifests map[string]map[string]string, kind string) {
	want := map[string]map[string]string{} // path → algorithm → checksum
	for a, entries := range manifests {
		for p, sum := range entries {
			if !c.files[p] {
				continue
			}
			if want[p] == nil {
				want[p] = map[string]string{}
			}
			want[p][a] = sum
		}
	}
	for p, sums := range want {
		hs := map[string]hash.Hash{}
		var ws []io.Writer
		for a := range sums {
			h := algorithms[a]()
			hs[a] = h
			ws = append(ws, h)
		}
		f, err := c.fsys.Open(p)
		if err != nil {
			c.bad("%s cannot be read: %v", p, err)
			continue
		}
		_, err = io.Copy(io.MultiWriter(ws...), f)
		f.Close()
		if err != nil {
			c.bad("%s cannot be read: %v", p, err)
			continue
		}
		for a, sum := range sums {
			if got := hex.EncodeToString(hs[a].Sum(nil)); got != sum {
				c.bad("%s does not match its %s checksum in %smanifest-%s.txt (listed %s, read %s)", p, a, kind, a, sum, got)
			}
		}
	}
}

// tagManifests reads every tagmanifest-ALG.txt (§2.2.1): each tag file listed is present
// and matches.
func (c *check) tagManifests() {
	manifests := map[string]map[string]string{}
	for p := range c.files {
		m := reTagManifest.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		if algorithms[m[1]] == nil {
			c.warn("%s uses the algorithm %q, which this validator cannot compute", p, m[1])
			continue
		}
		lines, _ := c.tagFile(p)
		entries := c.manifestLines(p, lines)
		for tp := range entries {
			if !c.files[tp] {
				c.bad("%s is listed in %s but missing from the bag", tp, p)
			}
		}
		manifests[m[1]] = entries
	}
	c.fixity(manifests, "tag")
}

// bagInfo reads bag-info.txt (§2.2.2) for Payload-Oxum, which must agree with the payload
// when the bag is complete.
func (c *check) bagInfo() {
	lines, ok := c.tagFile("bag-info.txt")
	if !ok {
		return
	}
	for i, line := range lines {
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			if line != "" && i == 0 {
				c.bad("bag-info.txt begins with a continuation line")
			}
			continue
		}
		label, value, ok := strings.Cut(line, ":")
		if !ok {
			c.bad("bag-info.txt has a line %q with no label", line)
			continue
		}
		if strings.TrimSpace(label) == "Payload-Oxum" && len(c.rep.ToFetch) == 0 {
			c.oxum(strings.TrimSpace(value))
		}
	}
}

func (c *check) oxum(v string) {
	octets, count, _ := strings.Cut(v, ".")
	nb, e1 := strconv.ParseInt(octets, 10, 64)
	nc, e2 := strconv.Atoi(count)
	if e1 != nil || e2 != nil {
		c.bad("Payload-Oxum %q is not OCTETS.COUNT", v)
		return
	}
	if (nb != c.rep.Bytes || nc != c.rep.Files) && c.excused > 0 {
		c.warn("Payload-Oxum %s does not agree with the payload (%d bytes in %d files), which lacks the listed files warned of", v, c.rep.Bytes, c.rep.Files)
	} else if nb != c.rep.Bytes || nc != c.rep.Files {
		c.bad("Payload-Oxum %s does not agree with the payload (%d bytes in %d files)", v, c.rep.Bytes, c.rep.Files)
	}
}
