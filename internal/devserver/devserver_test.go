package devserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// withFiles returns a server that serves files as its build 1, under base.
func withFiles(base string, files map[string]string) *Server {
	s := New(Config{})
	s.n = 1
	m := map[string][]byte{}
	for name, text := range files {
		m[name] = []byte(text)
	}
	s.good = s.serve("test-1", 1, &lazyFiles{all: m, done: closed}, base, nil, nil)
	return s
}

type response struct {
	status int
	header http.Header
	body   string
}

// get sends a request for target, a path as a client sends it: not
// cleaned, percent-encoding kept.
func get(s http.Handler, method, target string) response {
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.String()}
}

var files = map[string]string{
	"index.html":              "<p>home</p>",
	"events/x/index.html":     "<p>event x</p>",
	"css/site.css":            "body{}",
	"feed.xml":                "<feed/>",
	"robots.txt":              "User-agent: *",
	"img/a.svg":               "<svg/>",
	"fonts/a.woff2":           "wOF2",
	"data.bin":                "\x00\x01\x02",
	"sources/a b/index.html":  "<p>space</p>",
	"sources/%41/index.html":  "<p>percent</p>",
	"notes/2022/index.html":   "<p>2022</p>",
	"deep/er/still/file.html": "<p>deep</p>",
}

func TestPathSafety(t *testing.T) {
	s := withFiles("/", files)
	for _, target := range []string{
		"/../go.mod",
		"/events/../../go.mod",
		"/%2e%2e/go.mod",
		"/%2E%2E/go.mod",
		"/events/%2e%2e/%2e%2e/etc/passwd",
		"/.%2e/go.mod",
		"/css%2fsite.css",
		"/css%2Fsite.css",
		"/events%2fx/",
		"/css/..%2f..%2fgo.mod",
		"/css%5csite.css",
		"/css\\site.css",
		"/./css/site.css",
		"/css/./site.css",
		"/css/site.css%00",
		"/css/",    // a directory without index.html: no listing
		"/events/", // the same
		"/deep/er/",
		"/_dossier/",
		"/_dossier/nothing",
		"/nothing",
	} {
		r := get(s, "GET", target)
		if r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", target, r.status)
		}
		if strings.Contains(r.body, "body{}") || strings.Contains(r.body, "module ") {
			t.Errorf("GET %s: served a file: %q", target, r.body)
		}
	}
	for target, want := range map[string]string{
		"/":                        "home",
		"/index.html":              "home",
		"/events/x/":               "event x",
		"/css/site.css":            "body{}",
		"/sources/a%20b/":          "space",
		"/sources/%2541/":          "percent",
		"/notes/2022/":             "2022",
		"/deep/er/still/file.html": "deep",
	} {
		if r := get(s, "GET", target); r.status != 200 || !strings.Contains(r.body, want) {
			t.Errorf("GET %s: %d %q, want 200 and %q", target, r.status, r.body, want)
		}
	}
}

func TestContentTypes(t *testing.T) {
	s := withFiles("/", files)
	for target, want := range map[string]string{
		"/":                   "text/html; charset=utf-8",
		"/events/x/":          "text/html; charset=utf-8",
		"/css/site.css":       "text/css; charset=utf-8",
		"/feed.xml":           "application/xml",
		"/robots.txt":         "text/plain; charset=utf-8",
		"/img/a.svg":          "image/svg+xml",
		"/fonts/a.woff2":      "font/woff2",
		"/data.bin":           "application/octet-stream",
		"/_dossier/reload.js": "text/javascript; charset=utf-8",
		"/_dossier/state":     "application/json",
		"/nothing":            "text/html; charset=utf-8",
	} {
		r := get(s, "GET", target)
		if got := r.header.Get("Content-Type"); got != want {
			t.Errorf("GET %s: Content-Type %q, want %q", target, got, want)
		}
		if got := r.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", target, got)
		}
	}
}

