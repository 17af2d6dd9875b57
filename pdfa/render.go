package pdfa

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// PageRenderError is a page of a PDF that poppler could not render, in poppler's words.
type PageRenderError struct {
	Page    int
	Poppler string
}

func (e *PageRenderError) Error() string {
	return fmt.Sprintf("page %d of the PDF cannot be rendered: %s", e.Page, e.Poppler)
}

// RenderPDFPage renders one page of a PDF as PNG at 300 dpi, in grey when grey is set, with
// poppler's pdftoppm, which reads every image encoding scanners put in PDFs (CCITT, JBIG2,
// JPEG 2000 among them). Unlike the rest of the package it runs a program: a page poppler
// refuses is a *PageRenderError; any other error means pdftoppm could not be run.
func RenderPDFPage(ctx context.Context, pdf []byte, page int, grey bool) ([]byte, error) {
	cmd := pdftoppm(ctx, "-", page, grey)
	cmd.Stdin = bytes.NewReader(pdf)
	return runPDFToPPM(cmd, page)
}

// RenderPDFFile is RenderPDFPage for the PDF file at path: pdftoppm reads what the page needs
// from the file, so the PDF is never held in memory whole.
func RenderPDFFile(ctx context.Context, path string, page int, grey bool) ([]byte, error) {
	return runPDFToPPM(pdftoppm(ctx, path, page, grey), page)
}

// pdftoppm is the command that renders page of the PDF at path ("-": standard input) at 300 dpi.
func pdftoppm(ctx context.Context, path string, page int, grey bool) *exec.Cmd {
	args := []string{"-r", "300"}
	if grey {
		args = append(args, "-gray")
	}
	args = append(args, "-png", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), path)
	return exec.CommandContext(ctx, "pdftoppm", args...)
}

func runPDFToPPM(cmd *exec.Cmd, page int) ([]byte, error) {
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, &PageRenderError{Page: page, Poppler: strings.TrimSpace(errOut.String())}
		}
		return nil, err
	}
	return out.Bytes(), nil
}
