// Command gen writes a synthetic dossier of any size (see package synth),
// to measure the build:
//
//	go run ./internal/gen -events 10000 -out /tmp/d10k
//	go run ./cmd/dossier build -strict /tmp/d10k
//
// With -hugo it writes the same dossier as a Hugo site too (package hugo),
// to time Hugo on the same texts:
//
//	go run ./internal/gen -events 10000 -out /tmp/d10k -hugo /tmp/h10k
//	hugo --quiet -s /tmp/h10k -d /tmp/h10k-out
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dossier-dev/dossier/internal/gen/hugo"
	"github.com/dossier-dev/dossier/internal/synth"
)

func main() {
	events := flag.Int("events", 1000, "number of events; sources are a tenth of it")
	out := flag.String("out", "synthetic", "directory to write the dossier into; it must not exist or be empty")
	seed := flag.Uint64("seed", 1, "random seed: the same seed and size give the same dossier")
	hugoDir := flag.String("hugo", "", "also write the dossier as a Hugo site into this directory; it must not exist or be empty")
	flag.Parse()
	for _, dir := range []string{*out, *hugoDir} {
		if entries, err := os.ReadDir(dir); dir != "" && err == nil && len(entries) > 0 {
			fmt.Fprintf(os.Stderr, "gen: %s is not empty; choose a new directory\n", dir)
			os.Exit(2)
		}
	}
	if err := synth.Generate(*out, synth.Options{Events: *events, Seed: *seed}); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if *hugoDir != "" {
		if err := hugo.Write(*out, *hugoDir); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}
