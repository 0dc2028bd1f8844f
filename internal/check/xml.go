package check

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Sitemap is the part of the sitemaps.org format that the check reads:
// each URL and its hreflang alternates.
type sitemap struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc        string `xml:"loc"`
	Alternates []struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	} `xml:"http://www.w3.org/1999/xhtml link"`
}

// checkSitemap checks that sitemap.xml is valid and lists exactly the
// pages.
func (c *crawler) checkSitemap() {
	const file = "sitemap.xml"
	b, ok := c.readKey(file)
	if !ok {
		c.problem(file, 0, "missing: search engines find pages only by following links")
		return
	}
	var sm sitemap
	if err := xml.Unmarshal(b, &sm); err != nil {
		c.problem(file, 0, "not a valid sitemap: %v", err)
		return
	}
	if c.canon == "" {
		c.problem(file, 0, "cannot tell which page each URL is: the home page has no canonical URL")
		return
	}
	listed := map[string]bool{}
	for _, u := range sm.URLs {
		c.rep.Links++
		key, ok := c.siteKey(u.Loc)
		switch {
		case !ok:
			c.problem(file, 0, "lists %s, which is not under the site's address %s", u.Loc, c.canon)
			continue
		case c.pages[key] == nil:
			c.problem(file, 0, "lists %s, which is not a page of the site", u.Loc)
			continue
		case listed[key]:
			c.problem(file, 0, "lists %s twice", u.Loc)
		}
		listed[key] = true
		for _, a := range u.Alternates {
			c.rep.Links++
			if k, ok := c.siteKey(a.Href); !ok || c.pages[k] == nil {
				c.problem(file, 0, "the %s alternate of %s, %s, is not a page of the site", a.Hreflang, u.Loc, a.Href)
			}
		}
	}
	for _, k := range c.keys {
		if c.pages[k] != nil && !listed[k] {
			c.problem(file, 0, "does not list %s", c.canon+k)
		}
	}
}

// checkRobots checks that robots.txt, if any, names the sitemap.
func (c *crawler) checkRobots() {
	const file = "robots.txt"
	b, ok := c.readKey(file)
	if !ok {
		return
	}
	named := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			continue
		}
		named = true
		v = strings.TrimSpace(v)
		c.rep.Links++
		if key, ok := c.siteKey(v); !ok || !c.isFile(key) {
			c.problem(file, line, "Sitemap: %s is not a file of the site", v)
		}
	}
	if !named && c.isFile("sitemap.xml") {
		c.problem(file, 0, "names no sitemap; add a line Sitemap: %ssitemap.xml", c.canon)
	}
}

// atomFeed is the part of Atom (RFC 4287) that the check reads.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

var eventPage = regexp.MustCompile(`(^|/)events/[^/]+/$`)

// checkFeeds checks every Atom feed that a page names: it is valid, each
// entry is a page, and every event page that names it is an entry.
func (c *crawler) checkFeeds() {
	if c.canon == "" {
		return
	}
	named := map[string][]string{} // feed file → pages that name it
	for _, k := range c.keys {
		p := c.pages[k]
		if p == nil {
			continue
		}
		for _, href := range p.feeds {
			u, err := c.pageURL(k).Parse(href)
			if err != nil {
				continue // reported as a link
			}
			f, ok := c.siteKey(u.String())
			if !ok {
				rel, under := strings.CutPrefix(u.Path, c.root.Path)
				if !under || u.Host != c.root.Host || u.Scheme != c.root.Scheme {
					continue
				}
				f = rel
			}
			if !slices.Contains(named[f], k) {
				named[f] = append(named[f], k)
			}
		}
	}
	feeds := make([]string, 0, len(named))
	for f := range named {
		feeds = append(feeds, f)
	}
	slices.Sort(feeds)
	for _, f := range feeds {
		b, ok := c.readKey(f)
		if !ok {
			continue // reported as a broken link
		}
		entries := c.checkFeed(f, b)
		for _, k := range named[f] {
			if eventPage.MatchString(k) && !entries[k] {
				c.problem(f, 0, "has no entry for the event page %s, which names this feed", c.canon+k)
			}
		}
	}
}

// checkFeed checks one Atom feed and returns the pages it has entries for.
func (c *crawler) checkFeed(file string, b []byte) map[string]bool {
	var feed atomFeed
	if err := xml.Unmarshal(b, &feed); err != nil {
		c.problem(file, 0, "not a valid Atom feed: %v", err)
		return nil
	}
	required := func(what, id, title, updated string) {
		if id == "" || title == "" {
			c.problem(file, 0, "%s needs an <id> and a <title>", what)
		}
		if _, err := time.Parse(time.RFC3339, updated); err != nil {
			c.problem(file, 0, "%s: <updated> %q is not an RFC 3339 time", what, updated)
		}
	}
	required("the feed", feed.ID, feed.Title, feed.Updated)
	entries := map[string]bool{}
	ids := map[string]bool{}
	for i, e := range feed.Entries {
		what := fmt.Sprintf("entry %d (%s)", i+1, e.Title)
		required(what, e.ID, e.Title, e.Updated)
		if ids[e.ID] {
			c.problem(file, 0, "%s: the id %s is used twice", what, e.ID)
		}
		ids[e.ID] = true
		for _, l := range e.Links {
			if l.Rel != "" && l.Rel != "alternate" {
				continue
			}
			c.rep.Links++
			k, ok := c.siteKey(l.Href)
			if !ok || c.pages[k] == nil {
				c.problem(file, 0, "%s links to %s, which is not a page of the site", what, l.Href)
				continue
			}
			entries[k] = true
		}
	}
	return entries
}
