package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

func cmdTranslations(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("translations", "translations [-src DIR] [-check] [-update FILE...]", stderr)
	src := fs.String("src", ".", "the site's `directory`")
	check := fs.Bool("check", false, "exit with status 1 if any translation is missing or stale")
	update := fs.Bool("update", false, "record that the translation FILEs (arguments) are current with their originals")
	if err := parseFlags(fs, args); err != nil {
		return parseError(err)
	}
	if *update {
		if fs.NArg() == 0 {
			fmt.Fprintln(stderr, "dossier translations -update: name the translation files, e.g. content/events/x.vi.md")
			return exitUsage
		}
		return updateTranslations(*src, fs.Args(), stdout, stderr)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dossier translations: unexpected argument %q (to record a translation as current, use -update FILE)\n", fs.Arg(0))
		return exitUsage
	}
	d, err := content.Load(os.DirFS(*src))
	if err != nil {
		return report(stderr, err)
	}
	var missing, stale, current int
	for _, st := range d.TranslationStatus(os.DirFS(*src)) {
		switch st.State {
		case content.Missing:
			missing++
			fmt.Fprintf(stdout, "missing  %s  (translate %s)\n", st.Translation, st.Original)
		case content.Stale:
			stale++
			why := "no translation_of"
			if st.Recorded != "" {
				why = fmt.Sprintf("%s changed: translation_of %s, now %s", st.Original, st.Recorded, st.Current)
			}
			fmt.Fprintf(stdout, "stale    %s  (%s)\n", st.Translation, why)
		default:
			current++
		}
	}
	fmt.Fprintf(stdout, "%d current, %d stale, %d missing\n", current, stale, missing)
	missing += reportCatalogs(stdout, sitegen.CatalogCoverage(os.DirFS(*src), nil, d))
	if *check && missing+stale > 0 {
		return exitContent
	}
	return exitOK
}

// reportCatalogs prints, for each language, where its interface strings
// come from and what is missing, and returns how many problems it found.
func reportCatalogs(w io.Writer, cov []sitegen.Coverage) int {
	problems := 0
	for _, c := range cov {
		from := "the site's"
		if c.FromTheme {
			from = "built in"
		}
		if !c.Readable {
			problems++
			fmt.Fprintf(w, "catalogue %s: %s is missing or unreadable; add it, a copy of templates/i18n/en.yaml translated (dossier build says what is wrong)\n", c.Lang, c.File)
			continue
		}
		fmt.Fprintf(w, "catalogue %s: %s (%s), %d of %d keys; %s replaces %d with the site's own wording\n", c.Lang, c.File, from, c.Keys, c.Total, c.Strings, c.Replaced)
		if len(c.Missing) > 0 {
			problems += len(c.Missing)
			fmt.Fprintf(w, "  missing  %s  (add to %s)\n", strings.Join(c.Missing, ", "), c.File)
		}
		if len(c.Untranslated) > 0 {
			problems += len(c.Untranslated)
			fmt.Fprintf(w, "  missing  %s  (translate under strings: in %s; readers see the theme's wording)\n", strings.Join(c.Untranslated, ", "), c.Strings)
		}
	}
	return problems
}

// updateTranslations sets translation_of in each file to the hash of its
// original as it is now.
func updateTranslations(src string, files []string, stdout, stderr io.Writer) int {
	code := exitOK
	for _, f := range files {
		if err := updateTranslation(src, f); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
			code = exitContent
			continue
		}
		fmt.Fprintf(stdout, "%s: recorded as current\n", f)
	}
	return code
}

func updateTranslation(src, file string) error {
	// A relative name is the site's (content/x.vi.md under -src) when the
	// site has it, else the current directory's (a path typed with
	// tab-completion from elsewhere).
	p := file
	if !filepath.IsAbs(p) {
		if _, err := os.Stat(filepath.Join(src, file)); err == nil {
			p = filepath.Join(src, file)
		}
	}
	orig, _, ok := content.OriginalPath(filepath.ToSlash(p))
	if !ok {
		return errors.New("not a translation: its name should end in .<lang>.md or .<lang>.yaml, e.g. x.vi.md")
	}
	ob, err := os.ReadFile(filepath.FromSlash(orig))
	if err != nil {
		return fmt.Errorf("its original: %v", err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	out, err := content.SetTranslationOf(b, content.Hash(ob), strings.HasSuffix(p, ".md"))
	if err != nil {
		return err
	}
	return os.WriteFile(p, out, 0o644)
}

// parseError returns the exit status for a flag parsing error.
func parseError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}
