package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A birth certificate as the fixtures read it: every field on its own line of a tall page,
// the informant's name written but not read.
var (
	certWidth, certHeight = 1000, 2400
	certFields            = []struct{ key, value string }{
		{"registration_number", "1987/0412"}, {"registration_date", "1987-03-20"}, {"registration_district", "Saint George Basseterre"},
		{"child_name", "Jon Liburd"}, {"sex", "M"}, {"date_of_birth", "1987-03-12"}, {"place_of_birth", "Basseterre"},
		{"mother_name", "Mary Liburd"}, {"father_name", "Paul Liburd"}, {"informant_name", "Mary Liburd"},
	}
)

// certBox is the box of field i's line on the page.
func certBox(i int) []int { return []int{100, 100 + i*230, 100 + 60*2*5, 140 + i*230} }

// readCertificates makes n read birth certificates in one batch, each with the page above
// (image and words) and its fields at low confidence but the informant's name, and returns
// their records.
func (e *env) readCertificates(t *testing.T, batchName string, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	clerk, _ := e.db.UserByName(ctx, "clerk1")
	b, err := e.db.CreateBatch(ctx, clerk, batchName, civreg.Birth, false)
	if err != nil {
		t.Fatal(err)
	}
	var words []civreg.Word
	var fields []civreg.Field
	for i, f := range certFields {
		box := certBox(i)
		x := box[0]
		for _, w := range strings.Fields(f.value) {
			words = append(words, civreg.Word{Text: w, Conf: 0.4 + 0.05*float64(i), Box: [4]int{x, box[1], x + 24*len(w), box[3]}, Block: i + 1, Par: 1, Line: 1})
			x += 24*len(w) + 20
		}
		if f.key != "informant_name" {
			fields = append(fields, civreg.Field{Key: f.key, Value: f.value, Confidence: 0.4, NeedsReview: true, Page: 1, Box: box})
		}
	}
	wordsJSON, _ := json.Marshal(civreg.PageWords{Width: certWidth, Height: certHeight, Words: words})
	img := testfiles.PNG(certWidth, certHeight, 7)
	var ids []int64
	for i := 0; i < n; i++ {
		digit := fmt.Sprintf("%s%02d", batchName[:1], i)
		added, err := e.db.AddScan(ctx, clerk, civreg.NewScan{BatchID: b.ID, SHA256: fmt.Sprintf("%064x", len(batchName)*1000+i), ObjectKey: "originals/" + digit,
			Size: 1, MediaType: "image/png", PageCount: 1, FileName: digit + ".png"})
		if err != nil {
			t.Fatal(err)
		}
		id := added.Records[0].RecordID
		e.readPageWords(t, id, img, wordsJSON)
		if _, ok, err := e.db.FinishExtract(ctx, id, civreg.Extraction{RecordType: civreg.Birth, Fields: fields}); !ok || err != nil {
			t.Fatalf("FinishExtract: %v, %v", ok, err)
		}
		ids = append(ids, id)
	}
	return ids
}

