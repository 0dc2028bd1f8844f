package devserver

import (
	"context"
	"io/fs"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// TestOpenPagesFirst checks what a build lays out before the rest of the
// site: the page of the changed file and the pages open in a browser, and
// the files every page loads; and that they are the build's own.
func TestOpenPagesFirst(t *testing.T) {
	s, fsys := builtServer(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := s.Base() + "sources/csto-letter-to-un/"
	events := stream(t, ctx, ts.URL+Prefix+"events?page="+open)
	<-events // connected: the page is known

	const changed = "content/events/almaty-airport-seized-and-retaken.md"
	f := fsys[changed]
	fsys[changed] = &fstest.MapFile{Data: []byte(string(f.Data) + "\nA sentence of the edit.\n")}
	dr, err := s.builder.Draft(fsys)
	if err != nil {
		t.Fatal(err)
	}
	files, ok := s.first(dr, []string{changed})
	if !ok {
		t.Fatal("first made nothing")
	}
	var pages []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
		}
	}
	slices.Sort(pages)
	want := []string{"events/almaty-airport-seized-and-retaken/index.html", "sources/csto-letter-to-un/index.html"}
	if !slices.Equal(pages, want) {
		t.Errorf("pages laid out first: %q, want %q", pages, want)
	}
	if !strings.Contains(string(files[want[0]]), "A sentence of the edit.") {
		t.Errorf("the changed page laid out first lacks the edit")
	}
	statics, err := fs.Glob(fsys, "static/css/*")
	if err != nil || len(statics) == 0 {
		t.Fatalf("no stylesheet in static/: %v", err)
	}
	for _, name := range append(statics, "static/"+chromaCSSName) {
		if _, ok := files[strings.TrimPrefix(name, "static/")]; !ok {
			t.Errorf("%s is not among the files made first: %q", name, slices.Sorted(maps.Keys(files)))
		}
	}
	res, err := dr.Finish()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if string(res.Files[name]) != string(b) {
			t.Errorf("%s made first differs from the build's", name)
		}
	}
}

// chromaCSSName is the stylesheet of highlighted code, which the site
// generates (sitegen) rather than copies.
const chromaCSSName = "css/chroma.css"

// TestRestFailsAfterFirst checks a build whose first pages lay out but
// whose rest fails (a template that breaks on other pages only): the
// server goes back to the last good build and reports the problem.
func TestRestFailsAfterFirst(t *testing.T) {
	s, fsys := builtServer(t)
	before := get(s, "GET", s.Base()+"events/almaty-airport-seized-and-retaken/")
	const changed = "content/events/almaty-airport-seized-and-retaken.md"
	f := fsys[changed]
	fsys[changed] = &fstest.MapFile{Data: []byte(string(f.Data) + "\nA sentence of the edit.\n")}
	src, err := fs.ReadFile(fsys, "templates/source.html")
	if err != nil {
		t.Fatal(err)
	}
	// A field no view has: an error when a source page is laid out.
	fsys["templates/source.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(src), "{{.Publisher}}", "{{.NoSuchField}}", 1))}
	err = s.Build([]string{changed})
	if err == nil || !strings.Contains(err.Error(), "templates/source.html") {
		t.Fatalf("the build: %v, want a problem in templates/source.html", err)
	}
	st := s.State()
	if st.Number != 1 || st.Failed != 2 || st.Making {
		t.Errorf("state after the failed rest: %+v", st)
	}
	after := get(s, "GET", s.Base()+"events/almaty-airport-seized-and-retaken/")
	if after.status != 200 || after.body != before.body {
		t.Errorf("the last good build is not served again: %d, same page: %v", after.status, after.body == before.body)
	}
}

// builtServer returns a server of a copy of the real dossier, built once,
// and the copy, to edit.
func builtServer(t *testing.T) (*Server, fstest.MapFS) {
	t.Helper()
	fsys := realCopy(t)
	s := New(Config{FS: fsys})
	t.Cleanup(s.Close)
	if err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	return s, fsys
}

// TestProseServedBeforeCheck checks a save that changes one file's prose
// alone: its page is served, with the edit, while the dossier is still
// being read again (here, held at site.yaml), and the build that ends
// serves the same page under the same build, so that the page reloads
// once. So is a save of the event's title; a change to its order waits
// for the build.
func TestProseServedBeforeCheck(t *testing.T) {
	fsys := realCopy(t)
	g := &gatedFS{MapFS: fsys, gated: "content/site.yaml"}
	s := New(Config{FS: g})
	t.Cleanup(s.Close)
	if err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	const changed = "content/events/almaty-airport-seized-and-retaken.md"
	page := s.Base() + "events/almaty-airport-seized-and-retaken/"
	save := func(data string) <-chan error {
		fsys[changed] = &fstest.MapFile{Data: []byte(data)}
		g.hold.Lock()
		done := make(chan error, 1)
		go func() { done <- s.Build([]string{changed}) }()
		return done
	}
	orig := string(fsys[changed].Data)

	done := save(orig + "\nA sentence of the edit.\n")
	var st State
	for range 500 { // the build is announced at once
		if st = s.State(); st.Number == 2 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if st.Number != 2 || !st.Making {
		t.Fatalf("the page of a prose edit is not served while the dossier is read: %+v", st)
	}
	early := get(s, "GET", page)
	if early.status != 200 || !strings.Contains(early.body, "A sentence of the edit.") {
		t.Errorf("served first: %d, with the edit: %v", early.status, strings.Contains(early.body, "A sentence of the edit."))
	}
	g.hold.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if st := s.State(); st.Number != 2 || st.Making {
		t.Errorf("after the build: %+v, want build 2 made whole", st)
	}
	if after := get(s, "GET", page); after.body != early.body {
		t.Errorf("the build's page differs from the one served first")
	}

	// An event's title shows on its page alone: it is served first too.
	retitled := strings.Replace(orig, "title: ", "title: Retitled ", 1) + "\nA sentence of the edit.\n"
	done = save(retitled)
	for range 500 {
		if st = s.State(); st.Number == 3 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if st.Number != 3 || !st.Making {
		t.Fatalf("the page of a title edit is not served while the dossier is read: %+v", st)
	}
	if early := get(s, "GET", page); !strings.Contains(early.body, "Retitled") {
		t.Errorf("the new title is not served first")
	}
	g.hold.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// The order of the event among those of its day changes other pages:
	// nothing is served before the dossier is read again.
	done = save(strings.Replace(retitled, "title: ", "order: 5\ntitle: ", 1))
	time.Sleep(50 * time.Millisecond)
	if st := s.State(); st.Number != 3 {
		t.Errorf("a change of the event's order was served before the dossier was read: %+v", st)
	}
	g.hold.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if st := s.State(); st.Number != 4 || st.Failed != 0 {
		t.Errorf("after the order's build: %+v, want build 4", st)
	}
}

// gatedFS is a site whose file gated cannot be read while hold is held.
type gatedFS struct {
	fstest.MapFS
	gated string
	hold  sync.RWMutex
}

func (g *gatedFS) wait(name string) {
	if name == g.gated {
		g.hold.RLock()
		defer g.hold.RUnlock()
	}
}

func (g *gatedFS) Open(name string) (fs.File, error) {
	g.wait(name)
	return g.MapFS.Open(name)
}

func (g *gatedFS) ReadFile(name string) ([]byte, error) {
	g.wait(name)
	return g.MapFS.ReadFile(name)
}
