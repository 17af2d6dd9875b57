package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"civreg"
	"civreg/internal/testfiles"
	"civreg/internal/testsvc"
	"civreg/workers"
)

type file struct {
	name string
	body []byte
}

func (e *env) upload(t *testing.T, batch int64, files ...file) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		// Names are quoted or, with control characters, sent as RFC 2231 filename*, as the
		// client meant them (a raw NUL in a header is refused by HTTP itself).
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": f.name}))
		h.Set("Content-Type", "application/octet-stream")
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.body)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/batches/%d/scans", e.srv.URL, batch), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens[civreg.RoleClerk])
	return send(t, req)
}

// uploadRaw sends one file as the whole request body, as civreg ingest does: the server knows
// its size and stores it while it arrives.
func (e *env) uploadRaw(t *testing.T, batch int64, f file) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/batches/%d/scans", e.srv.URL, batch), bytes.NewReader(f.body))
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.name}))
	req.Header.Set("Authorization", "Bearer "+e.tokens[civreg.RoleClerk])
	return send(t, req)
}

// uploadWays are the two ways a file reaches intake: a part of a browser's form (spooled,
// then stored) and a raw body of known size (stored while it arrives).
var uploadWays = []struct {
	name string
	send func(e *env, t *testing.T, batch int64, f file) (int, map[string]any)
}{
	{"form", func(e *env, t *testing.T, batch int64, f file) (int, map[string]any) { return e.upload(t, batch, f) }},
	{"raw", (*env).uploadRaw},
}

func (e *env) newBatch(t *testing.T, typ string, pagePerRecord bool) int64 {
	t.Helper()
	code, b := e.do(t, "POST", "/api/v1/batches", e.tokens[civreg.RoleClerk], fmt.Sprintf(`{"name":"batch %d","record_type":%q,"page_per_record":%v}`, time.Now().UnixNano(), typ, pagePerRecord))
	if code != 201 {
		t.Fatalf("create batch: %d %v", code, b)
	}
	return int64(b["id"].(float64))
}

// stored counts what the registry holds: scan rows, records and original objects.
func (e *env) stored(t *testing.T) (scans, records, objects int) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []struct {
		sql string
		n   *int
	}{{"SELECT count(*) FROM scans", &scans}, {"SELECT count(*) FROM records", &records}} {
		*q.n = testsvc.Count(t, e.dbURL, q.sql)
	}
	e.objects.List(ctx, "originals/", func(string, int64, int64) error { objects++; return nil })
	return
}

func TestUploadAcceptsEachFormatWithItsPages(t *testing.T) {
	e := newEnv(t)
	b := e.newBatch(t, "birth", false)
	code, out := e.upload(t, b,
		file{"a.png", testfiles.PNG(300, 200, 1)},
		file{"b.jpg", testfiles.JPEG(300, 200, 1)},
		file{"c.tif", testfiles.MultiPageTIFF(3, 1)},
		file{"d.pdf", testfiles.PDF(testfiles.JPEG(200, 100, 9), 200, 100, "")},
	)
	if code != 201 {
		t.Fatalf("upload: %d %v", code, out)
	}
	scans := out["scans"].([]any)
	wantPages := []float64{1, 1, 3, 1}
	for i, s := range scans {
		m := s.(map[string]any)
		if m["pages"] != wantPages[i] || m["duplicate"] != false || m["record_id"].(float64) == 0 {
			t.Errorf("scan %d: %v", i, m)
		}
	}
	code, batch := e.do(t, "GET", fmt.Sprintf("/api/v1/batches/%d", b), e.tokens[civreg.RoleClerk], "")
	counts := batch["counts"].(map[string]any)
	if code != 200 || counts["uploaded"] != float64(4) {
		t.Fatalf("batch: %d %v", code, batch)
	}
	// Each format again, one at a time as raw bodies (stored while they arrive).
	for i, f := range []file{{"a.png", testfiles.PNG(300, 200, 2)}, {"b.jpg", testfiles.JPEG(300, 200, 2)},
		{"c.tif", testfiles.MultiPageTIFF(3, 2)}, {"d.pdf", testfiles.PDF(testfiles.JPEG(200, 100, 10), 200, 100, "")}} {
		code, out := e.uploadRaw(t, b, f)
		if code != 201 || out["scans"].([]any)[0].(map[string]any)["pages"] != wantPages[i] {
			t.Errorf("raw %s: %d %v", f.name, code, out)
		}
	}
	if s, r, o := e.stored(t); s != 8 || r != 8 || o != 8 {
		t.Fatalf("stored %d scans, %d records, %d objects; want 8 each", s, r, o)
	}
}

