package site

import (
	"cmp"
	"net/url"
	"strings"

	"github.com/dossier-dev/dossier/internal/content"
)

// What pages tell machines: search engines, link previews, feed readers.
//
// Every page gets an OpenGraph type and locale (og:locale, with an
// og:locale:alternate for each other language; see lang.go) and a
// schema.org graph (JSON-LD): a
// BreadcrumbList from the home page to it, and, depending on the page:
//
//   - an event page: an Event (name, startDate, endDate, location from its
//     places, citation pointing to its sources);
//   - a source page: a NewsArticle when the source names its publisher, or
//     a CreativeWork when it does not;
//   - an entity page: a Person, Organization (also for military units),
//     Country or Place;
//   - the home page: the WebSite, about the entities its introduction
//     links to (the organisation at its centre, say);
//   - a page whose date of last change is known (social.go): a WebPage
//     with dateModified.
//
// Nodes that describe the same thing share an @id, the page's canonical
// URL with a fragment ("#event", "#source", "#entity"), so that an event's
// citation is the source page's CreativeWork. All URLs are absolute, built
// from the base URL: they name the published pages, wherever this copy is
// read. The graph is marshalled with encoding/json by the template's json
// function, which escapes <, > and &: no title can close the <script>.

// JSONLD is a schema.org graph.
type JSONLD struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
}

// LDThing is a schema.org node: a Person, Organization, Country, Place,
// WebSite or a reference to any of them.
type LDThing struct {
	Type          string    `json:"@type"`
	ID            string    `json:"@id,omitempty"`
	Name          string    `json:"name,omitempty"`
	AlternateName []string  `json:"alternateName,omitempty"`
	URL           string    `json:"url,omitempty"`
	Description   string    `json:"description,omitempty"`
	InLanguage    string    `json:"inLanguage,omitempty"`
	About         []LDThing `json:"about,omitempty"`
}

// LDEvent is a schema.org Event.
type LDEvent struct {
	Type        string    `json:"@type"`
	ID          string    `json:"@id"`
	Name        string    `json:"name"`
	URL         string    `json:"url"`
	Description string    `json:"description,omitempty"`
	StartDate   string    `json:"startDate"`
	EndDate     string    `json:"endDate,omitempty"`
	Location    []LDThing `json:"location,omitempty"`
	Citation    []LDWork  `json:"citation,omitempty"`
}

// LDWork is a source: a schema.org NewsArticle or CreativeWork.
type LDWork struct {
	Type             string   `json:"@type"`
	ID               string   `json:"@id"`
	Name             string   `json:"name"`
	Headline         string   `json:"headline,omitempty"`
	URL              string   `json:"url,omitempty"` // the original, where it is online
	MainEntityOfPage string   `json:"mainEntityOfPage,omitempty"`
	DatePublished    string   `json:"datePublished,omitempty"`
	InLanguage       string   `json:"inLanguage,omitempty"`
	Publisher        *LDThing `json:"publisher,omitempty"`
	Description      string   `json:"description,omitempty"`
}

// LDBreadcrumbs is a schema.org BreadcrumbList.
type LDBreadcrumbs struct {
	Type  string       `json:"@type"`
	Items []LDListItem `json:"itemListElement"`
}

// LDListItem is one step of a BreadcrumbList.
type LDListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

// ldTypes maps entity kinds to schema.org types.
var ldTypes = map[string]string{
	"person": "Person", "organization": "Organization", "military-unit": "Organization",
	"country": "Country", "place": "Place", "territory": "AdministrativeArea",
	"document": "CreativeWork", "event-series": "EventSeries",
}

// A subject is what a page is about, as machines are told (see above).
type subject struct {
	summary string                 // plain text that describes the page; "" for the site's description
	article bool                   // an event or source: OpenGraph "article", not "website"
	node    func(lay *Layout) any  // the schema.org node of the page's subject; nil for none
	card    cardText               // what the page's social card says of it (social.go)
	files   func() []*content.File // for a page that gathers many files, those files
}

// meta fills in the page's OpenGraph type.
func (b *builder) meta(lay *Layout, sub subject) {
	lay.OGType = "website"
	if sub.article {
		lay.OGType = "article"
	}
}

