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
