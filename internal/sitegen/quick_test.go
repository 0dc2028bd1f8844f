package sitegen

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/content"
)

// TestQuick checks Builder.Quick edit by edit on a generated dossier: the
// page it lays out for a save of one file's prose must be the one a fresh
// Build makes, byte for byte, whatever the edit changes of what other
// pages show (citations, cross-links, the summary, an event's title or
// quotes); and it must not lay out a page for what it cannot tell (front
// matter that other pages or the order of events depend on, a problem,
// a translation emptied of its text, a file with no page).
func TestQuick(t *testing.T) {
	fsys := synthSite(t, 60)
	bl := NewBuilder(Options{Drafts: true})
	res, err := bl.Build(fsys)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Dossier
	ev, other := d.Events[10], d.Events[11]
	var tr string // an event's translation
	for _, e := range d.Events[20:] {
		if p := content.TranslationPath(e.Path, "fr"); fsys[p] != nil {
			tr = p
			break
		}
	}
	src, ent, page := d.Sources[1], d.Entities[3], d.Pages[0]
	var etr string // an entity's translation
	for _, e := range d.Entities {
		if p := content.TranslationPath(e.Path, "fr"); fsys[p] != nil {
			etr = p
			break
		}
	}
	qev := quoting(d) // an event with a quote, which is checked
	q := qev.Quotes[0]
	qtext := []byte(strconv.Quote(q.Text))
	front := func(e *content.Event, old, new string) []byte {
		b := fsys[e.Path].Data
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s has no %q", e.Path, old)
		}
		return bytes.Replace(b, []byte(old), []byte(new), 1)
	}
	cite := regexp.MustCompile(`\[@[^\]]+\]`)
	appendTo := func(p, s string) []byte { return append(bytes.Clone(fsys[p].Data), s...) }
	edits := []quickEdit{
		{"a word", ev.Path, replaceWord(fsys[ev.Path].Data), true},
		{"the summary, longer", ev.Path, bytes.Replace(fsys[ev.Path].Data, []byte("\n---\n"), []byte("\n---\nA longer start. "), 1), true},
		{"a citation of another source of the event", ev.Path, appendTo(ev.Path, "\nAnother [@"+ev.Sources[len(ev.Sources)-1].ID+"].\n"), true},
		{"a cross-link to an entity", ev.Path, appendTo(ev.Path, "\nSee [["+ent.ID+"]] [@"+ev.Sources[0].ID+"].\n"), true},
		{"a cross-link to an event", ev.Path, appendTo(ev.Path, "\nSee [[events/"+other.ID+"]] [@"+ev.Sources[0].ID+"].\n"), true},
		{"citations removed", ev.Path, cite.ReplaceAll(fsys[ev.Path].Data, nil), true},
		{"a source's text", src.Path, appendTo(src.Path, "\nMore of it.\n"), true},
		{"an entity's text", ent.Path, appendTo(ent.Path, "\nMore of it.\n"), true},
		{"a free page", page.Path, appendTo(page.Path, "\nMore of it.\n"), true},
		{"a free page's title", page.Path, bytes.Replace(fsys[page.Path].Data, []byte("title: "), []byte("title: New "), 1), true},
		{"a free page's weight", page.Path, regexp.MustCompile(`weight: \d+`).ReplaceAll(fsys[page.Path].Data, []byte("weight: 99")), false},
		{"a translation's text", tr, appendTo(tr, "\nUne phrase de plus [@"+d.Event(idOf(tr)).Sources[0].ID+"].\n"), true},
		{"a translation emptied of its text", tr, emptyBody(fsys[tr].Data), false},
		{"a translation's title", tr, bytes.Replace(fsys[tr].Data, []byte("title: "), []byte("title: Nouveau "), 1), true},
		{"a translation's title and text", tr, appendTo(tr, "\nUne phrase.\n"), true},
		{"a translation's inferred", tr, bytes.Replace(fsys[tr].Data, []byte("title: "), []byte("inferred: de la source\ntitle: "), 1), true},
		{"a translation's translation_of", tr, regexp.MustCompile(`translation_of: \w+`).ReplaceAll(fsys[tr].Data, []byte("translation_of: 000000000000")), true},
		{"an entity translation's name", etr, bytes.Replace(fsys[etr].Data, []byte("name: "), []byte("name: Nouveau "), 1), true},
		{"a key a translation cannot set", tr, bytes.Replace(fsys[tr].Data, []byte("title: "), []byte("tags: [x]\ntitle: "), 1), false},
		{"a title", ev.Path, front(ev, "title: ", "title: New "), true},
		{"a title and a word", ev.Path, replaceWord(front(ev, "title: ", "title: New ")), true},
		{"inferred, on a line of its own", ev.Path, front(ev, "\ndate: ", "\ninferred: from the source's date\ndate: "), true},
		{"a quote, shorter", qev.Path, front(qev, string(qtext), strconv.Quote(q.Text[:strings.LastIndexByte(q.Text, ' ')])), true},
		{"a quote that its source does not hold", qev.Path, front(qev, string(qtext), strconv.Quote("Not in the source at all.")), false},
		{"a quote's speaker", qev.Path, front(qev, "    by: "+q.By.ID+"\n", "    by: "+uninvolved(d, fsys[qev.Path].Data)+"\n"), false},
		{"a date", ev.Path, front(ev, "\ndate: ", "\ndate: 2001-01-01\nupdated: "), false},
		{"updated", ev.Path, front(ev, "\ndate: ", "\nupdated: 2030-01-01\ndate: "), true},
		{"a tag", ev.Path, front(ev, "\ntags: [", "\ntags: [new-tag, "), false},
		{"order", ev.Path, front(ev, "\ndate: ", "\norder: 1\ndate: "), false},
		{"draft", ev.Path, front(ev, "\ndate: ", "\ndraft: true\ndate: "), false},
		{"an unknown key", ev.Path, front(ev, "\ndate: ", "\nsubtitle: x\ndate: "), false},
		{"a source's title", src.Path, bytes.Replace(fsys[src.Path].Data, []byte("title: "), []byte("title: New "), 1), true},
		{"a source's publisher", src.Path, bytes.Replace(fsys[src.Path].Data, []byte("publisher: "), []byte("publisher: New "), 1), true},
		{"a source's date", src.Path, regexp.MustCompile(`date: \d{4}`).ReplaceAll(fsys[src.Path].Data, []byte("date: 1990")), false},
		{"an entity's name", ent.Path, bytes.Replace(fsys[ent.Path].Data, []byte("name: "), []byte("name: New "), 1), true},
		{"an entity's kind", ent.Path, regexp.MustCompile(`kind: \w+`).ReplaceAll(fsys[ent.Path].Data, []byte("kind: no-such-kind")), false},
		{"a citation of an unknown source", ev.Path, appendTo(ev.Path, "\nAnother [@no-such-source].\n"), false},
		{"a citation of a source not in sources:", ev.Path, appendTo(ev.Path, "\nAnother [@"+unlisted(d, ev)+"].\n"), false},
		{"site.yaml", "content/site.yaml", appendTo("content/site.yaml", "\n"), false},
	}
	if raceEnabled {
		// Each edit builds the site twice, ten times slower under the
		// race detector: a word, a cross-link and a translation.
		edits = []quickEdit{edits[0], edits[3], edits[9]}
	}
	for _, e := range edits {
		was := fsys[e.path].Data
		fsys[e.path] = &fstest.MapFile{Data: e.data}
		files, ok := bl.Quick(fsys, e.path)
		want, werr := Build(fsys, Options{Drafts: true})
		switch {
		case ok != e.quick:
			t.Errorf("%s (%s): Quick laid out a page: %v, want %v", e.what, e.path, ok, e.quick)
		case ok && werr != nil:
			t.Errorf("%s: Quick laid out a page of a site that does not build: %v", e.what, werr)
		case ok:
			pages := 0
			for name, b := range files {
				if !bytes.Equal(b, want.Files[name]) {
					t.Errorf("%s: %s differs from Build's: %s", e.what, name, firstDiff(b, want.Files[name]))
				}
				if bytes.HasSuffix([]byte(name), []byte(".html")) {
					pages++
				}
			}
			if pages != 1 {
				t.Errorf("%s: Quick laid out %d pages", e.what, pages)
			}
		}
		// The next edit starts from the file as it was, built.
		fsys[e.path] = &fstest.MapFile{Data: was}
		if _, err := bl.Build(fsys); err != nil {
			t.Fatal(err)
		}
	}
}

