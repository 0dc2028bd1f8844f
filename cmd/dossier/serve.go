package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dossier-dev/dossier/internal/devserver"
	"github.com/dossier-dev/dossier/internal/history"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/sitegen"
	"github.com/dossier-dev/dossier/internal/watch"
)

// siteDirs are the directories of a site that serve and build -watch watch.
var siteDirs = []string{"content", "templates", "static"}

// interrupted returns a context that ends on Ctrl-C or SIGTERM. After the
// first, a second Ctrl-C stops the program at once.
func interrupted() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

func cmdServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := interrupted()
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// serve runs `dossier serve` until ctx ends.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [-port N] [-bind HOST] [-addr HOST:PORT] [-public] [-allow-host NAMES] [-src DIR] [-base-url URL] [-open] [-poll]", stderr)
	addr := fs.String("addr", "", "listen on this `address` (HOST:PORT), instead of -bind and -port; one that other machines can reach needs -public")
	bind := fs.String("bind", "127.0.0.1", "listen on this `host`; one that other machines can reach needs -public")
	port := fs.Int("port", defaultPort, "listen on this `port`; if the default port is busy, the next free one is used")
	public := fs.Bool("public", false, "allow an -addr that other machines can reach, such as 0.0.0.0:1313: anyone on your network can then see the preview")
	allowHost := fs.String("allow-host", "", "also answer requests for these host `names`, comma-separated, such as mybox.local (the preview answers 403 to any other name, so that no web page can read it; localhost, 127.0.0.1, [::1], the host listened on and, with -public, IP addresses are always allowed)")
	src := fs.String("src", ".", "the site's `directory`, holding content/, templates/ and static/")
	baseURL := fs.String("base-url", "", "the site's public `URL`; the preview serves the site under its path, as https://owner.github.io/repo/ under /repo/ (default: base_url in content/site.yaml)")
	open := fs.Bool("open", false, "open the site in the default browser")
	editor := fs.String("editor", devserver.DefaultEditor, "the `URL` that opens a file in your editor, from the error overlay, with {path}, {line} and {col}; none for no links")
	stay := fs.Bool("stay", false, "keep open pages where they are after a build, instead of going to the page whose file changed")
	poll := fs.Bool("poll", false, "look for changes every 250ms instead of asking the system to report them (for network and VM file systems)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	// An address the editor chose must be free; the default may move on to
	// the next free port, and says so.
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "port" || f.Name == "addr" })
	if *addr == "" {
		*addr = net.JoinHostPort(*bind, strconv.Itoa(*port))
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: -addr %s: %v; write it as HOST:PORT, such as 127.0.0.1:1313\n", *addr, err)
		return exitUsage
	}
	if !loopback(host) && !*public {
		fmt.Fprintf(stderr, "dossier serve: -addr %s lets other machines see the preview; add -public if that is what you want, or use 127.0.0.1\n", *addr)
		return exitUsage
	}
	if *baseURL != "" {
		if u, err := url.Parse(*baseURL); err != nil || !u.IsAbs() || u.Host == "" {
			fmt.Fprintf(stderr, "dossier serve: -base-url %q is not an absolute URL such as https://owner.github.io/repo/\n", *baseURL)
			return exitUsage
		}
	}

	// Listen before building: a busy port is reported at once, not after
	// a build.
	ln, err := listenPort(*addr, explicit, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return exitContent
	}
	defer ln.Close()

	fsys, err := sitefs.Open(*src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return exitContent
	}
	defer fsys.Close()
	// Watch before the first build, so that no change made during it is lost.
	w, err := watch.New(*src, siteDirs, watch.Options{Poll: *poll, Logf: logf(stderr)})
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return exitContent
	}
	defer w.Close()
	dir, err := filepath.Abs(*src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return exitContent
	}
	srv := devserver.New(devserver.Config{
		Dir:    dir,
		Editor: *editor,
		Stay:   *stay,
		FS:     fsys,
		// The history as it stands now, read again every few seconds:
		// a commit made while serving moves the dates of last change.
		// Cards drawn once are kept, as dossier build keeps them.
		Options:      sitegen.Options{BaseURL: *baseURL, Drafts: true, Cache: cacheDir(), History: history.Start(dir)},
		History:      followHistory(dir),
		HistoryEvery: 5 * time.Second,
		Log:          stderr,
	})
	defer srv.Close()
	// Listen once the first build serves the home page (a broken site is
	// served as its problems until fixed); the rest of the site follows.
	ready, firstDone := srv.Start(nil)
	<-ready

	if *public {
		fmt.Fprintf(stderr, "dossier: warning: listening on %s: other machines on your network can see this preview\n", ln.Addr())
	}
	how := "fsnotify"
	if w.Polling() {
		how = "polling"
	}
	siteURL := "http://" + ln.Addr().String() + srv.Base()
	fmt.Fprintf(stdout, "dossier: serving %s, rebuilding on changes to content/, templates/ and static/ (%s); Ctrl-C stops\n", siteURL, how)
	if *open {
		if err := openBrowser(siteURL); err != nil {
			fmt.Fprintf(stderr, "dossier: cannot open a browser (%v); open %s yourself\n", err, siteURL)
		}
	}

	var hosts []string
	for h := range strings.SplitSeq(*allowHost, ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	hs := &http.Server{Handler: devserver.Guard(srv, host, hosts, *public), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	rebuilt := make(chan struct{})
	go func() {
		<-firstDone // Run's builds would wait for it anyway
		srv.Run(ctx, w.Changes())
		close(rebuilt)
	}()

	code := exitOK
	select {
	case <-ctx.Done():
	case err := <-served:
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		code = exitContent
	}
	fmt.Fprintln(stdout, "dossier: stopping")
	srv.Close() // ends the event streams, which Shutdown would wait for
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		hs.Close()
	}
	w.Close()
	<-rebuilt // wait for a build in progress before the site is closed
	return code
}

