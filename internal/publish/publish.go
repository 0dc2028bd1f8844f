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
	files := map[string][]byte{}
	err := Write(s, func(name string, b []byte) error {
		files[name] = b
		return nil
	})
	return files, err
}

// Write hands the files to publish beside the pages of s to add, one by
// one, each as soon as it is made: a large site's sitemap and feeds are
// tens of megabytes. The error is add's first, or the making's.
func Write(s *site.Site, add func(name string, b []byte) error) error {
	if err := add(".nojekyll", []byte{}); err != nil {
		return err
	}
	if err := add("robots.txt", Robots(s)); err != nil {
		return err
	}
	sm, err := Sitemap(s)
	if err != nil {
		return err
	}
	if err := add("sitemap.xml", sm); err != nil {
		return err
	}
	for i, lang := range s.Langs {
		prefix := ""
		if i > 0 {
			prefix = i18n.PathPrefix(lang)
		}
		f, err := Feed(s, lang)
		if err != nil {
			return err
		}
		if err := add(prefix+"feed.xml", f); err != nil {
			return err
		}
	}
	return nil
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

// urlset is the root of a sitemap, whose URLs Sitemap writes one by one.
type urlset struct {
	XMLNS, XHTML string
}

func (u urlset) start() xml.StartElement {
	start := xml.StartElement{Name: xml.Name{Local: "urlset"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: u.XMLNS}}}
	if u.XHTML != "" {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "xmlns:xhtml"}, Value: u.XHTML})
	}
	return start
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
	return marshal(set.start(), func(enc *xml.Encoder) error {
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
			if err := enc.Encode(u); err != nil {
				return err
			}
		}
		return nil
	})
}

// Atom (RFC 4287). Feed writes the elements of the feed one by one: its
// head, then its entries.
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
	var latest time.Time
	for _, p := range events {
		if day := p.Start(); day.After(latest) {
			latest = day
		}
	}
	// An empty feed is still valid Atom; give it a fixed date.
	updated := latest.Format(time.RFC3339)
	if latest.IsZero() {
		updated = "1970-01-01T00:00:00Z"
	}
	head := []struct {
		name string
		v    any
	}{
		{"id", feedURL}, {"title", hl.SiteTitle}, {"updated", updated}, {"author", atomAuthor{Name: hl.SiteTitle}},
		{"link", []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: feedURL},
			{Rel: "alternate", Type: "text/html", Href: hl.Canonical},
		}},
	}
	root := xml.StartElement{Name: xml.Name{Space: "http://www.w3.org/2005/Atom", Local: "feed"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xml:lang"}, Value: lang}}}
	return marshal(root, func(enc *xml.Encoder) error {
		for _, el := range head {
			if err := enc.EncodeElement(el.v, xml.StartElement{Name: xml.Name{Local: el.name}}); err != nil {
				return err
			}
		}
		for _, p := range slices.Backward(events) {
			when := p.Start().Format(time.RFC3339)
			lay := p.Bare()
			err := enc.EncodeElement(atomEntry{
				ID: lay.Canonical, Title: lay.Title,
				Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: lay.Canonical}},
				Published: when, Updated: when, Summary: lay.Description,
			}, xml.StartElement{Name: xml.Name{Local: "entry"}})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// marshal writes an XML document whose root is root, and whose children
// children writes, one by one: the sitemap or feed of a large site is
// never a value held whole, only the bytes it makes.
func marshal(root xml.StartElement, children func(*xml.Encoder) error) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.EncodeToken(root); err != nil {
		return nil, err
	}
	if err := children(enc); err != nil {
		return nil, err
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return nil, err
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
