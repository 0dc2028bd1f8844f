package output

import (
	"errors"
	"io/fs"
	"os"
	"slices"
)

// walkRooted is walkTree through os.Root: each regular file's stat is
// taken when asked for.
func walkRooted(r *os.Root, visit func(p string, typ fs.FileMode, id func() (fileID, bool)) error) error {
	return fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		var id func() (fileID, bool)
		if d.Type().IsRegular() {
			id = func() (fileID, bool) {
				fi, err := r.Lstat(p)
				if err != nil {
					return fileID{}, false
				}
				return idOf(fi)
			}
		}
		return visit(p, d.Type(), id)
	})
}

// removeRooted is removeFiles through os.Root.
func removeRooted(r *os.Root, names []string) []error {
	var errs []error
	for _, f := range names {
		if err := r.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errs
}

// removeEmptyRooted is removeEmptyDirs through os.Root.
func removeEmptyRooted(r *os.Root, dirs []string) {
	for _, d := range slices.Backward(dirs) {
		_ = r.Remove(d) // fails on a directory that holds something
	}
}

// lstatRooted is lstatAll through os.Root.
func lstatRooted(r *os.Root, names []string) map[string]fileID {
	ids := map[string]fileID{}
	for _, name := range names {
		if fi, err := r.Lstat(name); err == nil {
			if id, ok := idOf(fi); ok {
				ids[name] = id
			}
		}
	}
	return ids
}

// mkdirRooted is mkdirNew through os.Root: a directory that exists
// already is no error, as with mkdirat.
func mkdirRooted(w *Writer, d string) error {
	if err := w.tr.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}
