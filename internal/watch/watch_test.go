package watch

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/watch/editortest"
	"github.com/fsnotify/fsnotify"
)

// These tests use the real file system and real time. They never assert
// how long something takes; the only deadline is a guard against hanging.
const hang = 10 * time.Second

type logBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuf) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.b, format+"\n", args...)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newSite makes a little site: content/ with files, templates/, no static/.
func newSite(t *testing.T) string {
	root := t.TempDir()
	for name, text := range map[string]string{
		"content/site.yaml":       "title: x\n",
		"content/events/a.md":     "---\ntitle: A\n---\nA.\n",
		"content/events/b.md":     "---\ntitle: B\n---\nB.\n",
		"content/entities/c.md":   "---\nname: C\n---\n",
		"templates/_base.html":    "{{define \"base\"}}{{end}}",
		"README.md":               "not watched",
		"content/.git/HEAD":       "hidden",
		"content/events/a.md.swp": "swap",
	} {
		write(t, filepath.Join(root, name), text)
	}
	return root
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, root string, opts Options) (*Watcher, *logBuf) {
	t.Helper()
	var log logBuf
	opts.Logf = log.Logf
	opts.Quiet = 10 * time.Millisecond
	opts.PollInterval = 20 * time.Millisecond
	w, err := New(root, []string{"content", "templates", "static"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, &log
}

// expect reads batches until it has seen every path in want. It fails if a
// batch holds an ignored file, a path outside the watched directories, or
// one of never.
func expect(t *testing.T, w *Watcher, want []string, never ...string) {
	t.Helper()
	seen := map[string]bool{}
	deadline := time.After(hang)
	for {
		missing := slices.DeleteFunc(slices.Clone(want), func(p string) bool { return seen[p] })
		if len(missing) == 0 {
			return
		}
		select {
		case batch := <-w.Changes():
			for _, p := range batch {
				seen[p] = true
				if p == "." {
					continue
				}
				if slices.Contains(never, p) {
					t.Errorf("batch %q holds %s", batch, p)
				}
				for _, part := range strings.Split(p, "/") {
					if Ignored(part) {
						t.Errorf("batch %q holds an ignored file: %s", batch, p)
					}
				}
				if Probe(path.Base(p)) && !strings.HasPrefix(p, "static/202") {
					t.Errorf("batch %q holds vim's probe: %s", batch, p)
				}
				if d, _, _ := strings.Cut(p, "/"); !slices.Contains([]string{"content", "templates", "static"}, d) {
					t.Errorf("batch %q holds %s, outside the watched directories", batch, p)
				}
			}
		case <-deadline:
			t.Fatalf("still waiting for %q after %s; seen %v", missing, hang, seen)
		}
	}
}

func TestWatchEditors(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(map[bool]string{false: "fsnotify", true: "poll"}[poll], func(t *testing.T) {
			root := newSite(t)
			w, log := start(t, root, Options{Poll: poll})
			if w.Polling() != poll {
				t.Fatalf("Polling() = %v; log:\n%s", w.Polling(), log)
			}
			p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
			a := "content/events/a.md"
			for _, tc := range []struct {
				name string
				save func() error
			}{
				{"vim", func() error { return editortest.Vim(p(a), []byte("---\ntitle: vim\n---\n")) }},
				{"sed -i", func() error { return editortest.SedInPlace(p(a), "vim", "sed") }},
				{"jetbrains", func() error { return editortest.JetBrains(p(a), []byte("---\ntitle: jb\n---\n")) }},
				{"emacs", func() error { return editortest.Emacs(p(a), []byte("---\ntitle: emacs\n---\n")) }},
				{"in place", func() error { return editortest.InPlace(p(a), []byte("---\ntitle: in place\n---\n")) }},
				{"atomic", func() error { return editortest.Atomic(p(a), []byte("---\ntitle: atomic\n---\n")) }},
			} {
				if err := tc.save(); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				expect(t, w, []string{a})
			}

			// A new directory, with files written at once, before its
			// watch can exist; then a file written later.
			write(t, p("content/new/deep/x.md"), "x")
			expect(t, w, []string{"content/new/deep/x.md"})
			write(t, p("content/new/deep/y.md"), "y")
			expect(t, w, []string{"content/new/deep/y.md"})

			// A renamed directory reports under its new name only.
			if err := os.Rename(p("content/new"), p("content/renamed")); err != nil {
				t.Fatal(err)
			}
			expect(t, w, []string{"content/new", "content/renamed"})
			write(t, p("content/renamed/deep/z.md"), "z")
			expect(t, w, []string{"content/renamed/deep/z.md"}, "content/new/deep/z.md")

			// Removed files and directories.
			if err := os.RemoveAll(p("content/renamed")); err != nil {
				t.Fatal(err)
			}
			expect(t, w, []string{"content/renamed"})
			if err := os.Remove(p("content/events/b.md")); err != nil {
				t.Fatal(err)
			}
			expect(t, w, []string{"content/events/b.md"})

			// A watched directory that did not exist at the start.
			write(t, p("static/css/x.css"), "x")
			expect(t, w, []string{"static/css/x.css"})

			// A directory named with digits only is not vim's probe: it
			// is seen, what is written in it later too, and its removal.
			write(t, p("static/2024/a.css"), "a")
			expect(t, w, []string{"static/2024/a.css"})
			write(t, p("static/2024/b.css"), "b")
			expect(t, w, []string{"static/2024/b.css"})
			if err := os.Mkdir(p("static/2025"), 0o755); err != nil {
				t.Fatal(err)
			}
			expect(t, w, []string{"static/2025"})
			if err := os.Rename(p("static/2024"), filepath.Join(t.TempDir(), "gone")); err != nil {
				t.Fatal(err)
			}
			expect(t, w, []string{"static/2024"})

			// Chmod alone, files outside the watched directories and
			// ignored files: the next batch holds none of them.
			if err := os.Chmod(p("content/site.yaml"), 0o600); err != nil {
				t.Fatal(err)
			}
			write(t, p("README.md"), "changed")
			write(t, p("content/events/a.md~"), "backup")
			write(t, p("content/.git/HEAD"), "changed")
			write(t, p("content/events/5036"), "")
			write(t, p("templates/marker.html"), "marker")
			expect(t, w, []string{"templates/marker.html"}, "content/site.yaml")
		})
	}
}

func TestWatchFallsBackToPollingAtTheLimit(t *testing.T) {
	root := newSite(t)
	limit := func(*fsnotify.Watcher, string) error {
		return fmt.Errorf("add: %w", syscall.ENOSPC)
	}
	w, log := start(t, root, Options{add: limit})
	if !w.Polling() {
		t.Fatal("not polling")
	}
	for _, want := range []string{"fs.inotify.max_user_watches", "sudo sysctl fs.inotify.max_user_watches=524288", "/etc/sysctl.d/"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the message does not say %q:\n%s", want, log)
		}
	}
	write(t, filepath.Join(root, "content/events/a.md"), "changed")
	expect(t, w, []string{"content/events/a.md"})
}

