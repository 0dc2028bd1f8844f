package sitegen

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/sitefs"
)

// TestLinksOutAreNotPublished builds the tiny site from disk, with
// symbolic links in static/ and content/ that leave the site, reach the
// originals or the site's root: none is published, each is a warning, and
// a link that stays inside the site is copied as usual.
func TestLinksOutAreNotPublished(t *testing.T) {
	dir := t.TempDir()
	for name, f := range loadSite(t) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outside := filepath.Join(t.TempDir(), "secret.txt")
	for name, text := range map[string]string{
		"content/originals/hidden.txt": "UNPUBLISHED ORIGINAL",
		outside:                        "SECRET FROM OUTSIDE",
	} {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, filepath.FromSlash(name))
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"static/original.txt":         "../content/originals/hidden.txt",
		"static/originals":            "../content/originals",
		"static/root":                 "..",
		"static/content":              "../content",
		"static/secret.txt":           outside,
		"static/nowhere.txt":          "missing.txt",
		"static/copy.css":             "css/site.css", // inside: published
		"content/pages/original.md":   "../originals/hidden.txt",
		"content/originals/again.txt": "hidden.txt", // inside the originals: fine
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	for range 2 { // a second build reports them again
		res := mustBuild(t, fsys, Options{})
		for name, b := range res.Files {
			if strings.Contains(string(b), "UNPUBLISHED") || strings.Contains(string(b), "SECRET") {
				t.Errorf("%s publishes what it must not", name)
			}
		}
		for _, name := range []string{"original.txt", "originals/hidden.txt", "root/content/originals/hidden.txt", "content/originals/hidden.txt", "secret.txt", "nowhere.txt"} {
			if _, ok := res.Files[name]; ok {
				t.Errorf("%s is published", name)
			}
		}
		if string(res.Files["copy.css"]) != string(res.Files["css/site.css"]) {
			t.Error("a link inside static/ was not copied")
		}
		var got []string
		for _, w := range res.Warnings {
			got = append(got, w.String())
		}
		want := []string{
			"content/pages/original.md: a symbolic link into content/originals/, whose texts are never published: not followed",
			"static/content: a symbolic link into content/originals/, whose texts are never published: not followed",
			"static/nowhere.txt: a symbolic link to missing.txt, which does not exist: left out",
			"static/original.txt: a symbolic link into content/originals/, whose texts are never published: not followed",
			"static/originals: a symbolic link into content/originals/, whose texts are never published: not followed",
			"static/root: a symbolic link into content/originals/, whose texts are never published: not followed",
			"static/secret.txt: a symbolic link to " + outside + ", outside the site: not followed, so it is not published",
		}
		if !slices.Equal(got, want) {
			t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
