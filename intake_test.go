package civreg_test

import (
	"strings"
	"testing"

	"civreg"
	"civreg/internal/testfiles"
)

func TestCleanNameKeepsHostileNamesHarmless(t *testing.T) {
	for _, n := range testfiles.HostileNames {
		c := civreg.CleanName(n)
		if strings.ContainsAny(c, "\x00\n\r\t\x1b") || len([]rune(c)) > 255 || c == "" {
			t.Errorf("civreg.CleanName(%q) = %q", n, c)
		}
	}
}
