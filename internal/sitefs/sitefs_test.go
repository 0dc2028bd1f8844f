package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

func TestSymlinksOutAreLeftOut(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	static := filepath.Join(site, "static")
	if err := os.MkdirAll(filepath.Join(static, "css"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(static, "css", "site.css"), []byte("body{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"in.css":   "css/site.css",                         // inside: kept
		"leak":     filepath.Join(outside, "secret"),       // outside: left out
		"up":       "../../" + filepath.Base(outside),      // outside, relative
		"outdir":   outside,                                // a directory outside
		"broken":   "nowhere",                              // points nowhere
		"css/back": filepath.Join("..", "css", "site.css"), // inside, through ..
	} {
		if err := os.Symlink(target, filepath.Join(static, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	var names []string
	err = fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"static/css/back", "static/css/site.css", "static/in.css"}
	if !slices.Equal(names, want) {
		t.Errorf("walk found %q, want %q", names, want)
	}
	if b, err := fs.ReadFile(f, "static/in.css"); err != nil || string(b) != "body{}" {
		t.Errorf("static/in.css: %q, %v", b, err)
	}
	for _, name := range []string{"static/leak", "static/up/secret", "static/outdir/secret", "static/outdir", "static/broken"} {
		if _, err := fs.ReadFile(f, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFile(%s): %v, want a not-exist error", name, err)
		}
		if _, err := fs.Stat(f, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat(%s): %v, want a not-exist error", name, err)
		}
		if _, err := f.Open(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%s): %v, want a not-exist error", name, err)
		}
	}
	for _, name := range []string{"../secret", "/etc/passwd", "static/../../x"} {
		if _, err := fs.ReadFile(f, name); err == nil {
			t.Errorf("ReadFile(%s) succeeded", name)
		}
	}
}

func TestFS(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "content", "events"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "events", "a.md"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fstest.TestFS(f, "content/events/a.md"); err != nil {
		t.Fatal(err)
	}
}
