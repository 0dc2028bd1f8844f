package devserver

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/sitegen"
	"github.com/dossier-dev/dossier/internal/watch"
	"github.com/dossier-dev/dossier/internal/watch/editortest"
)

// BenchmarkSaveToReload measures what an editor waits for on the real
// dossier: from saving an event in vim to the moment an open page is told,
// on its event stream, that the build with the change is served and it
// should reload. That is the watcher (fsnotify and its 75 ms quiet
// period), a full build, and the event. The page's own reload adds one
// request for the page and its stylesheets.
func BenchmarkSaveToReload(b *testing.B) {
	dir := b.TempDir()
	for _, sub := range []string{"content", "templates", "static"} {
		if out, err := exec.Command("cp", "-r", filepath.Join("..", "..", sub), dir).CombinedOutput(); err != nil {
			b.Fatalf("cp: %v\n%s", err, out)
		}
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer fsys.Close()
	w, err := watch.New(dir, []string{"content", "templates", "static"}, watch.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	s := New(Config{FS: fsys})
	if err := s.Build(nil); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx, w.Changes())
	events := stream(b, ctx, ts.URL+Prefix+"events")
	last := <-events

	entries, err := os.ReadDir(filepath.Join(dir, "content", "events"))
	if err != nil || len(entries) == 0 {
		b.Fatalf("no events: %v", err)
	}
	name := filepath.Join(dir, "content", "events", entries[0].Name())
	orig, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		text := fmt.Appendf(append([]byte(nil), orig...), "\nEdit %d.\n", i)
		if err := editortest.Vim(name, text); err != nil {
			b.Fatal(err)
		}
		for st := range events {
			if len(st.Problems) > 0 {
				b.Fatalf("the edit broke the build: %q", st.Problems)
			}
			if st.Build != last.Build {
				last = st
				break
			}
		}
	}
}

// BenchmarkInjectScript measures what inserting the reload script adds to
// serving every file of the real dossier once.
func BenchmarkInjectScript(b *testing.B) {
	res, err := sitegen.Build(realSite, sitegen.Options{})
	if err != nil {
		b.Fatal(err)
	}
	files := injected{files: res.Files, tag: []byte(scriptTag("bench-1"))}
	var size int64
	for _, f := range res.Files {
		size += int64(len(f))
	}
	b.SetBytes(size)
	for b.Loop() {
		for name := range res.Files {
			if _, err := files.ReadFile(name); err != nil {
				b.Fatal(err)
			}
		}
	}
}
