package ui_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"civreg"

	"civreg/bagit"
	"civreg/extract"
	"civreg/internal/samples"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
	"civreg/ocr"
	"civreg/workers"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// browserSession is one signed-in person at a headless Chromium.
type browserSession struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot string // folder for screenshots
}

func (b *browserSession) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		loc, _ := chromedp.Run(b.ctx, chromedp.Location())
		body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 1500) : ""`))
		b.t.Fatalf("%s: %v\n(at %s)\n%s", what, err, loc, body)
	}
}

func (b *browserSession) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// wait polls a JavaScript condition, across page loads (a navigation in between is not an
// error, the condition is asked again on the new page).
func (b *browserSession) wait(what, js string, d time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(d)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(200 * time.Millisecond)
	}
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 1500) : ""`))
	b.t.Fatalf("waiting for %s: not within %s (%v)\n(at %s)\n%s", what, d, last, loc, body)
}

// screenshot saves the screen, and checks on the way that every control on it has a label
// (a screen reader says what each field is for) and every image a text alternative.
func (b *browserSession) screenshot(name string) {
	b.t.Helper()
	unlabelled, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, img'))
		.filter(e => e.tagName == 'IMG' ? !e.hasAttribute('alt') : !((e.labels && e.labels.length) || e.getAttribute('aria-label')))
		.map(e => e.tagName + '#' + (e.id || e.name || e.src))`))
	if err != nil {
		b.t.Fatalf("label check on %s: %v", name, err)
	}
	if len(unlabelled) > 0 {
		b.t.Errorf("%s: controls without a label or images without alt: %v", name, unlabelled)
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shot, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browserSession) login(name string) {
	b.t.Helper()
	b.do("sign in as "+name,
		chromedp.Navigate(b.base+"/login"),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("nav .who")),
	)
}

func (b *browserSession) logout() {
	b.t.Helper()
	b.do("sign out", chromedp.Click(chromedp.CSS("nav form button")), chromedp.WaitVisible(chromedp.ID("password")))
}

// TestBrowserWalkthrough drives Debian's Chromium through the registry's day: a clerk uploads
// a batch and watches it being read; a reviewer corrects a field with the keyboard and
// approves; a second reviewer's edit collides with the first; Ministry staff search and see
// no sensitive field; an archivist downloads a bag; a clerk is refused the review screen.
// Screenshots of each screen go to $CIVREG_SCREENSHOTS (docs/screenshots for the README).
func TestBrowserWalkthrough(t *testing.T) {
	chromium := chromiumOrFail(t)
	os.Setenv("OMP_THREAD_LIMIT", "1")
	e := newEnv(t)
	startReading(t, e)
	files := walkthroughScans(t)
	a := openBrowser(t, e, chromium)
	clerkUploads(t, e, a, files)
	birth, other := birthAndOther(t, e)
	approved := reviewerApproves(t, e, a, birth, other)
	b := reviewersCollide(t, e, a, other)
	healthSearches(t, b, birth, approved)
	archivistDownloadsBag(t, e, a, birth)
	adminPages(a)
}

// startReading runs the workers, reading for real, until the test ends.
func startReading(t *testing.T, e *env) {
	ctx := context.Background()
	opt, _ := workers.ParseRedisURL(e.redis.URL())
	reading := &workers.Reading{OCR: ocr.NewReader(2), Extractor: &extract.Extractor{Forms: extract.BuiltinForms()}}
	t.Cleanup(reading.OCR.Close)
	p := &workers.Pipeline{DB: e.db, Objects: e.objects, Queue: e.queue, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		StuckAfter: time.Hour, Reading: reading, Search: e.db.Search()}
	wctx, stopWorker := context.WithCancel(ctx)
	w := workers.NewWorker(opt, p, workers.WorkerConfig{Concurrency: 2, ReconcileEvery: time.Hour, FixityEvery: 24 * time.Hour})
	workerDone := make(chan struct{})
	go func() { w.Run(wctx); close(workerDone) }()
	t.Cleanup(func() { stopWorker(); <-workerDone })

}

// walkthroughScans makes two synthetic scans, one with a name a header cannot carry as it is,
// and a file that is not a scan.
func walkthroughScans(t *testing.T) []string {
	scans := t.TempDir()
	truths, err := samples.Generate(scans, 2, 31337, extract.BuiltinForms())
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, tr := range truths {
		files = append(files, filepath.Join(scans, tr.File))
	}
	// A name with characters a header cannot carry as they are: it must arrive as it was.
	oddName := "Birth (copy) d'Arcy é*.png"
	if err := os.Rename(files[1], filepath.Join(scans, oddName)); err != nil {
		t.Fatal(err)
	}
	files[1] = filepath.Join(scans, oddName)
	// And a file that is not a scan: refused, with the reason shown beside it.
	notScan := filepath.Join(scans, "minutes.pdf")
	os.WriteFile(notScan, testfiles.ZIP(), 0o644)
	files = append(files, notScan)

	return files
}

// openBrowser starts a headless Chromium for the test; screenshots go to $CIVREG_SCREENSHOTS.
func openBrowser(t *testing.T, e *env, chromium string) *browserSession {
	ctx := context.Background()
	shots := os.Getenv("CIVREG_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	os.MkdirAll(shots, 0o755)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.WindowSize(1280, 900))
	t.Cleanup(cancelAlloc)
	actx, cancelA := chromedp.NewContext(alloc)
	t.Cleanup(cancelA)
	actx, cancelTimeout := context.WithTimeout(actx, 5*time.Minute)
	t.Cleanup(cancelTimeout)
	a := &browserSession{t: t, ctx: actx, base: e.srv.URL, shot: shots}

	return a
}

// clerkUploads: a clerk signs in, makes a batch, uploads, watches it being read, and is
// refused the reviewer's pages.
func clerkUploads(t *testing.T, e *env, a *browserSession, files []string) {
	a.do("open the sign-in page", chromedp.Navigate(a.base+"/batches"), chromedp.WaitVisible(chromedp.ID("password")))
	a.screenshot("01-sign-in")
	a.login("clerk1")
	a.do("create a batch",
		chromedp.Navigate(a.base+"/batches"),
		chromedp.SendKeys(chromedp.ID("name"), "Births and deaths 1987"),
		chromedp.SetValue(chromedp.ID("record_type"), "unknown"),
		chromedp.Click(chromedp.CSS("form.card button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("drop")),
	)
	a.do("choose files", chromedp.SetUploadFiles(chromedp.ID("files"), files))
	a.wait("both scans stored and the other file refused", `document.querySelectorAll('#uploads li.ok').length == 2 && document.querySelectorAll('#uploads li.bad').length == 1`, 30*time.Second)
	if got := a.text("#uploads li.bad"); !strings.Contains(got, "minutes.pdf") || !strings.Contains(got, "refused: ") {
		t.Errorf("the refused file's line says %q", got)
	}
	if n := testsvc.Count(t, e.dbURL, `SELECT count(*) FROM batch_uploads WHERE file_name = 'Birth (copy) d''Arcy é*.png'`); n != 1 {
		t.Errorf("the odd file name was stored %d times as it was", n)
	}
	a.screenshot("02-clerk-upload")
	a.wait("the batch read (counts update by themselves)", `document.querySelector('[data-count=needs_review]').textContent.trim() == '2'`, 150*time.Second)
	a.screenshot("03-clerk-batch")
	if got := a.text("#records tbody"); strings.Count(got, civreg.StatusNeedsReview.Word()) != 2 {
		t.Errorf("record statuses on the batch page: %q", got)
	}

	// A clerk is refused the reviewer's pages.
	a.do("clerk opens the review queue", chromedp.Navigate(a.base+"/review"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if h := a.text("main h1"); h != "Not allowed" {
		t.Errorf("clerk on /review sees %q, want the refusal", h)
	}
	a.screenshot("04-clerk-refused")
	a.logout()

}

// birthAndOther finds which record of the batch is the birth (the one with sensitive fields)
// and which the other.
func birthAndOther(t *testing.T, e *env) (birth, other *civreg.Record) {
	ctx := context.Background()
	batch, _ := e.db.BatchByName(ctx, "Births and deaths 1987")
	recs, _ := e.db.RecordsOfBatch(ctx, batch.ID)
	for _, r := range recs {
		full, _ := e.db.Record(ctx, r.ID)
		if full.RecordType == civreg.Birth {
			birth = full
		} else {
			other = full
		}
	}
	if birth == nil || other == nil {
		t.Fatalf("records %+v: want a birth and another", recs)
	}

	return birth, other
}

// reviewerApproves: the queue, then the review screen; a word clicked into a field, a field
// corrected with the keyboard, the record approved and the next one opened.
func reviewerApproves(t *testing.T, e *env, a *browserSession, birth, other *civreg.Record) *civreg.Record {
	ctx, actx := context.Background(), a.ctx
	a.login("reviewer1")
	a.do("open the queue", chromedp.Navigate(a.base+"/review"), chromedp.WaitVisible(chromedp.CSS("main table")))
	a.screenshot("05-review-queue")
	a.do("open the birth record", chromedp.Navigate(fmt.Sprintf("%s/review/%d", a.base, birth.ID)), chromedp.WaitVisible(chromedp.ID("f-registration_district")))
	a.wait("the page image", `document.getElementById('page-img').complete && document.getElementById('page-img').naturalWidth > 0 && document.querySelectorAll('#words .word').length > 0`, 20*time.Second)
	// Clicking a word of the page puts it in the field being edited.
	a.do("click a word into a field",
		chromedp.Focus(chromedp.ID("f-registration_number")),
		chromedp.Click(chromedp.CSS("#words .word")),
	)
	first, _ := chromedp.Run(actx, chromedp.Evaluate[string](`document.querySelector('#words .word').title`))
	if v, _ := chromedp.Run(actx, chromedp.Evaluate[string](`document.getElementById('f-registration_number').value`)); v != first || v == "" {
		t.Errorf("after clicking the word %q the field holds %q", first, v)
	}
	a.do("put the number back", chromedp.SetValue(chromedp.ID("f-registration_number"), birth.Fields["registration_number"].Value),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('f-registration_number').dispatchEvent(new Event('input'))`))
	// ? outside a field lists the shortcuts.
	a.do("open the shortcuts", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("?"))
	a.wait("the shortcuts listed", `document.getElementById('shortcuts').open`, 5*time.Second)
	a.do("close the shortcuts", chromedp.Click(chromedp.CSS("#shortcuts form button")))
	a.do("correct the district with the keyboard",
		chromedp.Focus(chromedp.ID("f-registration_district")),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent("Saint Thomas Middle Island"),
		chromedp.KeyEvent("\r"), // accept the field: focus moves on
	)
	a.wait("the field accepted", `document.querySelector('[data-key=registration_district]').classList.contains('accepted') && document.activeElement.id != 'f-registration_district'`, 5*time.Second)
	a.screenshot("06-review-screen")
	a.do("approve with Ctrl+Enter", chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	a.wait("the next record opened", fmt.Sprintf(`location.pathname == '/review/%d' && document.querySelectorAll('#field-list input').length > 0`, other.ID), 20*time.Second)
	approved, _ := e.db.Record(ctx, birth.ID)
	if approved.Status != civreg.StatusApproved && approved.Status != civreg.StatusArchived || approved.Fields["registration_district"].Value != "Saint Thomas Middle Island" {
		t.Fatalf("after approving: status %s, district %q", approved.Status, approved.Fields["registration_district"].Value)
	}

	return approved
}

