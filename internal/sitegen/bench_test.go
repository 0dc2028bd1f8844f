package sitegen

import (
	"os"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
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
