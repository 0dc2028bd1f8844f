//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/domdebugger"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/dossier-dev/dossier/internal/devserver"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// A preview is a copy of the repository's site served as `dossier serve`
// serves it (with -stay if stay), with the tests' Content-Security-Policy;
// a test edits its files and tells the server, as the watcher would.
type preview struct {
	srv     *devserver.Server
	dir     string
	url     string // the site's root
	changes chan []string
}

func startPreview(t *testing.T, stay bool) *preview {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"content", "templates", "static"} {
		if out, err := exec.Command("cp", "-r", filepath.Join(root, sub), dir).CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsys.Close() })
	srv := devserver.New(devserver.Config{FS: fsys, Dir: dir, Options: sitegen.Options{Drafts: true}, Stay: stay})
	if err := srv.Build(nil); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	t.Cleanup(srv.Close) // first: it ends the event streams ts.Close waits for
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p := &preview{srv: srv, dir: dir, url: ts.URL + srv.Base(), changes: make(chan []string)}
	go srv.Run(ctx, p.changes)
	return p
}

// edit changes the site's file rel with f, and tells the server.
func (p *preview) edit(t *testing.T, rel string, f func(string) string) {
	t.Helper()
	name := filepath.Join(p.dir, filepath.FromSlash(rel))
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(f(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
	p.changes <- []string{rel}
}

// open loads the page rel of the preview in tb and waits for its scripts.
func (p *preview) open(t *testing.T, tb *tab, rel string) {
	t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Navigate(p.url+rel)); err != nil {
		t.Fatalf("loading %s: %v", rel, err)
	}
	waitFor(t, tb, `document.readyState === "complete"`, "/"+rel+" loaded")
}

// waitFor waits until the expression is true in the page, asking again
// while a reload replaces the document.
func waitFor(t *testing.T, tb *tab, expr, what string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: not so after 20 s (%v)", what, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// biggestEvent is the event of the shipped dossier with the longest file,
// in its first language: the page that scrolls furthest.
func biggestEvent(t *testing.T) (rel, slug string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "content", "events", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	size := int64(-1)
	for _, f := range files {
		base := filepath.Base(f)
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(base, ".") == 1 && fi.Size() > size {
			size, slug = fi.Size(), strings.TrimSuffix(base, ".md")
		}
	}
	if slug == "" {
		t.Fatal("the shipped dossier has no event")
	}
	return "content/events/" + slug + ".md", slug
}

// retitle changes the title in a file's front matter: title: "X" becomes
// title: "X (add)".
func retitle(t *testing.T, add string) func(string) string {
	return func(s string) string {
		i := strings.Index(s, "\ntitle: \"")
		j := strings.Index(s[i+len("\ntitle: \""):], "\"\n")
		if i < 0 || j < 0 {
			t.Fatalf("no quoted title in the front matter")
		}
		at := i + len("\ntitle: \"") + j
		return s[:at] + " (" + add + ")" + s[at:]
	}
}

// scriptsRan is true once the page's scripts have run on its body: the
// search script makes the search box a combobox, on every page.
const scriptsRan = `document.querySelector("#search-q").getAttribute("role") === "combobox"`

// listeners counts the listeners on window and document, by type.
func listeners(t *testing.T, tb *tab) map[string]int {
	t.Helper()
	n := map[string]int{}
	err := chromedp.Do(tb.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, name := range []string{"window", "document"} {
			obj, err := cdp.Call(ctx, tg, runtime.Evaluate, runtime.EvaluateParams{Expression: name})
			if err != nil {
				return err
			}
			if obj.ExceptionDetails != nil || obj.Result == nil {
				return fmt.Errorf("%s: %v", name, obj.ExceptionDetails)
			}
			ls, err := cdp.Call(ctx, tg, domdebugger.GetEventListeners, domdebugger.GetEventListenersParams{ObjectID: obj.Result.ObjectID})
			if err != nil {
				return err
			}
			for _, l := range ls.Listeners {
				n[name+" "+l.Type]++
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPreviewUpdatesInPlace edits the file of the event page open in the
// preview: the page shows the edit without a navigation (a mark left on
// window stays), with its new title, at the same scroll position, with the
// focus and the text typed in the search box kept. The page's scripts run
// again on the new body, once: the search box searches, with one list of
// results, and window and document have the listeners they had. A
// citation's popover opens.
func TestPreviewUpdatesInPlace(t *testing.T) {
	e := setup(t)
	p := startPreview(t, true)
	tb := e.newTab(t, viewports[0], "light")
	rel, slug := biggestEvent(t)
	page := "events/" + slug + "/"
	p.open(t, tb, page)
	if !eval[bool](t, tb, `document.querySelector(".ref-num") !== null`) {
		t.Fatalf("/%s has no citation", page)
	}
	before := listeners(t, tb)
	if err := chromedp.Do(tb.ctx, chromedp.SendKeys(chromedp.CSS("#search-q"), "tok")); err != nil {
		t.Fatal(err)
	}
	y := eval[float64](t, tb, `window.scrollTo(0, Math.min(400, document.documentElement.scrollHeight - innerHeight)); window.__mark = "kept"; scrollY`)
	if y <= 0 {
		t.Fatalf("/%s does not scroll", page)
	}

	// The page's main text, not its body: the search box's results may show
	// the edit before the page does.
	const added = "A sentence added in place."
	p.edit(t, rel, func(s string) string { return retitle(t, "edited in place")(s) + "\n" + added + "\n" })
	waitFor(t, tb, fmt.Sprintf(`document.querySelector("main").textContent.includes(%q)`, added), "the edit on the page")
	type view struct {
		Mark, Title, H1, Focus, Value string
		Y                             float64
	}
	got := eval[view](t, tb, `({mark: window.__mark || "", title: document.title, h1: document.querySelector("h1").textContent,
		focus: document.activeElement.id, value: document.activeElement.value || "", y: scrollY})`)
	if got.Mark != "kept" {
		t.Fatalf("/%s was loaded again, not updated in place", page)
	}
	if !strings.Contains(got.Title, "(edited in place)") || !strings.Contains(got.H1, "(edited in place)") {
		t.Errorf("the new title is not shown: title %q, heading %q", got.Title, got.H1)
	}
	if got.Y != y {
		t.Errorf("scrolled to %v after the edit, was at %v", got.Y, y)
	}
	if got.Focus != "search-q" || got.Value != "tok" {
		t.Errorf("the focus is on #%s with %q, was on #search-q with %q", got.Focus, got.Value, "tok")
	}
	tb.checkProblems(t, "/"+page+" updated in place")

	// Again: the scripts of the page run once more, and not twice.
	const again = "Another sentence added in place."
	p.edit(t, rel, func(s string) string { return s + "\n" + again + "\n" })
	waitFor(t, tb, fmt.Sprintf(`document.querySelector("main").textContent.includes(%q)`, again), "the second edit on the page")
	if eval[string](t, tb, `window.__mark || ""`) != "kept" {
		t.Fatalf("/%s was loaded again at the second edit", page)
	}
	waitFor(t, tb, scriptsRan, "the page's scripts run again")
	if after := listeners(t, tb); !mapsEqual(after, before) {
		t.Errorf("listeners on window and document: %v after two updates in place, %v before", after, before)
	}
	// The page's nodes are new: type and click where the page is, not
	// where chromedp last saw the nodes.
	tb.key(t, "ayev")
	waitFor(t, tb, `(() => { const p = document.querySelector(".search-popup"); return !!p && !p.hidden && p.querySelectorAll("a.result").length > 0; })()`, "search results after the update")
	if n := eval[int](t, tb, `document.querySelectorAll(".search-popup, .search-results").length`); n != 2 {
		t.Errorf("%d search pop-ups and lists after the update, want one of each", n)
	}
	eval[bool](t, tb, `document.querySelector(".ref-num").click(), true`)
	waitFor(t, tb, `document.querySelector(".ref-pop:popover-open") !== null`, "a citation's popover")
	tb.checkProblems(t, "/"+page+" updated in place twice")
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestPreviewTimelineInPlace edits an event's title while the timeline is
// open: the timeline shows it in place, and its filters work as on a page
// just loaded: a filter narrows the list, once, and Back takes it off.
func TestPreviewTimelineInPlace(t *testing.T) {
	e := setup(t)
	p := startPreview(t, true)
	tb := e.newTab(t, viewports[0], "light")
	p.open(t, tb, "timeline/")
	before := listeners(t, tb)
	eval[bool](t, tb, `window.__mark = "kept"; true`)
	rel, _ := biggestEvent(t)
	p.edit(t, rel, retitle(t, "retitled in place"))
	waitFor(t, tb, `document.querySelector(".timeline").textContent.includes("(retitled in place)")`, "the new title on the timeline")
	if eval[string](t, tb, `window.__mark || ""`) != "kept" {
		t.Fatal("the timeline was loaded again, not updated in place")
	}
	waitFor(t, tb, scriptsRan+` && document.querySelector(".filters a[data-f]").getAttribute("role") === "button"`, "the page's scripts run again")
	if after := listeners(t, tb); !mapsEqual(after, before) {
		t.Errorf("listeners on window and document: %v after an update in place, %v before", after, before)
	}

	pair := eval[struct {
		A, B string
		Both []string
	}](t, tb, filterPair)
	if pair.A == "" {
		t.Fatal("no two filters of different kinds share some of their events")
	}
	all := eval[[]string](t, tb, shownEvents)
	eval[bool](t, tb, `document.querySelector(".filters > summary").click(), true`)
	tb.press(t, fmt.Sprintf(`.filters a[data-f=%q]`, pair.A), "\r")
	want := eval[[]string](t, tb, eventsWith(pair.A))
	v := eval[filterView](t, tb, filterState)
	if got := eval[[]string](t, tb, shownEvents); !slices.Equal(got, want) || !slices.Equal(v.Pressed, []string{pair.A}) || v.Search != "?f="+pair.A || v.Status == "" {
		t.Errorf("after a filter on the timeline updated in place: shows %d events (want %d), pressed %v, address %q, status %q",
			len(got), len(want), v.Pressed, v.Search, v.Status)
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tb, `location.search === ""`, "Back")
	if got := eval[[]string](t, tb, shownEvents); !slices.Equal(got, all) {
		t.Errorf("after Back: shows %d events, want all %d", len(got), len(all))
	}
	if eval[string](t, tb, `window.__mark || ""`) != "kept" {
		t.Error("Back loaded the timeline again")
	}
	tb.checkProblems(t, "/timeline/ updated in place")
}

// TestPreviewStylesheetReloads edits the site's stylesheet: the open page
// loads again, with the new rule applied.
func TestPreviewStylesheetReloads(t *testing.T) {
	e := setup(t)
	p := startPreview(t, true)
	tb := e.newTab(t, viewports[0], "light")
	_, slug := biggestEvent(t)
	p.open(t, tb, "events/"+slug+"/")
	eval[bool](t, tb, `window.__mark = "kept"; true`)
	p.edit(t, "static/css/site.css", func(s string) string { return s + "\n.site-title { letter-spacing: 7px; }\n" })
	waitFor(t, tb, `getComputedStyle(document.querySelector(".site-title")).letterSpacing === "7px"`, "the new rule applied")
	if eval[string](t, tb, `window.__mark || ""`) == "kept" {
		t.Error("the new stylesheet applies, but the page was not loaded again")
	}
	tb.checkProblems(t, "after the stylesheet changed")
}

// TestPreviewUnchangedPageWaits keeps a page open that an edit elsewhere
// does not change: it does not even ask for its HTML, and takes the next
// edit of its own file in place.
func TestPreviewUnchangedPageWaits(t *testing.T) {
	e := setup(t)
	p := startPreview(t, true)
	tb := e.newTab(t, viewports[0], "light")
	p.open(t, tb, "about/")
	eval[bool](t, tb, `window.__mark = "kept"; true`)
	rel, _ := biggestEvent(t)
	p.edit(t, rel, func(s string) string { return s + "\nA sentence the about page does not show.\n" })
	// The page takes that build: its reload script says so.
	deadline := time.Now().Add(20 * time.Second)
	for p.srv.State().Number < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the edit was not built within 20 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	waitFor(t, tb, fmt.Sprintf(`document.querySelector('script[src$="/_dossier/reload.js"]').dataset.build === %q`, p.srv.State().Build), "the page to take the build")
	const added = "A sentence added to the about page."
	p.edit(t, "content/pages/about.md", func(s string) string { return s + "\n" + added + "\n" })
	waitFor(t, tb, fmt.Sprintf(`document.querySelector("main").textContent.includes(%q)`, added), "the edit on the page")
	if eval[string](t, tb, `window.__mark || ""`) != "kept" {
		t.Fatal("the about page was loaded again, not updated in place")
	}
	// The first edit took the page to its build without a request (or the
	// second could not have been taken in place); the second fetched it.
	if n := eval[int](t, tb, `performance.getEntriesByType("resource").filter(r => r.initiatorType === "fetch").length`); n != 1 {
		t.Errorf("the page asked for its HTML %d times after two edits, one of another page's file; want once", n)
	}
	tb.checkProblems(t, "/about/")
}

// TestPreviewGoesToTheItem edits one discrepancy while the page that lists
// them all is open: the page takes the edit in place and goes to that
// discrepancy, as a save of an event's file goes to the event's page.
func TestPreviewGoesToTheItem(t *testing.T) {
	e := setup(t)
	p := startPreview(t, false)
	tb := e.newTab(t, viewports[0], "light")
	files, err := filepath.Glob(filepath.Join(p.dir, "content", "discrepancies", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return strings.Count(filepath.Base(f), ".") != 1 })
	if len(files) < 2 {
		t.Fatal("the shipped dossier has fewer than two discrepancies")
	}
	name := strings.TrimSuffix(filepath.Base(files[len(files)-1]), ".md")
	p.open(t, tb, "discrepancies/")
	eval[bool](t, tb, `window.__mark = "kept"; true`)
	p.edit(t, "content/discrepancies/"+name+".md", retitle(t, "edited"))
	waitFor(t, tb, `document.querySelector("main").textContent.includes("(edited)")`, "the edit on the page")
	waitFor(t, tb, fmt.Sprintf(`location.hash === %q`, "#"+name), "the page to go to #"+name)
	if eval[string](t, tb, `window.__mark || ""`) != "kept" {
		t.Error("the page was loaded again, not updated in place")
	}
	if top := eval[float64](t, tb, fmt.Sprintf(`document.getElementById(%q).getBoundingClientRect().top`, name)); top < -1 || top > 200 {
		t.Errorf("#%s is %v px from the top of the window after the edit, not scrolled to", name, top)
	}
	tb.checkProblems(t, "/discrepancies/")
}