func TestUploadOfARegisterVolumeMakesOneRecordPerPage(t *testing.T) {
	e := newEnv(t)
	b := e.newBatch(t, "death", true)
	code, out := e.upload(t, b, file{"volume.tif", testfiles.MultiPageTIFF(4, 3)})
	if code != 201 {
		t.Fatalf("%d %v", code, out)
	}
	if recs := out["scans"].([]any)[0].(map[string]any)["records"].([]any); len(recs) != 4 {
		t.Fatalf("records %v, want 4", recs)
	}
}

func TestUploadRefusalsNameTheFileAndStoreNothing(t *testing.T) {
	e := newEnv(t)
	b := e.newBatch(t, "birth", false)
	png, jpg := testfiles.PNG(300, 200, 7), testfiles.JPEG(300, 200, 7)
	cases := []struct {
		name string
		body []byte
		code int
		says string
	}{
		{"empty.png", nil, 400, "empty"},
		{"half.png", png[:len(png)/2], 400, "truncated"},
		{"last-chunk-damaged.png", append(png[:len(png)-1:len(png)-1], png[len(png)-1]^1), 400, "checksum"},
		{"half.jpg", jpg[:len(jpg)/2], 400, "truncated"},
		{"bomb.png", testfiles.PNGHeaderOnly(50000, 50000), 413, "over the limit"},
		{"pages.tif", testfiles.TIFFClaimingPages(10000), 413, "pages"},
		{"script.pdf", testfiles.PDFWithJavaScript(), 415, "JavaScript"},
		{"archive.pdf", testfiles.ZIP(), 415, "ZIP"},
		// Large refusals are answered before the rest of the body is read: the clerk must
		// still get the answer, not a broken connection.
		{"big-archive.pdf", append(testfiles.ZIP(), make([]byte, 8<<20)...), 415, "ZIP"},
		{"bomb-and-more.png", append(testfiles.PNGHeaderOnly(50000, 50000), make([]byte, 8<<20)...), 413, "over the limit"},
	}
	// A raw body is refused as it arrives: the damage at the very end (a truncated file, the
	// last chunk's checksum) is found as the last bytes come in, and MinIO never gets them.
	for _, way := range uploadWays {
		for _, c := range cases {
			code, out := way.send(e, t, b, file{c.name, c.body})
			if code != c.code || out["file"] != c.name || !strings.Contains(fmt.Sprint(out["error"]), c.says) {
				t.Errorf("%s %s: %d %v; want %d naming the file and saying %q", way.name, c.name, code, out, c.code, c.says)
			}
		}
	}
	if s, r, o := e.stored(t); s != 0 || r != 0 || o != 0 {
		t.Fatalf("after refusals: %d scans, %d records, %d objects stored; want nothing", s, r, o)
	}
	_, ups := e.do(t, "GET", fmt.Sprintf("/api/v1/batches/%d/uploads", b), e.tokens[civreg.RoleClerk], "")
	if refused := ups["refused"].([]any); len(refused) != len(uploadWays)*len(cases) {
		t.Fatalf("the batch shows %d refusals, want %d: %v", len(refused), len(uploadWays)*len(cases), ups)
	}
}

