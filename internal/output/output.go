// Package output writes a built site to disk atomically, and never removes
// a file it did not write.
//
// A build is written into a temporary directory beside the output
// directory, which then takes the output's place in one rename (an atomic
// exchange on Linux). Readers and the preview server never see half a
// site, and a failed build leaves the previous one untouched. The files
// are written as the build makes them (Writer), so that a large site is
// never held in memory whole.
//
// Every output directory holds a manifest (.dossier-manifest) listing the
// files dossier wrote, each with its size and SHA-256. A directory without
// one, unless empty, is not dossier's, and Write refuses to replace it:
// `-out content` or `-out .` cannot destroy work.
//
// The manifest is not trusted. It lies inside a directory that anyone can
// write to (a repository can ship a build/.dossier-manifest), so the output
// directory is a jail: the files are found by walking the directory through
// an os.Root, which cannot leave it, and never by opening the paths the
// manifest names; a file is dossier's only if the manifest lists it and its
// content still has the listed hash. An entry with .., an absolute path, a
// path through a symbolic link, or a listed file that is not what dossier
// wrote (a link, or changed since) makes Write refuse with the manifest's
// line, before anything is deleted.
//
// Files that someone else put into an output directory (a CNAME, say) are
// not in the manifest. They are carried into the new build before the
// swap, as hard links (copies where the file system has none), so that the
// output holds them at every moment: a build killed at any point loses
// none of them.
//
// Hashing the previous build is most of what opening a large output
// costs (a gigabyte at 10,000 events), so a build can also record what it
// wrote as the file system sees it (CreateRecorded): each file's device,
// inode, size and modification and change times, taken as it was
// written (a hard link's once the build is committed, see restatLinks),
// in a file outside the output (dossier build keeps it in its
// cache directory), so that the output stays the same bytes for the same
// site. A listed file whose stat is the one recorded is what dossier wrote
// without being read again: no one can write to a file, or put another in
// its place, without changing its change time (which only the kernel
// sets), and no one can forge the record of a file they did not write
// without knowing its inode and change time to the nanosecond. Any other
// file, or a record that cannot be read, is hashed as before.
//
// A file whose bytes are those the previous build wrote under its name,
// as its manifest lists them, is not written again on Linux: it is made
// a hard link to the previous build's file (checked to be the file read
// when the build started), whose own name goes when the previous build is
// removed. Creating a file costs a file system far more than linking one,
// and a build run again writes mostly the same bytes. Nothing writes to a
// build's files in place, so the two names never hold different bytes.
//
// The manifest also records how the site was built (Info: its base URL,
// and whether it is the offline copy), in comment lines of its header, so
// that `dossier check` checks the site as it was built without being told
// again.
//
// Temporary directories are named .<out>.tmp-* and hold a marker file
// (.dossier-building); the old output gets the marker too just before the
// swap, since it becomes the temporary directory. A build killed halfway
// leaves one behind; the next build removes it, deleting only what it can
// prove is dossier's: files its manifest lists with their hash, files cut
// short by the kill, and carried files that the output holds too. Builds
// into one directory take turns (flock on the directory above it on Unix,
// LockFileEx on a file .<out>.lock beside it on Windows, a lock file kept
// fresh elsewhere), so that none takes another's temporary directory for
// a stale one: without it, two at once lost a CNAME.
package output

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Manifest is the name of the file listing what dossier wrote.
const Manifest = ".dossier-manifest"

// Marker marks a directory as a temporary directory of a build.
const Marker = ".dossier-building"

const manifestHeader = "# Written by dossier: the files below (SHA-256, size, path) are replaced by the next build; any other file here is kept.\n"

const markerText = "A temporary directory of a dossier build. The next build removes it.\n"

// Seams for tests: the writes that can fail on a full disk, the hashing
// of a file of the previous build, and the descriptors of directories.
var (
	writeFile = func(r *os.Root, name string, b []byte) error { return r.WriteFile(name, b, 0o644) }
	linkFile  = func(r *os.Root, from, to string) error { return r.Link(from, to) }
	addFile   = writeNew
	hashFile  = fileSum
	// -1 where the system gives no descriptor, and os.Root does the
	// work: tests take the path of other systems so.
	openDirFD = openDir
	treeFD    = rootFD
)

// writeRooted writes the file name of a build through os.Root, and
// returns its stat as it is once written (ok false where the system does
// not say it).
func writeRooted(w *Writer, name string, b []byte) (id fileID, ok bool, err error) {
	return createRooted(w, name, func(f io.Writer) error {
		_, err := f.Write(b)
		return err
	})
}

