// Package publish writes the files that hosts, search engines and feed
// readers look for beside the pages:
//
//   - sitemap.xml: every page, with its hreflang alternates (and
//     x-default, the first language) when the site has several languages;
//   - feed.xml, and <lang>/feed.xml for each other language: an Atom feed
//     of the events, newest first;
//   - robots.txt, which allows everything and names the sitemap;
//   - .nojekyll, so that GitHub Pages, when it publishes a branch, serves
//     the files as they are instead of running Jekyll on them.
//
// Every URL in them is absolute, from the site's base URL. Output is
// deterministic: the only dates are the events' own, and the feed's
// <updated> is the latest of them.
package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"time"

	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/site"
)

// Files returns the files to publish beside the pages of s, by path.
func Files(s *site.Site) (map[string][]byte, error) {
	files := map[string][]byte{
		".nojekyll":  {},
		"robots.txt": Robots(s),
	}
	sm, err := Sitemap(s)
	if err != nil {
		return nil, err
	}
	files["sitemap.xml"] = sm
	for i, lang := range s.Langs {
		prefix := ""
		if i > 0 {
			prefix = i18n.PathPrefix(lang)
		}
		f, err := Feed(s, lang)
		if err != nil {
			return nil, err
		}
		files[prefix+"feed.xml"] = f
	}
	return files, nil
}

// Robots returns robots.txt.
func Robots(s *site.Site) []byte {
	return fmt.Appendf(nil, `# Crawlers read robots.txt only at the root of a host; under a subpath
# (a GitHub Pages project site) this file is for reference.
User-agent: *
Allow: /

Sitemap: %ssitemap.xml
`, s.BaseURL)
}

type urlset struct {
	XMLName xml.Name `xml:"urlset"`
	XMLNS   string   `xml:"xmlns,attr"`
	XHTML   string   `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []sitemapURL
}

type sitemapURL struct {
	XMLName    xml.Name    `xml:"url"`
	Loc        string      `xml:"loc"`
	Alternates []alternate `xml:"xhtml:link"`
}

type alternate struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// Sitemap returns sitemap.xml: every page of s, in order.
func Sitemap(s *site.Site) ([]byte, error) {
	set := urlset{XMLNS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	multi := len(s.Langs) > 1
	if multi {
		set.XHTML = "http://www.w3.org/1999/xhtml"
	}
	for _, p := range s.Pages {
		lay := p.Bare()
		u := sitemapURL{Loc: lay.Canonical}
		if multi {
			for _, a := range lay.Alternates {
				u.Alternates = append(u.Alternates, alternate{Rel: "alternate", Hreflang: a.Lang, Href: a.URL})
			}
			if len(lay.Alternates) > 0 {
				u.Alternates = append(u.Alternates, alternate{Rel: "alternate", Hreflang: "x-default", Href: lay.Alternates[0].URL})
			}
		}
		set.URLs = append(set.URLs, u)
	}
	return marshal(set)
}

// Atom (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Links     []atomLink `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Summary   string     `xml:"summary,omitempty"`
}

// Feed returns the Atom feed of the events of one language: one entry per
// event page, newest first, dated by the event's first day. The summary is
// the page's description, as plain text.
func Feed(s *site.Site, lang string) ([]byte, error) {
	var home *site.Page
	var events []*site.Page
	for _, p := range s.Pages {
		if p.Lang != lang {
			continue
		}
		switch p.TemplateName() {
		case "home":
			home = p
		case "event":
			events = append(events, p)
		}
	}
	if home == nil {
		return nil, fmt.Errorf("publish: no %s home page to name the feed after", lang)
	}
	hl := home.Bare()
	feedURL := hl.Canonical + "feed.xml"
	f := atomFeed{
		Lang: lang, ID: feedURL, Title: hl.SiteTitle,
		Author: atomAuthor{Name: hl.SiteTitle},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: feedURL},
			{Rel: "alternate", Type: "text/html", Href: hl.Canonical},
		},
	}
	var latest time.Time
	for _, p := range slices.Backward(events) {
		day := p.Start()
		if day.After(latest) {
			latest = day
		}
		when := day.Format(time.RFC3339)
		lay := p.Bare()
		f.Entries = append(f.Entries, atomEntry{
			ID: lay.Canonical, Title: lay.Title,
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: lay.Canonical}},
			Published: when, Updated: when, Summary: lay.Description,
		})
	}
	// An empty feed is still valid Atom; give it a fixed date.
	f.Updated = latest.Format(time.RFC3339)
	if latest.IsZero() {
		f.Updated = "1970-01-01T00:00:00Z"
	}
	return marshal(f)
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
