package output

import (
	"errors"
	"os"
	"path"

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
	return idOfStat(&st), true, nil
}

// linkNew makes the file name of the build, new in its temporary
// directory, a hard link to the file src, outside it, and returns its
// stat as linked. The directory of name is opened as writeNew opens
// files, never leaving the temporary directory nor following a link. It
// fails, and the caller writes the file, where src is on another file
// system, is not a regular file of size bytes readable by all (a web
// server reads the output as another user), or links are refused.
func linkNew(w *Writer, src, name string, size int64) (fileID, bool, error) {
	if w.dirFD < 0 {
		return fileID{}, false, errors.ErrUnsupported
	}
	var st unix.Stat_t
	if err := unix.Stat(src, &st); err != nil {
		return fileID{}, false, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size != size || st.Mode&0o444 != 0o444 {
		return fileID{}, false, errors.ErrUnsupported
	}
	dir, base := path.Split(name)
	dfd := w.dirFD
	if dir != "" {
		how := unix.OpenHow{
			Flags:   unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC,
			Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS,
		}
		fd, err := unix.Openat2(w.dirFD, dir, &how)
		if err != nil {
			return fileID{}, false, err
		}
		defer unix.Close(fd)
		dfd = fd
	}
	if err := unix.Linkat(unix.AT_FDCWD, src, dfd, base, 0); err != nil {
		return fileID{}, false, err
	}
	if err := unix.Fstatat(dfd, base, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fileID{}, false, nil
	}
	return idOfStat(&st), true, nil
}

// idOfStat is what the record keeps of a file's stat (see idOf).
func idOfStat(st *unix.Stat_t) fileID {
	return fileID{dev: uint64(st.Dev), ino: st.Ino, size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}
}
