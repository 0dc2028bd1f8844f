// Package sitefs opens a site's directory as an fs.FS that cannot reach
// outside it.
//
// os.DirFS follows symbolic links wherever they point, so a link in static/
// to a file elsewhere on the machine would be copied into the site. The FS
// returned by Open is confined to the directory (it uses os.Root): a link
// that points outside it, or nowhere, is left out of directory listings, and
// opening it fails as if it did not exist. Links that stay inside the site
// work as usual.
package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
)

// FS is a site directory, read-only and confined to it.
type FS struct {
	root *os.Root
	fsys fs.FS
}

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
	return &FS{root: r, fsys: r.FS()}, nil
}

// Close releases the directory.
func (f *FS) Close() error { return f.root.Close() }

// Open opens the named file.
func (f *FS) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	return file, f.notExist("open", name, err)
}

// ReadFile reads the named file.
func (f *FS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(f.fsys, name)
	return b, f.notExist("read", name, err)
}

// Stat describes the named file, following links inside the site.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(f.fsys, name)
	return fi, f.notExist("stat", name, err)
}

// ReadDir lists the named directory, leaving out symbolic links that point
// outside the site or nowhere.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(f.fsys, name)
	if err != nil {
		return nil, f.notExist("readdir", name, err)
	}
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool {
		if e.Type()&fs.ModeSymlink == 0 {
			return false
		}
		p := e.Name()
		if name != "." {
			p = name + "/" + p
		}
		_, err := fs.Stat(f.fsys, p)
		return err != nil
	}), nil
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
