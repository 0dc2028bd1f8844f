//go:build e2e

package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dossier-dev/dossier/internal/output"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/search/searchtest"
)

// A result is one result of the search, as the pageBox shows it.
type result struct {
	Href    string   `json:"href"` // relative to the site's root
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	When    string   `json:"when"`
	Title   string   `json:"title"`
	Marks   []string `json:"marks"`
	Snippet string   `json:"snippet"`
}

// shown is what a search box shows: its results, the status line, and the
// combobox's state.
type shown struct {
	Results  []result `json:"results"`
	Status   string   `json:"status"`
	Expanded string   `json:"expanded"`
	Value    string   `json:"value"`
	Active   string   `json:"active"`
}

// readBox reads the search box of form sel once it shows the results of q.
func readBox(sel, q, root string) string {
	return fmt.Sprintf(`(() => {
	const form = document.querySelector(%[1]q), input = form.querySelector("input");
	const list = document.getElementById(input.getAttribute("aria-controls"));
	return {
		results: list.hidden ? [] : Array.from(list.querySelectorAll("[role=option]")).map(a => ({
			href: a.href.startsWith(%[3]q) ? a.href.slice(%[3]q.length) : a.href, id: a.id,
			kind: a.querySelector(".result-kind").textContent,
			when: (a.querySelector(".result-when") || {}).textContent || "",
			title: a.querySelector(".result-title").textContent,
			marks: Array.from(a.querySelectorAll("mark")).map(m => m.textContent),
			snippet: a.querySelector(".result-snippet").textContent,
		})),
		status: (form.querySelector("[role=status]") || document.querySelector(".search-status")).textContent,
		expanded: input.getAttribute("aria-expanded"), value: input.value,
		active: input.getAttribute("aria-activedescendant") || "",
	};
})()`, sel, q, root)
}

// typeInto types q into the search box of form sel and waits for its results.
func (tb *tab) typeInto(t *testing.T, sel, q string) shown {
	t.Helper()
	eval[bool](t, tb, fmt.Sprintf(`(() => { const i = document.querySelector(%q); i.value = ""; i.focus(); return true; })()`, sel+" input"))
	if err := chromedp.Do(tb.ctx, chromedp.SendKeys(chromedp.CSS(sel+" input"), q)); err != nil {
		t.Fatalf("typing %q: %v", q, err)
	}
	return tb.waitBox(t, sel, q)
}

// waitBox waits until the box of form sel shows the results of q.
func (tb *tab) waitBox(t *testing.T, sel, q string) shown {
	t.Helper()
	cond := fmt.Sprintf(`document.querySelector(%q).getAttribute("data-shown") === %q`, sel, q)
	ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond)); err != nil {
		t.Fatalf("waiting for the results of %q: %v; the box holds %q and shows the results of %q", q, err,
			eval[string](t, tb, fmt.Sprintf(`document.querySelector(%q).value`, sel+" input")),
			eval[string](t, tb, fmt.Sprintf(`document.querySelector(%q).getAttribute("data-shown")`, sel)))
	}
	root := eval[string](t, tb, `new URL(document.querySelector("script[data-home]").dataset.home, document.baseURI).href.replace(/index\.html$/, "")`)
	// Results are absolute URLs; report them relative to the language's home.
	return eval[shown](t, tb, readBox(sel, q, root))
}

const (
	headerBox = `form[data-search="popup"]`
	pageBox   = `form[data-search="page"]`
)

