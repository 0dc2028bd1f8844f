//go:build e2e

package e2e

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/output"
	"github.com/dossier-dev/dossier/internal/render"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/synth"
)

// filterPair finds, on the timeline page open in tb, two filters of
// different groups whose events overlap, fewer than either's: the keys
// and the ids of the events that have both.
const filterPair = `(() => {
	const evs = [...document.querySelectorAll(".timeline .event")].map(e => ({id: e.id, f: (e.dataset.f || "").split(" ")}));
	const links = [...document.querySelectorAll(".filters a[data-f]")];
	const group = a => a.closest("ul").getAttribute("aria-labelledby");
	for (const a of links) for (const b of links) {
		if (group(a) >= group(b)) continue;
		const x = a.dataset.f, y = b.dataset.f;
		const nx = evs.filter(e => e.f.includes(x)).length, ny = evs.filter(e => e.f.includes(y)).length;
		const both = evs.filter(e => e.f.includes(x) && e.f.includes(y)).map(e => e.id);
		if (both.length > 0 && both.length < nx && both.length < ny) return {a: x, b: y, both: both};
	}
	return {a: "", b: "", both: []};
})()`

// filterState is what the page says of its filters.
const filterState = `({
	status: document.querySelector(".filter-status").textContent,
	count: document.querySelector(".filter-state").dataset.count,
	pressed: [...document.querySelectorAll('.filters a[aria-pressed="true"]')].map(a => a.dataset.f),
	chips: [...document.querySelectorAll(".filter-active button")].map(b => b.dataset.f),
	search: location.search,
})`

type filterView struct {
	Status, Count, Search string
	Pressed, Chips        []string
}

