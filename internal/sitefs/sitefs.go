// Package sitefs opens a site's directory as an fs.FS that reads the site
// and nothing else.
//
// os.DirFS follows symbolic links wherever they point, so a link in static/
// to a file elsewhere on the machine would be copied into the site. The FS
// returned by Open is confined to the directory (it uses os.Root), and it
// does not follow two kinds of links:
//
//   - a link that points outside the site, or nowhere;
//   - a link, outside content/originals/, that reaches into it (or to a
//     directory holding it, such as the site's root or content/): the
//     original texts are there to check quotes against, and are never
//     published, so static/x.txt -> ../content/originals/x.txt must not
//     copy one into the site.
//
// Such a link is left out of directory listings, and opening it fails as
// if it did not exist. Nothing disappears without a word: the FS records
// each link it left out, and Skipped returns them as warnings, which
// sitegen.Build reports. Links that stay inside the site work as usual.
//
// The FS also remembers the size and modification time of every file it
// opens, so that Changed can tell which ones changed since they were read:
// an editor that saves in place can be caught halfway, and sitegen.Build
// builds again, once, rather than report the half-written file.
//
// The preview reads the whole site after every save, and a save changes
// one file or a few. An FS that keeps contents (KeepContents) keeps each
// file it reads, with what stat said of it then, and reads a file again
// only when its stat says something else (kept.go): one system call for a
// file that did not change, rather than an open, a read and a close. It
// needs no word from the watcher, so a change the watcher missed is read
// all the same.
package sitefs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/diag"
)

// Originals holds the original texts, never published.
const Originals = "content/originals"

// FS is a site directory, read-only and confined to it.
type FS struct {
	root *os.Root
	fsys fs.FS
	real string // the directory, absolute, its links resolved

	mu      sync.Mutex
	skipped map[string]string // link → why it was not followed
	read    map[string]stamp  // files opened since Begin, as they were then
	plain   map[string]bool   // directories found, since Begin, to be no link and below none
	// dirs are the directories opened since Begin, by path, so that a
	// file in one is reached by one system call, not one per directory
	// on its way (nil: not opened); oldDirs those of the build before,
	// closed at the next Begin, when nothing can be reading them.
	dirs, oldDirs map[string]*os.Root

	keep bool // KeepContents was called
	kept kept // the contents of the files read, when keep
}

// maxDirs is how many directories a build holds open, at most: a site's
// content is in a few, and a static/ of thousands must not use up the
// process's files.
const maxDirs = 64

var (
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
)

// Open opens the site in dir. Close it when done.
func Open(dir string) (*FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.Abs(dir)
	if err == nil {
		real, err = filepath.EvalSymlinks(real)
	}
	if err != nil {
		r.Close()
		return nil, err
	}
	return &FS{root: r, fsys: r.FS(), real: real, skipped: map[string]string{}, read: map[string]stamp{}, plain: map[string]bool{}, dirs: map[string]*os.Root{}, kept: kept{racy: RacyWindow}}, nil
}

// KeepContents makes the FS keep the contents of the files it reads, for
// the builds that follow: a file whose stat says the same as when it was
// read is not read again (kept.go). The preview calls it; a single build
// does not, since keeping every file would double its memory.
func (f *FS) KeepContents() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keep = true
}

// Close releases the directory.
func (f *FS) Close() error {
	f.mu.Lock()
	closeAll(f.dirs)
	closeAll(f.oldDirs)
	f.dirs, f.oldDirs = nil, nil
	f.mu.Unlock()
	return f.root.Close()
}

func closeAll(dirs map[string]*os.Root) {
	for _, r := range dirs {
		if r != nil {
			r.Close()
		}
	}
}

// Begin forgets the links left out and the files read so far: a build
// calls it first, and no build reads while it runs. The contents kept
// are kept as long as the builds read them (kept.go).
func (f *FS) Begin() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.skipped)
	clear(f.read)
	clear(f.plain)
	closeAll(f.oldDirs)
	f.oldDirs, f.dirs = f.dirs, map[string]*os.Root{}
	f.kept.begin()
}

// Skipped returns the links left out since Begin, as warnings.
func (f *FS) Skipped() diag.List {
	f.mu.Lock()
	defer f.mu.Unlock()
	var l diag.List
	for _, p := range slices.Sorted(maps.Keys(f.skipped)) {
		l.Add(p, 0, 0, "%s", f.skipped[p])
	}
	return l
}