// TestSearch types what readers type into the search box of the headerBox (on
// an event pageBox) and of the search pageBox, in English and Vietnamese, and
// checks what comes first.
func TestSearch(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, viewports[0], "light")
	event := e.pageTypes(t)[2].path

	cases := []struct {
		lang, at, form, q string
		first             string // the first result, relative to the language's home
		kind              string
	}{
		{"", event, headerBox, "tokaev", "entities/kassym-jomart-tokayev/", "Person"},
		{"", event, headerBox, "alma-ata", "entities/almaty/", "Place"},
		{"", event, headerBox, "almaty", "entities/almaty/", "Place"}, // before "Almaty airport"
		{"", event, headerBox, "Alma Ata", "entities/almaty/", "Place"},
		{"", event, headerBox, "45", "entities/airborne-special-forces-brigade-45/", "Military unit"},
		{"", "search/", pageBox, "kassym-zhomart", "entities/kassym-jomart-tokayev/", "Person"},
		{"vi/", event, headerBox, "tokaev", "entities/kassym-jomart-tokayev/", "Nhân vật"},
		{"vi/", event, headerBox, "alma-ata", "entities/almaty/", "Địa danh"},
		{"vi/", event, headerBox, "45", "entities/airborne-special-forces-brigade-45/", "Đơn vị quân sự"},
	}
	for _, c := range cases {
		t.Run(c.lang+c.q, func(t *testing.T) {
			tb.open(t, c.lang+c.at)
			got := tb.typeInto(t, c.form, c.q)
			if c.first == "" {
				if len(got.Results) != 0 || got.Expanded != "false" {
					t.Errorf("%q: %d results (expanded %s), want none", c.q, len(got.Results), got.Expanded)
				}
				return
			}
			if len(got.Results) == 0 {
				t.Fatalf("%q: no result (status %q)", c.q, got.Status)
			}
			r := got.Results[0]
			if r.Href != c.first {
				t.Errorf("%q: first result %s (%s), want %s; all: %v", c.q, r.Href, r.Title, c.first, hrefs(got.Results))
			}
			if r.Kind != c.kind {
				t.Errorf("%q: first result's kind %q, want %q", c.q, r.Kind, c.kind)
			}
			if len(r.Marks) == 0 {
				t.Errorf("%q: the first result highlights nothing: %q / %q", c.q, r.Title, r.Snippet)
			}
			for _, m := range r.Marks {
				if !slices.ContainsFunc(search.Tokens(c.q), func(tok search.Token) bool { return strings.HasPrefix(search.Fold(m), tok.Key) }) {
					t.Errorf("%q: highlighted %q, which no word of the query begins", c.q, m)
				}
			}
			if got.Expanded != "true" || !strings.Contains(got.Status, fmt.Sprint(len(got.Results))) && c.form == pageBox {
				t.Errorf("%q: expanded %q, status %q", c.q, got.Expanded, got.Status)
			}
			tb.checkProblems(t, c.lang+c.at)
		})
	}

	t.Run("no match", func(t *testing.T) {
		tb.open(t, "search/")
		got := tb.typeInto(t, pageBox, "qqxzv")
		want := strings.ReplaceAll(catalogue(t, "en", "search.none"), "{0}", "qqxzv")
		if len(got.Results) != 0 || got.Status != want || got.Expanded != "false" {
			t.Errorf("no match: %d results, status %q (want %q), expanded %q", len(got.Results), got.Status, want, got.Expanded)
		}
		tb.open(t, event)
		got = tb.typeInto(t, headerBox, "qqxzv")
		if len(got.Results) != 0 || got.Status != want {
			t.Errorf("no match, in the header: %d results, status %q (want %q)", len(got.Results), got.Status, want)
		}
		if !eval[bool](t, tb, `!document.querySelector(".search-popup").hidden`) {
			t.Error("no match, in the header: the message is hidden")
		}
	})
}

func hrefs(rs []result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Href)
	}
	return out
}

