package site

import (
	"fmt"
	"html/template"
	"time"

	"github.com/dossier-dev/dossier/internal/chart"
)

// The view models below are what templates receive. Everything a template
// shows is computed here, in Go, so that tests reach it: ordering,
// grouping, numbering, backlinks and every href (already relative).

// A View is a page's view model. It names the template that lays it out,
// as golang.org/x/tools/present's elements do, so that a page cannot be
// paired with another kind's template.
type View interface {
	TemplateName() string
}

func (*Home) TemplateName() string          { return "home" }
func (*Timeline) TemplateName() string      { return "timeline" }
func (*Event) TemplateName() string         { return "event" }
func (*Membership) TemplateName() string    { return "membership" }
func (*Sources) TemplateName() string       { return "sources" }
func (*Source) TemplateName() string        { return "source" }
func (*Entities) TemplateName() string      { return "entities" }
func (*Entity) TemplateName() string        { return "entity" }
func (*Discrepancies) TemplateName() string { return "discrepancies" }
func (*FreePage) TemplateName() string      { return "page" }
func (*NotFound) TemplateName() string      { return "notfound" }
func (*SearchPage) TemplateName() string    { return "search" }

// Layout is what every page shares: language, navigation, assets.
type Layout struct {
	Lang        string
	Dir         string // "rtl" for a language written right to left, else ""
	Title       string // the page title, without the site title
	SiteTitle   string
	Description string
	Path        string // the page's site path, e.g. "events/x/"
	Canonical   string // absolute URL
	Home        string // href of the home page
	Nav         []NavLink
	Footer      []NavLink
	CSS         []string // hrefs of stylesheets
	Favicon     string   // href of the site's icon (SVG), empty if it has none
	Feed        string   // href of the Atom feed of the page's language
	Search      *SearchBox
	OGType      string  // OpenGraph type: "website", or "article" for an event or source
	NoIndex     bool    // ask search engines not to index the page (404.html)
	JSONLD      *JSONLD // schema.org data about the page (meta.go); nil for none; nil in a Page.Layout (see Page.Laid)
	Alternates  []Alternate
	// Notice, if set, tells readers that the page's text is not translated
	// (NoticeKind "untranslated") or that its original changed since the
	// translation ("stale").
	Notice      string
	NoticeKind  string
	ContentLang string // the language of the main text, when not Lang
	// Draft marks the page of a draft, which only dossier serve shows.
	Draft bool
	// License and CiteAs are site.yaml's license: (its name, and its URL
	// if any) and cite_as:, for the footer; nil and empty when unset.
	License *Link
	CiteAs  string
	// Card is the page's social card (og:image), nil for none; Updated
	// is when its content last changed, nil when unknown (social.go).
	Card    *Card
	Updated *When
	// Editors and Corrections are site.yaml's editors: and corrections:,
	// for the footer; OpenData links to the open data (data/).
	Editors     []Link
	Corrections *Link
	OpenData    []DataLink
	// Data is the page's view model (Page.View), set by package render
	// on the copy of the Layout that the page's template receives, so
	// that the template reads .Data and the fields above from one struct;
	// nil in a Page's Layout.
	Data View
}

// A NavLink is a link in the header or footer.
type NavLink struct {
	Text    string
	Href    string
	Current bool
}

// An Alternate is the same page in another language.
type Alternate struct {
	Lang, Name, Href, URL string
	Current               bool
}

// Link is a link with text.
type Link struct {
	Text  string
	Href  string
	Title string `json:",omitempty"`
}

// When is a date or range, ready for <time datetime>.
type When struct {
	ISO     string // start, for datetime
	Text    string // as the language writes it
	EndISO  string // empty unless a range
	EndText string
	// Range is the whole range as the language writes it ("2–5 January
	// 2022", "ngày 2–5 tháng 1 năm 2022"); empty unless a range.
	Range string
}

// A Cite is one numbered reference to a source. Num is the source's
// number on the whole site.
type Cite struct {
	Num   int
	ID    string
	Href  string
	Title string
	Short string // publisher or language, to tell sources apart in badges
}

// EventItem is an event as listed on the timeline and elsewhere.
type EventItem struct {
	ID           string
	Title        string
	Href         string
	When         When
	Inferred     string
	Summary      template.HTML
	Entities     []Link
	Sources      []Cite
	SingleSource bool
	Lang         string // the language of the title and summary, when not the page's
	// Corroborated, for an event that two or more sources report, says how
	// many ("3 sources"); empty for a single source, which SingleSource
	// marks quietly.
	Corroborated string
	// DayHref links to the event's day on the timeline: "#d-2022-01-05"
	// on the timeline itself, the timeline page's address elsewhere.
	DayHref string
	// Facets are the filter keys the event matches, space-separated, for
	// the timeline's script (Filter.Key); set on timeline pages only.
	Facets string
}