// createRooted creates the file name of a build through os.Root, has
// write write it, and returns its stat as writeRooted does.
func createRooted(w *Writer, name string, write func(io.Writer) error) (id fileID, ok bool, err error) {
	f, err := w.tr.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fileID{}, false, err
	}
	err = write(f)
	var fi fs.FileInfo
	if err == nil {
		fi, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fileID{}, false, err
	}
	id, ok = idOf(fi)
	return id, ok, nil
}

// sum is what the manifest records of a file.
type sum struct {
	hash [sha256.Size]byte
	size int64
}

func sumOf(b []byte) sum { return sum{sha256.Sum256(b), int64(len(b))} }

// The header lines that record an Info.
const (
	baseURLKey = "# base-url: "
	offlineKey = "# offline: "
)

// Info is how a site was built, recorded in its manifest.
type Info struct {
	BaseURL string // the URL the site was built for
	Offline bool   // the copy to read from disk (file://)
}

// Write replaces dir with exactly files (by slash-separated path) plus the
// files in dir that dossier did not write.
func Write(dir string, files map[string][]byte) error {
	return WriteInfo(dir, files, Info{})
}

// WriteInfo is Write that also records info in the manifest, for ReadInfo.
func WriteInfo(dir string, files map[string][]byte, info Info) error {
	names, err := sortedNames(files)
	if err != nil {
		return err
	}
	w, err := Create(dir, info)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := w.Add(name, files[name]); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}

// A Writer writes a build into its temporary directory as its files come,
// so that a build need not hold the whole site in memory: Create, then Add
// each file (from any goroutine), then Commit, which puts the build in the
// output's place; or Abort, which leaves the output as it was.
//
// Each file's line is appended to the temporary directory's manifest
// before the file is written, so that a build killed while writing leaves
// only files that the manifest accounts for (whole, or cut short). Commit
// rewrites the manifest sorted, under another name and renamed over it,
// so that the manifest of a finished build is the same whatever order the
// files came in.
type Writer struct {
	dir, parent, base, tmpPath, tmpName string
	info                                Info
	unlock                              func()
	pr, tr                              *os.Root
	old                                 *existing
	journal                             *os.File
	dirFD                               int    // the temporary directory, for writeNew; -1 if none
	oldFD                               int    // the previous build, for linkOld; -1 if none
	record                              string // the record of the files' stat, or ""

	mu    sync.Mutex
	sums  map[string]sum
	ids   map[string]fileID // the files' stat as written, where known
	links []string          // the files made as links (AddLink, linkOld)
	dirs  map[string]bool   // the directories made in tr
	err   error             // the first failure of Add
	ended bool
}

// manifestNext is the sorted manifest that Commit writes before renaming
// it over Manifest.
const manifestNext = Manifest + ".next"

// Create starts a build of the output directory dir. It refuses dir, as
// Write does, if it is not dossier's, and takes the directory's lock until
// Commit or Abort.
func Create(dir string, info Info) (*Writer, error) {
	return CreateRecorded(dir, info, "")
}

// CreateRecorded is Create that reads the record of the files' stat of
// the previous build from the file record, and writes that of this build
// there on Commit (see the package comment). The record must be outside
// dir; "" keeps none.
func CreateRecorded(dir string, info Info, record string) (*Writer, error) {
	dir = filepath.Clean(dir)
	if strings.ContainsAny(info.BaseURL, "\r\n") {
		return nil, fmt.Errorf("output: invalid base URL %q", info.BaseURL)
	}
	exists, err := isOutputDir(dir)
	if err != nil {
		return nil, err
	}
	w := &Writer{dirFD: -1, oldFD: -1, record: record, dir: dir, info: info, parent: filepath.Dir(dir), base: filepath.Base(dir), sums: map[string]sum{}, ids: map[string]fileID{}, dirs: map[string]bool{}}
	if err := os.MkdirAll(w.parent, 0o755); err != nil {
		return nil, err
	}
	if w.unlock, err = lock(w.parent, w.base); err != nil {
		return nil, err
	}
	if err := w.start(exists); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *Writer) start(exists bool) error {
	var err error
	if w.pr, err = os.OpenRoot(w.parent); err != nil {
		return err
	}
	if exists {
		if w.old, err = readTree(w.dir, w.record); err != nil {
			return err
		}
		w.oldFD = treeFD(w.old.root)
	}
	removeStale(w.pr, w.base, w.old)
	if w.tmpPath, err = os.MkdirTemp(w.parent, "."+w.base+".tmp-"); err != nil {
		return err
	}
	w.tmpName = filepath.Base(w.tmpPath)
	if err := os.Chmod(w.tmpPath, 0o755); err != nil {
		return w.fail(err)
	}
	if w.tr, err = os.OpenRoot(w.tmpPath); err != nil {
		return w.fail(err)
	}
	w.dirFD = openDirFD(w.tmpPath)
	if err := writeFile(w.tr, Marker, []byte(markerText)); err != nil {
		return w.cannot(err)
	}
	// The manifest first, with its header: a build killed while writing
	// leaves files that the manifest accounts for.
	if err := writeFile(w.tr, Manifest, manifestHead(w.info)); err != nil {
		return w.cannot(err)
	}
	if w.journal, err = w.tr.OpenFile(Manifest, os.O_WRONLY|os.O_APPEND, 0); err != nil {
		return w.cannot(err)
	}
	return nil
}

