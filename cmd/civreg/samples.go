package main

import (
	"context"
	"flag"
	"fmt"

	"civreg/extract"
	"civreg/internal/samples"
)

func runSamples(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("samples", flag.ContinueOnError)
	n := fs.Int("n", 12, "how many scans")
	out := fs.String("o", "samples", "folder to write them to")
	seed := fs.Uint64("seed", 1, "seed: the same seed gives the same scans")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	forms, err := extract.LoadForms(m.Config.FormsFile)
	if err != nil {
		return err
	}
	truths, err := samples.Generate(*out, *n, *seed, forms)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%d synthetic scans with their ground truth (.json) written to %s\n", len(truths), *out)
	return nil
}
