package sitegen

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/card"
	"github.com/dossier-dev/dossier/internal/history"
	"golang.org/x/tools/txtar"
	"testing/fstest"
)

// forgetCards empties the process's memory of drawn cards, so that the
// next build draws (or reads from its cache directory) every card.
func forgetCards() {
	memCards.Lock()
	defer memCards.Unlock()
	memCards.m, memCards.size = map[string][]byte{}, 0
}

var ogImageRE = regexp.MustCompile(`<meta property="og:image" content="([^"]*)">`)

// TestEveryPageHasACard builds the shipped dossier: every page but
// 404.html names an og:image, under the site's base URL, which the build
// wrote as a 1200×630 PNG; and a page in Vietnamese has its own card.
func TestEveryPageHasACard(t *testing.T) {
	res := mustBuild(t, os.DirFS(repoRoot), Options{})
	base := res.Site.BaseURL
	pages := 0
	for name, b := range res.Files {
		if !strings.HasSuffix(name, ".html") || name == "404.html" {
			continue
		}
		pages++
		m := ogImageRE.FindSubmatch(b)
		if m == nil {
			t.Errorf("%s has no og:image", name)
			continue
		}
		file, ok := strings.CutPrefix(string(m[1]), base)
		if !ok {
			t.Errorf("%s: og:image %s is not under %s", name, m[1], base)
			continue
		}
		if want := path.Join(path.Dir(name), "og.png"); file != want && path.Dir(name) != "." || path.Dir(name) == "." && file != "og.png" {
			t.Errorf("%s: og:image %s, want its own card %s", name, file, want)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(res.Files[file]))
		if err != nil || format != "png" || cfg.Width != 1200 || cfg.Height != 630 {
			t.Errorf("%s: %s is %s %dx%d (%v), want a 1200×630 PNG", name, file, format, cfg.Width, cfg.Height, err)
		}
		for _, want := range []string{`<meta name="twitter:card" content="summary_large_image">`, `<meta property="og:image:width" content="1200">`,
			`<meta property="og:image:height" content="630">`, `<meta property="og:image:alt" content="`} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
	}
	if pages < 200 {
		t.Errorf("only %d pages", pages)
	}
	// The Vietnamese card of a page is not the English one.
	if bytes.Equal(res.Files["vi/timeline/og.png"], res.Files["timeline/og.png"]) {
		t.Error("vi/timeline/og.png is the English card")
	}
	if _, err := png.Decode(bytes.NewReader(res.Files["vi/timeline/og.png"])); err != nil {
		t.Errorf("vi/timeline/og.png: %v", err)
	}
}

// TestCardsByteIdentical builds twice, each time drawing every card anew
// into its own cache directory, then a third time from the first cache:
// the three outputs are the same bytes.
func TestCardsByteIdentical(t *testing.T) {
	fsys := loadSite(t)
	build := func(cache string) map[string][]byte {
		forgetCards()
		return mustBuild(t, fsys, Options{Cache: cache}).Files
	}
	dir := t.TempDir()
	a, b, c := build(dir), build(t.TempDir()), build(dir)
	cards := 0
	for name, f := range a {
		if path.Base(name) == "og.png" {
			cards++
		}
		if !bytes.Equal(f, b[name]) || !bytes.Equal(f, c[name]) {
			t.Errorf("%s differs between builds", name)
		}
	}
	if len(a) != len(b) || len(a) != len(c) {
		t.Errorf("%d, %d and %d files", len(a), len(b), len(c))
	}
	kept, _ := os.ReadDir(dir + "/cards")
	if cards == 0 || len(kept) == 0 {
		t.Errorf("%d cards, cache holds %d entries", cards, len(kept))
	}
}

// TestCardFont: a title in a script the built-in font lacks is a warning
// naming its file, which site.yaml's card_font: answers; a card_font that
// is missing or no font is an error at its line.
func TestCardFont(t *testing.T) {
	han := txtar.Parse([]byte(`
-- content/events/treaty-signed.md --
---
title: 条约签署
date: 1992-05-15
sources: [beta]
---
Signed [@beta].
`))
	res := mustBuild(t, loadSite(t, han), Options{})
	if !strings.Contains(res.Warnings.Error(), "content/events/treaty-signed.md:1:1: the social card of events/treaty-signed/og.png shows characters that the card font lacks: '条' (U+6761)") {
		t.Errorf("warnings:\n%v", res.Warnings)
	}
	if _, err := Build(loadSite(t, han), Options{Strict: true}); err == nil {
		t.Error("a strict build published a card with missing characters")
	}

	font, err := os.ReadFile("../card/font/NotoSans-Regular.subset.ttf")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{"", `content/site.yaml:8:12: card_font: no font file "fonts/x.ttf" in the site's directory`},
		{"not a font", `content/site.yaml:8:12: card_font: fonts/x.ttf is not a TrueType or OpenType font`},
		{string(font), ""},
	} {
		m := loadSite(t, txtar.Parse([]byte(`
-- content/site.yaml --
title: Tiny dossier
description: A test dossier.
base_url: https://example.org/tiny/
languages: [en]
period:
  start: 2022-01-02
  end: 2022-01-11
card_font: fonts/x.ttf
`)))
		if tc.file != "" {
			m["fonts/x.ttf"] = fstestFile{tc.file}.mapFile()
		}
		_, err := Build(m, Options{})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("a real font: %v", err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("got %v, want %s", err, tc.want)
		}
	}
}

