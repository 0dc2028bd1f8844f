package ghpages

import (
	"bufio"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

var site = map[string]string{
	"index.html":          "<p>home</p>",
	"404.html":            "<p>our 404</p>",
	"events/x/index.html": "<p>event x</p>",
	"css/site.css":        "body{}",
	"feed.xml":            "<feed/>",
	"data":                "\x00\x01",
	"img/a.svg":           "<svg/>",
}

// Both FSs serve the same: an fstest.MapFS, which has directories, and
// Files, which has only files.
func fsys() map[string]fs.FS {
	m, f := fstest.MapFS{}, Files{}
	for name, text := range site {
		m[name] = &fstest.MapFile{Data: []byte(text)}
		f[name] = []byte(text)
	}
	return map[string]fs.FS{"MapFS": m, "Files": f}
}

func TestHandler(t *testing.T) {
	for fsName, fsys := range fsys() {
		h := New(fsys, "https://owner.github.io/repo")
		h.NotFound = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "not the site's", http.StatusNotFound)
		})
		for _, tc := range []struct {
			method, target string
			status         int
			want           string // body, or Location of a redirect, or Content-Type
		}{
			{"GET", "/repo/", 200, "<p>home</p>"},
			{"HEAD", "/repo/", 200, ""},
			{"GET", "/repo/index.html", 200, "<p>home</p>"},
			{"GET", "/repo", 301, "/repo/"},
			{"GET", "/repo/events/x/", 200, "<p>event x</p>"},
			{"GET", "/repo/events/x", 301, "/repo/events/x/"},
			{"GET", "/repo/events/x?a=1", 301, "/repo/events/x/?a=1"},
			{"GET", "/repo/events/", 404, "<p>our 404</p>"}, // no listing
			{"GET", "/repo/css/", 404, "<p>our 404</p>"},
			{"GET", "/repo/nothing", 404, "<p>our 404</p>"},
			{"GET", "/repo/events/%2e%2e/index.html", 404, "<p>our 404</p>"},
			{"GET", "/repo/css%2fsite.css", 404, "<p>our 404</p>"},
			{"GET", "/", 404, "not the site's\n"},
			{"GET", "/events/x/", 404, "not the site's\n"},
			{"GET", "/repository/", 404, "not the site's\n"},
			{"POST", "/repo/", 405, "method not allowed\n"},
			{"GET", "/repo/css/site.css", 200, "text/css; charset=utf-8"},
			{"GET", "/repo/feed.xml", 200, "application/xml"},
			{"GET", "/repo/img/a.svg", 200, "image/svg+xml"},
			{"GET", "/repo/data", 200, "application/octet-stream"},
		} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, nil))
			got := rec.Body.String()
			switch {
			case rec.Code == 301:
				got = rec.Header().Get("Location")
			case strings.HasPrefix(tc.want, "<") || strings.HasSuffix(tc.want, "\n") || tc.want == "":
			default:
				got = rec.Header().Get("Content-Type")
			}
			if rec.Code != tc.status || got != tc.want {
				t.Errorf("%s: %s %s: %d %q, want %d %q", fsName, tc.method, tc.target, rec.Code, got, tc.status, tc.want)
			}
		}
	}
}

// Without a 404.html and a NotFound handler, a missing page is a plain 404.
func TestPlainNotFound(t *testing.T) {
	h := New(Files{"index.html": []byte("home")}, "/")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x/", nil))
	if rec.Code != 404 || rec.Body.String() != "404 page not found\n" {
		t.Errorf("%d %q", rec.Code, rec.Body.String())
	}
}

func TestSafePath(t *testing.T) {
	// A request line can carry what httptest.NewRequest would refuse.
	for raw, want := range map[string]bool{
		"/a/b":        true,
		"/a/..b/c":    true, // not a .. segment
		"/a/b..":      true,
		"/a/../b":     false,
		"/..":         false,
		"/a/%2e%2e/b": false,
		"/a%2fb":      false,
		"/a%5Cb":      false,
		"/a/%2e/b":    false,
		"relative":    false,
		"/a\x00b":     false,
	} {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + strings.ReplaceAll(raw, "\x00", "%00") + " HTTP/1.1\r\nHost: x\r\n\r\n")))
		if err != nil {
			if want {
				t.Errorf("%q: %v", raw, err)
			}
			continue
		}
		if got := SafePath(req.URL); got != want {
			t.Errorf("SafePath(%q) = %v, want %v", raw, got, want)
		}
	}
}

func TestBasePath(t *testing.T) {
	for in, want := range map[string]string{
		"https://owner.github.io/repo/": "/repo/",
		"https://owner.github.io/repo":  "/repo/",
		"https://owner.github.io/":      "/",
		"https://owner.github.io":       "/",
		"https://x.org/a/b/":            "/a/b/",
		"https://x.org/a/../b/":         "/b/",
		"/repo":                         "/repo/",
		"repo/":                         "/repo/",
		"/":                             "/",
		"":                              "/",
	} {
		if got := BasePath(in); got != want {
			t.Errorf("BasePath(%q) = %q, want %q", in, got, want)
		}
	}
}