// jsonLD computes the JSON-LD of the page at path from its Layout, whose
// description the nodes reuse, as the page is rendered, as its view is.
func (b *builder) jsonLD(path string, sub subject) func(lay *Layout) *JSONLD {
	return func(lay *Layout) *JSONLD {
		var graph []any
		if sub.node != nil {
			graph = append(graph, sub.node(lay))
		}
		graph = append(graph, b.breadcrumbs(path, lay.Title))
		if lay.Updated != nil {
			graph = append(graph, LDWebPage{Type: "WebPage", ID: lay.Canonical + "#page", URL: lay.Canonical,
				Name: cmp.Or(lay.Title, lay.SiteTitle), InLanguage: b.lang, DateModified: lay.Updated.ISO})
		}
		return &JSONLD{Context: "https://schema.org", Graph: graph}
	}
}

// LDWebPage is the page itself, as a schema.org WebPage: it says when its
// content last changed.
type LDWebPage struct {
	Type         string `json:"@type"`
	ID           string `json:"@id"`
	URL          string `json:"url"`
	Name         string `json:"name"`
	InLanguage   string `json:"inLanguage"`
	DateModified string `json:"dateModified"`
}

// ldWebSite describes the site, on its home page, and what its
// introduction is about.
func (b *builder) ldWebSite(lay *Layout) any {
	site := LDThing{Type: "WebSite", ID: lay.Canonical + "#website", Name: lay.SiteTitle, URL: lay.Canonical,
		Description: lay.Description, InLanguage: b.lang}
	for _, t := range b.bodies[b.d.Home.Path].Links {
		if t.Kind == "entities" {
			site.About = append(site.About, b.ldEntity(b.d.Entity(t.ID), false))
		}
	}
	return site
}

// ldSourcePage describes a source on its own page.
func (b *builder) ldSourcePage(s *content.Source, lay *Layout) any {
	w := b.ldSource(s)
	w.Description = lay.Description
	return w
}

// ldEntityPage describes an entity on its own page.
func (b *builder) ldEntityPage(e *content.Entity, lay *Layout) any {
	t := b.ldEntity(e, true)
	t.Description = lay.Description
	return t
}

func (b *builder) pageURL(path string) string { return b.s.absURL(b.prefix + path) }

func (b *builder) ldEvent(e *content.Event, lay *Layout) LDEvent {
	v := LDEvent{
		Type: "Event", ID: lay.Canonical + "#event", Name: e.Title, URL: lay.Canonical,
		Description: lay.Description, StartDate: e.Date.Start.String(),
	}
	if e.Date.IsRange() {
		v.EndDate = e.Date.End.String()
	}
	for _, r := range e.Places {
		v.Location = append(v.Location, b.ldEntity(b.d.Entity(r.ID), false))
	}
	for _, id := range b.eventRefs[e.ID] {
		v.Citation = append(v.Citation, b.ldSource(b.d.Source(id)))
	}
	return v
}

// ldSource describes a source; its @id is on the source's own page.
func (b *builder) ldSource(s *content.Source) LDWork {
	page := b.pageURL("sources/" + s.ID + "/")
	w := LDWork{
		Type: "CreativeWork", ID: page + "#source", Name: s.Title, MainEntityOfPage: page,
		DatePublished: s.Published.Date.String(), InLanguage: s.Language,
	}
	if u, err := url.Parse(s.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		w.URL = s.URL
	}
	if s.Publisher != "" && s.Publisher != "unknown" {
		w.Type, w.Headline = "NewsArticle", s.Title
		w.Publisher = &LDThing{Type: "Organization", Name: s.Publisher}
	}
	return w
}

// ldEntity describes an entity; full adds its other names.
func (b *builder) ldEntity(e *content.Entity, full bool) LDThing {
	page := b.pageURL("entities/" + e.ID + "/")
	t := LDThing{Type: ldTypes[e.Kind.Value], ID: page + "#entity", Name: e.Name, URL: page}
	if t.Type == "" {
		t.Type = "Thing"
	}
	if full {
		t.AlternateName = e.Aliases
	}
	return t
}

// breadcrumbs is the way from the home page to the page at path, titled
// title: home, the section (the timeline for an event), the page.
func (b *builder) breadcrumbs(path, title string) LDBreadcrumbs {
	bc := LDBreadcrumbs{Type: "BreadcrumbList"}
	add := func(name, path string) {
		bc.Items = append(bc.Items, LDListItem{Type: "ListItem", Position: len(bc.Items) + 1, Name: name, Item: b.pageURL(path)})
	}
	add(b.d.Home.Title, "")
	path = strings.TrimPrefix(path, b.prefix)
	if path == "" {
		return bc
	}
	section, rest, _ := strings.Cut(path, "/")
	if section == "events" {
		section = "timeline"
	}
	switch section {
	case "timeline", "membership", "sources", "entities", "discrepancies":
		add(b.t("nav."+section), section+"/")
		if rest == "" {
			return bc
		}
	}
	add(title, path)
	return bc
}
