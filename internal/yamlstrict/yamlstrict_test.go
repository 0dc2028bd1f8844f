package yamlstrict

import (
	"strings"
	"testing"
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

func TestSyntaxErrorLines(t *testing.T) {
	for src, line := range map[string]string{
		"a: 1\nb: [x\nc: 2\n": "f:2:", // a parser error: yaml.v3 counts from 0
		"a: 1\nb: c: d\n":     "f:2:", // a scanner error: from 1
		"a: 1\n\tb: 2\n":      "f:2:", // a tab
	} {
		var d doc
		diags := Parse("f", []byte(src), 0, &d)
		if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), line) {
			t.Errorf("%q: %v, want one problem at %s", src, diags, line)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("title: x\nitems: [{name: a}]\n")
	f.Add("notes: {a: [1]}\n")
	f.Fuzz(func(t *testing.T, src string) {
		var d doc
		_ = Parse("f", []byte(src), 0, &d)
	})
}
