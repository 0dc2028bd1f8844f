package sitegen

import (
	"encoding/json"
	"encoding/xml"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/check"
	"golang.org/x/tools/txtar"
)

// Tests of what a build publishes beside the pages (package publish), of
// the metadata in every page, and of the site as internal/check reads it.

func filesFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for name, b := range files {
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}

// checkSite runs internal/check on built files, served under base or from
// disk, and fails on any problem.
func checkSite(t *testing.T, files map[string][]byte, opts check.Options) *check.Report {
	t.Helper()
	rep, err := check.Site(filesFS(files), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("%s", p)
	}
	return rep
}

type sitemapXML struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc   string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type feedXML struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Entries []struct {
		ID        string `xml:"http://www.w3.org/2005/Atom id"`
		Title     string `xml:"http://www.w3.org/2005/Atom title"`
		Published string `xml:"http://www.w3.org/2005/Atom published"`
		Link      struct {
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func TestSitemapAndFeeds(t *testing.T) {
	res := mustBuild(t, bilingual(t), Options{})
	files, s := res.Files, res.Site
	const base = "https://example.org/tiny/"

	var sm sitemapXML
	if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	var locs []string
	for _, u := range sm.URLs {
		locs = append(locs, u.Loc)
		var langs []string
		for _, l := range u.Links {
			langs = append(langs, l.Hreflang+" "+l.Href)
		}
		// Every page has its twin, and x-default is the English one.
		path := strings.TrimPrefix(strings.TrimPrefix(u.Loc, base), "vi/")
		want := []string{"en " + base + path, "vi " + base + "vi/" + path, "x-default " + base + path}
		if !slices.Equal(langs, want) {
			t.Errorf("sitemap: alternates of %s are %q, want %q", u.Loc, langs, want)
		}
	}
	var pages []string
	for _, p := range s.Pages {
		pages = append(pages, base+p.Path)
	}
	if !slices.Equal(locs, pages) {
		t.Errorf("sitemap lists\n%q\nwant every page once, in order:\n%q", locs, pages)
	}

	for _, lang := range []string{"en", "vi"} {
		name, prefix := "feed.xml", ""
		if lang == "vi" {
			name, prefix = "vi/feed.xml", "vi/"
		}
		var feed feedXML
		if err := xml.Unmarshal(files[name], &feed); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got, want []string
		for _, e := range feed.Entries {
			got = append(got, e.Published[:10]+" "+e.Link.Href)
			if e.ID != e.Link.Href {
				t.Errorf("%s: entry id %s is not its link %s", name, e.ID, e.Link.Href)
			}
		}
		for _, e := range slices.Backward(res.Dossier.Events) {
			want = append(want, e.Date.Start.First().Format("2006-01-02")+" "+base+prefix+"events/"+e.ID+"/")
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s lists\n%q\nwant every event, newest first:\n%q", name, got, want)
		}
		if feed.Updated != "2022-01-06T00:00:00Z" || feed.ID != base+prefix+"feed.xml" {
			t.Errorf("%s: id %s, updated %s; want the feed's URL, and the latest event's date", name, feed.ID, feed.Updated)
		}
	}
	if got, want := string(files["robots.txt"]), "Sitemap: "+base+"sitemap.xml\n"; !strings.HasSuffix(got, want) {
		t.Errorf("robots.txt:\n%s\nwant it to end with %q", got, want)
	}
	if _, ok := files[".nojekyll"]; !ok {
		t.Error("no .nojekyll")
	}
	contains(t, files, "vi/events/protests-begin/index.html",
		`<link rel="alternate" type="application/atom+xml" href="../../feed.xml"`,
		`<link rel="icon" href="../../../favicon.svg" type="image/svg+xml">`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:url" content="https://example.org/tiny/vi/events/protests-begin/">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<meta property="og:image" content="https://example.org/tiny/vi/events/protests-begin/og.png">`,
	)
	checkSite(t, files, check.Options{BasePath: "/tiny/"})
}

var jsonLDRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLD returns the JSON-LD graph of a page.
func jsonLD(t *testing.T, page []byte) []map[string]any {
	t.Helper()
	m := jsonLDRE.FindAllSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("want one JSON-LD script, got %d", len(m))
	}
	var v struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(m[0][1], &v); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, m[0][1])
	}
	return v.Graph
}

