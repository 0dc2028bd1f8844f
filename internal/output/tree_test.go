package output

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWithoutDescriptors builds, again and again, as on a system that
// gives no directory descriptors (before Linux 5.6, or elsewhere), where
// os.Root reads, makes and removes the trees: each build holds its files
// and the file carried over, and nothing of the build before; a build
// reads none of its previous build's files again, recorded.
func TestWithoutDescriptors(t *testing.T) {
	oldDir, oldTree := openDirFD, treeFD
	openDirFD = func(string) int { return -1 }
	treeFD = func(*os.Root) int { return -1 }
	t.Cleanup(func() { openDirFD, treeFD = oldDir, oldTree })

	root := t.TempDir()
	out, record := filepath.Join(root, "build"), filepath.Join(root, "record")
	read := hashed(t)
	builds := []map[string]string{
		{"index.html": "home", "a/b/index.html": "ab", "a/c/index.html": "ac", "d/index.html": "d"},
		{"index.html": "home 2", "a/b/index.html": "ab", "e/f/g/index.html": "efg"},
		{"index.html": "home 2", "a/b/index.html": "ab 3", "e/f/g/index.html": "efg"},
	}
	for i, files := range builds {
		bs := map[string][]byte{}
		for name, text := range files {
			bs[name] = []byte(text)
		}
		if err := writeRecorded(out, record, bs); err != nil {
			t.Fatalf("build %d: %v", i, err)
		}
		if r := read(); len(r) > 0 {
			t.Errorf("build %d read again %v, recorded", i, r)
		}
		if i == 0 {
			write(t, filepath.Join(out, "CNAME"), "example.org")
		}
		want := maps.Clone(files)
		want["CNAME"] = "example.org"
		got := readAll(t, out)
		delete(got, Manifest)
		if !maps.Equal(got, want) {
			t.Errorf("build %d: the output holds %v, want %v", i, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
		for _, gone := range []string{"a/c", "d"} {
			if _, err := os.Stat(filepath.Join(out, gone)); i > 0 && !os.IsNotExist(err) {
				t.Errorf("build %d: %s is left (%v)", i, gone, err)
			}
		}
		if left, _ := filepath.Glob(filepath.Join(root, ".build.tmp-*")); len(left) > 0 {
			t.Errorf("build %d left %v", i, left)
		}
	}
}