// reviewersCollide: a second reviewer (an admin, in a browser session of their own) saves the
// other record first; the first reviewer's approval then meets the conflict and is shown the
// newer values. The second session is returned for the next person.
func reviewersCollide(t *testing.T, e *env, a *browserSession, other *civreg.Record) *browserSession {
	ctx, actx := context.Background(), a.ctx
	shots := a.shot
	bctx, cancelB := chromedp.NewContext(actx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelB)
	b := &browserSession{t: t, ctx: bctx, base: e.srv.URL, shot: shots}
	b.login("admin1")
	// The first reviewer holds the record (their claim) and has been away past its lease: the
	// second may take it over.
	testsvc.Exec(t, e.dbURL, "UPDATE record_claims SET claimed_at = now() - interval '1 hour', expires_at = now() - interval '1 second'")
	b.do("second reviewer edits", chromedp.Navigate(fmt.Sprintf("%s/review/%d", b.base, other.ID)),
		chromedp.WaitVisible(chromedp.ID("f-registration_district")),
		chromedp.SetValue(chromedp.ID("f-registration_district"), "Saint Paul Capisterre"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('f-registration_district').dispatchEvent(new Event('input'))`),
		chromedp.Click(chromedp.ID("save")),
	)
	b.wait("saved", `document.getElementById('status').textContent.includes('Saved as version 2')`, 10*time.Second)
	b.do("second reviewer leaves it (skip releases the claim)", chromedp.Click(chromedp.ID("skip")))
	b.wait("the queue", `location.pathname == '/review'`, 10*time.Second)
	a.do("first reviewer edits and approves",
		chromedp.Focus(chromedp.ID("f-registration_district")),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent("Saint John Figtree"),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
	)
	a.wait("the conflict shown", `!document.getElementById('conflict').hidden`, 10*time.Second)
	if msg := a.text("#conflict"); !strings.Contains(msg, "Someone else changed this record") {
		t.Errorf("conflict message %q", msg)
	}
	if v, _ := chromedp.Run(actx, chromedp.Evaluate[string](`document.getElementById('f-registration_district').value`)); v != "Saint Paul Capisterre" {
		t.Errorf("after the conflict the field shows %q, want the newer value", v)
	}
	if yours := a.text(`[data-key=registration_district] .yours`); !strings.Contains(yours, "Saint John Figtree") {
		t.Errorf("the reviewer's own value is not kept beside the field: %q", yours)
	}
	a.screenshot("07-review-conflict")
	if r, _ := e.db.Record(ctx, other.ID); r.Fields["registration_district"].Value != "Saint Paul Capisterre" || r.Status != civreg.StatusNeedsReview {
		t.Errorf("the stale edit overwrote the newer one: %+v", r.Fields["registration_district"])
	}
	b.logout()

	return b
}

// healthSearches: Ministry of Health staff search, see the record, never a sensitive field.
func healthSearches(t *testing.T, b *browserSession, birth, approved *civreg.Record) {
	bctx := b.ctx
	regNo := approved.Fields["registration_number"].Value
	b.login("health1")
	deadline := time.Now().Add(60 * time.Second)
	for {
		b.do("search", chromedp.Navigate(b.base+"/search?q="+regNo), chromedp.WaitVisible(chromedp.CSS("form.search-form")))
		if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('.hit').length`)); n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the approved record %d (%s) is not found by Ministry staff", birth.ID, regNo)
		}
		time.Sleep(time.Second)
	}
	b.screenshot("08-health-search")
	page := b.text("main")
	for _, k := range []string{"date_of_birth", "place_of_birth"} {
		if v := approved.Fields[k].Value; v != "" && strings.Contains(page, v) {
			t.Errorf("the sensitive %s %q is on the search page", k, v)
		}
		if strings.Contains(page, fieldTitle(k)) {
			t.Errorf("the sensitive field %s is named on the search page", k)
		}
	}
	b.do("open the record", chromedp.Click(chromedp.CSS(".hit a")), chromedp.WaitVisible(chromedp.CSS(".record-fields")))
	page = b.text("main")
	if !strings.Contains(page, "audit log") {
		t.Error("the record page does not say that views are logged")
	}
	for _, k := range []string{"date_of_birth", "place_of_birth"} {
		if strings.Contains(page, fieldTitle(k)) {
			t.Errorf("the sensitive field %s is on the health user's record page", k)
		}
	}
	b.screenshot("09-health-record")
	b.logout()

}