// TestTimelineFiltersCombine: two filters of different kinds, chosen one
// after the other, keep the events that have both; the status counts
// them ("N of M events"), the filters applied are listed, and the page's
// address holds them: a reload brings the same view back, Back and
// Forward step through the choices, a filter's button takes it off and
// "Show all events" clears them. axe-core finds nothing with the filters
// applied (the desktop in the light theme, the phone in the dark).
func TestTimelineFiltersCombine(t *testing.T) {
	e := setup(t)
	axe := e.needAxe(t)
	for _, lang := range langs {
		for _, vp := range viewports {
			t.Run(lang.code+"/"+vp.name, func(t *testing.T) {
				t.Parallel()
				tb := e.newTab(t, vp, map[bool]string{false: "light", true: "dark"}[vp.phone])
				rel := lang.dir + "timeline/"
				tb.open(t, rel)
				total := len(eval[[]string](t, tb, shownEvents))
				pair := eval[struct {
					A, B string
					Both []string
				}](t, tb, filterPair)
				if pair.A == "" {
					t.Fatalf("/%s: no two filters of different kinds share some of their events", rel)
				}
				if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(".filters > summary"), chromedp.NodeVisible)); err != nil {
					t.Fatal(err)
				}
				sel := func(k string) string { return fmt.Sprintf(`.filters a[data-f=%q]`, k) }
				tb.press(t, sel(pair.A), "\r")
				tb.press(t, sel(pair.B), "\r")
				if at := tb.location(t); !strings.HasPrefix(at, rel+"?") {
					t.Fatalf("choosing filters left /%s for /%s", rel, at)
				}
				check := func(when string, keys []string, want []string) {
					t.Helper()
					got := eval[[]string](t, tb, shownEvents)
					if len(keys) == 0 {
						if len(got) != total {
							t.Errorf("/%s %s: %d of %d events shown", rel, when, len(got), total)
						}
					} else if !slices.Equal(got, want) {
						t.Errorf("/%s %s: shows %v, want %v", rel, when, got, want)
					}
					v := eval[filterView](t, tb, filterState)
					wantStatus, wantSearch := "", ""
					if len(keys) > 0 {
						wantStatus = strings.Replace(v.Count, "{0}", fmt.Sprint(len(want)), 1)
						wantSearch = "?f=" + strings.Join(keys, "&f=")
					}
					if v.Status != wantStatus || v.Search != wantSearch || !slices.Equal(sorted(v.Pressed), sorted(keys)) || !slices.Equal(v.Chips, keys) {
						t.Errorf("/%s %s: status %q (want %q), address %q (want %q), pressed %v, listed %v (want %v)",
							rel, when, v.Status, wantStatus, v.Search, wantSearch, v.Pressed, v.Chips, keys)
					}
				}
				// Each filter's number is how many of the events shown have it.
				counts := `[...document.querySelectorAll(".filters a[data-f]")].filter(a => {
					const shown = [...document.querySelectorAll(".timeline .event:not([hidden])")].filter(e => (e.dataset.f || "").split(" ").includes(a.dataset.f)).length;
					return a.querySelector(".filter-n").textContent !== String(shown) || a.classList.contains("is-none") !== (shown === 0);
				}).map(a => a.dataset.f + " says " + a.querySelector(".filter-n").textContent)`
				both := []string{pair.A, pair.B}
				onlyA := eval[[]string](t, tb, eventsWith(pair.A))
				check("with two filters", both, pair.Both)
				if bad := eval[[]string](t, tb, counts); len(bad) > 0 {
					t.Errorf("/%s with two filters, the filters' numbers are not those of the events shown: %v", rel, bad)
				}
				if !strings.Contains(eval[string](t, tb, `document.querySelector(".filter-status").textContent`), fmt.Sprintf("%d", total)) {
					t.Errorf("/%s: the status does not say of how many (%d) events", rel, total)
				}
				for _, v := range tb.axe(t, axe) {
					t.Errorf("/%s with two filters: axe: %s", rel, v)
				}
				tb.screenshot(t, "timeline-two-filters-"+lang.code+"-"+vp.name, false)

				// The address brings the view back.
				if _, err := chromedp.Run(tb.ctx, chromedp.Reload()); err != nil {
					t.Fatal(err)
				}
				check("reloaded", both, pair.Both)
				if _, err := chromedp.Run(tb.ctx, chromedp.NavigateBack()); err != nil {
					t.Fatal(err)
				}
				check("after Back", []string{pair.A}, onlyA)
				if _, err := chromedp.Run(tb.ctx, chromedp.NavigateForward()); err != nil {
					t.Fatal(err)
				}
				check("after Forward", both, pair.Both)

				// The button of the first filter applied takes it off.
				tb.press(t, fmt.Sprintf(`.filter-active button[data-f=%q]`, pair.A), "\r")
				check("with the first taken off", []string{pair.B}, eval[[]string](t, tb, eventsWith(pair.B)))
				// The reload closed the list of filters.
				if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(".filters > summary"), chromedp.NodeVisible)); err != nil {
					t.Fatal(err)
				}
				tb.press(t, sel(pair.A), "\r")
				check("with it again", []string{pair.B, pair.A}, pair.Both)
				tb.press(t, ".filter-clear", "\r")
				check("after Show all", nil, nil)
				if vp.phone {
					checkOverflow(t, tb, "/"+rel, vp)
				}
				tb.checkProblems(t, "/"+rel)
			})
		}
	}
}

