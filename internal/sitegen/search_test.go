package sitegen

import (
	"bytes"
	"compress/gzip"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSearchIndexSize builds the shipped dossier and sums its search
// index, each file compressed as servers send it: it must stay within
// 60 KB a language, all of it, so that it is cheap to load whole.
func TestSearchIndexSize(t *testing.T) {
	res := mustBuild(t, os.DirFS(repoRoot), Options{})
	for i, lang := range res.Site.Langs {
		dir := "search/data/"
		if i > 0 {
			dir = lang + "/" + dir
		}
		var n, raw, files int
		for p, b := range res.Files {
			if strings.HasPrefix(p, dir) {
				var buf bytes.Buffer
				w := gzip.NewWriter(&buf)
				w.Write(b)
				w.Close()
				n += buf.Len()
				raw += len(b)
				files++
			}
		}
		t.Logf("%s: the search index is %d files, %.1f KB, %.1f KB compressed", lang, files, float64(raw)/1024, float64(n)/1024)
		if files == 0 {
			t.Fatalf("%s: no search index in %s", lang, dir)
		}
		if n > 60<<10 {
			t.Errorf("%s: the search index is %.1f KB compressed, want ≤ 60 KB", lang, float64(n)/1024)
		}
		for _, p := range []string{dir + "meta.js", dir + "d/0.js"} {
			if _, ok := res.Files[p]; !ok {
				t.Errorf("no %s", p)
			}
		}
	}
}

// TestSearchPage: the search page of each language lists, for readers
// without JavaScript, every entity (A–Z, with its other names) and every
// event, and its box sends readers to it; a free page named "search" is
// refused.
func TestSearchPage(t *testing.T) {
	res := mustBuild(t, os.DirFS(repoRoot), Options{})
	d := res.Dossier
	for i, lang := range res.Site.Langs {
		dir := ""
		if i > 0 {
			dir = lang + "/"
		}
		page := string(res.Files[dir+"search/index.html"])
		if page == "" {
			t.Fatalf("no %ssearch/index.html", dir)
		}
		for _, e := range d.Entities {
			if !strings.Contains(page, `href="../entities/`+e.ID+`/"`) {
				t.Errorf("%ssearch/: no link to entity %s", dir, e.ID)
			}
		}
		for _, e := range d.Events {
			if !strings.Contains(page, `href="../events/`+e.ID+`/"`) {
				t.Errorf("%ssearch/: no link to event %s", dir, e.ID)
			}
		}
		// Letters in order, each once.
		var letters []string
		for _, m := range regexp.MustCompile(`<dt id="az-([^"]+)">`).FindAllStringSubmatch(page, -1) {
			letters = append(letters, m[1])
		}
		if len(letters) < 5 || !slices.IsSorted(letters) || len(slices.Compact(slices.Clone(letters))) != len(letters) {
			t.Errorf("%ssearch/: letters %v", dir, letters)
		}
		contains(t, res.Files, dir+"timeline/index.html", `<form class="search-box" role="search" action="../search/" method="get" data-search="popup">`, `name="q"`)
	}
	contains(t, res.Files, "search/index.html", "Alma-Ata") // an alias, in the A–Z index

	fsys := loadSite(t)
	fsys["content/pages/search.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Search\n---\nA page.\n")}
	_, err := Build(fsys, Options{})
	want := `content/pages/search.md:1:1: the page name "search" is taken by the site's own /search/ page`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("build: %v\nwant a problem: %s", err, want)
	}
}