// archivistDownloadsBag: once the birth is archived, the preservation page, and a batch bag
// downloaded through the browser.
func archivistDownloadsBag(t *testing.T, e *env, a *browserSession, birth *civreg.Record) {
	ctx, actx := context.Background(), a.ctx
	deadline := time.Now().Add(60 * time.Second)
	for {
		r, _ := e.db.Record(ctx, birth.ID)
		if r.Status == civreg.StatusArchived {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("record %d not archived: %s %s", birth.ID, r.Status, r.Error)
		}
		time.Sleep(300 * time.Millisecond)
	}
	a.logout()
	a.login("archivist1")
	downloads := t.TempDir()
	progress := chromedp.Events(actx, browser.DownloadProgress)
	a.do("open the preservation page and download the batch's bag",
		chromedp.Navigate(a.base+"/archive"),
		chromedp.WaitVisible(chromedp.CSS("a.bag-link")),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			yes := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &yes})
			return err
		}),
	)
	a.screenshot("10-archivist")
	a.do("download", chromedp.Click(chromedp.CSS("a.bag-link")))
	var guid string
	for ev, err := range progress {
		if err != nil {
			t.Fatal(err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the bag download was cancelled")
		}
	}
	f, err := os.Open(filepath.Join(downloads, guid))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	rep, _ := bagit.Verify(f, st.Size())
	f.Close()
	if !rep.Valid() || rep.Files < 4 {
		t.Errorf("the downloaded bag: %+v", rep)
	}
	a.logout()

}

// adminPages: the users and problems pages.
func adminPages(a *browserSession) {
	a.login("admin1")
	a.do("users page", chromedp.Navigate(a.base+"/admin/users"), chromedp.WaitVisible(chromedp.CSS("main table")))
	a.screenshot("11-admin-users")
	a.do("problems page", chromedp.Navigate(a.base+"/admin/records"), chromedp.WaitVisible(chromedp.CSS("main table")))
	a.screenshot("12-admin-problems")
}

// fieldTitle is how the pages name a field.
func fieldTitle(key string) string {
	s := strings.ReplaceAll(key, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
