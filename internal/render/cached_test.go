package render

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/site"
)

// A part laid out by cached is what {{template}} lays out, page by page,
// whatever the pages share: the same values give the part once laid out,
// and any field that differs, however deep, gives its own.
func TestCachedIsTemplate(t *testing.T) {
	part := `{{define "menu"}}<a href="{{.Home}}">{{.SiteTitle}}</a>{{range .Nav}}<a href="{{.Href}}"{{if .Current}} aria-current="page"{{end}}>{{.Text}}</a>{{end}}{{with .Search}}<form action="{{.Action}}"></form>{{end}} {{.LangMenu}}{{end}}`
	build := func(call string) map[string][]byte {
		t.Helper()
		fsys := fstest.MapFS{
			"templates/_base.html": {Data: []byte(`{{define "base"}}<body>` + call + `{{block "main" .}}{{end}}</body>{{end}}` + part)},
			"templates/page.html":  {Data: []byte(`{{define "main"}}<p>{{.Title}}</p>{{end}}`)},
		}
		tmpl, diags := Load(fsys)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		nav := func(cur int) []site.NavLink {
			var l []site.NavLink
			for i, x := range []string{"a", "b", "c"} {
				l = append(l, site.NavLink{Text: x, Href: "../" + x + "/", Current: i == cur})
			}
			return l
		}
		var pages []*site.Page
		for i, lay := range []site.Layout{
			{Home: "../", SiteTitle: "S", Nav: nav(0)},
			{Home: "../", SiteTitle: "S", Nav: nav(0)}, // the same as the first
			{Home: "../", SiteTitle: "S", Nav: nav(1)}, // another current link
			{Home: "../../", SiteTitle: "S", Nav: nav(0)},
			{Home: "../", SiteTitle: "S<", Nav: nav(0)},
			{Home: "../", SiteTitle: "S", Nav: nav(0), Search: &site.SearchBox{Action: "../search/"}},
			{Home: "../", SiteTitle: "S", Nav: nav(0), Search: &site.SearchBox{Action: "../../search/"}},
			{Home: "../", SiteTitle: "S", Nav: nav(0)[:2]},
			{Home: "../", SiteTitle: "S", Nav: nav(0), Alternates: make([]site.Alternate, 4)}, // LangMenu true
		} {
			lay.Lang, lay.Title = "en", fmt.Sprint("page ", i)
			pages = append(pages, &site.Page{Path: fmt.Sprintf("p%d/", i), Lang: "en", Layout: &lay, Data: &site.FreePage{}})
		}
		files, diags := tmpl.Render(&site.Site{Langs: []string{"en"}, Catalogs: map[string]*i18n.Catalog{"en": nil}, Pages: pages})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		return files
	}
	want := build(`{{template "menu" .}}`)
	got := build(`{{cached "menu" . "Home" "SiteTitle" "Nav" "Search" "LangMenu"}}`)
	if !reflect.DeepEqual(got, want) {
		for name := range want {
			if string(got[name]) != string(want[name]) {
				t.Errorf("%s:\ncached   %s\ntemplate %s", name, got[name], want[name])
			}
		}
	}
	if len(want) != 9 {
		t.Errorf("%d pages, want 9", len(want))
	}
}

// A part that reads a field its list leaves out fails, at the part's
// action, saying what to add: it never shows the value of another page.
func TestCachedUnlistedField(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/_base.html": {Data: []byte("{{define \"base\"}}<body>{{cached \"foot\" . \"Home\"}}{{block \"main\" .}}{{end}}</body>{{end}}\n{{define \"foot\"}}<a href=\"{{.Home}}\">\n{{.Canonical}}</a>{{end}}")},
		"templates/page.html":  {Data: []byte(`{{define "main"}}{{end}}`)},
	}
	tmpl, diags := Load(fsys)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	s := &site.Site{Langs: []string{"en"}, Catalogs: map[string]*i18n.Catalog{"en": nil},
		Pages: []*site.Page{page("a/", &site.FreePage{})}}
	_, diags = tmpl.Render(s)
	want := `templates/_base.html:3:3: executing "foot" at <.Canonical>: can't evaluate field Canonical: cached "foot" passes only Home; add the field to its list`
	if len(diags) != 1 || diags[0].String() != want {
		t.Errorf("got  %v\nwant %s", diags, want)
	}
}

// Naming what the value does not have, or a value that is not a struct,
// is reported where cached is called.
func TestCachedBadCall(t *testing.T) {
	for _, c := range []struct{ call, want string }{
		{`{{cached "foot" . "Nope"}}`, `cached "foot": site.Layout has no field or method Nope to pass`},
		{`{{cached "foot" . "Home" "Home"}}`, `cached "foot": Home is named twice`},
		{`{{cached "foot" .Title "Home"}}`, `cached "foot": the value is a string, not a struct`},
		{`{{cached "foot" .Search "Home"}}`, `cached "foot": the value is nil`},
	} {
		fsys := fstest.MapFS{
			"templates/_base.html": {Data: []byte(`{{define "base"}}<body>` + c.call + `{{block "main" .}}{{end}}</body>{{end}}{{define "foot"}}{{end}}`)},
			"templates/page.html":  {Data: []byte(`{{define "main"}}{{end}}`)},
		}
		tmpl, diags := Load(fsys)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		s := &site.Site{Langs: []string{"en"}, Catalogs: map[string]*i18n.Catalog{"en": nil},
			Pages: []*site.Page{page("a/", &site.FreePage{})}}
		_, diags = tmpl.Render(s)
		if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), "templates/_base.html:1:") || !strings.Contains(diags[0].String(), c.want) {
			t.Errorf("%s: got %v, want templates/_base.html:1:…: %s", c.call, diags, c.want)
		}
	}
}