func TestUploadRefusesTheCorpusNonScansAndAcceptsItsScans(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "ocrmypdf")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("peer corpus absent")
	}
	e := newEnv(t)
	b := e.newBatch(t, "unknown", false)
	for name, want := range map[string]int{"multipage.pdf": 201, "ccitt.pdf": 201, "vector.pdf": 415, "invalid.pdf": 400, "hugemono.pdf": 413} {
		body, _ := os.ReadFile(filepath.Join(dir, name))
		if code, out := e.upload(t, b, file{name, body}); code != want {
			t.Errorf("%s: %d %v, want %d", name, code, out, want)
		}
	}
	if s, _, o := e.stored(t); s != 2 || o != 2 {
		t.Fatalf("stored %d scans, %d objects; want the 2 scans", s, o)
	}
}

func TestUploadHostileFileNamesAreStoredAsHarmlessMetadata(t *testing.T) {
	e := newEnv(t)
	b := e.newBatch(t, "birth", false)
	for w, way := range uploadWays {
		for i, name := range testfiles.HostileNames {
			code, out := way.send(e, t, b, file{name, testfiles.PNG(100, 80, 100*w+i)})
			if code != 201 {
				t.Fatalf("%s %q: %d %v", way.name, name, code, out)
			}
			got := out["scans"].([]any)[0].(map[string]any)["file"].(string)
			if strings.ContainsAny(got, "\x00\n\r\x1b") || len([]rune(got)) > 255 {
				t.Errorf("%s: %q stored as %q", way.name, name, got)
			}
			// A name without a path arrives as sent, made harmless; nothing is lost on the way.
			// (A form part's name is cut to its last path element by Go's multipart reader.)
			if want := civreg.CleanName(name); !strings.ContainsAny(name, "/\\") && got != want {
				t.Errorf("%s: %q stored as %q, want %q", way.name, name, got, want)
			}
		}
	}
	// Every original sits under a key the registry made, whatever its name said.
	keys := 0
	e.objects.List(context.Background(), "", func(key string, _, _ int64) error {
		keys++
		if !originalKey.MatchString(key) {
			t.Errorf("object key %q", key)
		}
		return nil
	})
	if keys != len(uploadWays)*len(testfiles.HostileNames) {
		t.Errorf("%d objects stored", keys)
	}
}

var originalKey = regexp.MustCompile(`^originals/[0-9]{4}/[0-9]{2}/[0-9]{2}/[0-9a-f]{32}$`)

func TestUploadOfTheSameBytesIsOneScanInAnyBatch(t *testing.T) {
	e := newEnv(t)
	b1, b2 := e.newBatch(t, "birth", false), e.newBatch(t, "birth", false)
	// Sent first one way, then again both ways, in the same batch and another.
	for i, first := range uploadWays {
		png := testfiles.PNG(200, 150, 42+i)
		_, out := first.send(e, t, b1, file{"a.png", png})
		f := out["scans"].([]any)[0].(map[string]any)
		for _, again := range uploadWays {
			for _, b := range []int64{b1, b2} {
				_, dup := again.send(e, t, b, file{"a-again.png", png})
				d := dup["scans"].([]any)[0].(map[string]any)
				if d["duplicate"] != true || d["record_id"] != f["record_id"] || d["scan_id"] != f["scan_id"] {
					t.Errorf("%s then %s: duplicate answered %v; want the first record %v flagged duplicate", first.name, again.name, d, f["record_id"])
				}
			}
		}
	}
	if s, r, o := e.stored(t); s != 2 || r != 2 || o != 2 {
		t.Fatalf("stored %d scans, %d records, %d objects; want 2 each", s, r, o)
	}
	_, batch := e.do(t, "GET", fmt.Sprintf("/api/v1/batches/%d", b2), e.tokens[civreg.RoleClerk], "")
	if batch["counts"].(map[string]any)["duplicates"] != float64(4) {
		t.Fatalf("batch 2 does not show its 4 duplicates: %v", batch)
	}
}