// catalogue returns the message key of a built-in catalogue.
func catalogue(t *testing.T, lang, key string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "templates", "i18n", lang+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for l := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(l, key+": "); ok {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	t.Fatalf("no %s in %s.yaml", key, lang)
	return ""
}

// TestSearchVietnamese searches the Vietnamese site without tones and with
// them: without, it finds the pages about the protests; with, the same
// pages, those that write the words with exactly the reader's tones first.
func TestSearchVietnamese(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, viewports[0], "light")
	tb.open(t, "vi/search/")
	plain := tb.all(t, tb.typeInto(t, pageBox, "bieu tinh"), "bieu tinh")
	if len(plain.Results) < 2 {
		t.Fatalf("bieu tinh: %d results", len(plain.Results))
	}
	for _, want := range []string{"events/protests-begin/", "events/protests-spread/"} {
		i := slices.IndexFunc(plain.Results, func(r result) bool { return r.Href == want })
		if i < 0 || i >= 5 {
			t.Errorf("bieu tinh: %s at %d, want in the first five: %v", want, i, hrefs(plain.Results))
		}
	}
	for _, r := range plain.Results {
		if strings.Contains(r.Href, "://") || strings.HasPrefix(r.Href, "../") {
			t.Errorf("bieu tinh: %s is not a pageBox of the Vietnamese site", r.Href)
		}
	}

	tb.open(t, "vi/search/")
	marked := tb.all(t, tb.typeInto(t, pageBox, "biểu tình"), "biểu tình")
	if !slices.Equal(sorted(hrefs(plain.Results)), sorted(hrefs(marked.Results))) {
		t.Errorf("biểu tình and bieu tinh find different pages:\n%v\n%v", hrefs(marked.Results), hrefs(plain.Results))
	}
	e.checkMarks(t, marked, "tình", false)
	// "tỉnh" (province) is also written "tình" (feeling) and "tính"
	// (reckon) without its tone: the pages with "tỉnh" come first.
	tb.open(t, "vi/search/")
	e.checkMarks(t, tb.all(t, tb.typeInto(t, pageBox, "tỉnh"), "tỉnh"), "tỉnh", true)
	tb.checkProblems(t, "vi/search/")
}

// all shows every result of q on the search page, pressing "Show more
// results" until it goes.
func (tb *tab) all(t *testing.T, got shown, q string) shown {
	t.Helper()
	for i := 0; eval[bool](t, tb, `!document.querySelector(".search-more").hidden`); i++ {
		if i > 20 {
			t.Fatal("Show more results does not go")
		}
		n := len(got.Results)
		eval[bool](t, tb, `document.querySelector(".search-more").click(), true`)
		cond := fmt.Sprintf(`document.querySelectorAll(%q).length > %d`, pageBox+" ~ .search-results [role=option]", n)
		if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](cond)); err != nil {
			t.Fatal(err)
		}
		got = tb.waitBox(t, pageBox, q)
	}
	t.Logf("%s: %d results", q, len(got.Results))
	return got
}

