package ui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // page images written before PNG was the rule
	"image/png"
	"io"
	"net/http"
	"strconv"

	"civreg"
	"civreg/redact"
)

// scanPart is one way a page of a scan reaches a browser.
type scanPart struct {
	name        string
	contentType string
	source      func(civreg.Page) string // the stored object it is made from
	// derive makes the part from its source; boxes are what to cover (none for a full view).
	derive func(src []byte, boxes [][4]int) ([]byte, error)
	always bool // made even for a role that sees everything (a thumbnail is never the original)
}

var (
	pageImagePart = scanPart{name: "image", contentType: "image/png", source: imageKey, derive: coverImage}
	pageWordsPart = scanPart{name: "words", contentType: "application/json", derive: coverWords,
		source: func(p civreg.Page) string { return p.WordsKey }}
	thumbnailPart = scanPart{name: "thumbnail", contentType: "image/png", source: imageKey, derive: thumbnail, always: true}
)

func imageKey(p civreg.Page) string { return p.ImageKey }

// servePagePart answers one part of page {page} of record id: the stored object itself for a
// role that sees sensitive fields, otherwise a derivative with them covered (ScanCover), made
// once per version of the page and kept in the object store. A role may not see the record:
// ENOTFOUND; a sensitive field whose place is unknown: EFORBIDDEN saying why. Each answered
// read is audited as record.view_page; a refused one writes nothing.
func (s *Server) servePagePart(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64, part scanPart) error {
	ctx := r.Context()
	rec, err := s.DB.Record(ctx, id)
	if err != nil {
		return err
	}
	if !u.MaySee(rec) {
		return civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
	}
	n, _ := strconv.Atoi(r.PathValue("page"))
	key := ""
	if n >= 1 && n <= len(rec.Pages) {
		key = part.source(rec.Pages[n-1])
	}
	if key == "" {
		return civreg.Errorf(civreg.ENOTFOUND, "record %d has no page %d read yet", id, n)
	}
	boxes, covered, err := u.ScanCover(rec, n)
	if err != nil {
		return err
	}
	var body io.Reader
	if covered || part.always {
		b, err := s.derivative(ctx, id, n, key, part, boxes, covered)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	} else {
		obj, err := s.Objects.Get(ctx, key)
		if err != nil {
			return err
		}
		defer obj.Close()
		body = obj
	}
	if err := s.DB.Audit(ctx, u, "record.view_page", id, rec.BatchID, map[string]any{"page": n, "part": part.name, "covered": covered}); err != nil {
		return err // a view that cannot be logged is not shown
	}
	w.Header().Set("Content-Type", part.contentType)
	w.Header().Set("Cache-Control", "no-store") // shared Ministry PCs: nothing of a scan stays in a cache
	io.Copy(w, body)
	return nil
}

// scanWithheld says why u is sent no image of record id's scan (a sensitive field whose
// place is unknown), for the record page to show beside the missing images; "" otherwise.
func (s *Server) scanWithheld(ctx context.Context, u *civreg.User, id int64) (string, error) {
	if u.MaySeeSensitive() {
		return "", nil
	}
	rec, err := s.DB.Record(ctx, id) // with every field: ScanCover needs the sensitive ones' boxes
	if err != nil {
		return "", err
	}
	if _, _, err := u.ScanCover(rec, 1); err != nil {
		return civreg.ErrorMessage(err), nil
	}
	return "", nil
}

// derivative returns part made from the object at key with boxes covered, from the object
// store when it was made before (its key names the source's version and the boxes).
func (s *Server) derivative(ctx context.Context, id int64, n int, key string, part scanPart, boxes [][4]int, covered bool) ([]byte, error) {
	version, err := s.Objects.Version(ctx, key)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%v\n%v", key, version, covered, boxes)
	dkey := civreg.DerivedKey(id, n, part.name, hex.EncodeToString(h.Sum(nil)[:12]), extOf(part.contentType))
	if obj, err := s.Objects.Get(ctx, dkey); err == nil {
		defer obj.Close()
		return io.ReadAll(obj)
	} else if civreg.ErrorCode(err) != civreg.ENOTFOUND {
		return nil, err
	}
	obj, err := s.Objects.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	src, err := io.ReadAll(obj)
	obj.Close()
	if err != nil {
		return nil, fmt.Errorf("ui: read %s: %w", key, err)
	}
	out, err := part.derive(src, boxes)
	if err != nil {
		return nil, fmt.Errorf("ui: %s of record %d page %d: %w", part.name, id, n, err)
	}
	err = s.Objects.PutNew(ctx, dkey, bytes.NewReader(out), int64(len(out)), part.contentType)
	if err != nil && !errors.Is(err, civreg.ErrObjectExists) {
		return nil, err
	}
	return out, nil
}

func extOf(contentType string) string {
	if contentType == "application/json" {
		return "json"
	}
	return "png"
}

func coverImage(src []byte, boxes [][4]int) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	return encodePNG(redact.Cover(img, boxes))
}

func thumbnail(src []byte, boxes [][4]int) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	if boxes != nil {
		img = redact.Cover(img, boxes)
	}
	return encodePNG(redact.Thumbnail(img, redact.ThumbnailWidth))
}

func coverWords(src []byte, boxes [][4]int) ([]byte, error) {
	var pw civreg.PageWords
	if err := json.Unmarshal(src, &pw); err != nil {
		return nil, err
	}
	return json.Marshal(redact.Words(pw, boxes))
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
	return b.Bytes(), err
}
