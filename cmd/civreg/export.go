package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"civreg/bagit"
	"civreg/export"
)

func runExport(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 && args[0] == "verify" {
		return runExportVerify(m, args[1:])
	}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	record := fs.Int64("record", 0, "the record to export")
	batch := fs.Int64("batch", 0, "the batch to export")
	out := fs.String("o", "", "the bag (zip) to write")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *out == "" || (*record == 0) == (*batch == 0) {
		return fmt.Errorf("usage: civreg export --record ID | --batch ID -o FILE.zip")
	}
	db, err := m.CheckedDB(ctx)
	if err != nil {
		return err
	}
	objects, err := m.Objects(ctx)
	if err != nil {
		return err
	}
	ex := &export.Exporter{DB: db, Objects: objects}
	// Checked before anything is written, so a refused export leaves no file at all.
	if *record != 0 {
		if _, _, err := ex.CheckRecord(ctx, *record); err != nil {
			return err
		}
	}
	// A failed export (a changed original, MinIO gone) never leaves a bag that looks whole.
	err = writeWhole(*out, ".civreg-export-*", func(w io.Writer) error {
		if *record != 0 {
			return ex.Record(ctx, w, *record)
		}
		return ex.Batch(ctx, w, *batch)
	})
	if err != nil {
		return err
	}
	st, _ := os.Stat(*out)
	fmt.Fprintf(m.Stdout, "wrote %s (%d bytes)\n", *out, st.Size())
	return nil
}

// writeWhole writes a file through write into a temporary file beside path, and renames it to
// path only when write succeeded: nothing half-written is ever left under the name asked for.
func writeWhole(path, pattern string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), pattern)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// runExportVerify says whether each bag (a zip or a folder) is valid and complete, with
// its warnings, and for a civreg bag whether its METS documents agree with it. It exits 1
// when a bag is invalid; a valid bag with files still to fetch is reported incomplete.
func runExportVerify(m *Main, args []string) error {
	fs := flag.NewFlagSet("export verify", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "one JSON object per bag")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("usage: civreg export verify [--json] BAG.zip|BAG-FOLDER [MORE]")
	}
	return verifyEach(m.Stdout, files, *asJSON, func(f string) verified {
		rep, err := verifyBag(f)
		if err != nil {
			rep = &bagit.Report{Problems: []string{err.Error()}}
		}
		return verified{
			ok: rep.Valid() && (rep.METS == nil || len(rep.METS.Problems) == 0),
			json: struct {
				File     string `json:"file"`
				Valid    bool   `json:"valid"`
				Complete bool   `json:"complete"`
				*bagit.Report
			}{f, rep.Valid(), rep.Complete(), rep},
			print: func(w io.Writer) { printBagReport(w, f, rep) },
		}
	})
}

// verified is what verifying one file found: whether it passed, the JSON object that says so
// and the printing of it for a person.
type verified struct {
	ok    bool
	json  any
	print func(io.Writer)
}

// verifyEach verifies each file, writing to w one JSON object a file (asJSON) or the report
// for a person; it exits 1 when any file fails.
func verifyEach(w io.Writer, files []string, asJSON bool, verify func(file string) verified) error {
	bad := 0
	enc := json.NewEncoder(w)
	for _, f := range files {
		v := verify(f)
		if !v.ok {
			bad++
		}
		if asJSON {
			enc.Encode(v.json)
		} else {
			v.print(w)
		}
	}
	if bad > 0 {
		return exitError(1)
	}
	return nil
}

func verifyBag(f string) (*bagit.Report, error) {
	st, err := os.Stat(f)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return bagit.VerifyDir(f)
	}
	fh, err := os.Open(f)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return bagit.Verify(fh, st.Size())
}

func printBagReport(w io.Writer, f string, rep *bagit.Report) {
	switch {
	case !rep.Valid():
		fmt.Fprintf(w, "%s: NOT VALID\n", f)
	case !rep.Complete():
		fmt.Fprintf(w, "%s: valid but INCOMPLETE: %d file(s) listed in fetch.txt are still to be fetched\n", f, len(rep.ToFetch))
	default:
		fmt.Fprintf(w, "%s: complete and valid (BagIt %s, %d payload files, %d bytes, every checksum holds)\n", f, rep.Version, rep.Files, rep.Bytes)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	for _, p := range rep.ToFetch {
		fmt.Fprintf(w, "  to fetch: %s\n", p)
	}
	for _, p := range rep.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", p)
	}
	if rep.METS == nil {
		return
	}
	if len(rep.METS.Problems) == 0 {
		fmt.Fprintf(w, "  METS-consistent: %d METS document(s) describe every payload file (%d), each with its checksum\n", rep.METS.Documents, rep.METS.Files)
	}
	for _, p := range rep.METS.Problems {
		fmt.Fprintf(w, "  METS: %s\n", p)
	}
}
