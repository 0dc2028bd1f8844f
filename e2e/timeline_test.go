//go:build e2e

package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// shownEvents lists the ids of the timeline's events a reader sees (the
// collapsed background's are not seen).
const shownEvents = `[...document.querySelectorAll(".timeline .event")].filter(e => e.getClientRects().length > 0).map(e => e.id)`

// eventsWith lists the ids of the timeline's events that a filter key
// matches, as package site computed them.
func eventsWith(key string) string {
	return fmt.Sprintf(`[...document.querySelectorAll(".timeline .event")].filter(e => (e.dataset.f || "").split(" ").includes(%q)).map(e => e.id)`, key)
}

// TestTimelineFilter applies a filter of each kind on the timeline, in
// both languages, on a desktop and a phone: the list narrows in place to
// the events that match, the status says how many, the space bar and
// "Show all" bring them all back, and axe-core finds nothing with the
// filters open (in the light theme on the desktop, the dark on the phone). Without JavaScript, the same filter is a link to a page
// that lists the same events.
func TestTimelineFilter(t *testing.T) {
	e := setup(t)
	axe := e.needAxe(t)
	for _, lang := range langs {
		for _, vp := range viewports {
			t.Run(lang.code+"/"+vp.name, func(t *testing.T) {
				t.Parallel()
				// The phone in the dark theme, so that axe-core checks both.
				tb := e.newTab(t, vp, map[bool]string{false: "light", true: "dark"}[vp.phone])
				rel := lang.dir + "timeline/"
				tb.open(t, rel)
				total := len(eval[[]string](t, tb, shownEvents))
				if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(".filters > summary"), chromedp.NodeVisible)); err != nil {
					t.Fatal(err)
				}
				for _, v := range tb.axe(t, axe) {
					t.Errorf("/%s with the filters open: axe: %s", rel, v)
				}
				for _, group := range []string{"actors", "places", "sources", "tags"} {
					sel := fmt.Sprintf(`.filters ul[aria-labelledby="filter-%s"] li:last-child a`, group)
					key := eval[string](t, tb, fmt.Sprintf(`document.querySelector(%q).dataset.f`, sel))
					want := eval[[]string](t, tb, eventsWith(key))
					tb.press(t, sel, "\r")
					if at := tb.location(t); at != rel+"?f="+key {
						t.Fatalf("clicking the filter %s left /%s for /%s; want it in place, in the address", key, rel, at)
					}
					got := eval[[]string](t, tb, shownEvents)
					if len(want) == 0 || !slices.Equal(got, want) {
						t.Errorf("/%s: filter %s shows %v; the events that have it are %v", rel, key, got, want)
					}
					state := eval[struct{ Pressed, Status, Count string }](t, tb, fmt.Sprintf(`({Pressed: document.querySelector(%q).getAttribute("aria-pressed"),
						Status: document.querySelector(".filter-status").textContent, Count: document.querySelector(".filter-state").dataset.count})`, sel))
					if said := strings.Replace(state.Count, "{0}", fmt.Sprint(len(want)), 1); state.Pressed != "true" || state.Status != said {
						t.Errorf("/%s: filter %s applied: aria-pressed %q, status %q (want %q)", rel, key, state.Pressed, state.Status, said)
					}
					// The space bar on the focused filter takes it off.
					tb.key(t, " ")
					if n := len(eval[[]string](t, tb, shownEvents)); n < total {
						t.Errorf("/%s: the space bar on filter %s leaves %d of %d events", rel, key, n, total)
					}
				}
				// "Show all" clears a filter and gives the focus back to it.
				sel := `.filters ul[aria-labelledby="filter-places"] li:first-child a`
				tb.press(t, sel, "\r")
				tb.screenshot(t, "timeline-filtered-"+lang.code+"-"+vp.name, false)
				tb.press(t, ".filter-clear", "\r")
				if n := len(eval[[]string](t, tb, shownEvents)); n < total {
					t.Errorf("/%s: Show all shows %d of %d events", rel, n, total)
				}
				if !eval[bool](t, tb, fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, sel)) {
					t.Errorf("/%s: after Show all the focus is not on the filter that was applied", rel)
				}
				if vp.phone {
					checkOverflow(t, tb, "/"+rel, vp)
				}
				tb.checkProblems(t, "/"+rel)
			})
		}
	}

	// Without JavaScript, a filter is a link to the page of what it names,
	// which lists the same events.
	tb := e.newTab(t, viewports[0], "light")
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	for _, group := range []string{"actors", "places", "sources", "tags"} {
		tb.open(t, "timeline/")
		sel := fmt.Sprintf(`.filters ul[aria-labelledby="filter-%s"] li:first-child a`, group)
		if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(".filters > summary"), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		// Evaluating reads the page, whose own script does not run.
		key := eval[string](t, tb, fmt.Sprintf(`document.querySelector(%q).dataset.f`, sel))
		want := eval[[]string](t, tb, eventsWith(key))
		tb.click(t, sel)
		at := tb.location(t)
		got := eval[[]string](t, tb, `[...new Set([...document.querySelectorAll("main a[href*='events/']")].map(a => a.pathname.split("/").filter(Boolean).pop()))]`)
		slices.Sort(got)
		slices.Sort(want)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("without JavaScript, filter %s leads to /%s, which lists %v; the timeline's events with it are %v", key, at, got, want)
		}
		tb.checkProblems(t, "/"+at)
	}
}

