package content_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/cputime"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/synth"
	"github.com/dossier-dev/dossier/internal/theme"
)

// BenchmarkLoadAfterEdit measures what the preview's read-and-check step
// costs after a save: LoadWith and Localize, through sitefs and the
// theme, on a generated dossier of DOSSIER_BENCH_EVENTS events (1000 by
// default) whose one event changes between loads, its body (body) or its
// title (front). It reports the CPU time (cpu-ms/op).
func BenchmarkLoadAfterEdit(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(strings.Split(os.Getenv("DOSSIER_BENCH_EVENTS"), ",")[0]); err == nil {
		n = v
	}
	dir := b.TempDir()
	if err := synth.Generate(dir, synth.Options{Events: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	sfs, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer sfs.Close()
	sfs.KeepContents() // as the preview's sitegen.Builder does
	fsys := theme.Overlay(sfs, dossier.Theme())
	cache := content.NewCache()
	load := func() {
		sfs.Begin()
		cache.Begin()
		d, err := content.LoadWith(fsys, content.Options{Cache: cache})
		if err != nil {
			b.Fatal(err)
		}
		for _, lang := range d.Config.Languages[1:] {
			if _, _, err := d.Localize(fsys, lang); err != nil {
				b.Fatal(err)
			}
		}
	}
	load()
	// The files are older than sitefs.RacyWindow, as most of a
	// dossier's are: until then, sitefs reads them again every time.
	time.Sleep(sitefs.RacyWindow)
	load()
	entries, _ := os.ReadDir(filepath.Join(dir, "content/events"))
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return strings.Count(e.Name(), ".") > 1 })
	name := filepath.Join(dir, "content/events", entries[len(entries)/2].Name())
	orig, _ := os.ReadFile(name)
	for _, kind := range []string{"body", "front"} {
		b.Run(kind, func(b *testing.B) {
			var cpu time.Duration
			for i := 0; b.Loop(); i++ {
				var edited []byte
				if kind == "body" {
					edited = fmt.Appendf(nil, "%s\nEdit %d.\n", orig, i)
				} else {
					edited = []byte(strings.Replace(string(orig), "\ntitle: ", fmt.Sprintf("\ntitle: Edit %d ", i), 1))
				}
				if err := os.WriteFile(name, edited, 0o644); err != nil {
					b.Fatal(err)
				}
				start, _ := cputime.Self()
				load()
				end, _ := cputime.Self()
				cpu += end - start
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
