package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// TestLinksToOriginals: outside content/originals/, a link that reaches
// into it, or to a directory that holds it, is not followed, by any way of
// reading it, and Skipped says so once per link.
func TestLinksToOriginals(t *testing.T) {
	site := t.TempDir()
	for name, text := range map[string]string{
		"content/originals/a.txt": "original",
		"content/events/e.md":     "event",
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(site, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"static/a.txt":            "../content/originals/a.txt",
		"static/site":             "..",
		"static/e.md":             "../content/events/e.md", // not the originals: followed
		"content/originals/b.txt": "a.txt",                  // inside the originals: followed
	} {
		if err := os.Symlink(target, filepath.Join(site, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, name := range []string{"static/a.txt", "static/site/content/originals/a.txt", "static/site/content/events/e.md"} {
		if _, err := f.ReadFile(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFile(%s): %v, want a not-exist error", name, err)
		}
		if _, err := f.Open(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%s): %v, want a not-exist error", name, err)
		}
		if _, err := f.Stat(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat(%s): %v, want a not-exist error", name, err)
		}
	}
	for _, name := range []string{"static/e.md", "content/originals/b.txt", "content/originals/a.txt"} {
		if _, err := f.ReadFile(name); err != nil {
			t.Errorf("ReadFile(%s): %v", name, err)
		}
	}
	entries, err := f.ReadDir("static")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"e.md"}) {
		t.Errorf("static/ lists %q", names)
	}
	var got []string
	for _, d := range f.Skipped() {
		got = append(got, d.String())
	}
	const why = ": a symbolic link into content/originals/, whose texts are never published: not followed"
	want := []string{
		"static/a.txt" + why,
		"static/site" + why,
		"static/site/content/events/e.md" + why,
		"static/site/content/originals/a.txt" + why,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Skipped:\n%s\nwant\n%s", got, want)
	}
	f.Begin()
	if again := f.Skipped(); len(again) != 0 {
		t.Errorf("Skipped after Begin: %v", again)
	}
}

// TestChanged: the files read since Begin that changed since are listed;
// files not read, or read after Begin again, are not.
func TestChanged(t *testing.T) {
	site := t.TempDir()
	for _, name := range []string{"a.md", "b.md", "c.md"} {
		if err := os.WriteFile(filepath.Join(site, name), []byte("one"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Begin()
	if _, err := f.ReadFile("a.md"); err != nil {
		t.Fatal(err)
	}
	file, err := f.Open("b.md")
	if err != nil {
		t.Fatal(err)
	}
	file.Close()
	if got := f.Changed(); len(got) != 0 {
		t.Errorf("Changed before any change: %q", got)
	}
	for _, name := range []string{"a.md", "b.md", "c.md"} {
		if err := os.WriteFile(filepath.Join(site, name), []byte("two, longer"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := f.Changed(), []string{"a.md", "b.md"}; !slices.Equal(got, want) {
		t.Errorf("Changed = %q, want %q", got, want)
	}
	f.Begin()
	if _, err := f.ReadFile("a.md"); err != nil {
		t.Fatal(err)
	}
	if got := f.Changed(); len(got) != 0 {
		t.Errorf("Changed after Begin and a new read: %q", got)
	}
}

// TestReadDirInfo: a listing is sorted by name, tells each entry's type,
// and each entry's Info describes that very file, whatever the process's
// working directory (the listing takes no stat; Info takes it when asked).
func TestReadDirInfo(t *testing.T) {
	files := map[string]string{"content/events/c.md": "ccc", "content/events/a.md": "a", "content/events/b.md": "bb", "content/events/sub/x.md": "x"}
	f, dir := keeping(t, files)
	t.Chdir(t.TempDir())
	entries, err := f.ReadDir("content/events")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		fi, err := e.Info()
		if err != nil {
			t.Fatalf("%s: Info: %v", e.Name(), err)
		}
		want, err := os.Lstat(filepath.Join(dir, "content", "events", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Name() != e.Name() || fi.Size() != want.Size() || fi.Mode() != want.Mode() || !fi.ModTime().Equal(want.ModTime()) || e.IsDir() != want.IsDir() {
			t.Errorf("%s: Info says %s %d %v, the file is %d %v", e.Name(), fi.Name(), fi.Size(), fi.Mode(), want.Size(), want.Mode())
		}
	}
	if got := strings.Join(names, " "); got != "a.md b.md c.md sub" {
		t.Errorf("listed %q", got)
	}
}
