package output

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// line is a manifest line for a file holding text at name.
func line(name, text string) string {
	h := sha256.Sum256([]byte(text))
	return fmt.Sprintf("%s %d %s\n", hex.EncodeToString(h[:]), len(text), name)
}

// snapshot records every file, link and directory below root, with the
// content of files and the target of links.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.Type()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			got[rel] = "-> " + target
		case d.IsDir():
			got[rel+"/"] = ""
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func diffSnapshots(before, after map[string]string) []string {
	var d []string
	for k, v := range before {
		if w, ok := after[k]; !ok {
			d = append(d, "lost "+k)
		} else if w != v {
			d = append(d, "changed "+k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			d = append(d, "added "+k)
		}
	}
	slices.Sort(d)
	return d
}

var firstBuild = map[string][]byte{
	"index.html":          []byte("home"),
	"events/a/index.html": []byte("a"),
	"css/site.css":        []byte("body{}"),
}

var nextBuild = map[string][]byte{
	"index.html":          []byte("home 2"),
	"events/b/index.html": []byte("b"),
	"css/site.css":        []byte("body{}"),
}

// TestOutputDirectoryCases builds once into root/build, lets each case
// tamper with the result, builds again and checks that nothing outside
// what dossier wrote was lost: on a refusal, not a single file anywhere
// under root changed.
func TestOutputDirectoryCases(t *testing.T) {
	cases := []struct {
		name string
		// tamper changes the output (out) or what is beside it (root).
		tamper func(t *testing.T, root, out string)
		// errs are the lines of the error, each a substring; none for success.
		errs []string
		// seam, if set, replaces writeFile for the second build.
		seam func(out string) func(r *os.Root, name string, b []byte) error
	}{
		{
			name: "forged ../",
			tamper: func(t *testing.T, root, out string) {
				write(t, filepath.Join(root, "precious.txt"), "mine")
				appendManifest(t, out, line("../precious.txt", "mine"))
			},
			errs: []string{
				`build/.dossier-manifest:5: "../precious.txt" climbs out with ..; dossier lists only paths inside the directory`,
				`build/.dossier-manifest: this manifest does not describe what dossier wrote (edited, or forged): refusing to replace`,
			},
		},
		{
			name: "forged absolute path",
			tamper: func(t *testing.T, root, out string) {
				p := filepath.Join(root, "precious.txt")
				write(t, p, "mine")
				appendManifest(t, out, line(filepath.ToSlash(p), "mine"))
			},
			errs: []string{`is an absolute path; dossier lists only paths inside the directory`},
		},
		{
			name: "forged path through a symbolic link",
			tamper: func(t *testing.T, root, out string) {
				write(t, filepath.Join(root, "work", "precious.txt"), "mine")
				symlink(t, filepath.Join(root, "work"), filepath.Join(out, "w"))
				appendManifest(t, out, line("w/precious.txt", "mine"))
			},
			errs: []string{`build/.dossier-manifest:5: w/precious.txt is reached through the symbolic link w`},
		},
		{
			name: "listed file replaced by a link out",
			tamper: func(t *testing.T, root, out string) {
				write(t, filepath.Join(root, "precious.txt"), "mine")
				_ = os.Remove(filepath.Join(out, "index.html"))
				symlink(t, filepath.Join(root, "precious.txt"), filepath.Join(out, "index.html"))
			},
			errs: []string{`build/.dossier-manifest:4: index.html is listed, but it is not a regular file, as dossier writes`},
		},
		{
			name: "lists a file dossier never wrote",
			tamper: func(t *testing.T, root, out string) {
				write(t, filepath.Join(out, "notes.txt"), "mine")
				appendManifest(t, out, line("notes.txt", "what dossier would have written"))
			},
			errs: []string{`build/.dossier-manifest:5: notes.txt is listed, but its content is not what dossier wrote (changed since, or never written by dossier)`},
		},
		{
			name: "lists a file without a hash",
			tamper: func(t *testing.T, root, out string) {
				write(t, filepath.Join(out, "notes.txt"), "mine")
				appendManifest(t, out, "notes.txt\n")
			},
			errs: []string{`build/.dossier-manifest:5: "notes.txt" has no hash: an older dossier, or a person, wrote this line`},
		},
		{
			name: "a page edited by hand",
			tamper: func(t *testing.T, root, out string) {
				write(t, filepath.Join(out, "events", "a", "index.html"), "fixed by hand")
			},
			errs: []string{`build/.dossier-manifest:3: events/a/index.html is listed, but its content is not what dossier wrote`},
		},
		{
			name: "a line listed twice",
			tamper: func(t *testing.T, root, out string) {
				appendManifest(t, out, line("index.html", "home"))
			},
			errs: []string{`build/.dossier-manifest:5: index.html is listed twice (first on line 4)`},
		},
		{
			name: "manifest is a link",
			tamper: func(t *testing.T, root, out string) {
				m := filepath.Join(out, Manifest)
				b, _ := os.ReadFile(m)
				write(t, filepath.Join(root, "elsewhere"), string(b))
				_ = os.Remove(m)
				symlink(t, filepath.Join(root, "elsewhere"), m)
			},
			errs: []string{`build/.dossier-manifest is not a regular file: it was not written by dossier; refusing to delete anything in`},
		},
		{
			name: "read-only output",
			tamper: func(t *testing.T, root, out string) {
				write(t, filepath.Join(out, "CNAME"), "example.org")
			},
			seam: func(out string) func(*os.Root, string, []byte) error {
				return func(r *os.Root, name string, b []byte) error {
					if r.Name() == out {
						return &os.PathError{Op: "open", Path: name, Err: syscall.EROFS}
					}
					return r.WriteFile(name, b, 0o644)
				}
			},
			errs: []string{`build: cannot write into it (open .dossier-building: read-only file system); nothing was changed`},
		},
		{
			name: "disk full",
			tamper: func(t *testing.T, root, out string) {
				write(t, filepath.Join(out, "CNAME"), "example.org")
			},
			seam: func(out string) func(*os.Root, string, []byte) error {
				return func(r *os.Root, name string, b []byte) error {
					if name == "events/b/index.html" {
						return &os.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
					}
					return r.WriteFile(name, b, 0o644)
				}
			},
			errs: []string{`build: cannot write the new build beside it (write events/b/index.html: no space left on device); the previous build is untouched`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "build")
			if err := Write(out, firstBuild); err != nil {
				t.Fatal(err)
			}
			c.tamper(t, root, out)
			before := snapshot(t, root)
			if c.seam != nil {
				defer func(w func(*os.Root, string, []byte) error, a func(*Writer, string, []byte) (fileID, bool, error)) {
					writeFile, addFile = w, a
				}(writeFile, addFile)
				writeFile = c.seam(out)
				addFile = func(w *Writer, name string, b []byte) (fileID, bool, error) {
					return fileID{}, false, writeFile(w.tr, name, b)
				}
			}
			err := Write(out, nextBuild)
			if err == nil {
				t.Fatalf("no error; want %q", c.errs)
			}
			for _, want := range c.errs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error\n%v\nwant a line with\n%s", err, want)
				}
			}
			if d := diffSnapshots(before, snapshot(t, root)); len(d) > 0 {
				t.Errorf("refused, but files changed: %v", d)
			}
		})
	}
}

