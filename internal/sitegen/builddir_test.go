package sitegen

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/output"
)

// writeSite writes fsys into a new directory and returns it.
func writeSite(t *testing.T, fsys fs.FS) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, fsys); err != nil {
		t.Fatal(err)
	}
	return dir
}

// BuildDir writes exactly what Build returns; a site that does not build
// leaves the output as it was.
func TestBuildDir(t *testing.T) {
	fsys := loadSite(t)
	src := writeSite(t, fsys)
	out := filepath.Join(t.TempDir(), "out")
	res, err := BuildDir(src, out, Options{BaseURL: "https://example.org/x/"})
	if err != nil {
		t.Fatal(err)
	}
	want := mustBuild(t, fsys, Options{BaseURL: "https://example.org/x/"})
	if res.Written != len(want.Files) || want.Written != len(want.Files) {
		t.Errorf("BuildDir wrote %d files, Build built %d and says %d", res.Written, len(want.Files), want.Written)
	}
	n := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != output.Manifest {
			n++
		}
		return err
	})
	if err != nil || n != len(want.Files) {
		t.Errorf("the output holds %d files (%v), want %d", n, err, len(want.Files))
	}
	for name, b := range want.Files {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: not what Build returned (%v)", name, err)
		}
	}

	before, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	// A template that fails as pages are laid out, after files were
	// written into the temporary directory: the build is dropped whole.
	tmpl := filepath.Join(src, "templates", "event.html")
	good, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmpl, []byte(`{{define "main"}}{{.Data.NoSuchField}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildDir(src, out, Options{}); !errors.As(err, &l) || len(l) == 0 {
		t.Errorf("a template that fails: %v, want its problem", err)
	}
	if after, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || !bytes.Equal(after, before) {
		t.Errorf("a build that failed halfway changed the output (%v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".out.tmp-*")); len(left) > 0 {
		t.Errorf("a build that failed halfway left %v", left)
	}
	if err := os.WriteFile(tmpl, good, 0o644); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(filepath.Join(src, "content", "site.yaml"), []byte("titel: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildDir(src, out, Options{}); !errors.As(err, &l) || len(l) == 0 {
		t.Errorf("a broken site: %v, want its problems", err)
	}
	if after, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || !bytes.Equal(after, before) {
		t.Errorf("a failed build changed the output (%v)", err)
	}
	// The previous build is read while the site is: a site that does not
	// build leaves nothing beside the output either.
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".out.tmp-*")); len(left) > 0 {
		t.Errorf("a broken site left %v", left)
	}
	if _, err := BuildDir(filepath.Join(src, "nothing"), out, Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing site: %v", err)
	}
	// Fixed, the site builds into the output it left, whose manifest
	// records the base URL of this build.
	if err := os.WriteFile(filepath.Join(src, "content", "site.yaml"), fsys["content/site.yaml"].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildDir(src, out, Options{BaseURL: "https://example.org/y/", Offline: true}); err != nil {
		t.Fatal(err)
	}
	if info, ok, err := output.ReadInfo(out); err != nil || !ok || info.BaseURL != "https://example.org/y/" || !info.Offline {
		t.Errorf("the manifest records %+v (%v, %v), want the base URL and offline of the last build", info, ok, err)
	}
}

// TestCardsLinked: with a cache, every social card of the output is a
// hard link to the cache's file (on Linux), whether the build drew it or
// found it there, and holds the card Build makes; a build after one that
// linked them links them again without reading them.
func TestCardsLinked(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("cards are linked on Linux only")
	}
	fsys := loadSite(t)
	src := writeSite(t, fsys)
	root := t.TempDir()
	cache, out := filepath.Join(root, "cache"), filepath.Join(root, "out")
	want := mustBuild(t, fsys, Options{})
	var reads atomic.Int32
	t.Cleanup(func() { readCard = readCardFile })
	readCard = func(p string) ([]byte, error) {
		reads.Add(1)
		return readCardFile(p)
	}
	for i, build := range []string{"drawing the cards", "finding them in the cache and the output"} {
		forgetCards()
		reads.Store(0)
		if _, err := BuildDir(src, out, Options{Cache: cache}); err != nil {
			t.Fatal(err)
		}
		if n := reads.Load(); i > 0 && n > 0 {
			t.Errorf("%s: %d cards read, which the output linked already", build, n)
		}
		var kept []os.FileInfo
		err := filepath.WalkDir(filepath.Join(cache, cardsDir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				fi, err := os.Stat(p)
				kept = append(kept, fi)
				return err
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		cards := 0
		for name, b := range want.Files {
			if path.Base(name) != "og.png" {
				continue
			}
			cards++
			p := filepath.Join(out, filepath.FromSlash(name))
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(p); !bytes.Equal(got, b) {
				t.Errorf("%s, %s: not the card Build makes", build, name)
			}
			if !slices.ContainsFunc(kept, func(k os.FileInfo) bool { return os.SameFile(fi, k) }) {
				t.Errorf("%s, %s: not a link to the cache's card", build, name)
			}
			if fi.Mode().Perm()&0o444 != 0o444 {
				t.Errorf("%s, %s: mode %v, not readable by all", build, name, fi.Mode())
			}
		}
		if cards == 0 {
			t.Fatal("the site has no cards")
		}
	}
}
