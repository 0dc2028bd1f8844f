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
