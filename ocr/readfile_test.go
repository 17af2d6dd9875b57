package ocr

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"testing"

	"civreg/internal/testfiles"

	"golang.org/x/image/tiff"
)

// A page read from a file (what a page task spools the original to) reads as the same page
// held in memory: page 2 of a TIFF, and a PDF's page.
func TestReadFileReadsAsRead(t *testing.T) {
	src, _, err := image.Decode(bytes.NewReader(corpus(t, "phototest-rotated-180.png")))
	if err != nil {
		t.Fatal(err)
	}
	var page2, jpg bytes.Buffer
	if err := tiff.Encode(&page2, src, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&jpg, src, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	b := src.Bounds()
	scans := map[string][]byte{
		"image/tiff":      testfiles.JoinTIFF(testfiles.TIFF(400, 300, 7), page2.Bytes()),
		"application/pdf": testfiles.PDF(jpg.Bytes(), b.Dx(), b.Dy(), ""),
	}
	r := NewReader(1)
	defer r.Close()
	for media, scan := range scans {
		page := 1
		if media == "image/tiff" {
			page = 2
		}
		path := filepath.Join(t.TempDir(), "original")
		if err := os.WriteFile(path, scan, 0o600); err != nil {
			t.Fatal(err)
		}
		fromFile, err := r.ReadFile(context.Background(), path, media, page)
		if err != nil {
			t.Fatalf("%s from a file: %v", media, err)
		}
		inMemory, err := r.Read(context.Background(), scan, media, page)
		if err != nil {
			t.Fatalf("%s in memory: %v", media, err)
		}
		if fromFile.Text() != inMemory.Text() || len(fromFile.Words) < 20 {
			t.Errorf("%s: from a file %d words %q, in memory %q", media, len(fromFile.Words), fromFile.Text(), inMemory.Text())
		}
	}
	if _, err := r.ReadFile(context.Background(), filepath.Join(t.TempDir(), "none"), "image/tiff", 1); err == nil {
		t.Error("a missing file read without error")
	}
}
