//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dossier-dev/dossier/internal/devserver"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/sitegen"
	"github.com/dossier-dev/dossier/internal/watch"
	"github.com/dossier-dev/dossier/internal/watch/editortest"
)

// paintedJS runs in every document the tab loads, before the page's own
// scripts: once the document is parsed, it waits for two animation frames
// (the first runs before the first frame is painted, the second once that
// frame is on screen) and records when, on the page's clock
// (performance.timeOrigin + performance.now(), milliseconds since 1970).
// A page that updates in place stays the same document: from then on,
// when the text the benchmark waits for (window.__dossierWant) comes into
// the body, it records when (__dossierSwapped), and when the next frame is
// on screen (__dossierSwapPainted). It watches only once the document is
// parsed, so that a full load costs what it did.
const paintedJS = `(function () {
  function later(f) {
    requestAnimationFrame(function () { requestAnimationFrame(f); });
  }
  function now() { return performance.timeOrigin + performance.now(); }
  function painted() {
    later(function () { window.__dossierPainted = now(); });
    new MutationObserver(function () {
      var want = window.__dossierWant;
      if (!want || window.__dossierSwapped || !document.body || !document.body.textContent.includes(want)) return;
      window.__dossierSwapped = now();
      later(function () { window.__dossierSwapPainted = now(); });
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", painted);
  } else {
    painted();
  }
})()`

// BenchmarkSaveToRepaint measures what an editor of the shipped dossier
// sees: from saving an event's file as vim does to the moment Chromium has
// painted that event's page with the change. That is the watcher, the
// preview's build, the event that tells the open page of it, the page's
// request for its HTML, the new body taken in place (or, when the page
// reloads, the new document with its stylesheets and scripts), layout and
// the first frame: internal/devserver's BenchmarkSaveToReload plus the
// browser.
//
// The site is a copy of the repository's content/, templates/ and static/,
// served by devserver as `dossier serve` serves it. A script added to
// every document records when its first frame after parsing is painted
// (paintedJS), or, when the page updates in place, when the change came
// into its body and the next frame is painted; the save's time is taken on
// the same clock, by reading the page's clock just before saving. It
// reports the median and the 90th percentile (ms-median, ms-p90) and, so
// that what the browser adds shows apart from the server's part, the
// medians of the time until the page starts loading the change
// (ms-to-reload: the new document, or the request for the page's HTML in
// place), has its HTML (ms-to-html) and has it in its document (ms-to-dom:
// DOMContentLoaded, or the new body in place); and how many saves took a
// navigation rather than an update in place (navs/op). make bench runs
// it:
//
//	go test -tags e2e -run '^$' -bench SaveToRepaint -benchtime 10x ./e2e/
func BenchmarkSaveToRepaint(b *testing.B) {
	chrome := findChrome()
	if chrome == "" {
		msg := "Chromium not found (looked at $DOSSIER_CHROME, /usr/bin/chromium and chromium, chromium-browser, google-chrome on $PATH); install it with apt-get install chromium"
		if strict() {
			b.Fatal(msg)
		}
		b.Skip(msg)
	}
	dir := b.TempDir()
	for _, sub := range []string{"content", "templates", "static"} {
		if out, err := exec.Command("cp", "-r", filepath.Join(root, sub), dir).CombinedOutput(); err != nil {
			b.Fatalf("cp: %v\n%s", err, out)
		}
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer fsys.Close()
	w, err := watch.New(dir, []string{"content", "templates", "static"}, watch.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	srv := devserver.New(devserver.Config{FS: fsys, Dir: dir, Options: sitegen.Options{Drafts: true}}) // as dossier serve
	if err := srv.Build(nil); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.Run(ctx, w.Changes())

	tab := startTab(b, chrome, filepath.Join(b.TempDir(), "profile"))
	if err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: paintedJS})
		return err
	})); err != nil {
		b.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(ts.URL+srv.Base()), chromedp.WaitReady("body")); err != nil {
		b.Fatal(err)
	}

	entries, err := os.ReadDir(filepath.Join(dir, "content", "events"))
	if err != nil {
		b.Fatal(err)
	}
	var events []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".md") && strings.Count(n, ".") == 1 { // not a translation
			events = append(events, n)
		}
	}
	if len(events) == 0 {
		b.Fatal("the shipped dossier has no event")
	}
	name := filepath.Join(dir, "content", "events", events[len(events)/2])
	orig, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	// The first save takes the open home page to the event's page (the
	// server's Open), and warms the browser's cache and the builder up.
	if _, err := saveAndWait(tab, name, orig, "Warm-up edit."); err != nil {
		b.Fatal(err)
	}
	for srv.State().Making {
		time.Sleep(5 * time.Millisecond)
	}
	loc, err := chromedp.Run(tab, chromedp.Location())
	if err != nil {
		b.Fatal(err)
	}
	if !strings.Contains(loc, "/events/") {
		b.Fatalf("after a save to %s the page is at %s, not the event's page", events[len(events)/2], loc)
	}

	var (
		paint, reload, html, dom []time.Duration
		navs                     int
	)
	for i := 0; b.Loop(); i++ {
		t, err := saveAndWait(tab, name, orig, fmt.Sprintf("Edit %d.", i))
		if err != nil {
			b.Fatal(err)
		}
		if t.navigated {
			navs++
		}
		paint, reload = append(paint, t.paint), append(reload, t.reload)
		html, dom = append(html, t.html), append(dom, t.dom)
		// An editor saves again seconds later, not while the preview
		// makes the rest of the site: wait for it, as
		// devserver.BenchmarkSaveToReload does.
		for srv.State().Making {
			time.Sleep(5 * time.Millisecond)
		}
	}
	b.ReportMetric(ms(percentile(paint, 50)), "ms-median")
	b.ReportMetric(ms(percentile(paint, 90)), "ms-p90")
	b.ReportMetric(ms(percentile(reload, 50)), "ms-to-reload")
	b.ReportMetric(ms(percentile(html, 50)), "ms-to-html")
	b.ReportMetric(ms(percentile(dom, 50)), "ms-to-dom")
	b.ReportMetric(float64(navs)/float64(len(paint)), "navs/op")
}

