package output

import (
	"io/fs"
	"syscall"
)

// idOf returns the stat of the regular file fi as the record keeps it.
func idOf(fi fs.FileInfo) (fileID, bool) {
	if fi == nil || !fi.Mode().IsRegular() {
		return fileID{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{
		dev:   uint64(st.Dev),
		ino:   st.Ino,
		size:  st.Size,
		mtime: st.Mtim.Nano(),
		ctime: st.Ctim.Nano(),
	}, true
}
