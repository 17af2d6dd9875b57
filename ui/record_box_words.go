package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"civreg"
	"civreg/redact"
)

// boxWords answers GET /api/v1/records/{id}/pages/{page}/box-words?box=x0,y0,x1,y1: the
// words OCR read inside a box a reviewer drew on the page (a word counts when its centre is
// inside), in reading order, and their text joined: what fills the field the box is for.
// No word inside is an empty answer: the reviewer keys the value. Reviewers only (they see
// every field), audited as a read of the page.
func (s *Server) boxWords(w http.ResponseWriter, r *http.Request, u *civreg.User, id int64) error {
	ctx := r.Context()
	rec, err := s.DB.Record(ctx, id) // every field: the covers need the sensitive ones' boxes
	if err != nil {
		return err
	}
	if !u.MaySee(rec) {
		return civreg.Errorf(civreg.ENOTFOUND, "no record %d", id)
	}
	n, _ := strconv.Atoi(r.PathValue("page"))
	if n < 1 || n > len(rec.Pages) || rec.Pages[n-1].WordsKey == "" {
		return civreg.Errorf(civreg.ENOTFOUND, "record %d has no page %d read yet", id, n)
	}
	box, err := parseBox(r.URL.Query().Get("box"))
	if err != nil {
		return err
	}
	pw, err := s.readPageWords(ctx, rec.Pages[n-1].WordsKey)
	if err != nil {
		return err
	}
	// The words a role may not see stay out, as on the page's words (servePagePart).
	covers, covered, err := u.ScanCover(rec, n)
	if err != nil {
		return err
	}
	if covered {
		cw := redact.Words(*pw, covers)
		pw = &cw
	}
	if err := (civreg.FieldBox{Page: n, Box: box}).Valid(len(rec.Pages)); err != nil {
		return err
	}
	if box[2] > pw.Width || box[3] > pw.Height {
		return civreg.Errorf(civreg.EINVALID, "box %v is outside the page (%d by %d pixels)", box, pw.Width, pw.Height)
	}
	inside := wordsInside(pw.Words, box)
	texts := make([]string, len(inside))
	for i, wd := range inside {
		texts[i] = wd.Text
	}
	if err := s.DB.Audit(ctx, u, "record.view_page", id, rec.BatchID, map[string]any{"page": n, "part": "box-words", "box": box}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"page": n, "box": box, "text": strings.Join(texts, " "), "words": inside})
	return nil
}

// parseBox reads "x0,y0,x1,y1" (page image pixels).
func parseBox(s string) ([4]int, error) {
	var b [4]int
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return b, civreg.Errorf(civreg.EINVALID, "box %q is not x0,y0,x1,y1", s)
	}
	for i, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return b, civreg.Errorf(civreg.EINVALID, "box %q is not x0,y0,x1,y1", s)
		}
		b[i] = v
	}
	return b, nil
}

// wordsInside returns the words whose centre lies in box, line by line, left to right.
func wordsInside(words []civreg.Word, box [4]int) []civreg.Word {
	out := []civreg.Word{}
	for _, wd := range words {
		cx, cy := (wd.Box[0]+wd.Box[2])/2, (wd.Box[1]+wd.Box[3])/2
		if cx >= box[0] && cx <= box[2] && cy >= box[1] && cy <= box[3] {
			out = append(out, wd)
		}
	}
	// OCR's block, paragraph and line numbers are its reading order.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Block != b.Block {
			return a.Block < b.Block
		}
		if a.Par != b.Par {
			return a.Par < b.Par
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Box[0] < b.Box[0]
	})
	return out
}

// readPageWords reads a page's stored OCR words.
func (s *Server) readPageWords(ctx context.Context, key string) (*civreg.PageWords, error) {
	obj, err := s.Objects.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	var pw civreg.PageWords
	if err := json.NewDecoder(obj).Decode(&pw); err != nil {
		return nil, civreg.Errorf(civreg.ECORRUPT, "the words of %s cannot be read: %v", key, err)
	}
	return &pw, nil
}
