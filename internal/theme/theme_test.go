package theme

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	site := fstest.MapFS{
		"content/site.yaml":      {Data: []byte("site")},
		"templates/event.html":   {Data: []byte("site event")},
		"templates/i18n/fr.yaml": {Data: []byte("site fr")},
		"static/css/site.css":    {Data: []byte("site css")},
		"static/CNAME":           {Data: []byte("site cname")},
		"notes/private.txt":      {Data: []byte("private")},
	}
	th := fstest.MapFS{
		"templates/event.html":   {Data: []byte("theme event")},
		"templates/home.html":    {Data: []byte("theme home")},
		"templates/i18n/en.yaml": {Data: []byte("theme en")},
		"static/css/site.css":    {Data: []byte("theme css")},
		"static/favicon.svg":     {Data: []byte("theme icon")},
		"content/site.yaml":      {Data: []byte("theme content must not show")},
		"README":                 {Data: []byte("theme readme must not show")},
	}
	o := Overlay(site, th)
	for name, want := range map[string]string{
		"content/site.yaml":      "site",
		"templates/event.html":   "site event",
		"templates/home.html":    "theme home",
		"templates/i18n/en.yaml": "theme en",
		"templates/i18n/fr.yaml": "site fr",
		"static/css/site.css":    "site css",
		"static/favicon.svg":     "theme icon",
		"notes/private.txt":      "private",
	} {
		b, err := fs.ReadFile(o, name)
		if err != nil || string(b) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, b, err, want)
		}
	}
	if _, err := fs.ReadFile(o, "README"); err == nil {
		t.Error("a theme file outside templates/ and static/ is visible")
	}
	entries, err := fs.ReadDir(o, "templates")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"event.html", "home.html", "i18n"}; !slices.Equal(names, want) {
		t.Errorf("templates/ lists %v, want %v", names, want)
	}
	if FromTheme(o, "templates/event.html") || !FromTheme(o, "templates/home.html") {
		t.Error("FromTheme is wrong")
	}
	if err := fstest.TestFS(o, "content/site.yaml", "templates/event.html", "templates/home.html",
		"templates/i18n/en.yaml", "templates/i18n/fr.yaml", "static/css/site.css", "static/favicon.svg", "static/CNAME"); err != nil {
		t.Error(err)
	}
}

func TestOverlaySiteWithContentOnly(t *testing.T) {
	site := fstest.MapFS{"content/site.yaml": {Data: []byte("x")}}
	th := fstest.MapFS{"templates/home.html": {Data: []byte("t")}, "static/favicon.svg": {Data: []byte("i")}}
	if err := fstest.TestFS(Overlay(site, th), "content/site.yaml", "templates/home.html", "static/favicon.svg"); err != nil {
		t.Error(err)
	}
}

func TestOverlayWithoutTheme(t *testing.T) {
	site := fstest.MapFS{"content/site.yaml": {Data: []byte("x")}}
	if o := Overlay(site, nil); o == nil {
		t.Fatal("nil")
	} else if _, ok := o.(fstest.MapFS); !ok {
		t.Errorf("Overlay(site, nil) = %T, want the site itself", o)
	}
}
