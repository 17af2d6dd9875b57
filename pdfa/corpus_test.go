package pdfa

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"civreg/internal/corpus"
)

// coveredFolders maps each veraPDF corpus folder the verifier covers to the clause its
// failures are reported under.
var coveredFolders = map[string]string{
	"6.1 File structure/6.1.2 File header":                                                             "6.1.2",
	"6.1 File structure/6.1.3 File trailer":                                                            "6.1.3",
	"6.1 File structure/6.1.12 Permissions":                                                            "6.1.12",
	"6.2 Graphics/6.2.3 Output intent":                                                                 "6.2.3",
	"6.2 Graphics/6.2.8 Images/6.2.8.1 General":                                                        "6.2.8",
	"6.3 Annotations/6.3.2 Annotation dictionaries":                                                    "6.3.2",
	"6.5 Action/6.5.1 General":                                                                         "6.5.1",
	"6.5 Action/6.5.2 Trigger events":                                                                  "6.5.2",
	"6.6 Metadata/6.6.2 Metadata streams/6.6.2.1 General":                                              "6.6.2.1",
	"6.6 Metadata/6.6.2 Metadata streams/6.6.2.3 Schemas/6.6.2.3.1 General":                            "6.6.2.3.1",
	"6.6 Metadata/6.6.2 Metadata streams/6.6.2.3 Schemas/6.6.2.3.2 Extension schemas":                  "6.6.2.3.2",
	"6.6 Metadata/6.6.2 Metadata streams/6.6.2.3 Schemas/6.6.2.3.3 Extension schema container schemas": "6.6.2.3.3",
	"6.6 Metadata/6.6.4 Version and conformance level identification":                                  "6.6.4",
	"6.1 File structure/6.1.4 Cross reference table":                                                   "6.1.4",
	"6.1 File structure/6.1.6 String objects":                                                          "6.1.6",
	"6.1 File structure/6.1.7.1 General":                                                               "6.1.7.1",
	"6.1 File structure/6.1.9 Indirect objects":                                                        "6.1.9",
	"6.2 Graphics/6.2.6 Rendering intents":                                                             "6.2.6",
	"6.2 Graphics/6.2.9 XObjects/6.2.9.1 Form XObjects":                                                "6.2.9.1",
	"6.2 Graphics/6.2.9 XObjects/6.2.9.2 Reference XObjects":                                           "6.2.9.2",
	"6.2 Graphics/6.2.9 XObjects/6.2.9.3 PostScript XObjects":                                          "6.2.9.3",
	"6.3 Annotations/6.3.1 Annotation types":                                                           "6.3.1",
	"6.4 Interactive forms/6.4.2 XFA forms":                                                            "6.4.2",
}

var verdict = regexp.MustCompile(`-(pass|fail)-[a-z]+\.pdf$`)

// veraFile is one file of veraPDF's corpus with the verdict its name gives.
type veraFile struct {
	path, dir string // dir: the clause folder, relative to the corpus
	valid     bool
	rep       *Report
}

// veraPDFCorpus verifies every file of the PDF/A-2b and -2u corpora.
func veraPDFCorpus(t *testing.T) []veraFile {
	var out []veraFile
	for _, root := range []string{corpusDir(t, "verapdf-pdfa2b"), corpusDir(t, "verapdf-pdfa2u")} {
		filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
			m := verdict.FindStringSubmatch(path)
			if err != nil || info.IsDir() || m == nil {
				return nil
			}
			rep := verifyFile(t, path)
			dir, _ := filepath.Rel(root, filepath.Dir(path))
			out = append(out, veraFile{path, dir, m[1] == "pass", rep})
			return nil
		})
	}
	if len(out) == 0 {
		t.Fatal("the veraPDF corpus holds no files")
	}
	return out
}

