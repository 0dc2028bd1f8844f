package content

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestWithBody: a file whose body alone changed gives a dossier with the
// new body, the dossier it came from unchanged; any change to the front
// matter, or to a file without a page of its own, gives none.
func TestWithBody(t *testing.T) {
	const path = "content/events/e.md"
	fsys := site("", map[string]string{path: event("2022-01-01", "")})
	d, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	old := d.Event("e")
	text := event("2022-01-01", "") + "More.\n"
	nd, f, ok := d.WithBody(path, []byte(text))
	if !ok {
		t.Fatal("WithBody refused an edit of the body")
	}
	if e := nd.Event("e"); e == old || &e.File != f || string(e.Body) != "Body.\nMore.\n" || e.BodyLine != old.BodyLine || e.Hash != Hash([]byte(text)) {
		t.Errorf("the new dossier's event: %q at line %d, the old one: %v", e.Body, e.BodyLine, e == old)
	}
	if d.Event("e") != old || string(old.Body) != "Body.\n" || d.Events[0] != old {
		t.Errorf("the dossier WithBody started from changed: %q", old.Body)
	}
	for _, tc := range []struct{ what, path, text string }{
		{"a front matter edit", path, strings.Replace(text, "title: E", "title: F", 1)},
		{"a front matter edit that moves the body", path, strings.Replace(text, "title: E\n", "title: E\n\n", 1)},
		{"no front matter", path, "Just text.\n"},
		{"home.md", "content/home.md", "---\ntitle: H\n---\nMore.\n"},
		{"a file the dossier does not hold", "content/events/x.md", text},
	} {
		if _, _, ok := d.WithBody(tc.path, []byte(tc.text)); ok {
			t.Errorf("%s: WithBody took it", tc.what)
		}
	}
}

// TestWithFront: an event whose title or quotes changed gives a dossier
// with the event decoded and checked anew, the dossier it came from
// unchanged; a change of what orders or links events, or a problem Load
// would report, gives none.
func TestWithFront(t *testing.T) {
	const path = "content/events/e.md"
	fsys := site("", map[string]string{path: event("2022-01-01", "tags: [a]\nquotes:\n  - source: s\n    text: text\n")})
	fsys["content/originals/s.txt"].Data = []byte("some text here")
	d, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	old := d.Event("e")
	text := strings.Replace(string(fsys[path].Data), "title: E", "title: F\ninferred: from the source", 1)
	text = strings.Replace(text, "text: text", "text: some   text", 1) + "More.\n"
	nd, f, ok := d.WithFront(path, []byte(text))
	e := nd.Event("e")
	if !ok {
		t.Fatal("WithFront refused an edit of the title, a quote and the body")
	}
	if &e.File != f || nd.Events[0] != e || e.Title != "F" || e.Inferred != "from the source" || e.Quotes[0].Text != "some   text" ||
		string(e.Body) != "Body.\nMore.\n" || e.BodyLine != old.BodyLine+1 || e.Hash != Hash([]byte(text)) || e.Date.Start != old.Date.Start {
		t.Errorf("the new dossier's event: %+v", e)
	}
	if d.Event("e") != old || old.Title != "E" || d.Events[0] != old {
		t.Errorf("the dossier WithFront started from changed: %+v", old)
	}
	for _, tc := range []struct{ what, old, new string }{
		{"a quote not in the original", "text: text", "text: other words"},
		{"a quote of a source the event does not list", "source: s\n", "source: x\n"},
		{"a date", "date: 2022-01-01", "date: 2022-01-02"},
		{"a tag", "tags: [a]", "tags: [a, b]"},
		{"an actor", "tags: [a]", "tags: [a]\nactors: [s]"},
		{"order", "tags: [a]", "tags: [a]\norder: 1"},
		{"draft", "tags: [a]", "tags: [a]\ndraft: true"},
		{"an unknown key", "tags: [a]", "tags: [a]\nsubtitle: x"},
		{"no title", "title: E\n", ""},
	} {
		if !strings.Contains(string(fsys[path].Data), tc.old) {
			t.Fatalf("%s: no %q in the event", tc.what, tc.old)
		}
		if _, _, ok := d.WithFront(path, []byte(strings.Replace(string(fsys[path].Data), tc.old, tc.new, 1))); ok {
			t.Errorf("%s: WithFront took it", tc.what)
		}
	}
}

