package content

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// cacheSite is a site in two languages whose events have times (placed in
// the site's zone, which edits change), quotes (checked against the
// original, which edits change) and translations.
func cacheSite() fstest.MapFS {
	m := site("", map[string]string{
		"content/events/a.md":      "---\ntitle: A\ndate: 2022-01-05T10:00\nsources: [s]\nquotes:\n  - source: s\n    text: the text\n---\nBody of a.\n",
		"content/events/b.md":      "---\ntitle: B\ndate: 2022-01-05\nsources: [s]\ntags: [x]\n---\nBody of b.\n",
		"content/events/b.fr.md":   "---\ntitle: B en français\n---\nCorps de b.\n",
		"content/entities/p.md":    "---\nname: P\nkind: person\naliases: [Pe]\n---\n",
		"content/entities/p.fr.md": "---\nname: P fr\naliases: [Pf]\n---\n",
	})
	m["content/site.yaml"].Data = []byte(strings.Replace(string(m["content/site.yaml"].Data), "languages: [en]", "languages: [en, fr]\ntimezone: UTC", 1))
	m["content/originals/s.txt"].Data = []byte("It is the text of s.")
	return m
}

// loadBoth loads fsys with the cache c, and from scratch, and fails the
// test unless both give the same dossier, localized dossiers and
// problems. It returns the errors of the load and of Localize.
func loadBoth(t *testing.T, what string, fsys fstest.MapFS, c *Cache, opts Options) error {
	t.Helper()
	c.Begin()
	got, gerr := LoadWith(fsys, Options{Drafts: opts.Drafts, Cache: c})
	want, werr := LoadWith(fsys, Options{Drafts: opts.Drafts})
	if fmt.Sprint(gerr) != fmt.Sprint(werr) {
		t.Fatalf("%s: with the cache, the error is\n%v\nfrom scratch\n%v", what, gerr, werr)
	}
	equal := func(what string, got, want *Dossier) {
		t.Helper()
		g, w := *got, *want
		// The originals a cache keeps remember the quotes looked for.
		g.cache, w.cache, g.originals, w.originals = nil, nil, nil, nil
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: the dossier loaded with the cache differs from the one loaded from scratch:\n%+v\n%+v", what, g.Events, w.Events)
		}
	}
	equal(what, got, want)
	for _, lang := range got.Config.Languages[1:] {
		gl, gw, lerr := got.Localize(fsys, lang)
		wl, ww, werr := want.Localize(fsys, lang)
		if fmt.Sprint(lerr) != fmt.Sprint(werr) || fmt.Sprint(gw) != fmt.Sprint(ww) {
			t.Fatalf("%s: in %s, with the cache:\n%v\n%v\nfrom scratch:\n%v\n%v", what, lang, lerr, gw, werr, ww)
		}
		equal(what+", in "+lang, gl, wl)
		gerr = errors.Join(gerr, lerr)
	}
	// What a load hands out is its own: changing it changes nothing the
	// cache keeps.
	for _, e := range got.Events {
		e.Title, e.Date = "changed by the caller", Span{}
	}
	for _, e := range got.Entities {
		e.Name = "changed by the caller"
	}
	return gerr
}

