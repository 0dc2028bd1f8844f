//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dossier-dev/dossier/internal/output"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// sourceSlug is the id of the source a link leads to: "…/sources/x/" or
// "…/sources/x/index.html" give "x"; other links give "".
var sourceSlug = regexp.MustCompile(`sources/([a-z0-9-]+)/(?:index\.html)?(?:#.*)?$`)

// labelsOf lists, for every place of the page that shows a source by its
// number, the source and the number: citations (the number of the button,
// the source its popover links to), badges, reference lists, claims and
// the rows of the list of sources.
const labelsOf = `(() => {
	const out = [];
	const add = (where, href, num) => out.push({where: where, href: href, num: num.trim()});
	for (const b of document.querySelectorAll("main .ref-num")) {
		const pop = document.getElementById(b.getAttribute("popovertarget"));
		add("citation", pop.querySelector("a").href, b.textContent);
	}
	for (const a of document.querySelectorAll("main a.badge")) add("badge", a.href, a.querySelector(".num").textContent);
	for (const li of document.querySelectorAll("main .references li")) add("reference", li.querySelector("a").href, li.value + "");
	for (const p of document.querySelectorAll("main .claim-source")) add("claim", p.querySelector("a").href, p.querySelector(".src-num").textContent);
	for (const th of document.querySelectorAll(".sources-table th[scope=row]")) add("sources list", th.querySelector("a").href, th.querySelector(".src-num").textContent);
	return out;
})()`

type shownLabel struct {
	Where string `json:"where"`
	Href  string `json:"href"`
	Num   string `json:"num"`
}

// TestSourceLabels checks that a source has one number on the whole site:
// the list of sources gives each its number, and the timeline, an event
// page and the discrepancies page show it by that number wherever they
// cite it, in every language, the same in each.
func TestSourceLabels(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, viewports[0], "light")
	var byLang []map[string]string
	for _, lang := range langs {
		tb.open(t, lang.dir+"sources/")
		numbers := map[string]string{} // source id: its number
		for _, l := range eval[[]shownLabel](t, tb, labelsOf) {
			if l.Where == "sources list" {
				numbers[sourceSlug.FindStringSubmatch(l.Href)[1]] = l.Num
			}
		}
		if len(numbers) < 2 {
			t.Fatalf("/%ssources/ numbers %d sources: %v", lang.dir, len(numbers), numbers)
		}
		byLang = append(byLang, numbers)

		// The event page of the timeline's event that cites the most sources.
		tb.open(t, lang.dir+"timeline/")
		event := eval[string](t, tb, `[...document.querySelectorAll(".days .event")].sort((a, b) =>
			b.querySelectorAll(".badge").length - a.querySelectorAll(".badge").length)[0].querySelector(".event-title a").getAttribute("href")`)
		for _, rel := range []string{"timeline/", strings.TrimPrefix(path.Clean("timeline/"+event)+"/", lang.dir), "discrepancies/", ""} {
			tb.open(t, lang.dir+rel)
			shown := eval[[]shownLabel](t, tb, labelsOf)
			kinds := map[string]int{}
			for _, l := range shown {
				kinds[l.Where]++
				m := sourceSlug.FindStringSubmatch(l.Href)
				if m == nil {
					t.Errorf("/%s%s: a %s links to %s, not a source", lang.dir, rel, l.Where, l.Href)
					continue
				}
				if want := numbers[m[1]]; l.Num != want {
					t.Errorf("/%s%s: a %s shows %s as %q; the list of sources numbers it %q", lang.dir, rel, l.Where, m[1], l.Num, want)
				}
			}
			t.Logf("/%s%s: %v", lang.dir, rel, kinds)
			if kinds["citation"] == 0 {
				t.Errorf("/%s%s shows no citation", lang.dir, rel)
			}
			if strings.HasPrefix(rel, "events/") && kinds["reference"] < 2 || rel == "timeline/" && kinds["badge"] == 0 {
				t.Errorf("/%s%s: %d badges and %d references", lang.dir, rel, kinds["badge"], kinds["reference"])
			}
			tb.checkProblems(t, "/"+lang.dir+rel)
		}
	}
	for id, n := range byLang[0] {
		for i, other := range byLang[1:] {
			if other[id] != n {
				t.Errorf("source %s is number %s in %s and %q in %s", id, n, langs[0].code, other[id], langs[i+1].code)
			}
		}
	}
}