// checkMarks checks that the results that have word, with its marks, come
// before those that have it only without them; both must exist when both
// is set. Which pages have the word is read from the text indexed.
func (e *env) checkMarks(t *testing.T, got shown, word string, both bool) {
	t.Helper()
	exact := map[string]bool{}
	for _, d := range e.search["vi"].Docs {
		text := strings.Join(append(append([]string{d.Title, d.Summary, d.Body, d.When}, d.Names...), d.Related...), " ")
		exact[d.Href] = slices.ContainsFunc(search.Tokens(text), func(tok search.Token) bool { return strings.HasPrefix(tok.Word, word) })
	}
	var n, m int
	for i, r := range got.Results {
		if exact[r.Href] {
			n++
			if m > 0 {
				t.Errorf("%s: result %d, %s, writes %q but comes after %d that do not", word, i+1, r.Href, word, m)
			}
		} else {
			m++
		}
	}
	t.Logf("%s: %d results write it so, then %d do not", word, n, m)
	if n == 0 || both && m == 0 {
		t.Errorf("%s: %d results write it so, %d do not; the dossier has both", word, n, m)
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// TestSearchKeyboardAndURL: "/" focuses the box, arrows move through the
// results, Enter opens one; ?q= fills in the search pageBox and runs it; the
// kind filters narrow the results; axe finds nothing with results open.
func TestSearchKeyboardAndURL(t *testing.T) {
	e := setup(t)
	axe := e.needAxe(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tb := e.newTab(t, vp, "light")
			tb.open(t, "vi/timeline/")
			t.Logf("%s: the header is %.0f px high on /vi/timeline/", vp.name, eval[float64](t, tb, `document.querySelector(".site-header").getBoundingClientRect().height`))
			tb.open(t, "timeline/")
			// One keyDown with its text, as a keyboard sends it: the page
			// must keep the "/" out of the box it focuses.
			for _, ty := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
				p := input.DispatchKeyEventParams{Type: ty, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
				if ty == input.DispatchKeyEventTypeKeyDown {
					p.Text, p.UnmodifiedText = "/", "/"
				}
				if _, err := chromedp.Call(tb.ctx, input.DispatchKeyEvent, p); err != nil {
					t.Fatal(err)
				}
			}
			if id := eval[string](t, tb, `document.activeElement.id`); id != "search-q" {
				t.Fatalf(`after "/", the focus is on #%s, want the search box`, id)
			}
			if err := chromedp.Do(tb.ctx, chromedp.SendKeys(chromedp.CSS(headerBox+" input"), "almaty")); err != nil {
				t.Fatal(err)
			}
			got := tb.waitBox(t, headerBox, "almaty")
			if len(got.Results) < 2 {
				t.Fatalf("almaty: %d results", len(got.Results))
			}
			tb.key(t, kb.ArrowDown)
			tb.key(t, kb.ArrowDown)
			got = tb.waitBox(t, headerBox, "almaty")
			if got.Active != got.Results[1].ID {
				t.Fatalf("after two ArrowDown, the active option is %q, want %q", got.Active, got.Results[1].ID)
			}
			if sel := eval[string](t, tb, `document.querySelector("[aria-selected=true]").id`); sel != got.Results[1].ID {
				t.Errorf("aria-selected on %q, want %q", sel, got.Results[1].ID)
			}
			for _, v := range tb.axe(t, axe) {
				t.Errorf("timeline with the header's results open (%s): axe: %s", vp.name, v)
			}
			tb.screenshot(t, "en-search-popup-"+vp.name, false)
			tb.key(t, kb.ArrowUp)
			got = tb.waitBox(t, headerBox, "almaty")
			if got.Active != got.Results[0].ID {
				t.Fatalf("after ArrowUp, the active option is %q, want %q", got.Active, got.Results[0].ID)
			}
			if _, err := chromedp.Run(tb.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent("\r"))); err != nil {
				t.Fatal(err)
			}
			if at := tb.location(t); at != got.Results[0].Href {
				t.Errorf("Enter on the first result led to /%s, want /%s", at, got.Results[0].Href)
			}
			tb.checkProblems(t, "timeline/ → search")

			tb.open(t, "vi/search/?q=t%E1%BB%89nh")
			got = tb.waitBox(t, pageBox, "tỉnh")
			if got.Value != "tỉnh" || len(got.Results) == 0 {
				t.Fatalf("?q=tỉnh: the box holds %q, %d results", got.Value, len(got.Results))
			}
			if !strings.Contains(got.Status, fmt.Sprint(eval[int](t, tb, `document.querySelectorAll(".search-filter")[0].textContent.match(/\d+/)[0] * 1`))) {
				t.Errorf("?q=tỉnh: status %q does not give the count of the All filter", got.Status)
			}
			// Filter by the kind of the last filter button.
			label := eval[string](t, tb, `(() => { const b = Array.from(document.querySelectorAll(".search-filter")).pop(); b.click(); return b.textContent.replace(/ \(\d+\)$/, ""); })()`)
			got = tb.waitBox(t, pageBox, "tỉnh")
			for _, r := range got.Results {
				if !strings.Contains(label, r.Kind) && r.Kind != label {
					t.Errorf("filtered by %q, a result of kind %q", label, r.Kind)
				}
			}
			for _, v := range tb.axe(t, axe) {
				t.Errorf("/vi/search/?q= with results open (%s): axe: %s", vp.name, v)
			}
			tb.screenshot(t, "vi-search-results-"+vp.name, true)
			if vp.phone {
				checkOverflow(t, tb, "/vi/search/?q=tỉnh", vp)
			}
			tb.checkProblems(t, "vi/search/?q=")
		})
	}
}

// TestSearchOffline builds the offline copy and searches it from file://.
func TestSearchOffline(t *testing.T) {
	e := setup(t)
	site := e.offlineSite(t)
	tb := e.newTab(t, viewports[0], "light")
	u := "file://" + filepath.Join(site, "search", "index.html") + "?q=alma-ata"
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	got := tb.waitBox(t, pageBox, "alma-ata")
	if len(got.Results) == 0 || got.Results[0].Href != "entities/almaty/index.html" {
		t.Fatalf("from file://, alma-ata finds %v", hrefs(got.Results))
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(pageBox+" ~ .search-results [role=option]"), chromedp.NodeVisible))); err != nil {
		t.Fatal(err)
	}
	if at := eval[string](t, tb, `location.href`); !strings.HasSuffix(at, "/site/entities/almaty/index.html") {
		t.Errorf("clicking the result led to %s", at)
	}
	tb.checkProblems(t, u)
}

