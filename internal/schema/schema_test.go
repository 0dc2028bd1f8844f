package schema

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/yamlstrict"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// compile compiles the schemas of a site with vocabulary v.
func compile(t *testing.T, v *content.Vocabulary) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	out := map[string]*jsonschema.Schema{}
	for _, f := range Files() {
		b, err := Generate(f, v)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		url := "https://dossier.invalid/schema/" + f.Name
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(url)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = s
	}
	return out
}

// value turns a YAML node into the value JSON would have, as an editor's
// YAML extension sees it.
func value(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return value(n.Content[0])
	case yaml.AliasNode:
		return value(n.Alias)
	case yaml.SequenceNode:
		a := []any{}
		for _, c := range n.Content {
			a = append(a, value(c))
		}
		return a
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = value(n.Content[i+1])
		}
		return m
	}
	switch n.ShortTag() {
	case "!!int":
		i, _ := strconv.ParseInt(n.Value, 0, 64)
		return i
	case "!!float":
		f, _ := strconv.ParseFloat(n.Value, 64)
		return f
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

// schemaFor returns the schema that describes the file at p, or "".
func schemaFor(p string) string {
	if strings.Count(path.Base(p), ".") > 1 {
		return "" // a translation, such as x.vi.md
	}
	for _, f := range Files() {
		for _, g := range f.Globs {
			if ok, _ := path.Match(g, p); ok {
				return f.Name
			}
		}
	}
	return ""
}

// yamlOf returns the YAML of a file: the file itself, or the front matter
// of a Markdown file.
func yamlOf(t *testing.T, p string, b []byte) []byte {
	if !strings.HasSuffix(p, ".md") {
		return b
	}
	front, _, _, ok := content.SplitFrontMatter(b)
	if !ok {
		t.Fatalf("%s: no front matter", p)
	}
	return front
}

func validate(s *jsonschema.Schema, y []byte) error {
	var n yaml.Node
	if err := yaml.Unmarshal(y, &n); err != nil {
		return err
	}
	return s.Validate(value(&n))
}

// TestDossiersValidate: every file of the shipped dossier, of the example
// and of the starter validates against the schemas of its site.
func TestDossiersValidate(t *testing.T) {
	for _, root := range []string{"../..", "../../examples/northern-waters", "../starter/site"} {
		fsys := os.DirFS(root)
		d, _ := content.Load(fsys)
		schemas := compile(t, &d.Config.Vocabulary)
		n := 0
		err := fs.WalkDir(fsys, "content", func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			name := schemaFor(p)
			if name == "" {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			if err := validate(schemas[name], yamlOf(t, p, b)); err != nil {
				t.Errorf("%s/%s: %v", root, p, err)
			}
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < 5 {
			t.Errorf("%s: only %d files checked", root, n)
		}
	}
}

// TestSchemaAgreesWithDecoder runs the strict decoder and the schema on the
// same fixtures: each bad one is rejected by both, each good one by neither.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	schemas := compile(t, nil)
	for i, tc := range []struct {
		file string
		v    any
		yaml string
		bad  bool
	}{
		{"event.schema.json", &content.Event{}, "title: T\ndate: 2022-01-05\nsources: [a]\n", false},
		{"event.schema.json", &content.Event{}, "title: T\ndate: 2022-01-04/2022-01-05\nsources: [a]\ntags: [x]\nquotes:\n  - source: a\n    text: words\n", false},
		{"event.schema.json", &content.Event{}, "titel: T\ndate: 2022-01-05\nsources: [a]\n", true},
		{"event.schema.json", &content.Event{}, "date: 2022-01-05\nsources: [a]\n", true},
		{"event.schema.json", &content.Event{}, "title: T\ndate: 2022-01-05\nsources: a\n", true},
		{"event.schema.json", &content.Event{}, "title: T\ndate: 2022-01-05\nsources: [Bad_Id]\n", true},
		{"event.schema.json", &content.Event{}, "title: T\ndate: 5 January\nsources: [a]\n", true},
		{"event.schema.json", &content.Event{}, "title: T\ndate: 2022-01-05\nsources: [a]\nquotes:\n  - source: a\n    txt: words\n", true},
		{"event.schema.json", &content.Event{}, "title: T\ndate: 2022-01-05\nsources: [a]\nupdated: 2024-03-05\n", false},
		{"event.schema.json", &content.Event{}, "title: T\ndate: 2022-01-05\nsources: [a]\nupdated: 2024-03\n", true},
		{"site.schema.json", &content.Config{}, "title: T\ndescription: D\nbase_url: https://x.org/\nlanguages: [en]\nperiod: {start: 2022-01-02, end: 2022-01-11}\neditors: [{name: A, url: https://x.org/a/}]\ncorrections: c@x.org\ncard_font: f.ttf\n", false},
		{"site.schema.json", &content.Config{}, "title: T\ndescription: D\nbase_url: https://x.org/\nlanguages: [en]\nperiod: {start: 2022-01-02, end: 2022-01-11}\neditors: [{url: https://x.org/a/}]\n", true},
		{"entity.schema.json", &content.Entity{}, "name: N\nkind: person\n", false},
		{"entity.schema.json", &content.Entity{}, "name: N\nkind: city\n", true},
		{"entity.schema.json", &content.Entity{}, "name: N\nkind: person\naliases: x\n", true},
		{"page.schema.json", &content.Page{}, "title: About\nweight: 2\n", false},
		{"page.schema.json", &content.Page{}, "title: About\nweight: two\n", true},
		{"site.schema.json", &content.Config{}, "title: T\ndescription: D\nbase_url: https://x.org/\nlanguages: [en]\nperiod: {start: 2022-01-02, end: 2022-01-11}\n", false},
		{"site.schema.json", &content.Config{}, "title: T\ndescription: D\nbase_url: https://x.org/\nlanguages: [en]\nperiod: {start: 2022-01-02}\n", true},
		{"site.schema.json", &content.Config{}, "title: T\ndescription: D\nbase_url: https://x.org/\nlanguages: [en]\nperiod: {start: 2022-01-02, end: 2022-01-11}\nmenu: [{section: timeline, lable: X}]\n", true},
		{"membership.schema.json", &content.Membership{}, "organization: o\nmembers:\n  - member: a\n    periods:\n      - joined: 1993\n        how: joined\n        sources: [s]\n", false},
		{"membership.schema.json", &content.Membership{}, "organization: o\ncountries: []\n", true},
		{"discrepancy.schema.json", &content.Discrepancy{}, "title: T\ntopic: dates\nclaims:\n  - source: a\n    claim: C\n", false},
		{"discrepancy.schema.json", &content.Discrepancy{}, "title: T\ntopic: weather\nclaims:\n  - source: a\n    claim: C\n", true},
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			decodeErr := yamlstrict.Parse("x", []byte(tc.yaml), 0, tc.v)
			// The vocabulary is checked after decoding, by content.Load.
			vocabBad := strings.Contains(tc.yaml, "kind: city") || strings.Contains(tc.yaml, "topic: weather")
			schemaErr := validate(schemas[tc.file], []byte(tc.yaml))
			if got := len(decodeErr) > 0 || vocabBad; got != tc.bad {
				t.Errorf("decoder: bad = %v, want %v (%v)\n%s", got, tc.bad, decodeErr, tc.yaml)
			}
			if got := schemaErr != nil; got != tc.bad {
				t.Errorf("schema: bad = %v, want %v (%v)\n%s", got, tc.bad, schemaErr, tc.yaml)
			}
		})
	}
}
