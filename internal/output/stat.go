package output

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxRecord is the largest record read: its lines are about 100 bytes,
// and a site of a million files is larger than any dossier.
const maxRecord = 128 << 20

// A fileID is what the record of a build's files (statRecord) holds of
// each: where it is and when it last changed, as the file system says.
type fileID struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64 // nanoseconds since 1970
}

// sameBytes reports whether id is the file that was, holding the same
// bytes, though links to it were made or removed since: all but the
// change time, which those move, are the same.
func (id fileID) sameBytes(was fileID) bool {
	return id.dev == was.dev && id.ino == was.ino && id.size == was.size && id.mtime == was.mtime
}

// statText is the record of the files names (sorted) whose stat ids
// holds: a line "<dev> <ino> <size> <mtime> <ctime> <path>" for each.
func statText(names []string, ids map[string]fileID) []byte {
	var b []byte
	for _, name := range names {
		id, ok := ids[name]
		if !ok {
			continue
		}
		b = strconv.AppendUint(b, id.dev, 10)
		b = append(b, ' ')
		b = strconv.AppendUint(b, id.ino, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, id.size, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, id.mtime, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, id.ctime, 10)
		b = append(b, ' ')
		b = append(b, name...)
		b = append(b, '\n')
	}
	return b
}

// readRecord reads the record of the files' stat kept in the file record.
// A record that is missing, too large, or has a line that is not one
// statText writes, counts for nothing: every file is then hashed.
func readRecord(record string) map[string]fileID {
	if record == "" {
		return nil
	}
	f, err := os.Open(record)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxRecord+1))
	if err != nil || len(b) > maxRecord {
		return nil
	}
	text := string(b)
	ids := make(map[string]fileID, strings.Count(text, "\n"))
	for line := range strings.Lines(text) {
		var f [5]string
		rest, ok := strings.CutSuffix(line, "\n")
		if !ok {
			return nil // cut short
		}
		for i := range f {
			if f[i], rest, ok = strings.Cut(rest, " "); !ok {
				return nil
			}
		}
		var id fileID
		var errs [5]error
		id.dev, errs[0] = strconv.ParseUint(f[0], 10, 64)
		id.ino, errs[1] = strconv.ParseUint(f[1], 10, 64)
		id.size, errs[2] = strconv.ParseInt(f[2], 10, 64)
		id.mtime, errs[3] = strconv.ParseInt(f[3], 10, 64)
		id.ctime, errs[4] = strconv.ParseInt(f[4], 10, 64)
		for _, err := range errs {
			if err != nil {
				return nil
			}
		}
		if !fs.ValidPath(rest) {
			return nil
		}
		ids[rest] = id
	}
	return ids
}

// keepRecord writes the record of the files' stat of the build just
// committed, whose files are names (sorted), as a whole or not at all. It
// only spares the next build hashing: a failure is not one of the build.
func (w *Writer) keepRecord(names []string) {
	if w.record == "" {
		return
	}
	w.restatLinks()
	dir := filepath.Dir(w.record)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".record-*")
	if err != nil {
		return
	}
	_, werr := f.Write(statText(names, w.ids))
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), w.record) != nil {
		os.Remove(f.Name())
	}
}

// restatLinks takes again the stat of the files made as links. A link
// shares its inode with the cache's file, whose change time moves each
// time another link to it is made or removed: the previous build's own
// link, removed as this build is committed, or the same card linked under
// two names. Taken as linked, their stat would never match the next
// build's, which would read and hash every card again. A file's new stat
// is kept only if nothing but its change time moved (the same device,
// inode, size and modification time); otherwise it is left out of the
// record, and the next build hashes it.
func (w *Writer) restatLinks() {
	ids := lstatAll(w, w.links)
	for _, name := range w.links {
		was, ok := w.ids[name]
		if !ok {
			continue
		}
		delete(w.ids, name)
		if now, ok := ids[name]; ok && now.sameBytes(was) {
			w.ids[name] = now
		}
	}
}