// TestWithFrontSourceEntity: a source's title, an entity's name and a
// page's title are taken, as Load reads them; what links or orders files
// is not.
func TestWithFrontSourceEntity(t *testing.T) {
	const src, ent, page = "content/sources/s.md", "content/entities/p.md", "content/pages/about.md"
	fsys := site("", map[string]string{
		"content/events/e.md": event("2022-01-01", "quotes:\n  - source: s\n    text: text\n"),
		ent:                   "---\nname: P\nkind: person\n---\n",
		page:                  "---\ntitle: About\nweight: 1\n---\nText.\n",
	})
	d, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		what, path, old, new string
		ok                   bool
	}{
		{"a source's title", src, "title: S", "title: S2\nshort: S", true},
		{"a source's publisher and url", src, "publisher: P", "publisher: Q\nurl: https://example.org/s", true},
		{"a source's url, not one", src, "publisher: P", "publisher: P\nurl: not a url", false},
		{"a source's date", src, "date: 2022", "date: 2021", false},
		{"a source's original", src, "original: originals/s.txt", "original: originals/t.txt", false},
		{"a source's mentions", src, "publisher: P", "publisher: P\nmentions: [p]", false},
		{"a source's language", src, "language: en", "language: fr", false},
		{"an entity's name", ent, "name: P", "name: P2\naliases: [Pe]", true},
		{"an entity's kind", ent, "kind: person", "kind: place", false},
		{"an entity's unknown key", ent, "kind: person", "kind: person\nborn: 1950", false},
		{"a page's title", page, "title: About", "title: About it", true},
		{"a page's weight", page, "weight: 1", "weight: 2", false},
	} {
		text := strings.Replace(string(fsys[tc.path].Data), tc.old, tc.new, 1)
		nd, f, ok := d.WithFront(tc.path, []byte(text))
		if ok != tc.ok {
			t.Errorf("%s: WithFront took it: %v, want %v", tc.what, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		was := fsys[tc.path].Data
		fsys[tc.path].Data = []byte(text)
		want, err := Load(fsys)
		fsys[tc.path].Data = was
		if err != nil {
			t.Fatalf("%s: %v", tc.what, err)
		}
		got, w := any(nd.Source("s")), any(want.Source("s"))
		switch tc.path {
		case ent:
			got, w = nd.Entity("p"), want.Entity("p")
		case page:
			got, w = nd.Page("about"), want.Page("about")
		}
		if !reflect.DeepEqual(got, w) || f.Path != tc.path {
			t.Errorf("%s: WithFront's\n%+v\nLoad's\n%+v", tc.what, got, w)
		}
		if nd.Event("e") != d.Event("e") || d.Source("s").Title != "S" || d.Entity("p").Name != "P" {
			t.Errorf("%s: the dossier WithFront started from changed, or an event was copied", tc.what)
		}
	}
}

// TestWithTranslation: a translation saved with another title or name
// gives the localized dossier that Localize gives of the dossier so
// saved, the one it came from unchanged; a key a translation cannot set,
// or a file that is no translation of a file with a page, gives none.
func TestWithTranslation(t *testing.T) {
	fsys := cacheSite()
	d, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	loc, _, err := d.Localize(fsys, "fr")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ what, path, text string }{
		{"an event's", "content/events/b.fr.md", "---\ntitle: B, autrement\ninferred: de la source\n---\nCorps de b.\n"},
		{"an entity's", "content/entities/p.fr.md", "---\nname: P autre\naliases: [Pa]\n---\n"},
		{"a new one", "content/sources/s.fr.md", "---\ntitle: S en français\n---\nTexte.\n"},
	} {
		nd, ok := d.WithTranslation(loc, tc.path, []byte(tc.text))
		if !ok {
			t.Errorf("%s: WithTranslation refused it", tc.what)
			continue
		}
		was := fsys[tc.path]
		fsys[tc.path] = &fstest.MapFile{Data: []byte(tc.text)}
		d2, err := Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := d2.Localize(fsys, "fr")
		if err != nil {
			t.Fatal(err)
		}
		if was == nil {
			delete(fsys, tc.path)
		} else {
			fsys[tc.path] = was
		}
		if !reflect.DeepEqual(nd.Event("b"), want.Event("b")) || !reflect.DeepEqual(nd.Entity("p"), want.Entity("p")) || !reflect.DeepEqual(nd.Source("s"), want.Source("s")) {
			t.Errorf("%s: the event, entity or source differs from Localize's:\n%+v %+v %+v\n%+v %+v %+v", tc.what,
				nd.Event("b"), nd.Entity("p"), nd.Source("s"), want.Event("b"), want.Entity("p"), want.Source("s"))
		}
	}
	if loc.Event("b").Title != "B en français" || loc.Entity("p").Name != "P fr" {
		t.Errorf("the dossier WithTranslation started from changed")
	}
	for _, tc := range []struct{ what, path, text string }{
		{"a key a translation cannot set", "content/events/b.fr.md", "---\ntitle: B\ntags: [y]\n---\nCorps.\n"},
		{"no front matter", "content/events/b.fr.md", "Corps.\n"},
		{"a file that is no translation", "content/events/b.md", "---\ntitle: B\n---\n"},
		{"the translation of a file the dossier does not hold", "content/events/x.fr.md", "---\ntitle: X\n---\n"},
		{"the translation of site.yaml", "content/site.fr.yaml", "title: T\n"},
	} {
		if _, ok := d.WithTranslation(loc, tc.path, []byte(tc.text)); ok {
			t.Errorf("%s: WithTranslation took it", tc.what)
		}
	}
}
