//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestClickThrough follows a reader from the home page to the timeline, an
// event, one of its sources, an entity that source mentions, and the
// membership page, by clicking links as they are shown, in both languages
// and at both viewports (on a phone, opening the menu first).
func TestClickThrough(t *testing.T) {
	e := setup(t)
	steps := []struct {
		click string // what to click on the current page
		want  string // where it must lead, relative to the language's root
	}{
		{`.site-header nav a[href$="timeline/"]`, "timeline/"},
		{`.days .event-title a`, "events/"},
		{`.references a[href*="sources/"]`, "sources/"},
		{`main a[href*="entities/"]`, "entities/"},
		{`.site-header nav a[href$="membership/"]`, "membership/"},
	}
	for _, lang := range langs {
		for _, vp := range viewports {
			t.Run(lang.code+"/"+vp.name, func(t *testing.T) {
				t.Parallel()
				tb := e.newTab(t, vp, "light")
				tb.open(t, lang.dir)
				tb.checkProblems(t, "/"+lang.dir)
				for _, s := range steps {
					from := tb.location(t)
					if vp.phone && strings.HasPrefix(s.click, ".site-header nav") {
						// On a phone the menu is closed: open it first.
						if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(".menu > summary"), chromedp.NodeVisible)); err != nil {
							t.Fatalf("opening the menu: %v", err)
						}
					}
					tb.click(t, s.click)
					at := tb.location(t)
					rel := strings.TrimPrefix(at, lang.dir)
					if !strings.HasPrefix(rel, s.want) || lang.dir != "" && !strings.HasPrefix(at, lang.dir) {
						t.Fatalf("from /%s, clicking %s led to /%s, want /%s%s…", from, s.click, at, lang.dir, s.want)
					}
					if got := eval[string](t, tb, `document.documentElement.lang`); got != lang.code {
						t.Errorf("/%s: lang %q, want %q", at, got, lang.code)
					}
					tb.checkProblems(t, "/"+at)
				}
				tb.screenshot(t, fmt.Sprintf("%s-clickthrough-end-%s", lang.code, vp.name), false)
			})
		}
	}
}

// focused describes the element that has the focus.
type focused struct {
	Tag      string  `json:"tag"`
	Text     string  `json:"text"`
	Class    string  `json:"class"`
	InHeader bool    `json:"inHeader"`
	InMain   bool    `json:"inMain"`
	Outline  string  `json:"outline"`
	Shadow   string  `json:"shadow"`
	Box      [4]int  `json:"box"` // left, top, right, bottom
	Width    float64 `json:"vw"`
	Height   float64 `json:"vh"`
}

const describeFocus = `(() => {
	const el = document.activeElement, cs = getComputedStyle(el), r = el.getBoundingClientRect();
	const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 ? cs.outlineWidth + " " + cs.outlineStyle + " " + cs.outlineColor : "";
	return {
		tag: el.tagName.toLowerCase(), text: (el.textContent || "").trim().slice(0, 40), class: el.className || "",
		inHeader: !!el.closest(".site-header"), inMain: !!el.closest("main"),
		outline: outline, shadow: cs.boxShadow === "none" ? "" : cs.boxShadow,
		box: [r.left, r.top, r.right, r.bottom].map(Math.round), vw: innerWidth, vh: innerHeight,
	};
})()`

func (f focused) String() string {
	return fmt.Sprintf("<%s class=%q> %q", f.Tag, f.Class, f.Text)
}

// TestKeyboard tabs through the header of every language's home page: the
// skip link comes first and shows itself, every focused element in the
// header shows a focus indicator and is on screen, and the skip link moves
// the focus to the main content.
func TestKeyboard(t *testing.T) {
	e := setup(t)
	for _, lang := range langs {
		for _, vp := range viewports {
			t.Run(lang.code+"/"+vp.name, func(t *testing.T) {
				t.Parallel()
				tb := e.newTab(t, vp, "light")
				tb.open(t, lang.dir+"timeline/")

				tb.key(t, "\t")
				skip := eval[focused](t, tb, describeFocus)
				if skip.Class != "skip" {
					t.Fatalf("the first Tab focuses %v, want the skip link", skip)
				}
				checkFocus(t, skip)
				tb.screenshot(t, fmt.Sprintf("%s-focus-skip-%s", lang.code, vp.name), false)

				// Tab through the header.
				var seen []string
				for i := 0; ; i++ {
					tb.key(t, "\t")
					f := eval[focused](t, tb, describeFocus)
					if !f.InHeader {
						if len(seen) < 3 {
							t.Errorf("the focus left the header after %d elements (%v), at %v", len(seen), seen, f)
						}
						break
					}
					if i > 20 {
						t.Fatal("more than 20 focusable elements in the header")
					}
					seen = append(seen, f.Text)
					checkFocus(t, f)
					if i == 1 {
						tb.screenshot(t, fmt.Sprintf("%s-focus-nav-%s", lang.code, vp.name), false)
					}
				}
				t.Logf("header focus order: %q", seen)

				// Back to the top: Enter on the skip link moves on to the main content.
				tb.open(t, lang.dir+"timeline/")
				tb.key(t, "\t")
				tb.key(t, "\r")
				if h := eval[string](t, tb, `location.hash`); h != "#main" {
					t.Errorf("after Enter on the skip link, location.hash is %q, want #main", h)
				}
				tb.key(t, "\t")
				if f := eval[focused](t, tb, describeFocus); !f.InMain {
					t.Errorf("after the skip link, Tab focuses %v, want an element of the main content", f)
				} else {
					checkFocus(t, f)
				}
				tb.checkProblems(t, "/"+lang.dir+"timeline/")
			})
		}
	}
}

// checkFocus fails unless f shows a focus indicator and lies in the viewport.
func checkFocus(t *testing.T, f focused) {
	t.Helper()
	if f.Outline == "" && f.Shadow == "" {
		t.Errorf("%v has the focus but no focus indicator (outline of 2px or more, or box-shadow)", f)
	}
	l, tp, r, b := f.Box[0], f.Box[1], f.Box[2], f.Box[3]
	if r <= l || b <= tp || l < 0 || tp < 0 || float64(r) > f.Width || float64(b) > f.Height {
		t.Errorf("%v has the focus but is not inside the %v×%v viewport: %v", f, f.Width, f.Height, f.Box)
	}
}
