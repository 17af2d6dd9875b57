package ui_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
	"civreg/search"

	"github.com/chromedp/chromedp"
)

// screen is one page of the registry as the role that uses it. Paths may name {record} (an
// approved birth), {review} (a birth to check) and {batch} (the batch they are in).
type screen struct {
	name, role, path string
	ready            string // CSS selector of what shows that the page is drawn
	// wide: a page whose small-screen layout is its owner's work still to do (the review
	// screen and queue); photographed at both widths, not yet held to 390 px.
	wide   bool
	loaded string // a JavaScript condition to wait for besides ready, "" for none
}

// screens is every screen the suite photographs, one row each: a new page adds its row here.
// "" as role is signed out.
var screens = []screen{
	{"sign-in", "", "/login", "#password", false, ""},
	{"home-clerk", "clerk1", "/", "main h1", false, ""},
	{"batches", "clerk1", "/batches", "main table", false, ""},
	{"batch", "clerk1", "/batches/{batch}", "#records", false, ""},
	{"refused-clerk", "clerk1", "/review", "main h1", false, ""},
	{"review-queue", "reviewer1", "/review", "main table", true, ""},
	{"review", "reviewer1", "/review/{review}", "#field-list", true, ""},
	{"record-reviewer", "reviewer1", "/records/{record}", "#timeline", false, ""},
	{"person", "reviewer1", "/people/{record}", "main h1", false, ""},
	{"links", "reviewer1", "/links", "main h1", false, ""},
	{"search-reviewer", "reviewer1", "/search?q=Liburd", "form.search-form", false, ""},
	{"record-health", "health1", "/records/{record}", "#timeline", false, ""},
	{"search-health", "health1", "/search", "form.search-form", false, ""},
	{"statistics", "health1", "/statistics", "main h1", false, ""},
	{"preservation", "archivist1", "/archive", "#fix-h", false, ""},
	{"keying-lists", "reviewer1", "/keying", "main h1", false, ""},
	{"keying", "reviewer1", "/records/{review}/key", "main h1", false, ""},
	{"keyers", "admin1", "/admin/keyers", "main h1", false, ""},
	{"users", "admin1", "/admin/users", "main table", false, ""},
	{"problems", "admin1", "/admin/records", "main h1", false, ""},
	{"queues", "admin1", "/admin/queues-dashboard", "#dashboard", false,
		// the dashboard framed and drawn: the browser let the same origin frame it
		`(d => d && d.body && d.body.innerText.includes('Queues'))(document.getElementById('dashboard').contentDocument)`},
}

// widths are the screens photographed: an office desktop and a phone.
var widths = []int64{1366, 390}

// screenshotDir is $CIVREG_SCREENSHOTS, or .data/screenshots at the top of the repository.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("CIVREG_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", ".data", "screenshots")
	}
	dir, _ = filepath.Abs(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func chromiumOrFail(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("drives a browser")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("Chromium is needed (Debian package chromium; scripts/test.sh installs it): %v", err)
	}
	return chromium
}