// TestLastUpdated: a page shows the last commit of its file; a file the
// history does not know shows its updated: key, or nothing; a page that
// gathers many files shows the latest; JSON-LD says dateModified.
func TestLastUpdated(t *testing.T) {
	m := loadSite(t, txtar.Parse([]byte(`
-- content/sources/beta.md --
---
title: Beta
publisher: unknown
language: en
published:
  date: 1992
  precision: approximate
updated: 2023-07-14
---
A summary [@beta].
`)))
	dates := map[string]time.Time{
		"content/events/protests-begin.md": time.Date(2024, 3, 5, 23, 0, 0, 0, time.UTC),
		"content/sources/alpha.md":         time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
		"content/membership.yaml":          time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
	}
	files := mustBuild(t, m, Options{History: history.Known(dates)}).Files
	updated := func(name string) string {
		t.Helper()
		m := regexp.MustCompile(`<p class="updated">Last updated: <time datetime="([^"]*)">([^<]*)</time></p>`).FindSubmatch(files[name])
		if m == nil {
			return ""
		}
		return string(m[1]) + " " + string(m[2])
	}
	for name, want := range map[string]string{
		"events/protests-begin/index.html": "2024-03-05 5 March 2024",
		"sources/alpha/index.html":         "2024-01-02 2 January 2024",
		"sources/beta/index.html":          "2023-07-14 14 July 2023", // its updated: key
		"events/treaty-signed/index.html":  "",                        // neither
		"sources/index.html":               "2024-01-02 2 January 2024",
		"timeline/index.html":              "2024-03-05 5 March 2024",
		"membership/index.html":            "2024-06-01 1 June 2024",
		"index.html":                       "2024-06-01 1 June 2024",
		"search/index.html":                "",
	} {
		if got := updated(name); got != want {
			t.Errorf("%s: last updated %q, want %q", name, got, want)
		}
	}
	var modified string
	for _, n := range jsonLD(t, files["events/protests-begin/index.html"]) {
		if n["@type"] == "WebPage" {
			modified, _ = n["dateModified"].(string)
		}
	}
	if modified != "2024-03-05" {
		t.Errorf("JSON-LD dateModified %q, want 2024-03-05", modified)
	}

	// A history that is not to be had leaves the updated: keys.
	files = mustBuild(t, m, Options{}).Files
	if got := updated("events/protests-begin/index.html"); got != "" {
		t.Errorf("without history: %q", got)
	}
	if got := updated("sources/beta/index.html"); got != "2023-07-14 14 July 2023" {
		t.Errorf("without history, beta: %q", got)
	}
}

