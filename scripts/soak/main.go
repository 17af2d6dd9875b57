// Command soak runs generated pages through the whole pipeline with one civreg serve and two
// civreg work processes on the services scripts/services.sh started, and prints pages per
// minute, each process's peak memory and whether every count agrees. Run it with
// scripts/soak.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"civreg/internal/soak"
)

func main() {
	bin := flag.String("civreg", ".data/bin/civreg", "the civreg binary")
	pages := flag.Int("pages", 1000, "generated pages")
	workers := flag.Int("workers", 2, "civreg work processes")
	listen := flag.String("listen", "127.0.0.1:8097", "address for the soak's civreg serve")
	flag.Parse()
	dir, err := os.MkdirTemp("", "civreg-soak-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	rep, err := soak.Run(context.Background(), soak.Config{Bin: *bin, Listen: *listen, Pages: *pages, Workers: *workers,
		Seed: uint64(time.Now().UnixNano()), Dir: dir, Log: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err, "(logs kept in", dir+")")
		os.Exit(1)
	}
	fmt.Print(rep)
	if len(rep.Problems) > 0 {
		os.Exit(1)
	}
}
