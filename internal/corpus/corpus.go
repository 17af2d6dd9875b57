// Package corpus finds the peer corpus: files other projects wrote, kept beside the
// repository for the tests and never copied into it.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the folder name of the peer corpus (files other projects wrote, kept
// beside the repository and never in it), or skips the test when it is absent. It looks in
// $CIVREG_CORPUS, then ../shared/corpus from the repository's root or from the folder that
// holds the repository (a worktree), as seen from a package folder one or two levels down.
func Dir(t testing.TB, name string) string {
	t.Helper()
	if d := os.Getenv("CIVREG_CORPUS"); d != "" {
		return filepath.Join(d, name)
	}
	for _, up := range []string{"../../shared/corpus", "../../../shared/corpus", "../../../../shared/corpus"} {
		if st, err := os.Stat(filepath.Join(up, name)); err == nil && st.IsDir() {
			return filepath.Join(up, name)
		}
	}
	t.Skipf("the peer corpus folder %s is not beside this repository: skipped", name)
	return ""
}

// Conformance returns a folder of the conformance material other projects publish (the
// Library of Congress BagIt conformance suite as bagit-conformance-suite/, the METS 1.12.1,
// XLink and PREMIS 3.0 schemas as schemas/), kept beside the repository like the corpus and
// never copied into it; or skips the test when it is absent. It looks in
// $CIVREG_CONFORMANCE, then ../shared/conformance as Dir does.
func Conformance(t testing.TB, name string) string {
	t.Helper()
	dir, ok := conformance(name)
	if !ok {
		t.Skipf("the conformance folder %s is not beside this repository (set CIVREG_CONFORMANCE): skipped", name)
	}
	return dir
}

func conformance(name string) (string, bool) {
	if d := os.Getenv("CIVREG_CONFORMANCE"); d != "" {
		return filepath.Join(d, name), true
	}
	for _, up := range []string{"../../shared/conformance", "../../../shared/conformance", "../../../../shared/conformance"} {
		if st, err := os.Stat(filepath.Join(up, name)); err == nil && st.IsDir() {
			return filepath.Join(up, name), true
		}
	}
	return "", false
}

// METSSchemas lays out the METS and PREMIS schemas for xmllint in a temporary folder and
// returns the schema that loads both (so the PREMIS inside METS's xmlData is validated too)
// and a catalog that points METS's XLink import at the local copy, so nothing is fetched;
// ok is false when the schemas are not beside the repository.
func METSSchemas(t testing.TB) (schema, catalog string, ok bool) {
	t.Helper()
	src, ok := conformance("schemas")
	if !ok {
		return "", "", false
	}
	dir := t.TempDir()
	for _, f := range []string{"mets.xsd", "premis-v3-0.xsd", "xlink.xsd"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatalf("schema %s is missing from %s", f, src)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	schema, catalog = filepath.Join(dir, "mets-premis.xsd"), filepath.Join(dir, "catalog.xml")
	write := func(path, content string) {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(schema, `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:civreg:schemas" elementFormDefault="qualified">
  <xs:import namespace="http://www.loc.gov/METS/" schemaLocation="mets.xsd"/>
  <xs:import namespace="http://www.loc.gov/premis/v3" schemaLocation="premis-v3-0.xsd"/>
</xs:schema>
`)
	write(catalog, `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://www.loc.gov/standards/xlink/xlink.xsd" uri="xlink.xsd"/>
  <uri name="http://www.loc.gov/standards/xlink/xlink.xsd" uri="xlink.xsd"/>
</catalog>
`)
	return schema, catalog, true
}
