package content

import (
	"reflect"
	"strings"
	"testing"
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

// TestWithEvent: an event whose title or quotes changed gives a dossier
// with the event decoded and checked anew, the dossier it came from
// unchanged; a change of what orders or links events, or a problem Load
// would report, gives none.
func TestWithEvent(t *testing.T) {
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
	nd, e, ok := d.WithEvent(path, []byte(text))
	if !ok {
		t.Fatal("WithEvent refused an edit of the title, a quote and the body")
	}
	if nd.Event("e") != e || nd.Events[0] != e || e.Title != "F" || e.Inferred != "from the source" || e.Quotes[0].Text != "some   text" ||
		string(e.Body) != "Body.\nMore.\n" || e.BodyLine != old.BodyLine+1 || e.Hash != Hash([]byte(text)) || e.Date.Start != old.Date.Start {
		t.Errorf("the new dossier's event: %+v", e)
	}
	if d.Event("e") != old || old.Title != "E" || d.Events[0] != old {
		t.Errorf("the dossier WithEvent started from changed: %+v", old)
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
		if _, _, ok := d.WithEvent(path, []byte(strings.Replace(string(fsys[path].Data), tc.old, tc.new, 1))); ok {
			t.Errorf("%s: WithEvent took it", tc.what)
		}
	}
	if _, _, ok := d.WithEvent("content/sources/s.md", fsys["content/sources/s.md"].Data); ok {
		t.Error("WithEvent took a source")
	}
}

// TestWithTranslation: a translation of an event saved with another
// title gives the localized dossier that Localize gives of the dossier
// so saved, the one it came from unchanged; a key a translation cannot
// set, or the translation of another kind of file, gives none.
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
	const path = "content/events/b.fr.md"
	text := "---\ntitle: B, autrement\ninferred: de la source\n---\nCorps de b.\n"
	nd, ok := d.WithTranslation(loc, path, []byte(text))
	if !ok {
		t.Fatal("WithTranslation refused a new title")
	}
	fsys[path].Data = []byte(text)
	d2, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := d2.Localize(fsys, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if got, w := nd.Event("b"), want.Event("b"); !reflect.DeepEqual(got, w) {
		t.Errorf("the event:\n%+v\nLocalize:\n%+v", got, w)
	}
	if loc.Event("b").Title != "B en français" || nd.Event("a") != loc.Event("a") {
		t.Errorf("the dossier WithTranslation started from changed, or another event was copied")
	}
	for _, tc := range []struct{ what, path, text string }{
		{"a key a translation cannot set", path, "---\ntitle: B\ntags: [y]\n---\nCorps.\n"},
		{"no front matter", path, "Corps.\n"},
		{"an entity's translation", "content/entities/p.fr.md", "---\nname: P autre\n---\n"},
		{"a file that is no translation", "content/events/b.md", text},
	} {
		if _, ok := d.WithTranslation(loc, tc.path, []byte(tc.text)); ok {
			t.Errorf("%s: WithTranslation took it", tc.what)
		}
	}
}
