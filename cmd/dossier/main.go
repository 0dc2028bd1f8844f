// Command dossier builds an event dossier: a static site that tells one real
// episode from its sources. Run "dossier -h" for the commands.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/heapfloor"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

const version = "0.1.0"

const usage = `dossier builds an event dossier: a static site from Markdown sources.

Usage:

	dossier <command> [flags]

Commands:

	build     build the site into a directory (default build/)
	check     check a built site as readers get it: links, anchors, orphans, sitemap
	init      start a new dossier in a directory: a commented example that builds
	new       write a new event, source or entity to fill in
	schema    write JSON Schemas of the content files, for editors that complete and check YAML
	serve     preview the site while you edit: rebuilds and reloads on every change
	translations  list missing and stale translations and catalogue keys; -update records one as current
	version   print the version

Run "dossier <command> -h" for a command's flags.
`

// Exit statuses.
const (
	exitOK      = 0
	exitContent = 1 // problems in the content, templates or output
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "init":
		return cmdInit(args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "schema":
		return cmdSchema(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "version":
		return cmdVersion(args[1:], stdout, stderr)
	case "translations":
		return cmdTranslations(args[1:], stdout, stderr)
	case "-version", "--version":
		return cmdVersion(nil, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "dossier: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dossier %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags wherever they stand among the arguments, as the
// go command does: "dossier new event x -src site" is "dossier new -src
// site event x". Afterwards fs.Args() holds the other arguments, in order.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, rest...))
}

// parse parses flags and reports the exit status to use when it fails.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "dossier %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
}

func cmdVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "version", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	fmt.Fprintf(stdout, "dossier %s (%s)\n", version, runtime.Version())
	return exitOK
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [-src DIR] [-out DIR] [-base-url URL] [-offline] [-strict] [-no-cache] [-quiet|-v] [-watch [-poll]] [-cpuprofile FILE]", stderr)
	src := fs.String("src", ".", "the site's `directory`, holding content/, templates/ and static/")
	out := fs.String("out", "", "the output `directory`; dossier replaces it only if it wrote it (default: build/ in the site's directory)")
	baseURL := fs.String("base-url", "", "the site's public `URL`, e.g. https://owner.github.io/repo/ (default: base_url in content/site.yaml)")
	offline := fs.Bool("offline", false, "make a copy to read from disk (file://): every link names its index.html")
	strict := fs.Bool("strict", false, "treat every warning (an uncited paragraph, a stale translation, an unverified quote) as an error")
	watchFlag := fs.Bool("watch", false, "build again on every change to content/, templates/ or static/, until Ctrl-C")
	poll := fs.Bool("poll", false, "with -watch: look for changes every 250ms instead of asking the system (for network and VM file systems)")
	quiet := fs.Bool("quiet", false, "print only problems: no warnings, no summary")
	verbose := fs.Bool("v", false, "also print how many pages each section has")
	noCache := fs.Bool("no-cache", false, "draw every social card anew, keeping none for the next build, nor the record that spares it reading the output again (the cache is dossier/ in the user's cache directory)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file`, to read with go tool pprof (for reporting a slow build)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if msg := checkURL(*baseURL); msg != "" {
		fmt.Fprintf(stderr, "dossier build: -base-url %s\n", msg)
		return exitUsage
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "dossier build: -cpuprofile: %v\n", err)
			return exitUsage
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	if *out == "" {
		*out = filepath.Join(*src, "build")
	}
	opts := sitegen.Options{BaseURL: *baseURL, Offline: *offline, Strict: *strict}
	if !*noCache {
		opts.Cache = cacheDir()
	}
	if dir := insideSite(*src, *out); dir != "" {
		if *watchFlag {
			fmt.Fprintf(stderr, "dossier build: -out %s is inside %s, which -watch watches: every build would start another; choose an -out outside it\n", *out, dir)
		} else {
			fmt.Fprintf(stderr, "dossier build: -out %s is inside %s, which the site is built from: each build would be copied into the next; choose an -out outside content/, templates/ and static/\n", *out, dir)
		}
		return exitUsage
	}
	if *watchFlag {
		ctx, stop := interrupted()
		defer stop()
		return buildWatch(ctx, *src, *out, opts, *poll, stdout, stderr)
	}
	// One build, then exit: no collection for the first 128 MB, which
	// is all a dossier of a few hundred pages allocates.
	heapfloor.Set(128 << 20)
	switch {
	case *quiet:
		stdout, stderr = io.Discard, quietWriter{stderr}
	case *verbose:
		return buildOnce(*src, *out, opts, verboseWriter{stdout}, stderr)
	}
	return buildOnce(*src, *out, opts, stdout, stderr)
}

// cacheDir is where builds keep what the next can reuse (the social
// cards): dossier/ in the user's cache directory, or none if there is no
// such directory (no $HOME).
func cacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "dossier")
}