// TestCacheLoadsAsFresh: after every kind of edit, a load with a Cache
// gives what a load from scratch gives, the problems of a broken file
// included, at their line and column, and then its fix.
func TestCacheLoadsAsFresh(t *testing.T) {
	fsys := cacheSite()
	c := NewCache()
	set := func(p, text string) { fsys[p] = &fstest.MapFile{Data: []byte(text)} }
	edit := func(p, old, new string) {
		t.Helper()
		s := string(fsys[p].Data)
		if !strings.Contains(s, old) {
			t.Fatalf("%s has no %q", p, old)
		}
		set(p, strings.Replace(s, old, new, 1))
	}
	mustLoad := func(what string) {
		t.Helper()
		if err := loadBoth(t, what, fsys, c, Options{}); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	mustFail := func(what, want string) {
		t.Helper()
		err := loadBoth(t, what, fsys, c, Options{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: %v, want %s", what, err, want)
		}
	}
	mustLoad("the first load")
	mustLoad("nothing changed")

	edit("content/events/a.md", "title: A", "title: A, renamed")
	mustLoad("a title")
	edit("content/events/b.md", "tags: [x]", "tags: [x, y]")
	mustLoad("a tag")
	edit("content/events/b.md", "Body of b.", "Body of b, edited.")
	mustLoad("a body")

	// The zone places a.md's time: its event is placed again, from what
	// was decoded, not from what the last load placed.
	edit("content/site.yaml", "timezone: UTC", "timezone: Asia/Tokyo")
	mustLoad("the zone")
	edit("content/site.yaml", "timezone: Asia/Tokyo", "timezone: Europe/Paris")
	mustLoad("the zone again")

	// A quote is checked against the original again when the original
	// changes, though the event did not.
	set("content/originals/s.txt", "It is another text.")
	mustFail("the original changed", "content/events/a.md:6:5: quote not found in the original of \"s\"")
	set("content/originals/s.txt", "It is the text of s.")
	mustLoad("the original restored")
	// A quote looked for in the same original: its answer is not another
	// quote's.
	edit("content/events/a.md", "text: the text", "text: the texts")
	mustFail("a quote changed", "content/events/a.md:6:5: quote not found in the original of \"s\"")
	edit("content/events/a.md", "text: the texts", "text: the text")
	mustLoad("the quote restored")

	// The order of the events: the last load's, while it holds.
	edit("content/events/b.md", "date: 2022-01-05\n", "date: 2022-01-06\n")
	mustLoad("b moved after a")
	edit("content/events/b.md", "date: 2022-01-06\n", "date: 2022-01-05\n")
	mustLoad("b moved back")
	set("content/events/c.md", "---\ntitle: C\ndate: 2022-01-04\nsources: [s]\n---\nBody of c.\n")
	mustLoad("an event added before the others")
	edit("content/events/c.md", "title: C", "title: C again")
	mustLoad("the added event's title")
	delete(fsys, "content/events/c.md")
	mustLoad("the event removed")

	// A file broken after a good load, then fixed.
	edit("content/events/b.md", "date: 2022-01-05\n", "date: 2022-01-05\n: [\n")
	mustFail("broken YAML", "content/events/b.md:4:1: invalid YAML")
	edit("content/events/b.md", "date: 2022-01-05\n: [\n", "date: 2022-01-05\n")
	mustLoad("the YAML fixed")
	edit("content/events/a.md", "Body of a.", "Body \xff of a.")
	mustFail("bad UTF-8", "content/events/a.md:9:6: invalid UTF-8 (byte 0xFF)")
	edit("content/events/a.md", "Body \xff of a.", "Body of a.")
	mustLoad("the UTF-8 fixed")
	edit("content/entities/p.md", "kind: person", "kind: persn")
	mustFail("a bad kind", "content/entities/p.md:3:7: unknown kind \"persn\"")
	edit("content/entities/p.md", "kind: persn", "kind: person")
	mustLoad("the kind fixed")

	// Translations.
	edit("content/events/b.fr.md", "B en français", "B, en français")
	mustLoad("a translated title")
	edit("content/entities/p.fr.md", "aliases: [Pf]", "aliases: [Pf, Pg]")
	mustLoad("a translated alias")
	edit("content/entities/p.fr.md", "aliases: [Pf, Pg]", "aliases: Pf: x")
	mustFail("a broken translation", "content/entities/p.fr.md:3:")
	edit("content/entities/p.fr.md", "aliases: Pf: x", "aliases: [Pf]")
	mustLoad("the translation fixed")

	// Files deleted, added and renamed; a draft, with drafts left out
	// and kept.
	delete(fsys, "content/events/b.fr.md")
	mustLoad("a translation deleted")
	fsys["content/events/c.md"] = fsys["content/events/b.md"]
	delete(fsys, "content/events/b.md")
	mustLoad("an event renamed")
	edit("content/events/c.md", "---\n", "---\ndraft: true\ntitel: x\n")
	mustLoad("a draft")
	if err := loadBoth(t, "a draft, in the preview", fsys, c, Options{Drafts: true}); err == nil || !strings.Contains(err.Error(), `content/events/c.md:3:1: unknown key "titel"`) {
		t.Fatalf("a draft, in the preview: %v", err)
	}
	mustLoad("a draft, built again")

	// The default language changes what the files are.
	edit("content/site.yaml", "languages: [en, fr]", "languages: [fr, en]")
	mustFail("the languages swapped", "content/entities/p.fr.md: \"fr\" is not a language of this site")
	edit("content/site.yaml", "languages: [fr, en]", "languages: [en, fr]")
	mustLoad("the languages restored")
}
