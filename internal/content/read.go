package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/yamlstrict"
)

// Limits on the files of content/, so that no file makes a build run out of
// time or memory. No real page or source text comes near them.
const (
	// MaxMarkdownSize is the largest Markdown file, in bytes. A body is
	// converted, indexed, written as data and laid out for each language,
	// at about 45 times its size in memory: a 10 MB paragraph needed
	// 470 MB, over the 200 MB any input may take.
	MaxMarkdownSize = 2 << 20
	// MaxOriginalSize is the largest copy of a source's text.
	MaxOriginalSize = 10 << 20
	// MaxYAMLSize is the largest YAML file (site.yaml, membership.yaml).
	MaxYAMLSize = yamlstrict.MaxSize
)

// A readError is a file that cannot be read as text; its message names the
// problem and the fix, and goes after the file's path (and position).
type readError struct {
	line, col int // 0 when the problem is the whole file
	msg       string
}

func (e *readError) Error() string { return e.msg }

// readText reads a text file of content/: a regular file of at most limit
// bytes, in UTF-8, with LF or CRLF line ends (made LF) and an optional
// byte-order mark (removed). Anything else is a *readError: a named pipe
// or device (opening a pipe would wait forever for a writer), a file over
// the limit, UTF-16, NUL bytes, invalid UTF-8, a second byte-order mark,
// a carriage return on its own. A missing file is fs.ErrNotExist.
func readText(fsys fs.FS, name string, limit int64) ([]byte, error) {
	b, err := readRaw(fsys, name, limit, nil)
	if err != nil {
		return nil, err
	}
	return checkText(b)
}

// ReadBody reads again, from fsys, the body of f, a Markdown file that Load
// or Localize read from it: the bytes after its front matter, as they were
// then. f names the file its body comes from (a translation of the front
// matter alone has its original's body, and path). A file saved since has
// another body: the caller, which knows the body it read, tells.
func ReadBody(fsys fs.FS, f *File) ([]byte, error) {
	b, err := readText(fsys, f.Path, MaxMarkdownSize)
	if err != nil {
		return nil, err
	}
	_, body, _, _ := SplitFrontMatter(b) // the whole file when it has none, as Load kept it
	return body, nil
}

// readRaw reads a file of content/ as readText does, but does not check
// its text. The bytes may be shared with the file system's cache
// (sitefs.ReadLimited): they are only read. listed, if not nil, is the
// file's entry in the listing of its directory, just made.
func readRaw(fsys fs.FS, name string, limit int64, listed fs.DirEntry) ([]byte, error) {
	// sitefs.ReadLimited, not Open: sitefs records what it reads, to
	// tell a file saved while it was read, and tells from one stat that
	// a file it keeps has not changed.
	b, fi, err := sitefs.ReadLimited(fsys, name, limit, listed)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &readError{msg: fmt.Sprintf("not a regular file (%s); remove it or replace it with a file", modeName(fi.Mode()))}
	}
	if b == nil {
		return nil, tooBig(fi.Size(), limit)
	}
	if int64(len(b)) > limit { // it grew since stat
		return nil, tooBig(int64(len(b)), limit)
	}
	return b, nil
}

func tooBig(size, limit int64) error {
	s, l := mb(size), mb(limit)
	if tenths(size) == tenths(limit) { // just over: rounded, the two would read the same
		s = fmt.Sprintf("%d bytes", size)
		l = fmt.Sprintf("%s (%d bytes)", l, limit)
	}
	return &readError{msg: fmt.Sprintf("the file is %s, over the limit of %s; split it, or keep long texts out of content/", s, l)}
}

func tenths(n int64) int64 { return (n*10 + 1<<19) >> 20 }

// mb writes n bytes in megabytes: whole ones from 10 MB, else to a tenth.
func mb(n int64) string {
	if n >= 10<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// checkText normalises the line ends and byte-order mark of b and checks
// that what is left is UTF-8 text, reporting the first problem at its line
// and column.
func checkText(b []byte) ([]byte, error) {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return nil, &readError{line: 1, col: 1, msg: "the file is in UTF-16; save it as UTF-8"}
	}
	b = normalizeNewlines(b)
	if bytes.HasPrefix(b, []byte("\uFEFF")) {
		return nil, &readError{line: 1, col: 1, msg: "a second byte-order mark (U+FEFF) at the start of the file; remove it (save the file as UTF-8, with or without one mark)"}
	}
	line, col := 1, 1
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == 0:
			return nil, &readError{line: line, col: col, msg: "a NUL byte: the file is not UTF-8 text (UTF-16, or damaged); save it as UTF-8"}
		case c == '\r':
			return nil, &readError{line: line, col: col, msg: "a carriage return (CR) without a line feed: the file has old Mac line ends; save it with LF (or CRLF) line ends"}
		case c == '\n':
			line, col = line+1, 1
			i++
			continue
		case c < utf8.RuneSelf:
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return nil, &readError{line: line, col: col, msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02X); save the file as UTF-8", c)}
		}
		i += size
		col++
	}
	return b, nil
}

// isReadError reports whether err is a *readError, and returns it.
func isReadError(err error) (*readError, bool) {
	var re *readError
	ok := errors.As(err, &re)
	return re, ok
}