// checkURL says what is wrong with a URL flag's value, or "" if nothing
// is: it must be absolute, http or https, with a host.
func checkURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Sprintf("%q is not an absolute http(s) URL such as https://owner.github.io/repo/", s)
	}
	return ""
}

// buildOnce builds the site in src into out, prints the warnings and the
// outcome, and returns the exit status.
func buildOnce(src, out string, opts sitegen.Options, stdout, stderr io.Writer) int {
	start := time.Now()
	res, err := sitegen.BuildDir(src, out, opts)
	if err != nil {
		annotate(stderr, src, "error", err)
		return report(stderr, err)
	}
	if _, quiet := stderr.(quietWriter); !quiet {
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		annotate(stderr, src, "warning", res.Warnings.Err())
	}
	if v, ok := stdout.(verboseWriter); ok {
		sections := map[string]int{}
		for _, p := range res.Site.Pages {
			rel := strings.TrimPrefix(p.Path, strings.ToLower(p.Lang)+"/")
			sec, _, _ := strings.Cut(rel, "/")
			sections[p.Lang+" "+cmp.Or(sec, "home")]++
		}
		for _, sec := range slices.Sorted(maps.Keys(sections)) {
			fmt.Fprintf(v, "dossier: %-16s %d page(s)\n", sec+"/", sections[sec])
		}
	}
	fmt.Fprintf(stdout, "dossier: wrote %d pages (%d files) to %s in %s\n",
		len(res.Site.Pages), res.Written, out, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// quietWriter is stderr under -quiet: problems only.
type quietWriter struct{ io.Writer }

// verboseWriter is stdout under -v.
type verboseWriter struct{ io.Writer }

// insideSite returns the directory of the site that out lies in, among
// those that are watched, or "".
// The paths are compared with their symbolic links resolved, so that a
// link cannot hide that out is inside.
func insideSite(src, out string) string {
	o, err := realPath(out)
	if err != nil {
		return ""
	}
	for _, d := range siteDirs {
		dir, err := realPath(filepath.Join(src, d))
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(dir, o); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.Join(src, d)
		}
	}
	return ""
}

// annotate prints problems again as GitHub Actions workflow commands when
// running there (GITHUB_ACTIONS=true), so GitHub shows each on its line in
// a pull request. src is the site's directory; paths in problems are
// relative to it.
func annotate(w io.Writer, src, level string, err error) {
	var l diag.List
	if os.Getenv("GITHUB_ACTIONS") != "true" || !errors.As(err, &l) {
		return
	}
	dir := filepath.ToSlash(filepath.Clean(src))
	for _, d := range l {
		fmt.Fprintln(w, d.GitHub(level, dir))
	}
}

// realPath returns p absolute, with the symbolic links of the part of it
// that exists resolved.
func realPath(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest), nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// report prints build problems, one per line, and returns the exit status.
func report(stderr io.Writer, err error) int {
	var l diag.List
	if errors.As(err, &l) {
		for _, d := range l {
			fmt.Fprintln(stderr, d)
		}
		fmt.Fprintf(stderr, "dossier: %d problem(s); nothing was written\n", len(l))
		return exitContent
	}
	fmt.Fprintf(stderr, "dossier: %v\n", err)
	return exitContent
}
