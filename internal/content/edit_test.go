package content

import (
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
