package output

import (
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestAddLink checks that AddLink makes the same output as Add, as a hard
// link to its source where it can (on Linux, a regular file readable by
// all, of the bytes' size), and that the next build accepts it as
// dossier's, with or without a record of its stat. A record taken at the
// commit spares the next build reading the links again, though making
// and removing other links to the same file (the previous build's, or
// the same card under two names) moves their change time.
func TestAddLink(t *testing.T) {
	root := t.TempDir()
	cache := filepath.Join(root, "cache")
	if err := os.Mkdir(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	card := []byte("\x89PNG card")
	src := func(name string, mode os.FileMode, b []byte) string {
		p := filepath.Join(cache, name)
		if err := os.WriteFile(p, b, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	shared := src("shared.png", 0o644, card)
	private := src("private.png", 0o600, card)
	longer := src("longer.png", 0o644, append(card, "more"...))
	files := map[string][]byte{"a/og.png": card, "b/og.png": card, "c/og.png": card, "d/og.png": card, "index.html": []byte("home")}
	want, got := filepath.Join(root, "want"), filepath.Join(root, "got")
	if err := Write(want, files); err != nil {
		t.Fatal(err)
	}
	record := filepath.Join(root, "record")
	read := hashed(t)
	for build := range 3 {
		w, err := CreateRecorded(got, Info{}, record)
		if err != nil {
			t.Fatalf("build %d: %v", build, err)
		}
		for name, from := range map[string]string{"a/og.png": shared, "b/og.png": private, "c/og.png": longer, "d/og.png": shared} {
			if err := w.AddLink(name, from, card); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Add("index.html", files["index.html"]); err != nil {
			t.Fatal(err)
		}
		if r := read(); len(r) > 0 {
			t.Errorf("build %d read again files of the previous build, recorded: %v", build, r)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if a, b := readAll(t, want), readAll(t, got); !maps.Equal(a, b) {
			t.Fatalf("build %d: AddLink made other files than Add: %v", build, b)
		}
		same := func(name, src string) bool {
			a, err1 := os.Stat(filepath.Join(got, name))
			b, err2 := os.Stat(src)
			return err1 == nil && err2 == nil && os.SameFile(a, b)
		}
		if runtime.GOOS == "linux" && !same("a/og.png", shared) {
			t.Errorf("build %d: a/og.png is not a link to its source", build)
		}
		if same("b/og.png", private) {
			t.Errorf("build %d: b/og.png links to a file that only its owner can read", build)
		}
		if same("c/og.png", longer) {
			t.Errorf("build %d: c/og.png links to a file of other bytes", build)
		}
	}
	if b, err := os.ReadFile(shared); err != nil || string(b) != string(card) {
		t.Errorf("the source changed: %q, %v", b, err)
	}
	// A third build without the record reads the output again, links
	// and all, and accepts it.
	w, err := Create(got, Info{})
	if err != nil {
		t.Fatalf("the output of linked files is not taken for dossier's: %v", err)
	}
	w.Abort()
}

// TestAddKnownLink builds four times with a card of a cache: linked by
// AddLink first, then again by AddKnownLink, unread, with the bytes the
// manifest lists; and not once the cache's file is another.
func TestAddKnownLink(t *testing.T) {
	root := t.TempDir()
	cache := filepath.Join(root, "cache")
	if err := os.Mkdir(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	card, other := []byte("\x89PNG card"), []byte("\x89PNG other card")
	put := func(name string, b []byte) string {
		p := filepath.Join(cache, name)
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, p); err != nil { // a new file, as the cache writes them
			t.Fatal(err)
		}
		return p
	}
	a, b := put("a.png", card), put("b.png", other)
	got, record := filepath.Join(root, "got"), filepath.Join(root, "record")
	linux := runtime.GOOS == "linux"

	build := func(n int, known map[string]string, want map[string]bool, linked map[string][]byte) {
		t.Helper()
		w, err := CreateRecorded(got, Info{}, record)
		if err != nil {
			t.Fatalf("build %d: %v", n, err)
		}
		for name, src := range known {
			ok, err := w.AddKnownLink(name, src)
			if err != nil {
				t.Fatalf("build %d: %s: %v", n, name, err)
			}
			if ok != (want[name] && linux) {
				t.Errorf("build %d: AddKnownLink(%s, %s) = %v", n, name, filepath.Base(src), ok)
			}
			if !ok {
				bytes, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				linked[name] = bytes
			}
		}
		for name, bytes := range linked {
			if err := w.AddLink(name, known[name], bytes); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatalf("build %d: %v", n, err)
		}
	}
	build(1, map[string]string{"a/og.png": a, "b/og.png": b}, nil, map[string][]byte{})
	// b/og.png was b's link: it is not a's.
	build(2, map[string]string{"a/og.png": a, "b/og.png": a}, map[string]bool{"a/og.png": true}, map[string][]byte{})
	if files := readAll(t, got); files["a/og.png"] != string(card) || files["b/og.png"] != string(card) {
		t.Errorf("after build 2: %q", files)
	}
	if linux && !sameFile(filepath.Join(got, "a/og.png"), a) {
		t.Error("a/og.png is not a link to the cache's file")
	}
	// The cache's file replaced: the bytes the manifest lists are no
	// longer its.
	a = put("a.png", other)
	build(3, map[string]string{"a/og.png": a, "b/og.png": a}, nil, map[string][]byte{})
	if files := readAll(t, got); files["a/og.png"] != string(other) || files["b/og.png"] != string(other) {
		t.Errorf("after build 3: %q", files)
	}
	// Both were linked to it: both are known again.
	build(4, map[string]string{"a/og.png": a, "b/og.png": a}, map[string]bool{"a/og.png": true, "b/og.png": true}, map[string][]byte{})
	if files := readAll(t, got); files["a/og.png"] != string(other) || files["b/og.png"] != string(other) {
		t.Errorf("after build 4: %q", files)
	}
	// Read again without the record, hashed file by file, the output's
	// manifest lists what its files hold.
	w, err := Create(got, Info{})
	if err != nil {
		t.Fatalf("the output is not taken for dossier's: %v", err)
	}
	w.Abort()
}

// sameFile reports whether the paths p and q are links to one file.
func sameFile(p, q string) bool {
	a, err1 := os.Stat(p)
	b, err2 := os.Stat(q)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}
