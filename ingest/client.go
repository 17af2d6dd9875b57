package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"civreg"
)

// Client uploads scans through the registry's JSON API, as `civreg ingest` and the watch
// folder do.
type Client struct {
	Server string // base URL, e.g. http://127.0.0.1:8080
	Token  string
	HTTP   *http.Client
}

// Refused is a file the server refused, with its reason: the clerk's to fix, not to retry.
type Refused struct {
	File   string
	Reason string
	Status int
}

func (r *Refused) Error() string { return r.File + ": " + r.Reason }

// apiError is an answer the server gave that is not a refusal of the file (a server fault, a
// bad token): worth retrying later, or fixing the command.
type apiError struct {
	Status int
	Msg    string
}

func (e *apiError) Error() string { return fmt.Sprintf("server answered %d: %s", e.Status, e.Msg) }

// Retryable reports whether err is worth trying again later (server or network trouble), as
// opposed to a refusal or a wrong token.
func Retryable(err error) bool {
	var r *Refused
	var a *apiError
	switch {
	case errors.As(err, &r):
		return false
	case errors.As(err, &a):
		return a.Status >= 500 || a.Status == 429
	}
	return true // network errors
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultHTTP
}

// defaultHTTP keeps a connection open for each upload running at once (net/http's default
// keeps two per server, so with four at once every other upload dialled anew).
var defaultHTTP = &http.Client{Transport: func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32
	return t
}()}

func (c *Client) do(ctx context.Context, method, path, contentType string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.Server, "/")+path, body)
	if err != nil {
		return err
	}
	return c.send(req, contentType, out)
}

func (c *Client) send(req *http.Request, contentType string, out any) error {
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return err
	}
	defer func() {
		// Read to the end (the newline after the JSON, say), or the connection is not reused.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
	}()
	var msg struct {
		Error string `json:"error"`
		File  string `json:"file"`
	}
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		json.Unmarshal(b, &msg)
		if msg.Error == "" {
			msg.Error = strings.TrimSpace(string(b))
		}
		if msg.File != "" && resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != 401 && resp.StatusCode != 403 && resp.StatusCode != 404 {
			return &Refused{File: msg.File, Reason: msg.Error, Status: resp.StatusCode}
		}
		return &apiError{resp.StatusCode, msg.Error}
	}
	if out != nil {
		return json.NewDecoder(resp.Body).Decode(out)
	}
	return nil
}

// Batch finds the newest batch named name, or creates it with the record type. It returns the
// batch ID and whether it already existed (a resumed run).
func (c *Client) Batch(ctx context.Context, name, recordType string, pagePerRecord bool) (int64, bool, error) {
	var found struct {
		Batches []struct {
			ID int64 `json:"id"`
		} `json:"batches"`
	}
	err := c.do(ctx, "GET", "/api/v1/batches?name="+url.QueryEscape(name), "", nil, &found)
	var ae *apiError
	if err == nil && len(found.Batches) > 0 {
		return found.Batches[0].ID, true, nil
	} else if err != nil && !(errors.As(err, &ae) && ae.Status == 404) {
		return 0, false, err
	}
	body, _ := json.Marshal(map[string]any{"name": name, "record_type": recordType, "page_per_record": pagePerRecord})
	var created struct {
		ID int64 `json:"id"`
	}
	if err := c.do(ctx, "POST", "/api/v1/batches", "application/json", strings.NewReader(string(body)), &created); err != nil {
		return 0, false, err
	}
	return created.ID, false, nil
}

// Uploaded returns the SHA-256 digests already uploaded into the batch.
func (c *Client) Uploaded(ctx context.Context, batch int64) (map[string]bool, error) {
	var out struct {
		Uploads []struct {
			SHA256 string `json:"sha256"`
		} `json:"uploads"`
	}
	if err := c.do(ctx, "GET", fmt.Sprintf("/api/v1/batches/%d/uploads", batch), "", nil, &out); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, u := range out.Uploads {
		seen[u.SHA256] = true
	}
	return seen, nil
}

