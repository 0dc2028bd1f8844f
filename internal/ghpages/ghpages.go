// Package ghpages serves a built site the way GitHub Pages serves a project
// site, so that the preview (dossier serve) and the checker (dossier check)
// both see what readers will, from one handler:
//
//   - the site lives under a base path, "/" or "/repo/"; nothing outside it
//     is the site's, so a link that climbs out of the subpath is broken
//     here as it is on Pages; /repo redirects to /repo/;
//   - a path ending in / serves its index.html, and is not found without
//     one (Pages lists no directories);
//   - a directory named without the final / redirects to the path with it,
//     when it has an index.html;
//   - anything else missing under the base is answered 404 with the site's
//     404.html, when it has one;
//   - a path with a . or .. segment, or a percent-encoded slash or
//     backslash, is not found: nothing outside the files can be reached;
//   - only regular files are served, never through a symbolic link (one in
//     a build could point anywhere, /etc/passwd included): a link is
//     answered as a missing file. This needs an fsys that knows links
//     (fs.ReadLinkFS, as os.DirFS's and os.Root's are);
//   - only GET and HEAD are allowed.
//
// Content types come from a fixed table (ContentType), not from the
// machine's MIME database, so that they are the same everywhere.
package ghpages

import (
	"bytes"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// A Handler serves a site. It is an http.Handler.
type Handler struct {
	fsys fs.FS
	base string
	// NotFound answers what the site itself does not: a path outside the
	// base, or a missing one when the site has no 404.html. Nil for a
	// plain 404.
	NotFound http.Handler
}

// New returns a handler that serves the site in fsys under base, a path
// or a URL whose path is used (see BasePath).
func New(fsys fs.FS, base string) *Handler {
	return &Handler{fsys: fsys, base: BasePath(base)}
}

// Base is the path the site is served under, starting and ending with a
// slash.
func (h *Handler) Base() string { return h.base }

// BasePath returns the path of a base URL, or of a path, starting and
// ending with one slash: "https://owner.github.io/repo" and "repo/" both
// give "/repo/", "" gives "/".
func BasePath(base string) string {
	p := "/"
	if u, err := url.Parse(base); err == nil {
		p = path.Clean("/" + u.Path)
	}
	if p != "/" {
		p += "/"
	}
	return p
}

// ServeHTTP serves the site.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p+"/" == h.base {
		http.Redirect(w, r, h.base, http.StatusMovedPermanently)
		return
	}
	rel, ok := strings.CutPrefix(p, h.base)
	if !ok {
		h.notFound(w, r)
		return
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if !SafePath(r.URL) || !fs.ValidPath(name) {
		h.missing(w, r)
		return
	}
	if b, err := h.readFile(name); err == nil {
		serve(w, r, name, b)
		return
	}
	if name == rel { // no final slash: is it a directory with an index.html?
		if fi, err := lstat(h.fsys, path.Join(rel, "index.html")); err == nil && fi.Mode().IsRegular() {
			u := *r.URL
			u.Path += "/"
			u.RawPath = ""
			http.Redirect(w, r, u.RequestURI(), http.StatusMovedPermanently)
			return
		}
	}
	h.missing(w, r)
}

// missing answers a path under the base that has no file: with the site's
// 404.html, as Pages does.
func (h *Handler) missing(w http.ResponseWriter, r *http.Request) {
	b, err := h.readFile("404.html")
	if err != nil {
		h.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ContentType("404.html", b))
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(b)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	if h.NotFound != nil {
		h.NotFound.ServeHTTP(w, r)
		return
	}
	http.NotFound(w, r)
}

// readFile reads the regular file name, not through a symbolic link.
func (h *Handler) readFile(name string) ([]byte, error) {
	fi, err := lstat(h.fsys, name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return fs.ReadFile(h.fsys, name)
}

// lstat describes the file name without following a symbolic link, in
// name or in any directory on its way: a link is fs.ErrNotExist. An fsys
// that knows no links (Files) is asked about name alone.
func lstat(fsys fs.FS, name string) (fs.FileInfo, error) {
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return fs.Stat(fsys, name)
	}
	var fi fs.FileInfo
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '/' {
			continue
		}
		var err error
		if fi, err = fs.Lstat(fsys, name[:i]); err != nil {
			return nil, err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrNotExist}
		}
	}
	return fi, nil
}

// serve serves one file with its type.
func serve(w http.ResponseWriter, r *http.Request, name string, b []byte) {
	w.Header().Set("Content-Type", ContentType(name, b))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// SafePath reports whether u's path is one a server may look up: no
// segment is . or .., written plainly or percent-encoded, and no slash or
// backslash is percent-encoded.
func SafePath(u *url.URL) bool {
	raw := strings.ToLower(u.RawPath)
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return false
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// contentTypes are the types of the files a site has, so that they do not
// depend on the machine's MIME tables.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".pdf":   "application/pdf",
}

// ContentType is the type of the file name, which holds b: from its
// extension, or sniffed from b for one the table does not know.
func ContentType(name string, b []byte) string {
	ext := strings.ToLower(path.Ext(name))
	ct := contentTypes[ext]
	if ct == "" {
		ct = mime.TypeByExtension(ext)
	}
	if ct == "" {
		ct = http.DetectContentType(b)
	}
	return ct
}

// Files is a site held in memory, by slash-separated path: an fs.FS of
// regular files, which is all a Handler needs.
type Files map[string][]byte

// Open opens the named file.
func (f Files) Open(name string) (fs.File, error) {
	b, ok := f[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(b), info: memInfo{name: path.Base(name), size: int64(len(b))}}, nil
}

// ReadFile returns a copy of the named file's bytes.
func (f Files) ReadFile(name string) ([]byte, error) {
	b, ok := f[name]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(b), nil
}

type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
