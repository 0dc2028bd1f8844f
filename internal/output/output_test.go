package output

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
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
