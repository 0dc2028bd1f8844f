package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// On Linux a build's files are written through openat2 from the
// temporary directory's descriptor, which resolves a name in one call and
// never leaves the directory nor follows a link (RESOLVE_BENEATH,
// RESOLVE_NO_SYMLINKS): the jail of os.Root, which costs a call per path
// element. Their stat comes from the open file, so that writing a file
// takes four calls (open, write, fstat, close). Where openat2 is missing
// (before Linux 5.6) or forbidden, os.Root writes them.

// openDir returns a descriptor of the directory dir to write in with
// openat2, or -1 if openat2 cannot be used (an old kernel, or a sandbox
// that forbids it).
func openDir(dir string) int {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	probe, err := unix.Openat2(fd, ".", &unix.OpenHow{Flags: unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS})
	if err != nil {
		unix.Close(fd)
		return -1
	}
	unix.Close(probe)
	return fd
}

func closeDir(fd int) {
	if fd >= 0 {
		unix.Close(fd)
	}
}

// writeNew writes the file name of the build, new in its temporary
// directory, and returns its stat as written.
func writeNew(w *Writer, name string, b []byte) (fileID, bool, error) {
	if w.dirFD < 0 {
		return writeRooted(w, name, b)
	}
	how := unix.OpenHow{
		Flags:   unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC | unix.O_CLOEXEC,
		Mode:    0o644,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS,
	}
	fd, err := unix.Openat2(w.dirFD, name, &how)
	if err != nil {
		return fileID{}, false, &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(b) > 0 && err == nil {
		var n int
		n, err = unix.Write(fd, b)
		if err == unix.EINTR {
			err = nil
		}
		b = b[max(n, 0):]
	}
	if err != nil {
		unix.Close(fd)
		return fileID{}, false, &os.PathError{Op: "write", Path: name, Err: err}
	}
	var st unix.Stat_t
	serr := unix.Fstat(fd, &st)
	if err := unix.Close(fd); err != nil {
		return fileID{}, false, &os.PathError{Op: "close", Path: name, Err: err}
	}
	if serr != nil {
		return fileID{}, false, nil
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino, size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}, true, nil
}
