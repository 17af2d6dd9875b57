package bagit

import (
	"archive/zip"
	"bytes"
	"civreg/internal/corpus"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestConformanceSuite runs the Library of Congress BagIt conformance suite (public domain;
// kept beside the repository, see corpus.Conformance): every bag under valid/ is valid, under warning/ valid with a
// warning, under invalid/ (and linux-only/ on Linux) refused with a reason. Each bag is
// checked as a folder and again zipped, as civreg's bags travel.
func TestConformanceSuite(t *testing.T) {
	suite := corpus.Conformance(t, "bagit-conformance-suite")
	bags, _ := filepath.Glob(filepath.Join(suite, "v*/*/*"))
	if len(bags) == 0 {
		t.Fatalf("no bags in the conformance suite at %s", suite)
	}
	counts := map[string]int{}
	for _, dir := range bags {
		kind := filepath.Base(filepath.Dir(dir))
		if st, err := os.Stat(dir); err != nil || !st.IsDir() || kind == "windows-only" || (kind == "linux-only" && runtime.GOOS != "linux") {
			continue
		}
		name := strings.TrimPrefix(dir, suite+"/")
		asDir, err := VerifyDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		zipped := zipDir(t, dir)
		asZip, _ := Verify(bytes.NewReader(zipped), int64(len(zipped)))
		for how, rep := range map[string]*Report{"folder": asDir, "zip": asZip} {
			switch kind {
			case "valid":
				if !rep.Valid() {
					t.Errorf("%s (%s) is valid, but: %q", name, how, rep.Problems)
				}
			case "warning":
				if !rep.Valid() || len(rep.Warnings) == 0 {
					t.Errorf("%s (%s) is valid with a warning, but: problems %q, warnings %q", name, how, rep.Problems, rep.Warnings)
				}
			default:
				if rep.Valid() {
					t.Errorf("%s (%s) is invalid, but was accepted (warnings %q)", name, how, rep.Warnings)
				}
			}
		}
		counts[kind]++
	}
	t.Logf("bags checked, each as a folder and zipped: %v", counts)
}

// zipDir zips a bag's folder under one top-level folder, as RFC 8493 §4.1 advises.
func zipDir(t *testing.T, dir string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	root := filepath.Base(dir)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(root + "/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}
