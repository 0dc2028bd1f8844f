package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func tree(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	return names
}

func TestWriteNewAndReplace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	if err := Write(dir, map[string][]byte{"index.html": []byte("one"), "a/index.html": []byte("a")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, map[string][]byte{"index.html": []byte("two"), "b/index.html": []byte("b")}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dir)
	want := []string{Manifest, "b/index.html", "index.html"}
	if !slices.Equal(got, want) {
		t.Errorf("after the second build: %v, want %v", got, want)
	}
	if read(t, filepath.Join(dir, "index.html")) != "two" {
		t.Error("index.html was not replaced")
	}
	// No temporary directory is left beside the output.
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

func TestRefusesForeignDirectory(t *testing.T) {
	for _, name := range []string{"content", "."} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, name)
			write(t, filepath.Join(dir, "events", "x.md"), "precious")
			err := Write(dir, map[string][]byte{"index.html": []byte("site")})
			if err == nil || !strings.Contains(err.Error(), "was not written by dossier") {
				t.Fatalf("want a refusal, got %v", err)
			}
			if got := tree(t, dir); !slices.Equal(got, []string{"events/x.md"}) {
				t.Errorf("the directory changed: %v", got)
			}
		})
	}
}

func TestKeepsFilesItDidNotWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "build")
	if err := Write(dir, map[string][]byte{"index.html": []byte("one"), "events/a/index.html": []byte("a")}); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "CNAME"), "example.org")
	write(t, filepath.Join(dir, "events", "a", "notes.txt"), "mine")
	if err := Write(dir, map[string][]byte{"index.html": []byte("two")}); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dir, "CNAME")) != "example.org" || read(t, filepath.Join(dir, "events", "a", "notes.txt")) != "mine" {
		t.Error("files that dossier did not write were lost")
	}
	if _, err := os.Stat(filepath.Join(dir, "events", "a", "index.html")); !os.IsNotExist(err) {
		t.Error("a page of the previous build remains")
	}
	// A new build that would overwrite a foreign file is refused.
	err := Write(dir, map[string][]byte{"CNAME": []byte("x")})
	if err == nil || read(t, filepath.Join(dir, "CNAME")) != "example.org" {
		t.Errorf("overwrote a foreign file (err %v)", err)
	}
}

func TestEmptyDirectoryIsUsed(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dir, "index.html")) != "x" {
		t.Error("not written")
	}
}

