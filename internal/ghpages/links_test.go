package ghpages

import (
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestServerServesOnlyRegularFiles: a symbolic link in the build, to a
// file outside it, a directory outside it or a page inside it, is answered
// 404, as a missing file; the site's files are served.
func TestServerServesOnlyRegularFiles(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "passwd"), []byte("root:x:0:0"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "index.html"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"index.html":   "home",
		"a/index.html": "page a",
		"404.html":     "not here",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"passwd":    filepath.Join(outside, "passwd"),
		"out":       outside,
		"copy.html": "index.html",
		"b":         "a",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for name, fsys := range map[string]fs.FS{"os.DirFS": os.DirFS(dir), "os.Root": root.FS()} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(New(fsys, "/"))
			defer srv.Close()
			for _, tc := range []struct {
				path string
				code int
				body string
			}{
				{"/", 200, "home"},
				{"/a/", 200, "page a"},
				{"/passwd", 404, "not here"},
				{"/out/", 404, "not here"},
				{"/out/index.html", 404, "not here"},
				{"/out/passwd", 404, "not here"},
				{"/copy.html", 404, "not here"},
				{"/b/", 404, "not here"},
				{"/b", 404, "not here"},
			} {
				res, err := srv.Client().Get(srv.URL + tc.path)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != tc.code || string(b) != tc.body {
					t.Errorf("GET %s: %d %q, want %d %q", tc.path, res.StatusCode, b, tc.code, tc.body)
				}
			}
		})
	}
}
