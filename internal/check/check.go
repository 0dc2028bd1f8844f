// Package check reads a built site the way its readers do and reports
// whatever would let them down. It is what `dossier check` runs.
//
// It works on the output directory, as an fs.FS, in one of two ways:
//
//   - Served (the default): it serves the directory under a base path
//     ("/" or "/repo/") with the handler of package ghpages, which behaves
//     like GitHub Pages (and serves `dossier serve` too), and fetches every page and every link target over HTTP from that
//     server, as a browser would.
//   - Offline: it opens the files as a browser opens them from disk
//     (file://), where nothing turns a folder into its index.html: a link
//     to "events/x/" opens a file listing, so it is broken there, and only
//     "events/x/index.html" works.
//
// Either way it reports, with the file and line where each problem is:
//
//   - a link (<a>, <link>, <script>, <img>…) whose target does not load,
//     or that climbs out of the site's base path;
//   - a #fragment with no element of that id (or <a name>) in its target;
//   - a page that does not parse as intended: no doctype, elements never
//     closed or closed out of order, end tags that close nothing, ids used
//     twice, JSON-LD that is not valid JSON (see parseHTML);
//   - a page that no chain of <a> links from the home page reaches;
//   - a page missing from sitemap.xml, or a sitemap entry that is not a
//     page; hreflang alternates that are not pages;
//   - a canonical URL that is not the page's own address (the base URL is
//     read from the home page's <link rel=canonical>);
//   - a social card (og:image) under the base URL that is not a file of
//     the site;
//   - a feed (<link rel=alternate type=application/atom+xml>) that is not
//     valid Atom, whose entries are not pages, or that leaves out an event
//     page (a page in an events/ folder) that names it;
//   - robots.txt naming no sitemap, or a missing one;
//   - when served: a missing page not answered 404, and a 404.html whose
//     links do not work from an address several folders deep (GitHub
//     Pages serves it at any address).
//
// Links to other hosts are not fetched.
package check

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/internal/ghpages"
)

// Options say how to read the site.
type Options struct {
	// BasePath is the path the site is served under: "/" for a site at
	// the root of its host, "/repo/" for a GitHub Pages project site.
	BasePath string
	// Offline reads the files as a browser opens them from disk, instead
	// of serving them.
	Offline bool
}