// fail removes the temporary directory, ours alone until the swap.
func (w *Writer) fail(err error) error {
	if w.tmpPath != "" {
		_ = os.RemoveAll(w.tmpPath)
		w.tmpPath = ""
	}
	return err
}

func (w *Writer) cannot(err error) error {
	return w.fail(fmt.Errorf("%s: cannot write the new build beside it (%v); the previous build is untouched", w.dir, err))
}

// close releases what Create took.
func (w *Writer) close() {
	if w.journal != nil {
		w.journal.Close()
	}
	if w.tr != nil {
		w.tr.Close()
	}
	closeDir(w.dirFD)
	closeDir(w.oldFD)
	w.dirFD, w.oldFD = -1, -1
	if w.old != nil {
		w.old.root.Close()
	}
	if w.pr != nil {
		w.pr.Close()
	}
	w.unlock()
}

// SetInfo sets how the site is built, which the manifest records at
// Commit, for a build created before it was known: a build can so read
// the previous build while the site is still being read. The manifest
// that a killed build leaves holds the Info given to Create.
func (w *Writer) SetInfo(info Info) error {
	if strings.ContainsAny(info.BaseURL, "\r\n") {
		return w.setErr(fmt.Errorf("output: invalid base URL %q", info.BaseURL))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.info = info
	return nil
}

// Add writes the file name (a slash-separated path) of the build. It is
// safe to call from many goroutines at once, and keeps nothing of b. After
// a failure, every later Add and Commit fail the same way.
func (w *Writer) Add(name string, b []byte) error {
	return w.add(name, sumOf(b), func(w *Writer) (fileID, bool, error) { return addFile(w, name, b) })
}

// AddLink is Add for a file whose bytes b are also those of the file src,
// outside the output, which nothing changes in place (a cache's): the
// build's file is made a hard link to src where the system allows it
// (linkNew), and written from b otherwise. A large site's social cards
// are hundreds of megabytes that a build so need not write again. b must
// be src's bytes, as just read: the manifest records their hash.
func (w *Writer) AddLink(name, src string, b []byte) error {
	s := sumOf(b)
	return w.add(name, s, func(w *Writer) (fileID, bool, error) {
		return linkOrWrite(w, name, src, s, func() ([]byte, error) { return b, nil })
	})
}

// linkOrWrite makes the build's file name a hard link to src, whose sum
// is s (linkNew), or, where the system does not allow it, writes the
// bytes read returns.
func linkOrWrite(w *Writer, name, src string, s sum, read func() ([]byte, error)) (fileID, bool, error) {
	if id, ok, err := linkNew(w, src, name, s.size); err == nil {
		if ok {
			w.linked(name)
		}
		return id, ok, nil
	}
	b, err := read()
	if err != nil {
		return fileID{}, false, err
	}
	return addFile(w, name, b)
}

// AddKnownLink is AddLink without the bytes, for a file src that the
// previous build's file of the same name is a link to, unchanged since
// (the same inode, size and modification time): its bytes are those the
// previous build's manifest lists. It does nothing and returns false
// when it cannot tell so (src is another file, or nothing of the
// previous build was kept, as on systems without linkOld); the caller
// then reads src and calls AddLink. A large site's social cards are tens
// of thousands of files of the cache that every build links again:
// reading each to take its hash was 4% of a 10,000-event build.
func (w *Writer) AddKnownLink(name, src string) (bool, error) {
	k, ok := w.old.keptFile(name)
	if !ok {
		return false, nil
	}
	fi, err := os.Stat(src)
	if err != nil {
		return false, nil
	}
	if id, ok := idOf(fi); !ok || !id.sameBytes(k.id) {
		return false, nil
	}
	// add links the previous build's file (linkOld), which is src; put
	// only runs if that fails.
	return true, w.add(name, k.sum, func(w *Writer) (fileID, bool, error) {
		return linkOrWrite(w, name, src, k.sum, func() ([]byte, error) {
			b, err := os.ReadFile(src)
			if err == nil && sumOf(b) != k.sum {
				err = fmt.Errorf("%s changed while it was linked", src)
			}
			return b, err
		})
	})
}

// linked notes that the file name was made as a link, whose stat
// restatLinks takes again.
func (w *Writer) linked(name string) {
	w.mu.Lock()
	w.links = append(w.links, name)
	w.mu.Unlock()
}

// AddFunc is Add for a file too large to hold in memory (the open data of
// a large site is tens of megabytes): write writes its bytes, and is
// called twice, the same bytes each time, or AddFunc fails: once to take
// the file's hash and size, which its line in the manifest records before
// the file is written (see Writer), and once to write it. An error of
// write is returned as it is.
func (w *Writer) AddFunc(name string, write func(io.Writer) error) error {
	h := &hashWriter{h: sha256.New()}
	if err := write(h); err != nil {
		return err
	}
	s := h.sum()
	return w.add(name, s, func(w *Writer) (fileID, bool, error) { return writeStream(w, name, s, write) })
}

// add records the file name, whose sum is s, in the manifest, and writes
// it with put.
func (w *Writer) add(name string, s sum, put func(*Writer) (fileID, bool, error)) error {
	if !validName(name) {
		return w.setErr(fmt.Errorf("output: invalid file name %q", name))
	}
	line := manifestLine(nil, name, s)
	w.mu.Lock()
	if w.err != nil || w.ended {
		w.mu.Unlock()
		return cmp.Or(w.err, errors.New("output: Add after Commit or Abort"))
	}
	if _, dup := w.sums[name]; dup {
		w.mu.Unlock()
		return w.setErr(fmt.Errorf("output: %s is written twice", name))
	}
	w.sums[name] = s
	var err error
	if d := path.Dir(name); d != "." && !w.dirs[d] {
		var missing []string
		for ; d != "." && !w.dirs[d]; d = path.Dir(d) {
			missing = append(missing, d)
		}
		for _, d := range slices.Backward(missing) {
			if err = mkdirNew(w, d); err != nil {
				break
			}
			w.dirs[d] = true
		}
	}
	if err == nil {
		// One write, before the file's: a kill cannot cut the line.
		_, err = w.journal.Write(line)
	}
	w.mu.Unlock()
	if err == nil {
		var id fileID
		var ok bool
		if was, found := w.old.unchanged(name, s); found {
			if id, ok, err = linkOld(w, name, was); err == nil && ok {
				w.linked(name)
			} else {
				id, ok, err = put(w)
			}
		} else {
			id, ok, err = put(w)
		}
		if ok && err == nil {
			w.mu.Lock()
			w.ids[name] = id
			w.mu.Unlock()
		}
	}
	if err != nil {
		return w.setErr(fmt.Errorf("%s: cannot write the new build beside it (%v); the previous build is untouched", w.dir, err))
	}
	return nil
}

// hashWriter takes the sum of what is written to it.
type hashWriter struct {
	h hash.Hash
	n int64
}

func (h *hashWriter) Write(b []byte) (int, error) {
	h.n += int64(len(b))
	return h.h.Write(b)
}

func (h *hashWriter) sum() sum {
	var s sum
	h.h.Sum(s.hash[:0])
	s.size = h.n
	return s
}

// writeStream writes the file name of a build through os.Root with write,
// and checks that it wrote the bytes whose sum is want.
func writeStream(w *Writer, name string, want sum, write func(io.Writer) error) (id fileID, ok bool, err error) {
	return createRooted(w, name, func(f io.Writer) error {
		h := &hashWriter{h: sha256.New()}
		bw := bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)
		if err := write(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if h.sum() != want {
			return fmt.Errorf("%s: the second writing of the file differs from the first", name)
		}
		return nil
	})
}

func (w *Writer) setErr(err error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
	return w.err
}

// Abort removes what the build wrote, and leaves the output as it was.
func (w *Writer) Abort() {
	w.mu.Lock()
	ended := w.ended
	w.ended = true
	w.mu.Unlock()
	if ended {
		return
	}
	w.close()
	_ = w.fail(nil)
}

// Commit puts the build in the output's place, with the files of the
// output that dossier did not write, and removes the previous build.
func (w *Writer) Commit() error {
	w.mu.Lock()
	ended, err := w.ended, w.err
	w.ended = true
	w.mu.Unlock()
	if ended {
		return errors.New("output: Commit after Commit or Abort")
	}
	defer w.close()
	if err != nil {
		return w.fail(err)
	}
	return w.commit()
}

func (w *Writer) commit() error {
	dir, pr, tr, old := w.dir, w.pr, w.tr, w.old
	if old != nil {
		if err := old.clashes(dir, w.sums); err != nil {
			return w.fail(err)
		}
	}
	if err := w.journal.Close(); err != nil {
		w.journal = nil
		return w.cannot(err)
	}
	w.journal = nil
	names := slices.Sorted(maps.Keys(w.sums))
	var m []byte
	m = append(m, manifestHead(w.info)...)
	for _, name := range names {
		m = manifestLine(m, name, w.sums[name])
	}
	if err := writeFile(tr, manifestNext, m); err != nil {
		return w.cannot(err)
	}
	if err := tr.Rename(manifestNext, Manifest); err != nil {
		return w.cannot(err)
	}
	tmpPath := w.tmpPath
	if old == nil {
		if err := os.Rename(tmpPath, dir); err != nil {
			return w.fail(err)
		}
		w.keepRecord(names)
		return tr.Remove(Marker)
	}
	for _, f := range old.foreign {
		if err := carry(pr, w.base, w.tmpName, f); err != nil {
			return w.fail(fmt.Errorf("%s: cannot carry %s into the new build (%v); nothing was changed", dir, f, err))
		}
	}
	// The old output becomes the temporary directory: mark it first.
	if err := writeFile(old.root, Marker, []byte(markerText)); err != nil {
		return w.fail(fmt.Errorf("%s: cannot write into it (%v); nothing was changed", dir, err))
	}
	if err := exchange(tmpPath, dir); err != nil {
		_ = old.root.Remove(Marker)
		return w.fail(err)
	}
	// The roots follow the directories, not their names: tr is the new
	// output now, and old.root, at tmpPath, the previous build. Remove
	// from it what is known to be ours or carried over, and the directory
	// if that empties it.
	if err := tr.Remove(Marker); err != nil {
		return err
	}
	// The manifest goes last: a build killed before it leaves the rest
	// provably dossier's, for the next build to remove.
	errs := removeFiles(old.root, slices.Concat(old.ours, old.foreign))
	if len(errs) == 0 {
		errs = removeFiles(old.root, []string{Manifest})
	}
	removeEmptyDirs(old.root, old.dirs)
	_ = old.root.Remove(Marker) // last: a kill before this leaves it marked
	w.keepRecord(names)
	if err := os.Remove(tmpPath); err != nil && len(errs) == 0 {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("the new build is in %s, but the previous one could not all be removed from %s: %w; the next build removes it", dir, tmpPath, errors.Join(errs...))
	}
	return nil
}

// sortedNames checks the names of the files to write.
func sortedNames(files map[string][]byte) ([]string, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		if !validName(name) {
			return nil, fmt.Errorf("output: invalid file name %q", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names, nil
}

// validName reports whether dossier may write a file of that name.
func validName(name string) bool {
	return fs.ValidPath(name) && name != "." && name != Manifest && name != Marker && name != manifestNext && !strings.ContainsAny(name, "\n\r\\")
}

// manifestHead is the manifest's header, which records info.
func manifestHead(info Info) []byte {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	if info.BaseURL != "" {
		b.WriteString(baseURLKey + info.BaseURL + "\n" + offlineKey + strconv.FormatBool(info.Offline) + "\n")
	}
	return b.Bytes()
}

// manifestText is the manifest of files, whose names are sorted.
func manifestText(names []string, files map[string][]byte, info Info) []byte {
	b := manifestHead(info)
	for _, name := range names {
		b = manifestLine(b, name, sumOf(files[name]))
	}
	return b
}

// manifestLine appends the manifest's line of a file to b.
func manifestLine(b []byte, name string, s sum) []byte {
	b = hex.AppendEncode(b, s.hash[:])
	b = append(b, ' ')
	b = strconv.AppendInt(b, s.size, 10)
	b = append(b, ' ')
	b = append(b, name...)
	return append(b, '\n')
}

// ReadInfo returns how the site in dir was built, as its manifest records
// it. ok is false when dir has no manifest, or one that records nothing
// (written by Write, or by an older dossier).
func ReadInfo(dir string) (info Info, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, Manifest))
	if errors.Is(err, fs.ErrNotExist) {
		return Info{}, false, nil
	}
	if err != nil {
		return Info{}, false, err
	}
	for line := range strings.Lines(string(b)) {
		line = strings.TrimRight(line, "\r\n")
		if !strings.HasPrefix(line, "#") {
			break // the header is over
		}
		if v, found := strings.CutPrefix(line, baseURLKey); found {
			info.BaseURL, ok = v, true
		}
		if v, found := strings.CutPrefix(line, offlineKey); found {
			if info.Offline, err = strconv.ParseBool(v); err != nil {
				return Info{}, false, fmt.Errorf("%s: %q: %v", filepath.Join(dir, Manifest), line, err)
			}
		}
	}
	return info, ok, nil
}

// isOutputDir reports whether dir exists; it is an error for dir to be
// anything but a directory.
func isOutputDir(dir string) (bool, error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return false, fmt.Errorf("%s is a symbolic link; point -out at a real directory", dir)
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("%s exists and is not a directory; choose another -out", dir)
	}
	return true, nil
}

