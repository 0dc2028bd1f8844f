//go:build !linux

package output

import (
	"errors"
	"io/fs"
	"os"
)

// Elsewhere than on Linux, os.Root reads, makes and removes the trees of
// builds.

func walkTree(r *os.Root, visit func(p string, typ fs.FileMode, id func() (fileID, bool)) error) error {
	return walkRooted(r, visit)
}

func removeFiles(r *os.Root, names []string) []error { return removeRooted(r, names) }

func removeEmptyDirs(r *os.Root, dirs []string) { removeEmptyRooted(r, dirs) }

func mkdirNew(w *Writer, d string) error { return mkdirRooted(w, d) }

// linksOld is false: a build writes every file anew.
const linksOld = false

func rootFD(*os.Root) int { return -1 }

func linkOld(*Writer, string, fileID) (fileID, bool, error) {
	return fileID{}, false, errors.ErrUnsupported
}

func lstatAll(w *Writer, names []string) map[string]fileID { return lstatRooted(w.tr, names) }
