package check

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

const canon = "https://example.org/site/"

// page returns a small valid page at key linking to the given hrefs.
func testPage(key, body string) string {
	return fmt.Sprintf(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%s</title>
<link rel="canonical" href="%s%s">
<link rel="alternate" type="application/atom+xml" href="%sfeed.xml">
<link rel="stylesheet" href="%scss/site.css">
</head>
<body>
<main id="main">
%s
</main>
</body>
</html>
`, key, canon, key, up(key), up(key), body)
}

// up climbs from the page at key to the site root.
func up(key string) string { return strings.Repeat("../", strings.Count(key, "/")) }

// testSite is a small valid site: a home page, two pages, an event page, a
// sitemap, a feed, robots.txt and a 404 page. Offline, directory links end
// in index.html.
func testSite(offline bool) fstest.MapFS {
	dir := func(from, to string) string {
		h := up(from) + to
		if offline {
			return h + "index.html"
		}
		if h == "" {
			return "./"
		}
		return h
	}
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"index.html": file(testPage("", fmt.Sprintf(`<a href="%s">A</a> <a href="%s#top">B</a> <a href="#main">skip</a>`, dir("", "a/"), dir("", "b/")))),
		"a/index.html": file(testPage("a/", fmt.Sprintf(`<h1 id="top">A</h1><a href="%s">home</a> <a href="%s">event</a>
<script type="application/ld+json">{"name":"\u003c/script\u003e"}</script>`, dir("a/", ""), dir("a/", "events/e/")))),
		"b/index.html":        file(testPage("b/", `<h1 id="top">B</h1><svg viewBox="0 0 1 1"><path d="M0 0"/></svg><ul><li>one<li>two</ul><p>para`)),
		"events/e/index.html": file(testPage("events/e/", `<h1>E</h1>`)),
		"css/site.css":        file("body{}"),
		"404.html": file(`<!DOCTYPE html><html><head><title>Not found</title><link rel="stylesheet" href="/site/css/site.css"></head>
<body><a href="/site/">home</a></body></html>`),
		"robots.txt": file("User-agent: *\nAllow: /\n\nSitemap: " + canon + "sitemap.xml\n"),
		"sitemap.xml": file(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<url><loc>` + canon + `</loc><xhtml:link rel="alternate" hreflang="en" href="` + canon + `"/></url>
<url><loc>` + canon + `a/</loc></url>
<url><loc>` + canon + `b/</loc></url>
<url><loc>` + canon + `events/e/</loc></url>
</urlset>`),
		"feed.xml": file(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>` + canon + `</id><title>T</title><updated>2022-01-11T00:00:00Z</updated>
<entry><id>` + canon + `events/e/</id><title>E</title><updated>2022-01-05T00:00:00Z</updated><link href="` + canon + `events/e/"/></entry>
</feed>`),
		".dossier-manifest": file("ignored"),
	}
}

func run(t *testing.T, fsys fstest.MapFS, offline bool) *Report {
	t.Helper()
	rep, err := Site(fsys, Options{BasePath: "/site/", Offline: offline})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func modes(t *testing.T, f func(t *testing.T, offline bool)) {
	for _, offline := range []bool{false, true} {
		t.Run(map[bool]string{false: "served", true: "offline"}[offline], func(t *testing.T) { f(t, offline) })
	}
}

func TestValidSite(t *testing.T) {
	modes(t, func(t *testing.T, offline bool) {
		rep := run(t, testSite(offline), offline)
		for _, p := range rep.Problems {
			t.Errorf("unexpected problem: %s", p)
		}
		if rep.Pages != 5 {
			t.Errorf("read %d pages, want 5 (4 and 404.html)", rep.Pages)
		}
		if rep.Links == 0 || rep.Anchors != 2 {
			t.Errorf("checked %d links, %d anchors; want some, and 2", rep.Links, rep.Anchors)
		}
	})
}

// expect checks that the problems are exactly want, as strings.
func expect(t *testing.T, rep *Report, want ...string) {
	t.Helper()
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func setPage(fsys fstest.MapFS, key, body string) {
	fsys[fileOf(key)] = &fstest.MapFile{Data: []byte(testPage(key, body))}
}

func TestBrokenLink(t *testing.T) {
	modes(t, func(t *testing.T, offline bool) {
		fsys := testSite(offline)
		setPage(fsys, "events/e/", `<a href="../../nowhere/">x</a>`)
		want := "events/e/index.html:12: broken link \"../../nowhere/\": the server answers 404 Not Found"
		if offline {
			want = "events/e/index.html:12: broken link \"../../nowhere/\": no folder nowhere/ with an index.html"
		}
		expect(t, run(t, fsys, offline), want)
	})
}

func TestBrokenAnchor(t *testing.T) {
	modes(t, func(t *testing.T, offline bool) {
		fsys := testSite(offline)
		setPage(fsys, "events/e/", `<a href="#nope">x</a> <a href="#main">ok</a>`)
		expect(t, run(t, fsys, offline), `events/e/index.html:12: link "#nope": events/e/index.html has no element with id "nope"`)
	})
}

func TestOrphan(t *testing.T) {
	modes(t, func(t *testing.T, offline bool) {
		fsys := testSite(offline)
		setPage(fsys, "b/", `<h1 id="top">B</h1>`)
		// b/ links to nothing; make events/e/ reachable only from b/.
		setPage(fsys, "a/", `<h1 id="top">A</h1>`)
		setPage(fsys, "b/", `<h1 id="top">B</h1><a href="../events/e/`+map[bool]string{true: "index.html"}[offline]+`">e</a>`)
		expect(t, run(t, fsys, offline))
		// Now nothing links to b/: both it and the event are orphans.
		setPage(fsys, "", `<a href="a/`+map[bool]string{true: "index.html"}[offline]+`">A</a>`)
		expect(t, run(t, fsys, offline),
			"b/index.html: orphan: no chain of links from the home page leads here",
			"events/e/index.html: orphan: no chain of links from the home page leads here")
	})
}

func TestMissingFromSitemap(t *testing.T) {
	modes(t, func(t *testing.T, offline bool) {
		fsys := testSite(offline)
		sm := string(fsys["sitemap.xml"].Data)
		sm = strings.Replace(sm, "<url><loc>"+canon+"b/</loc></url>\n", "", 1)
		sm = strings.Replace(sm, "</urlset>", "<url><loc>"+canon+"gone/</loc></url></urlset>", 1)
		fsys["sitemap.xml"] = &fstest.MapFile{Data: []byte(sm)}
		expect(t, run(t, fsys, offline),
			"sitemap.xml: does not list "+canon+"b/",
			"sitemap.xml: lists "+canon+"gone/, which is not a page of the site")
	})
}

func TestUnparseablePage(t *testing.T) {
	modes(t, func(t *testing.T, offline bool) {
		fsys := testSite(offline)
		page := testPage("b/", `<h1 id="top">B</h1><div><span>unclosed</div></span>
<script type="application/ld+json">{"name":"</script>"}</script>`)
		fsys["b/index.html"] = &fstest.MapFile{Data: []byte(strings.TrimPrefix(page, "<!DOCTYPE html>\n"))}
		expect(t, run(t, fsys, offline),
			"b/index.html:1: no <!DOCTYPE html>: browsers lay the page out in quirks mode",
			"b/index.html:11: </span> closes nothing open",
			"b/index.html:11: <span> is not closed before </div> on line 11",
			"b/index.html:12: </script> closes nothing open",
			"b/index.html:12: the JSON-LD is not valid JSON (is a </script> inside it unescaped?)")
	})
}

func TestParseHTML(t *testing.T) {
	for _, tc := range []struct{ name, html, want string }{
		{"ok", "<!DOCTYPE html><html><head><title>x</title></head><body><p>a<p>b<br></br><img src=x></body></html>", ""},
		{"never closed", "<!DOCTYPE html><div>\n<section>", "x:1: <div> is never closed\nx:2: <section> is never closed"},
		{"duplicate id", "<!DOCTYPE html><p id=a>\n<p id=a>", `x:2: id "a" is also used on line 1: a link to #a is ambiguous`},
		{"self-closing div", "<!DOCTYPE html><div/>", "x:1: <div/> does not close the element in HTML; write <div></div>\nx:1: <div> is never closed"},
		{"svg self-closing", "<!DOCTYPE html><svg><rect/><path d=''/></svg>", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := parseHTML("x", []byte(tc.html))
			var got []string
			for _, pr := range p.problems {
				got = append(got, pr.String())
			}
			if g := strings.Join(got, "\n"); g != tc.want {
				t.Errorf("got\n%s\nwant\n%s", g, tc.want)
			}
		})
	}
}

