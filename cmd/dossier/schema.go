package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/schema"
	"github.com/dossier-dev/dossier/internal/sitefs"
)

func cmdSchema(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("schema", "schema [-src DIR]", stderr)
	src := fs.String("src", ".", "the site's `directory`; the schemas go into its schemas/, and .vscode/settings.json associates them")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	fsys, err := sitefs.Open(*src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier schema: %v\n", err)
		return exitContent
	}
	defer fsys.Close()
	// The vocabularies of site.yaml become the allowed values; a dossier
	// with other problems still gets its schemas.
	d, _ := content.Load(fsys)
	files, err := schema.WriteAll(&d.Config.Vocabulary)
	if err != nil {
		fmt.Fprintf(stderr, "dossier schema: %v\n", err)
		return exitContent
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(*src, filepath.FromSlash(name))
		if name == ".vscode/settings.json" {
			if _, err := os.Stat(p); err == nil {
				fmt.Fprintf(stdout, "dossier schema: %s exists; add this to it yourself:\n%s", p, files[name])
				continue
			}
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(stderr, "dossier schema: %v\n", err)
			return exitContent
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			fmt.Fprintf(stderr, "dossier schema: %v\n", err)
			return exitContent
		}
		fmt.Fprintf(stdout, "dossier: wrote %s\n", p)
	}
	return exitOK
}
