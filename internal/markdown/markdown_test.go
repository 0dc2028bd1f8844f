package markdown

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output of the golden files")

// stubResolver knows sources a and b and entities almaty and tokayev, and
// links as a page at the site root would.
type stubResolver struct{}

func (stubResolver) Source(id string) (string, string, bool) {
	switch id {
	case "a":
		return "sources/a/", "Source A", true
	case "b":
		return "sources/b/", "Source <B> & co", true
	}
	return "", "", false
}

func (stubResolver) Target(target string) (Target, error) {
	names := map[string]string{"almaty": "Almaty", "kassym-jomart-tokayev": "Kassym-Jomart Tokayev", "events/x": "Event X"}
	name, ok := names[target]
	if !ok {
		return Target{}, fmt.Errorf("no entity %q", target)
	}
	kind, id, found := strings.Cut(target, "/")
	if !found {
		kind, id = "entities", target
	}
	return Target{Href: kind + "/" + id + "/", Text: name, Kind: kind, ID: id, Title: name}, nil
}

// pageResolver is stubResolver as the pages of a site use it: sources
// have the site's numbers (b before a), and headings anchors.
type pageResolver struct{ stubResolver }

func (pageResolver) SourceNumber(id string) int {
	return map[string]int{"a": 5, "b": 2}[id]
}

func (pageResolver) IDPrefix() string { return "c-events-x" }

func (pageResolver) AnchorLabel(h string) string { return "Link to this section: " + h }