func TestRefusesFileAndSymlink(t *testing.T) {
	root := t.TempDir()
	f := filepath.Join(root, "file")
	write(t, f, "x")
	if err := Write(f, map[string][]byte{"index.html": nil}); err == nil {
		t.Error("replaced a file")
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(root, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := Write(link, map[string][]byte{"index.html": nil}); err == nil {
		t.Error("followed a symlink")
	}
}

// The manifest records how a site was built, and the list of files stays
// what it was.
func TestInfo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if _, ok, err := ReadInfo(dir); ok || err != nil {
		t.Errorf("ReadInfo of no directory: %v %v", ok, err)
	}
	if err := Write(dir, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ReadInfo(dir); ok || err != nil {
		t.Errorf("ReadInfo after Write: %v %v, want no record", ok, err)
	}
	for _, want := range []Info{
		{BaseURL: "https://owner.github.io/repo/", Offline: true},
		{BaseURL: "https://example.org/"},
	} {
		if err := WriteInfo(dir, map[string][]byte{"a/index.html": []byte("a")}, want); err != nil {
			t.Fatal(err)
		}
		got, ok, err := ReadInfo(dir)
		if !ok || err != nil || got != want {
			t.Errorf("ReadInfo = %+v %v %v, want %+v", got, ok, err, want)
		}
		b, err := os.ReadFile(filepath.Join(dir, Manifest))
		files, probs := parseManifest(b)
		if err != nil || len(probs) > 0 || len(files) != 1 || files[0].name != "a/index.html" {
			t.Errorf("manifest lists %v (%v), want a/index.html only", files, err)
		}
	}
}

// TestWriterStreams writes a build through a Writer, its files added from
// many goroutines in no order: the output and its manifest are those that
// Write makes of the same files; and a build aborted halfway leaves the
// output as it was, with no temporary directory.
func TestWriterStreams(t *testing.T) {
	files := map[string][]byte{}
	for i := range 200 {
		files[fmt.Sprintf("p/%d/index.html", i)] = []byte(strings.Repeat("x", i))
	}
	root := t.TempDir()
	want, got := filepath.Join(root, "want"), filepath.Join(root, "got")
	if err := WriteInfo(want, files, Info{BaseURL: "https://example.org/"}); err != nil {
		t.Fatal(err)
	}
	w, err := Create(got, Info{BaseURL: "https://example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for name, b := range files {
		wg.Go(func() {
			if err := w.Add(name, b); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	a, b := readAll(t, want), readAll(t, got)
	if len(a) != len(files)+1 {
		t.Fatalf("Write wrote %d files, want %d and the manifest", len(a), len(files))
	}
	for name, text := range a {
		if b[name] != text {
			t.Errorf("%s differs between Write and a Writer", name)
		}
	}
	if len(b) != len(a) {
		t.Errorf("a Writer wrote %d files, Write %d", len(b), len(a))
	}

	w, err = Create(got, Info{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add("p/0/index.html", []byte("half a build")); err != nil {
		t.Fatal(err)
	}
	if err := w.Add("p/0/index.html", []byte("again")); err == nil {
		t.Error("a file added twice: no error")
	}
	if err := w.Commit(); err == nil {
		t.Error("Commit after a failed Add: no error")
	}
	after := readAll(t, got)
	for name, text := range b {
		if after[name] != text {
			t.Errorf("%s changed by a failed build", name)
		}
	}
	if stale, _ := filepath.Glob(filepath.Join(root, ".got.tmp-*")); len(stale) > 0 {
		t.Errorf("a failed build left %v", stale)
	}
}

// TestAddFunc checks that a file written by AddFunc is what Add writes of
// the same bytes, manifest line and all, and that a write that gives other
// bytes the second time fails the build and leaves the output as it was.
func TestAddFunc(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 20000) // more than one buffer
	files := map[string][]byte{"data/big.json": []byte(big), "index.html": []byte("home")}
	root := t.TempDir()
	want, got := filepath.Join(root, "want"), filepath.Join(root, "got")
	if err := Write(want, files); err != nil {
		t.Fatal(err)
	}
	w, err := Create(got, Info{})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = w.AddFunc("data/big.json", func(out io.Writer) error {
		calls++
		for i := 0; i < len(big); i += 1000 {
			if _, err := io.WriteString(out, big[i:i+1000]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("write called %d times, want 2", calls)
	}
	if err := w.Add("index.html", files["index.html"]); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	a, b := readAll(t, want), readAll(t, got)
	if !maps.Equal(a, b) {
		t.Errorf("AddFunc wrote other files than Add: %v", slices.Sorted(maps.Keys(b)))
	}

	w, err = Create(got, Info{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = w.AddFunc("data/big.json", func(out io.Writer) error {
		n++
		_, err := fmt.Fprintf(out, "writing %d", n)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "differs") {
		t.Errorf("a write that changed: %v, want an error that says so", err)
	}
	boom := errors.New("boom")
	if err := w.AddFunc("other.json", func(io.Writer) error { return boom }); err != boom {
		t.Errorf("AddFunc returned %v, want write's error", err)
	}
	if err := w.Commit(); err == nil {
		t.Error("Commit after a failed AddFunc: no error")
	}
	if after := readAll(t, got); !maps.Equal(after, b) {
		t.Error("a failed build changed the output")
	}
}

// readAll reads every file below dir, by slash-separated path.
func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