// Changed returns the files opened since Begin whose size or modification
// time is no longer what it was when they were opened (or that are gone),
// sorted.
func (f *FS) Changed() []string {
	f.mu.Lock()
	read := maps.Clone(f.read)
	f.mu.Unlock()
	var changed []string
	for p, was := range read {
		if fi, err := fs.Stat(f.fsys, p); err != nil || stampOf(fi) != was {
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	return changed
}

// opened records the file name, opened as file.
func (f *FS) opened(name string, file fs.File) {
	fi, err := file.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return
	}
	f.record(name, stampOf(fi))
}

// record records that the file name was read as it was at st.
func (f *FS) record(name string, st stamp) {
	f.mu.Lock()
	if _, ok := f.read[name]; !ok {
		f.read[name] = st
	}
	f.mu.Unlock()
}

// Open opens the named file or directory. Anything else, such as a named
// pipe or a device, is a *NotRegularError: opening a pipe waits for a
// writer, forever, and reading a device may never end.
func (f *FS) Open(name string) (fs.File, error) {
	if err := f.check("open", name); err != nil {
		return nil, err
	}
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, f.notExist("open", name, err)
	}
	f.opened(name, file)
	return file, nil
}

// ReadFile reads the named file, which must be a regular file.
func (f *FS) ReadFile(name string) ([]byte, error) {
	b, fi, err := f.readFile(name, -1, nil)
	switch {
	case err != nil:
		return nil, err
	case b != nil && f.keep:
		return bytes.Clone(b), nil // the kept copy stays as it was read
	case b != nil:
		return b, nil
	case !fi.IsDir():
		return nil, &NotRegularError{Path: name, Mode: fi.Mode()}
	}
	// A directory: reading it fails, with the system's words.
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, f.notExist("read", name, err)
	}
	defer file.Close()
	if _, err = io.ReadAll(file); err == nil {
		err = errors.New("is a directory")
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: err}
}

// A NotRegularError is a file that is neither a regular file nor a
// directory.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return e.Path + ": not a regular file (" + e.Kind() + "); remove it or replace it with a file"
}

// Kind names the kind of file, such as "a named pipe".
func (e *NotRegularError) Kind() string {
	switch {
	case e.Mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case e.Mode&fs.ModeSocket != 0:
		return "a socket"
	case e.Mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// check returns the error of refuse, or else of regular: what stops name
// from being opened. For a path that passes through no link, one Lstat
// tells both.
func (f *FS) check(op, name string) error {
	if fs.ValidPath(name) {
		if fi, ok := f.plainInfo(name); ok {
			if fi.Mode().IsRegular() || fi.IsDir() {
				return nil
			}
			return &NotRegularError{Path: name, Mode: fi.Mode()}
		}
	}
	if err := f.refuse(op, name); err != nil {
		return err
	}
	return f.regular(name)
}

// regular checks, without opening it, that name is a regular file or a
// directory. Errors of Stat are left to the opening that follows.
func (f *FS) regular(name string) error {
	fi, err := fs.Stat(f.fsys, name)
	if err != nil || fi.Mode().IsRegular() || fi.IsDir() {
		return nil
	}
	return &NotRegularError{Path: name, Mode: fi.Mode()}
}

// Stat describes the named file, following links inside the site.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if fs.ValidPath(name) {
		if fi, ok := f.plainInfo(name); ok {
			return fi, nil // no link: what Lstat said is what Stat would
		}
	}
	if err := f.refuse("stat", name); err != nil {
		return nil, err
	}
	fi, err := fs.Stat(f.fsys, name)
	return fi, f.notExist("stat", name, err)
}

// ReadDir lists the named directory, leaving out the symbolic links that
// are not followed.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := f.refuse("readdir", name); err != nil {
		return nil, err
	}
	entries, err := f.list(name)
	if err != nil {
		return nil, f.notExist("readdir", name, err)
	}
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool {
		if e.Type()&fs.ModeSymlink == 0 {
			return false
		}
		p := path.Join(name, e.Name())
		if why := f.why(p); why != "" {
			f.skip(p, why)
			return true
		}
		return false
	}), nil
}

func (f *FS) skip(p, why string) {
	f.mu.Lock()
	f.skipped[p] = why
	f.mu.Unlock()
}