// Day is the events of one day (or one year, in the background).
type Day struct {
	When   When
	ID     string // fragment id, e.g. d-2022-01-05
	Events []EventItem
}

// Home is the home page.
type Home struct {
	Intro    template.HTML
	Figures  []Figure
	Counts   []Figure
	Entries  []Entry
	Refs     []Cite
	Sections Sections
}

// A Figure is a key figure.
type Figure struct {
	Value string
	Label string
	Cites []Cite
	// SingleSource is set when one source only gives the figure, and
	// Corroborated, when several do, says how many, as on the timeline;
	// Disputed links to the discrepancy where sources differ on it.
	SingleSource bool
	Corroborated string
	Disputed     *Link
}

// An Entry is an entry point on the home page.
type Entry struct {
	Link
	Blurb string
}

// Timeline is /timeline/.
type Timeline struct {
	Period          When
	Days            []Day
	Background      []Day
	BackgroundTitle string // "Background, 1992–2012": the years it spans
	// Parts, when the timeline is too long for one page, links to each of
	// its pages (by year, or by month in a crowded year; the background
	// apart); the current one has Current set. /timeline/ then lists the
	// parts and no day; each part's page has its days, and Prev and Next.
	Parts      []NavLink
	Prev, Next *Link

	// Lede introduces the page: the period, or the tag of a tag page.
	Lede string
	// Compact is set on the compact view: titles and dates only. Views
	// links to the full and the compact view of the page (Current marks
	// this one); nil on pages with a single view (tag pages).
	Compact bool
	Views   []NavLink
	// Strip is every day of the page's span, empty days included, grouped
	// by month; every month, grouped by year, when the span is too long
	// for days. Nil on pages without dated days.
	Strip []StripGroup
	// Filters narrow the list to the events of every actor, place, source
	// and tag chosen. Each is a link to that thing's own page, for readers
	// without JavaScript. FilterText is what the script says while they
	// apply.
	Filters    []FilterGroup
	FilterText *FilterText
	// Index, on a page of a split timeline, links to the filter index of
	// the whole timeline (TimelineIndexPath), by which the filters find
	// the events of the other parts; Part is the page's part in it.
	Index string
	Part  int
	// BackgroundOpen is set when the page holds only background, which is
	// then not collapsed; BackgroundShow labels the collapsed section.
	BackgroundOpen bool
	BackgroundShow string
	Script         string // href of static/js/timeline.js
}

// BackgroundHeading is the heading of the background's section, with its
// anchor.
func (t *Timeline) BackgroundHeading() Heading {
	return Heading{ID: "background", Text: t.BackgroundTitle}
}

// A StripGroup is a month of days (or a year of months) of the strip.
type StripGroup struct {
	Label string
	Cells []StripCell
	key   string // "2021-03", or "2021" for a year's group: their order
}

// A StripCell is a day (or a month) of the strip.
type StripCell struct {
	Label string // the day of the month, or the month, in the page's digits
	Text  string // for screen readers: "5 January 2022: 4 events"
	Count int
	N     string // Count in the page's digits
	Level int    // 0 for none, 1–4 by the count, relative to the busiest cell
	Href  string // the day's events on this page; empty when it has none
	// Undated is the cell of the events of a month (or a year) that no
	// day dates: after the month's days, or on its own for a year.
	Undated bool
}

// A FilterGroup is one kind of filter: actors, places, sources or tags.
type FilterGroup struct {
	ID      string // "actors", "places", "sources", "tags"
	Label   string
	Filters []Filter
}

// A Filter narrows the timeline to the events that match Key, and links
// to the page that lists them for readers without JavaScript.
type Filter struct {
	Link
	Key   string // as in EventItem.Facets: "e:north-port", "s:src-id", "t:slug"
	Count int    // the page's events that match
	N     string // Count in the page's digits
	Lang  string // the language of Text, when not the page's (an untranslated tag)
}

// FilterText is what the timeline's script writes as filters apply, as
// templates with "{0}" for a number it counts, which it writes in Digits.
type FilterText struct {
	Count     string // "{0} of 37 events": the events shown of the page's (or, with an index, the timeline's)
	PageCount string // the same, of the page's events, for a split timeline whose index did not load
	Here      string // "{0} on this page", of a split timeline
	Elsewhere string // heads the links to the other parts that have events shown
	Remove    string // "Remove the filter {0}", {0} its name: the button that takes one off
	Active    string // names the list of the filters applied
	Digits    string // the page's ten digits, from zero
}

// Event is /events/<slug>/.
type Event struct {
	EventItem
	Start         time.Time // the first day, or the instant of a time, for the feed's dates
	Body          template.HTML
	Refs          []Ref
	Quotes        []Quote
	Places        []Link
	Actors        []Link
	Tags          []Tag
	Prev, Next    *Link
	Related       []Link
	Discrepancies []Link
	Sections      Sections
}