// TestSearchSpeed times queries under CPU throttling ×4, a phone-class CPU,
// with the Performance API: the time to rank (dossier-search-match) and the
// time from the query to the results shown, index files loaded included
// (dossier-search); and sums what the first query downloads.
func TestSearchSpeed(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, viewports[1], "light")
	if _, err := chromedp.Call(tb.ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range langs {
		tb.open(t, lang.dir+"search/")
		var worst, worstTotal float64
		for i, q := range []string{"kazakhstan", "tokaev", "biểu tình", "alma-ata", "45", "csto peacekeeping forces", "quân"} {
			got := tb.typeInto(t, pageBox, q)
			if i == 0 {
				loaded := eval[[]string](t, tb, `performance.getEntriesByType("resource").map(r => new URL(r.name).pathname).filter(p => p.includes("/search/data/"))`)
				var raw, gz int
				for _, p := range loaded {
					b := e.files[strings.TrimPrefix(p, prefix)]
					raw += len(b)
					gz += gzipSize(b)
				}
				t.Logf("%s: the first query (%s) loaded %d files of index, %.1f KB, %.1f KB compressed", lang.code, q, len(loaded), float64(raw)/1024, float64(gz)/1024)
			}
			all := eval[[]float64](t, tb, `performance.getEntriesByName("dossier-search").map(e => e.duration)`)
			if len(all) == 0 {
				t.Fatalf("%q: no dossier-search measure (%d results)", q, len(got.Results))
			}
			worst = max(worst, tb.rankTime(t, pageBox, q))
			worstTotal = max(worstTotal, all[len(all)-1])
		}
		t.Logf("%s, CPU ×4: ranking took at most %.1f ms; query to results shown at most %.1f ms", lang.code, worst, worstTotal)
		if worst > 50 {
			t.Errorf("%s: a query took %.1f ms to rank under CPU throttling ×4, want ≤ 50 ms", lang.code, worst)
		}
	}
}

// TestSearchFold checks that the script splits and folds words exactly as
// the index (Go) does, on every title, name and body of the index of both
// languages and on the cases of internal/search's tests.
func TestSearchFold(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t, viewports[0], "light")
	tb.open(t, "search/")
	texts := []string{"Biểu tình", "ĐƯỜNG Đà Nẵng", "Ёлка, ещё", "Йошкар-Ола", "Müller, Ørsted, Łódź, São Tomé, naïve, Ağrı",
		"الْعَرَبِيَّة", "简体中文 哈萨克斯坦", "e\u0301 decomposed", "Alma-Ata's 45th"}
	for _, lang := range []string{"en", "vi"} {
		for _, d := range e.search[lang].Docs {
			texts = append(texts, d.Title, d.Body)
			texts = append(texts, d.Names...)
		}
	}
	js, err := json.Marshal(texts)
	if err != nil {
		t.Fatal(err)
	}
	got := eval[[][]search.Token](t, tb, ``+string(js)+`.map(s => dossierSearch.tokens(s).map(t => ({Word: t.word, Key: t.key})))`)
	n := 0
	for i, s := range texts {
		want := search.Tokens(s)
		if !slices.Equal(got[i], want) {
			if n++; n <= 5 {
				t.Errorf("%.60q: the script makes %v, Go %v", s, got[i], want)
			}
		}
	}
	if n > 0 {
		t.Errorf("the script and Go disagree on %d of %d texts", n, len(texts))
	}
}

