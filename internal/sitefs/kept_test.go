package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// keeping opens a site in a new directory holding files, with contents
// kept, and returns it and the directory.
func keeping(t *testing.T, files map[string]string) (*FS, string) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		write(t, dir, name, text)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	f.KeepContents()
	return f, dir
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// read reads name as a build does after Begin, by ReadLimited, and fails
// the test unless it reads want.
func read(t *testing.T, f *FS, name, want string) []byte {
	t.Helper()
	f.Begin()
	b, fi, err := f.ReadLimited(name, -1, nil)
	if err != nil || string(b) != want {
		t.Fatalf("%s: %q, %v; want %q", name, b, err, want)
	}
	if fi.Size() != int64(len(want)) {
		t.Errorf("%s: the FileInfo gives %d bytes, want %d", name, fi.Size(), len(want))
	}
	return b
}

// same reports whether a and b are one slice: a content kept, read twice.
func same(a, b []byte) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }

// TestKeptIsReadOnce: a file that did not change is not read again (its
// content is the slice kept); one that changed is; one that a build did
// not read is forgotten after the next.
func TestKeptIsReadOnce(t *testing.T) {
	f, dir := keeping(t, map[string]string{"content/events/a.md": "one", "content/b.md": "bee"})
	f.kept.racy = 0 // the files, just written, are trusted at once
	build := func(a, b string) (ab, bb []byte) {
		t.Helper()
		f.Begin()
		for _, r := range []struct {
			name, want string
			got        *[]byte
		}{{"content/events/a.md", a, &ab}, {"content/b.md", b, &bb}} {
			got, _, err := f.ReadLimited(r.name, -1, nil)
			if err != nil || string(got) != r.want {
				t.Fatalf("%s: %q, %v; want %q", r.name, got, err, r.want)
			}
			*r.got = got
		}
		return ab, bb
	}
	a1, b1 := build("one", "bee")
	a2, b2 := build("one", "bee")
	if !same(a1, a2) || !same(b1, b2) {
		t.Error("a file that did not change was read again")
	}
	write(t, dir, "content/events/a.md", "changed")
	a3, b3 := build("changed", "bee")
	if same(a2, a3) {
		t.Error("the changed file was not read again")
	}
	if !same(b2, b3) {
		t.Error("a file that did not change was read again")
	}
	// ReadFile gives a copy, which the caller may change.
	c, err := f.ReadFile("content/b.md")
	if err != nil || same(c, b3) {
		t.Fatalf("ReadFile: %q, %v; a copy: %v", c, err, !same(c, b3))
	}
	c[0] = 'X'
	build("changed", "bee")
	// Two builds that read only a.md: b.md is forgotten.
	read(t, f, "content/events/a.md", "changed")
	read(t, f, "content/events/a.md", "changed")
	if b := read(t, f, "content/b.md", "bee"); same(b, b3) {
		t.Error("a file no build read for two builds is still kept")
	}
}

// TestKeptSameSizeSameSecond: a file rewritten with the same size in the
// same second as it was read is read again, on a file system whose stamp
// has only the size and the second of the last change (as FAT's, and
// coarser than any Linux one): the racy window catches it. Without the
// window, the old content would be served; the test checks that too, so
// that it shows what the window is for.
func TestKeptSameSizeSameSecond(t *testing.T) {
	for _, window := range []time.Duration{RacyWindow, 0} {
		f, dir := keeping(t, map[string]string{"content/a.md": "aaaa"})
		f.kept.racy = window
		f.kept.coarse = func(st stamp) stamp {
			return stamp{size: st.size, mtime: st.mtime / 1e9 * 1e9, mode: st.mode}
		}
		p := filepath.Join(dir, "content", "a.md")
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		read(t, f, "content/a.md", "aaaa")
		write(t, dir, "content/a.md", "bbbb")
		// Within the same second, as two saves a moment apart are.
		if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
			t.Fatal(err)
		}
		f.Begin()
		b, _, err := f.ReadLimited("content/a.md", -1, nil)
		switch {
		case err != nil:
			t.Fatal(err)
		case window > 0 && string(b) != "bbbb":
			t.Errorf("with the racy window: %q, want the new content", b)
		case window == 0 && string(b) != "aaaa":
			t.Errorf("without the racy window, %q was read again: the test does not test the window", b)
		}
	}
}

// TestKeptSettles: a file is trusted once its last change is older than
// the racy window when it is read, and not before.
func TestKeptSettles(t *testing.T) {
	f, _ := keeping(t, map[string]string{"a.md": "a"})
	a1 := read(t, f, "a.md", "a")
	if a2 := read(t, f, "a.md", "a"); same(a1, a2) {
		t.Error("a file changed just now was trusted")
	}
	f.kept.racy = 0 // as if the window had passed
	a3 := read(t, f, "a.md", "a")
	if a4 := read(t, f, "a.md", "a"); !same(a3, a4) {
		t.Error("an old file was read again")
	}
}

