package yamlstrict

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/linear"
)

type inner struct {
	Name string `key:"name,required"`
	Pos
}

type doc struct {
	Title string              `key:"title,required"`
	Count int                 `key:"count"`
	On    bool                `key:"on"`
	Tags  []string            `key:"tags"`
	Items []inner             `key:"items"`
	Notes map[string][]string `key:"notes"`
}

func TestParse(t *testing.T) {
	var d doc
	diags := Parse("f.yaml", []byte("title: T\ncount: 3\non: true\ntags: [a, b]\nitems:\n  - name: x\nnotes: {a: [x, y]}\n"), 0, &d)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if d.Title != "T" || d.Count != 3 || !d.On || len(d.Tags) != 2 || d.Items[0].Name != "x" || d.Items[0].Line != 6 || d.Notes["a"][1] != "y" {
		t.Errorf("decoded %+v", d)
	}
}

func TestProblems(t *testing.T) {
	var d doc
	diags := Parse("f.md", []byte("titel: T\ncount: many\non: yes please\ntags: a\nitems:\n  - {}\nextra: 1\n"), 1, &d)
	want := []string{
		`f.md:2:1: unknown key "titel"; did you mean "title"?`,
		`f.md:3:8: expected a whole number, found the text "many"`,
		`f.md:4:5: expected true or false, found the text "yes please"`,
		`f.md:5:7: expected a list, found the text "a"; write [a, b] or one "- item" per line`,
		`f.md:7:5: missing required key "name"`,
		`f.md:8:1: unknown key "extra"; the keys here are title, count, on, tags, items, notes`,
	}
	if got := strings.Split(diags.Error(), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSyntaxErrors lists the message and place of each kind of YAML
// syntax error: the line and column of the offending token, never past the
// end of the document.
func TestSyntaxErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"a: b: c\n", "f:1:5: invalid YAML: mapping values are not allowed in this context"},
		{"a: 1\nb: c: d\n", "f:2:5: invalid YAML: mapping values are not allowed in this context"},
		{"a: 1\n\tb: 2\n", "f:2:1: invalid YAML: found a tab character that violates indentation"},
		{"a: 1\nb: [x\nc: 2\n", "f:2:5: invalid YAML: did not find expected ',' or ']'"},
		{"a: \"abc\n", "f:1:8: invalid YAML: found unexpected end of stream"},
		{"a: \"abc", "f:1:4: invalid YAML: found unexpected end of stream"},
		{"a:\n  b: c\n d: e\n", "f:3:2: invalid YAML: did not find expected key"},
		{"a: [1, 2\n", "f:1:8: invalid YAML: did not find expected ',' or ']'"},
		{"a: @x\n", "f:1:4: invalid YAML: found character that cannot start any token"},
		{"a: x\rb: y\n", "f:1:5: invalid YAML: a carriage return (CR) without a line feed, which YAML takes for a line end; end lines with LF (or CRLF), and write the character as an escape in double quotes if it is meant"},
		{"a: x\r\nb: \"\u2028\"\n", "f:2:5: invalid YAML: a line separator (U+2028), which YAML takes for a line end; end lines with LF (or CRLF), and write the character as an escape in double quotes if it is meant"},
	} {
		var d doc
		diags := Parse("f", []byte(c.src), 0, &d)
		if len(diags) != 1 || diags[0].String() != c.want {
			t.Errorf("%q: %v, want %s", c.src, diags, c.want)
		}
	}
}

// TestLimits checks that what would make decoding unbounded is refused
// with one problem at its place: aliases (a billion laughs), deep nesting,
// a huge document.
func TestLimits(t *testing.T) {
	bomb := "title: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	for i := range 9 {
		bomb += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", 'b'+i, 'b'+i, 'a'+i, 'a'+i, 'a'+i, 'a'+i, 'a'+i, 'a'+i, 'a'+i, 'a'+i, 'a'+i)
	}
	for _, c := range []struct{ name, src, want string }{
		{"alias", "title: &t T\ntags: [*t]\n", `f:3:8: invalid YAML: aliases (*t) are not supported; write the value out in full`},
		{"bomb", bomb, `f:3:8: invalid YAML: aliases (*a) are not supported; write the value out in full`},
		{"nested 100", "title: T\nnotes: {a: " + strings.Repeat("[", 98) + strings.Repeat("]", 98) + "}\n", "f:3:13: expected text, found a list; put the value in quotes if it is meant as text"}, // deep, but not too deep
		{"nested 101", "notes: {a: " + strings.Repeat("[", 99) + strings.Repeat("]", 99) + "}\n", "f:2:110: invalid YAML: lists and mappings nested deeper than 100 levels; flatten the structure"},
		{"block nested", strings.Repeat("- ", 200) + "x\n", "f:2:201: invalid YAML: lists and mappings nested deeper than 100 levels; flatten the structure"},
		{"huge", "title: " + strings.Repeat("x", MaxSize) + "\n", "f:2:1: invalid YAML: 1048584 bytes, over the limit of 1048576 bytes (1 MB); move long text into the Markdown body"},
	} {
		var d doc
		diags := Parse("f", []byte(c.src), 1, &d)
		got := ""
		if len(diags) > 0 {
			got = diags[0].String()
		}
		if got != c.want || len(diags) != 1 {
			t.Errorf("%s: %d problems, the first %q; want %q", c.name, len(diags), got, c.want)
		}
	}
}

// FuzzParse checks that Parse never panics, reports every problem within
// the input, and does linear work: decoding the input four times over may
// allocate about four times as much, not sixteen. The seed corpus is in
// testdata/fuzz/FuzzParse; run it with make fuzz.
func FuzzParse(f *testing.F) {
	f.Add("title: x\nitems: [{name: a}]\n")
	f.Add("notes: {a: [1]}\n")
	f.Fuzz(func(t *testing.T, src string) {
		parse := func(src string) func() {
			return func() {
				var d doc
				lines := strings.Count(src, "\n") + 1
				for _, p := range Parse("f", []byte(src), 0, &d) {
					if p.Line < 0 || p.Line > lines {
						t.Fatalf("%q: problem on line %d of %d: %s", src, p.Line, lines, p)
					}
				}
			}
		}
		once := linear.Allocated(parse(src))
		four := strings.Repeat(src+"\n", 4)
		if got := linear.Allocated(parse(four)); got > 10*once+1<<20 {
			t.Fatalf("not linear: %d bytes allocated for %d bytes of input, %d for four times as much:\n%q", once, len(src), got, src)
		}
	})
}

// TestKeyPos checks that KeyPos fields receive where the keys of their
// struct's mapping are, or those of the mapping under a key, relative to
// the file.
func TestKeyPos(t *testing.T) {
	var d struct {
		Title   string            `key:"title"`
		Strings map[string]string `key:"strings"`
		Keys    KeyPos
		StrPos  KeyPos `pos:"strings"`
	}
	src := "title: T\nstrings:\n  nav.home: Start\n  \"quoted\": Q\n"
	if diags := Parse("f.yaml", []byte(src), 1, &d); len(diags) != 0 {
		t.Fatal(diags)
	}
	got := fmt.Sprint(d.Keys["title"], d.Keys["strings"], d.StrPos["nav.home"], d.StrPos["quoted"], len(d.Keys), len(d.StrPos))
	if want := "{2 1} {3 1} {4 3} {5 3} 2 2"; got != want {
		t.Errorf("positions %s, want %s", got, want)
	}
}
