package markdown

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/linear"
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

// TestTooDeep checks the nesting limit: 100 levels of lists or quotations
// convert, 101 are one problem at the marker that goes too deep.
func TestTooDeep(t *testing.T) {
	var list strings.Builder
	for i := range 101 {
		list.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	for _, c := range []struct {
		name, src string
		line, col int // of the problem; 0 for none
	}{
		{"list of 100", strings.Repeat("- ", 100) + "x\n", 0, 0},
		{"list of 101", strings.Repeat("- ", 101) + "x\n", 1, 201},
		{"quotation of 100", "text\n\n" + strings.Repeat(">", 100) + " x\n", 0, 0},
		{"quotation of 101", "text\n\n" + strings.Repeat(">", 101) + " x\n", 3, 101},
		{"ordered", strings.Repeat("1. ", 101) + "x\n", 1, 301},
		{"indented list of 101", list.String(), 101, 201},
		{"code", "    code\n", 0, 0},
		{"numbers", "2024. A year.\n", 0, 0},
	} {
		doc, err := New().Convert([]byte(c.src), stubResolver{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range doc.Problems {
			line, col := Position([]byte(c.src), p.Offset)
			got = append(got, fmt.Sprintf("%d:%d: %s", line, col, p.Msg))
		}
		switch {
		case c.line == 0 && len(got) > 0:
			t.Errorf("%s: problems %q, want none", c.name, got)
		case c.line > 0 && (len(got) != 1 || !strings.HasPrefix(got[0], fmt.Sprintf("%d:%d: lists or quotations nested deeper than 100 levels", c.line, c.col))):
			t.Errorf("%s: problems %q, want one at %d:%d", c.name, got, c.line, c.col)
		}
	}
}

// TestMaxProblems checks that a body reports at most MaxProblems problems
// and says that there are more.
func TestMaxProblems(t *testing.T) {
	doc, err := New().Convert([]byte(strings.Repeat("[@nosuch] ", 3*MaxProblems)), stubResolver{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Problems) != MaxProblems+1 || !strings.HasPrefix(doc.Problems[MaxProblems].Msg, "more than 1000 problems") {
		t.Errorf("%d problems, the last %q", len(doc.Problems), doc.Problems[len(doc.Problems)-1].Msg)
	}
}

// TestRunCost checks what one more citation or cross-link costs in a run
// of them: its node (about 170 and 220 bytes; the space before the next
// is its own, not a text node of goldmark's), and its HTML (about 210
// bytes for a citation, its number's button and popover, and 80 for a
// cross-link) gathered and joined once; its target is resolved once per
// body. Each once resolved its target again, and a citation kept five
// slices, with a text node beside each: 200,000 citations on one line
// took half a gigabyte to build.
func TestRunCost(t *testing.T) {
	conv := New()
	for _, c := range []struct {
		item string
		max  uint64
	}{
		{"[@a] ", 850},
		{"[[almaty]] ", 550},
	} {
		src := []byte(strings.Repeat(c.item, 10000) + "\n")
		convert := func() {
			if _, err := conv.Convert(src, stubResolver{}); err != nil {
				t.Fatal(err)
			}
		}
		convert()
		if per := linear.Allocated(convert) / 10000; per > c.max {
			t.Errorf("%q: %d bytes allocated for each, want at most %d", c.item, per, c.max)
		}
	}
}