// defaultPort is where serve listens unless told otherwise: Hugo's.
const defaultPort = 1313

// listenPort listens on addr. When the port is busy and the editor did not
// choose it, it tries the next ports, up to 20, and says which it took.
func listenPort(addr string, explicit bool, stderr io.Writer) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil || explicit || !errors.Is(err, syscall.EADDRINUSE) {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("%s is busy: is another server using it? Choose another port with -port", addr)
		}
		if err != nil {
			return nil, fmt.Errorf("cannot listen on %s (%v); choose another address with -bind and -port", addr, errors.Unwrap(err))
		}
		return ln, nil
	}
	host, p, _ := net.SplitHostPort(addr)
	first, _ := strconv.Atoi(p)
	for port := first + 1; port <= first+20; port++ {
		if ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port))); err == nil {
			fmt.Fprintf(stderr, "dossier: port %d is busy; using %d\n", first, port)
			return ln, nil
		}
	}
	return nil, fmt.Errorf("ports %d to %d are all busy; choose one with -port", first, first+20)
}

// loopback reports whether host is reachable from this machine only.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func logf(w io.Writer) func(string, ...any) {
	return func(format string, args ...any) {
		fmt.Fprintf(w, "dossier: "+format+"\n", args...)
	}
}

// openBrowser opens u in the default browser, without waiting for it.
func openBrowser(u string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// buildWatch builds the site into out, then again after every change,
// until ctx ends. A failed build prints its problems and leaves out as it
// was.
func buildWatch(ctx context.Context, src, out string, opts sitegen.Options, poll bool, stdout, stderr io.Writer) int {
	w, err := watch.New(src, siteDirs, watch.Options{Poll: poll, Logf: logf(stderr)})
	if err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return exitContent
	}
	defer w.Close()
	buildOnce(src, out, opts, stdout, stderr)
	fmt.Fprintf(stdout, "dossier: rebuilding %s on changes to content/, templates/ and static/; Ctrl-C stops\n", out)
	watch.Each(ctx, w.Changes(), func([]string) { buildOnce(src, out, opts, stdout, stderr) })
	return exitOK
}

// followHistory returns a function that reads the history of the site in
// dir again, for the preview, when the commit checked out has changed
// since the last reading; otherwise it gives the last reading again.
func followHistory(dir string) func() *history.Log {
	var head string
	var last *history.Log
	return func() *history.Log {
		if h := history.Head(dir); last == nil || h != head {
			head, last = h, history.Start(dir)
		}
		return last
	}
}