// Upload streams one file to the batch; progress, when not nil, is called with each chunk's
// size as it goes.
// A refusal comes back as *Refused.
func (c *Client) Upload(ctx context.Context, batch int64, path string, progress func(int64)) (*civreg.Accepted, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	// The whole body is the file, with its length known: the server reads it in large pieces.
	// Without a progress bar to feed, the file itself is the body, which net/http sends with
	// sendfile: the bytes never pass through this process.
	var body io.Reader = f
	if progress != nil {
		body = &countingReader{f, progress}
	}
	req, err := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/batches/%d/scans", strings.TrimRight(c.Server, "/"), batch), body)
	if err != nil {
		return nil, err
	}
	req.ContentLength = info.Size()
	// FormatMediaType quotes or encodes (RFC 2231) what a bare header value cannot hold:
	// "scan (1).png", "a=b.png" and "é.png" all arrive as they were.
	req.Header.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filepath.Base(path)}))
	var out struct {
		Scans []*civreg.Accepted `json:"scans"`
	}
	if err := c.send(req, "application/octet-stream", &out); err != nil {
		return nil, err
	}
	if len(out.Scans) != 1 {
		return nil, fmt.Errorf("the server answered %d scans for one file", len(out.Scans))
	}
	return out.Scans[0], nil
}

type countingReader struct {
	r  io.Reader
	fn func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 && c.fn != nil {
		c.fn(int64(n))
	}
	return n, err
}

// FileDigest returns the SHA-256 of the file at path, as the server will compute it.
func FileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Files lists the regular files under paths (folders are walked), skipping hidden files and
// the watch folder's done/ and failed/ folders, in a stable order.
func Files(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if path != p && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != p && (name == "done" || name == "failed") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && !strings.HasSuffix(name, ".reason.txt") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Watcher takes the files a scanner writes into a folder: once a file has stopped growing for
// Settle it is uploaded, then moved to done/ or, when refused, to failed/ with a .reason.txt
// beside it. Files are never deleted. Server or network trouble leaves the file where it is
// for the next look, so a restart (or an outage) resumes cleanly.
type Watcher struct {
	Client *Client
	Batch  int64
	Dir    string
	Settle time.Duration
	Poll   time.Duration
	Report func(file string, acc *civreg.Accepted, err error)

	seen map[string]fileState
}

type fileState struct {
	size    int64
	modTime time.Time
	since   time.Time // when size and time were last seen to change
}

// Run watches until ctx ends.
func (w *Watcher) Run(ctx context.Context) error {
	for _, sub := range []string{"done", "failed"} {
		if err := os.MkdirAll(filepath.Join(w.Dir, sub), 0o755); err != nil {
			return err
		}
	}
	w.seen = map[string]fileState{}
	for {
		if err := w.Once(ctx); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(w.Poll):
		}
	}
}

// Once looks at the folder once and takes every file that has settled.
func (w *Watcher) Once(ctx context.Context) error {
	if w.seen == nil {
		w.seen = map[string]fileState{}
	}
	entries, err := os.ReadDir(w.Dir)
	if err != nil {
		return err
	}
	now := time.Now()
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".reason.txt") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		present[name] = true
		st, ok := w.seen[name]
		if !ok || st.size != info.Size() || !st.modTime.Equal(info.ModTime()) {
			w.seen[name] = fileState{info.Size(), info.ModTime(), now}
			continue
		}
		if now.Sub(st.since) < w.Settle || now.Sub(info.ModTime()) < w.Settle {
			continue
		}
		path := filepath.Join(w.Dir, name)
		acc, err := w.Client.Upload(ctx, w.Batch, path, nil)
		if w.Report != nil {
			w.Report(path, acc, err)
		}
		var refused *Refused
		switch {
		case err == nil:
			if _, err := moveAsideTo(path, filepath.Join(w.Dir, "done")); err != nil {
				return err
			}
		case errors.As(err, &refused):
			dst, err := moveAsideTo(path, filepath.Join(w.Dir, "failed"))
			if err != nil {
				return err
			}
			os.WriteFile(dst+".reason.txt", []byte(refused.Reason+"\n"), 0o644)
		case ctx.Err() != nil:
			return nil
		case !Retryable(err):
			return err // a wrong token or server address: stop and say so
		default:
			// The server is not answering: leave the file, try again at the next look.
			continue
		}
		delete(w.seen, name)
	}
	for name := range w.seen {
		if !present[name] {
			delete(w.seen, name)
		}
	}
	return nil
}

// moveAsideTo moves path into dir without replacing a file of the same name there.
func moveAsideTo(path, dir string) (string, error) {
	base := filepath.Base(path)
	dst := filepath.Join(dir, base)
	ext := filepath.Ext(base)
	for i := 1; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, os.ErrNotExist) {
			break
		}
		dst = filepath.Join(dir, fmt.Sprintf("%s.%d%s", strings.TrimSuffix(base, ext), i, ext))
	}
	return dst, os.Rename(path, dst)
}