// TestEditorsAndData: editors and the corrections contact appear in the
// footer and on the about page, the open data is linked from the footer,
// the timeline and the about page, and every link reaches a data file.
func TestEditorsAndData(t *testing.T) {
	m := loadSite(t, txtar.Parse([]byte(`
-- content/site.yaml --
title: Tiny dossier
description: A test dossier.
base_url: https://example.org/tiny/
languages: [en]
period:
  start: 2022-01-02
  end: 2022-01-11
editors:
  - name: Ana Editor
    url: https://example.org/ana/
  - name: The Desk
corrections: desk@example.org
-- content/pages/about.md --
---
title: About
---
Who we are.
`)))
	files := mustBuild(t, m, Options{}).Files
	for _, name := range []string{"index.html", "events/protests-begin/index.html", "about/index.html"} {
		contains(t, files, name,
			`<p class="editors">Editors: <a href="https://example.org/ana/">Ana Editor</a>, The Desk</p>`,
			`<p class="corrections">Corrections: <a href="mailto:desk@example.org">desk@example.org</a></p>`)
	}
	contains(t, files, "about/index.html", `<h2 id="colophon">Editors, corrections and data</h2>`,
		`To report an error or ask for a correction: <a href="mailto:desk@example.org">desk@example.org</a>`,
		`<a href="../data/membership.json" type="application/json">Membership (JSON)</a> <code>membership.json</code>`)
	contains(t, files, "timeline/index.html", `<p class="open-data">Download the dossier as data: <a href="../data/events.json"`)
	linked := regexp.MustCompile(`href="((?:\.\./)*data/[^"]*)"`)
	for _, name := range []string{"index.html", "timeline/index.html", "about/index.html"} {
		ms := linked.FindAllSubmatch(files[name], -1)
		if len(ms) < 6 {
			t.Errorf("%s links to %d data files, want 6", name, len(ms))
		}
		for _, l := range ms {
			if _, ok := files[path.Join(path.Dir(name), string(l[1]))]; !ok {
				t.Errorf("%s links to %s, which the build did not write", name, l[1])
			}
		}
	}
	if strings.Contains(string(files["method/index.html"]), `id="colophon"`) {
		t.Error("a page other than about has the colophon")
	}

	for _, tc := range []struct{ yaml, want string }{
		{"corrections: not an address", `content/site.yaml:9:14: corrections: "not an address" is neither an email address`},
		{"corrections: ftp://example.org/", `is neither an email address`},
		{"editors:\n  - name: A\n    url: example.org", `content/site.yaml:10:5: editors: url "example.org" of A is not an http(s) URL`},
		{"editors:\n  - url: https://example.org/", `content/site.yaml:10:5: missing required key "name"`},
	} {
		m["content/site.yaml"] = fstestFile{`title: Tiny dossier
description: A test dossier.
base_url: https://example.org/tiny/
languages: [en]
period:
  start: 2022-01-02
  end: 2022-01-11
# editors
` + tc.yaml + "\n"}.mapFile()
		if _, err := Build(m, Options{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %s", tc.yaml, err, tc.want)
		}
	}
}

type fstestFile struct{ data string }

func (f fstestFile) mapFile() *fstest.MapFile { return &fstest.MapFile{Data: []byte(f.data)} }

// BenchmarkCardCached measures a card taken from the cache directory, as
// every unchanged page's card is in a build after the first: its key, its
// missing characters and the read of its file.
func BenchmarkCardCached(b *testing.B) {
	r, err := card.New(card.Options{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	c := card.Card{Site: "The River Compact, March 2024", Title: "Four states sign the River Compact at the summit in Lisbon", Kind: "Event", Date: "5 March 2024"}
	cached(r, c, r.Key(c), dir)
	b.ReportAllocs()
	for b.Loop() {
		forgetCards()
		r.Missing(c)
		if png, _ := cached(r, c, r.Key(c), dir); png == nil {
			b.Fatal("no card")
		}
	}
}

// TestLastUpdatedTranslation: a translated page shows the later of its
// original's and its translation's last commits; the original's page,
// the original's.
func TestLastUpdatedTranslation(t *testing.T) {
	dates := map[string]time.Time{
		"content/events/protests-begin.md":    time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		"content/events/protests-begin.vi.md": time.Date(2024, 4, 9, 0, 0, 0, 0, time.UTC),
		"content/entities/kazakhstan.md":      time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		"content/entities/kazakhstan.vi.md":   time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC),
	}
	files := mustBuild(t, bilingual(t), Options{History: history.Known(dates)}).Files
	contains(t, files, "events/protests-begin/index.html", `<time datetime="2024-03-05">5 March 2024</time>`)
	contains(t, files, "vi/events/protests-begin/index.html", `Cập nhật lần cuối: <time datetime="2024-04-09">ngày 9 tháng 4 năm 2024</time>`)
	contains(t, files, "vi/entities/kazakhstan/index.html", `Cập nhật lần cuối: <time datetime="2024-05-01">`)
}

// TestCardColors: the cards take their colours from the site's stylesheet,
// and a colour of text too faint on the background is an error at its
// place in the stylesheet.
func TestCardColors(t *testing.T) {
	m := loadSite(t)
	m["static/css/site.css"] = fstestFile{":root {\n  --bg: #102030;\n  --fg: #ffffff;\n  --muted: #d0d0d0;\n  --accent: #ffd070;\n}\n"}.mapFile()
	files := mustBuild(t, m, Options{}).Files
	img, err := png.Decode(bytes.NewReader(files["events/protests-begin/og.png"]))
	if err != nil {
		t.Fatal(err)
	}
	for _, px := range []struct {
		x, y int
		want color.RGBA
	}{{600, 5, color.RGBA{0x10, 0x20, 0x30, 0xff}}, {4, 300, color.RGBA{0xff, 0xd0, 0x70, 0xff}}} {
		if got := color.RGBAModel.Convert(img.At(px.x, px.y)); got != px.want {
			t.Errorf("at %d,%d: %v, want %v", px.x, px.y, got, px.want)
		}
	}

	m["static/css/site.css"] = fstestFile{":root {\n  --bg: #102030;\n  --fg: #ffffff;\n  --muted: #405060;\n}\n"}.mapFile()
	_, err = Build(m, Options{})
	for _, want := range []string{
		"static/css/site.css:4:12: --muted #405060 on --bg #102030 has a contrast of 1.99:1, under the 4.5:1 that the social cards' text needs (WCAG AA); darken or lighten one of them",
		"static/css/site.css:2:9: --accent #0a56a5 on --bg #102030 has a contrast of 2.27:1, under the 4.5:1 that the social cards' text needs (WCAG AA); the first :root rule leaves --accent at the built-in theme's colour: set it there",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %s", err, want)
		}
	}
}