func TestInterruptedUploadLeavesNothing(t *testing.T) {
	e := newEnv(t)
	b := e.newBatch(t, "birth", false)
	big := testfiles.PNG(2000, 2000, 5)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "cut.png")
	w.Write(big)
	mw.Close()
	u, _ := url.Parse(e.srv.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/v1/batches/%d/scans HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
		b, u.Host, e.tokens[civreg.RoleClerk], mw.FormDataContentType(), body.Len())
	conn.Write(body.Bytes()[:body.Len()/2])
	conn.Close() // the clerk's laptop loses its network halfway
	// The same as a raw body, which was on its way to MinIO when the network went.
	conn, err = net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/v1/batches/%d/scans HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n",
		b, u.Host, e.tokens[civreg.RoleClerk], len(big))
	conn.Write(big[:len(big)-100])
	time.Sleep(200 * time.Millisecond)
	conn.Close()
	time.Sleep(500 * time.Millisecond)
	if s, r, o := e.stored(t); s != 0 || r != 0 || o != 0 {
		t.Fatalf("after a cut-off upload: %d scans, %d records, %d objects", s, r, o)
	}
}

func TestUploadThatFailsToRecordLeavesNoOrphanAndTheJanitorSweepsOldOnes(t *testing.T) {
	e := newEnv(t)
	b := e.newBatch(t, "birth", false)
	// The database refuses the scan row after the bytes are stored (as if it went down then).
	testsvc.Exec(t, e.dbURL, `CREATE FUNCTION refuse_scan() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'database went away'; END $$`)
	testsvc.Exec(t, e.dbURL, `CREATE TRIGGER refuse_scan BEFORE INSERT ON scans FOR EACH ROW EXECUTE FUNCTION refuse_scan()`)
	for i, way := range uploadWays {
		if code, out := way.send(e, t, b, file{"x.png", testfiles.PNG(100, 100, 70+i)}); code < 500 {
			t.Fatalf("%s upload with the database refusing: %d %v", way.name, code, out)
		}
	}
	if s, r, o := e.stored(t); s != 0 || r != 0 || o != 0 {
		t.Fatalf("after a failed record: %d scans, %d records, %d objects", s, r, o)
	}
	testsvc.Exec(t, e.dbURL, `DROP TRIGGER refuse_scan ON scans`)

	// An orphan left by a process that died before it could clean up: the janitor removes it,
	// and leaves recorded originals alone.
	e.upload(t, b, file{"kept.png", testfiles.PNG(100, 100, 78)})
	orphan := civreg.NewOriginalKey()
	e.objects.PutNew(context.Background(), orphan, strings.NewReader("orphan"), 6, "image/png")
	p := &workers.Pipeline{DB: e.db, Objects: e.objects, Queue: e.queue}
	removed, err := p.SweepOrphans(context.Background(), 0)
	if err != nil || len(removed) != 1 || removed[0] != orphan {
		t.Fatalf("SweepOrphans = %v, %v", removed, err)
	}
	if s, _, o := e.stored(t); s != 1 || o != 1 {
		t.Fatalf("after the sweep: %d scans, %d objects", s, o)
	}
}

// TestUploadWhileMinIOIsDownGivesAClearErrorAndStoresNothing stops MinIO as a clerk uploads:
// the clerk is told to try again, nothing is recorded, and the same upload works once MinIO
// is back.
func TestUploadWhileMinIOIsDownGivesAClearErrorAndStoresNothing(t *testing.T) {
	e := newEnv(t)
	b := e.newBatch(t, "birth", false)
	png := testfiles.PNG(300, 200, 99)
	e.minio.Stop()
	for _, way := range uploadWays {
		code, out := way.send(e, t, b, file{"while-down.png", png})
		if code != 503 || !strings.Contains(fmt.Sprint(out["error"]), "try again") || out["file"] != "while-down.png" {
			t.Fatalf("%s upload with MinIO down: %d %v; want 503 telling the clerk to try again", way.name, code, out)
		}
	}
	if n := testsvc.Count(t, e.dbURL, "SELECT count(*) FROM scans"); n != 0 {
		t.Fatalf("%d scans recorded while MinIO was down", n)
	}
	e.minio.Start()
	if code, out := e.upload(t, b, file{"while-down.png", png}); code != 201 {
		t.Fatalf("upload after MinIO is back: %d %v", code, out)
	}
	if s, r, o := e.stored(t); s != 1 || r != 1 || o != 1 {
		t.Fatalf("stored %d scans, %d records, %d objects; want 1 each", s, r, o)
	}
}
