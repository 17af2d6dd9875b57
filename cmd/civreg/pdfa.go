package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"civreg"
	"civreg/pdfa"
	"civreg/workers"
)

func runPDFA(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 && args[0] == "verify" {
		return runPDFAVerify(m, args[1:])
	}
	fs := flag.NewFlagSet("pdfa", flag.ContinueOnError)
	out := fs.String("o", "", "the PDF/A file to write")
	title := fs.String("title", "", "the document's title (default: the first scan's name)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(files) == 0 {
		return fmt.Errorf("usage: civreg pdfa -o OUT.pdf [--title T] SCAN [SCAN]")
	}
	r, err := m.reading(runtime.NumCPU())
	if err != nil {
		return err
	}
	defer r.OCR.Close()
	var pages []pdfa.Page
	var failed error
	readAll(ctx, r, files, func(i int, fr *workers.FileReading, err error) {
		if err != nil {
			if failed == nil {
				failed = fmt.Errorf("%s: %s%s", files[i], civreg.ErrorMessage(err), detailOf(err))
			}
			return
		}
		data, err := os.ReadFile(files[i])
		if err != nil {
			failed = err
			return
		}
		for p, res := range fr.Pages {
			pages = append(pages, pdfa.Page{Scan: data, MediaType: fr.MediaType, ScanPage: p + 1, Words: workers.ArchiveWords(res)})
		}
	})
	if failed != nil {
		return failed
	}
	if *title == "" {
		*title = filepath.Base(files[0])
	}
	now := time.Now().UTC().Truncate(time.Second)
	doc := pdfa.Document{Title: *title, Identifier: *title, Created: now, Modified: now, Key: *title + now.String()}
	// Built and verified in memory first: no unverified file is ever written.
	var buf bytes.Buffer
	written, err := pdfa.Write(ctx, &buf, doc, pages)
	if err != nil {
		return err
	}
	if failed, err := pdfa.VerifyWritten(buf.Bytes()); err != nil {
		return err
	} else if failed != "" {
		return fmt.Errorf("the PDF/A file failed verification, so it was not written: %s", failed)
	}
	if err := writeWhole(*out, ".civreg-pdfa-*", func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "wrote %s: %d pages, PDF/A-%s, %d bytes, verified\n", *out, len(pages), written.Conformance, buf.Len())
	return nil
}

// runPDFAVerify prints per file whether it passes the PDF/A-2 rules civreg checks, and which
// fail. It exits 1 when any file fails.
func runPDFAVerify(m *Main, args []string) error {
	fs := flag.NewFlagSet("pdfa verify", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "one JSON object per file")
	rules := fs.Bool("rules", false, "list every rule with whether it is checked")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *rules {
		printRules(m.Stdout)
		return nil
	}
	if len(files) == 0 {
		return fmt.Errorf("usage: civreg pdfa verify [--json] [--rules] FILE [MORE]")
	}
	return verifyEach(m.Stdout, files, *asJSON, func(f string) verified {
		var rep *pdfa.Report
		fh, err := os.Open(f)
		if err == nil {
			rep, err = pdfa.Verify(fh)
			fh.Close()
		}
		if err != nil {
			rep = &pdfa.Report{Failures: []pdfa.Failure{{Clause: "-", Message: err.Error()}}}
		}
		return verified{
			ok: rep.OK(),
			json: struct {
				File string `json:"file"`
				OK   bool   `json:"ok"`
				*pdfa.Report
			}{f, rep.OK(), rep},
			print: func(w io.Writer) { printReport(w, f, rep) },
		}
	})
}

// printReport says what a file passed or failed, and what a pass does not cover.
func printReport(w io.Writer, f string, rep *pdfa.Report) {
	if rep.OK() {
		fmt.Fprintf(w, "%s: passes the rules checked (PDF/A-%d%s claimed)\n", f, rep.Part, strings.ToLower(rep.Conformance))
	} else {
		fmt.Fprintf(w, "%s: FAILS %d rule(s)\n", f, len(rep.Failures))
	}
	for _, x := range rep.Failures {
		fmt.Fprintf(w, "  %-10s %s\n", x.Clause, x.Message)
	}
	for _, n := range rep.NotChecked {
		fmt.Fprintf(w, "  %s\n", n)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	fmt.Fprintf(w, "  not checked: %s (civreg pdfa verify --rules)\n", strings.Join(pdfa.NotChecked(), ", "))
}

// printRules lists every rule of PDF/A-2 the verifier knows of, checked or not.
func printRules(w io.Writer) {
	for _, r := range pdfa.Rules {
		state := "checked"
		if !r.Checked {
			state = "NOT checked"
		}
		fmt.Fprintf(w, "%-10s %-11s %s\n", r.Clause, state, r.Rule)
	}
}