func TestWatchFallsBackToPollingWhenANewDirectoryHitsTheLimit(t *testing.T) {
	root := newSite(t)
	var mu sync.Mutex
	limited := false
	add := func(w *fsnotify.Watcher, dir string) error {
		mu.Lock()
		defer mu.Unlock()
		if limited {
			return fmt.Errorf("add %s: %w", dir, syscall.ENOSPC)
		}
		return w.Add(dir)
	}
	w, log := start(t, root, Options{add: add})
	if w.Polling() {
		t.Fatalf("polling from the start:\n%s", log)
	}
	mu.Lock()
	limited = true
	mu.Unlock()
	write(t, filepath.Join(root, "content/more/x.md"), "x")
	expect(t, w, []string{"."})
	if !w.Polling() || !strings.Contains(log.String(), "fs.inotify.max_user_watches") {
		t.Fatalf("polling %v; log:\n%s", w.Polling(), log)
	}
	// Changes are still seen, in the new directory too.
	write(t, filepath.Join(root, "content/more/y.md"), "y")
	expect(t, w, []string{"content/more/y.md"})
}

func TestWatchCloseEndsChanges(t *testing.T) {
	w, _ := start(t, newSite(t), Options{})
	w.Close()
	if _, ok := <-w.Changes(); ok {
		t.Fatal("Changes still open after Close")
	}
}