// quoting is an event of d whose first quote has a speaker and a source
// with an original, against which the quote is checked.
func quoting(d *content.Dossier) *content.Event {
	for _, e := range d.Events {
		if len(e.Quotes) > 0 && e.Quotes[0].By != nil && d.Source(e.Quotes[0].Source.ID).Original.Value != "" {
			return e
		}
	}
	panic("no event quotes a source with an original")
}

// uninvolved is an entity of d that the file text does not name.
func uninvolved(d *content.Dossier, text []byte) string {
	for _, e := range d.Entities {
		if !bytes.Contains(text, []byte(e.ID)) {
			return e.ID
		}
	}
	panic("the file names every entity")
}

// A quickEdit is a file saved with data, and whether Quick lays out its
// page.
type quickEdit struct {
	what, path string
	data       []byte
	quick      bool
}

// replaceWord replaces a word of the last paragraph of a Markdown file,
// by one as long.
func replaceWord(b []byte) []byte {
	ws := word.FindAllIndex(b, -1)
	w := ws[len(ws)-1]
	return slices.Concat(b[:w[0]], bytes.Repeat([]byte("x"), w[1]-w[0]), b[w[1]:])
}

// idOf is the id of the file at p.
func idOf(p string) string {
	id, _, _ := bytes.Cut([]byte(p[bytes.LastIndexByte([]byte(p), '/')+1:]), []byte("."))
	return string(id)
}

