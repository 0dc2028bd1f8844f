package sitefs

import (
	"io"
	"io/fs"
	"path"
	"sync"
	"time"
)

// A stamp is what stat says of a file that tells that it changed: its
// size, its modification time, and, where the system tells them, its
// change time (which every write and rename sets, and which no program
// sets back), its inode and its device (a file renamed over another is
// another inode).
type stamp struct {
	size         int64
	mtime, ctime int64 // nanoseconds; ctime 0 where unknown
	ino, dev     uint64
	mode         fs.FileMode
}

func stampOf(fi fs.FileInfo) stamp {
	st := stamp{size: fi.Size(), mtime: fi.ModTime().UnixNano(), mode: fi.Mode()}
	sysStamp(fi, &st)
	return st
}

// RacyWindow is how long after its last change a file's stamp is not yet
// trusted: the file is read again by every build until it is older.
//
// A file written twice within the resolution of its file system's clock
// (up to 2 s, on FAT), with the same size, has the same stamp after the
// second write as after the first: had it been read in between, its stamp
// would not tell that it changed. So, as git does with its "racily clean"
// entries, a file read when its modification or change time was less
// than RacyWindow before is read again. The second more covers clocks a
// little out of step (the file system's and the process's).
const RacyWindow = 3 * time.Second

// kept holds the contents of the files read, by path, with their stamps.
// What a build did not read is forgotten at the Begin after the next: a
// file deleted or renamed does not stay in memory. A kept content is
// shared, and never changed.
type kept struct {
	mu        sync.Mutex
	cur, prev map[string]*content

	// racy is RacyWindow, and coarse, when set, takes from a stamp what
	// a coarser file system would keep: tests change them.
	racy   time.Duration
	coarse func(stamp) stamp
}

// key is the stamp by which a content is kept.
func (k *kept) key(st stamp) stamp {
	if k.coarse != nil {
		return k.coarse(st)
	}
	return st
}

// settled reports whether a file read at t with the stamp st can be
// trusted to change its stamp when it changes.
func (k *kept) settled(st stamp, t time.Time) bool {
	limit := t.Add(-k.racy).UnixNano()
	return st.mtime < limit && st.ctime < limit
}

type content struct {
	st      stamp
	settled bool // settled when it was read
	data    []byte
}

func (k *kept) begin() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.prev, k.cur = k.cur, nil
}

// get returns the content of name if it was read when its stamp was st,
// and that stamp was settled.
func (k *kept) get(name string, st stamp) []byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	c := k.cur[name]
	if c == nil {
		if c = k.prev[name]; c == nil {
			return nil
		}
		k.put(name, c)
	}
	if c.st != st || !c.settled {
		return nil
	}
	return c.data
}

func (k *kept) set(name string, c *content) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.put(name, c)
}

func (k *kept) put(name string, c *content) {
	if k.cur == nil {
		k.cur = map[string]*content{}
	}
	k.cur[name] = c
}

// ReadLimitedFS is a file system that reads a file and says what it is in
// one step. FS is one: for a file whose content it keeps and whose stat
// says the same, the step is one system call, where fs.Stat and then
// fs.ReadFile take two at the least; none when the caller has just
// listed the file's directory, whose listing has taken the stat (os.Root
// takes one for every entry).
type ReadLimitedFS interface {
	fs.FS
	// ReadLimited reads the named file if it is a regular file of at
	// most max bytes (any size for max < 0), and returns its content
	// and what Stat says of it. Another file (a directory, a pipe, a
	// file over max) it returns unread: no content, its FileInfo, no
	// error. The content may be shared, as kept by the file system:
	// the caller must not change it. listed, when not nil, is the
	// file's entry in the listing of its directory (ReadDir) that the
	// caller has just made: what it says stands for a stat, and the file
	// is read as it was then.
	ReadLimited(name string, max int64, listed fs.DirEntry) ([]byte, fs.FileInfo, error)
}

