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
	"civreg/storage"
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
	ex := &storage.Exporter{DB: db, Objects: objects}
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

// runExportVerify says whether each bag is complete and valid; it exits 1 when one is not.
func runExportVerify(m *Main, args []string) error {
	fs := flag.NewFlagSet("export verify", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "one JSON object per bag")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("usage: civreg export verify [--json] FILE.zip...")
	}
	bad := 0
	for _, f := range files {
		rep := &bagit.Report{}
		fh, err := os.Open(f)
		if err == nil {
			st, _ := fh.Stat()
			rep, err = bagit.Verify(fh, st.Size())
			fh.Close()
		}
		if err != nil {
			rep = &bagit.Report{Problems: []string{err.Error()}}
		}
		if !rep.Valid() {
			bad++
		}
		if *asJSON {
			json.NewEncoder(m.Stdout).Encode(struct {
				File  string `json:"file"`
				Valid bool   `json:"valid"`
				*bagit.Report
			}{f, rep.Valid(), rep})
			continue
		}
		if rep.Valid() {
			fmt.Fprintf(m.Stdout, "%s: complete and valid (%d payload files, %d bytes, every checksum holds)\n", f, rep.Files, rep.Bytes)
			continue
		}
		fmt.Fprintf(m.Stdout, "%s: NOT VALID\n", f)
		for _, p := range rep.Problems {
			fmt.Fprintf(m.Stdout, "  %s\n", p)
		}
	}
	if bad > 0 {
		return exitError(1)
	}
	return nil
}
