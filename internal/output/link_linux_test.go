package output

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// TestLinkUnchanged checks that, on Linux, a file whose bytes are those
// of the previous build is a link to the previous build's file, which is
// then its only name, and that a file changed since the previous build was
// read is written anew; the next build reads none of them again.
func TestLinkUnchanged(t *testing.T) {
	root := t.TempDir()
	out, record := filepath.Join(root, "build"), filepath.Join(root, "record")
	first := map[string][]byte{"index.html": []byte("home"), "a/index.html": []byte("a"), "b/index.html": []byte("b"), "c/index.html": []byte("c")}
	if err := writeRecorded(out, record, first); err != nil {
		t.Fatal(err)
	}
	inode := func(name string) uint64 {
		t.Helper()
		fi, err := os.Lstat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*syscall.Stat_t).Ino
	}
	before := map[string]uint64{}
	for name := range first {
		before[name] = inode(name)
	}
	read := hashed(t)
	w, err := CreateRecorded(out, Info{}, record)
	if err != nil {
		t.Fatal(err)
	}
	// c/index.html changes after the build read the output, in place and
	// to the same size: its bytes are no longer those of the manifest.
	if err := os.WriteFile(filepath.Join(out, "c/index.html"), []byte("C"), 0o644); err != nil {
		t.Fatal(err)
	}
	next := map[string][]byte{"index.html": []byte("home"), "a/index.html": []byte("a 2"), "b/index.html": []byte("b"), "c/index.html": []byte("c")}
	for _, name := range slices.Sorted(maps.Keys(next)) {
		if err := w.Add(name, next[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, out)
	for name, b := range next {
		if got[name] != string(b) {
			t.Errorf("%s holds %q, want %q", name, got[name], b)
		}
	}
	for name, linked := range map[string]bool{"index.html": true, "b/index.html": true, "a/index.html": false, "c/index.html": false} {
		fi, err := os.Lstat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		if same := st.Ino == before[name]; same != linked {
			t.Errorf("%s: the previous build's file: %v, want %v", name, same, linked)
		}
		if st.Nlink != 1 {
			t.Errorf("%s has %d links, want 1: the previous build's name is left", name, st.Nlink)
		}
	}
	if r := read(); len(r) > 0 {
		t.Errorf("the build read again %v, recorded", r)
	}
	if err := writeRecorded(out, record, next); err != nil {
		t.Fatal(err)
	}
	if r := read(); len(r) > 0 {
		t.Errorf("the next build read again %v, recorded", r)
	}
}