// emptyBody is a Markdown file with its front matter alone.
func emptyBody(b []byte) []byte {
	front, _, _, _ := content.SplitFrontMatter(b)
	return append(append([]byte("---\n"), front...), "---\n"...)
}

// unlisted is a source that e does not list.
func unlisted(d *content.Dossier, e *content.Event) string {
	for _, s := range d.Sources {
		listed := false
		for _, r := range e.Sources {
			listed = listed || r.ID == s.ID
		}
		if !listed {
			return s.ID
		}
	}
	panic("every source is listed")
}

// TestQuickNamesInSummaries: the page of a source or an entity saved with
// a new title or name shows, with a theme that lists the summaries of
// the events citing or involving it, the summaries that name it, made
// again: Quick takes their conversions again, which their answers
// (content names) no longer hold.
func TestQuickNamesInSummaries(t *testing.T) {
	fsys := synthSite(t, 60)
	partials, err := fs.ReadFile(os.DirFS(repoRoot), "templates/_partials.html")
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(`<a href="{{.Href}}">{{.Title}}</a>{{template "corroboration" .}}</li>`)
	if !bytes.Contains(partials, line) {
		t.Fatalf("templates/_partials.html has no event list line %s", line)
	}
	fsys["templates/_partials.html"] = &fstest.MapFile{Data: bytes.Replace(partials, line, []byte(`<a href="{{.Href}}">{{.Title}}</a> {{.Summary}}</li>`), 1)}
	bl := NewBuilder(Options{Drafts: true})
	res, err := bl.Build(fsys)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Dossier
	ev := d.Events[10]
	src, ent := d.Source(ev.Sources[0].ID), d.Entities[3]
	fsys[ev.Path] = &fstest.MapFile{Data: bytes.Replace(fsys[ev.Path].Data, []byte("\n---\n"),
		[]byte("\n---\nAs [["+ent.ID+"]] told [[sources/"+src.ID+"]]. "), 1)}
	if _, err := bl.Build(fsys); err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct{ path, key string }{{ent.Path, "name: "}, {src.Path, "title: "}} {
		was := fsys[e.path].Data
		fsys[e.path] = &fstest.MapFile{Data: bytes.Replace(was, []byte(e.key), []byte(e.key+"Renamed "), 1)}
		files, ok := bl.Quick(fsys, e.path)
		want, err := Build(fsys, Options{Drafts: true})
		if err != nil || !ok {
			t.Fatalf("%s: Quick laid out a page: %v; the build: %v", e.path, ok, err)
		}
		for name, b := range files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			if !bytes.Equal(b, want.Files[name]) {
				t.Errorf("%s: %s differs from Build's: %s", e.path, name, firstDiff(b, want.Files[name]))
			}
		}
		fsys[e.path] = &fstest.MapFile{Data: was}
		if _, err := bl.Build(fsys); err != nil {
			t.Fatal(err)
		}
	}
}

// TestQuickAfterStop: a build stopped by its context, while the dossier
// is read (DraftContext) or while the rest is made (FinishContext),
// leaves Quick the last build that ended, and Quick's page of the file
// saved since is Build's; a build that failed leaves it none.
func TestQuickAfterStop(t *testing.T) {
	fsys := synthSite(t, 60)
	bl := NewBuilder(Options{})
	res, err := bl.Build(fsys)
	if err != nil {
		t.Fatal(err)
	}
	p := res.Dossier.Events[10].Path
	save := func(i int) {
		fsys[p] = &fstest.MapFile{Data: editBody(fsys[p].Data, i)}
	}
	quick := func(what string) {
		t.Helper()
		files, ok := bl.Quick(fsys, p)
		if !ok {
			t.Fatalf("%s: Quick laid out no page", what)
		}
		want, err := Build(fsys, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if !bytes.Equal(b, want.Files[name]) {
				t.Errorf("%s: %s differs from Build's: %s", what, name, firstDiff(b, want.Files[name]))
			}
		}
	}
	stop := func(n int64) *countdown {
		ctx := &countdown{Context: context.Background(), done: make(chan struct{})}
		ctx.left.Store(n)
		return ctx
	}

	save(1)
	if _, err := bl.DraftContext(stop(0), fsys); !errors.Is(err, context.Canceled) {
		t.Fatalf("a Draft stopped at once: %v", err)
	}
	save(2) // a second save of the same file
	quick("after a Draft stopped")

	dr, err := bl.DraftContext(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dr.FinishContext(stop(3)); !errors.Is(err, context.Canceled) {
		t.Fatalf("a Finish stopped after three looks: %v", err)
	}
	save(3)
	quick("after a Finish stopped")

	// A build that fails is no build Quick can start from.
	broken := fsys[p].Data
	fsys[p] = &fstest.MapFile{Data: append([]byte("---\nnot: front matter\n"), broken...)}
	if _, err := bl.Build(fsys); err == nil {
		t.Fatal("a broken file built")
	}
	fsys[p] = &fstest.MapFile{Data: broken}
	if _, ok := bl.Quick(fsys, p); ok {
		t.Error("Quick laid out a page after a build that failed")
	}
}