// A Tag is an event's tag as the page shows it. Lang is set when the word
// is not in the page's language: a tag with no translated label.
type Tag struct {
	Text string
	Lang string
	Href string // the tag's page, which lists its events
}

// A Ref is an entry of a reference list.
type Ref struct {
	Cite
	Publisher string
	Published string
	Inferred  bool
	Language  string
}

// A Quote is verbatim text with its source.
type Quote struct {
	Text   string
	Lang   string
	Source Cite
	By     *Link
	// Unverified is set when the dossier keeps no copy of the source's
	// original, so the quote could not be checked against it.
	Unverified bool
}

// Membership is /membership/.
type Membership struct {
	Organization Link
	OrgName      string // its short name
	Chart        *chart.Chart
	ChartTitle   string
	ChartDesc    string
	Rows         []MemberRow
	Milestones   []EventItem
	Refs         []Cite
	Sections     Sections
}

// MemberRow is one row of the membership table.
type MemberRow struct {
	Member  Link
	Periods []MemberPeriod
}

// MemberPeriod is one membership period in the table.
type MemberPeriod struct {
	Joined, Left   When
	How, Why, Note string
	Current        bool
	Sources        []Cite
}

// Sources is /sources/.
type Sources struct {
	Rows []SourceRow
}

// SourceRow is one row of the sources table.
type SourceRow struct {
	Num   int    // the source's number, as citations show it
	Short string // its short label, as badges show it
	Link
	Publisher string
	Language  string
	Published string
	Inferred  string
	CitedBy   int
}

// Source is /sources/<id>/.
type Source struct {
	SourceRow
	URL           string
	Body          template.HTML
	Refs          []Ref
	CitedBy       []EventItem
	Mentions      []Link
	Agreements    []Agreement
	Disagreements []Disagreement
	Sections      Sections
}

// An Agreement is another source reporting some of the same events.
type Agreement struct {
	Source Link
	Events []Link
}

// A Disagreement is a discrepancy this source takes part in.
type Disagreement struct {
	Discrepancy Link
	Claim       string
	Others      []ClaimView
}

// Entities is /entities/.
type Entities struct {
	Groups []EntityGroup
}

// EntityGroup is the entities of one kind.
type EntityGroup struct {
	Kind     string
	ID       string // its heading's id: the kind
	Entities []Link
}

// Heading is the group's heading, with the anchor that links to it.
func (g EntityGroup) Heading() Heading { return Heading{ID: g.ID, Text: g.Kind} }

// Entity is /entities/<slug>/.
type Entity struct {
	Name       string
	Kind       string
	Aliases    []string
	Body       template.HTML
	Refs       []Cite
	Events     []EventItem
	Sources    []Link
	Membership []MemberPeriod
	// MembershipTitle heads Membership: "Membership of the United Nations".
	MembershipTitle string
	Sections        Sections
}

// Discrepancies is /discrepancies/.
type Discrepancies struct {
	Items    []DiscrepancyView
	Sections Sections // a section per item, its heading's id ID+"-title"
}

// DiscrepancyView is one point on which sources differ.
type DiscrepancyView struct {
	ID     string
	Title  string
	Topic  string
	Body   template.HTML
	Claims []ClaimView
	Events []Link
	Refs   []Cite
}

// ClaimView is what one source says.
type ClaimView struct {
	Source Cite
	Claim  string
	Quote  string
	Lang   string
	// Unverified: the quote could not be checked, there being no copy of
	// the source's original.
	Unverified bool
}

// FreePage is a page from content/pages.
type FreePage struct {
	Body template.HTML
	Refs []Cite
	// Colophon is set on the about page (pages/about.md): the editors,
	// corrections and open data, below its text.
	Colophon *Colophon
	Sections Sections
}

// NotFound is 404.html.
type NotFound struct {
	Homes []Alternate // the home page of each language, named in that language
}

// A Heading is the heading of a section of a page, with the id that links
// to it.
type Heading struct {
	ID   string
	Text string
}

// Sections are the h2 sections of a long page, in order: its own and those
// of its Markdown body. The template lays out each heading (H), with its
// copy-link anchor, and, when TOC is set, lists them all as the page's
// "On this page" navigation: beside the text on a wide screen, above it on
// a phone.
type Sections struct {
	List []Heading
	TOC  bool
}

// H returns the heading of the section id, for the template; a section
// the list lacks is an error, so that no heading escapes the list.
func (s Sections) H(id string) (Heading, error) {
	for _, h := range s.List {
		if h.ID == id {
			return h, nil
		}
	}
	return Heading{}, fmt.Errorf("the page has no section %q", id)
}
