package main

import (
	"fmt"
	"io"

	"github.com/dossier-dev/dossier/internal/starter"
)

func cmdInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", "init DIR", stderr)
	if err := parseFlags(fs, args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "dossier init: want one directory, such as: dossier init my-dossier")
		fs.Usage()
		return exitUsage
	}
	dir := fs.Arg(0)
	files, err := starter.Write(dir)
	if err != nil {
		fmt.Fprintf(stderr, "dossier init: %v\n", err)
		return exitContent
	}
	if err := writeSchemas(dir, nil, stdout); err != nil {
		fmt.Fprintf(stderr, "dossier init: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "dossier: wrote a starter dossier of %d files to %s\n\nNext:\n\n\tdossier serve -src %s     # preview it, live, while you edit\n\tdossier build -src %s     # build it into %s/build\n\tdossier check -dir %s/build # check it as readers get it\n\nEvery file is commented; replace the example with your own episode.\nIn VS Code with the YAML extension, the schemas/ complete and check every key.\n", len(files), dir, dir, dir, dir, dir)
	return exitOK
}
