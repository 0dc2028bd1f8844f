package publish

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/site"
)

// A one-language site with no events: the sitemap has no hreflang
// alternates, and the feed is valid Atom with no entry and a fixed date.
func TestOneLanguageNoEvents(t *testing.T) {
	base := "https://example.org/x/"
	page := func(path string, data site.View) *site.Page {
		return &site.Page{Path: path, Lang: "en", Data: data, Layout: &site.Layout{
			Title: path, SiteTitle: "T & <co>", Canonical: base + path,
			Alternates: []site.Alternate{{Lang: "en", URL: base + path}},
		}}
	}
	s := &site.Site{
		BaseURL: base, Langs: []string{"en"},
		Pages: []*site.Page{page("", &site.Home{}), page("timeline/", &site.Timeline{})},
	}
	files, err := Files(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>https://example.org/x/</loc>
  </url>
  <url>
    <loc>https://example.org/x/timeline/</loc>
  </url>
</urlset>
`
	if got := string(files["sitemap.xml"]); got != want {
		t.Errorf("sitemap.xml:\n%s\nwant:\n%s", got, want)
	}
	var feed struct {
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Entries []string `xml:"entry"`
	}
	if err := xml.Unmarshal(files["feed.xml"], &feed); err != nil {
		t.Fatalf("feed.xml: %v\n%s", err, files["feed.xml"])
	}
	if feed.Title != "T & <co>" || feed.Updated != "1970-01-01T00:00:00Z" || len(feed.Entries) != 0 {
		t.Errorf("feed: %+v", feed)
	}
	if !strings.Contains(string(files["robots.txt"]), "\nSitemap: https://example.org/x/sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", files["robots.txt"])
	}
	if _, ok := files[".nojekyll"]; !ok || len(files) != 4 {
		t.Errorf("files: %d, want .nojekyll, robots.txt, sitemap.xml, feed.xml", len(files))
	}
}

// The feed takes its entries and their dates from the event pages' views:
// newest first, dated by each event's first day, in the page's language.
func TestFeedFromEventViews(t *testing.T) {
	base := "https://example.org/"
	page := func(path, lang string, data site.View) *site.Page {
		return &site.Page{Path: path, Lang: lang, Data: data, Layout: &site.Layout{
			Title: "title " + path, SiteTitle: "T", Canonical: base + path, Description: "about " + path,
		}}
	}
	event := func(day string) *site.Event {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			t.Fatal(err)
		}
		return &site.Event{Start: d}
	}
	s := &site.Site{BaseURL: base, Langs: []string{"en", "fr"}, Pages: []*site.Page{
		page("", "en", &site.Home{}),
		page("events/a/", "en", event("1999-03-01")),
		page("events/b/", "en", event("2001-12-31")),
		page("sources/c/", "en", &site.Source{}),
		page("fr/", "fr", &site.Home{}),
		page("fr/events/a/", "fr", event("1999-03-01")),
	}}
	b, err := Feed(s, "en")
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Updated string `xml:"updated"`
		Entries []struct {
			ID        string `xml:"id"`
			Published string `xml:"published"`
			Summary   string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b, &feed); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range feed.Entries {
		got = append(got, e.Published+" "+e.ID+" "+e.Summary)
	}
	want := []string{
		"2001-12-31T00:00:00Z https://example.org/events/b/ about events/b/",
		"1999-03-01T00:00:00Z https://example.org/events/a/ about events/a/",
	}
	if !slices.Equal(got, want) || feed.Updated != "2001-12-31T00:00:00Z" {
		t.Errorf("feed updated %s, entries\n%q\nwant updated 2001-12-31 and\n%q", feed.Updated, got, want)
	}
}
