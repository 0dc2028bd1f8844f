package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"time"

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
	name, err := scaffold.Write(*src, kind, id, time.Now())
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "dossier new: %v: it exists already, and dossier never replaces a file; choose another id\n", err)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "dossier: wrote %s; fill it in, then build or preview the site\n", name)
	return exitOK
}