// TestGolden converts testdata/*.txtar. Each archive has an input.md, and
// the expected output.html, cited (the numbered source ids), problems,
// uncited (the line:col of each block that cites no source) and headings.
// Archives whose name starts with "page-" are converted for a site's page
// (pageResolver), the others with a plain Resolver.
// Run with -update to rewrite the expectations after checking the diff.
func TestGolden(t *testing.T) {
	names, _ := filepath.Glob("testdata/*.txtar")
	if len(names) == 0 {
		t.Fatal("no golden files")
	}
	conv := New()
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var input []byte
			want := map[string]string{}
			for _, f := range a.Files {
				if f.Name == "input.md" {
					input = f.Data
				} else {
					want[f.Name] = string(f.Data)
				}
			}
			var r Resolver = stubResolver{}
			if strings.HasPrefix(filepath.Base(name), "page-") {
				r = pageResolver{}
			}
			doc, err := conv.Convert(input, r)
			if err != nil {
				t.Fatal(err)
			}
			var problems strings.Builder
			for _, p := range doc.Problems {
				line, col := Position(input, p.Offset)
				fmt.Fprintf(&problems, "%d:%d: %s\n", line, col, p.Msg)
			}
			var uncited strings.Builder
			for _, off := range doc.Uncited {
				line, col := Position(input, off)
				fmt.Fprintf(&uncited, "%d:%d\n", line, col)
			}
			var headings strings.Builder
			for _, h := range doc.Headings {
				fmt.Fprintf(&headings, "h%d #%s %s\n", h.Level, h.ID, h.Text)
			}
			got := map[string]string{
				"headings":    headings.String(),
				"uncited":     uncited.String(),
				"output.html": string(doc.HTML),
				"summary.txt": doc.SummaryText + "\n",
				"cited":       strings.Join(doc.Cited, "\n") + "\n",
				"problems":    problems.String(),
			}
			if *update {
				a.Files = []txtar.File{{Name: "input.md", Data: input}}
				for _, k := range []string{"output.html", "summary.txt", "cited", "problems", "uncited", "headings"} {
					a.Files = append(a.Files, txtar.File{Name: k, Data: []byte(got[k])})
				}
				if err := os.WriteFile(name, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for k, g := range got {
				if w, ok := want[k]; !ok {
					t.Errorf("%s: no expected %s; run go test -update", name, k)
				} else if g != w {
					t.Errorf("%s: %s differs\ngot:\n%s\nwant:\n%s", name, k, g, w)
				}
			}
		})
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Phương pháp":           "phuong-phap",
		"Đụng độ ở Alma-Ata":    "dung-do-o-alma-ata",
		"How to read citations": "how-to-read-citations",
		"2.500 binh sĩ":         "2-500-binh-si",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStylesheet(t *testing.T) {
	css, err := Stylesheet()
	if err != nil {
		t.Fatal(err)
	}
	s := string(css)
	light, dark, _ := strings.Cut(s, "@media (prefers-color-scheme: dark)")
	if !strings.Contains(light, ".hl-chroma") || !strings.Contains(dark, ".hl-chroma") {
		t.Errorf("stylesheet lacks a light or a dark theme:\n%s", s)
	}
}

// TestSummary checks that the summary is the body's first paragraph, as
// rendering that paragraph alone gives it, wherever it stands.
func TestSummary(t *testing.T) {
	conv := New()
	for _, c := range []struct{ src, want string }{
		{"First [@a] and [[almaty]].\n\nSecond.\n", "<p>First <span class=\"cite\">[<span class=\"ref\"><button type=\"button\" class=\"ref-num\" popovertarget=\"cite-1\">1</button>" +
			"<span class=\"ref-pop\" id=\"cite-1\" popover><a href=\"sources/a/\" data-source=\"a\">Source A</a></span></span>]</span> and <a class=\"xref\" href=\"entities/almaty/\">Almaty</a>.</p>\n"},
		{"# Heading\n\n- a list\n\nThe paragraph[^1].\n\n[^1]: A note.\n", "<p>The paragraph<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup>.</p>\n"},
		{"# Only a heading\n", ""},
	} {
		doc, err := conv.Convert([]byte(c.src), stubResolver{})
		if err != nil {
			t.Fatal(err)
		}
		if string(doc.Summary) != c.want {
			t.Errorf("%q: summary %q, want %q", c.src, doc.Summary, c.want)
		}
		if !strings.Contains(string(doc.HTML), c.want) {
			t.Errorf("%q: summary %q is not in the body %q", c.src, doc.Summary, doc.HTML)
		}
	}
}

// TestCollapseSpace checks collapseSpace against what it replaces: the
// words joined by one space, then a regular expression that drops the
// space before punctuation.
func TestCollapseSpace(t *testing.T) {
	punct := regexp.MustCompile(` ([.,;:!?])`)
	for _, s := range []string{"", "  ", "a", " a  b\tc\n", "é\u00a0 x\u2003y ", "bad \xff byte\xfe", "  lead and trail  ",
		"end .", "a , b ; c : d ! e ? f.", " . . x", "x \u00a0\t, y", "\xff .", "¿ qué ?", ". lead"} {
		if got, want := collapseSpace(s), punct.ReplaceAllString(strings.Join(strings.Fields(s), " "), "$1"); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestAnalyzeThenHTML: Analyze gives every field of Convert's Doc but the
// HTML, and HTML gives the HTML, for each golden input, for a page and in
// a plain document; each in a converter of its own, so that no
// highlighting kept by one serves another.
func TestAnalyzeThenHTML(t *testing.T) {
	names, _ := filepath.Glob("testdata/*.txtar")
	if len(names) == 0 {
		t.Fatal("no golden files")
	}
	for _, name := range names {
		a, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if f.Name != "input.md" {
				continue
			}
			for _, r := range []Resolver{stubResolver{}, pageResolver{}} {
				want, err := New().Convert(f.Data, r)
				if err != nil {
					t.Fatal(err)
				}
				got, err := New().Analyze(f.Data, r)
				if err != nil {
					t.Fatal(err)
				}
				if got.HTML != "" {
					t.Errorf("%s: Analyze gave HTML", name)
				}
				whole := *got
				whole.HTML = want.HTML
				if !reflect.DeepEqual(&whole, want) {
					t.Errorf("%s: Analyze differs from Convert:\n%+v\nwant\n%+v", name, got, want)
				}
				html, err := New().HTML(f.Data, r)
				if err != nil {
					t.Fatal(err)
				}
				if html != want.HTML {
					t.Errorf("%s: HTML differs from Convert's:\n%s\nwant\n%s", name, html, want.HTML)
				}
			}
		}
	}
}
