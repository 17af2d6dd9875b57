package workers

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"civreg/extract"
	"civreg/ocr"
)

// TestKeptRegionsFailuresNotKept: a second reading (of a region or a band) that failed is not kept (the next run
// reads it again), and second readings kept are taken only for the scan and model they were
// read from; a truncated file is read again.
func TestKeptRegionsFailuresNotKept(t *testing.T) {
	k := &Kept{Dir: t.TempDir()}
	model := k.model(ocr.Fast)
	if model.SHA256 == "" {
		t.Fatalf("the fast model's file %s was not hashed", model.File)
	}
	var stats RereadStats
	kr := k.regions("s", "scan-a", model)
	kr.inner = newRegionReader(nil, map[int][]byte{}, &stats) // no upright page: unreadable
	region := extract.Region{Page: 1, Box: [4]int{10, 10, 90, 30}, Words: 1, Lines: 1}
	for range 2 {
		if _, _, err := kr.Reread(region); !errors.Is(err, ocr.ErrUnreadable) {
			t.Fatalf("Reread: %v, want ErrUnreadable", err)
		}
	}
	for range 2 {
		if _, err := kr.ReadBand(1, region.Box); !errors.Is(err, ocr.ErrUnreadable) {
			t.Fatalf("ReadBand: %v, want ErrUnreadable", err)
		}
	}
	if n := stats.Regions.Load(); n != 4 {
		t.Errorf("the region and band were tried %d times, want 4: a failure was kept", n)
	}
	if err := kr.save(); err != nil {
		t.Fatal(err)
	}
	file := k.path("s", ".regions.json")
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed reading was written: %v", err)
	}

	kr.read["1 [10 10 90 30] 1 1 0"], kr.changed = keptRegion{Text: "Basseterre", Conf: 0.9}, true
	if err := kr.save(); err != nil {
		t.Fatal(err)
	}
	if got := len(k.regions("s", "scan-a", model).read); got != 1 {
		t.Errorf("scan a's own second readings: %d, want 1", got)
	}
	if got := len(k.regions("s", "scan-b", model).read); got != 0 {
		t.Errorf("scan b took %d of scan a's second readings", got)
	}
	other := model
	other.SHA256 = "0"
	if got := len(k.regions("s", "scan-a", other).read); got != 0 {
		t.Errorf("another model took %d of the second readings", got)
	}
	b, _ := os.ReadFile(file)
	if err := os.WriteFile(file, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if got := len(k.regions("s", "scan-a", model).read); got != 0 {
		t.Errorf("a truncated file gave %d second readings", got)
	}
	if left, _ := filepath.Glob(filepath.Join(k.Dir, "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
