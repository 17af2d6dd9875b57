package workers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"civreg"
)

// Reading a page again drops what was derived from its previous reading (covered images and
// words, thumbnails), and nothing of another page.
func TestReadingAPageDropsItsOldDerivatives(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id, _ := e.uploadSample(t, 5)
	stale := civreg.DerivedKey(id, 1, "image", "0123456789abcdef01234567", "png")
	other := civreg.DerivedKey(id+1000, 1, "image", "0123456789abcdef01234567", "png")
	for _, k := range []string{stale, other} {
		if err := e.objects.Put(ctx, k, strings.NewReader("old derivative"), 14, "image/png"); err != nil {
			t.Fatal(err)
		}
	}
	e.runWorker(t)
	waitStatus(t, e.db, id, civreg.StatusNeedsReview, 60*time.Second)
	if _, err := e.objects.Size(ctx, stale); civreg.ErrorCode(err) != civreg.ENOTFOUND {
		t.Errorf("derivative of the page's previous reading after reading it: %v, want it gone", err)
	}
	if _, err := e.objects.Size(ctx, other); err != nil {
		t.Errorf("another record's derivative: %v, want it kept", err)
	}
}
