package check

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// FileServer serves the site in fsys under the path base ("/" or
// "/repo/") the way GitHub Pages serves a project site, so that a check
// over HTTP sees what readers will:
//
//   - a path ending in / serves its index.html, and is not found without
//     one (Pages lists no directories);
//   - a directory named without the final / redirects to the path with it;
//   - anything else missing under base is answered 404 with base's
//     404.html, when there is one;
//   - nothing outside base is served at all, so a link that climbs out of
//     the subpath is broken here as it is on Pages.
func FileServer(fsys fs.FS, base string) http.Handler {
	base = normalizeBase(base)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Path+"/" == base {
			http.Redirect(w, r, base, http.StatusMovedPermanently)
			return
		}
		rel, ok := strings.CutPrefix(r.URL.Path, base)
		if !ok {
			http.NotFound(w, r)
			return
		}
		name := rel
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		if !fs.ValidPath(name) {
			notFound(w, fsys)
			return
		}
		fi, err := fs.Stat(fsys, name)
		if err == nil && fi.IsDir() {
			if _, err := fs.Stat(fsys, path.Join(name, "index.html")); err == nil {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			err = fs.ErrNotExist
		}
		if err != nil {
			notFound(w, fsys)
			return
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	})
}

// notFound answers 404 with the site's 404.html, as GitHub Pages does.
func notFound(w http.ResponseWriter, fsys fs.FS) {
	b, err := fs.ReadFile(fsys, "404.html")
	if errors.Is(err, fs.ErrNotExist) {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(b)
}

// normalizeBase returns base with one leading and one trailing slash.
func normalizeBase(base string) string {
	base = strings.Trim(base, "/")
	if base == "" {
		return "/"
	}
	return "/" + base + "/"
}
