package sitegen

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/cputime"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/synth"
)

// BenchmarkBuild builds the real dossier, both languages, in memory, as
// `dossier build` does on a second run: with a card cache (Options.Cache)
// that a first build, not measured, fills. Drawing the cards is the work
// of a first build only (a dossier's cards change when their pages'
// titles do); without the warm-up the first of -count runs would pay it,
// and only that one, since cards are kept in memory too (cards.go).
//
// It reports the CPU time of a build too (cpu-ns/op, of every core), which
// other processes on a shared machine inflate less than the wall time, and
// which tells, against ns/op, how busy the cores are.
func BenchmarkBuild(b *testing.B) {
	fsys := os.DirFS(repoRoot)
	opts := Options{Cache: b.TempDir()}
	if _, err := Build(fsys, opts); err != nil {
		b.Fatal(err)
	}
	start := cpuTime()
	for b.Loop() {
		if _, err := Build(fsys, opts); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := cpuTime() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkBuildDir builds the real dossier as `dossier build` run again
// does: into the output it wrote before, with the social card cache and
// the record of the output's files, and the site's git history read.
// Against BenchmarkBuild, it tells what writing the output costs.
func BenchmarkBuildDir(b *testing.B) {
	out := filepath.Join(b.TempDir(), "build")
	opts := Options{Cache: b.TempDir()}
	if _, err := BuildDir(repoRoot, out, opts); err != nil {
		b.Fatal(err)
	}
	start := cpuTime()
	for b.Loop() {
		if _, err := BuildDir(repoRoot, out, opts); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := cpuTime() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkLoad reads and validates the real dossier's content only.
func BenchmarkLoad(b *testing.B) {
	fsys := os.DirFS(repoRoot)
	for b.Loop() {
		if _, err := content.Load(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildSynthetic builds generated dossiers (package synth) in
// memory, for profiling (go test -cpuprofile): DOSSIER_BENCH_EVENTS=1000
// or 10000,… sets the sizes. Without it the benchmark is skipped: make
// bench measures those sizes as whole commands against the Markdown floor
// (internal/benchsize), which also gives peak memory.
func BenchmarkBuildSynthetic(b *testing.B) {
	eachSynthetic(b, func(b *testing.B, dir string) {
		fsys := os.DirFS(dir)
		for b.Loop() {
			if _, err := Build(fsys, Options{Strict: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// eachSynthetic runs f in a sub-benchmark for each size DOSSIER_BENCH_EVENTS
// lists, on a dossier of that many events generated into dir; without
// sizes, it skips the benchmark.
func eachSynthetic(b *testing.B, f func(b *testing.B, dir string)) {
	var sizes []int
	for _, f := range strings.Split(os.Getenv("DOSSIER_BENCH_EVENTS"), ",") {
		if n, err := strconv.Atoi(f); err == nil {
			sizes = append(sizes, n)
		}
	}
	if len(sizes) == 0 {
		b.Skip("set DOSSIER_BENCH_EVENTS=1000 (or 1000,10000) to build generated dossiers of that many events")
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := synth.Generate(dir, synth.Options{Events: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			f(b, dir)
		})
	}
}

// BenchmarkCitationsOneLine builds the tiny site with one event whose body
// is 200,000 citations on one line, a pathological input of issue 12 that
// must build in under 2 s and 200 MB (go test -bench CitationsOneLine
// -benchmem; bytes/op counts every allocation, not the peak).
func BenchmarkCitationsOneLine(b *testing.B) {
	fsys := loadSite(b)
	const name = "content/events/protests-begin.md"
	src := string(fsys[name].Data)
	fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(src, "Protests began [@alpha].", "Protests began "+strings.Repeat("[@alpha] ", 200000), 1))}
	for b.Loop() {
		if _, err := Build(fsys, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild measures a Builder's build after a one-file change (an
// event's body edited), the preview's work after a save, on generated
// dossiers of DOSSIER_BENCH_EVENTS events and on the shipped dossier.
func BenchmarkRebuild(b *testing.B) {
	b.Run("shipped", func(b *testing.B) { rebuild(b, shippedCopy(b)) })
	eachSynthetic(b, rebuild)
}

// rebuild is BenchmarkRebuild on the site in dir.
func rebuild(b *testing.B, dir string) {
	fsys := os.DirFS(dir)
	// Not strict: an edit makes the event's translation, if it has
	// one, stale, which is a warning.
	bl := NewBuilder(Options{})
	if _, err := bl.Build(fsys); err != nil {
		b.Fatal(err)
	}
	entries, _ := os.ReadDir(dir + "/content/events")
	name := dir + "/content/events/" + entries[len(entries)/2].Name()
	orig, _ := os.ReadFile(name)
	defer profileSaves(b, "rebuild")()
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile(name, editBody(orig, i), 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := bl.Build(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// editBody returns a Markdown file with its body's first paragraph begun
// by a word of edit i.
func editBody(file []byte, i int) []byte {
	front, body, _, ok := content.SplitFrontMatter(file)
	if !ok {
		panic("no front matter")
	}
	return fmt.Appendf(nil, "---\n%s---\nEdit%d %s", front, i, body)
}

// reorder is an event's file orig with an order of i+1 among the events
// of its day, which moves it among them, and its body edited (editBody).
func reorder(orig []byte, i int) []byte {
	front, body, _, ok := content.SplitFrontMatter(orig)
	if !ok || bytes.Contains(front, []byte("\norder:")) {
		panic("no front matter, or one with an order")
	}
	return fmt.Appendf(nil, "---\n%sorder: %d\n---\nEdit%d %s", front, i+1, i, body)
}

// BenchmarkEditToPage measures the preview's path from a save to the
// changed page laid out (Builder.Draft, then Draft.Page), after which the
// page is served and the rest of the site made (Draft.Finish, outside the
// timer), on the shipped dossier and on generated ones
// (DOSSIER_BENCH_EVENTS). The site is read through sitefs, as dossier
// serve reads it, and its files are older than sitefs.RacyWindow, as
// most of a dossier's are. An edit changes an event's body (body), its
// title, in the front matter (front), or its order among the events of
// its day and its body (order): the preview lays out the page of the
// first two before the dossier is read (Builder.Quick), but of the last
// only after, as of any front matter that orders or links events.
func BenchmarkEditToPage(b *testing.B) {
	run := func(b *testing.B, dir string) {
		fsys, err := sitefs.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		defer fsys.Close()
		// The files, just written, are older than RacyWindow when the
		// first build reads them, which keeps them: otherwise the first
		// save would read the whole site again (sitefs), which a real
		// dossier's saves never do.
		time.Sleep(sitefs.RacyWindow)
		bl := NewBuilder(Options{})
		if _, err := bl.Build(fsys); err != nil {
			b.Fatal(err)
		}
		entries, _ := os.ReadDir(dir + "/content/events")
		entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return strings.Count(e.Name(), ".") > 1 }) // translations
		id := strings.TrimSuffix(entries[len(entries)/2].Name(), ".md")
		name := dir + "/content/events/" + id + ".md"
		orig, _ := os.ReadFile(name)
		edits := map[string]func(i int) []byte{
			"body":  func(i int) []byte { return editBody(orig, i) },
			"front": func(i int) []byte { return retitle(orig, i) },
			"order": func(i int) []byte { return reorder(orig, i) },
		}
		for _, kind := range []string{"body", "front", "order"} {
			b.Run(kind, func(b *testing.B) {
				defer profileSaves(b, kind)()
				var cpu time.Duration
				for i := 0; b.Loop(); i++ {
					if err := os.WriteFile(name, edits[kind](i), 0o644); err != nil {
						b.Fatal(err)
					}
					start := cpuTime()
					var dr *Draft
					// The phases are labelled for profiles (go tool pprof
					// -tagfocus phase=page): goroutines inherit the label.
					pprof.Do(context.Background(), pprof.Labels("phase", "page"), func(context.Context) {
						var err error
						dr, err = bl.Draft(fsys)
						if err != nil {
							b.Fatal(err)
						}
						page, ok, err := dr.Page("events/" + id + "/index.html")
						if err != nil || !ok || !bytes.Contains(page, fmt.Appendf(nil, "Edit%d ", i)) {
							b.Fatalf("page: %v, %v; has the edit: %v", ok, err, bytes.Contains(page, fmt.Appendf(nil, "Edit%d ", i)))
						}
					})
					cpu += cpuTime() - start
					b.StopTimer()
					pprof.Do(context.Background(), pprof.Labels("phase", "finish"), func(context.Context) {
						if _, err := dr.Finish(); err != nil {
							b.Fatal(err)
						}
					})
					b.StartTimer()
				}
				// CPU time says the same on a machine that other work slows down.
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
		if err := os.WriteFile(name, orig, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("shipped", func(b *testing.B) { run(b, shippedCopy(b)) })
	eachSynthetic(b, run)
}

// retitle is an event's file orig, its title prefixed with Edit<i>.
func retitle(orig []byte, i int) []byte {
	return titleLine.ReplaceAllFunc(orig, func(m []byte) []byte { return fmt.Appendf(nil, "title: Edit%d %s", i, m[len("title: "):]) })
}

// profileSaves starts a CPU profile of the saves alone, without the
// first build, when DOSSIER_BENCH_SAVEPROF names a file (kind is added to
// its name), and returns what stops it.
func profileSaves(b *testing.B, kind string) (stop func()) {
	name := os.Getenv("DOSSIER_BENCH_SAVEPROF")
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name + "." + kind)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// shippedCopy copies the shipped dossier's input into a temporary
// directory, for benchmarks that edit it.
func shippedCopy(b *testing.B) string {
	dir := b.TempDir()
	for _, sub := range []string{"content", "templates", "static"} {
		if err := os.CopyFS(dir+"/"+sub, os.DirFS(repoRoot+"/"+sub)); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// cpuTime is the CPU time this process has used, user and system; 0
// where the system does not tell.
func cpuTime() time.Duration {
	d, _ := cputime.Self()
	return d
}

// BenchmarkQuick measures the preview's path from a save of one file to
// its page laid out by Builder.Quick, before the dossier is read again, on the shipped dossier and on generated ones
// (DOSSIER_BENCH_EVENTS): an event of the first language (its prose,
// original; its title, title), one of their translations (its prose),
// a source's title and an entity's name.
func BenchmarkQuick(b *testing.B) {
	run := func(b *testing.B, dir string) {
		fsys := os.DirFS(dir)
		bl := NewBuilder(Options{})
		if _, err := bl.Build(fsys); err != nil {
			b.Fatal(err)
		}
		names := func(dir string, translations bool) []string {
			entries, _ := os.ReadDir(dir)
			var out []string
			for _, e := range entries {
				if (strings.Count(e.Name(), ".") > 1) == translations {
					out = append(out, e.Name())
				}
			}
			return out
		}
		rename := func(orig []byte, i int) []byte {
			return bytes.Replace(orig, []byte("\nname: "), fmt.Appendf(nil, "\nname: Edit%d ", i), 1)
		}
		for _, k := range []struct {
			kind, dir    string
			translations bool
			edit         func([]byte, int) []byte
		}{
			{"original", "events", false, editBody},
			{"title", "events", false, retitle},
			{"translation", "events", true, editBody},
			{"source", "sources", false, retitle},
			{"entity", "entities", false, rename},
		} {
			kind, edit := k.kind, k.edit
			files := names(dir+"/content/"+k.dir, k.translations)
			if len(files) == 0 {
				continue
			}
			name := "content/" + k.dir + "/" + files[len(files)/2]
			orig, err := os.ReadFile(dir + "/" + name)
			if err != nil {
				b.Fatal(err)
			}
			if bytes.Equal(edit(orig, 0), orig) {
				b.Fatalf("%s: the edit changes nothing", name)
			}
			b.Run(kind, func(b *testing.B) {
				start := cpuTime()
				for i := 0; b.Loop(); i++ {
					if err := os.WriteFile(dir+"/"+name, edit(orig, i), 0o644); err != nil {
						b.Fatal(err)
					}
					files, ok := bl.Quick(fsys, name)
					if !ok || len(files) == 0 {
						b.Fatalf("Quick did not lay out the page of %s", name)
					}
				}
				b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
			if err := os.WriteFile(dir+"/"+name, orig, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("shipped", func(b *testing.B) { run(b, shippedCopy(b)) })
	eachSynthetic(b, run)
}

// BenchmarkLayout lays out the shipped dossier's pages again and again
// from one model (render.Templates.Write, each file dropped): the
// templates and the views they read, without reading, modelling or
// writing, which BenchmarkBuild adds. Its sub-benchmarks lay out the
// pages of one template each and report the CPU per page (cpu-us/page),
// for changes to one page type, which the whole site's noise would hide.
func BenchmarkLayout(b *testing.B) {
	dr, err := NewBuilder(Options{Cache: b.TempDir()}).Draft(os.DirFS(repoRoot))
	if err != nil {
		b.Fatal(err)
	}
	byTemplate := map[string][]*site.Page{}
	for _, p := range dr.s.Pages {
		byTemplate[p.TemplateName()] = append(byTemplate[p.TemplateName()], p)
	}
	run := func(b *testing.B, pages []*site.Page) {
		s := *dr.s
		s.Pages, s.NotFound = pages, nil
		start := cpuTime()
		for b.Loop() {
			diags, err := dr.tmpl.Write(&s, func(string, []byte) error { return nil })
			if err != nil || len(diags) > 0 {
				b.Fatal(err, diags)
			}
		}
		if cpu := cpuTime() - start; cpu > 0 {
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*len(pages)), "cpu-us/page")
		}
	}
	b.Run("all", func(b *testing.B) { run(b, dr.s.Pages) })
	for _, name := range slices.Sorted(maps.Keys(byTemplate)) {
		b.Run(name, func(b *testing.B) { run(b, byTemplate[name]) })
	}
}
