package main

import (
	"fmt"
	"io"
	"os"

	"github.com/dossier-dev/dossier/internal/check"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [-dir DIR] [-base-path PATH] [-offline]", stderr)
	dir := fs.String("dir", "build", "the built site's `directory`")
	basePath := fs.String("base-path", "/", "serve the site under this `path`, as GitHub Pages serves a project site (e.g. /repo/)")
	offline := fs.Bool("offline", false, "read the files as a browser opens them from disk (for a build made with -offline)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fi, err := os.Stat(*dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "dossier check: %s is not a directory; build the site first (dossier build -out %s)\n", *dir, *dir)
		return exitContent
	}
	rep, err := check.Site(os.DirFS(*dir), check.Options{BasePath: *basePath, Offline: *offline})
	if err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return exitContent
	}
	how := "served under " + *basePath
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
