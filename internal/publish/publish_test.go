package publish

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/site"
)

// A one-language site with no events: the sitemap has no hreflang
// alternates, and the feed is valid Atom with no entry and a fixed date.
func TestOneLanguageNoEvents(t *testing.T) {
	base := "https://example.org/x/"
	page := func(path string, data any) *site.Page {
		return &site.Page{Path: path, Lang: "en", Data: data, Layout: &site.Layout{
			Title: path, SiteTitle: "T & <co>", Canonical: base + path,
			Alternates: []site.Alternate{{Lang: "en", URL: base + path}},
		}}
	}
	s := &site.Site{
		Dossier: &content.Dossier{}, BaseURL: base, Langs: []string{"en"},
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
