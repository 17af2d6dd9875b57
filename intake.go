package civreg

import (
	"context"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Accepted is what became of one accepted file.
type Accepted struct {
	File      string  `json:"file"`
	ScanID    int64   `json:"scan_id"`
	RecordID  int64   `json:"record_id"`
	Records   []int64 `json:"records"`
	Duplicate bool    `json:"duplicate"`
	Pages     int     `json:"pages"`
	SHA256    string  `json:"sha256"`
	MediaType string  `json:"media_type"`
}

// CleanName makes an uploaded file name safe to store and show: invalid UTF-8, NUL and other
// control characters become U+FFFD, and names are cut to 255 characters. It is metadata only:
// no path or object key is ever built from it.
func CleanName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 255 {
		name = string([]rune(name)[:254]) + "…"
	}
	if strings.TrimSpace(name) == "" {
		name = "(no name)"
	}
	return name
}

// Intake takes uploaded files into batches (package ingest).
type Intake interface {
	// Accept stores one file in a batch and enqueues its OCR; a refused file stores nothing
	// and the error's message names the reason.
	Accept(ctx context.Context, u *User, batchID int64, fileName string, body io.Reader, size int64) (*Accepted, error)
}
