package sitegen

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/diag"
	"golang.org/x/tools/txtar"
)

// repoRoot is the site root of the real dossier.
const repoRoot = "../.."

// loadSite returns the tiny test site (testdata/tiny.txtar) with the
// repository's real templates and static files, plus the files of each
// overlay archive, which replace files of the same name.
func loadSite(t testing.TB, overlays ...*txtar.Archive) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, dir := range []string{"templates", "static"} {
		err := fs.WalkDir(os.DirFS(repoRoot), dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(os.DirFS(repoRoot), p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	a, err := txtar.ParseFile("testdata/tiny.txtar")
	if err != nil {
		t.Fatal(err)
	}
	// The tiny site is English only.
	delete(m, "templates/i18n/vi.yaml")
	for _, a := range append([]*txtar.Archive{a}, overlays...) {
		for _, f := range a.Files {
			m[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return m
}

func mustBuild(t testing.TB, fsys fs.FS, opts Options) *Result {
	t.Helper()
	res, err := Build(fsys, opts)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res
}

func contains(t *testing.T, files map[string][]byte, name string, want ...string) {
	t.Helper()
	b, ok := files[name]
	if !ok {
		t.Fatalf("no file %s", name)
	}
	for _, w := range want {
		if !strings.Contains(string(b), w) {
			t.Errorf("%s does not contain %q", name, w)
		}
	}
}

func TestTinySite(t *testing.T) {
	files := mustBuild(t, loadSite(t), Options{}).Files
	for _, name := range []string{
		"index.html", "timeline/index.html", "membership/index.html", "sources/index.html",
		"sources/alpha/index.html", "sources/beta/index.html", "events/protests-begin/index.html",
		"events/troops-arrive/index.html", "events/treaty-signed/index.html", "entities/index.html",
		"entities/kazakhstan/index.html", "entities/almaty/index.html", "discrepancies/index.html",
		"method/index.html", "css/site.css", "css/chroma.css",
	} {
		if _, ok := files[name]; !ok {
			t.Errorf("missing %s", name)
		}
	}

	// The timeline: days in order, background apart, <time>, badges, summary only.
	contains(t, files, "timeline/index.html",
		`<li class="day" id="d-2022-01-02">`,
		`<time datetime="2022-01-06" data-end="2022-01-07">6–7 January 2022</time>`,
		`<h2 id="background">`,
		// Sources are numbered by date on the whole site: beta (9 January) is 1.
		`<a class="badge" href="../sources/beta/" title="Beta history"><span class="num">1</span> Beta Press</a></li><li><a class="badge" href="../sources/alpha/"`,
		`<a class="badge" href="../sources/alpha/" title="Alpha report"><span class="num">2</span> Vietnamese, 11 January 2022</a>`,
	)
	tl := string(files["timeline/index.html"])
	if strings.Index(tl, "d-2022-01-02") > strings.Index(tl, "d-2022-01-06") {
		t.Error("timeline days are out of order")
	}
	if strings.Index(tl, `id="background"`) > strings.Index(tl, "Treaty signed") == false {
		t.Error("the 1992 event is not in the background section")
	}
	if strings.Contains(tl, "A second paragraph") {
		t.Error("the timeline shows more than the first paragraph of an event")
	}

	// An event page: citations numbered as on every page (alpha is 2 even
	// where it is the only source cited), each opening a popover of its
	// source; reference list, cross-links, quote, prev/next.
	contains(t, files, "events/protests-begin/index.html",
		`<span class="cite">[<span class="ref"><button type="button" class="ref-num" popovertarget="c-events-protests-begin-1">2</button>`+
			`<span class="ref-pop" id="c-events-protests-begin-1" popover><a href="../../sources/alpha/" data-source="alpha">Alpha report</a></span></span>]</span>`,
		`<a class="xref" href="../../entities/kazakhstan/" title="Kazakhstan">the country</a>`,
		`<a class="xref" href="../../events/treaty-signed/">Treaty signed</a>`,
		`<li id="ref-2" value="2"><a href="../../sources/alpha/">Alpha report</a>`,
		`<blockquote lang="vi" dir="auto"><p>&#34;Tổng cộng   khoảng 2.500 binh sĩ&#34;</p></blockquote>`,
		`<a rel="prev" href="../treaty-signed/">`,
		`<a rel="next" href="../troops-arrive/">`,
		`Only one source reports this event`,
		`<link rel="canonical" href="https://example.org/tiny/events/protests-begin/">`,
	)
	contains(t, files, "events/troops-arrive/index.html",
		// [@alpha; @beta] shows beta (1) first, in the order of the numbers.
		`popovertarget="c-events-troops-arrive-1">1</button>`, `popovertarget="c-events-troops-arrive-2">2</button>`,
		// The reference list is in the order of the numbers.
		`<li id="ref-1" value="1"><a href="../../sources/beta/">Beta history</a>. Beta Press, English, 9 January 2022.</li>
  <li id="ref-2" value="2">`)

	// Backlinks: the source lists the events citing it; the entity its events and sources.
	contains(t, files, "sources/beta/index.html", "Events that cite this source (2)", "Treaty signed", "Troops arrive", "How many troops", "Alpha report</a> also reports 1 of these events")
	contains(t, files, "entities/kazakhstan/index.html", "Events (2)", "Protests begin", "Troops arrive", "Sources that mention it (1)", "Also written:", "Kazakstan", "founding member")

	// Membership: chart and table, founding member and leaving.
	contains(t, files, "membership/index.html", `<svg viewBox="0 0 720 `, `role="img"`, `<title id="chart-title">`, "Georgia: member from 1993 to 1999", "still a member")

	// The sources table lists the sources by number, with their short
	// labels; a source page says how it is cited, and lists its sections,
	// each heading with its copy-link anchor.
	contains(t, files, "sources/index.html",
		`<th scope="row"><span class="src-num">1</span> <a href="beta/">Beta history</a> <span class="short">Beta Press</span></th>`)
	if st := string(files["sources/index.html"]); strings.Index(st, `href="beta/"`) > strings.Index(st, `href="alpha/"`) {
		t.Error("the sources table is not in the order of the sources' numbers")
	}
	contains(t, files, "sources/beta/index.html",
		`<dt>Cited as</dt><dd><span class="src-num">1</span> Beta Press</dd>`,
		`<p class="toc-title" id="on-this-page">On this page</p>
<ul><li><a href="#summary">Summary</a></li><li><a href="#references">Sources cited</a></li><li><a href="#cited-by">Events that cite this source (2)</a></li><li><a href="#agreements">Where other sources agree</a></li><li><a href="#disagreements">Where other sources differ</a></li></ul>`,
		`<div class="heading"><h2 id="agreements">Where other sources agree</h2><a class="anchor" href="#agreements"><span aria-hidden="true">#</span><span class="visually-hidden">Link to this section: Where other sources agree</span></a></div>`)

	// The sources table marks inferred dates.
	contains(t, files, "sources/index.html", "11 January 2022 (approximate) <span class=\"inferred\">(inferred)</span>", `<td class="num" data-label="Events citing it">2</td>`)

	// Highlighted code uses classes and the stylesheet has a dark variant.
	contains(t, files, "method/index.html", `<pre class="hl-chroma">`)
	contains(t, files, "css/chroma.css", ".hl-chroma", "@media (prefers-color-scheme: dark)")
}

func TestBaseURL(t *testing.T) {
	files := mustBuild(t, loadSite(t), Options{BaseURL: "https://owner.github.io/repo"}).Files
	contains(t, files, "sources/alpha/index.html", `<link rel="canonical" href="https://owner.github.io/repo/sources/alpha/">`, `href="../../css/site.css"`)
}

func TestDeterministic(t *testing.T) {
	fsys := loadSite(t)
	a := mustBuild(t, fsys, Options{}).Files
	for range 3 {
		b := mustBuild(t, fsys, Options{}).Files
		if len(a) != len(b) {
			t.Fatalf("builds differ in number of files: %d and %d", len(a), len(b))
		}
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Fatalf("%s differs between two builds", name)
			}
		}
	}
}

var hrefRE = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`) // a search form's action leads to the search page
var idRE = regexp.MustCompile(`\sid="([^"]*)"`)

// checkLinks resolves every relative link of every page against the files,
// including #fragments, the way a static file server would.
func checkLinks(t *testing.T, files map[string][]byte) {
	t.Helper()
	ids := map[string]map[string]bool{}
	for name, b := range files {
		if strings.HasSuffix(name, ".html") {
			ids[name] = map[string]bool{}
			for _, m := range idRE.FindAllStringSubmatch(string(b), -1) {
				ids[name][m[1]] = true
			}
		}
	}
	broken := 0
	for name, b := range files {
		// 404.html links by absolute paths, since the host serves it at
		// any address; internal/check serves it and follows them.
		if !strings.HasSuffix(name, ".html") || name == "404.html" {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
			href := strings.ReplaceAll(m[1], "&amp;", "&")
			if strings.Contains(href, "://") || strings.HasPrefix(href, "mailto:") {
				continue
			}
			target, frag, _ := strings.Cut(href, "#")
			file := name
			if target != "" {
				if strings.HasPrefix(target, "/") {
					t.Errorf("%s: link %q is not relative", name, href)
					continue
				}
				file = path.Join(path.Dir(name), target)
				if strings.HasSuffix(target, "/") || target == "." || target == "./" || target == ".." {
					file = path.Join(file, "index.html")
				}
			}
			if _, ok := files[file]; !ok {
				t.Errorf("%s: broken link %q (no %s)", name, href, file)
				broken++
				continue
			}
			if frag != "" && !ids[file][frag] {
				t.Errorf("%s: broken anchor %q (no id %q in %s)", name, href, frag, file)
				broken++
			}
			if broken > 20 {
				t.Fatal("too many broken links")
			}
		}
	}
}

func TestLinksResolve(t *testing.T) {
	checkLinks(t, mustBuild(t, loadSite(t), Options{}).Files)
}

var update = flag.Bool("update", false, "rewrite the expected errors in testdata/errors")

// TestErrors builds the tiny site with each archive of testdata/errors laid
// over it, and compares the problems reported with the archive's comment,
// line for line.
func TestErrors(t *testing.T) {
	names, _ := filepath.Glob("testdata/errors/*.txtar")
	if len(names) == 0 {
		t.Fatal("no error cases")
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Build(loadSite(t, a), Options{})
			var l diag.List
			if !errors.As(err, &l) {
				t.Fatalf("want a list of problems, got %v", err)
			}
			got := l.Error() + "\n"
			if *update {
				a.Comment = []byte(got)
				if err := os.WriteFile(name, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(a.Comment); got != want {
				t.Errorf("problems differ\ngot:\n%swant:\n%s", got, want)
			}
		})
	}
}

// TestAllProblemsAtOnce checks that problems in several files are all
// reported, not only the first.
func TestAllProblemsAtOnce(t *testing.T) {
	a := txtar.Parse([]byte(`
-- content/events/a.md --
---
title: A
date: 2022-01-05
sources: [nope]
---
-- content/events/b.md --
---
title: B
date: 2022-01-05
sources: [alpha]
bogus: 1
---
`))
	_, err := Build(loadSite(t, a), Options{})
	var l diag.List
	if !errors.As(err, &l) || len(l) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
}

// TestRealDossierLinks builds the real dossier and checks that every link
// and anchor resolves, and that a reader reaches every page from the home
// page by links alone, in both languages.
func TestRealDossierLinks(t *testing.T) {
	files := mustBuild(t, os.DirFS(repoRoot), Options{}).Files
	checkLinks(t, files)
	seen := map[string]bool{"index.html": true}
	queue := []string{"index.html"}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		for _, m := range hrefRE.FindAllStringSubmatch(string(files[name]), -1) {
			target, _, _ := strings.Cut(m[1], "#")
			if target == "" || strings.Contains(target, "://") {
				continue
			}
			file := path.Join(path.Dir(name), target)
			if strings.HasSuffix(target, "/") || target == "." || target == "./" || target == ".." {
				file = path.Join(file, "index.html")
			}
			if strings.HasSuffix(file, ".html") && !seen[file] {
				if _, ok := files[file]; ok {
					seen[file] = true
					queue = append(queue, file)
				}
			}
		}
	}
	pages := 0
	for name := range files {
		if strings.HasSuffix(name, "index.html") {
			pages++
			if !seen[name] {
				t.Errorf("%s cannot be reached from the home page", name)
			}
		}
	}
	if pages < 200 {
		t.Errorf("only %d pages", pages)
	}
}

