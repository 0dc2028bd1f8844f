package sitegen

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"
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
