package output

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// bigManifest is a manifest of n lines, sorted as dossier writes them, of
// which only the first build's files exist.
func bigManifest(n int) []byte {
	var b bytes.Buffer
	b.WriteString(manifestHeader)
	b.WriteString(line("css/site.css", "body{}"))
	b.WriteString(line("events/a/index.html", "a"))
	for i := range n - 3 {
		b.WriteString(line(fmt.Sprintf("gone/%07d/index.html", i), "x"))
	}
	b.WriteString(line("index.html", "home"))
	return b.Bytes()
}

// BenchmarkMillionLineManifest replaces an output directory whose manifest
// lists 1,000,000 files (a forged one, or a huge site that shrank).
func BenchmarkMillionLineManifest(b *testing.B) {
	m := bigManifest(1_000_000)
	out := filepath.Join(b.TempDir(), "build")
	b.SetBytes(int64(len(m)))
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		if err := Write(out, firstBuild); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, Manifest), m, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := Write(out, nextBuild); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseManifest is the parsing alone, of a manifest in order and
// of one out of order.
func BenchmarkParseManifest(b *testing.B) {
	b.Run("sorted", func(b *testing.B) { benchParse(b, bigManifest(1_000_000)) })
	b.Run("shuffled", func(b *testing.B) {
		m := bigManifest(1_000_000)
		lines := bytes.SplitAfter(m, []byte("\n"))
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
		benchParse(b, bytes.Join(lines, nil))
	})
}

func benchParse(b *testing.B, m []byte) {
	b.SetBytes(int64(len(m)))
	for b.Loop() {
		if _, probs := parseManifest(m); len(probs) > 0 {
			b.Fatal(probs[0])
		}
	}
}
