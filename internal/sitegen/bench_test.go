package sitegen

import (
	"fmt"
	"os"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/synth"
)

// BenchmarkBuild builds the real dossier, both languages, in memory.
func BenchmarkBuild(b *testing.B) {
	fsys := os.DirFS(repoRoot)
	for b.Loop() {
		if _, err := Build(fsys, Options{}); err != nil {
			b.Fatal(err)
		}
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

// BenchmarkBuildSynthetic builds generated dossiers (package synth) of
// 1,000 events and, with DOSSIER_BENCH_LARGE=1, of 10,000: the build at
// the sizes issue 13 sets targets for. `make bench` also runs the whole
// command at both sizes against the Markdown floor (internal/benchsize).
func BenchmarkBuildSynthetic(b *testing.B) {
	sizes := []int{1000}
	if os.Getenv("DOSSIER_BENCH_LARGE") != "" {
		sizes = append(sizes, 10000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := synth.Generate(dir, synth.Options{Events: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			fsys := os.DirFS(dir)
			for b.Loop() {
				if _, err := Build(fsys, Options{Strict: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