// press focuses the element sel and presses a key on it: "\r" activates
// a link or a button as a reader of the keyboard does.
func (tb *tab) press(t *testing.T, sel, key string) {
	t.Helper()
	if !eval[bool](t, tb, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.focus(); return document.activeElement === e; })()`, sel)) {
		t.Fatalf("cannot focus %s", sel)
	}
	tb.key(t, key)
}

// TestTimelineCompact: the compact view, its own page, shows every event
// title of the timeline and no summary; on the full page, the view link
// switches in place, and the choice is remembered on the next visit.
func TestTimelineCompact(t *testing.T) {
	e := setup(t)
	axe := e.needAxe(t)
	titles := `[...document.querySelectorAll(".timeline .event-title")].filter(e => e.getClientRects().length > 0).map(e => e.textContent.trim())`
	for _, lang := range langs {
		// Not in parallel: the languages share one origin, so one
		// localStorage, and each subtest sets the remembered view.
		t.Run(lang.code, func(t *testing.T) {
			tb := e.newTab(t, viewports[1], "light")
			tb.open(t, lang.dir+"timeline/")
			eval[bool](t, tb, `localStorage.removeItem("dossier.timeline.view"), true`)
			all := eval[[]string](t, tb, `[...document.querySelectorAll(".timeline .event-title")].map(e => e.textContent.trim())`)

			tb.open(t, lang.dir+"timeline/compact/")
			if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(".background-events > summary"), chromedp.NodeVisible)); err != nil {
				t.Fatal(err)
			}
			if got := eval[[]string](t, tb, titles); len(all) == 0 || !slices.Equal(got, all) {
				t.Errorf("/%stimeline/compact/ shows %d titles, want all %d:\n%q\nwant\n%q", lang.dir, len(got), len(all), got, all)
			}
			if n := eval[int](t, tb, `document.querySelectorAll(".timeline .summary, .timeline .reported").length`); n != 0 {
				t.Errorf("/%stimeline/compact/ has %d summaries and source lists", lang.dir, n)
			}
			for _, v := range tb.axe(t, axe) {
				t.Errorf("/%stimeline/compact/: axe: %s", lang.dir, v)
			}

			tb.open(t, lang.dir+"timeline/")
			if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(`.views a[data-view="compact"]`), chromedp.NodeVisible)); err != nil {
				t.Fatal(err)
			}
			if at := tb.location(t); at != lang.dir+"timeline/" {
				t.Errorf("the compact view's link, with JavaScript, led to /%s", at)
			}
			state := `({compact: document.querySelector(".timeline").classList.contains("is-compact"),
				summaries: [...document.querySelectorAll(".timeline .summary")].filter(e => e.getClientRects().length > 0).length,
				current: document.querySelector(".views a[aria-current]").dataset.view})`
			type viewState struct {
				Compact   bool
				Summaries int
				Current   string
			}
			if got := eval[viewState](t, tb, state); !got.Compact || got.Summaries != 0 || got.Current != "compact" {
				t.Errorf("after choosing the compact view in place: %+v", got)
			}
			tb.open(t, lang.dir+"timeline/")
			if got := eval[viewState](t, tb, state); !got.Compact || got.Current != "compact" {
				t.Errorf("the compact view is not remembered: %+v", got)
			}
			if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(`.views a[data-view="full"]`), chromedp.NodeVisible)); err != nil {
				t.Fatal(err)
			}
			tb.open(t, lang.dir+"timeline/")
			if got := eval[viewState](t, tb, state); got.Compact || got.Summaries == 0 || got.Current != "full" {
				t.Errorf("back to the full view: %+v", got)
			}
			tb.checkProblems(t, "/"+lang.dir+"timeline/")
		})
	}
}

// TestTimelineStrip: the day strip has a cell for every day from the
// first day of events to the last, the empty ones included and saying 0;
// each other cell links to its day, whose events it counts, and each
// event's date links back to its day. The keyboard reaches the views and
// the strip's days, with a visible focus.
func TestTimelineStrip(t *testing.T) {
	e := setup(t)
	for _, lang := range langs {
		tb := e.newTab(t, viewports[0], "light")
		tb.open(t, lang.dir+"timeline/")
		got := eval[struct {
			Cells, Empty, Span int
			Bad                []string
		}](t, tb, `(() => {
			const cells = [...document.querySelectorAll(".strip-cells > li")], bad = [];
			let empty = 0;
			for (const c of cells) {
				const a = c.querySelector("a"), n = c.querySelector(".strip-n").textContent;
				if (!a) {
					if (n !== "0" || c.getClientRects().length === 0) bad.push("an empty cell shows " + n);
					empty++;
					continue;
				}
				const day = document.getElementById(a.hash.slice(1));
				if (!day) { bad.push(a.hash + " is no day"); continue; }
				const count = day.querySelectorAll(".event").length;
				if (String(count) !== n) bad.push(a.hash + " says " + n + ", has " + count);
				for (const back of day.querySelectorAll(".event .day-link")) {
					if (back.hash !== a.hash) bad.push("an event of " + a.hash + " links back to " + back.hash);
				}
			}
			const days = [...document.querySelectorAll(".timeline > .days > .day > .heading > h2 time")].map(t => Date.parse(t.dateTime));
			return {Cells: cells.length, Empty: empty, Bad: bad, Span: Math.round((days[days.length - 1] - days[0]) / 864e5) + 1};
		})()`)
		for _, b := range got.Bad {
			t.Errorf("/%stimeline/: %s", lang.dir, b)
		}
		if got.Cells < got.Span || got.Empty == 0 {
			t.Errorf("/%stimeline/: the strip has %d cells, %d empty; the days of events span %d days", lang.dir, got.Cells, got.Empty, got.Span)
		}
		// From the skip link, Tab reaches the views, then the strip's days
		// (empty days are not links), each with its focus ring.
		tb.key(t, "\t")
		tb.key(t, "\r")
		for i := range 4 {
			tb.key(t, "\t")
			f := eval[focused](t, tb, describeFocus)
			checkFocus(t, f)
			if want := map[bool]string{true: "strip", false: "views"}[i >= 2]; !eval[bool](t, tb, `!!document.activeElement.closest(".`+want+`")`) {
				t.Errorf("/%stimeline/: Tab %d from the skip link focuses %v, want a link of .%s", lang.dir, i+1, f, want)
			}
		}
		tb.checkProblems(t, "/"+lang.dir+"timeline/")
	}
}

// TestTimelineOffline: from file://, the compact view and the filters
// work in place, and the background opens for a link into it.
func TestTimelineOffline(t *testing.T) {
	e := setup(t)
	site := e.offlineSite(t)
	tb := e.newTab(t, viewports[0], "light")
	u := "file://" + filepath.Join(site, "timeline", "index.html")
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{`.views a[data-view="compact"]`, ".filters > summary", `.filters ul[aria-labelledby="filter-places"] li:first-child a`} {
		if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
	}
	got := eval[struct {
		Href    string
		Compact bool
		Shown   int
		All     int
	}](t, tb, `({Href: location.href, Compact: document.querySelector(".timeline").classList.contains("is-compact"),
		Shown: `+shownEvents+`.length, All: document.querySelectorAll(".timeline .event").length})`)
	if !strings.Contains(got.Href, "/site/timeline/index.html?f=e:") || !got.Compact || got.Shown == 0 || got.Shown >= got.All {
		t.Errorf("from file://: %+v", got)
	}
	// A link into the collapsed background opens it.
	bg := eval[string](t, tb, `document.querySelector(".background-events .event").id`)
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(u+"#"+bg)); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, tb, `document.querySelector(".background-events").open`) {
		t.Errorf("from file://, the link to #%s leaves the background closed", bg)
	}
	tb.checkProblems(t, u)
}