// ReadLimited reads the named file from fsys as ReadLimitedFS says, by
// its method if it has one, and otherwise by fs.Stat and fs.ReadFile.
func ReadLimited(fsys fs.FS, name string, max int64, listed fs.DirEntry) ([]byte, fs.FileInfo, error) {
	if r, ok := fsys.(ReadLimitedFS); ok {
		return r.ReadLimited(name, max, listed)
	}
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() || max >= 0 && fi.Size() > max {
		return nil, fi, nil
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	if b == nil {
		b = []byte{}
	}
	return b, fi, nil
}

var _ ReadLimitedFS = (*FS)(nil)

// ReadLimited implements ReadLimitedFS.
func (f *FS) ReadLimited(name string, max int64, listed fs.DirEntry) ([]byte, fs.FileInfo, error) {
	b, fi, err := f.readFile(name, max, listed)
	return b[:len(b):len(b)], fi, err
}

// readFile reads the named file as ReadLimited says: from what is kept
// when its stamp says it has not changed.
func (f *FS) readFile(name string, max int64, listed fs.DirEntry) ([]byte, fs.FileInfo, error) {
	if fs.ValidPath(name) {
		if fi := f.listedInfo(name, listed); fi != nil {
			return f.readPlain(name, fi, max)
		}
		if fi, ok := f.plainInfo(name); ok {
			return f.readPlain(name, fi, max)
		}
	}
	// Through a link, or missing: nothing is kept.
	if err := f.check("read", name); err != nil {
		return nil, nil, err
	}
	fi, err := fs.Stat(f.fsys, name)
	if err != nil {
		return nil, nil, f.notExist("read", name, err)
	}
	if !fi.Mode().IsRegular() || max >= 0 && fi.Size() > max {
		return nil, fi, nil
	}
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, nil, f.notExist("read", name, err)
	}
	defer file.Close()
	f.opened(name, file) // before reading: a write during it changes the stamp
	b, err := readAll(file, fi.Size())
	if err != nil {
		return nil, nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return b, fi, nil
}

// listedInfo returns what the entry listed of the file name, which the
// FS listed just now, says of it, if that can stand for plainInfo: it is
// a regular file, in a directory with no link on its way; or nil.
func (f *FS) listedInfo(name string, listed fs.DirEntry) fs.FileInfo {
	if listed == nil || !listed.Type().IsRegular() || listed.Name() != path.Base(name) {
		return nil
	}
	if !f.plainDir(path.Dir(name)) {
		return nil
	}
	fi, err := listed.Info()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	return fi
}

// readPlain reads the file name, on whose way there is no link, and which
// Lstat described as fi.
func (f *FS) readPlain(name string, fi fs.FileInfo, max int64) ([]byte, fs.FileInfo, error) {
	if !fi.Mode().IsRegular() || max >= 0 && fi.Size() > max {
		return nil, fi, nil
	}
	if f.keep {
		st := stampOf(fi)
		if b := f.kept.get(name, f.kept.key(st)); b != nil {
			f.record(name, st)
			return b, fi, nil
		}
	}
	start := time.Now()
	r, base := f.at(name)
	file, err := r.Open(base)
	if err != nil {
		return nil, nil, f.notExist("read", name, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)})
	}
	defer file.Close()
	// What the open file is, before reading it: a write during the read
	// changes the stamp, or the file is too recent to be trusted.
	ofi, err := file.Stat()
	if err != nil {
		return nil, nil, &fs.PathError{Op: "read", Path: name, Err: unwrap(err)}
	}
	if !ofi.Mode().IsRegular() || max >= 0 && ofi.Size() > max {
		return nil, ofi, nil
	}
	st := stampOf(ofi)
	f.record(name, st)
	b, err := readAll(file, ofi.Size())
	if err != nil {
		return nil, nil, &fs.PathError{Op: "read", Path: name, Err: unwrap(err)}
	}
	if f.keep {
		key := f.kept.key(st)
		f.kept.set(name, &content{st: key, settled: f.kept.settled(key, start), data: b})
	}
	return b, ofi, nil
}

// unwrap takes the system's error out of a *fs.PathError, whose path is
// the one in the directory, not in the site.
func unwrap(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// readAll reads r to its end, size bytes as stat said, or more if it
// grew. It never returns nil: an empty file is an empty slice.
func readAll(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, max(size, 0)+1) // +1: EOF without growing
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