// refuse returns a not-exist error, and records the link, when name
// passes through a link that is not followed.
func (f *FS) refuse(op, name string) error {
	if !fs.ValidPath(name) {
		return nil // the os.Root refuses it
	}
	if why := f.why(name); why != "" {
		f.skip(name, why)
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return nil
}

// why says why the path p is not followed, or "" if it may be. Only paths
// that pass through a link can be refused.
func (f *FS) why(p string) string {
	if _, ok := f.plainInfo(p); ok {
		return ""
	}
	abs := filepath.Join(f.real, filepath.FromSlash(p))
	r, err := filepath.EvalSymlinks(abs)
	if errors.Is(err, fs.ErrNotExist) {
		if t, lerr := os.Readlink(abs); lerr == nil {
			if f.outside(t, abs) {
				return "a symbolic link to " + t + ", outside the site: not followed, so it is not published"
			}
			return "a symbolic link to " + t + ", which does not exist: left out"
		}
		return "" // missing: the caller says so
	}
	if err != nil || r == abs {
		return "" // no link on the way; other errors are the caller's
	}
	rel, err := filepath.Rel(f.real, r)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "a symbolic link to " + r + ", outside the site: not followed, so it is not published"
	}
	if within(p, Originals) {
		return ""
	}
	// The path, and each directory on its way (static/site/content/x.md
	// through static/site -> ..), must not reach the originals.
	for q := p; q != "."; q = path.Dir(q) {
		rq, err := filepath.EvalSymlinks(filepath.Join(f.real, filepath.FromSlash(q)))
		if err != nil {
			continue
		}
		rel, err := filepath.Rel(f.real, rq)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if within(rel, Originals) || within(Originals, rel) {
			return "a symbolic link into " + Originals + "/, whose texts are never published: not followed"
		}
	}
	return ""
}

// plainInfo describes p, and reports whether it is no symbolic link and no
// directory on its way is one: nothing can refuse it. It takes one Lstat
// of p, the directories being remembered until Begin, where resolving
// every link on the way would take one per directory, for every file a
// build reads.
func (f *FS) plainInfo(p string) (fs.FileInfo, bool) {
	if !f.plainDir(path.Dir(p)) {
		return nil, false
	}
	r, base := f.at(p)
	fi, err := r.Lstat(base)
	return fi, err == nil && fi.Mode()&fs.ModeSymlink == 0
}

// plainDir reports whether the directory dir is no symbolic link and no
// directory on its way is one, as plainInfo says, remembered until Begin.
func (f *FS) plainDir(dir string) bool {
	if dir == "." {
		return true
	}
	f.mu.Lock()
	known := f.plain[dir]
	f.mu.Unlock()
	if known {
		return true
	}
	if _, ok := f.plainInfo(dir); !ok {
		return false
	}
	f.mu.Lock()
	f.plain[dir] = true
	f.mu.Unlock()
	return true
}

// at returns the directory in which to reach p, which plainInfo found to
// pass through no link, and p's name in it: p's own directory, opened
// once since Begin, or, failing that, the site. Reached by its
// directory, a file takes one system call; by the site, one per
// directory on its way (os.Root opens each).
func (f *FS) at(p string) (*os.Root, string) {
	dir := path.Dir(p)
	if dir == "." {
		return f.root, p
	}
	base := path.Base(p)
	f.mu.Lock()
	r, ok := f.dirs[dir]
	full := len(f.dirs) >= maxDirs || f.dirs == nil
	f.mu.Unlock()
	switch {
	case ok && r != nil:
		return r, base
	case ok || full:
		return f.root, p
	}
	r, err := f.root.OpenRoot(dir)
	if err != nil {
		r = nil
	}
	f.mu.Lock()
	if prev, ok := f.dirs[dir]; ok || f.dirs == nil { // opened meanwhile, or closed
		f.mu.Unlock()
		if r != nil {
			r.Close()
		}
		if prev == nil {
			return f.root, p
		}
		return prev, base
	}
	f.dirs[dir] = r
	f.mu.Unlock()
	if r == nil {
		return f.root, p
	}
	return r, base
}

// outside reports whether the link at abs, to target, points outside the
// site.
func (f *FS) outside(target, abs string) bool {
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(abs), target)
	}
	rel, err := filepath.Rel(f.real, target)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// within reports whether the slash-separated path p is dir or below it.
func within(p, dir string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

// notExist turns the error for a symbolic link that cannot be followed
// (it points outside the site, or nowhere) into fs.ErrNotExist, so that
// callers treat it as a missing file.
func (f *FS) notExist(op, name string, err error) error {
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Look for the link on the way: name itself, or a directory above it.
	for p := name; p != "." && p != "/"; p = path.Dir(p) {
		if fi, lerr := f.root.Lstat(p); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if _, serr := fs.Stat(f.fsys, p); serr != nil {
				return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
			}
		}
	}
	return err
}