// TestOnThisPage checks the list of sections of a source page, in both
// languages: it links to every h2 of the page, and only to them; each h2 has
// a copy-link anchor to itself; on a wide screen the list stays in view
// while the page scrolls, on a phone it comes before the text.
func TestOnThisPage(t *testing.T) {
	e := setup(t)
	var src string
	for _, p := range e.pageTypes(t) {
		if p.name == "source" {
			src = p.path
		}
	}
	for _, lang := range langs {
		for _, vp := range viewports {
			t.Run(lang.code+"/"+vp.name, func(t *testing.T) {
				tb := e.newTab(t, vp, "light")
				rel := lang.dir + src
				tb.open(t, rel)
				got := eval[struct {
					H2      []string `json:"h2"`
					TOC     []string `json:"toc"`
					Anchors []string `json:"anchors"`
					TOCTop  float64  `json:"tocTop"`
					H1Top   float64  `json:"h1Top"`
					Text    float64  `json:"text"` // the summary's top
				}](t, tb, `(() => {
					const toc = document.querySelector(".on-this-page");
					return {
						h2: [...document.querySelectorAll("main h2")].map(h => h.id),
						toc: toc ? [...toc.querySelectorAll("a")].map(a => a.getAttribute("href")) : [],
						anchors: [...document.querySelectorAll("main h2")].map(h => {
							const a = h.nextElementSibling;
							return a && a.matches("a.anchor") ? a.getAttribute("href") : "";
						}),
						tocTop: toc ? toc.getBoundingClientRect().top : -1,
						h1Top: document.querySelector("h1").getBoundingClientRect().top,
						text: document.getElementById("summary").getBoundingClientRect().top,
					};
				})()`)
				if len(got.H2) < tocMin {
					t.Fatalf("/%s has %d h2 (%v), want at least %d", rel, len(got.H2), got.H2, tocMin)
				}
				var want []string
				for i, id := range got.H2 {
					if id == "" {
						t.Errorf("/%s: h2 number %d has no id", rel, i+1)
					}
					want = append(want, "#"+id)
					if got.Anchors[i] != "#"+id {
						t.Errorf("/%s: h2 #%s is followed by anchor %q, want a.anchor to #%s", rel, id, got.Anchors[i], id)
					}
				}
				if !slices.Equal(got.TOC, want) {
					t.Errorf("/%s: On this page links to\n%v\nwant every h2, in order:\n%v", rel, got.TOC, want)
				}
				if got.TOCTop < got.H1Top || !vp.phone && got.TOCTop > float64(vp.height) || vp.phone && got.TOCTop > got.Text {
					t.Errorf("/%s: On this page starts at %.0fpx (h1 at %.0fpx, summary at %.0fpx)", rel, got.TOCTop, got.H1Top, got.Text)
				}
				// Follow the list's last link: the page scrolls to that section.
				last := got.TOC[len(got.TOC)-1]
				ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
				defer cancel()
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.on-this-page a[href=%q]`, last)), chromedp.NodeVisible)); err != nil {
					t.Fatalf("clicking %s in On this page: %v", last, err)
				}
				if h := eval[string](t, tb, `location.hash`); h != last {
					t.Errorf("/%s: after clicking %s, location.hash is %q", rel, last, h)
				}
				if !vp.phone {
					top := eval[float64](t, tb, `document.querySelector(".on-this-page").getBoundingClientRect().top`)
					if top < 0 || top > 100 {
						t.Errorf("/%s: scrolled to %s, On this page is at %.0fpx: not kept in view", rel, last, top)
					}
				}
				tb.screenshot(t, fmt.Sprintf("%s-on-this-page-%s", lang.code, vp.name), false)
				tb.checkProblems(t, "/"+rel)
			})
		}
	}
}

// tocMin is site's threshold of sections for a list of them.
const tocMin = 4

// TestPhoneHeader measures the header on a 390px phone, in both languages
// and on the pages with the longest titles of menu: at most 100px high,
// closed. Its menu opens by keyboard, without JavaScript, and shows every
// section; axe finds nothing with it open. On a desktop the menu shows
// without being opened.
func TestPhoneHeader(t *testing.T) {
	e := setup(t)
	e.needAxe(t)
	phone := viewport{"phone390", 390, 844, true}
	for _, lang := range langs {
		t.Run(lang.code, func(t *testing.T) {
			tb := e.newTab(t, phone, "light")
			for _, rel := range []string{"", "timeline/", "sources/", "discrepancies/", "search/"} {
				tb.open(t, lang.dir+rel)
				h := eval[float64](t, tb, `document.querySelector(".site-header").getBoundingClientRect().height`)
				if h > 100 {
					t.Errorf("/%s%s: the header is %.0fpx high on a 390px phone, want at most 100", lang.dir, rel, h)
				}
				t.Logf("/%s%s: header %.0fpx", lang.dir, rel, h)
			}
			tb.screenshot(t, lang.code+"-header-phone390", false)

			// The menu, without JavaScript, by keyboard.
			if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
				t.Fatal(err)
			}
			tb.open(t, lang.dir+"timeline/")
			visible := `[...document.querySelectorAll(".menu nav a")].filter(a => a.checkVisibility({contentVisibilityAuto: true})).length`
			if n := eval[int](t, tb, visible); n != 0 {
				t.Errorf("/%stimeline/: %d menu links show before the menu is opened", lang.dir, n)
			}
			eval[bool](t, tb, `(document.querySelector(".menu > summary").focus(), document.activeElement.matches("summary"))`)
			tb.key(t, "\r")
			all := eval[int](t, tb, `document.querySelectorAll(".menu nav a").length`)
			if n := eval[int](t, tb, visible); n == 0 || n != all {
				t.Errorf("/%stimeline/: after Enter on the menu, %d of %d links show", lang.dir, n, all)
			}
			tb.key(t, "\t")
			if f := eval[focused](t, tb, describeFocus); f.Tag != "a" || !f.InHeader {
				t.Errorf("after the menu, Tab focuses %v, want its first link", f)
			} else {
				checkFocus(t, f)
			}
			tb.screenshot(t, lang.code+"-menu-open-phone390", false)
			// axe needs scripts; the page, loaded without, stays as it is.
			if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
				t.Fatal(err)
			}
			for _, v := range tb.axe(t, e.axe) {
				t.Errorf("/%stimeline/ with the menu open: axe: %s", lang.dir, v)
			}

			desk := e.newTab(t, viewports[0], "light")
			desk.open(t, lang.dir+"timeline/")
			if n, all := eval[int](t, desk, visible), eval[int](t, desk, `document.querySelectorAll(".menu nav a").length`); n != all {
				t.Errorf("/%stimeline/ on a desktop: %d of %d menu links show", lang.dir, n, all)
			}
			if s := eval[float64](t, desk, `document.querySelector(".menu > summary").getBoundingClientRect().height`); s != 0 {
				t.Errorf("/%stimeline/ on a desktop: the menu's button shows", lang.dir)
			}
			desk.checkProblems(t, "/"+lang.dir+"timeline/")
		})
	}
}

// TestPhoneHeaderEveryLanguage measures the phone header of
// examples/five-languages, whose long title and five languages (a menu of
// them, and Arabic right to left) are the hardest case: at most 100px in
// each language.
func TestPhoneHeaderEveryLanguage(t *testing.T) {
	e := setup(t)
	res, err := sitegen.Build(os.DirFS(filepath.Join(root, "examples", "five-languages")), sitegen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := output.Write(dir, res.Files); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	five := *e
	five.base = srv.URL + "/"
	tb := five.newTab(t, viewport{"phone390", 390, 844, true}, "light")
	for _, lang := range res.Site.Langs {
		rel := strings.ToLower(lang) + "/"
		if lang == res.Site.Langs[0] {
			rel = ""
		}
		for _, page := range []string{"", "timeline/"} {
			tb.open(t, rel+page)
			h := eval[float64](t, tb, `document.querySelector(".site-header").getBoundingClientRect().height`)
			if h > 100 {
				t.Errorf("/%s%s: the header is %.0fpx high on a 390px phone, want at most 100", rel, page, h)
			}
			checkOverflow(t, tb, "/"+rel+page, viewport{"phone390", 390, 844, true})
		}
		tb.screenshot(t, "five-"+lang+"-header-phone390", false)
		tb.checkProblems(t, "/"+rel)
	}
}

// TestCitationPopover opens a citation's popover the ways a reader can: by
// keyboard (Tab shows it in place, Enter opens it, Escape closes it), by a
// tap on a phone, and by hovering with a mouse; without JavaScript, from
// file://, and in Arabic, right to left. axe finds nothing with it open.
func TestCitationPopover(t *testing.T) {
	e := setup(t)
	e.needAxe(t)
	site := e.offlineSite(t)
	var event string
	for _, p := range e.pageTypes(t) {
		if p.name == "event" {
			event = p.path
		}
	}
	state := `(() => {
		const b = document.activeElement.matches(".ref-num") ? document.activeElement : document.querySelector("main .ref-num");
		const pop = document.getElementById(b.getAttribute("popovertarget"));
		const r = pop.getBoundingClientRect();
		return {open: pop.matches(":popover-open"), shown: r.width > 0 && r.height > 0,
			inView: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
			text: pop.textContent, href: pop.querySelector("a").getAttribute("href")};
	})()`
	// Served over HTTP (where axe runs: from file:// it cannot read the
	// stylesheets), and from file://.
	servings := []struct{ name, root, index string }{
		{"http", e.base, ""},
		{"file", "file://" + site + "/", "index.html"},
	}
	for _, sv := range servings {
		for _, vp := range viewports {
			for _, lang := range langs {
				t.Run(sv.name+"/"+vp.name+"/"+lang.code, func(t *testing.T) {
					popoverByKeyAndTap(t, e, vp, sv.root+lang.dir+event+sv.index, sv.name == "http", state,
						fmt.Sprintf("%s-popover-open-%s-%s", lang.code, vp.name, sv.name))
				})
			}
		}
	}

	// Hover the citation nearest the window's edge, left to right: its
	// popover stays in the window.
	t.Run("hover-at-edge", func(t *testing.T) {
		tb := e.newTab(t, viewports[0], "light")
		tb.open(t, "timeline/")
		box := eval[[4]float64](t, tb, `(() => {
			const b = [...document.querySelectorAll(".summary .ref-num")].sort((x, y) => y.getBoundingClientRect().right - x.getBoundingClientRect().right)[0];
			b.scrollIntoView({block: "center"});
			const r = b.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()`)
		if err := chromedp.Do(tb.ctx, chromedp.MouseEvent("mouseMoved", (box[0]+box[2])/2, (box[1]+box[3])/2)); err != nil {
			t.Fatal(err)
		}
		got := eval[[4]float64](t, tb, `(() => { const p = document.querySelector(".ref:hover > .ref-pop"); if (!p) return [0, 0, 0, 0];
			const r = p.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()`)
		vw := eval[float64](t, tb, `document.documentElement.clientWidth`)
		if got[2] <= got[0] || got[0] < 0 || got[2] > vw || got[1] < 0 {
			t.Errorf("hovering the citation at x=%.0f–%.0f shows its popover at %v in a %.0fpx window", box[0], box[2], got, vw)
		}
		if w := eval[float64](t, tb, `document.documentElement.scrollWidth`); w > vw {
			t.Errorf("with the popover shown the page scrolls sideways: %.0fpx of %.0fpx", w, vw)
		}
		// The pointer moves straight up into the popover, then across to
		// its link, 2px at a time: the popover stays.
		lx := eval[[2]float64](t, tb, `(() => { const r = document.querySelector(".ref:hover > .ref-pop a").getBoundingClientRect(); return [(r.left + r.right) / 2, (r.top + r.bottom) / 2]; })()`)
		x, y := (box[0]+box[2])/2, (box[1]+box[3])/2
		for y > lx[1] || x != lx[0] {
			switch {
			case y > lx[1]:
				y = max(y-2, lx[1])
			case x < lx[0]:
				x = min(x+2, lx[0])
			default:
				x = max(x-2, lx[0])
			}
			if err := chromedp.Do(tb.ctx, chromedp.MouseEvent("mouseMoved", x, y)); err != nil {
				t.Fatal(err)
			}
			if !eval[bool](t, tb, `!!document.querySelector(".ref:hover > .ref-pop")`) {
				t.Errorf("moving from the citation to its popover's link, the popover closes at (%.0f, %.0f)", x, y)
				break
			}
		}
		tb.screenshot(t, "en-popover-hover-edge", false)
		tb.checkProblems(t, "timeline/")
	})

	// Hover, in Arabic (right to left), served over HTTP.
	t.Run("rtl-hover", func(t *testing.T) {
		res, err := sitegen.Build(os.DirFS(filepath.Join(root, "examples", "five-languages")), sitegen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "site")
		if err := output.Write(dir, res.Files); err != nil {
			t.Fatal(err)
		}
		var rel string
		for p, b := range res.Files {
			if strings.HasPrefix(p, "ar/events/") && strings.Contains(string(b), `class="ref-num"`) && (rel == "" || p < rel) {
				rel = p
			}
		}
		if rel == "" {
			t.Fatal("examples/five-languages has no Arabic event page with a citation")
		}
		srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
		t.Cleanup(srv.Close)
		rtl := *e
		rtl.base = srv.URL + "/"
		tb := rtl.newTab(t, viewports[0], "light")
		tb.open(t, rel)
		if err := chromedp.Do(tb.ctx, chromedp.ScrollIntoView(".prose .ref-num")); err != nil {
			t.Fatal(err)
		}
		box := eval[[4]float64](t, tb, `(() => { const r = document.querySelector(".prose .ref-num").getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()`)
		if err := chromedp.Do(tb.ctx, chromedp.MouseEvent("mouseMoved", (box[0]+box[2])/2, (box[1]+box[3])/2)); err != nil {
			t.Fatal(err)
		}
		got := eval[struct {
			Shown, InView bool
			Dir           string
		}](t, tb, `(() => { const b = document.querySelector(".prose .ref-num"), p = document.getElementById(b.getAttribute("popovertarget")), r = p.getBoundingClientRect();
			return {Shown: r.width > 0, InView: r.left >= 0 && r.right <= innerWidth && r.top >= 0, Dir: getComputedStyle(p).direction}; })()`)
		if !got.Shown || !got.InView || got.Dir != "rtl" {
			t.Errorf("/%s: hovering a citation shows its popover %+v; want it shown, in view, right to left", rel, got)
		}
		tb.screenshot(t, "ar-popover-hover", false)
		for _, v := range tb.axe(t, e.axe) {
			t.Errorf("/%s: axe: %s", rel, v)
		}
		tb.checkProblems(t, rel)
	})
}

// popoverState is what the state script of TestCitationPopover reads.
type popState struct {
	Open, Shown, InView bool
	Text, Href          string
}

// popoverByKeyAndTap opens the first citation of the event page at u, by
// keyboard then by a tap, without JavaScript, and follows its popover's
// link; axe runs with the popover open when withAxe.
func popoverByKeyAndTap(t *testing.T, e *env, vp viewport, u string, withAxe bool, state, shot string) {
	tb := e.newTab(t, vp, "light")
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	// Tab to the first citation of the text.
	eval[bool](t, tb, `(document.querySelector("main h1").setAttribute("tabindex", "-1"), document.querySelector("main h1").focus(), true)`)
	for i := 0; ; i++ {
		tb.key(t, "\t")
		if eval[bool](t, tb, `document.activeElement.matches(".ref-num")`) {
			break
		}
		if i > 40 {
			t.Fatal("no citation within 40 Tabs of the title")
		}
	}
	f := eval[focused](t, tb, describeFocus)
	checkFocus(t, f)
	if s := eval[popState](t, tb, state); s.Open || !s.Shown || !s.InView || s.Text == "" {
		t.Errorf("%s: a focused citation shows its popover in view, closed: %+v", u, s)
	}
	tb.key(t, "\r")
	s := eval[popState](t, tb, state)
	if !s.Open || !s.Shown || !s.InView || !sourceSlug.MatchString(s.Href) {
		t.Errorf("%s: after Enter, the popover is %+v; want it open, in view, linking to a source page", u, s)
	}
	tb.screenshot(t, shot, false)
	if withAxe {
		if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
			t.Fatal(err)
		}
		for _, v := range tb.axe(t, e.axe) {
			t.Errorf("%s with a popover open: axe: %s", u, v)
		}
	}
	tb.key(t, kb.Escape)
	if s := eval[popState](t, tb, state); s.Open {
		t.Errorf("%s: Escape leaves the popover open", u)
	}
	// A tap (a click) opens it, and its link leads to the source.
	eval[bool](t, tb, `(document.activeElement.blur(), true)`)
	if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS("main .prose .ref-num"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	if s := eval[popState](t, tb, state); !s.Open || !s.InView {
		t.Errorf("%s: a tap on a citation leaves its popover %+v", u, s)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`.ref-pop:popover-open a`), chromedp.NodeVisible))); err != nil {
		t.Fatalf("clicking the link of the open popover: %v", err)
	}
	if at := eval[string](t, tb, `location.href`); !sourceSlug.MatchString(at) {
		t.Errorf("the popover's link led to %s, want a source page", at)
	}
	tb.checkProblems(t, u)
}