// evalT evaluates js in b and fails the test on an error.
func evalT[T any](b *browserSession, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (b *browserSession) openReview(id int64) {
	b.t.Helper()
	b.do(fmt.Sprintf("open record %d", id), chromedp.Navigate(fmt.Sprintf("%s/review/%d", b.base, id)))
	b.wait("the page and its words", `document.getElementById('page-img').naturalWidth > 0 && document.querySelectorAll('#words .word').length > 0 && document.querySelectorAll('#field-list input').length > 0 && document.getElementById('zoom-level').textContent != ''`, 20*time.Second)
}

// TestBrowserReviewScreen drives Chromium through the review screen: the lowest field's box
// stays in view and readable; the zoom carries to the next record of the batch; a box drawn
// where OCR read no field fills it and is stored; a certificate typed with the keyboard only
// (clicks counted); a second reviewer meets the first one's claim; an approved record opens
// read-only; nothing overflows a 390 px phone.
func TestBrowserReviewScreen(t *testing.T) {
	chromium := chromiumOrFail(t)
	e := newEnv(t)
	ids := e.readCertificates(t, "Births 1987 book 4", 3)
	a := openBrowser(t, e, chromium)
	countClicks(a)
	a.login("reviewer1")

	lowestFieldInView(t, a, ids[0])
	zoomCarriesToTheNextRecord(t, a, ids[0], ids[1])
	drawnBoxFillsTheField(t, e, a, ids[0])
	suggestionIsOfferedNotApplied(t, e, a, ids[0])
	typedWithTheKeyboardOnly(t, e, a, ids[1])
	approvedRecordOpensReadOnly(t, e, a, ids[1])
	secondReviewerMeetsTheClaim(t, e, a, ids[2])
	nothingOverflowsAPhone(t, a, ids[2])
}

// countClicks counts, across page loads, the clicks a person makes (trusted mouse presses).
func countClicks(b *browserSession) {
	b.do("count clicks", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
			document.addEventListener("mousedown", (e) => { if (e.isTrusted) sessionStorage.setItem("test.clicks", String(Number(sessionStorage.getItem("test.clicks") || 0) + 1)); }, true);`})
		return err
	}))
}

func clicks(b *browserSession) int {
	return evalT[int](b, `Number(sessionStorage.getItem("test.clicks") || 0)`)
}

// boxInView says whether the focus box is shown inside both the window and the scan viewer,
// and how tall it is on the screen.
const boxInView = `(() => { const f = document.getElementById('focus-box').getBoundingClientRect(), c = document.getElementById('canvas').getBoundingClientRect();
	const inside = !document.getElementById('focus-box').hidden && f.top >= 0 && f.bottom <= innerHeight && f.left >= 0 && f.right <= innerWidth &&
		f.top >= c.top && f.bottom <= c.bottom && f.left >= c.left && f.right <= c.right;
	return JSON.stringify({inside, height: f.height, top: f.top, bottom: f.bottom, left: f.left, canvasTop: c.top, canvasBottom: c.bottom, canvasLeft: c.left, canvasRight: c.right, view: innerHeight}); })()`

func lowestFieldInView(t *testing.T, a *browserSession, id int64) {
	a.openReview(id)
	a.do("go to the lowest field read", chromedp.Focus(chromedp.ID("f-father_name")))
	a.wait("the box of the lowest field shown", `!document.getElementById('focus-box').hidden`, 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	var got struct {
		Inside                  bool
		Height, Top, Bottom     float64
		CanvasTop, CanvasBottom float64
		View                    float64
	}
	json.Unmarshal([]byte(evalT[string](a, boxInView)), &got)
	if !got.Inside {
		t.Errorf("the lowest field's box is not inside the viewport and the viewer: %+v", got)
	}
	if got.Height < 20 {
		t.Errorf("the focused box is %.0f px tall on the screen: not zoomed to a readable size", got.Height)
	}
	if y := evalT[float64](a, `document.scrollingElement.scrollTop`); y > 200 {
		t.Errorf("the document scrolled %.0f px to show the field: the scan pane moved away", y)
	}
	a.do("show OCR's confidence", chromedp.KeyEvent("c", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	if got := evalT[string](a, `document.getElementById('words').classList.contains('show-conf') ? getComputedStyle(document.querySelector('#words .word.wc-low'), '::after').content : 'off'`); got != `"40%"` {
		t.Errorf("the confidence of the first word read on the page shows %s, want \"40%%\"", got)
	}
	a.do("hide it", chromedp.KeyEvent("c", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	t.Logf("lowest field: box %.0f px tall at %.0f–%.0f in a viewer at %.0f–%.0f", got.Height, got.Top, got.Bottom, got.CanvasTop, got.CanvasBottom)
	a.screenshot("review-lowest-field")
}

func zoomCarriesToTheNextRecord(t *testing.T, a *browserSession, first, next int64) {
	a.openReview(first)
	a.do("zoom in three times with the keyboard", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`),
		chromedp.KeyEvent("+", chromedp.KeyModifiers(chromedp.ModifierAlt)), chromedp.KeyEvent("+", chromedp.KeyModifiers(chromedp.ModifierAlt)),
		chromedp.KeyEvent("+", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	zoomed := evalT[string](a, `document.getElementById('zoom-level').textContent`)
	a.openReview(next)
	// The kept zoom is put back once the page image has loaded: wait for it (a loaded machine
	// takes longer than a fixed pause).
	got := ""
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got = evalT[string](a, `document.getElementById('zoom-level').textContent`); got == zoomed {
			break
		}
	}
	if got != zoomed {
		t.Errorf("the next record of the batch opened at %s, the reviewer had zoomed to %s", got, zoomed)
	}
	t.Logf("zoom kept from record %d to %d: %s", first, next, zoomed)
}

// drawnBoxFillsTheField: the informant's name was written but not read; the reviewer draws a
// box round it and the words inside fill the field; saved, the box is the field's.
func drawnBoxFillsTheField(t *testing.T, e *env, a *browserSession, id int64) {
	a.openReview(id)
	a.do("go to the informant's name and draw", chromedp.Focus(chromedp.ID("f-informant_name")),
		chromedp.KeyEvent("b", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	a.wait("drawing", `document.getElementById('canvas').classList.contains('drawing')`, 5*time.Second)
	box := certBox(9)
	// Where the box's corners are on the screen (after scrolling the viewer to them).
	var at struct{ X0, Y0, X1, Y1 float64 }
	js := fmt.Sprintf(`(() => { const s = document.getElementById('sheet'), c = document.getElementById('canvas'), k = s.clientWidth / %d;
		c.scrollTop = %d * k - c.clientHeight / 2; c.scrollLeft = 0;
		const r = s.getBoundingClientRect();
		return JSON.stringify({x0: r.left + %d * k, y0: r.top + %d * k, x1: r.left + %d * k, y1: r.top + %d * k}); })()`,
		certWidth, box[1], box[0]-10, box[1]-10, box[2]+10, box[3]+10)
	json.Unmarshal([]byte(evalT[string](a, js)), &at)
	a.do("drag a box round the name",
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, at.X0, at.Y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (at.X0+at.X1)/2, (at.Y0+at.Y1)/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at.X1, at.Y1, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, at.X1, at.Y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	a.wait("the field filled from the box", `document.getElementById('f-informant_name').value == 'Mary Liburd'`, 10*time.Second)
	if badge := a.text(`[data-key=informant_name] .badge`); !strings.Contains(badge, "corrected") {
		t.Errorf("the filled field's badge says %q", badge)
	}
	a.do("save", chromedp.Click(chromedp.ID("save")))
	a.wait("saved", `document.getElementById('status').textContent.includes('Saved as version')`, 10*time.Second)
	if badge := a.text(`[data-key=informant_name] .badge`); !strings.Contains(badge, "corrected by reviewer1") {
		t.Errorf("after saving the badge says %q", badge)
	}
	rec, _ := e.db.Record(context.Background(), id)
	f := rec.Fields["informant_name"]
	if f.Value != "Mary Liburd" || f.Page != 1 || len(f.Box) != 4 || f.Box[1] > box[1] || f.Box[3] < box[3] || f.Box[1] < box[1]-40 {
		t.Errorf("the informant's name stored as %+v, want the drawn box round %v", f, box)
	}
	a.screenshot("review-drawn-box")
}

// typedWithTheKeyboardOnly keys every field of a certificate (select, type, Enter) and
// approves with Ctrl+Enter, counting the clicks it took.
func typedWithTheKeyboardOnly(t *testing.T, e *env, a *browserSession, id int64) {
	a.openReview(id)
	before := clicks(a)
	if got := evalT[string](a, `document.activeElement.id`); got != "f-registration_number" {
		t.Fatalf("the screen opened with %q focused, want the first field", got)
	}
	typed := map[string]string{"child_name": "John Liburd", "mother_name": "Marie Liburd"}
	for _, f := range certFields {
		v := f.value
		if tv, ok := typed[f.key]; ok {
			v = tv
		}
		a.do("key "+f.key, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(v), chromedp.KeyEvent("\r"))
	}
	a.do("approve with Ctrl+Enter", chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	a.wait("the next record opened", fmt.Sprintf(`location.pathname != '/review/%d' && location.pathname.startsWith('/review')`, id), 20*time.Second)
	n := clicks(a) - before
	t.Logf("clicks per typed certificate: %d (target 0: keyboard only)", n)
	if n != 0 {
		t.Errorf("typing a certificate took %d clicks", n)
	}
	rec, _ := e.db.Record(context.Background(), id)
	if rec.Status != civreg.StatusApproved || rec.Fields["child_name"].Value != "John Liburd" || rec.Fields["informant_name"].Value != "Mary Liburd" || rec.ApprovedBy != "reviewer1" {
		t.Errorf("after keying: %s by %q, child %q, informant %q", rec.Status, rec.ApprovedBy, rec.Fields["child_name"].Value, rec.Fields["informant_name"].Value)
	}
}

// suggestionIsOfferedNotApplied: what extraction suggested for a value in review is shown
// beside it, not put in the field; "Use" puts it in, unsaved, and saving stores it.
func suggestionIsOfferedNotApplied(t *testing.T, e *env, a *browserSession, id int64) {
	testsvc.Exec(t, e.dbURL, "UPDATE fields SET suggested = 'Paul Liburd Sr.' WHERE record_id = $1 AND key = 'father_name'", id)
	a.openReview(id)
	if got := a.text(`[data-key=father_name] .suggested`); !strings.Contains(got, "suggested: Paul Liburd Sr.") ||
		evalT[string](a, `document.getElementById('f-father_name').value`) != "Paul Liburd" {
		t.Errorf("the father's name shows suggestion %q beside value %q", got, evalT[string](a, `document.getElementById('f-father_name').value`))
	}
	a.do("use the suggestion", chromedp.Click(chromedp.CSS(`[data-key=father_name] .use-suggestion`)))
	a.wait("the suggestion in the field, not saved", `document.getElementById('f-father_name').value == 'Paul Liburd Sr.' &&
		document.querySelector('[data-key=father_name] .badge').textContent.includes('not saved')`, 5*time.Second)
	if rec, _ := e.db.Record(context.Background(), id); rec.Fields["father_name"].Value != "Paul Liburd" {
		t.Errorf("using a suggestion saved it: %+v", rec.Fields["father_name"])
	}
	a.do("save", chromedp.Click(chromedp.ID("save")))
	a.wait("saved", `document.getElementById('status').textContent.includes('Saved as version')`, 10*time.Second)
	if rec, _ := e.db.Record(context.Background(), id); rec.Fields["father_name"].Value != "Paul Liburd Sr." || rec.Fields["father_name"].Suggested != "" || rec.Fields["father_name"].SetBy != "reviewer1" {
		f := rec.Fields["father_name"]
		t.Errorf("the father's name after saving: %+v", f)
	}
}

// secondReviewerMeetsTheClaim: the first reviewer has the record open; the second (an admin)
// sees it read-only with the first one's name, in the queue and on the screen, and approves
// nothing until they take it over.
func secondReviewerMeetsTheClaim(t *testing.T, e *env, a *browserSession, id int64) {
	a.openReview(id)
	bctx, cancel := chromedp.NewContext(a.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	b := &browserSession{t: t, ctx: bctx, base: a.base, shot: a.shot}
	b.login("admin1")
	b.do("the queue", chromedp.Navigate(b.base+"/review"), chromedp.WaitVisible(chromedp.CSS("table.queue")))
	if got := b.text(fmt.Sprintf(`tr[data-record="%d"] .claimed`, id)); !strings.Contains(got, "reviewer1") {
		t.Errorf("the queue row of the claimed record says %q", got)
	}
	b.openReview(id)
	b.wait("read-only", `!document.getElementById('read-only').hidden`, 5*time.Second)
	if got := b.text("#read-only"); !strings.Contains(got, "reviewer1 is reviewing this record (since") {
		t.Errorf("the second reviewer is told %q", got)
	}
	if !evalT[bool](b, `document.getElementById('f-child_name').readOnly && document.getElementById('approve').disabled`) {
		t.Error("the claimed record's fields or approval are open to the second reviewer")
	}
	b.do("try Ctrl+Enter", chromedp.Focus(chromedp.ID("f-child_name")), chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	b.wait("told nothing was approved", `document.getElementById('status').textContent.includes('Nothing was approved')`, 5*time.Second)
	b.screenshot("review-claimed")
	// The API says no as well.
	status, body := e.do(t, "POST", fmt.Sprintf("/api/v1/records/%d/approve", id), e.tokens[civreg.RoleAdmin], `{"version":1}`)
	if status != 409 || body["claim"] == nil {
		t.Errorf("approving another's claimed record through the API: %d %v", status, body)
	}
	if rec, _ := e.db.Record(context.Background(), id); rec.Status != civreg.StatusNeedsReview || rec.Version != 1 {
		t.Errorf("the claimed record changed: %s v%d", rec.Status, rec.Version)
	}
	// The first reviewer types a value and has not saved it when the admin takes the record
	// over: the screen opens for the admin and the claim is theirs; the first reviewer's next
	// renewal (coming back to the tab) turns their screen read-only with their value kept in
	// sight; their leaving the screen does not release the admin's claim.
	evalT[bool](a, `(() => { const i = document.getElementById('f-child_name'); i.value = 'Typed, not saved'; i.dispatchEvent(new Event('input', {bubbles: true})); return true })()`)
	b.do("take over", chromedp.Click(chromedp.ID("take-over")))
	b.wait("open to the admin", `document.getElementById('read-only').hidden && !document.getElementById('f-child_name').readOnly && !document.getElementById('approve').disabled`, 5*time.Second)
	evalT[bool](a, `document.dispatchEvent(new Event('visibilitychange')) || true`)
	a.wait("the first reviewer is read-only, their value kept", `!document.getElementById('read-only').hidden && document.getElementById('f-child_name').readOnly &&
		(document.querySelector('[data-key="child_name"] .yours') || {}).textContent === 'your value was: Typed, not saved'`, 5*time.Second)
	a.do("the first reviewer goes to the queue", chromedp.Navigate(a.base+"/review"), chromedp.WaitVisible(chromedp.CSS("table.queue")))
	if c, err := e.db.RecordClaim(context.Background(), id); err != nil || c == nil || c.By != "admin1" {
		t.Errorf("after the take-over the claim is %+v (%v), want the admin's", c, err)
	}
	// The admin leaves the screen: the lease ends then, not when it runs out.
	b.do("the admin goes to the queue", chromedp.Navigate(b.base+"/review"), chromedp.WaitVisible(chromedp.CSS("table.queue")))
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := e.db.RecordClaim(context.Background(), id)
		if err == nil && c == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("after leaving the screen the claim is still %+v (%v)", c, err)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// approvedRecordOpensReadOnly: Back (from the next record) to the one just approved shows who
// approved it and when; Ctrl+Enter says so and approves nothing again.
func approvedRecordOpensReadOnly(t *testing.T, e *env, a *browserSession, id int64) {
	a.do("Back", chromedp.NavigateBack())
	a.wait("the approved record again", fmt.Sprintf(`location.pathname == '/review/%d' && document.querySelectorAll('#field-list input').length > 0`, id), 20*time.Second)
	if got := a.text("#read-only"); !strings.Contains(got, "reviewer1 approved it on") {
		t.Errorf("the approved record opens with %q", got)
	}
	a.do("Ctrl+Enter on it", chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	a.wait("told nothing was approved", `document.getElementById('status').textContent.includes('Nothing was approved')`, 5*time.Second)
	if n := e.approvals(t, id); n != 1 {
		t.Errorf("record %d approved %d times", id, n)
	}
	if !evalT[bool](a, `location.pathname == '/review/`+itoa(id)+`'`) {
		t.Error("Ctrl+Enter on an approved record left it")
	}
	a.screenshot("review-approved-read-only")
}

func (e *env) approvals(t *testing.T, id int64) int {
	entries, err := e.db.AuditLog(context.Background(), id, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, en := range entries {
		if en.Action == "record.approve" {
			n++
		}
	}
	return n
}

func nothingOverflowsAPhone(t *testing.T, a *browserSession, id int64) {
	a.do("a 390 px phone", chromedp.EmulateViewport(390, 844))
	for _, path := range []string{fmt.Sprintf("/review/%d", id), "/review", "/review?tab=mine"} {
		a.do("open "+path, chromedp.Navigate(a.base+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		time.Sleep(500 * time.Millisecond)
		w := evalT[int](a, `document.scrollingElement.scrollWidth`)
		t.Logf("%s at 390 px: scrollWidth %d", path, w)
		if w > 390 {
			t.Errorf("%s lays out %d px wide on a 390 px screen", path, w)
		}
	}
	a.openReview(id)
	a.do("go to the lowest field", chromedp.Focus(chromedp.ID("f-father_name")))
	time.Sleep(300 * time.Millisecond)
	// A readable box is wider than a phone: its start and its whole height must show.
	var got struct{ Top, Bottom, Left, CanvasTop, CanvasBottom, CanvasLeft, CanvasRight float64 }
	json.Unmarshal([]byte(evalT[string](a, boxInView)), &got)
	if got.Top < got.CanvasTop || got.Bottom > got.CanvasBottom || got.Left < got.CanvasLeft || got.Left > got.CanvasRight-40 || got.Bottom > 844 {
		t.Errorf("on a phone the lowest field's box is out of view: %+v", got)
	}
	a.screenshot("review-phone")
	a.do("back to a desk", chromedp.EmulateViewport(1280, 900))
}
