package site

import (
	"os"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/markdown"
)

// TestEventItemsByDepth checks what lets eventItem make an event's item
// once per depth: on every page of the shipped dossier, in each of its
// languages, the item made for the page is the item made for any other
// page as deep, and its links lead to the event, its sources and its
// entities in the page's language.
func TestEventItemsByDepth(t *testing.T) {
	fsys := os.DirFS("../..")
	d, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	locs := map[string]*content.Dossier{}
	for _, lang := range d.Config.Languages[1:] {
		if locs[lang], _, err = d.Localize(fsys, lang); err != nil {
			t.Fatal(err)
		}
	}
	cats, diags := i18n.Load(dossier.Theme(), d.Config.Languages)
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	s, err := New(d, locs, cats, markdown.New(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Langs) < 2 {
		t.Fatalf("the shipped dossier has %d languages; this test needs two", len(s.Langs))
	}
	for _, b := range s.builders {
		first := map[int]string{} // by depth: the first page's path
		for _, p := range s.Pages {
			if p.Lang != b.lang {
				continue
			}
			depth := strings.Count(p.Path, "/")
			l := linker{from: p.Path, prefix: b.prefix}
			for _, e := range b.d.Events {
				made := b.makeEventItem(linker{from: p.Path, prefix: b.prefix, byDepth: true, inLang: true}, e)
				if got := b.eventItem(l, e); !reflect.DeepEqual(got, made) {
					t.Fatalf("%s: the item of %s kept is not the item made", p.Path, e.ID)
				}
				if f, ok := first[depth]; ok {
					other := b.makeEventItem(linker{from: f, prefix: b.prefix, byDepth: true, inLang: true}, e)
					if !reflect.DeepEqual(made, other) {
						t.Fatalf("the items of %s on %s and %s, as deep, differ:\n%+v\n%+v", e.ID, p.Path, f, made, other)
					}
				}
				resolves(t, p.Path, made.Href, b.prefix+"events/"+e.ID+"/")
				for _, c := range made.Sources {
					resolves(t, p.Path, c.Href, b.prefix+"sources/"+c.ID+"/")
				}
				for i, id := range b.eventEntities(e) {
					resolves(t, p.Path, made.Entities[i].Href, b.prefix+"entities/"+id+"/")
				}
			}
			if _, ok := first[depth]; !ok {
				first[depth] = p.Path
			}
		}
	}
}

// resolves checks that href, on the page at from, leads to the page at
// want (site paths, without a leading slash).
func resolves(t *testing.T, from, href, want string) {
	t.Helper()
	got := strings.TrimPrefix(path.Join("/"+from, href), "/") + "/"
	if got != want {
		t.Errorf("on %s, %q leads to %s, not %s", from, href, got, want)
	}
}