func TestOfflineFolderLink(t *testing.T) {
	fsys := testSite(true)
	setPage(fsys, "events/e/", `<a href="../../a/">a</a> <a href="../../b">b</a>`)
	expect(t, run(t, fsys, true),
		`events/e/index.html:12: broken link "../../a/": from disk it opens the folder a/ as a file listing, not its index.html; link to a/index.html`,
		`events/e/index.html:12: broken link "../../b": b is a folder: from disk it opens as a file listing; link to b/index.html`)
	// The same links work when served.
	served := testSite(false)
	setPage(served, "events/e/", `<a href="../../a/">a</a> <a href="../../b">b</a>`)
	expect(t, run(t, served, false))
}

func TestLeavesBasePath(t *testing.T) {
	fsys := testSite(false)
	setPage(fsys, "events/e/", `<a href="/a/">a</a> <a href="../../../a/">b</a>`)
	expect(t, run(t, fsys, false),
		`events/e/index.html:12: link "../../../a/" leads outside the base path /site/`,
		`events/e/index.html:12: link "/a/" leads outside the base path /site/`)
	offline := testSite(true)
	setPage(offline, "events/e/", `<a href="../../../a/index.html">b</a>`)
	expect(t, run(t, offline, true), `events/e/index.html:12: link "../../../a/index.html" leads outside the site's folder`)
}