// timing is how long after a save the page had painted the change, and
// had started loading, received its HTML and had it in its document; and
// whether it loaded a new document to do so.
type timing struct {
	paint, reload, html, dom time.Duration
	navigated                bool
}

// saveAndWait saves the event's file orig with a last paragraph, mark, as
// vim does, and waits until the open page has mark and has painted it:
// a new document, or the same one updated in place.
func saveAndWait(tab context.Context, name string, orig []byte, mark string) (timing, error) {
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	// The page's clock, read between two readings of ours: the save starts
	// at start on ours, at start+offset on the page's. The same reading
	// tells the page what to wait for, and forgets the requests of the
	// saves before.
	before := time.Now()
	pageNow, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`(function () {
  window.__dossierWant = %q;
  window.__dossierSwapped = 0;
  window.__dossierSwapPainted = 0;
  performance.clearResourceTimings();
  return performance.timeOrigin + performance.now();
})()`, mark)))
	if err != nil {
		return timing{}, err
	}
	after := time.Now()
	offset := pageNow - epochMS(before.Add(after.Sub(before)/2))

	start := time.Now()
	text := append(bytes.Clone(orig), "\n"+mark+"\n"...)
	if err := editortest.Vim(name, text); err != nil {
		return timing{}, err
	}
	startPage := epochMS(start) + offset
	type seen struct {
		Painted  float64 `json:"painted"`
		Origin   float64 `json:"origin"`
		Response float64 `json:"response"` // after Origin, as DOM, Fetch and Fetched
		DOM      float64 `json:"dom"`
		Has      bool    `json:"has"`
		// In place: when the page asked for its HTML and had it, when the
		// new body had mark and when it was painted.
		Fetch       float64 `json:"fetch"`
		Fetched     float64 `json:"fetched"`
		Swapped     float64 `json:"swapped"`
		SwapPainted float64 `json:"swapPainted"`
	}
	probe := fmt.Sprintf(`(function () {
  var nav = performance.getEntriesByType("navigation")[0] || {};
  var here = location.href.split("#")[0];
  var got = performance.getEntriesByType("resource").filter(function (r) {
    return r.initiatorType === "fetch" && r.name === here;
  }).pop() || {};
  return {painted: window.__dossierPainted || 0, origin: performance.timeOrigin,
    response: nav.responseEnd || 0, dom: nav.domContentLoadedEventStart || 0,
    has: document.body !== null && document.body.textContent.includes(%q),
    fetch: got.startTime || 0, fetched: got.responseEnd || 0,
    swapped: window.__dossierSwapped || 0, swapPainted: window.__dossierSwapPainted || 0};
})()`, mark)
	for {
		// A reload in progress destroys the document being asked: that
		// error, like an old document, means asking again.
		s, err := chromedp.Run(ctx, chromedp.Evaluate[seen](probe))
		var t timing
		var done bool
		switch {
		case err != nil || !s.Has:
		case s.Origin > startPage && s.Painted > 0:
			t = timing{
				paint:     dur(s.Painted - startPage),
				reload:    dur(s.Origin - startPage),
				html:      dur(s.Origin + s.Response - startPage),
				dom:       dur(s.Origin + s.DOM - startPage),
				navigated: true,
			}
			done = true
		case s.Origin <= startPage && s.SwapPainted > 0 && s.Fetched > 0:
			t = timing{
				paint:  dur(s.SwapPainted - startPage),
				reload: dur(s.Origin + s.Fetch - startPage),
				html:   dur(s.Origin + s.Fetched - startPage),
				dom:    dur(s.Swapped - startPage),
			}
			done = true
		}
		if done {
			// What the page's clock says cannot be before the save nor
			// later than what ours saw, beyond the error of reading it
			// (the page starts loading within a few milliseconds of a
			// save now), and comes in order.
			seenAfter, slack := time.Since(start), after.Sub(before)
			if t.paint > seenAfter+slack || !(-slack < t.reload && t.reload <= t.html && t.html <= t.dom && t.dom <= t.paint) {
				return timing{}, fmt.Errorf("the clocks disagree: after the save, on the page's clock, reload %v, HTML %v, DOM %v, painted %v; seen after %v on ours, read within %v", t.reload, t.html, t.dom, t.paint, seenAfter, slack)
			}
			return t, nil
		}
		if ctx.Err() != nil {
			return timing{}, fmt.Errorf("the page did not show %q within 60 s after the save (last error: %v)", mark, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// startTab starts Chromium with a profile in dir and returns a tab; the
// browser ends with the benchmark.
func startTab(b *testing.B, chrome, dir string) context.Context {
	var out bytes.Buffer
	opts := chromeOptions(chrome, dir, &lockedWriter{w: &out})
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	b.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(alloc)
	b.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		b.Fatalf("starting %s: %v\n%s", chrome, err, out.String())
	}
	return tab
}

func epochMS(t time.Time) float64 { return float64(t.UnixMicro()) / 1000 }

func dur(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile is the p-th percentile of ds, by the nearest rank.
func percentile(ds []time.Duration, p int) time.Duration {
	ds = slices.Sorted(slices.Values(ds))
	i := (len(ds)*p+99)/100 - 1
	return ds[max(i, 0)]
}
