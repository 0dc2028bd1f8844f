package render

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/site"
)

func page(path string, v site.View) *site.Page {
	return &site.Page{Path: path, Lang: "en", Layout: &site.Layout{Lang: "en", Title: path}, Data: v}
}

// Each page is laid out by the template its view names, and a view whose
// template is missing is reported once, by the file to add.
func TestTemplateFromView(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/_base.html":  {Data: []byte(`{{define "base"}}<body>{{block "main" .}}{{end}}</body>{{end}}`)},
		"templates/event.html":  {Data: []byte(`{{define "main"}}event {{.Data.Title}}{{end}}`)},
		"templates/source.html": {Data: []byte(`{{define "main"}}source {{.Data.Text}}{{end}}`)},
	}
	tmpl, diags := Load(fsys)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	s := &site.Site{
		Langs:    []string{"en"},
		Catalogs: map[string]*i18n.Catalog{"en": nil},
		Pages: []*site.Page{
			page("events/a/", &site.Event{EventItem: site.EventItem{Title: "A"}}),
			page("sources/b/", &site.Source{SourceRow: site.SourceRow{Link: site.Link{Text: "B"}}}),
		},
	}
	files, diags := tmpl.Render(s)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for name, want := range map[string]string{
		"events/a/index.html":  "<body>event A</body>",
		"sources/b/index.html": "<body>source B</body>",
	} {
		if got := string(files[name]); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}

	s.Pages = append(s.Pages, page("entities/c/", &site.Entity{}), page("entities/d/", &site.Entity{}))
	_, diags = tmpl.Render(s)
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), "templates/entity.html: template is missing: every entity page needs it") {
		t.Errorf("a view without its template: %v", diags)
	}
}

// TestPageWriter checks that a page is written whole whatever the sizes
// of its writes, a large one handed over without a copy or copied out,
// and that the writer's buffer is not shared with a page it returned.
func TestPageWriter(t *testing.T) {
	var w pageWriter
	big := strings.Repeat("x", 3<<20)
	for _, parts := range [][]string{
		{"<head>", big, "</html>"},
		{"a", "b"},
		{strings.Repeat("y", 5000), "z", big, big},
	} {
		w.reset(&site.Page{Path: "events/x/"})
		for _, p := range parts {
			if n, err := w.Write([]byte(p)); n != len(p) || err != nil {
				t.Fatalf("Write = %d, %v", n, err)
			}
		}
		got := w.bytes()
		if want := strings.Join(parts, ""); string(got) != want {
			t.Errorf("page of %d bytes written as %d bytes", len(want), len(got))
		}
		w.reset(&site.Page{})
		w.Write([]byte("overwritten?"))
		if want := strings.Join(parts, ""); string(got) != want {
			t.Errorf("the page returned changed when the writer was reused")
		}
	}
}

// TestTemplateErrors checks that errors in a site's templates, found when
// parsing or when laying a page out, are reported at the file, line and
// column of the action that is wrong, never past the end of the file,
// with what to do.
func TestTemplateErrors(t *testing.T) {
	base := `{{define "base"}}<body>{{block "main" .}}{{end}}</body>{{end}}`
	for _, c := range []struct {
		name, src string
		want      string
	}{
		{"unclosed action", "{{define \"main\"}}\n<h1>{{ .Data.Title \n", `templates/event.html:2:5: action {{ is not closed: close it with }}`},
		{"unclosed action at the end", "{{define \"main\"}}\n<p>é {{ .Data.Title ", `templates/event.html:2:6: action {{ is not closed: close it with }}`},
		{"unclosed comment", "{{define \"main\"}}\n  {{/* a note\n{{end}}", `templates/event.html:2:3: comment {{/* is not closed: close it with */}}`},
		{"unterminated string", "{{define \"main\"}}\n{{ t \"x }}\n{{end}}", `templates/event.html:2:1: unterminated quoted string in this action: close it`},
		{"end without a block", "{{define \"main\"}}{{end}}\n<p>x</p>\n  {{ end }}\n", `templates/event.html:3:3: unexpected {{end}}: it closes or continues no {{if}}, {{range}}, {{with}}, {{define}} or {{block}}; remove it or open the block`},
		{"block not closed", "{{define \"main\"}}\n{{range .Data.Refs}}\n{{if .}}x{{end}}\n{{end}}\n", `templates/event.html:1:1: {{define}} is not closed: add {{end}} where its block ends`},
		{"unknown function", "{{define \"main\"}}\n<p>{{ .Data.Title | upper }}</p>\n{{end}}", `templates/event.html:2:21: function "upper" not defined: the functions are those of text/template, t and json (see package render)`},
		{"undefined variable", "{{define \"main\"}}\n{{with $x := .Data}}{{end}} {{$x}}\n{{end}}", `templates/event.html:2:31: undefined variable "$x"`},
		{"missing field", "{{define \"main\"}}\n<p>{{.Data.Nope}}</p>\n{{end}}", `templates/event.html:2:11: executing "main" at <.Data.Nope>: can't evaluate field Nope in type site.View: the page's view has no such field (see the view models of package site)`},
		{"missing field after a letter of two bytes", "{{define \"main\"}}\n<p>é {{.Data.Nope}}</p>\n{{end}}", `templates/event.html:2:13: executing "main" at <.Data.Nope>: can't evaluate field Nope in type site.View: the page's view has no such field (see the view models of package site)`},
		{"no such template", "{{define \"main\"}}\n  {{template \"nope\" .}}\n{{end}}", `templates/event.html:2:14: no such template "nope": define it with {{define "name"}} in a template file`},
		{"unclosed attribute", "{{define \"main\"}}\n<a href=\"{{.Data.Title}}\n{{end}}", `templates/event.html:2:10: template "main" ends inside a tag, an attribute, a quoted string, a comment or a script; close it`},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"templates/_base.html": {Data: []byte(base)},
				"templates/event.html": {Data: []byte(c.src)},
			}
			tmpl, diags := Load(fsys)
			if len(diags) == 0 {
				s := &site.Site{Langs: []string{"en"}, Catalogs: map[string]*i18n.Catalog{"en": nil},
					Pages: []*site.Page{page("events/a/", &site.Event{EventItem: site.EventItem{Title: "A"}})}}
				_, diags = tmpl.Render(s)
			}
			if len(diags) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(diags), diags)
			}
			if got := diags[0].String(); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			lines := strings.Count(strings.TrimSuffix(c.src, "\n"), "\n") + 1
			if diags[0].Line < 1 || diags[0].Line > lines || diags[0].Col < 1 {
				t.Errorf("line %d, column %d: outside the %d lines of the file", diags[0].Line, diags[0].Col, lines)
			}
		})
	}
}

// FuzzTemplateErrors checks that any template that does not parse is
// reported inside its file, whatever it holds.
func FuzzTemplateErrors(f *testing.F) {
	for _, s := range []string{"{{ .X ", "{{end}}", "{{if .}}\n", "{{/* x", "{{ \"}}", "{{ `x", "{{ f }}", "a\n{{ $x }}\n", "{{(}}", "é\r\n{{ .X }\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, err := template.New("x.html").Parse(src)
		if err == nil {
			return
		}
		d := templateError(err, map[string][]byte{"x.html": []byte(src)}, nil)
		lines := strings.Count(strings.TrimSuffix(src, "\n"), "\n") + 1
		if d.Path != "templates/x.html" || d.Line < 1 || d.Line > lines || d.Col < 1 {
			t.Errorf("%q: %v: outside the %d lines of the file", src, d, lines)
		}
	})
}
