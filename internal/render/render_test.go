package render

import (
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
