package sitefs

import (
	"io/fs"
	"syscall"
)

// sysStamp adds to st what stat says beyond fs.FileInfo.
func sysStamp(fi fs.FileInfo, st *stamp) {
	if s, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.ctime = s.Ctim.Nano()
		st.ino, st.dev = uint64(s.Ino), uint64(s.Dev)
	}
}