// An existing is an existing output directory, sorted out.
type existing struct {
	root    *os.Root
	ours    []string // files the manifest lists, with their content
	foreign []string // files, links and others that dossier did not write
	dirs    []string // its directories, parents first
	// kept are the files of ours, their content and their stat as
	// read, where the system can link them into the next build (linkOld).
	kept map[string]keptFile
}

// A keptFile is a file of the previous build that a file of the same
// bytes in the next can be a link to.
type keptFile struct {
	sum sum
	id  fileID
}

// unchanged returns the stat of the file name of the previous build if
// its bytes are those whose sum is s.
func (t *existing) unchanged(name string, s sum) (fileID, bool) {
	k, ok := t.keptFile(name)
	if !ok || k.sum != s {
		return fileID{}, false
	}
	return k.id, true
}

// keptFile returns what was kept of the previous build's file name (see
// existing.kept).
func (t *existing) keptFile(name string) (keptFile, bool) {
	if t == nil {
		return keptFile{}, false
	}
	k, ok := t.kept[name]
	return k, ok
}

// readTree reads the output directory dir and its manifest, and refuses it
// if it is not dossier's or the manifest looks forged.
func readTree(dir, record string) (*existing, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	t, err := sortTree(r, dir, record)
	if err != nil {
		r.Close()
		return nil, err
	}
	return t, nil
}

