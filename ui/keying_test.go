package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"

	"civreg"
	"civreg/internal/samples"
	"civreg/internal/testsvc"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// keyedEntry is a handwritten register entry made for a keying test: its record and what the
// register says (samples' truth, as the registry stores it).
type keyedEntry struct {
	ID    int64
	Truth map[string]string
}

// handwrittenEntries makes n birth entries, four to a register page, in a batch keyed as
// keying says. Each is read as a handwritten entry is: OCR's guess of every field (a letter
// wrong), none trusted, each with its cell on the page.
func (e *env) handwrittenEntries(t *testing.T, keying string, n int, seed uint64) []keyedEntry {
	t.Helper()
	ctx := context.Background()
	clerk, _ := e.db.UserByName(ctx, "clerk1")
	b, err := e.db.CreateKeyedBatch(ctx, clerk, fmt.Sprintf("Births register %d", seed), civreg.Birth, false, keying)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []keyedEntry
	for page := 0; len(out) < n; page++ {
		added, err := e.db.AddScan(ctx, clerk, civreg.NewScan{BatchID: b.ID, SHA256: fmt.Sprintf("%060x%04x", seed, page),
			ObjectKey: fmt.Sprintf("originals/%d-%d", seed, page), Size: 1, MediaType: "image/png", PageCount: 1, FileName: "page.png"})
		if err != nil {
			t.Fatal(err)
		}
		id := added.Records[0].RecordID
		var exs []civreg.Extraction
		for i := 0; i < 4 && len(out)+len(exs) < n; i++ {
			truth, _ := samples.Fields(rng, civreg.Birth)
			exs = append(exs, handwrittenExtraction(truth, i))
			out = append(out, keyedEntry{Truth: truth})
		}
		e.readPage(t, id, registerImage(t, exs, out[len(out)-len(exs):]))
		made, ok, err := e.db.FinishEntries(ctx, id, exs)
		if !ok || err != nil || len(made) != len(exs) {
			t.Fatalf("FinishEntries: %v, %v, %v", made, ok, err)
		}
		for i, m := range made {
			out[len(out)-len(made)+i].ID = m.RecordID
		}
	}
	return out
}