func TestNotFoundPage(t *testing.T) {
	fsys := testSite(false)
	// A relative link works from /site/no-such-page but not from deeper.
	fsys["404.html"] = &fstest.MapFile{Data: []byte(`<!DOCTYPE html><title>x</title><a href="a/">A</a>`)}
	expect(t, run(t, fsys, false),
		`404.html:1: broken link "a/": the server answers 404 Not Found (served at /site/no/such/folder/or/page/)`)
	delete(fsys, "404.html")
	expect(t, run(t, fsys, false), "404.html: missing: GitHub Pages shows its own 404 page, without the site's links")
}

func TestCanonicalAndFeed(t *testing.T) {
	modes(t, func(t *testing.T, offline bool) {
		fsys := testSite(offline)
		p := strings.Replace(string(fsys["a/index.html"].Data), canon+"a/", canon+"b/", 1)
		fsys["a/index.html"] = &fstest.MapFile{Data: []byte(p)}
		f := string(fsys["feed.xml"].Data)
		f = f[:strings.Index(f, "<entry>")] + "</feed>"
		fsys["feed.xml"] = &fstest.MapFile{Data: []byte(f)}
		expect(t, run(t, fsys, offline),
			"a/index.html: canonical URL is "+canon+"b/; want "+canon+"a/",
			"feed.xml: has no entry for the event page "+canon+"events/e/, which names this feed")
	})
}

// TestSocialCard: an og:image under the base URL must be a file of the
// site; one on another host is not fetched.
func TestSocialCard(t *testing.T) {
	modes(t, func(t *testing.T, offline bool) {
		fsys := testSite(offline)
		meta := `<meta property="og:image" content="` + canon + `a/og.png"><meta property="og:image" content="https://elsewhere.example/x.png">`
		fsys["a/index.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["a/index.html"].Data), "<title>", meta+"<title>", 1))}
		line := strings.Count(strings.Split(string(fsys["a/index.html"].Data), "og:image")[0], "\n") + 1
		expect(t, run(t, fsys, offline), fmt.Sprintf("a/index.html:%d: og:image %sa/og.png: the site has no a/og.png, so link previews show no picture", line, canon))
		fsys["a/og.png"] = &fstest.MapFile{Data: []byte("\x89PNG")}
		expect(t, run(t, fsys, offline))
	})
}

func TestRobots(t *testing.T) {
	fsys := testSite(false)
	fsys["robots.txt"] = &fstest.MapFile{Data: []byte("User-agent: *\n")}
	expect(t, run(t, fsys, false), "robots.txt: names no sitemap; add a line Sitemap: "+canon+"sitemap.xml")
}