// Keys tell apart the values that print alike: a string from the same
// bytes split otherwise, nil from empty, and two types of one interface.
func TestPartKeys(t *testing.T) {
	type pair struct{ A, B string }
	type holder struct{ V any }
	type lists struct {
		L []string
		M map[string]int
		P *int
	}
	one := 1
	vals := []any{
		pair{"a\x05", "b"}, pair{"a", "\x05b"},
		lists{}, lists{L: []string{}}, lists{M: map[string]int{}}, lists{P: &one},
		lists{M: map[string]int{"a": 1, "b": 2}}, lists{M: map[string]int{"a": 2, "b": 1}},
		holder{site.Link{Text: "x"}}, holder{site.NavLink{Text: "x"}}, holder{&site.Link{Text: "x"}}, holder{nil},
	}
	c := (&Templates{}).newParts()
	seen := map[string]int{}
	for i, v := range vals {
		k, ok := c.appendKey(nil, reflect.ValueOf(v), 0)
		if !ok {
			t.Fatalf("%#v: no key", v)
		}
		if j, dup := seen[string(k)]; dup {
			t.Errorf("%#v and %#v have one key", vals[j], v)
		}
		seen[string(k)] = i
		// The same value, made anew, has the same key (maps in any order).
		again, _ := c.appendKey(nil, reflect.ValueOf(v), 0)
		if string(again) != string(k) {
			t.Errorf("%#v: two keys", v)
		}
	}
	if _, ok := c.appendKey(nil, reflect.ValueOf(holder{func() {}}), 0); ok {
		t.Error("a function has a key")
	}
}

// A part is laid out as {{template}} would lay it out in each page's set
// and language: with the page file's own version of a template the part
// calls, and with the strings of the page's language, however the pages
// of the templates and languages follow each other.
func TestCachedOverrideAndLanguages(t *testing.T) {
	cats, diags := i18n.Load(dossier.Theme(), []string{"en", "vi"})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	const shared = `{{define "foot"}}<p>{{t "nav.menu"}} {{template "sig" .}} <a href="{{.Home}}">{{t "skip"}}</a></p>{{end}}{{define "sig"}}shared{{end}}`
	build := func(call string) map[string][]byte {
		t.Helper()
		fsys := fstest.MapFS{
			"templates/_base.html":  {Data: []byte(`{{define "base"}}<body>` + call + `{{block "main" .}}{{end}}</body>{{end}}` + shared)},
			"templates/event.html":  {Data: []byte(`{{define "main"}}event{{end}}{{define "sig"}}own{{end}}`)},
			"templates/source.html": {Data: []byte(`{{define "main"}}source{{end}}`)},
		}
		tmpl, diags := Load(fsys)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		var pages []*site.Page
		for i := range 12 {
			lang := []string{"en", "vi"}[i%2]
			var v site.View = &site.Source{}
			if i%3 == 0 {
				v = &site.Event{}
			}
			pages = append(pages, &site.Page{Path: fmt.Sprintf("p%d/", i), Lang: lang, Layout: &site.Layout{Lang: lang, Home: "../"}, Data: v})
		}
		files, diags := tmpl.Render(&site.Site{Langs: []string{"en", "vi"}, Catalogs: cats, Pages: pages})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		return files
	}
	want := build(`{{template "foot" .}}`)
	got := build(`{{cached "foot" . "Home"}}`)
	for name := range want {
		if string(got[name]) != string(want[name]) {
			t.Errorf("%s:\ncached   %s\ntemplate %s", name, got[name], want[name])
		}
	}
	// The test tells the cases apart.
	if a, b := string(want["p0/index.html"]), string(want["p1/index.html"]); !strings.Contains(a, "own") || !strings.Contains(b, "shared") || !strings.Contains(b, "Danh mục") {
		t.Errorf("pages laid out alike: %s, %s", a, b)
	}
}

// Two calls of one part that pass other fields holding the same values
// are two parts: the second does not get the first's HTML, and so fails
// as {{template}} would where its list lacks the field the part reads.
func TestCachedFieldListsApart(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/_base.html": {Data: []byte(`{{define "base"}}<body>{{cached "foot" . "Home"}}{{cached "foot" . "SiteTitle"}}{{block "main" .}}{{end}}</body>{{end}}{{define "foot"}}<a href="{{.Home}}">x</a>{{end}}`)},
		"templates/page.html":  {Data: []byte(`{{define "main"}}{{end}}`)},
	}
	tmpl, diags := Load(fsys)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	p := page("a/", &site.FreePage{})
	p.Layout.Home, p.Layout.SiteTitle = "same", "same"
	s := &site.Site{Langs: []string{"en"}, Catalogs: map[string]*i18n.Catalog{"en": nil}, Pages: []*site.Page{p}}
	_, diags = tmpl.Render(s)
	if len(diags) != 1 || !strings.Contains(diags[0].String(), `cached "foot" passes only SiteTitle`) {
		t.Errorf("got %v, want the second call's missing field", diags)
	}
}
