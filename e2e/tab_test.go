//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// A tab is a browser tab that records what goes wrong in it: console
// errors, uncaught exceptions, failed requests and error responses.
type tab struct {
	ctx context.Context
	env *env

	mu       sync.Mutex
	problems []string
	urls     map[network.RequestID]string
}

// newTab opens a tab with the viewport and colour scheme given; it closes
// when the test ends.
func (e *env) newTab(t *testing.T, vp viewport, scheme string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser)
	t.Cleanup(cancel)
	// Bound the whole test, so that a hung page fails instead of waiting for
	// go test's own timeout.
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancelTimeout)
	tb := &tab{ctx: ctx, env: e, urls: map[network.RequestID]string{}}
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		t.Fatalf("opening a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, tb.record); err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.EmulateViewportOption{}
	if vp.phone {
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...)); err != nil {
		t.Fatal(err)
	}
	tb.scheme(t, scheme)
	return tb
}

// scheme emulates prefers-color-scheme: light or dark.
func (tb *tab) scheme(t *testing.T, scheme string) {
	t.Helper()
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// record runs in the tab's message loop: it must be quick and run no
// command.
func (tb *tab) record(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, cmpOr(a.Description, string(a.Value)))
			}
			tb.problems = append(tb.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		tb.problems = append(tb.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			tb.problems = append(tb.problems, fmt.Sprintf("console error (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		tb.urls[ev.RequestID] = ev.Request.URL
	case *network.EventLoadingFailed:
		if !ev.Canceled { // a navigation cancels what the old page still loads
			tb.problems = append(tb.problems, fmt.Sprintf("request failed: %s: %s %s", tb.urls[ev.RequestID], ev.ErrorText, ev.BlockedReason))
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			tb.problems = append(tb.problems, fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL))
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// takeProblems returns what went wrong since the last call.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// checkProblems fails the test for every problem recorded since the last
// call; it first lets late events arrive.
func (tb *tab) checkProblems(t *testing.T, where string) {
	t.Helper()
	// A round trip to the page orders us after the events sent before it.
	eval[int](t, tb, `1`)
	for _, p := range tb.takeProblems() {
		t.Errorf("%s: %s", where, p)
	}
}

// open loads the page at path below the site's root and waits for it and
// its fonts.
func (tb *tab) open(t *testing.T, rel string) {
	t.Helper()
	u := tb.env.base + rel
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("loading %s: %v", u, err)
	}
	if resp.Status != 200 {
		t.Fatalf("loading %s: HTTP %d", u, resp.Status)
	}
	eval[bool](t, tb, `document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)
}

// click clicks the first element matching sel and waits for the page it
// leads to.
func (tb *tab) click(t *testing.T, sel string) {
	t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)))
	if err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

// location is the URL of the page, relative to the site's root.
func (tb *tab) location(t *testing.T) string {
	t.Helper()
	u, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u, tb.env.base)
}

// eval evaluates a JavaScript expression in the tab and returns its value,
// decoded from JSON into a T.
func eval[T any](t *testing.T, tb *tab, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", expr, err)
	}
	return v
}

// key presses and releases one key, such as "\t" or "\r".
func (tb *tab) key(t *testing.T, k string) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(k)); err != nil {
		t.Fatal(err)
	}
}

// screenshot saves the page (the whole page if full) as a PNG under
// build-reports/e2e/.
func (tb *tab) screenshot(t *testing.T, name string, full bool) {
	t.Helper()
	var buf []byte
	var err error
	if full {
		buf, err = chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	} else {
		buf, err = chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(tb.env.reports, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Error(err)
	}
}