func appendManifest(t *testing.T, out, text string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(out, Manifest), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// TestForeignFilesKept covers the builds that succeed with foreign files:
// a file, a link and a file in a directory of ours are carried over, by
// hard link or, where the file system has none, by copy.
func TestForeignFilesKept(t *testing.T) {
	for _, noLinks := range []bool{false, true} {
		t.Run(fmt.Sprintf("no hard links %v", noLinks), func(t *testing.T) {
			if noLinks {
				defer func(l func(*os.Root, string, string) error) { linkFile = l }(linkFile)
				linkFile = func(*os.Root, string, string) error { return syscall.EPERM }
			}
			root := t.TempDir()
			out := filepath.Join(root, "build")
			if err := Write(out, firstBuild); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(out, "CNAME"), "example.org")
			write(t, filepath.Join(out, "events", "a", "notes.txt"), "mine")
			symlink(t, "../elsewhere", filepath.Join(out, "link"))
			if err := os.Chmod(filepath.Join(out, "CNAME"), 0o400); err != nil {
				t.Fatal(err)
			}
			if err := Write(out, nextBuild); err != nil {
				t.Fatal(err)
			}
			got := snapshot(t, root)
			want := map[string]string{
				"build/":                    "",
				"build/" + Manifest:         string(manifestText([]string{"css/site.css", "events/b/index.html", "index.html"}, nextBuild, Info{})),
				"build/CNAME":               "example.org",
				"build/css/":                "",
				"build/css/site.css":        "body{}",
				"build/events/":             "",
				"build/events/a/":           "",
				"build/events/a/notes.txt":  "mine",
				"build/events/b/":           "",
				"build/events/b/index.html": "b",
				"build/index.html":          "home 2",
				"build/link":                "-> ../elsewhere",
			}
			if d := diffSnapshots(want, got); len(d) > 0 {
				t.Errorf("after the second build: %v", d)
			}
			if fi, err := os.Stat(filepath.Join(out, "CNAME")); err != nil || fi.Mode().Perm() != 0o400 {
				t.Errorf("CNAME's mode: %v, %v", fi.Mode(), err)
			}
		})
	}
}