// Each calls f once per batch, in order, and ends when the channel closes
// or the context ends.
func TestEach(t *testing.T) {
	changes := make(chan []string, 3)
	changes <- []string{"a"}
	changes <- []string{"b", "c"}
	close(changes)
	var got [][]string
	Each(context.Background(), changes, func(b []string) { got = append(got, b) })
	if len(got) != 2 || got[0][0] != "a" || len(got[1]) != 2 {
		t.Errorf("batches %q", got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	open := make(chan []string)
	done := make(chan struct{})
	go func() {
		Each(ctx, open, func([]string) { t.Error("called without a batch") })
		close(done)
	}()
	cancel()
	<-done
}

// A git checkout of 500 files, while the reader builds after each batch:
// the changes are one or two batches (the first files at once, the rest of
// the burst together), never one build per file, and none is lost.
func TestWatchCheckoutIsOneOrTwoBuilds(t *testing.T) {
	root := newSite(t)
	w, err := New(root, []string{"content", "templates", "static"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	var want []string
	for i := range 500 {
		want = append(want, fmt.Sprintf("content/events/c%03d.md", i))
	}
	// A batch the watcher may still hold from creating the site.
	select {
	case <-w.Changes():
	case <-time.After(200 * time.Millisecond):
	}
	for _, p := range want {
		write(t, filepath.Join(root, filepath.FromSlash(p)), "---\ntitle: C\n---\nC.\n")
	}
	seen := map[string]bool{}
	builds := 0
	deadline := time.After(hang)
	for len(seen) < len(want) {
		select {
		case batch := <-w.Changes():
			builds++
			for _, p := range batch {
				seen[p] = true
			}
			time.Sleep(20 * time.Millisecond) // the build
		case <-deadline:
			t.Fatalf("after %s, %d of %d files seen in %d batches", hang, len(seen), len(want), builds)
		}
	}
	// Nothing more comes: the burst was folded into what was sent.
	select {
	case batch := <-w.Changes():
		builds++
		t.Logf("a late batch of %d", len(batch))
	case <-time.After(300 * time.Millisecond):
	}
	if builds > 2 {
		t.Errorf("a checkout of %d files made %d builds, want 1 or 2", len(want), builds)
	}
}

// EachNewest cancels the call at work when a batch arrives, and calls f
// again with that batch joined to the one it stopped; it calls f once per
// batch when none arrives meanwhile, and ends when the channel closes.
func TestEachNewest(t *testing.T) {
	changes := make(chan []string)
	started := make(chan []string)
	type call struct {
		batch    []string
		canceled bool
	}
	calls := make(chan call, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		EachNewest(context.Background(), changes, func(ctx context.Context, b []string) {
			started <- b
			if b[0] == "a" && len(b) == 1 {
				<-ctx.Done() // the first call works until it is cancelled
			}
			calls <- call{b, ctx.Err() != nil}
		})
	}()
	changes <- []string{"a"}
	if b := <-started; !slices.Equal(b, []string{"a"}) {
		t.Fatalf("first call with %q", b)
	}
	changes <- []string{"b", "a"}
	if c := <-calls; !c.canceled {
		t.Fatal("the first call was not cancelled by a newer batch")
	}
	if b := <-started; !slices.Equal(b, []string{"a", "b"}) {
		t.Fatalf("after the newer batch, a call with %q; want the two joined, a then b", b)
	}
	if c := <-calls; c.canceled {
		t.Fatal("a call that no batch followed was cancelled")
	}
	changes <- []string{"c"}
	if b := <-started; !slices.Equal(b, []string{"c"}) {
		t.Fatalf("the next batch alone: got %q", b)
	}
	<-calls
	close(changes)
	<-done
	select {
	case b := <-started:
		t.Fatalf("called after the channel closed, with %q", b)
	default:
	}
}
