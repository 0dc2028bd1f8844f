package devserver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/cputime"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/sitegen"
	"github.com/dossier-dev/dossier/internal/synth"
	"github.com/dossier-dev/dossier/internal/watch"
	"github.com/dossier-dev/dossier/internal/watch/editortest"
)

// BenchmarkSaveToReload measures what an editor waits for: from saving an
// event in vim to the moment the page of that event, with the change, is
// served. That is the watcher (fsnotify and its lead of a few
// milliseconds), the incremental build (sitegen.Builder), the event that
// tells open pages the build is served, and the request for the page; the
// browser's own reload adds its stylesheets and painting. Each dossier
// is saved with a line added to the event's prose (prose), then with its
// title changed (title).
//
// It runs on the real dossier and on generated dossiers (package synth) of
// DOSSIER_BENCH_SAVE events (such as 1000,10000, as make bench sets it),
// and reports the median (ms-median) beside a full build of the same
// dossier in the same run (ms-full) and their ratio.
func BenchmarkSaveToReload(b *testing.B) {
	b.Run("shipped", func(b *testing.B) {
		dir := b.TempDir()
		for _, sub := range []string{"content", "templates", "static"} {
			if out, err := exec.Command("cp", "-r", filepath.Join("..", "..", sub), dir).CombinedOutput(); err != nil {
				b.Fatalf("cp: %v\n%s", err, out)
			}
		}
		saveToReload(b, dir)
	})
	sizes := os.Getenv("DOSSIER_BENCH_SAVE")
	for _, f := range strings.Split(sizes, ",") {
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			b.Fatalf("DOSSIER_BENCH_SAVE=%s: %v", sizes, err)
		}
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := synth.Generate(dir, synth.Options{Events: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			saveToReload(b, dir)
		})
	}
}

// saveToReload is BenchmarkSaveToReload on the site in dir.
func saveToReload(b *testing.B, dir string) {
	fsys, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer fsys.Close()
	opts := sitegen.Options{Drafts: true} // as dossier serve builds
	w, err := watch.New(dir, []string{"content", "templates", "static"}, watch.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	s := New(Config{FS: fsys, Options: opts})
	if err := s.Build(nil); err != nil {
		b.Fatal(err)
	}
	// A full build, now that the files are in the page cache: its wall
	// time and the CPU time it took, the median of three when it is quick.
	var fulls, fullCPUs []time.Duration
	for len(fulls) < 3 && (len(fulls) == 0 || fulls[0] < 2*time.Second) {
		start, cpu := time.Now(), cpuTime()
		if _, err := sitegen.Build(fsys, opts); err != nil {
			b.Fatal(err)
		}
		fulls, fullCPUs = append(fulls, time.Since(start)), append(fullCPUs, cpuTime()-cpu)
	}
	fullTook, fullCPU := median(fulls), median(fullCPUs)
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
	name := filepath.Join(dir, "content", "events", entries[len(entries)/2].Name())
	orig, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	edits := []struct {
		kind string
		edit func(i int) []byte
	}{
		{"prose", func(i int) []byte { return fmt.Appendf(bytes.Clone(orig), "\nEdit %d.\n", i) }},
		{"title", func(i int) []byte {
			return titleLine.ReplaceAllFunc(orig, func(m []byte) []byte {
				v := m[len("title: "):]
				if q := v[0]; q == '"' || q == '\'' {
					return fmt.Appendf(nil, "title: %cEdit %d. %s", q, i, v[1:])
				}
				return fmt.Appendf(nil, "title: Edit %d. %s", i, v)
			})
		}},
	}
	for _, e := range edits {
		b.Run(e.kind, func(b *testing.B) {
			var med, saveCPU time.Duration
			last, med, saveCPU = saves(b, ts.URL, name, e.edit, events, last)
			b.ReportMetric(float64(fullTook.Microseconds())/1000, "ms-full")
			b.ReportMetric(float64(med)/float64(fullTook), "median/full")
			b.ReportMetric(float64(fullCPU.Microseconds())/1000, "cpu-ms/full")
			b.ReportMetric(float64(saveCPU)/float64(fullCPU), "cpu-save/full")
		})
	}
}

// titleLine is the title of a Markdown file's front matter.
var titleLine = regexp.MustCompile(`(?m)^title: .+$`)

// saves saves the file name with edit(i), i = 0, 1, ..., as vim does,
// and measures each save until its page, with the change, is served; last
// is the state of the build served before the first save.
func saves(b *testing.B, url, name string, edit func(i int) []byte, events <-chan State, last State) (State, time.Duration, time.Duration) {
	var took []time.Duration
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		text := edit(i)
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
		if last.Open == "" {
			b.Fatal("the build names no page to open")
		}
		resp, err := http.Get(url + last.Open)
		if err != nil {
			b.Fatal(err)
		}
		page, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || !bytes.Contains(page, fmt.Appendf(nil, "Edit %d.", i)) {
			b.Fatalf("%s: %d, %v; the page has the edit: %v", last.Open, resp.StatusCode, err, bytes.Contains(page, fmt.Appendf(nil, "Edit %d.", i)))
		}
		took = append(took, time.Since(start))
		// An editor saves again seconds later, not while the build makes
		// the rest of the site: wait for it.
		for last.Making {
			last = <-events
		}
	}
	med, saveCPU := median(took), (cpuTime()-cpu)/time.Duration(len(took))
	b.ReportMetric(float64(med.Microseconds())/1000, "ms-median")
	// CPU time says the same on a machine that other work slows down.
	b.ReportMetric(float64(saveCPU.Microseconds())/1000, "cpu-ms/save")
	return last, med, saveCPU
}

func median(ds []time.Duration) time.Duration {
	ds = slices.Sorted(slices.Values(ds))
	return ds[len(ds)/2]
}

// cpuTime is the CPU time this process has used, user and system; 0
// where the system does not tell.
func cpuTime() time.Duration {
	d, _ := cputime.Self()
	return d
}

// BenchmarkInjectScript measures what inserting the reload script adds to
// serving every file of the real dossier once.
func BenchmarkInjectScript(b *testing.B) {
	res, err := sitegen.Build(realSite, sitegen.Options{})
	if err != nil {
		b.Fatal(err)
	}
	files := injected{files: &lazyFiles{all: res.Files, done: closed}, tag: []byte(scriptTag("bench-1"))}
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