// registerImage draws a register page holding each entry's values in their cells, so that a
// cell drawn on the keying screen shows what is to be keyed.
func registerImage(t *testing.T, exs []civreg.Extraction, entries []keyedEntry) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 1200, 800))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.Black, Face: basicfont.Face7x13}
	for i, ex := range exs {
		for _, f := range ex.Fields {
			// A cell is 115 pixels wide: the value goes on as many lines as it needs.
			words, line := strings.Fields(entries[i].Truth[f.Key]), 0
			for len(words) > 0 {
				n := 1
				for n < len(words) && len(strings.Join(words[:n+1], " "))*7 < 110 {
					n++
				}
				d.Dot = fixed.P(f.Box[0]+3, f.Box[1]+16+16*line)
				d.DrawString(strings.Join(words[:n], " "))
				words, line = words[n:], line+1
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readPage stores img as record id's one page, read, with no words.
func (e *env) readPage(t *testing.T, id int64, img []byte) {
	t.Helper()
	e.readPageWords(t, id, img, []byte(`{"width":1200,"height":800,"words":[]}`))
}

// readPageWords stores img and its words as record id's one page, read, and begins the
// extract stage (as the pipeline would before extraction).
func (e *env) readPageWords(t *testing.T, id int64, img, words []byte) {
	t.Helper()
	ctx := context.Background()
	read := civreg.PageRead{ImageKey: civreg.PageImageKey(id, 1), WordsKey: civreg.PageWordsKey(id, 1)}
	for key, body := range map[string][]byte{read.ImageKey: img, read.WordsKey: words} {
		if err := e.objects.Put(ctx, key, bytes.NewReader(body), int64(len(body)), "application/octet-stream"); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []func() (bool, error){
		func() (bool, error) { return e.db.BeginStage(ctx, id, civreg.StageOCR) },
		func() (bool, error) { return e.db.FinishPage(ctx, id, 1, read) },
		func() (bool, error) { return e.db.BeginStage(ctx, id, civreg.StageExtract) },
	} {
		if ok, err := step(); !ok || err != nil {
			t.Fatalf("reading the page: %v, %v", ok, err)
		}
	}
}

// handwrittenExtraction is entry i of a page as the extract stage gives a handwritten one:
// each value misread by a letter, each needing review, in its column of the entry's band.
func handwrittenExtraction(truth map[string]string, i int) civreg.Extraction {
	top := 200 * i
	ex := civreg.Extraction{RecordType: civreg.Birth, Entry: i + 1, EntryPage: 1, Region: []int{0, top, 1200, top + 200},
		Note: fmt.Sprintf("entry %d; nothing trusted: written by hand", i+1)}
	for n, spec := range civreg.FieldsOf(civreg.Birth) {
		v, ok := truth[spec.Key]
		if !ok {
			continue
		}
		misread := []rune(v)
		if len(misread) > 2 {
			misread[1] = 'x'
		}
		x := 120 * n
		ex.Fields = append(ex.Fields, civreg.Field{Key: spec.Key, Value: string(misread), Confidence: 0.3, NeedsReview: true,
			Page: 1, Box: []int{x, top + 40, x + 115, top + 160}})
	}
	return ex
}

// TestKeyingScreensAndTheirRefusals: the keying screen shows OCR's reading as a placeholder
// on single keying and nothing of it on double keying; values that cannot be read are
// answered field by field and nothing is stored; a keyer is refused a second keying and the
// arbitration of the entry, each with a message; clerks may not key.
func TestKeyingScreensAndTheirRefusals(t *testing.T) {
	e := newEnv(t)
	single := e.handwrittenEntries(t, civreg.KeyingSingle, 1, 1)[0]
	double := e.handwrittenEntries(t, civreg.KeyingDouble, 1, 2)[0]
	reviewer, csrf := e.signIn(t, "reviewer1")
	ocrName := e.fieldValue(t, single.ID, "child_name")

	code, html := getPage(t, reviewer, e.srv.URL+"/records/"+itoa(single.ID)+"/key")
	for _, want := range []string{`id="k-child_name"`, `placeholder="` + ocrName + `"`, `list="districts"`, `list="names-mother_name"`,
		`data-box="`, `src="/api/v1/records/` + itoa(single.ID) + `/pages/1/image"`, "14 3 87"} {
		if code != 200 || !strings.Contains(html, want) {
			t.Errorf("single keying screen (%d) lacks %s", code, want)
		}
	}
	code, html = getPage(t, reviewer, e.srv.URL+"/records/"+itoa(double.ID)+"/key")
	if code != 200 || strings.Contains(html, "placeholder=") || strings.Contains(html, e.fieldValue(t, double.ID, "child_name")) {
		t.Errorf("double keying screen (%d) shows OCR's reading", code)
	}

	token := e.tokens[civreg.RoleReviewer]
	bad := `{"version":2,"fields":[{"key":"sex","value":"x","keystrokes":2,"seconds":1},{"key":"date_of_birth","value":"yesterday","keystrokes":10,"seconds":1}]}`
	code, body := e.do(t, "POST", "/api/v1/records/"+itoa(single.ID)+"/keying", token, bad)
	fields, _ := body["fields"].(map[string]any)
	if code != 400 || fields["sex"] == nil || fields["date_of_birth"] == nil {
		t.Errorf("unreadable keying: %d %v", code, body)
	}
	if n := e.count(t, `SELECT count(*) FROM keyings`); n != 0 {
		t.Errorf("%d keyings stored from an unreadable keying", n)
	}
	if code, _ := e.do(t, "POST", "/api/v1/records/"+itoa(single.ID)+"/keying", e.tokens[civreg.RoleClerk], bad); code != 403 {
		t.Errorf("a clerk keying: %d, want 403", code)
	}
	if code := sessionStatus(t, reviewer, "POST", e.srv.URL+"/api/v1/records/"+itoa(double.ID)+"/keying", `{"version":2,"fields":[{"key":"sex","value":"b"}]}`, ""); code != 403 {
		t.Errorf("keying from the browser without the CSRF token: %d, want 403", code)
	}
	version := e.count(t, `SELECT version FROM records WHERE id = $1`, double.ID)
	good := fmt.Sprintf(`{"version":%d,"fields":[{"key":"sex","value":"b","keystrokes":2,"seconds":1}]}`, version)
	if code := sessionStatus(t, reviewer, "POST", e.srv.URL+"/api/v1/records/"+itoa(double.ID)+"/keying", good, csrf); code != 200 {
		t.Fatalf("first keying of the double-keyed entry: %d", code)
	}
	code, html = getPage(t, reviewer, e.srv.URL+"/records/"+itoa(double.ID)+"/key")
	if code != 409 || !strings.Contains(html, "A second keying must be someone else") {
		t.Errorf("the keyer opening the entry again: %d", code)
	}
	code, _ = e.do(t, "POST", "/api/v1/records/"+itoa(double.ID)+"/keying", token, strings.Replace(good, `"b"`, `"g"`, 1))
	if code != 409 {
		t.Errorf("the keyer keying the entry a second time, otherwise: %d, want 409", code)
	}
	code, html = getPage(t, reviewer, e.srv.URL+"/records/"+itoa(double.ID)+"/arbitrate")
	if code != 409 || !strings.Contains(html, "you may not arbitrate it") {
		t.Errorf("the keyer opening the arbitration: %d", code)
	}
	code, body = e.do(t, "GET", "/api/v1/keying/queue?list=key", token, "")
	if entries, _ := body["entries"].([]any); code != 200 || len(entries) != 1 {
		t.Errorf("reviewer1's keying queue: %d %v; want the single-keyed entry only", code, body)
	}
	if code, _ := e.do(t, "GET", "/api/v1/keying/queue?list=other", token, ""); code != 400 {
		t.Errorf("an unknown list: %d, want 400", code)
	}
}

func (e *env) fieldValue(t *testing.T, id int64, key string) string {
	t.Helper()
	rec, err := e.db.Record(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Fields[key].Value
}

func (e *env) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	return testsvc.Count(t, e.dbURL, sql, args...)
}

// TestKeyingRoutesCheckTheRole: every keying route answers 401 without credentials and 403
// to roles other than reviewer and admin, API and pages alike.
func TestKeyingRoutesCheckTheRole(t *testing.T) {
	e := newEnv(t)
	id := itoa(e.handwrittenEntries(t, civreg.KeyingDouble, 1, 3)[0].ID)
	api := []struct{ method, path, body string }{
		{"POST", "/api/v1/records/" + id + "/keying", `{"version":2,"fields":[{"key":"sex","value":"b"}]}`},
		{"POST", "/api/v1/records/" + id + "/arbitration", `{"version":2,"picks":{}}`},
		{"GET", "/api/v1/keying/queue", ""},
		{"PATCH", "/api/v1/batches/1", `{"keying":"single"}`},
	}
	for _, rt := range api {
		if code, _ := e.do(t, rt.method, rt.path, "", rt.body); code != 401 {
			t.Errorf("%s %s without a token: %d, want 401", rt.method, rt.path, code)
		}
		for _, role := range []civreg.Role{civreg.RoleClerk, civreg.RoleHealth, civreg.RoleArchivist} {
			if code, _ := e.do(t, rt.method, rt.path, e.tokens[role], rt.body); code != 403 {
				t.Errorf("%s %s as %s: %d, want 403", rt.method, rt.path, role, code)
			}
		}
	}
	if code, _ := e.do(t, "PATCH", "/api/v1/batches/1", e.tokens[civreg.RoleAdmin], `{"keying":"single"}`); code != 200 {
		t.Errorf("an admin setting a batch's keying: %d", code)
	}
	clerk, _ := e.signIn(t, "clerk1")
	for _, page := range []string{"/keying", "/keying/next", "/records/" + id + "/key", "/records/" + id + "/arbitrate", "/admin/keyers"} {
		if code, _ := getPage(t, clerk, e.srv.URL+page); code != 403 {
			t.Errorf("a clerk on %s: %d, want 403", page, code)
		}
	}
	reviewer, _ := e.signIn(t, "reviewer1")
	if code, _ := getPage(t, reviewer, e.srv.URL+"/admin/keyers"); code != 403 {
		t.Errorf("a reviewer on the keyers page: %d, want 403", code)
	}
}
