package output

import (
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// hashed counts, by name, the files of the previous build that the next
// build reads and hashes.
func hashed(t *testing.T) func() []string {
	t.Helper()
	var mu sync.Mutex
	var names []string
	old := hashFile
	hashFile = func(r *os.Root, name string) (sum, error) {
		mu.Lock()
		names = append(names, name)
		mu.Unlock()
		return old(r, name)
	}
	t.Cleanup(func() { hashFile = old })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		s := slices.Sorted(slices.Values(names))
		names = nil
		return s
	}
}

// writeRecorded is Write with the record of the files' stat in record.
func writeRecorded(out, record string, files map[string][]byte) error {
	w, err := CreateRecorded(out, Info{}, record)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := w.Add(name, files[name]); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}

var statBuild = map[string][]byte{
	"index.html":          []byte("<p>home</p>"),
	"events/a/index.html": []byte("<p>a</p>"),
	"events/b/index.html": []byte("<p>b</p>"),
}

// TestStatRecord: a build records the stat of what it wrote, and the next
// build reads back only the files whose stat is not the one recorded; a
// file changed in place, even to its old size and modification time, is
// read and refused.
func TestStatRecord(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the stat of files is recorded on Linux only; elsewhere every file is hashed, as TestOutputDirectoryCases checks")
	}
	got := hashed(t)
	root := t.TempDir()
	out, record := filepath.Join(root, "build"), filepath.Join(root, "cache", "record")
	if err := writeRecorded(out, record, statBuild); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(record); err != nil {
		t.Fatalf("no record of the files' stat: %v", err)
	}
	if names := tree(t, out); !slices.Equal(names, []string{Manifest, "events/a/index.html", "events/b/index.html", "index.html"}) {
		t.Errorf("the output holds %v; want the files and the manifest alone", names)
	}
	if err := writeRecorded(out, record, statBuild); err != nil {
		t.Fatal(err)
	}
	if h := got(); len(h) > 0 {
		t.Errorf("the second build hashed %v; want none, their stat is recorded", h)
	}

	// Changed in place, to the same size, its modification time put back:
	// only its change time tells, and the build must refuse.
	p := filepath.Join(out, "events", "a", "index.html")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // past the file system's clock tick
	write(t, p, "<p>x</p>")
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	err = writeRecorded(out, record, statBuild)
	if err == nil || !strings.Contains(err.Error(), "events/a/index.html is listed, but its content is not what dossier wrote") {
		t.Fatalf("a file changed since the build: err = %v, want a refusal", err)
	}
	if h := got(); !slices.Equal(h, []string{"events/a/index.html"}) {
		t.Errorf("hashed %v, want only the changed file", h)
	}
	if read(t, p) != "<p>x</p>" {
		t.Error("the changed file was lost")
	}

	// Put back as it was (a new change time): hashed, found dossier's.
	write(t, p, "<p>a</p>")
	if err := writeRecorded(out, record, statBuild); err != nil {
		t.Fatal(err)
	}
	if h := got(); !slices.Equal(h, []string{"events/a/index.html"}) {
		t.Errorf("hashed %v, want only the file written again", h)
	}
}

// TestStatRecordNotTrusted: a record that is garbled, is another output's,
// gives a file another's stat, or is not a file, only costs hashing: the build still tells its
// own files from others.
func TestStatRecordNotTrusted(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the stat of files is recorded on Linux only")
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, record string)
		hashed []string
	}{
		{"garbled", func(t *testing.T, record string) {
			write(t, record, "not a record\n")
		}, []string{"events/a/index.html", "events/b/index.html", "index.html"}},
		{"a directory", func(t *testing.T, record string) {
			if err := os.Remove(record); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(record, 0o755); err != nil {
				t.Fatal(err)
			}
		}, []string{"events/a/index.html", "events/b/index.html", "index.html"}},
		{"of another output", func(t *testing.T, record string) {
			other := filepath.Join(filepath.Dir(record), "other")
			if err := writeRecorded(other, record, statBuild); err != nil {
				t.Fatal(err)
			}
		}, []string{"events/a/index.html", "events/b/index.html", "index.html"}},
		{"one file's line given to another", func(t *testing.T, record string) {
			p := record
			rec := read(t, p)
			var a string
			for l := range strings.Lines(rec) {
				if strings.HasSuffix(l, " events/a/index.html\n") {
					a = strings.TrimSuffix(l, "events/a/index.html\n")
				}
			}
			var b strings.Builder
			for l := range strings.Lines(rec) {
				if strings.HasSuffix(l, " events/b/index.html\n") {
					l = a + "events/b/index.html\n"
				}
				b.WriteString(l)
			}
			write(t, p, b.String())
		}, []string{"events/b/index.html"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := hashed(t)
			root := t.TempDir()
			out, record := filepath.Join(root, "build"), filepath.Join(root, "record")
			if err := writeRecorded(out, record, statBuild); err != nil {
				t.Fatal(err)
			}
			c.tamper(t, record)
			got() // the tamper's own build
			write(t, filepath.Join(out, "CNAME"), "example.org")
			if err := writeRecorded(out, record, statBuild); err != nil {
				t.Fatal(err)
			}
			if h := got(); !slices.Equal(h, c.hashed) {
				t.Errorf("hashed %v, want %v", h, c.hashed)
			}
			if read(t, filepath.Join(out, "CNAME")) != "example.org" {
				t.Error("CNAME was lost")
			}
		})
	}
}