// TestStaleTemporaryDirectories: a marked temporary directory of a killed
// build is removed, down to what dossier can prove is its own; one without
// the marker, or holding a file of someone else's, is not.
func TestStaleTemporaryDirectories(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "build")
	if err := Write(out, firstBuild); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(out, "CNAME"), "example.org")
	// Killed while writing events/b/index.html ("b", cut short), after
	// carrying CNAME over.
	stale := filepath.Join(root, ".build.tmp-111")
	write(t, filepath.Join(stale, Marker), markerText)
	write(t, filepath.Join(stale, Manifest), string(manifestText([]string{"css/site.css", "events/b/index.html", "index.html"}, nextBuild, Info{})))
	write(t, filepath.Join(stale, "css", "site.css"), "body{}")
	write(t, filepath.Join(stale, "events", "b", "index.html"), "")
	if err := os.Link(filepath.Join(out, "CNAME"), filepath.Join(stale, "CNAME")); err != nil {
		t.Fatal(err)
	}
	// Not dossier's: no marker.
	write(t, filepath.Join(root, ".build.tmp-222", "work.txt"), "mine")
	// Marked, but holding a file that is nowhere else.
	write(t, filepath.Join(root, ".build.tmp-333", Marker), markerText)
	write(t, filepath.Join(root, ".build.tmp-333", "work.txt"), "mine")

	if err := Write(out, nextBuild); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".build.tmp-222", ".build.tmp-333", "build"}; !slices.Equal(names, want) {
		t.Errorf("beside the output: %q, want %q", names, want)
	}
	if got := tree(t, filepath.Join(root, ".build.tmp-333")); !slices.Equal(got, []string{Marker, "work.txt"}) {
		t.Errorf("left in the marked directory holding a foreign file: %q", got)
	}
	if read(t, filepath.Join(out, "CNAME")) != "example.org" {
		t.Error("lost CNAME")
	}
}

func TestRefusesBadNames(t *testing.T) {
	for _, name := range []string{"../x", "/x", "a/../b", Manifest, Marker, "a\nb", ""} {
		err := Write(filepath.Join(t.TempDir(), "build"), map[string][]byte{name: nil})
		if err == nil || err.Error() != fmt.Sprintf("output: invalid file name %q", name) {
			t.Errorf("%q: %v", name, err)
		}
	}
}

// TestConcurrentBuilds: builds into one directory at once (dossier build
// while build -watch runs) take turns: none loses a foreign file or leaves
// a temporary directory.
func TestConcurrentBuilds(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "build")
	if err := Write(out, firstBuild); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(out, "CNAME"), "example.org")
	errs := make(chan error, 40)
	for g := range 4 {
		go func() {
			for i := range 10 {
				errs <- Write(out, crashFiles(g*10+i))
			}
		}()
	}
	for range 40 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if read(t, filepath.Join(out, "CNAME")) != "example.org" {
		t.Error("lost CNAME")
	}
	if stale, _ := filepath.Glob(filepath.Join(root, ".build.tmp-*")); len(stale) > 0 {
		t.Errorf("left: %v", stale)
	}
}

// TestReadOnlyOutput makes the output directory read-only for real: the
// build is refused before the swap, and nothing changes. (Root writes into
// a read-only directory anyway; TestOutputDirectoryCases simulates it.)
func TestReadOnlyOutput(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write into a read-only directory; the read-only case of TestOutputDirectoryCases covers it through the seam")
	}
	root := t.TempDir()
	out := filepath.Join(root, "build")
	if err := Write(out, firstBuild); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(out, "CNAME"), "example.org")
	if err := os.Chmod(out, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(out, 0o755)
	before := snapshot(t, root)
	err := Write(out, nextBuild)
	if err == nil || !strings.Contains(err.Error(), "cannot write into it") {
		t.Errorf("got %v, want a refusal", err)
	}
	if d := diffSnapshots(before, snapshot(t, root)); len(d) > 0 {
		t.Errorf("files changed: %v", d)
	}
}

// TestWriterStaysInside: a link put into the temporary directory during a
// build (by another program of the same user) does not lead a file out of
// it: the file is refused, and nothing is written where the link points.
func TestWriterStaysInside(t *testing.T) {
	root := t.TempDir()
	elsewhere := filepath.Join(root, "elsewhere")
	if err := os.Mkdir(elsewhere, 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := Create(filepath.Join(root, "build"), Info{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.Add("dir/a.html", []byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(w.tmpPath, "dir", "a.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(w.tmpPath, "dir")); err != nil {
		t.Fatal(err)
	}
	symlink(t, elsewhere, filepath.Join(w.tmpPath, "dir"))
	err = w.Add("dir/b.html", []byte("b"))
	if err == nil {
		t.Error("a file through a link in the temporary directory was written")
	}
	t.Log(err)
	if entries, _ := os.ReadDir(elsewhere); len(entries) > 0 {
		t.Errorf("written where the link points: %v", entries)
	}
}