func TestRedirectsAndMethods(t *testing.T) {
	s := withFiles("/repo/", files)
	for _, tc := range []struct {
		method, target string
		status         int
		location       string
	}{
		{"GET", "/", http.StatusFound, "/repo/"},
		{"GET", "/repo", http.StatusMovedPermanently, "/repo/"},
		{"GET", "/repo/", 200, ""},
		{"GET", "/repo/events/x", http.StatusMovedPermanently, "/repo/events/x/"},
		{"GET", "/repo/events/x?a=1", http.StatusMovedPermanently, "/repo/events/x/?a=1"},
		{"GET", "/events/x/", 404, ""},
		{"GET", "/repository/", 404, ""},
		{"HEAD", "/repo/", 200, ""},
		{"POST", "/repo/", http.StatusMethodNotAllowed, ""},
		{"PUT", "/repo/css/site.css", http.StatusMethodNotAllowed, ""},
		{"GET", "/_dossier/reload.js", 200, ""}, // the server's own URLs stay at the root
	} {
		r := get(s, tc.method, tc.target)
		if r.status != tc.status || r.header.Get("Location") != tc.location {
			t.Errorf("%s %s: %d Location %q, want %d %q", tc.method, tc.target, r.status, r.header.Get("Location"), tc.status, tc.location)
		}
	}
	if r := get(s, "HEAD", "/repo/"); r.body != "" || r.header.Get("Content-Length") != "11" {
		t.Errorf("HEAD: body %q, Content-Length %q", r.body, r.header.Get("Content-Length"))
	}
}

func TestNotFoundIsTheSites404(t *testing.T) {
	s := withFiles("/", map[string]string{"index.html": "home", "404.html": "<h1>Our 404</h1>"})
	if r := get(s, "GET", "/nothing/"); r.status != 404 || r.body != "<h1>Our 404</h1>" {
		t.Errorf("got %d %q", r.status, r.body)
	}
	s = withFiles("/", map[string]string{"index.html": "home"})
	if r := get(s, "GET", "/nothing/"); r.status != 404 || !strings.Contains(r.body, `<script src="/_dossier/reload.js" data-build="test-1"></script>`) {
		t.Errorf("got %d %q", r.status, r.body)
	}
}

// realSite is the real dossier, read from the repository.
var realSite = os.DirFS("../..")

// TestBuildsAndEvents builds the real dossier, breaks it, and fixes it,
// and checks what an open page is told over the event stream at each step.
func TestBuildsAndEvents(t *testing.T) {
	fsys := fstest.MapFS{}
	err := copyFS(fsys, realSite)
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	s := New(Config{FS: fsys, Log: &log, Options: sitegen.Options{}})
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()

	// Before the first build: nothing to serve.
	if r := get(s, "GET", "/"); r.status != 500 {
		t.Fatalf("before the first build: %d", r.status)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := stream(t, ctx, ts.URL+Prefix+"events")
	if st := <-events; st.Build != "" || len(st.Problems) > 0 {
		t.Fatalf("first state: %+v", st)
	}

	if err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	// The first build serves the home page first (Making), then the rest.
	st := <-events
	if st.Making {
		if st.Number != 1 || !strings.HasSuffix(st.Build, "-1") {
			t.Fatalf("build 1, home page first: %+v", st)
		}
		st = <-events
	}
	if st.Number != 1 || st.Build == "" || st.Making || len(st.Problems) > 0 {
		t.Fatalf("after build 1: %+v", st)
	}
	home := get(s, "GET", s.Base())
	if home.status != 200 || !strings.Contains(home.body, `<script src="/_dossier/reload.js" data-build="`+st.Build+`"></script>`) {
		t.Fatalf("home: %d, no reload script for %s", home.status, st.Build)
	}

	// A broken edit: build 2 fails, build 1 is still served.
	good := fsys["content/site.yaml"].Data
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(good), "title:", "titel:", 1))}
	if err := s.Build([]string{"content/site.yaml"}); err == nil {
		t.Fatal("the broken site built")
	}
	st = <-events
	if st.Number != 1 || st.Failed != 2 || len(st.Problems) == 0 || !strings.HasPrefix(st.Problems[0], "content/site.yaml:") {
		t.Fatalf("after build 2: %+v", st)
	}
	if r := get(s, "GET", s.Base()); r.status != 200 || r.body != home.body {
		t.Fatalf("build 1 is not served after build 2 failed: %d", r.status)
	}
	if !strings.Contains(log.String(), st.Problems[0]+"\n") || !strings.Contains(log.String(), "build 2 failed with") {
		t.Errorf("the terminal does not show the problems:\n%s", log.String())
	}

	// Fixed: build 3 is served, the problems are gone.
	fsys["content/site.yaml"] = &fstest.MapFile{Data: good}
	if err := s.Build([]string{"content/site.yaml"}); err != nil {
		t.Fatal(err)
	}
	st = <-events
	if st.Number != 3 || st.Failed != 0 || len(st.Problems) > 0 {
		t.Fatalf("after build 3: %+v", st)
	}
	var state State
	r := get(s, "GET", Prefix+"state")
	if err := json.Unmarshal([]byte(r.body), &state); err != nil || state.Number != 3 {
		t.Fatalf("state: %s %v", r.body, err)
	}

	// Close ends the stream.
	s.Close()
	for range events {
	}
}

