package pdfa

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
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
}

var verdict = regexp.MustCompile(`-(pass|fail)-[a-z]+\.pdf$`)

// TestVeraPDFCorpusSurvey reports, for every folder of the corpus, how often the verifier
// agrees; it fails nothing. Run with -v to see it.
func TestVeraPDFCorpusSurvey(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	type tally struct {
		agree, total int
		bad          []string
	}
	by := map[string]*tally{}
	for _, root := range []string{"../../shared/corpus/verapdf-pdfa2b", "../../shared/corpus/verapdf-pdfa2u"} {
		filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
			m := verdict.FindStringSubmatch(path)
			if err != nil || info.IsDir() || m == nil {
				return nil
			}
			dir, _ := filepath.Rel(root, filepath.Dir(path))
			f, _ := os.Open(path)
			rep, _ := Verify(f)
			f.Close()
			tl := by[dir]
			if tl == nil {
				tl = &tally{}
				by[dir] = tl
			}
			tl.total++
			if rep.OK() == (m[1] == "pass") {
				tl.agree++
			} else {
				msg := filepath.Base(path) + ": "
				for _, f := range rep.Failures {
					msg += f.Clause + " " + f.Message + "; "
				}
				tl.bad = append(tl.bad, msg)
			}
			return nil
		})
	}
	var dirs []string
	for d := range by {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		_, covered := coveredFolders[d]
		t.Logf("%v %3d/%3d %s", covered, by[d].agree, by[d].total, d)
		if covered || os.Getenv("SURVEY_ALL") != "" {
			for _, b := range by[d].bad {
				t.Logf("      %s", strings.ReplaceAll(b, "veraPDF test suite ", ""))
			}
		}
	}
}

// TestVeraPDFCorpus: for every corpus folder the verifier covers, each file's verdict agrees
// with the -pass-/-fail- in its name, and a failing file fails under that folder's clause.
func TestVeraPDFCorpus(t *testing.T) {
	root := "../../shared/corpus/verapdf-pdfa2b"
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