func sortTree(r *os.Root, dir, record string) (*existing, error) {
	t := &existing{root: r}
	mpath := filepath.Join(dir, Manifest)
	fi, err := r.Lstat(Manifest)
	var listed manifest
	switch {
	case errors.Is(err, fs.ErrNotExist):
		entries, err := fs.ReadDir(r.FS(), ".")
		if err != nil {
			return nil, err
		}
		if len(entries) > 0 && !(len(entries) == 1 && entries[0].Name() == Marker) {
			return nil, fmt.Errorf("%s exists, is not empty, and was not written by dossier (it has no %s): refusing to replace it; choose another -out, or move its contents away", dir, Manifest)
		}
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file: it was not written by dossier; refusing to delete anything in %s: remove it, after saving what you need from %s", mpath, dir, dir)
	default:
		b, err := r.ReadFile(Manifest)
		if err != nil {
			return nil, err
		}
		var probs []string
		listed, probs = parseManifest(b)
		if len(probs) > 0 {
			return nil, forged(mpath, dir, probs)
		}
	}

	// Walk the directory (os.Root's walk never follows a link), and sort
	// what it holds. links records the symbolic links found, so that an
	// entry through one is caught.
	links := map[string]bool{}
	var probs []string
	var check []listedFile // the regular files listed, to hash
	err = walkTree(r, func(p string, typ fs.FileMode, id func() (fileID, bool)) error {
		if typ.IsDir() {
			t.dirs = append(t.dirs, p)
			return nil
		}
		if p == Manifest || p == Marker {
			return nil
		}
		want, ok := listed.find(p)
		switch {
		case !ok:
			if typ&fs.ModeSymlink != 0 {
				links[p] = true
			}
			t.foreign = append(t.foreign, p)
		case !typ.IsRegular():
			probs = append(probs, fmt.Sprintf("%d: %s is listed, but it is not a regular file, as dossier writes", want.line, p))
		default:
			check = append(check, listedFile{p, want, id})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The files listed whose stat is not the one recorded are read and
	// hashed, on every core: on a large site, hashing them all would be
	// most of what opening the output costs.
	ids := readRecord(record)
	got := make([]sum, len(check))
	errs := make([]error, len(check))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(check); i += workers {
				name := check[i].name
				if id, ok := ids[name]; ok && id.size == check[i].want.size {
					if now, ok := check[i].id(); ok && now == id {
						got[i] = check[i].want.sum
						continue
					}
				}
				got[i], errs[i] = hashFile(r, name)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, c := range check {
		if got[i] != c.want.sum {
			probs = append(probs, fmt.Sprintf("%d: %s is listed, but its content is not what dossier wrote (changed since, or never written by dossier)", c.want.line, c.name))
			continue
		}
		t.ours = append(t.ours, c.name)
		if linksOld {
			if id, ok := c.id(); ok {
				if t.kept == nil {
					t.kept = map[string]keptFile{}
				}
				t.kept[c.name] = keptFile{c.want.sum, id}
			}
		}
	}
	if len(links) > 0 {
		for _, e := range listed {
			for d := path.Dir(e.name); d != "."; d = path.Dir(d) {
				if links[d] {
					probs = append(probs, fmt.Sprintf("%d: %s is reached through the symbolic link %s", e.line, e.name, d))
					break
				}
			}
		}
	}
	if len(probs) > 0 {
		slices.SortFunc(probs, compareLines)
		return nil, forged(mpath, dir, probs)
	}
	return t, nil
}

// A listedFile is a file of the output that its manifest lists.
type listedFile struct {
	name string
	want listing
	id   func() (fileID, bool) // its stat
}

// compareLines orders "line: message" strings by line.
func compareLines(a, b string) int {
	la, _, _ := strings.Cut(a, ":")
	lb, _, _ := strings.Cut(b, ":")
	na, _ := strconv.Atoi(la)
	nb, _ := strconv.Atoi(lb)
	if na != nb {
		return na - nb
	}
	return strings.Compare(a, b)
}

// forged is the error for a manifest that dossier did not write as it is.
func forged(mpath, dir string, probs []string) error {
	const most = 20
	var b strings.Builder
	for i, p := range probs {
		if i == most {
			fmt.Fprintf(&b, "%s: and %d more problems\n", mpath, len(probs)-most)
			break
		}
		fmt.Fprintf(&b, "%s:%s\n", mpath, p)
	}
	fmt.Fprintf(&b, "%s: this manifest does not describe what dossier wrote (edited, or forged): refusing to replace %s, and nothing was deleted; move what you need out of %s, delete it, and build again", mpath, dir, dir)
	return errors.New(b.String())
}

// A manifest is the files a manifest lists, sorted by name.
type manifest []listing

type listing struct {
	name string
	sum
	line int
}

// find returns the listing of name.
func (m manifest) find(name string) (listing, bool) {
	i, ok := slices.BinarySearchFunc(m, name, func(l listing, name string) int { return strings.Compare(l.name, name) })
	if !ok {
		return listing{}, false
	}
	return m[i], true
}

// parseManifest reads a manifest's lines "<sha256> <size> <path>". It
// returns the files, and the problems as "line: message". It allocates
// nothing per line, and sorts only if the lines are not in order already
// (dossier writes them sorted), so that a manifest of a million lines
// takes a fraction of a second.
func parseManifest(b []byte) (manifest, []string) {
	text := string(b)
	files := make(manifest, 0, strings.Count(text, "\n"))
	var probs []string
	sorted := true
	n := 0
	for len(text) > 0 {
		n++
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		name, s, msg := parseLine(line)
		if msg != "" {
			probs = append(probs, fmt.Sprintf("%d: %s", n, msg))
			continue
		}
		if len(files) > 0 && name <= files[len(files)-1].name {
			sorted = false
		}
		files = append(files, listing{name, s, n})
	}
	if !sorted {
		slices.SortFunc(files, func(a, b listing) int {
			if c := strings.Compare(a.name, b.name); c != 0 {
				return c
			}
			return a.line - b.line
		})
	}
	for i := 1; i < len(files); i++ {
		if files[i].name == files[i-1].name {
			probs = append(probs, fmt.Sprintf("%d: %s is listed twice (first on line %d)", files[i].line, files[i].name, files[i-1].line))
		}
	}
	return files, probs
}

func parseLine(line string) (string, sum, string) {
	var s sum
	h, rest, ok1 := strings.Cut(line, " ")
	size, name, ok2 := strings.Cut(rest, " ")
	if !ok1 && fs.ValidPath(line) {
		return "", s, fmt.Sprintf("%q has no hash: an older dossier, or a person, wrote this line", line)
	}
	if !ok1 || !ok2 || len(h) != 2*sha256.Size {
		return "", s, fmt.Sprintf("%q is not \"<sha256> <size> <path>\"", line)
	}
	if _, err := hex.Decode(s.hash[:], []byte(h)); err != nil {
		return "", s, fmt.Sprintf("%q is not \"<sha256> <size> <path>\": the hash is not hexadecimal", line)
	}
	n, err := strconv.ParseInt(size, 10, 64)
	if err != nil || n < 0 {
		return "", s, fmt.Sprintf("%q is not \"<sha256> <size> <path>\": the size is not a number", line)
	}
	s.size = n
	switch {
	case strings.HasPrefix(name, "/") || filepath.IsAbs(name):
		return "", s, fmt.Sprintf("%q is an absolute path; dossier lists only paths inside the directory", name)
	case name == ".." || strings.HasPrefix(name, "../") || strings.HasSuffix(name, "/..") || strings.Contains(name, "/../"):
		return "", s, fmt.Sprintf("%q climbs out with ..; dossier lists only paths inside the directory", name)
	case !fs.ValidPath(name) || name == "." || name == Manifest || name == Marker || strings.ContainsAny(name, "\r\\"):
		return "", s, fmt.Sprintf("%q is not a path that dossier writes", name)
	}
	return name, s, ""
}

// fileSum hashes the file name in r; callers have seen that it is a
// regular file.
func fileSum(r *os.Root, name string) (sum, error) {
	f, err := r.Open(name)
	if err != nil {
		return sum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return sum{}, err
	}
	var s sum
	h.Sum(s.hash[:0])
	s.size = n
	return s, nil
}

// clashes refuses a build that would overwrite a foreign file, or need a
// directory where one is (or the reverse).
func (t *existing) clashes(dir string, files map[string]sum) error {
	if len(t.foreign) == 0 {
		return nil
	}
	newDirs := map[string]bool{}
	for name := range files {
		for d := path.Dir(name); d != "." && !newDirs[d]; d = path.Dir(d) {
			newDirs[d] = true
		}
	}
	var clash []string
	for _, f := range t.foreign {
		hit := newDirs[f]
		for d := f; d != "." && !hit; d = path.Dir(d) {
			_, hit = files[d]
		}
		if hit {
			clash = append(clash, filepath.Join(dir, filepath.FromSlash(f)))
		}
	}
	if len(clash) > 0 {
		return fmt.Errorf("%s: the build would overwrite files that dossier did not write: %s; move them away first", dir, strings.Join(clash, ", "))
	}
	return nil
}

// carry puts the foreign file f of the output directory out into the
// temporary directory tmp (both in pr), as a hard link or else a copy.
func carry(pr *os.Root, out, tmp, f string) error {
	from, to := path.Join(out, f), path.Join(tmp, f)
	if d := path.Dir(to); d != tmp {
		if err := pr.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := linkFile(pr, from, to); err == nil {
		return nil
	}
	fi, err := pr.Lstat(from)
	if err != nil {
		return err
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := pr.Readlink(from)
		if err != nil {
			return err
		}
		return pr.Symlink(target, to)
	case fi.Mode().IsRegular():
		b, err := pr.ReadFile(from)
		if err != nil {
			return err
		}
		if err := writeFile(pr, to, b); err != nil {
			return err
		}
		return pr.Chmod(to, fi.Mode().Perm())
	}
	return fmt.Errorf("it is neither a file nor a link")
}

// removeStale removes the temporary directories of earlier builds of the
// output directory out that were killed: those named .<out>.tmp-* that are
// empty or hold the marker. It deletes only what it can prove is dossier's, and leaves a
// directory that holds anything else. cur is the output as it is now, to
// recognise the files that were being carried over; nil if there is none.
func removeStale(pr *os.Root, out string, cur *existing) {
	entries, err := fs.ReadDir(pr.FS(), ".")
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, "."+out+".tmp-") || strings.HasSuffix(name, ".swap") {
			continue
		}
		if pr.Remove(name) == nil {
			continue // empty: killed before it held anything
		}
		r, err := pr.OpenRoot(name)
		if err != nil {
			continue
		}
		if fi, err := r.Lstat(Marker); err == nil && fi.Mode().IsRegular() {
			cleanStale(r, cur)
			r.Close()
			_ = pr.Remove(name)
			continue
		}
		r.Close()
	}
}

// cleanStale deletes from the stale temporary directory r the files that
// its manifest lists with their content or cut short (the build was killed
// while writing them), and the files that the current output holds as they
// are (carried over).
func cleanStale(r *os.Root, cur *existing) {
	var listed manifest
	if b, err := r.ReadFile(Manifest); err == nil {
		if l, probs := parseManifest(b); len(probs) == 0 {
			listed = l
		}
	}
	var del, dirs []string
	_ = fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if p == Manifest || p == Marker || p == manifestNext {
			return nil
		}
		if want, ok := listed.find(p); ok && d.Type().IsRegular() {
			got, err := fileSum(r, p)
			if err == nil && (got == want.sum || got.size < want.size) {
				del = append(del, p)
				return nil
			}
		}
		if cur != nil && sameAs(r, cur.root, p) {
			del = append(del, p)
		}
		return nil
	})
	for _, p := range del {
		_ = r.Remove(p)
	}
	_ = r.Remove(Manifest)
	_ = r.Remove(manifestNext) // killed while Commit wrote it
	removeEmptyDirs(r, dirs)
	if entries, err := fs.ReadDir(r.FS(), "."); err == nil && len(entries) == 1 {
		_ = r.Remove(Marker)
	}
}

// sameAs reports whether p in a is the file p in b, or a copy of it.
func sameAs(a, b *os.Root, p string) bool {
	fa, err := a.Lstat(p)
	if err != nil {
		return false
	}
	fb, err := b.Lstat(p)
	if err != nil || fa.Mode().Type() != fb.Mode().Type() {
		return false
	}
	if os.SameFile(fa, fb) {
		return true
	}
	switch {
	case fa.Mode()&fs.ModeSymlink != 0:
		ta, err1 := a.Readlink(p)
		tb, err2 := b.Readlink(p)
		return err1 == nil && err2 == nil && ta == tb
	case fa.Mode().IsRegular():
		if fa.Size() != fb.Size() {
			return false
		}
		sa, err1 := fileSum(a, p)
		sb, err2 := fileSum(b, p)
		return err1 == nil && err2 == nil && sa == sb
	}
	return false
}
