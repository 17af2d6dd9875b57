package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"civreg/internal/soak"
	"civreg/internal/testsvc"
)

// TestSoak runs 100 generated pages (CIVREG_SOAK_PAGES to change it) through the whole
// pipeline with one civreg serve and two civreg work processes, as scripts/soak.sh does with
// 1,000: every page read, extracted, indexed, approved and archived with a verifying PDF/A copy.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline on 100 pages")
	}
	pages := 100
	if n, err := strconv.Atoi(os.Getenv("CIVREG_SOAK_PAGES")); err == nil && n > 0 {
		pages = n
	}
	s := newStack(t, true)
	// The processes' logs are kept when the soak fails.
	dir, err := os.MkdirTemp("", "civreg-soak-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs of serve and the workers kept in %s", dir)
		} else {
			os.RemoveAll(dir)
		}
	})
	rep, err := soak.Run(context.Background(), soak.Config{Bin: civregBin, Env: s.env, Pages: pages, Workers: 2, Seed: 8080,
		Listen: fmt.Sprintf("127.0.0.1:%d", testsvc.FreePort(t)), Dir: dir, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + rep.String())
	for _, p := range rep.Problems {
		t.Error(p)
	}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) { l.t.Log(string(p)); return len(p), nil }
