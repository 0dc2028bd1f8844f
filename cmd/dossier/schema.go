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
	if err := writeSchemas(*src, &d.Config.Vocabulary, stdout); err != nil {
		fmt.Fprintf(stderr, "dossier schema: %v\n", err)
		return exitContent
	}
	return exitOK
}

// writeSchemas writes the schemas of a site with vocabulary v into dir,
// and the VS Code settings that use them unless the site has its own.
func writeSchemas(dir string, v *content.Vocabulary, stdout io.Writer) error {
	files, err := schema.WriteAll(v)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if name == ".vscode/settings.json" {
			if _, err := os.Stat(p); err == nil {
				fmt.Fprintf(stdout, "dossier: %s exists; add this to it yourself:\n%s", p, files[name])
				continue
			}
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "dossier: wrote %d JSON Schemas to %s and the VS Code settings that use them\n", len(files)-1, filepath.Join(dir, schema.Dir))
	return nil
}