// TestTimelineFiltersOffline: from file://, two filters apply and the
// address holds them, so a reload keeps them.
func TestTimelineFiltersOffline(t *testing.T) {
	e := setup(t)
	dir := e.offlineSite(t)
	tb := e.newTab(t, viewports[0], "light")
	u := "file://" + filepath.Join(dir, "timeline", "index.html")
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	pair := eval[struct {
		A, B string
		Both []string
	}](t, tb, filterPair)
	if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(".filters > summary"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{pair.A, pair.B} {
		if _, err := chromedp.Run(tb.ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.filters a[data-f=%q]`, k)), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	got := eval[[]string](t, tb, shownEvents)
	v := eval[filterView](t, tb, filterState)
	if len(pair.Both) == 0 || !slices.Equal(got, pair.Both) || v.Search != "?f="+pair.A+"&f="+pair.B {
		t.Errorf("from file://, reloaded with filters %s and %s: shows %v (want %v), address %q", pair.A, pair.B, got, pair.Both, v.Search)
	}
	tb.checkProblems(t, u)
}

// splitSite builds the timeline pages of a generated dossier large enough
// to be split into parts (package synth), in every language, with the
// static files and the filter index, and serves them under CSP. It
// returns the server's URL, the site and the ids and filter keys of each
// part's events, read from the part's page (not from the index).
func splitSite(t *testing.T) (string, *site.Site, map[string]map[string][]string) {
	t.Helper()
	src := t.TempDir()
	if err := synth.Generate(src, synth.Options{Events: 1200, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	d, err := content.Load(os.DirFS(src))
	if err != nil {
		t.Fatal(err)
	}
	cats, diags := i18n.Load(dossier.Theme(), d.Config.Languages)
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	s, err := site.New(d, nil, cats, markdown.New(), site.Options{Favicon: "favicon.svg"})
	if err != nil {
		t.Fatal(err)
	}
	var pages []*site.Page
	for _, p := range s.Pages {
		if strings.HasPrefix(strings.TrimPrefix(p.Path, p.Lang+"/"), "timeline/") {
			pages = append(pages, p)
		}
	}
	s.Pages, s.NotFound = pages, nil
	tmpl, diags := render.Load(dossier.Theme())
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	files, diags := tmpl.Render(s)
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	s.MakeIndexes()
	if len(s.Files) == 0 {
		t.Fatal("the split timeline has no filter index")
	}
	for p, b := range s.Files {
		files[p] = b
	}
	static := os.DirFS(filepath.Join(root, "static"))
	if err := fs.WalkDir(static, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		files[p], err = fs.ReadFile(static, p)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if files["css/chroma.css"], err = markdown.Stylesheet(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := output.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		http.FileServer(http.Dir(dir)).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	event := regexp.MustCompile(`<li class="event" id="([^"]+)" data-f="([^"]*)"`)
	parts := map[string]map[string][]string{} // part page: event id: keys
	for _, p := range pages {
		rest := strings.TrimPrefix(p.Path, "timeline/")
		if p.Lang != s.Langs[0] || rest == "" || strings.Contains(rest, "/compact/") || strings.HasPrefix(rest, "tags/") || rest == "compact/" {
			continue
		}
		evs := map[string][]string{}
		for _, m := range event.FindAllStringSubmatch(string(files[p.File()]), -1) {
			evs[m[1]] = strings.Fields(m[2])
		}
		parts[p.Path] = evs
	}
	return srv.URL + "/", s, parts
}

// TestTimelineSplitFilter: on a part of a split timeline, two filters
// count the events of the whole timeline that have both, link to the
// other parts that have some (with the filters in the address), and the
// part a link leads to shows exactly its events that have both.
func TestTimelineSplitFilter(t *testing.T) {
	e := setup(t)
	axe := e.needAxe(t)
	base, _, parts := splitSite(t)
	if len(parts) < 3 {
		t.Fatalf("the generated timeline has %d parts", len(parts))
	}
	// Two keys of one part whose events with both are in that part and
	// in another: the expected matches, by part, read from the pages.
	var from string
	var a, b string
	matches := map[string][]string{}
	for _, path := range slices.Sorted(func(yield func(string) bool) {
		for p := range parts {
			if !yield(p) {
				return
			}
		}
	}) {
		evs := parts[path]
		var keys []string
		for _, ks := range evs {
			for _, k := range ks {
				if !slices.Contains(keys, k) && !strings.HasPrefix(k, "s:") {
					keys = append(keys, k)
				}
			}
		}
		slices.Sort(keys)
		for i, x := range keys {
			for _, y := range keys[i+1:] {
				if x[0] == y[0] {
					continue
				}
				m := map[string][]string{}
				for p, evs := range parts {
					for id, ks := range evs {
						if slices.Contains(ks, x) && slices.Contains(ks, y) {
							m[p] = append(m[p], id)
						}
					}
				}
				if len(m[path]) > 0 && len(m) >= 2 {
					from, a, b, matches = path, x, y, m
					break
				}
			}
			if from != "" {
				break
			}
		}
		if from != "" {
			break
		}
	}
	if from == "" {
		t.Fatal("no part has two filters whose events are in another part too")
	}
	total := 0
	for _, ids := range matches {
		total += len(ids)
	}

	tb := e.newTab(t, viewports[0], "light")
	open := func(u string) {
		t.Helper()
		if err := chromedp.Do(tb.ctx, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
	}
	open(base + from + "?f=" + a + "&f=" + b)
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](`!document.querySelector(".filter-elsewhere").hidden`)); err != nil {
		t.Fatalf("%s: the other parts with events of %s and %s are not listed: %v", from, a, b, err)
	}
	got := eval[struct {
		Shown     []string
		Status    string
		Count     string
		Here      string
		Elsewhere []struct{ Href, Text string }
	}](t, tb, `({Shown: `+shownEvents+`, Status: document.querySelector(".filter-status").textContent,
		Count: document.querySelector(".filter-state").dataset.count, Here: document.querySelector(".filter-state").dataset.here,
		Elsewhere: [...document.querySelectorAll(".filter-elsewhere a")].map(a => ({Href: a.href, Text: a.textContent}))})`)
	if !slices.Equal(sorted(got.Shown), sorted(matches[from])) {
		t.Errorf("%s: shows %v, want %v", from, got.Shown, matches[from])
	}
	want := strings.Replace(got.Count, "{0}", fmt.Sprint(total), 1) + " (" + strings.Replace(got.Here, "{0}", fmt.Sprint(len(matches[from])), 1) + ")"
	if got.Status != want {
		t.Errorf("%s with %s and %s: status %q, want %q (the whole timeline's)", from, a, b, got.Status, want)
	}
	linked := map[string]bool{}
	for _, l := range got.Elsewhere {
		path := strings.TrimPrefix(l.Href, base)
		path, query, _ := strings.Cut(path, "?")
		linked[path] = true
		if query != "f="+a+"&f="+b {
			t.Errorf("the link to %s carries %q, not the filters", path, query)
		}
		if n := fmt.Sprintf("(%d)", len(matches[path])); !strings.HasSuffix(l.Text, n) {
			t.Errorf("the link to %s reads %q, want it to end in %s", path, l.Text, n)
		}
	}
	for p := range matches {
		if p != from && !linked[p] {
			t.Errorf("%s: no link to %s, which has %d events with %s and %s", from, p, len(matches[p]), a, b)
		}
	}
	if len(linked) != len(matches)-1 {
		t.Errorf("%s links to %d other parts; %d have events with both filters", from, len(linked), len(matches)-1)
	}
	for _, v := range tb.axe(t, axe) {
		t.Errorf("%s with two filters: axe: %s", from, v)
	}
	tb.screenshot(t, "timeline-split-filters", false)
	tb.checkProblems(t, from)

	// Following a link shows that part's events with both.
	if len(got.Elsewhere) > 0 {
		tb.click(t, ".filter-elsewhere a")
		at := strings.TrimPrefix(eval[string](t, tb, `location.href`), base)
		path, _, _ := strings.Cut(at, "?")
		shown := eval[[]string](t, tb, shownEvents)
		if !slices.Equal(sorted(shown), sorted(matches[path])) {
			t.Errorf("%s, followed from %s: shows %v, want %v", at, from, shown, matches[path])
		}
		tb.checkProblems(t, at)
	}
}

// TestSourcesPhone: on a 390 px phone, the list of sources does not
// scroll sideways, the page neither, and each source reads as a block:
// its title across the width, its other columns two by two, each cell a
// third of the width or more (the table of five columns squeezed each to
// a sixth). axe-core finds nothing, in both themes.
func TestSourcesPhone(t *testing.T) {
	e := setup(t)
	axe := e.needAxe(t)
	phone := viewport{"phone-390", 390, 844, true}
	for _, lang := range langs {
		for _, scheme := range []string{"light", "dark"} {
			tb := e.newTab(t, phone, scheme)
			rel := lang.dir + "sources/"
			tb.open(t, rel)
			checkOverflow(t, tb, "/"+rel, phone)
			got := eval[struct {
				Wrap, Table  float64
				Scrolls      bool
				Narrow, Rows int
				TitleMin     float64
			}](t, tb, `(() => {
				const wrap = document.querySelector(".sources-wrap"), table = wrap.querySelector("table");
				const w = table.getBoundingClientRect().width;
				const rows = [...table.querySelectorAll("tbody tr")];
				let narrow = 0, titleMin = w;
				for (const r of rows) {
					titleMin = Math.min(titleMin, r.querySelector("th").getBoundingClientRect().width);
					for (const c of r.querySelectorAll("td")) if (c.getBoundingClientRect().width < w / 3) narrow++;
				}
				return {Wrap: wrap.clientWidth, Table: w, Scrolls: wrap.scrollWidth > wrap.clientWidth + 1, Narrow: narrow, Rows: rows.length, TitleMin: titleMin};
			})()`)
			if got.Rows == 0 || got.Scrolls || got.Narrow > 0 || got.TitleMin < 0.9*got.Table {
				t.Errorf("/%s on a 390 px phone (%s): %+v; want no sideways scrolling, no cell under a third of the width, titles across", rel, scheme, got)
			}
			for _, v := range tb.axe(t, axe) {
				t.Errorf("/%s on a 390 px phone (%s): axe: %s", rel, scheme, v)
			}
			if scheme == "light" {
				tb.screenshot(t, "sources-phone-"+lang.code, true)
			}
			tb.checkProblems(t, "/"+rel)
		}
	}
}

// TestAnchorsTimelineEntities: every day of the timeline and every group
// of the entities' index has a copy-link anchor beside its heading, as
// the sections of other pages do, linking to it; and the home page's key
// figures carry the timeline's marks of corroboration, with their legend.
func TestAnchorsTimelineEntities(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, viewports[0], "light")
	for _, lang := range langs {
		for _, page := range []string{"timeline/", "entities/"} {
			rel := lang.dir + page
			tb.open(t, rel)
			got := eval[struct {
				Headings int
				Bad      []string
			}](t, tb, `(() => {
				const hs = [...document.querySelectorAll("main .heading > :is(h2, h3)")], bad = [];
				for (const h of hs) {
					const a = h.parentElement.querySelector(":scope > a.anchor");
					const target = a && document.getElementById(a.hash.slice(1));
					if (!target || !(target === h || target.contains(h))) bad.push(h.textContent + ": " + (a ? a.hash : "no anchor"));
					else if (!a.textContent.includes(h.textContent.trim())) bad.push(h.textContent + ": the anchor is named " + a.textContent);
				}
				const days = document.querySelectorAll(".day").length, plain = document.querySelectorAll("main section > h2, .day > h2, .day > h3").length;
				if (plain) bad.push(plain + " headings without an anchor");
				if (location.pathname.endsWith("timeline/") && hs.length < days) bad.push(days + " days, " + hs.length + " headings with anchors");
				return {Headings: hs.length, Bad: bad};
			})()`)
			if got.Headings == 0 {
				t.Errorf("/%s: no heading with an anchor", rel)
			}
			for _, b := range got.Bad {
				t.Errorf("/%s: %s", rel, b)
			}
		}
		tb.open(t, lang.dir)
		fig := eval[struct {
			Figures, Marked, Single int
			Legend                  []string
		}](t, tb, `({Figures: document.querySelectorAll(".figures > li").length,
			Marked: document.querySelectorAll(".figures > li .corro").length,
			Single: document.querySelectorAll(".figures .single").length,
			Legend: [...document.querySelectorAll(".figures + .legend .corro")].map(c => c.className)})`)
		if fig.Figures == 0 || fig.Marked != fig.Figures || fig.Single != 0 || !slices.Equal(fig.Legend, []string{"corro corro-many", "corro corro-one"}) {
			t.Errorf("/%s: key figures %+v; want a mark of corroboration on each, no badge, and the legend", lang.dir, fig)
		}
	}
	tb.open(t, "")
	tb.screenshot(t, "home-figures", true)
	tb.checkProblems(t, "home, timeline and entities")
}