// TestEveryScreenFitsAPhoneAndIsPhotographed walks every screen of the table as its role, at
// 1366 and 390 px: each is photographed into the screenshot folder, and at 390 px none but
// the wide ones is wider than the screen.
func TestEveryScreenFitsAPhoneAndIsPhotographed(t *testing.T) {
	chromium := chromiumOrFail(t)
	e := newEnv(t)
	record, _ := e.approvedCertificate(t, "3")
	review, _ := e.approvedCertificate(t, "7")
	testsvc.Exec(t, e.dbURL, fmt.Sprintf("UPDATE records SET status = 'needs_review' WHERE id = %d", review))
	rec, _ := e.db.Record(context.Background(), record)
	if err := e.db.Search().Put(context.Background(), search.FromRecord(rec)); err != nil {
		t.Fatal(err)
	}
	e.upload(t, rec.BatchID, file{"minutes.pdf", testfiles.ZIP()})
	run, err := e.db.BeginFixityRunFor(context.Background(), "archivist1")
	if err != nil {
		t.Fatal(err)
	}
	run.Checked, run.Outcome = run.Stored, "pass"
	if err := e.db.FinishFixityRun(context.Background(), run); err != nil {
		t.Fatal(err)
	}
	ids := strings.NewReplacer("{record}", fmt.Sprint(record), "{review}", fmt.Sprint(review), "{batch}", fmt.Sprint(rec.BatchID))

	a := openBrowser(t, e, chromium)
	a.shot = screenshotDir(t)
	a.do("start the browser", chromedp.Navigate("about:blank")) // each role's context is made in it
	sessions := map[string]*browserSession{}
	as := func(role string) *browserSession {
		if s := sessions[role]; s != nil {
			return s
		}
		ctx, cancel := chromedp.NewContext(a.ctx, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		s := &browserSession{t: t, ctx: ctx, base: a.base, shot: a.shot}
		if role != "" {
			s.login(role)
		}
		sessions[role] = s
		return s
	}
	for _, sc := range screens {
		b := as(sc.role)
		for _, w := range widths {
			b.do(fmt.Sprintf("%s at %d px", sc.name, w), chromedp.EmulateViewport(w, 900),
				chromedp.Navigate(b.base+ids.Replace(sc.path)), chromedp.WaitVisible(chromedp.CSS(sc.ready)))
			b.wait("the page's images", `Array.from(document.images).every(i => i.complete)`, 10*time.Second)
			if sc.loaded != "" {
				b.wait(sc.name+" drawn", sc.loaded, 20*time.Second)
			}
			if w == 390 && !sc.wide {
				over, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *'))
					.filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.scroll, table, iframe'))
					.slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))`))
				if sw, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.scrollingElement.scrollWidth`)); sw > 390 {
					t.Errorf("%s at 390 px is %d px wide; too wide: %v", sc.name, sw, over)
				}
			}
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot %s: %v", sc.name, err)
			}
			if err := os.WriteFile(filepath.Join(b.shot, fmt.Sprintf("%s-%d.png", sc.name, w)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestBatchPageShowsAnotherClientsUpload: a clerk watches a batch page while another client
// (the ingest command, through the API) uploads a scan and a file that is not one. The files
// table, the refused files and the counts show them without a reload.
func TestBatchPageShowsAnotherClientsUpload(t *testing.T) {
	chromium := chromiumOrFail(t)
	e := newEnv(t)
	batch := e.newBatch(t, "birth", false)
	a := openBrowser(t, e, chromium)
	a.login("clerk1")
	a.do("open the batch", chromedp.Navigate(fmt.Sprintf("%s/batches/%d", a.base, batch)), chromedp.WaitVisible(chromedp.ID("records")))
	if got := a.text("#uploaded-files tbody"); !strings.Contains(got, "None yet") {
		t.Fatalf("a new batch's files table: %q", got)
	}
	a.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	if code, body := e.uploadRaw(t, batch, file{"Register 1987 p1.png", testfiles.PNG(600, 800, 11)}); code != 201 {
		t.Fatalf("upload: %d %v", code, body)
	}
	if code, _ := e.uploadRaw(t, batch, file{"minutes.pdf", testfiles.ZIP()}); code < 400 {
		t.Fatalf("the file that is not a scan was taken: %d", code)
	}
	a.wait("the upload and the refusal shown", `window.notReloaded && document.querySelector('#uploaded-files tbody').textContent.includes('Register 1987 p1.png')
		&& !document.getElementById('refused-part').hidden && document.querySelector('#refused-files tbody').textContent.includes('minutes.pdf')
		&& document.querySelector('[data-count=uploaded]').textContent.trim() == '1' && document.querySelector('[data-count=refused]').textContent.trim() == '1'
		&& document.querySelectorAll('#records tbody tr[data-record] .badge').length == 1`, 15*time.Second)
	if got := a.text("#records tbody"); !strings.Contains(got, civreg.StatusQueued.Word()) {
		t.Errorf("the new record's status badge: %q", got)
	}
	a.screenshot("batch-live")
}