// TestSearchScale serves the index of a generated dossier of 10,000 events
// (package searchtest) with the search script and a bare search page, and
// measures, under CPU throttling ×4, what a first query downloads
// (compressed, as servers send it) and how long queries take to rank.
func TestSearchScale(t *testing.T) {
	e := setup(t)
	files, err := searchtest.Index(10000, searchtest.English).Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	site := map[string][]byte{}
	for p, b := range files {
		site["search/data/"+p] = b
	}
	js, err := os.ReadFile(filepath.Join(root, "static", "js", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	site["js/search.js"] = js
	if site["favicon.svg"], err = os.ReadFile(filepath.Join(root, "static", "favicon.svg")); err != nil {
		t.Fatal(err)
	}
	site["search/index.html"] = []byte(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Search</title><link rel="icon" href="../favicon.svg" type="image/svg+xml">
<script src="../js/search.js" defer data-home="../" data-count="Results: {0}" data-none="No results for {0}." data-all="All" data-filter="Kind" data-more="More" data-error="The index could not be loaded." data-short="Type more."></script>
</head><body><main><h1>Search</h1><form data-search="page" action="./"><label for="q">Search</label><input id="q" type="search" name="q"><p role="status"></p></form></main></body></html>`)
	if err := output.Write(dir, site); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		http.FileServer(http.Dir(dir)).ServeHTTP(w, r)
	}))
	defer srv.Close()

	// Queries: a frequent word, a name, two words, a short prefix.
	ix := searchtest.Index(10000, searchtest.English)
	event := ix.Docs[len(ix.Docs)-1]
	words := search.Tokens(event.Summary)
	queries := []string{words[0].Word, ix.Docs[0].Title, words[1].Word + " " + words[2].Word, words[0].Word[:2]}

	tb := e.newTab(t, viewports[1], "light")
	if _, err := chromedp.Call(tb.ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		t.Fatal(err)
	}
	var worst float64
	for i, q := range queries {
		if err := chromedp.Do(tb.ctx, chromedp.Navigate(srv.URL+"/search/")); err != nil {
			t.Fatal(err)
		}
		got := tb.typeInto(t, pageBox, q)
		loaded := eval[[]string](t, tb, `performance.getEntriesByType("resource").map(r => new URL(r.name).pathname).filter(p => p.includes("/search/data/"))`)
		var gz int
		for _, p := range loaded {
			gz += gzipSize(site[strings.TrimPrefix(p, "/")])
		}
		all := eval[[]float64](t, tb, `performance.getEntriesByName("dossier-search").map(e => e.duration)`)
		if len(all) == 0 {
			t.Fatalf("%q: no measure", q)
		}
		rank := tb.rankTime(t, pageBox, q)
		worst = max(worst, rank)
		t.Logf("10,000 events, CPU ×4, %q: %d results (%s); typing it downloaded %d files, %.1f KB compressed, results shown %.0f ms after the last key; ranked in %.1f ms",
			q, len(got.Results), got.Status, len(loaded), float64(gz)/1024, all[len(all)-1], rank)
		if gz > 400<<10 {
			t.Errorf("%q: the first query downloads %.0f KB compressed, want ≤ 400 KB", q, float64(gz)/1024)
		}
		if i < 3 && len(got.Results) == 0 {
			t.Errorf("%q: no result", q)
		}
		tb.checkProblems(t, q)
	}
	if worst > 50 {
		t.Errorf("10,000 events: a query took %.1f ms to rank under CPU throttling ×4, want ≤ 50 ms", worst)
	}
}

// rankTime runs the query in the box of form sel five times more, its
// index loaded, and returns the median time it took to rank
// (dossier-search-match): the machine the tests run on is shared, and one
// run may wait for another process.
func (tb *tab) rankTime(t *testing.T, sel, q string) float64 {
	t.Helper()
	eval[bool](t, tb, `performance.clearMeasures(), true`)
	for i := 1; i <= 5; i++ {
		eval[bool](t, tb, fmt.Sprintf(`document.querySelector(%q).dispatchEvent(new Event("input")), true`, sel+" input"))
		cond := fmt.Sprintf(`performance.getEntriesByName("dossier-search").length >= %d`, i)
		if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](cond)); err != nil {
			t.Fatal(err)
		}
	}
	m := eval[[]float64](t, tb, `performance.getEntriesByName("dossier-search-match").map(e => e.duration)`)
	if len(m) < 5 {
		t.Fatalf("%q: %d measures of ranking, want 5", q, len(m))
	}
	slices.Sort(m)
	return m[len(m)/2]
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Len()
}
