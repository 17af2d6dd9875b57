package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"civreg/extract"
	"civreg/internal/samples"
)

func runSamples(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("samples", flag.ContinueOnError)
	n := fs.Int("n", 12, "how many scans")
	out := fs.String("o", "samples", "folder to write them to")
	seed := fs.Uint64("seed", 1, "seed: the same seed gives the same scans")
	var names []string
	for _, f := range samples.Families() {
		if f.HeldOut {
			f.Name += " (held out)"
		}
		names = append(names, f.Name)
	}
	for _, f := range samples.BlindFamilies() {
		names = append(names, f.Name+" (blind)")
	}
	family := fs.String("family", "", "layout families to draw, comma-separated, or all (every family neither held out nor blind): "+
		strings.Join(names, ", ")+"; without it, the certificates of the forms file")
	heldOut := fs.Bool("held-out", false, "draw only the held-out families, reserved for measuring a reader on layouts it was not tuned on")
	blind := fs.Bool("blind", false, "draw only the blind set's families: held out, and never drawn by all or -held-out, for a measurement nobody tuned on")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	forms, err := extract.LoadForms(m.Config.FormsFile)
	if err != nil {
		return err
	}
	var truths []samples.Truth
	if *family == "" && !*heldOut && !*blind {
		truths, err = samples.Generate(*out, *n, *seed, forms)
	} else {
		o := samples.Options{N: *n, Seed: *seed, Forms: forms, HeldOut: *heldOut, Blind: *blind}
		if *family != "" && *family != "all" {
			o.Families = strings.Split(*family, ",")
		}
		truths, err = samples.Render(*out, o)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%d synthetic scans with their ground truth (.json) written to %s\n", len(truths), *out)
	return nil
}
