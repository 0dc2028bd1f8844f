package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/scaffold"
)

func cmdNew(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("new", "new [-src DIR] event|source|entity ID", stderr)
	src := flags.String("src", ".", "the site's `directory`; the file goes into its content/")
	if err := parseFlags(flags, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if flags.NArg() != 2 {
		fmt.Fprintf(stderr, "dossier new: want a kind and an id, such as: dossier new event troops-arrive\n")
		flags.Usage()
		return exitUsage
	}
	kind, id := flags.Arg(0), flags.Arg(1)
	if _, err := scaffold.Path(kind, id); err != nil {
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
		return exitUsage
	}
	// An event dated today would fall outside the period of most
	// dossiers; without a readable site.yaml, today is all there is.
	day := time.Now()
	if cfg, err := content.LoadConfig(os.DirFS(*src)); err == nil {
		day = scaffold.Day(cfg.Period, day)
	}
	name, err := scaffold.Write(*src, kind, id, day)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "dossier new: %v: it exists already, and dossier never replaces a file; choose another id\n", err)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "dossier: wrote %s, a draft: dossier serve shows it; fill it in, then delete its draft line to publish it\n", name)
	return exitOK
}
