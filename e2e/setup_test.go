//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dossier-dev/dossier/internal/output"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// root is the repository, seen from this package's directory.
const root = ".."

// prefix is the path the site is served under, as on GitHub Pages.
const prefix = "/dossier/"

// csp is the policy every page is served with: nothing inline, nothing from
// elsewhere. A page that needs more logs a console error and fails.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; font-src 'self'; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// env is what the tests share: the served site and a running browser.
type env struct {
	base    string          // the site's URL, ending in prefix
	browser context.Context // a chromedp context whose browser runs
	axe     string          // the source of axe.min.js, or "" with axeMsg
	axeMsg  string
	reports string // where screenshots go
	files   map[string][]byte
	search  map[string]*search.Index // the search index of each language, as built
}

var (
	setupOnce sync.Once
	shared    *env
	skipMsg   string // why the tests cannot run here
	setupErr  error
	cleanups  []func()
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range slices.Backward(cleanups) {
		f()
	}
	os.Exit(code)
}

// strict reports whether a missing browser or axe-core is a failure: in CI,
// or when asked for with DOSSIER_E2E=1.
func strict() bool {
	return os.Getenv("CI") == "true" || os.Getenv("DOSSIER_E2E") == "1"
}

// skipOrFail skips the test with msg, or fails it when strict.
func skipOrFail(t *testing.T, msg string) {
	t.Helper()
	if strict() {
		t.Fatalf("%s (CI=%q, DOSSIER_E2E=%q: the browser tests must run here)", msg, os.Getenv("CI"), os.Getenv("DOSSIER_E2E"))
	}
	t.Skip(msg)
}

// setup returns the shared environment, building and serving the site and
// starting the browser on first use.
var (
	offlineOnce sync.Once
	offlineDir  string
	offlineErr  error
)

// offlineSite returns the directory of the real site built with -offline,
// for the tests that read it from file://; it is built once for them all.
func (e *env) offlineSite(t *testing.T) string {
	t.Helper()
	offlineOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "dossier-e2e-offline-")
		if err != nil {
			offlineErr = err
			return
		}
		cleanups = append(cleanups, func() { os.RemoveAll(tmp) })
		res, err := sitegen.Build(os.DirFS(root), sitegen.Options{Offline: true})
		if err != nil {
			offlineErr = fmt.Errorf("building the offline site: %v", err)
			return
		}
		offlineDir = filepath.Join(tmp, "site")
		offlineErr = output.Write(offlineDir, res.Files)
	})
	if offlineErr != nil {
		t.Fatal(offlineErr)
	}
	return offlineDir
}

func setup(t *testing.T) *env {
	t.Helper()
	setupOnce.Do(func() { shared, skipMsg, setupErr = start() })
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	if skipMsg != "" {
		skipOrFail(t, skipMsg)
	}
	return shared
}

// needAxe returns the source of axe-core, or skips (fails in CI).
func (e *env) needAxe(t *testing.T) string {
	t.Helper()
	if e.axe == "" {
		skipOrFail(t, e.axeMsg)
	}
	return e.axe
}

func start() (*env, string, error) {
	chrome := findChrome()
	if chrome == "" {
		return nil, "Chromium not found (looked at $DOSSIER_CHROME, /usr/bin/chromium and chromium, chromium-browser, google-chrome on $PATH); install it with apt-get install chromium", nil
	}
	e := &env{reports: filepath.Join(root, "build-reports", "e2e")}
	if err := os.MkdirAll(e.reports, 0o755); err != nil {
		return nil, "", err
	}
	e.axe, e.axeMsg = loadAxe()

	// Build the real site, as "dossier build" does.
	tmp, err := os.MkdirTemp("", "dossier-e2e-")
	if err != nil {
		return nil, "", err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(tmp) })
	res, err := sitegen.Build(os.DirFS(root), sitegen.Options{})
	if err != nil {
		return nil, "", fmt.Errorf("building the site: %v", err)
	}
	e.files = res.Files
	e.search = res.Site.Search
	siteDir := filepath.Join(tmp, "site")
	if err := output.Write(siteDir, res.Files); err != nil {
		return nil, "", err
	}

	// Serve it under a subpath, with a strict policy.
	files := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(siteDir)))
	mux := http.NewServeMux()
	mux.Handle(prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	}))
	srv := httptest.NewServer(mux)
	cleanups = append(cleanups, srv.Close)
	e.base = srv.URL + prefix

	// Start one browser; each test opens its own tabs.
	var chromeOut bytes.Buffer
	opts := chromeOptions(chrome, filepath.Join(tmp, "profile"), &lockedWriter{w: &chromeOut})
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	cleanups = append(cleanups, cancelAlloc, cancelBrowser)
	// The first action binds the browser's life to its context, so it gets
	// no timeout of its own.
	if err := chromedp.Do(browser); err != nil {
		return nil, "", fmt.Errorf("starting %s: %v\n%s", chrome, err, chromeOut.String())
	}
	e.browser = browser
	return e, "", nil
}

func findChrome() string {
	if p := os.Getenv("DOSSIER_CHROME"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// loadAxe reads axe.min.js, or says why it cannot.
func loadAxe() (src, msg string) {
	p := os.Getenv("AXE_CORE_PATH")
	if p == "" {
		p = filepath.Join(root, "build-reports", "tools", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Sprintf("axe-core not found (%v); run make e2e, which installs it with npm, or set AXE_CORE_PATH to axe.min.js", err)
	}
	return string(b), ""
}

// A lockedWriter lets the browser's output be written from its goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// A pageType is one kind of page, with the path of one page of that kind,
// relative to a language's root.
type pageType struct {
	name, path string
}

// pageTypes lists one page of every type, choosing the event, source and
// entity from the built files so that the test follows the content.
func (e *env) pageTypes(t *testing.T) []pageType {
	t.Helper()
	first := func(dir string) string {
		var ps []string
		for p := range e.files {
			if strings.HasPrefix(p, dir+"/") && strings.Count(p, "/") == 2 && path.Base(p) == "index.html" {
				ps = append(ps, path.Dir(p)+"/")
			}
		}
		if len(ps) == 0 {
			t.Fatalf("the built site has no page under %s/", dir)
		}
		slices.Sort(ps)
		return ps[0]
	}
	return []pageType{
		{"home", ""},
		{"timeline", "timeline/"},
		{"event", first("events")},
		{"membership", "membership/"},
		{"sources", "sources/"},
		{"source", first("sources")},
		{"entities", "entities/"},
		{"entity", first("entities")},
		{"discrepancies", "discrepancies/"},
		{"about", "about/"},
		{"method", "method/"},
		{"search", "search/"},
		{"notfound", "404.html"},
	}
}

// file is the output file of the page.
func (p pageType) file() string {
	if p.path == "" || strings.HasSuffix(p.path, "/") {
		return p.path + "index.html"
	}
	return p.path
}

// langs are the site's languages and their roots: the default at the root,
// the others below /<lang>/.
var langs = []struct{ code, dir string }{
	{"en", ""},
	{"vi", "vi/"},
}

// A viewport is a window size; phone viewports emulate a mobile device.
type viewport struct {
	name          string
	width, height int64
	phone         bool
}

var viewports = []viewport{
	{"desktop", 1280, 800, false},
	{"phone", 375, 812, true},
}

// chromeOptions are how the tests start Chromium at the path chrome, with
// its profile in dir and its output written to out.
func chromeOptions(chrome, dir string, out io.Writer) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.UserDataDir(dir),
		chromedp.CombinedOutput(out),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // Chromium refuses to start as root with its sandbox
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("lang", "en-GB"),
	)
}
