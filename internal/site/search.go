package site

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/search"
)

// SearchPath is the site path of the search page, below each language's
// root; its index lives in SearchPath+"data/" (package search).
const SearchPath = "search/"

// SearchBox is the search box of the header: where it sends readers
// without JavaScript, where the language's home is (hrefs in the index
// are relative to it) and the script.
type SearchBox struct {
	Action string // href of the search page
	Home   string // href of the language's home
	Script string // href of static/js/search.js
}

// SearchPage is /search/: the box and its results (filled in by the
// script), and for readers without JavaScript every entity, A–Z, and every
// event.
type SearchPage struct {
	Letters []Letter
	Events  []EventItem
}

// A Letter is the entities whose names begin with one letter.
type Letter struct {
	Letter   string
	ID       string // fragment id, e.g. az-A
	Entities []EntityEntry
}

// An EntityEntry is an entity in the A–Z index.
type EntityEntry struct {
	Link
	Kind    string
	Aliases []string
}

func (b *builder) searchBox(l linker) *SearchBox {
	return &SearchBox{Action: l.to(SearchPath), Home: l.to(""), Script: l.abs("js/search.js")}
}

// searchPage builds the search page of the language.
func (b *builder) searchPage(l linker) View {
	v := &SearchPage{}
	ents := slices.Clone(b.d.Entities)
	slices.SortStableFunc(ents, func(x, y *content.Entity) int {
		return cmp.Or(strings.Compare(search.Fold(x.Name), search.Fold(y.Name)), strings.Compare(x.Name, y.Name))
	})
	for _, e := range ents {
		letter := initial(e.Name)
		if n := len(v.Letters); n == 0 || v.Letters[n-1].Letter != letter {
			v.Letters = append(v.Letters, Letter{Letter: letter, ID: "az-" + letter})
		}
		g := &v.Letters[len(v.Letters)-1]
		g.Entities = append(g.Entities, EntityEntry{Link: b.entityLink(l, e.ID), Kind: b.term("entity_kinds", e.Kind.Value), Aliases: e.Aliases})
	}
	for _, e := range b.d.Events {
		v.Events = append(v.Events, b.eventItem(l, e))
	}
	return v
}

// initial is the letter a name is filed under: its first letter or digit,
// folded and in upper case ("Đà Nẵng" under D).
func initial(name string) string {
	for _, r := range search.Fold(name) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return string(unicode.ToUpper(r))
		}
	}
	r, _ := utf8.DecodeRuneInString(name)
	return string(r)
}

// Result kinds other than the entity kinds, in the order of their index.
const (
	kindEvent = iota
	kindSource
	kindDiscrepancy
	kindPage
	kindEntity // the first entity kind; the others follow in site.yaml's order
)

// searchIndex computes the search index of the language: every event,
// source, entity (with its aliases), discrepancy and free page, as readers
// of the language see them (an untranslated page in the original).
func (b *builder) searchIndex(ctx context.Context) *search.Index {
	d := b.d
	ix := &search.Index{Kinds: []search.Kind{
		{One: b.t("search.kind.event"), Many: b.t("search.kind.events")},
		{One: b.t("search.kind.source"), Many: b.t("search.kind.sources")},
		{One: b.t("search.kind.discrepancy"), Many: b.t("search.kind.discrepancies")},
		{One: b.t("search.kind.page"), Many: b.t("search.kind.pages")},
	}}
	kinds := d.Config.Kinds()
	for _, k := range kinds {
		ix.Kinds = append(ix.Kinds, search.Kind{One: b.term("entity_kinds", k), Many: b.plural(k)})
	}
	href := func(p string) string {
		if b.s.Offline {
			dir, frag, _ := strings.Cut(p, "#")
			p = dir + "index.html"
			if frag != "" {
				p += "#" + frag
			}
		}
		return p
	}
	text := func(f *content.File) string { return b.bodies[f.Path].Text }
	names := func(id string) []string {
		e := d.Entity(id)
		if e == nil {
			return nil
		}
		return append([]string{e.Name}, e.Aliases...)
	}
	for _, e := range d.Entities {
		ix.Docs = append(ix.Docs, search.Doc{
			Kind: kindEntity + slices.Index(kinds, e.Kind.Value), Title: e.Name, Href: href("entities/" + e.ID + "/"),
			Names: e.Aliases, Body: text(&e.File), Lang: b.textLang(&e.File),
		})
	}
	for _, s := range d.Sources {
		var rel []string
		for _, id := range b.sourceEntities(s) {
			rel = append(rel, names(id)...)
		}
		ix.Docs = append(ix.Docs, search.Doc{
			Kind: kindSource, Title: s.Title, Href: href("sources/" + s.ID + "/"), When: b.date(s.Published.Date),
			Names: []string{s.Publisher}, Summary: b.bodies[s.Path].SummaryText, Body: text(&s.File), Related: rel, Lang: b.textLang(&s.File),
		})
	}
	for _, x := range d.Discrepancies {
		var claims []string
		for _, c := range x.Claims {
			claims = append(claims, c.Claim, c.Quote)
		}
		ix.Docs = append(ix.Docs, search.Doc{
			Kind: kindDiscrepancy, Title: x.Title, Href: href("discrepancies/#" + x.ID),
			Summary: b.bodies[x.Path].SummaryText, Body: text(&x.File) + " " + strings.Join(claims, " "), Lang: b.textLang(&x.File),
		})
	}
	for _, p := range d.Pages {
		ix.Docs = append(ix.Docs, search.Doc{
			Kind: kindPage, Title: p.Title, Href: href(p.ID + "/"),
			Summary: b.bodies[p.Path].SummaryText, Body: text(&p.File), Lang: b.textLang(&p.File),
		})
	}
	for i, e := range d.Events {
		if i%stopEvery == 0 && ctx.Err() != nil {
			return nil
		}
		var rel []string
		for _, id := range b.eventEntities(e) {
			rel = append(rel, names(id)...)
		}
		for _, q := range e.Quotes {
			rel = append(rel, q.Text)
		}
		w := b.when(e.Date)
		ix.Docs = append(ix.Docs, search.Doc{
			Kind: kindEvent, Title: e.Title, Href: href("events/" + e.ID + "/"), When: cmp.Or(w.Range, w.Text),
			Summary: b.bodies[e.Path].SummaryText, Body: text(&e.File), Related: rel, Lang: b.textLang(&e.File),
		})
	}
	return ix
}