// stream sends each state received on the event stream at url, until the
// stream ends.
func stream(t testing.TB, ctx context.Context, url string) <-chan State {
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	ch := make(chan State)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			if e, ok := strings.CutPrefix(line, "event: "); ok {
				event = e
			}
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				if event != "state" {
					t.Errorf("data for event %q", event)
				}
				var st State
				if err := json.Unmarshal([]byte(data), &st); err != nil {
					t.Error(err)
					return
				}
				ch <- st
			}
		}
	}()
	return ch
}

// copyFS copies the site's input from src into m.
// realCopy returns a copy of the shipped dossier's input, in memory, for
// a test to edit.
func realCopy(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	if err := copyFS(m, realSite); err != nil {
		t.Fatal(err)
	}
	return m
}

func copyFS(m fstest.MapFS, src fs.FS) error {
	for _, dir := range []string{"content", "templates", "static"} {
		err := fs.WalkDir(src, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(src, p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// TestWarningsOnlyWhenTheyChange edits an original that has a translation,
// which makes the translation stale: a warning, printed once, not after
// every build.
func TestWarningsOnlyWhenTheyChange(t *testing.T) {
	fsys := realCopy(t)
	const about = "content/pages/about.md"
	if _, ok := fsys["content/pages/about.vi.md"]; !ok {
		t.Skip("about.md has no translation")
	}
	var log strings.Builder
	s := New(Config{FS: fsys, Log: &log})
	defer s.Close()
	if err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(log.String(), "warning:") {
		t.Fatalf("warnings before the edit:\n%s", log.String())
	}
	orig := fsys[about].Data
	for i := range 3 {
		fsys[about] = &fstest.MapFile{Data: fmt.Appendf(append([]byte(nil), orig...), "\nEdit %d.\n", i)}
		if err := s.Build([]string{about}); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(log.String(), "warning: content/pages/about.vi.md"); n != 1 {
		t.Errorf("the warning about about.vi.md is printed %d times, want once:\n%s", n, log.String())
	}
}

func TestInject(t *testing.T) {
	const tag = `<script src="r.js"></script>`
	for page, want := range map[string]string{
		"<html><body><p>x</p></body></html>\n": "<html><body><p>x</p>" + tag + "</body></html>\n",
		"<HTML><BODY><p>x</p></BODY></HTML>":   "<HTML><BODY><p>x</p>" + tag + "</BODY></HTML>",
		"<p>no body element</p>\n":             "<p>no body element</p>\n" + tag,
		"":                                     tag,
		"<body><script>s = '</body>'</script></body> <!---->": "<body><script>s = '</body>'</script>" + tag + "</body> <!---->",
		"<p>a < b</p></body": "<p>a < b</p>" + tag + "</body",
	} {
		if got := string(inject([]byte(page), []byte(tag))); got != want {
			t.Errorf("inject(%q) = %q, want %q", page, got, want)
		}
	}
}

// The server adds the reload script to every HTML file of a build, even
// when the site's template has no </body>, and to nothing else; the build
// itself never has it.
func TestScriptInHTMLOnly(t *testing.T) {
	fsys := realCopy(t)
	base := string(fsys["templates/_base.html"].Data)
	noBody := strings.NewReplacer("</body>", "", "</html>", "").Replace(base)
	if noBody == base {
		t.Fatal("templates/_base.html has no </body> to take away")
	}
	fsys["templates/_base.html"] = &fstest.MapFile{Data: []byte(noBody)}
	res, err := sitegen.Build(fsys, sitegen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range res.Files {
		if strings.Contains(string(b), Prefix) {
			t.Fatalf("sitegen.Build wrote %s with %s in it", name, Prefix)
		}
	}

	s := New(Config{FS: fsys})
	defer s.Close()
	if err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	tag := string(scriptTag(s.State().Build))
	var pages int
	for name := range s.good.files.files.wait() {
		b, err := s.good.files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		html := strings.HasSuffix(name, ".html")
		if html {
			pages++
		}
		switch n := strings.Count(string(b), tag); {
		case html && (n != 1 || !strings.HasSuffix(string(b), tag)):
			t.Errorf("%s has the script %d times, want once at its end", name, n)
		case !html && n != 0:
			t.Errorf("%s, not HTML, has the script", name)
		}
		if !html && !bytes.Equal(b, res.Files[name]) {
			t.Errorf("%s differs from what the build wrote", name)
		}
	}
	if pages != len(res.Site.Pages)+1 { // and 404.html
		t.Errorf("%d HTML files for %d pages", pages, len(res.Site.Pages))
	}
}

func TestPageOf(t *testing.T) {
	langs := []string{"en", "vi"}
	for p, want := range map[string]string{
		"content/events/x.md":        "events/x/",
		"content/events/x.vi.md":     "vi/events/x/",
		"content/sources/s.md":       "sources/s/",
		"content/entities/e.vi.md":   "vi/entities/e/",
		"content/discrepancies/d.md": "discrepancies/#d",
		"content/pages/about.md":     "about/",
		"content/home.md":            "",
		"content/home.vi.md":         "vi/",
		"content/site.yaml":          "-",
		"content/originals/a.txt":    "-",
		"templates/event.html":       "-",
		"content/events/x.fr.md":     "-",
	} {
		got, ok := PageOf(p, langs)
		if !ok {
			got = "-"
		}
		if got != want {
			t.Errorf("PageOf(%s) = %q, want %q", p, got, want)
		}
	}
}

func TestOverlayDetails(t *testing.T) {
	fsys := fstest.MapFS{"content/events/x.md": {Data: []byte("---\ntitle: X\ntitel: Y\ndate: 2022-01-05\n---\nBody.\n")}}
	s := New(Config{FS: fsys, Dir: "/home/ed/site", Editor: DefaultEditor})
	ps := s.describe(diag.List{{Path: "content/events/x.md", Line: 3, Col: 1, Msg: `unknown key "titel"`}})
	if len(ps) != 1 {
		t.Fatal(ps)
	}
	p := ps[0]
	if p.Edit != "vscode://file/home/ed/site/content/events/x.md:3:1" {
		t.Errorf("edit link %q", p.Edit)
	}
	var frame []string
	for _, l := range p.Frame {
		mark := " "
		if l.Mark {
			mark = ">"
		}
		frame = append(frame, fmt.Sprintf("%s%d %s", mark, l.N, l.Text))
	}
	if got, want := strings.Join(frame, "|"), " 1 ---| 2 title: X|>3 titel: Y| 4 date: 2022-01-05| 5 ---"; got != want {
		t.Errorf("frame %q, want %q", got, want)
	}
	if ps := New(Config{FS: fsys, Dir: "/x", Editor: "none"}).describe(diag.List{{Path: "content/events/x.md", Line: 3, Msg: "m"}}); ps[0].Edit != "" {
		t.Errorf("Editor none still links: %q", ps[0].Edit)
	}
}

// A build that a newer change stops, once the changed page is served,
// reports no failure: the changed page stays served, the rest of the site
// is the last good build's, and the next build makes it all.
func TestBuildStoppedByNewerChange(t *testing.T) {
	fsys := realCopy(t)
	var log strings.Builder
	s := New(Config{FS: fsys, Log: &log, Options: sitegen.Options{}})
	defer s.Close()
	if err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	entries, err := fs.ReadDir(fsys, "content/events")
	if err != nil || len(entries) == 0 {
		t.Fatalf("no events: %v", err)
	}
	name := "content/events/" + entries[0].Name()
	id := strings.TrimSuffix(entries[0].Name(), ".md")
	old := fsys[name].Data
	fsys[name] = &fstest.MapFile{Data: regexp.MustCompile(`(?m)^title: `).ReplaceAll(old, []byte("title: Renamed "))}
	home := get(s, "GET", s.Base())

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a newer change, from the start
	if err := s.build(ctx, []string{name}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped build returned %v", err)
	}
	if st := s.State(); st.Failed != 0 || len(st.Problems) > 0 {
		t.Fatalf("a stopped build is reported as failed: %+v", st)
	}
	if !strings.Contains(log.String(), "build 2: stopped after") {
		t.Errorf("the terminal does not say the build stopped:\n%s", log.String())
	}
	if r := get(s, "GET", s.Base()+"events/"+id+"/"); r.status != 200 || !strings.Contains(r.body, "Renamed ") {
		t.Errorf("the changed page is not served as changed: %d", r.status)
	}
	script := regexp.MustCompile(`<script src="/_dossier/reload.js" data-build="[^"]*"></script>`)
	if r := get(s, "GET", s.Base()); r.status != 200 || script.ReplaceAllString(r.body, "") != script.ReplaceAllString(home.body, "") {
		t.Errorf("the rest of the site is not the last good build's: %d", r.status)
	}

	// A second save of the file, which stops its build too: its page is
	// laid out from the last build that ended, and served.
	fsys[name] = &fstest.MapFile{Data: regexp.MustCompile(`(?m)^title: `).ReplaceAll(old, []byte("title: Again "))}
	if err := s.build(ctx, []string{name}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("the second stopped build returned %v", err)
	}
	if r := get(s, "GET", s.Base()+"events/"+id+"/"); r.status != 200 || !strings.Contains(r.body, "Again ") {
		t.Errorf("after two stopped builds, the page of the file saved is not served as saved: %d", r.status)
	}
	// A save of another file is not laid out from that build, which
	// lacks the first file's change: the next build makes its page.
	var otherID string // another event, not a translation
	for _, e := range entries[1:] {
		if strings.Count(e.Name(), ".") == 1 {
			otherID = strings.TrimSuffix(e.Name(), ".md")
			break
		}
	}
	other := "content/events/" + otherID + ".md"
	fsys[other] = &fstest.MapFile{Data: regexp.MustCompile(`(?m)^title: `).ReplaceAll(fsys[other].Data, []byte("title: Other "))}
	if err := s.build(ctx, []string{other}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("the third stopped build returned %v", err)
	}
	if r := get(s, "GET", s.Base()+"events/"+otherID+"/"); r.status != 200 || strings.Contains(r.body, "Other ") {
		t.Errorf("a page laid out from the last build that ended, though another file changed since: %d", r.status)
	}

	if err := s.Build([]string{other}); err != nil {
		t.Fatal(err)
	}
	if r := get(s, "GET", s.Base()+"timeline/"); r.status != 200 || !strings.Contains(r.body, "Again ") || !strings.Contains(r.body, "Other ") {
		t.Errorf("after the next build, the timeline does not show both changes: %d; Again %v, Other %v", r.status, strings.Contains(r.body, "Again "), strings.Contains(r.body, "Other "))
	}
}

// Start's first build serves the home page as soon as the dossier is
// read and checked, before the rest of the site is made (the log says
// when), and ready says so; a site that does not build is ready when
// its build fails.
func TestStartServesHomeFirst(t *testing.T) {
	fsys := realCopy(t)
	var log strings.Builder
	s := New(Config{FS: fsys, Log: &log, Options: sitegen.Options{}})
	defer s.Close()
	ready, done := s.Start(nil)
	<-ready
	if r := get(s, "GET", s.Base()); r.status != 200 || !strings.Contains(r.body, "<html") {
		t.Fatalf("home once ready: %d", r.status)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`build 1: \d+ pages \(\d+ files\) in \S+ \(open pages served in \S+\)`).MatchString(log.String()) {
		t.Errorf("the first build did not serve its home page before the rest:\n%s", log.String())
	}

	broken := realCopy(t)
	broken["content/site.yaml"] = &fstest.MapFile{Data: append([]byte("titel: x\n"), broken["content/site.yaml"].Data...)}
	s = New(Config{FS: broken, Log: io.Discard, Options: sitegen.Options{}})
	defer s.Close()
	ready, done = s.Start(nil)
	<-ready
	if err := <-done; err == nil {
		t.Error("a broken site built")
	}
	if st := s.State(); st.Failed != 1 || len(st.Problems) == 0 {
		t.Errorf("a broken first build: %+v", st)
	}
}