// TestVeraPDFCorpusValidFilesAccepted: not one valid file of the corpus is rejected, and
// every failure reported anywhere is under a clause Rules lists as checked.
func TestVeraPDFCorpusValidFilesAccepted(t *testing.T) {
	checked := map[string]bool{}
	for _, r := range Rules {
		if r.Checked {
			checked[r.Clause] = true
		}
	}
	valid := 0
	for _, f := range veraPDFCorpus(t) {
		for _, x := range f.rep.Failures {
			if !checked[x.Clause] && x.Clause != "6.1" {
				t.Errorf("%s fails clause %s, which Rules says is not checked", filepath.Base(f.path), x.Clause)
			}
		}
		if !f.valid {
			continue
		}
		valid++
		if !f.rep.OK() {
			t.Errorf("%s is valid but rejected: %s", filepath.Base(f.path), f.rep.Summary())
		}
	}
	t.Logf("%d valid files, all accepted", valid)
}

// TestVeraPDFCorpusByClause prints, by clause, the invalid files caught and the valid ones
// accepted (the README's table); run with -v.
func TestVeraPDFCorpusByClause(t *testing.T) {
	type tally struct{ caught, own, invalid, accepted, valid int }
	by := map[string]*tally{}
	var all tally
	for _, f := range veraPDFCorpus(t) {
		clause := f.dir
		if i := strings.LastIndex(clause, "/"); i >= 0 {
			clause = clause[i+1:]
		}
		clause, _, _ = strings.Cut(clause, " ")
		tl := by[clause]
		if tl == nil {
			tl = &tally{}
			by[clause] = tl
		}
		for _, x := range []*tally{tl, &all} {
			if f.valid {
				x.valid++
				if f.rep.OK() {
					x.accepted++
				}
			} else {
				x.invalid++
				if !f.rep.OK() {
					x.caught++
				}
				if failsUnder(f.rep, clause) {
					x.own++
				}
			}
		}
	}
	var clauses []string
	for c := range by {
		clauses = append(clauses, c)
	}
	sort.Slice(clauses, func(i, j int) bool { return clauseLess(clauses[i], clauses[j]) })
	t.Logf("| clause | invalid files caught | of them, under this clause | valid files accepted |")
	t.Logf("|---|---|---|---|")
	for _, c := range clauses {
		x := by[c]
		t.Logf("| %s | %d / %d | %d | %d / %d |", c, x.caught, x.invalid, x.own, x.accepted, x.valid)
	}
	t.Logf("| all | %d / %d (%.0f%%) | %d | %d / %d |", all.caught, all.invalid, 100*float64(all.caught)/float64(all.invalid), all.own, all.accepted, all.valid)
}

// failsUnder says whether a report fails a clause, or a clause it is part of or holds.
func failsUnder(rep *Report, clause string) bool {
	for _, f := range rep.Failures {
		if strings.HasPrefix(clause, f.Clause) || strings.HasPrefix(f.Clause, clause) {
			return true
		}
	}
	return false
}

// clauseLess orders clause numbers numerically part by part (6.2.10 after 6.2.9).
func clauseLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] != pb[i] {
			na, ea := strconv.Atoi(pa[i])
			nb, eb := strconv.Atoi(pb[i])
			if ea == nil && eb == nil {
				return na < nb
			}
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}

// TestVeraPDFCorpus: for every corpus folder the verifier covers, each file's verdict agrees
// with the -pass-/-fail- in its name, and a failing file fails under that folder's clause.
func TestVeraPDFCorpus(t *testing.T) {
	root := corpusDir(t, "verapdf-pdfa2b")
	if _, err := os.Stat(root); err != nil {
		t.Fatalf("the veraPDF corpus is missing at %s: %v", root, err)
	}
	checked := 0
	for dir, clause := range coveredFolders {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.pdf"))
		if len(files) == 0 {
			t.Errorf("no files in covered folder %s", dir)
		}
		for _, path := range files {
			m := verdict.FindStringSubmatch(path)
			if m == nil {
				continue
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			checked++
			name := filepath.Base(path)
			if m[1] == "pass" && !rep.OK() {
				t.Errorf("%s should pass, but: %+v", name, rep.Failures)
			}
			if m[1] == "fail" {
				hit := false
				for _, f := range rep.Failures {
					hit = hit || strings.HasPrefix(f.Clause, clause)
				}
				if !hit {
					t.Errorf("%s should fail clause %s, but: %+v", name, clause, rep.Failures)
				}
			}
		}
	}
	t.Logf("%d corpus files agree", checked)
}

func corpusDir(t *testing.T, name string) string { return corpus.Dir(t, name) }
