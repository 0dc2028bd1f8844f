// Package theme lays a site over a theme, so that a site with only
// content/ builds a complete, styled site, and a site's own file replaces
// the theme's file of the same name, as Hugo's lookup order does.
//
// The result is one fs.FS that the rest of the build reads as if it were
// the site: content/ comes from the site alone; templates/ (with
// templates/i18n/) and static/ hold the site's files and, under them, every
// theme file the site does not replace. A directory listing merges both.
package theme

import (
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/internal/sitefs"
)

// dirs are the directories a theme provides.
var dirs = []string{"templates", "static"}

// Overlay returns site laid over theme. A nil theme returns site.
func Overlay(site, theme fs.FS) fs.FS {
	if theme == nil {
		return site
	}
	return &overlay{site: site, theme: theme}
}

type overlay struct {
	site, theme fs.FS
}

var (
	_ fs.ReadDirFS         = (*overlay)(nil)
	_ fs.ReadFileFS        = (*overlay)(nil)
	_ fs.StatFS            = (*overlay)(nil)
	_ sitefs.ReadLimitedFS = (*overlay)(nil)
)

// themed reports whether name lies in a directory the theme provides.
func themed(name string) bool {
	for _, d := range dirs {
		if name == d || strings.HasPrefix(name, d+"/") {
			return true
		}
	}
	return false
}

// FromTheme reports whether the file at name comes from the theme, not the
// site: messages about it then name the theme, not a file the editor has.
func FromTheme(fsys fs.FS, name string) bool {
	o, ok := fsys.(*overlay)
	if !ok || !themed(name) {
		return false
	}
	if _, err := fs.Stat(o.site, name); err == nil {
		return false
	}
	_, err := fs.Stat(o.theme, name)
	return err == nil
}

// layers returns the file systems to look in for name, the site first.
func (o *overlay) layers(name string) []fs.FS {
	if themed(name) {
		return []fs.FS{o.site, o.theme}
	}
	return []fs.FS{o.site}
}

func (o *overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return o.openDir(name)
	}
	var first error
	for _, l := range o.layers(name) {
		f, err := l.Open(name)
		if err == nil {
			fi, serr := f.Stat()
			if serr == nil && fi.IsDir() && themed(name) {
				f.Close()
				return o.openDir(name)
			}
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

func (o *overlay) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	var first error
	for _, l := range o.layers(name) {
		b, err := fs.ReadFile(l, name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return b, err
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// ReadLimited reads as sitefs.ReadLimited does, from the first layer that
// has the file: a site read through its theme keeps what sitefs keeps.
func (o *overlay) ReadLimited(name string, max int64, listed fs.DirEntry) ([]byte, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	if themed(name) {
		listed = nil // a merged listing's entry may be the theme's
	}
	var first error
	for _, l := range o.layers(name) {
		b, fi, err := sitefs.ReadLimited(l, name, max, listed)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return b, fi, err
		}
		if first == nil {
			first = err
		}
	}
	return nil, nil, first
}

func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	var first error
	for _, l := range o.layers(name) {
		fi, err := fs.Stat(l, name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return fi, err
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// ReadDir merges the listings of every layer; where both have an entry of
// one name, the site's wins.
func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	layers := o.layers(name)
	if name == "." {
		layers = []fs.FS{o.site, o.theme}
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	found := false
	for i, l := range layers {
		entries, err := fs.ReadDir(l, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		found = true
		for _, e := range entries {
			if seen[e.Name()] {
				continue
			}
			if i > 0 && name == "." && !slices.Contains(dirs, e.Name()) {
				continue // the theme provides only its directories
			}
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// openDir opens a merged directory.
func (o *overlay) openDir(name string) (fs.File, error) {
	entries, err := o.ReadDir(name)
	if err != nil {
		return nil, err
	}
	var info fs.FileInfo
	for _, l := range o.layers(name) {
		if fi, err := fs.Stat(l, name); err == nil {
			info = fi
			break
		}
	}
	if info == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &dir{info: info, entries: entries}, nil
}

type dir struct {
	info    fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: errors.New("is a directory")}
}
func (d *dir) Close() error { return nil }

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