func TestJSONLD(t *testing.T) {
	evil := `Troops </script><script>alert(1)</script> & <!-- arrive`
	res := mustBuild(t, loadSite(t, txtar.Parse([]byte(`
-- content/events/troops-arrive.md --
---
title: "`+evil+`"
date: 2022-01-06/2022-01-07
places: [almaty]
actors: [kazakhstan]
sources: [alpha, beta]
---
Troops arrived [@alpha; @beta].
`))), Options{})
	files := res.Files
	page := files["events/troops-arrive/index.html"]
	if n := strings.Count(string(page), "</script>"); n != 2 { // the JSON-LD and the search script
		t.Errorf("the page has %d </script>, want 2: the title escaped its script", n)
	}
	graph := jsonLD(t, page)
	ev, crumbs := graph[0], graph[1]
	if ev["@type"] != "Event" || ev["name"] != evil || ev["startDate"] != "2022-01-06" || ev["endDate"] != "2022-01-07" {
		t.Errorf("Event: %v", ev)
	}
	if loc := ev["location"].([]any)[0].(map[string]any); loc["@type"] != "Place" || loc["name"] != "Almaty" {
		t.Errorf("location: %v", loc)
	}
	var cites []string
	for _, c := range ev["citation"].([]any) {
		cites = append(cites, c.(map[string]any)["@id"].(string))
	}
	if want := []string{"https://example.org/tiny/sources/alpha/#source", "https://example.org/tiny/sources/beta/#source"}; !slices.Equal(cites, want) {
		t.Errorf("citations %q, want %q", cites, want)
	}
	var trail []string
	for _, it := range crumbs["itemListElement"].([]any) {
		trail = append(trail, it.(map[string]any)["name"].(string))
	}
	if crumbs["@type"] != "BreadcrumbList" || !slices.Equal(trail, []string{"The tiny dossier", "Timeline", evil}) {
		t.Errorf("breadcrumbs %q", trail)
	}
	// The event's citation is the source page's work, by @id.
	src := jsonLD(t, files["sources/alpha/index.html"])[0]
	if src["@id"] != cites[0] || src["@type"] != "CreativeWork" && src["@type"] != "NewsArticle" {
		t.Errorf("source: %v", src)
	}
	if org := jsonLD(t, files["entities/kazakhstan/index.html"])[0]; org["@type"] != "Country" {
		t.Errorf("entity: %v", org)
	}
	// The check parses every JSON-LD script as JSON.
	checkSite(t, files, check.Options{BasePath: "/tiny/"})
}

// TestOfflineLinks checks that an offline build names a file in every
// link, from the templates and from Markdown alike, and has no 404.html.
func TestOfflineLinks(t *testing.T) {
	res := mustBuild(t, bilingual(t), Options{Offline: true})
	files := res.Files
	if _, ok := files["404.html"]; ok {
		t.Error("an offline build has a 404.html, which no host will serve")
	}
	n := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
			href, _, _ := strings.Cut(m[1], "#")
			if href == "" || strings.Contains(href, "://") {
				continue
			}
			n++
			if strings.HasSuffix(href, "/") || strings.HasSuffix(href, ".") || !strings.Contains(href[strings.LastIndex(href, "/")+1:], ".") {
				t.Errorf("%s: link %q names a folder, which opens as a listing from disk", name, m[1])
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d links", n)
	}
	checkSite(t, files, check.Options{Offline: true})
}

// TestNotFoundLinks checks that 404.html links by absolute paths from the
// base URL, so that its links hold at any address the host serves it at.
func TestNotFoundLinks(t *testing.T) {
	for _, tc := range []struct{ baseURL, root string }{
		{"", "/tiny/"}, // site.yaml's base_url
		{"https://owner.github.io/", "/"},
		{"https://example.com/a/b", "/a/b/"},
	} {
		res := mustBuild(t, bilingual(t), Options{BaseURL: tc.baseURL})
		page := string(res.Files["404.html"])
		n := 0
		for _, m := range hrefRE.FindAllStringSubmatch(page, -1) {
			if m[1] == "#main" {
				continue
			}
			n++
			if !strings.HasPrefix(m[1], tc.root) {
				t.Errorf("base URL %q: 404.html links to %q, not under %s", tc.baseURL, m[1], tc.root)
			}
		}
		if n < 10 || !strings.Contains(page, `<a href="`+tc.root+`vi/" hreflang="vi">`) || !strings.Contains(page, `<meta name="robots" content="noindex">`) {
			t.Errorf("base URL %q: 404.html has %d links:\n%s", tc.baseURL, n, page)
		}
		if strings.Contains(page, `rel="canonical"`) {
			t.Errorf("404.html has a canonical URL")
		}
		checkSite(t, res.Files, check.Options{BasePath: tc.root})
	}
}

// TestPublishDeterministic builds twice and compares the published files.
func TestPublishDeterministic(t *testing.T) {
	a := mustBuild(t, bilingual(t), Options{}).Files
	b := mustBuild(t, bilingual(t), Options{}).Files
	for _, name := range []string{"sitemap.xml", "feed.xml", "vi/feed.xml", "robots.txt", "404.html"} {
		if string(a[name]) != string(b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}