// A Problem is one thing wrong with the site.
type Problem struct {
	File string // path in the site's directory, e.g. "events/x/index.html"
	Line int    // 0 when not known
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Report is what a check found.
type Report struct {
	Pages    int // HTML pages read
	Links    int // links checked, counting each occurrence, including sitemap and feed entries
	Anchors  int // of which, links with a #fragment checked against the target's ids
	Problems []Problem
}

// Site checks the built site in fsys. The error is for failures of the
// check itself; problems with the site are in the report.
func Site(fsys fs.FS, opts Options) (*Report, error) {
	c := &crawler{fsys: fsys, offline: opts.Offline, pages: map[string]*page{}, res: map[string]*resource{}, edges: map[string][]string{}}
	if opts.Offline {
		c.root = &url.URL{Scheme: "file", Path: "/site/"}
	} else {
		pages := ghpages.New(fsys, opts.BasePath)
		base := pages.Base()
		srv := httptest.NewServer(pages)
		defer srv.Close()
		root, err := url.Parse(srv.URL + base)
		if err != nil {
			return nil, err
		}
		c.root, c.client = root, srv.Client()
	}
	if err := c.run(); err != nil {
		return nil, err
	}
	return &c.rep, nil
}

type crawler struct {
	fsys    fs.FS
	offline bool
	root    *url.URL // the site's root: http://127.0.0.1:port/base/ or file:///site/
	client  *http.Client
	canon   string // the site's public base URL, from the home page's canonical link

	keys  []string         // site paths of the pages, sorted
	pages map[string]*page // by site path: "" for the home page, "events/x/", "a.html"
	res   map[string]*resource
	edges map[string][]string // page → pages it links to with <a>
	rep   Report
}

// A resource is what loading a URL gave.
type resource struct {
	key  string // site path of what was served, after redirects
	err  string // why it did not load; empty if it did
	body []byte
	html bool
}

func (c *crawler) problem(file string, line int, format string, args ...any) {
	c.rep.Problems = append(c.rep.Problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// keyOf turns a path in the site's directory into the site path of what
// it serves: "events/x/index.html" → "events/x/".
func keyOf(file string) string {
	if file == "index.html" || strings.HasSuffix(file, "/index.html") {
		return strings.TrimSuffix(file, "index.html")
	}
	return file
}

// fileOf is the inverse of keyOf.
func fileOf(key string) string {
	if key == "" || strings.HasSuffix(key, "/") {
		return key + "index.html"
	}
	return key
}

func (c *crawler) run() error {
	err := fs.WalkDir(c.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && path.Ext(p) == ".html" && p != "404.html" {
			c.keys = append(c.keys, keyOf(p))
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.Sort(c.keys)

	for _, key := range c.keys {
		file := fileOf(key)
		r := c.load(c.pageURL(key))
		if r.err != "" {
			c.problem(file, 0, "cannot be opened: %s", r.err)
			continue
		}
		p := parseHTML(file, r.body)
		c.pages[key] = p
		c.rep.Pages++
		c.rep.Problems = append(c.rep.Problems, p.problems...)
	}
	home := c.pages[""]
	if home == nil {
		c.problem("index.html", 0, "no home page: nothing can be reached")
		c.finish()
		return nil
	}
	if u, err := url.Parse(home.canonical); err == nil && u.IsAbs() && strings.HasSuffix(u.Path, "/") {
		c.canon = home.canonical
	} else if home.canonical != "" {
		c.problem("index.html", 0, "canonical URL %q is not an absolute URL ending in /", home.canonical)
	}

	for _, key := range c.keys {
		if p := c.pages[key]; p != nil {
			c.checkPage(key, p, c.pageURL(key))
		}
	}
	c.reach()
	c.checkSitemap()
	c.checkRobots()
	c.checkFeeds()
	c.checkNotFound()
	c.finish()
	return nil
}

// pageURL is the URL a reader opens a page at.
func (c *crawler) pageURL(key string) *url.URL {
	rel := key
	if c.offline {
		rel = fileOf(key)
	}
	return c.root.ResolveReference(&url.URL{Path: rel})
}

func (c *crawler) finish() {
	ps := c.rep.Problems
	slices.SortFunc(ps, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), strings.Compare(a.Msg, b.Msg))
	})
	c.rep.Problems = slices.Compact(ps)
}

// checkPage checks every link of a page read at the address from, and
// its canonical URL.
func (c *crawler) checkPage(key string, p *page, from *url.URL) {
	if p.base != "" {
		if b, err := from.Parse(p.base); err == nil {
			from = b
		}
	}
	for _, l := range p.links {
		c.checkLink(key, p, from, l)
	}
	if c.canon != "" && key != "404.html" {
		want := c.canon + key
		switch p.canonical {
		case want:
		case "":
			c.problem(p.file, 0, "no <link rel=canonical>; want %s", want)
		default:
			c.problem(p.file, 0, "canonical URL is %s; want %s", p.canonical, want)
		}
	}
	for _, img := range p.images {
		rel, ok := strings.CutPrefix(img.href, c.canon)
		if c.canon == "" || !ok {
			continue // another host's picture is not fetched
		}
		if fi, err := fs.Stat(c.fsys, rel); err != nil || fi.IsDir() {
			c.problem(p.file, img.line, "og:image %s: the site has no %s, so link previews show no picture", img.href, rel)
		}
	}
}

func (c *crawler) checkLink(key string, p *page, from *url.URL, l link) {
	if l.href == "" {
		c.problem(p.file, l.line, "<%s> has an empty link", l.tag)
		return
	}
	if frag, ok := strings.CutPrefix(l.href, "#"); ok && p.base == "" {
		// A link within the page: wherever the page is served.
		c.rep.Links++
		if frag == "" {
			return
		}
		c.rep.Anchors++
		if f, err := url.PathUnescape(frag); err == nil {
			frag = f
		}
		if _, ok := p.ids[frag]; !ok {
			c.problem(p.file, l.line, "link %q: %s has no element with id %q", l.href, p.file, frag)
		}
		return
	}
	u, err := from.Parse(l.href)
	if err != nil {
		c.problem(p.file, l.line, "cannot read the link %q: %v", l.href, err)
		return
	}
	switch u.Scheme {
	case "mailto", "tel", "javascript", "data":
		return
	}
	// A link to the site's public address: check it by site path, since
	// it points at the published site, wherever this copy is read from.
	if c.canon != "" && (u.Scheme == "http" || u.Scheme == "https") {
		if rest, ok := strings.CutPrefix(withoutFragment(u), c.canon); ok {
			c.rep.Links++
			c.checkKey(p, l, strings.SplitN(rest, "?", 2)[0], u.Fragment)
			return
		}
	}
	if u.Scheme != c.root.Scheme || u.Host != c.root.Host {
		return // another site
	}
	c.rep.Links++
	if !strings.HasPrefix(u.Path, c.root.Path) {
		where := "outside the base path " + c.root.Path
		if c.offline {
			where = "outside the site's folder"
		}
		c.problem(p.file, l.line, "link %q leads %s", l.href, where)
		return
	}
	r := c.load(u)
	if r.err != "" {
		c.problem(p.file, l.line, "broken link %q: %s", l.href, r.err)
		return
	}
	target := c.pages[r.key]
	if target == nil && r.html {
		target = parseHTML(fileOf(r.key), r.body)
	}
	if u.Fragment != "" && target != nil {
		c.rep.Anchors++
		if _, ok := target.ids[u.Fragment]; !ok {
			c.problem(p.file, l.line, "link %q: %s has no element with id %q", l.href, target.file, u.Fragment)
		}
	}
	if (l.tag == "a" || l.tag == "form") && c.pages[r.key] != nil { // a search form leads readers to its page
		c.edges[key] = append(c.edges[key], r.key)
	}
}

// checkKey checks a link given as a site path: a page, or a file.
func (c *crawler) checkKey(p *page, l link, key, frag string) {
	key = keyOf(key)
	if target := c.pages[key]; target != nil {
		if frag != "" {
			c.rep.Anchors++
			if _, ok := target.ids[frag]; !ok {
				c.problem(p.file, l.line, "link %q: %s has no element with id %q", l.href, target.file, frag)
			}
		}
		return
	}
	if fi, err := fs.Stat(c.fsys, fileOf(key)); err == nil && !fi.IsDir() {
		return
	}
	c.problem(p.file, l.line, "broken link %q: the site has no %s", l.href, fileOf(key))
}

func withoutFragment(u *url.URL) string {
	v := *u
	v.Fragment, v.RawFragment = "", ""
	return v.String()
}

// reach marks the pages that a reader reaches from the home page by
// following links, and reports the others.
func (c *crawler) reach() {
	queue := []string{""}
	c.pages[""].reachable = true
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		for _, t := range c.edges[k] {
			if p := c.pages[t]; p != nil && !p.reachable {
				p.reachable = true
				queue = append(queue, t)
			}
		}
	}
	for _, k := range c.keys {
		if p := c.pages[k]; p != nil && !p.reachable {
			c.problem(p.file, 0, "orphan: no chain of links from the home page leads here")
		}
	}
}

// load fetches a URL of the site, once.
func (c *crawler) load(u *url.URL) *resource {
	id := withoutFragment(u)
	if r, ok := c.res[id]; ok {
		return r
	}
	var r *resource
	if c.offline {
		r = c.loadFile(u)
	} else {
		r = c.loadHTTP(u)
	}
	c.res[id] = r
	return r
}

// loadFile opens a file as a browser does from disk: a folder is a
// folder, never its index.html.
func (c *crawler) loadFile(u *url.URL) *resource {
	rel := strings.TrimPrefix(u.Path, c.root.Path)
	if rel == "" || strings.HasSuffix(rel, "/") {
		if c.isFile(rel + "index.html") {
			return &resource{err: fmt.Sprintf("from disk it opens the folder %s as a file listing, not its index.html; link to %sindex.html", cmp.Or(rel, "./"), rel)}
		}
		return &resource{err: fmt.Sprintf("no folder %s with an index.html", cmp.Or(rel, "./"))}
	}
	fi, err := fs.Stat(c.fsys, rel)
	switch {
	case err != nil:
		return &resource{err: "no file " + rel}
	case fi.IsDir():
		if c.isFile(rel + "/index.html") {
			return &resource{err: fmt.Sprintf("%s is a folder: from disk it opens as a file listing; link to %s/index.html", rel, rel)}
		}
		return &resource{err: rel + " is a folder"}
	}
	b, err := fs.ReadFile(c.fsys, rel)
	if err != nil {
		return &resource{err: err.Error()}
	}
	ext := path.Ext(rel)
	return &resource{key: keyOf(rel), body: b, html: ext == ".html" || ext == ".htm"}
}

func (c *crawler) isFile(name string) bool {
	fi, err := fs.Stat(c.fsys, name)
	return err == nil && !fi.IsDir()
}

func (c *crawler) loadHTTP(u *url.URL) *resource {
	v := *u
	v.Fragment, v.RawFragment = "", ""
	resp, err := c.client.Get(v.String())
	if err != nil {
		return &resource{err: err.Error()}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return &resource{err: err.Error()}
	}
	if resp.StatusCode != http.StatusOK {
		return &resource{err: "the server answers " + resp.Status}
	}
	final := resp.Request.URL
	rel, ok := strings.CutPrefix(final.Path, c.root.Path)
	if !ok {
		return &resource{err: "redirects to " + final.Path + ", outside the base path " + c.root.Path}
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return &resource{key: keyOf(rel), body: b, html: mt == "text/html"}
}

// checkNotFound checks 404.html. Served, it asks for missing pages at two
// depths, expects 404 and checks the links of what comes back from there:
// a relative link in a 404 page breaks as soon as the missing address is
// in a subfolder. Offline, 404.html is never shown; it is only parsed.
func (c *crawler) checkNotFound() {
	b, err := fs.ReadFile(c.fsys, "404.html")
	exists := err == nil
	if c.offline {
		if exists {
			c.rep.Problems = append(c.rep.Problems, parseHTML("404.html", b).problems...)
			c.rep.Pages++
		}
		return
	}
	for i, probe := range []string{"no-such-page", "no/such/folder/or/page/"} {
		u := c.root.ResolveReference(&url.URL{Path: probe})
		resp, err := c.client.Get(u.String())
		if err != nil {
			c.problem("404.html", 0, "%s: %v", u.Path, err)
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			c.problem("404.html", 0, "%s: %v", u.Path, err)
			continue
		}
		if resp.StatusCode != http.StatusNotFound {
			c.problem("404.html", 0, "the missing page %s is answered %s, not 404", u.Path, resp.Status)
			continue
		}
		if !exists {
			continue
		}
		p := parseHTML("404.html", body)
		if i == 0 {
			c.rep.Pages++
			c.rep.Problems = append(c.rep.Problems, p.problems...)
		}
		// Each problem says from where the link was followed.
		n := len(c.rep.Problems)
		c.checkPage("404.html", p, u)
		for j := n; j < len(c.rep.Problems); j++ {
			c.rep.Problems[j].Msg += " (served at " + u.Path + ")"
		}
	}
	if !exists {
		c.problem("404.html", 0, "missing: GitHub Pages shows its own 404 page, without the site's links")
	}
}

// readKey reads a metadata file of the site; ok is false if it is missing.
func (c *crawler) readKey(file string) ([]byte, bool) {
	b, err := fs.ReadFile(c.fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		c.problem(file, 0, "cannot be read: %v", err)
		return nil, false
	}
	return b, true
}

// siteKey maps an absolute URL of the published site to its site path.
func (c *crawler) siteKey(abs string) (string, bool) {
	if c.canon == "" {
		return "", false
	}
	rest, ok := strings.CutPrefix(abs, c.canon)
	return keyOf(rest), ok
}
