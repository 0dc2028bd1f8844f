//go:build !linux

package sitefs

import "io/fs"

// list lists the directory name, sorted by name (see list_linux.go).
func (f *FS) list(name string) ([]fs.DirEntry, error) {
	return fs.ReadDir(f.fsys, name)
}
