package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dossier-dev/dossier/internal/check"
	"github.com/dossier-dev/dossier/internal/ghpages"
	"github.com/dossier-dev/dossier/internal/output"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [-dir DIR] [-base-path PATH | -offline]", stderr)
	dir := fs.String("dir", "build", "the built site's `directory`")
	basePath := fs.String("base-path", "", "serve the site under this `path`, as GitHub Pages serves a project site, e.g. /repo/ (default: as it was built, see below)")
	offline := fs.Bool("offline", false, "read the files as a browser opens them from disk (default: as it was built)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dossier check [-dir DIR] [-base-path PATH | -offline]\n\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nWithout -base-path or -offline, check reads how dossier build made the\n"+
			"site (DIR/%s records it): served under the path of its base\n"+
			"URL, or from disk for an -offline build. Without a record: under /.\n", output.Manifest)
	}
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fi, err := os.Stat(*dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "dossier check: %s is not a directory; build the site first (dossier build -out %s)\n", *dir, *dir)
		return exitContent
	}
	if *basePath == "" {
		*basePath = "/"
	}
	how := ""
	if !flagSet(fs, "base-path") && !flagSet(fs, "offline") {
		info, ok, err := output.ReadInfo(*dir)
		if err != nil {
			fmt.Fprintf(stderr, "dossier check: %v\n", err)
			return exitContent
		}
		if ok {
			*basePath, *offline = ghpages.BasePath(info.BaseURL), info.Offline
			how = ", as built for " + info.BaseURL
		}
	}
	root, err := os.OpenRoot(*dir) // nothing outside the build is read
	if err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return exitContent
	}
	defer root.Close()
	rep, err := check.Site(root.FS(), check.Options{BasePath: *basePath, Offline: *offline})
	if err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return exitContent
	}
	how = "served under " + *basePath + how
	if *offline {
		how = "from disk"
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(stderr, "%s\n", p)
	}
	fmt.Fprintf(stdout, "dossier check: %s %s: %d pages, %d links (%d to #anchors), %d problem(s)\n",
		*dir, how, rep.Pages, rep.Links, rep.Anchors, len(rep.Problems))
	if len(rep.Problems) > 0 {
		return exitContent
	}
	return exitOK
}

// flagSet reports whether the command line set the flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
