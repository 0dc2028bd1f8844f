package site

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/content"
)

// What pages tell about themselves beyond their text, for readers who
// share, cite or reuse them:
//
//   - a social card (og:image), the picture a link preview shows: the
//     dossier's name, the page's title, and its kind and date. Package
//     sitegen draws it (package card) from the Card computed here, in
//     every language: package card shapes the scripts that need it and
//     mirrors the card of a language written right to left.
//   - when its content last changed: the last commit of its file (of the
//     original or its translation, whichever is later) in the repository's
//     history (Options.Updated), or failing that the file's updated: key;
//     for a page that gathers many files, the latest of them. Never the
//     time of the build, which would make every build differ.
//   - who edits the dossier and where to send corrections (site.yaml's
//     editors: and corrections:), in the footer and on the about page;
//   - the open data (data/, package opendata), linked from the footer, the
//     timeline and the about page.

// CardFile is the name of a page's social card, in the page's directory.
const CardFile = "og.png"

// The size of a social card, in pixels.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// A Card is a page's social card: the text it shows and where it is.
type Card struct {
	// File is the site path of the PNG that the build draws for this
	// page.
	File string
	URL  string // absolute, for og:image
	Alt  string // what the card says, for og:image:alt
	// Source is the content file whose title the card shows, for
	// warnings; empty for a page that gathers many.
	Source string

	Site, Title, Kind, Date string
	Width, Height           int // in pixels
}

// Colophon is what the about page adds below its text: the editors, where
// to send corrections and the open data.
type Colophon struct {
	Editors     []Link
	Corrections *Link
	Data        []DataLink
}

// A DataLink is one file of the open data, described.
type DataLink struct {
	Link
	Format string // "JSON", "CSV"
}

// The open data files readers are offered, in this order, with the
// catalogue key that describes each. membership.json exists only with
// membership.yaml.
var dataFiles = []struct{ name, key, format string }{
	{"events.json", "data.events", "JSON"},
	{"events.csv", "data.events", "CSV"},
	{"sources.json", "data.sources", "JSON"},
	{"entities.json", "data.entities", "JSON"},
	{"membership.json", "data.membership", "JSON"},
	{"timeline.json", "data.timeline", "JSON"},
}

// dataLinks links to the open data, for a page at l.
func (b *builder) dataLinks(l linker) []DataLink {
	var out []DataLink
	for _, f := range dataFiles {
		if f.name == "membership.json" && b.d.Membership == nil {
			continue
		}
		out = append(out, DataLink{Link: Link{Text: b.t(f.key), Href: l.abs("data/" + f.name), Title: f.name}, Format: f.format})
	}
	return out
}

// editors links to the editors and the corrections contact of site.yaml.
func (b *builder) editors() ([]Link, *Link) {
	var eds []Link
	for _, e := range b.d.Config.Editors {
		eds = append(eds, Link{Text: e.Name, Href: e.URL})
	}
	var corr *Link
	if href := b.d.Config.CorrectionsHref(); href != "" {
		corr = &Link{Text: strings.TrimPrefix(href, "mailto:"), Href: href}
	}
	return eds, corr
}

// A cardText is what a page's card says besides its title and the
// dossier's name.
type cardText struct {
	kind, date string
}

// social sets the card of the page laid out in lay and its date of last
// change. f is the file the page shows, nil for a page that gathers many;
// files are those it gathers (the home page has both).
func (b *builder) social(lay *Layout, f *content.File, files []*content.File, ct cardText) {
	file := lay.Path + CardFile
	c := &Card{
		File: file, URL: b.s.absURL(file),
		Site: b.d.Config.Title, Title: lay.Title, Kind: ct.kind, Date: ct.date,
		Width: CardWidth, Height: CardHeight,
	}
	if c.Title == "" || c.Title == c.Site {
		c.Title, c.Site = c.Site, "" // the home page: the name once, large
	}
	if f != nil {
		c.Source = f.Path
	}
	var parts []string
	for _, s := range []string{c.Site, c.Title, c.Kind, c.Date} {
		if s != "" && !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	c.Alt = strings.Join(parts, " · ")
	lay.Card = c

	var t time.Time
	if f != nil {
		t = b.updated(f)
	}
	for _, g := range files {
		if u := b.updated(g); u.After(t) {
			t = u
		}
	}
	if !t.IsZero() {
		d := content.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: content.Day}
		lay.Updated = &When{ISO: d.String(), Text: b.date(d)}
	}
}

// updated is when f last changed: the later of the last commits of its
// original and its translation, else its updated: key; zero if unknown.
func (b *builder) updated(f *content.File) time.Time {
	var t time.Time
	for _, p := range []string{f.Path, f.Status.Original, f.Status.Translation} {
		if u, ok := b.s.updated[p]; ok && u.After(t) {
			t = u
		}
	}
	if t.IsZero() && !f.Updated.IsZero() {
		t = f.Updated.First()
	}
	return t
}

// gathered returns the files a page that gathers many shows, by its
// section: the home page shows them all.
func (b *builder) gathered(section string) []*content.File {
	d := b.d
	var out []*content.File
	add := func(fs ...*content.File) { out = append(out, fs...) }
	if section == "" || section == "timeline" {
		for _, e := range d.Events {
			add(&e.File)
		}
	}
	if section == "" || section == "sources" {
		for _, s := range d.Sources {
			add(&s.File)
		}
	}
	if section == "" || section == "entities" {
		for _, e := range d.Entities {
			add(&e.File)
		}
	}
	if section == "" || section == "discrepancies" {
		for _, x := range d.Discrepancies {
			add(&x.File)
		}
	}
	if section == "" || section == "membership" {
		// membership.yaml is no Markdown file: only the history knows it.
		add(&content.File{Path: content.Dir + "/membership.yaml"})
	}
	if section == "" {
		add(&d.Home.File)
		for _, p := range d.Pages {
			add(&p.File)
		}
	}
	return out
}

// eventFiles returns the files of events.
func eventFiles(events []*content.Event) []*content.File {
	fs := make([]*content.File, len(events))
	for i, e := range events {
		fs[i] = &e.File
	}
	return fs
}

// cardDate is how a card writes a span: as a range when it is one.
func cardDate(w When) string { return cmp.Or(w.Range, w.Text) }