// TestKeptEditorSaves: every way of saving a file makes it read again,
// even with its size and modification time unchanged: a rename over it
// (a new inode), a delete and create, a write in place (a new change
// time); a file deleted is gone, and comes back when created.
func TestKeptEditorSaves(t *testing.T) {
	f, dir := keeping(t, map[string]string{"content/a.md": "0000"})
	f.kept.racy = 0
	p := filepath.Join(dir, "content", "a.md")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	mtime := fi.ModTime()
	old := read(t, f, "content/a.md", "0000")
	saves := []struct {
		name string
		save func(text string) error
	}{
		{"in place", func(text string) error { return os.WriteFile(p, []byte(text), 0o644) }},
		{"renamed over", func(text string) error {
			tmp := filepath.Join(dir, "content", ".a.md.tmp")
			if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, p)
		}},
		{"deleted and created", func(text string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.WriteFile(p, []byte(text), 0o644)
		}},
	}
	for i, s := range saves {
		text := string(rune('1'+i)) + "111"
		if err := s.save(text); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil { // the same size and time
			t.Fatal(err)
		}
		b := read(t, f, "content/a.md", text)
		if same(b, old) {
			t.Errorf("%s: the content kept was served", s.name)
		}
		old = b
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	f.Begin()
	if _, _, err := f.ReadLimited("content/a.md", -1, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a deleted file: %v, want a not-exist error", err)
	}
	if _, err := f.Stat("content/a.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a deleted file: %v, want a not-exist error", err)
	}
	write(t, dir, "content/a.md", "back")
	read(t, f, "content/a.md", "back")
}

// TestKeptListed: a file read with its entry in the listing of its
// directory is read by what the listing said of it; one read without,
// between builds (as the preview's Quick does), by a stat of its own; and
// a directory replaced between builds (as git checkout may do) is read
// anew.
func TestKeptListed(t *testing.T) {
	f, dir := keeping(t, map[string]string{"content/events/a.md": "a", "content/events/b.md": "b"})
	f.kept.racy = 0
	list := func() []string {
		t.Helper()
		f.Begin()
		entries, err := fs.ReadDir(f, "content/events")
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, e := range entries {
			b, _, err := f.ReadLimited("content/events/"+e.Name(), -1, e)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, e.Name()+"="+string(b))
		}
		return texts
	}
	if got := list(); len(got) != 2 || got[0] != "a.md=a" || got[1] != "b.md=b" {
		t.Fatalf("first listing: %q", got)
	}
	list()
	write(t, dir, "content/events/b.md", "B, longer")
	if b, _, err := f.ReadLimited("content/events/b.md", -1, nil); err != nil || string(b) != "B, longer" {
		t.Errorf("b.md changed after the listing, then read: %q, %v", b, err)
	}
	events := filepath.Join(dir, "content", "events")
	if err := os.RemoveAll(events); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/events/a.md", "A")
	write(t, dir, "content/events/c.md", "c")
	if got := list(); len(got) != 2 || got[0] != "a.md=A" || got[1] != "c.md=c" {
		t.Errorf("after the directory was replaced: %q", got)
	}
}

// TestReadLimited: ReadLimited reads a regular file up to the limit, and
// returns anything else unread with its FileInfo; on any file system.
func TestReadLimited(t *testing.T) {
	f, _ := keeping(t, map[string]string{"small.md": "12345", "dir/x": ""})
	for _, fsys := range []fs.FS{f, os.DirFS(f.real)} {
		if b, fi, err := ReadLimited(fsys, "small.md", 5, nil); err != nil || string(b) != "12345" || fi.Size() != 5 {
			t.Errorf("%T: small.md up to 5 bytes: %q, %v", fsys, b, err)
		}
		if b, fi, err := ReadLimited(fsys, "small.md", 4, nil); err != nil || b != nil || fi.Size() != 5 {
			t.Errorf("%T: small.md up to 4 bytes: %q, %v; want it unread", fsys, b, err)
		}
		if b, fi, err := ReadLimited(fsys, "dir", -1, nil); err != nil || b != nil || !fi.IsDir() {
			t.Errorf("%T: dir: %q, %v; want it unread", fsys, b, err)
		}
		if b, _, err := ReadLimited(fsys, "dir/x", -1, nil); err != nil || b == nil || len(b) != 0 {
			t.Errorf("%T: an empty file: %v, %v; want no bytes, not nil", fsys, b, err)
		}
		if _, _, err := ReadLimited(fsys, "missing", -1, nil); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%T: missing: %v", fsys, err)
		}
	}
}
