package ui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testsvc"
	"civreg/search"
	"civreg/ui"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// certificateLine is one line of a drawn birth certificate: a label, then the field's value.
type certificateLine struct{ key, label, value string }

var birthLines = []certificateLine{
	{"child_name", "Name of child:", "AMELIA LIBURD"},
	{"date_of_birth", "Date of birth:", "14 MARCH 1987"},
	{"place_of_birth", "Place of birth:", "SANDY POINT"},
	{"mother_name", "Mother:", "GRACE LIBURD"},
}

// drawCertificate draws lines on a white page in a 36-pixel face and returns the page (PNG),
// its words (boxes from the face's metrics) and each value's box.
func drawCertificate(t *testing.T, lines []certificateLine) ([]byte, civreg.PageWords, map[string][4]int) {
	t.Helper()
	f, _ := opentype.Parse(goregular.TTF)
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 36, DPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 1400, 160+140*len(lines)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: face}
	pw := civreg.PageWords{Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	boxes := map[string][4]int{}
	for i, l := range lines {
		y := 120 + 140*i
		d.Dot = fixed.P(80, y)
		var value image.Rectangle
		for j, word := range strings.Fields(l.label + " " + l.value) {
			if j > 0 {
				d.DrawString(" ")
			}
			b, _ := d.BoundString(word)
			d.DrawString(word)
			r := image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
			pw.Words = append(pw.Words, civreg.Word{Text: word, Conf: 0.95, Box: [4]int{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y}, Line: i + 1})
			if j >= len(strings.Fields(l.label)) {
				value = value.Union(r)
			}
		}
		boxes[l.key] = [4]int{value.Min.X, value.Min.Y, value.Max.X, value.Max.Y}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes(), pw, boxes
}

// approvedCertificate stores a drawn certificate as page 1 of a new approved birth record whose
// fields carry their boxes.
func (e *env) approvedCertificate(t *testing.T, digit string) (int64, []byte) {
	t.Helper()
	ctx := context.Background()
	id := e.queuedBirth(t, digit)
	page, words, boxes := drawCertificate(t, birthLines)
	wordsJSON, _ := json.Marshal(words)
	imgKey, wordsKey := civreg.PageImageKey(id, 1), civreg.PageWordsKey(id, 1)
	for key, body := range map[string][]byte{imgKey: page, wordsKey: wordsJSON} {
		if err := e.objects.Put(ctx, key, bytes.NewReader(body), int64(len(body)), "application/octet-stream"); err != nil {
			t.Fatal(err)
		}
	}
	testsvc.Exec(t, e.dbURL, fmt.Sprintf("UPDATE pages SET image_key = '%s', words_key = '%s' WHERE record_id = %d", imgKey, wordsKey, id))
	for _, l := range birthLines {
		b := boxes[l.key]
		testsvc.Exec(t, e.dbURL, fmt.Sprintf(`INSERT INTO fields (record_id, key, value, printed, confidence, page, box, version)
			VALUES (%d, '%s', '%s', '%s', 0.9, 1, '{%d,%d,%d,%d}', 1)`, id, l.key, l.value, l.value, b[0], b[1], b[2], b[3]))
	}
	testsvc.Exec(t, e.dbURL, fmt.Sprintf("UPDATE records SET status = 'approved' WHERE id = %d", id))
	return id, page
}

// ocrText is what Tesseract reads in a PNG.
func ocrText(t *testing.T, png []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "page.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("tesseract", path, "stdout").Output()
	if err != nil {
		t.Fatalf("tesseract: %v", err)
	}
	return strings.ToUpper(string(out))
}

// TestHealthStaffReadNoSensitiveValueOnTheScan: OCR of the page image the health role is sent
// finds the child's name but neither the date nor the place of birth, which a reviewer's image
// shows; its words and thumbnail leave them out too; every read is audited; each part is made
// once per page version and stored.
func TestHealthStaffReadNoSensitiveValueOnTheScan(t *testing.T) {
	e := newEnv(t)
	id, original := e.approvedCertificate(t, "3")
	base := "/api/v1/records/" + itoa(id) + "/pages/1/"
	sensitive := []string{"SANDY", "MARCH", "1987"}

	resp, img, _ := e.get(t, base+"image", e.tokens[civreg.RoleReviewer])
	if resp.StatusCode != 200 || !bytes.Equal(img, original) {
		t.Fatalf("reviewer's image: %d, original %v", resp.StatusCode, bytes.Equal(img, original))
	}
	if text := ocrText(t, img); !strings.Contains(text, "SANDY") || !strings.Contains(text, "AMELIA") {
		t.Fatalf("OCR cannot read the drawn certificate itself: %q", text)
	}
	resp, img, _ = e.get(t, base+"image", e.tokens[civreg.RoleHealth])
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("health image: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	text := ocrText(t, img)
	if !strings.Contains(text, "AMELIA") {
		t.Errorf("the covered image lost what health staff may read: %q", text)
	}
	for _, v := range sensitive {
		if strings.Contains(text, v) {
			t.Errorf("health staff can read %q on the scan: %q", v, text)
		}
	}
	resp, words, _ := e.get(t, base+"words", e.tokens[civreg.RoleHealth])
	if resp.StatusCode != 200 || !bytes.Contains(words, []byte("AMELIA")) {
		t.Fatalf("health words: %d %s", resp.StatusCode, words)
	}
	for _, v := range sensitive {
		if bytes.Contains(bytes.ToUpper(words), []byte(v)) {
			t.Errorf("the health role's words carry %q", v)
		}
	}
	resp, thumb, _ := e.get(t, base+"thumbnail", e.tokens[civreg.RoleHealth])
	cfg, err := png.DecodeConfig(bytes.NewReader(thumb))
	if resp.StatusCode != 200 || err != nil || cfg.Width > 200 {
		t.Fatalf("thumbnail: %d %v, %d pixels wide", resp.StatusCode, err, cfg.Width)
	}
	if n := e.pageReads(t, id, "health1"); n != 3 {
		t.Errorf("health staff's scan reads wrote %d audit rows, want 3", n)
	}
	e.get(t, base+"image", e.tokens[civreg.RoleHealth])
	var derived []string
	e.objects.List(context.Background(), fmt.Sprintf("derived/%d/", id), func(key string, _ int64, _ int64) error {
		derived = append(derived, key)
		return nil
	})
	if len(derived) != 3 {
		t.Errorf("derivatives stored: %v, want one image, one words and one thumbnail", derived)
	}
}

// TestScanIsWithheldWhenASensitiveFieldHasNoBox: a sensitive field whose place on the page is
// not known leaves nothing to cover, so health staff get no image, words or thumbnail and a
// message naming the field; a reviewer still gets the page.
func TestScanIsWithheldWhenASensitiveFieldHasNoBox(t *testing.T) {
	e := newEnv(t)
	id, _ := e.approvedCertificate(t, "4")
	testsvc.Exec(t, e.dbURL, fmt.Sprintf("UPDATE fields SET box = NULL WHERE record_id = %d AND key = 'place_of_birth'", id))
	for _, part := range []string{"image", "words", "thumbnail"} {
		path := "/api/v1/records/" + itoa(id) + "/pages/1/" + part
		code, body := e.do(t, "GET", path, e.tokens[civreg.RoleHealth], "")
		if msg, _ := body["error"].(string); code != 403 || !strings.Contains(msg, "place of birth") {
			t.Errorf("health %s with an unplaced place of birth: %d %v, want 403 naming the field", part, code, body)
		}
		if resp, _, _ := e.get(t, path, e.tokens[civreg.RoleReviewer]); resp.StatusCode != 200 {
			t.Errorf("reviewer %s: %d", part, resp.StatusCode)
		}
	}
	if n := e.pageReads(t, id, "health1"); n != 0 {
		t.Errorf("withheld reads wrote %d audit rows", n)
	}
	c, _ := e.signIn(t, "health1")
	_, page := getPageResponse(t, c, e.srv.URL+"/records/"+itoa(id))
	if !strings.Contains(page, `id="scan-withheld"`) || !strings.Contains(page, "place of birth") {
		t.Errorf("the record page does not say why the scan is withheld:\n%s", page)
	}
}

// adminForm posts a users-page form as admin1 and returns the status and page.
func (e *env) adminForm(t *testing.T, path string, form url.Values) (int, string) {
	t.Helper()
	c, csrf := e.signIn(t, "admin1")
	form.Set("csrf_token", csrf)
	resp, err := c.PostForm(e.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(b)
}

// TestAdminGrantsHealthStaffTheSensitiveFields: once an admin grants it (audited), the health
// user gets the page as scanned and the record's sensitive fields; withdrawn, covered again.
// Only health users can be granted it.
func TestAdminGrantsHealthStaffTheSensitiveFields(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id, original := e.approvedCertificate(t, "5")
	health, _ := e.db.UserByName(ctx, "health1")
	clerk, _ := e.db.UserByName(ctx, "clerk1")
	image := "/api/v1/records/" + itoa(id) + "/pages/1/image"
	for _, sees := range []bool{true, false} {
		code, page := e.adminForm(t, "/admin/users/"+itoa(health.ID)+"/sensitive", url.Values{"sees": {strconv.FormatBool(sees)}})
		if code != 200 || !strings.Contains(page, "access to sensitive fields changed") {
			t.Fatalf("grant %v: %d\n%s", sees, code, page)
		}
		_, got, _ := e.get(t, image, e.tokens[civreg.RoleHealth])
		if bytes.Equal(got, original) != sees {
			t.Errorf("granted %v: the health user got the original scan: %v", sees, !sees)
		}
		_, rec := e.do(t, "GET", "/api/v1/records/"+itoa(id), e.tokens[civreg.RoleHealth], "")
		if _, has := rec["fields"].(map[string]any)["place_of_birth"]; has != sees {
			t.Errorf("granted %v: place_of_birth shown %v", sees, has)
		}
	}
	if code, _ := e.adminForm(t, "/admin/users/"+itoa(clerk.ID)+"/sensitive", url.Values{"sees": {"true"}}); code != 400 {
		t.Errorf("granting a clerk the sensitive fields: %d, want 400", code)
	}
	if n := testsvc.Count(t, e.dbURL, "SELECT count(*) FROM audit_log WHERE action = 'user.set_sensitive'"); n != 2 {
		t.Errorf("grants audited: %d, want 2", n)
	}
}

// TestUsersPageSaysOnlyWhatItsFormsDid: text in the URL never becomes a message on the page.
func TestUsersPageSaysOnlyWhatItsFormsDid(t *testing.T) {
	e := newEnv(t)
	c, _ := e.signIn(t, "admin1")
	for _, q := range []string{"error=ANY+TEXT+your+password+has+expired", "done=ANY+TEXT+your+password+has+expired"} {
		_, b := getPageResponse(t, c, e.srv.URL+"/admin/users?"+q)
		if strings.Contains(b, "ANY TEXT") {
			t.Errorf("/admin/users?%s shows the URL's text", q)
		}
	}
}

// TestDisabledUsersCannotSignInOrUseTokensUntilEnabled, and the last admin cannot be disabled.
func TestDisabledUsersCannotSignInOrUseTokensUntilEnabled(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clerk, _ := e.db.UserByName(ctx, "clerk1")
	admin, _ := e.db.UserByName(ctx, "admin1")
	if code, _ := e.adminForm(t, "/admin/users/"+itoa(clerk.ID)+"/disable", url.Values{}); code != 200 {
		t.Fatalf("disable: %d", code)
	}
	if code, _ := e.do(t, "GET", "/api/v1/me", e.tokens[civreg.RoleClerk], ""); code != 401 {
		t.Errorf("a disabled user's token: %d, want 401", code)
	}
	l, _ := e.freshLoginClient(t)
	if resp, _ := l.login(t, e, "clerk1", "correct horse battery"); resp.StatusCode != 401 {
		t.Errorf("a disabled user's sign-in: %d, want 401", resp.StatusCode)
	}
	e.adminForm(t, "/admin/users/"+itoa(clerk.ID)+"/enable", url.Values{})
	if code, _ := e.do(t, "GET", "/api/v1/me", e.tokens[civreg.RoleClerk], ""); code != 200 {
		t.Errorf("an enabled user's token: %d, want 200", code)
	}
	code, page := e.adminForm(t, "/admin/users/"+itoa(admin.ID)+"/disable", url.Values{})
	if code != 409 || !strings.Contains(page, "last admin") {
		t.Errorf("disabling the last admin: %d", code)
	}
}

// TestHSTSOnlyWhenCookiesAreSecure: behind HTTPS every answer asks browsers to stay on HTTPS.
func TestHSTSOnlyWhenCookiesAreSecure(t *testing.T) {
	for _, secure := range []bool{false, true} {
		srv := httptest.NewServer((&ui.Server{SecureCookies: secure}).Handler())
		resp, err := http.Get(srv.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		srv.Close()
		if hsts := resp.Header.Get("Strict-Transport-Security"); (hsts != "") != secure {
			t.Errorf("secure cookies %v: HSTS %q", secure, hsts)
		}
	}
}

// TestQueueDashboardIsReadOnly: an admin's session can read the queues but cannot delete,
// pause or run tasks through the dashboard, with or without the session's CSRF token.
func TestQueueDashboardIsReadOnly(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.signIn(t, "admin1")
	resp, err := c.Get(e.srv.URL + ui.DashboardPath + "/api/queues")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("reading the queues: %d", resp.StatusCode)
	}
	writes := []struct{ method, path string }{
		{"DELETE", "/api/queues/ocr"},
		{"POST", "/api/queues/ocr:pause"},
		{"POST", "/api/queues/ocr/scheduled_tasks:run_all"},
		{"DELETE", "/api/queues/ocr/archived_tasks:delete_all"},
	}
	for _, w := range writes {
		for _, token := range []string{"", csrf} {
			if code := sessionStatus(t, c, w.method, e.srv.URL+ui.DashboardPath+w.path, "", token); code < 400 {
				t.Errorf("%s %s (CSRF token %v): %d, want a refusal", w.method, w.path, token != "", code)
			}
		}
	}
}

// TestRequestBodiesAreBoundedByRoute: sign-in, forms and the JSON API refuse bodies over
// their limits with 413 before reading them (with a length) or by cutting them off (chunked),
// and the server answers the next request as before.
func TestRequestBodiesAreBoundedByRoute(t *testing.T) {
	e := newEnv(t)
	big := func(n int) string { return "name=" + strings.Repeat("a", n) }
	cases := []struct {
		method, path, body string
		chunked            bool
	}{
		{"POST", "/login", big(8 << 10), false},
		{"POST", "/login", big(8 << 10), true},
		{"POST", "/admin/users/add", big(64 << 10), false},
		{"PATCH", "/api/v1/records/1", `{"fields":{"child_name":"` + strings.Repeat("a", 2<<20) + `"}}`, false},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, e.srv.URL+c.path, strings.NewReader(c.body))
		if c.chunked {
			req.ContentLength = -1
			req.Body = io.NopCloser(strings.NewReader(c.body))
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+e.tokens[civreg.RoleAdmin])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("%s %s with %d bytes (chunked %v): %d, want 413", c.method, c.path, len(c.body), c.chunked, resp.StatusCode)
		}
	}
	if code, _ := e.do(t, "GET", "/api/v1/me", e.tokens[civreg.RoleAdmin], ""); code != 200 {
		t.Errorf("after the large bodies: %d", code)
	}
}

// TestSearchQueriesAreBoundedAndTakenLiterally: too many words or characters are a 400 saying
// the bound, at once; LIKE's wildcards find only themselves; the audited query is bounded.
func TestSearchQueriesAreBoundedAndTakenLiterally(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	r := &civreg.Record{ID: 10, Version: 1, RecordType: civreg.Death, Status: civreg.StatusApproved,
		Fields: map[string]civreg.Field{"deceased_name": {Value: "Kendall Liburd"}}}
	if err := e.db.Search().Put(ctx, search.FromRecord(r)); err != nil {
		t.Fatal(err)
	}
	tok := e.tokens[civreg.RoleReviewer]
	cases := []struct {
		q     string
		code  int
		total float64
		says  string
	}{
		{"Liburd", 200, 1, ""},
		{"%", 200, 0, ""},
		{"_", 200, 0, ""},
		{"L%d", 200, 0, ""},
		{strings.Repeat("liburd ", 5000), 400, 0, "characters"},
		{strings.TrimSpace(strings.Repeat("ab ", 9)), 400, 0, "words"},
		{strings.Repeat("a", 201), 400, 0, "characters"},
	}
	for _, c := range cases {
		start := time.Now()
		code, res := e.do(t, "GET", "/api/v1/search?q="+url.QueryEscape(c.q), tok, "")
		msg, _ := res["error"].(string)
		if code != c.code || code == 200 && res["total"] != c.total || !strings.Contains(msg, c.says) {
			t.Errorf("search %.20q: %d %v, want %d (total %v, saying %q)", c.q, code, res, c.code, c.total, c.says)
		}
		if time.Since(start) > 10*time.Second {
			t.Errorf("search %.20q took %s", c.q, time.Since(start))
		}
	}
	long := url.QueryEscape("liburd") + "&note=" + strings.Repeat("x", 5000) // a parameter the search ignores
	e.do(t, "GET", "/api/v1/search?q="+long, tok, "")
	log, _ := e.db.AuditLog(ctx, 0, 100)
	for _, l := range log {
		if q, _ := l.Detail["query"].(string); len(q) > 600 {
			t.Errorf("an audited query of %d characters", len(q))
		}
	}
}
