package markdown

import (
	"strconv"
	"strings"
	"testing"
)

// The pathological inputs of issue 12: each once took time or memory
// quadratic in its size. The benchmarks guard against a return; compare
// ns/op across sizes (go test -bench Pathological -benchmem): linear work
// keeps ns/op per byte flat.
var pathological = []struct {
	name string
	src  func(n int) string
}{
	{"unclosed-citations", func(n int) string { return strings.Repeat("[@", n) + "\n" }},
	{"citations-one-line", func(n int) string { return strings.Repeat("[@a] ", n) + "\n" }},
	{"unclosed-crosslinks", func(n int) string { return strings.Repeat("[[", n) + "\n" }},
	{"crosslinks-one-line", func(n int) string { return strings.Repeat("[[almaty]] ", n) + "\n" }},
	{"same-headings", func(n int) string { return strings.Repeat("# Heading\n\n", n) }},
	{"fences-no-language", func(n int) string { return strings.Repeat("```\ncode\n```\n\n", n) }},
	{"fences-unknown-language", func(n int) string { return strings.Repeat("```nosuchlanguage\ncode\n```\n\n", n) }},
}

func BenchmarkPathological(b *testing.B) {
	conv := New()
	for _, p := range pathological {
		for _, n := range []int{1000, 10000} {
			src := []byte(p.src(n))
			b.Run(p.name+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := conv.Convert(src, stubResolver{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestUnclosedRuns checks that a run of unclosed openers gets one problem
// per line, not one per opener.
func TestUnclosedRuns(t *testing.T) {
	conv := New()
	for _, src := range []string{
		strings.Repeat("[@", 100000) + "\n" + strings.Repeat("[@", 3),
		strings.Repeat("[[", 100000) + "\n" + strings.Repeat("[[", 3),
	} {
		doc, err := conv.Convert([]byte(src), stubResolver{})
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Problems) != 2 {
			t.Errorf("%.6s…: %d problems, want 2 (one per line)", src, len(doc.Problems))
			continue
		}
		if line, _ := Position([]byte(src), doc.Problems[1].Offset); line != 2 {
			t.Errorf("%.6s…: second problem on line %d, want 2", src, line)
		}
		if len(doc.Problems[0].Msg) > 200 {
			t.Errorf("%.6s…: message of %d bytes; it should quote an excerpt", src, len(doc.Problems[0].Msg))
		}
	}
}

// TestHeadingIDs checks that repeated headings get numbered ids, skipping
// ids already taken by other headings.
func TestHeadingIDs(t *testing.T) {
	doc, err := New().Convert([]byte("# A\n\n# A\n\n# A 1\n\n# A\n\n# A 2\n"), stubResolver{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{`id="a"`, `id="a-1"`, `id="a-1-1"`, `id="a-2"`, `id="a-2-1"`} {
		if !strings.Contains(string(doc.HTML), id) {
			t.Errorf("no %s in %s", id, doc.HTML)
		}
	}
}
