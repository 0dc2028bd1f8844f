package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/scaffold"
)

func cmdNew(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("new", "new [-src DIR] event|source|entity|discrepancy|page ID\n       dossier new [-src DIR] -lang LANG KIND/ID   (a translation stub, e.g. -lang vi events/protests-begin)", stderr)
	src := flags.String("src", ".", "the site's `directory`; the file goes into its content/")
	lang := flags.String("lang", "", "write a translation into this `language` of the file named, such as events/protests-begin")
	if err := parseFlags(flags, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *lang != "" {
		if flags.NArg() != 1 {
			fmt.Fprintf(stderr, "dossier new -lang: name one file to translate, such as: dossier new -lang vi events/protests-begin\n")
			return exitUsage
		}
		return newTranslation(*src, *lang, flags.Arg(0), stdout, stderr)
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
	// A new discrepancy's claims start from sources the site has.
	var sources []string
	if kind == "discrepancy" {
		d, _ := content.Load(os.DirFS(*src))
		for _, s := range d.Sources[:min(2, len(d.Sources))] {
			sources = append(sources, s.ID)
		}
	}
	name, err := scaffold.Write(*src, kind, id, day, sources...)
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

// newTranslation writes the stub of a translation into lang of the content
// file named by rel (events/x, content/events/x.md), with its
// translation_of filled in.
func newTranslation(src, lang, rel string, stdout, stderr io.Writer) int {
	rel = strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(rel), "content/"), ".md")
	orig := "content/" + rel + ".md"
	cfg, err := content.LoadConfig(os.DirFS(src))
	if err != nil {
		fmt.Fprintf(stderr, "dossier new -lang: cannot read content/site.yaml: %v\n", err)
		return exitContent
	}
	i := slices.IndexFunc(cfg.Languages, func(l string) bool { return strings.EqualFold(l, lang) })
	if i < 1 {
		fmt.Fprintf(stderr, "dossier new -lang: %q is not a translation language of this site (site.yaml lists %s); add it to languages first\n", lang, strings.Join(cfg.Languages, ", "))
		return exitUsage
	}
	b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(orig)))
	if err != nil {
		fmt.Fprintf(stderr, "dossier new -lang: there is no %s to translate; name a file such as events/protests-begin\n", orig)
		return exitUsage
	}
	name := filepath.Join(src, filepath.FromSlash(content.TranslationPath(orig, cfg.Languages[i])))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "dossier new -lang: %s exists already, and dossier never replaces a file\n", name)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "dossier new -lang: %v\n", err)
		return exitContent
	}
	if _, err := f.Write(scaffold.Translation(b, cfg.Languages[i])); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "dossier new -lang: %v\n", err)
		return exitContent
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "dossier new -lang: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "dossier: wrote %s; until its body is written, the page shows the original, marked as untranslated\n", name)
	return exitOK
}
