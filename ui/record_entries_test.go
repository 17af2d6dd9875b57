package ui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testfiles"

	"github.com/chromedp/chromedp"
)

// registerPage makes a record whose one page is read and holds an entry in each band, and
// returns the page's records in entry order and the page image.
func (e *env) registerPage(t *testing.T, digit string, bands [][]int) ([]int64, []byte) {
	t.Helper()
	ctx := context.Background()
	id := e.queuedBirth(t, digit)
	img := testfiles.PNG(400, 300, 3)
	words := []byte(`{"width":400,"height":300,"words":[]}`)
	e.readPageWords(t, id, img, words)
	var exs []civreg.Extraction
	for i, b := range bands {
		exs = append(exs, civreg.Extraction{RecordType: civreg.Birth, Entry: i + 1, EntryPage: 1, Region: b,
			Note:   "entry " + string(rune('1'+i)) + "; nothing trusted: written by hand",
			Fields: []civreg.Field{{Key: "child_name", Value: "Child " + string(rune('A'+i)), Confidence: 0.9, Page: 1}}})
	}
	made, ok, err := e.db.FinishEntries(ctx, id, exs)
	if !ok || err != nil || len(made) != len(bands) {
		t.Fatalf("FinishEntries: %v, %v, %v", made, ok, err)
	}
	ids := make([]int64, len(made))
	for i, m := range made {
		ids[i] = m.RecordID
	}
	return ids, img
}

// TestEntryReviewShowsItsBandAndTheOtherEntries: the review screen and the record page of an
// entry of a register page carry the entry's band for static/entry.js and link every entry of
// the page; the API answers the entry with its place, and its page image is the owner's.
// A certificate's record has neither.
func TestEntryReviewShowsItsBandAndTheOtherEntries(t *testing.T) {
	e := newEnv(t)
	ids, img := e.registerPage(t, "5", [][]int{{10, 0, 390, 100}, {10, 100, 390, 200}, {10, 200, 390, 300}})
	reviewer, _ := e.signIn(t, "reviewer1")
	for _, page := range []string{"/review/", "/records/"} {
		code, html := getPage(t, reviewer, e.srv.URL+page+itoa(ids[1]))
		if code != 200 {
			t.Fatalf("%s of entry 2: %d", page, code)
		}
		for _, want := range []string{`class="entry-band"`, `data-region="10 100 390 200"`, `data-page="1"`,
			"Entry 2 of 3 on this page", `href="` + page + itoa(ids[0]) + `"`, `href="` + page + itoa(ids[2]) + `"`,
			`href="` + page + itoa(ids[1]) + `" aria-current="page"`, `src="/static/entry.js"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%s of entry 2 lacks %s", page, want)
			}
		}
	}

	if _, html := getPage(t, reviewer, e.srv.URL+"/review/"+itoa(ids[1])); !strings.Contains(html, "nothing trusted: written by hand") {
		t.Errorf("the review screen of a handwritten entry does not say why nothing is trusted")
	}

	code, body := e.do(t, "GET", "/api/v1/records/"+itoa(ids[1]), e.tokens[civreg.RoleReviewer], "")
	region, _ := json.Marshal(body["region"])
	if code != 200 || body["entry"] != float64(2) || body["page_of"] != float64(ids[0]) || string(region) != "[10,100,390,200]" {
		t.Errorf("API record of entry 2: %d entry %v page_of %v region %s", code, body["entry"], body["page_of"], region)
	}
	resp, got, err := e.get(t, "/api/v1/records/"+itoa(ids[1])+"/pages/1/image", e.tokens[civreg.RoleReviewer])
	if err != nil || resp.StatusCode != 200 || !bytes.Equal(got, img) {
		t.Errorf("entry 2's page image: %v, %v, %d bytes; want the page's %d", resp.Status, err, len(got), len(img))
	}

	cert := e.queuedBirth(t, "6")
	if _, html := getPage(t, reviewer, e.srv.URL+"/review/"+itoa(cert)); strings.Contains(html, "entry-band") || strings.Contains(html, "on this page") {
		t.Errorf("a certificate's review screen shows entries")
	}
}

// getPage gets a web page with a signed-in client.
func getPage(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, b := getPageResponse(t, c, url)
	return resp.StatusCode, b
}

// TestBrowserShowsAnEntrysBand: in Chromium, under the pages' content security policy,
// static/entry.js places entry 2's band over its third of the page image on the review
// screen, and hides it on a page the entry does not stand on.
func TestBrowserShowsAnEntrysBand(t *testing.T) {
	chromium := chromiumOrFail(t)
	e := newEnv(t)
	ids, _ := e.registerPage(t, "5", [][]int{{10, 0, 390, 100}, {10, 100, 390, 200}, {10, 200, 390, 300}})
	b := openBrowser(t, e, chromium)
	b.login("reviewer1")
	b.do("open entry 2", chromedp.Navigate(b.base+"/review/"+itoa(ids[1])))
	b.wait("the band over the entry", `(() => { const el = document.getElementById("entry-band");
		return el && !el.hidden && el.style.top.startsWith("33.3") && el.style.height.startsWith("33.3") && el.style.left === "2.5%"; })()`, 20*time.Second)
	b.screenshot("review-entry")
	b.do("show another page", chromedp.Evaluate[chromedp.Void](`document.getElementById("page-img").src = "/api/v1/records/`+itoa(ids[1])+`/pages/2/image"`))
	b.wait("the band hidden off its page", `document.getElementById("entry-band").hidden`, 10*time.Second)
}