// savedDuring is a site whose file name reads as saved anew from its
// second reading on: as a file saved while the site builds.
type savedDuring struct {
	fstest.MapFS
	name  string
	saved []byte
	reads atomic.Int32
}

func (s *savedDuring) Open(name string) (fs.File, error) {
	if name == s.name && s.reads.Add(1) > 1 {
		return fstest.MapFS{name: &fstest.MapFile{Data: s.saved}}.Open(name)
	}
	return s.MapFS.Open(name)
}

func (s *savedDuring) ReadFile(name string) ([]byte, error) {
	return fs.ReadFile(fs.FS(readOnly{s}), name)
}

// readOnly hides every method of an fs.FS but Open.
type readOnly struct{ fs.FS }

// TestBodyReadAgain checks that a build that reads each body again to
// lay its page out (site.Options.Reread), as a large dossier's does, makes the pages of the bodies
// it analysed, and fails, naming the file, when one was saved in between,
// rather than publish a page that its checks did not see; and that it
// drops the bodies' plain text once the search index is written.
func TestBodyReadAgain(t *testing.T) {
	const name = "content/events/protests-begin.md"
	m := loadSite(t)
	fsys := &savedDuring{MapFS: m, name: name, saved: bytes.Replace(m[name].Data, []byte("Protests"), []byte("Riots"), -1)}
	if bytes.Equal(fsys.saved, m[name].Data) {
		t.Fatal("the test's edit changes nothing")
	}
	_, err := (&Builder{rereadAll: true}).Build(fsys)
	want := name + ": cannot read the body again to lay its page out (the file changed while the site was being built); build again"
	if err == nil || err.Error() != want {
		t.Errorf("a body saved during the build: got %v, want %s", err, want)
	}
	if n := fsys.reads.Load(); n < 2 {
		t.Fatalf("%s was read %d times: the build did not read its body again", name, n)
	}

	// Read again unchanged, the body makes the page it makes in memory.
	built, err := (&Builder{rereadAll: true}).Build(m)
	if err != nil {
		t.Fatal(err)
	}
	files := built.Files
	res, err := NewBuilder(Options{}).Build(m)
	if err != nil {
		t.Fatal(err)
	}
	// The build dropped the text that only the search index and the open
	// data read, once they were written (site.Site.DropText); the
	// preview, whose next build reuses it, did not.
	if doc := built.Site.Bodies[name]; doc == nil || doc.Text != "" || built.Site.Search["en"] != nil {
		t.Errorf("a build kept its bodies' text or its search index after writing them")
	}
	if doc := res.Site.Bodies[name]; doc == nil || doc.Text == "" || res.Site.Search["en"] == nil {
		t.Errorf("a preview dropped its bodies' text or its search index")
	}
	for _, p := range []string{"events/protests-begin/index.html", "entities/kazakhstan/index.html", "discrepancies/index.html"} {
		if !bytes.Equal(files[p], res.Files[p]) {
			t.Errorf("%s differs between a build and a preview's, which keeps every body", p)
		}
	}
}
