// Package opendata writes the dossier as data, under data/, for
// journalists and researchers who want to count, chart or republish it
// rather than read it:
//
//   - events.json and events.csv: every event, with its dates and their
//     precision, the inferred note, sources, entities, tags, quotes and the
//     URL of its page;
//   - sources.json, entities.json and, when the site has membership.yaml,
//     membership.json;
//   - timeline.json, in TimelineJS3's JSON format, so that a newsroom can
//     embed the timeline in its own pages;
//   - a JSON Schema (draft 2020-12) beside each JSON file but the timeline,
//     <name>.schema.json, that documents every field.
//
// The data is the dossier as written, in its first language: a translation
// may reword a title but not a date, a source or a quote, and one file per
// language would repeat everything else. The translated titles and names
// are given beside the original ("titles", "names"), by language, for the
// files that are translated and current. Text fields are plain text, the
// citation markers taken out; which sources support an event is its
// "sources" list. Every file carries the site's licence and citation text
// (site.yaml's license: and cite_as:), when it sets them.
//
// Output is deterministic: files, keys and lists are in a fixed order and
// nothing depends on the time of the build.
package opendata

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
)

// Dir is the directory of the data files in the site.
const Dir = "data/"

//go:embed schema/*.schema.json
var schemas embed.FS

// Meta is what every data file says of itself and of the dossier.
type Meta struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	URL         string   `json:"url"`      // the site's home page
	Language    string   `json:"language"` // of the text fields
	License     *License `json:"license,omitempty"`
	CiteAs      string   `json:"cite_as,omitempty"`
	Schema      string   `json:"$schema,omitempty"` // the file's schema, relative to it
}

// License is site.yaml's license:.
type License struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Date is a date as the dossier knows it: Value is ISO 8601 to its
// precision (2022, 2022-01, 2022-01-05 or 2022-01-05T23:40+06:00) and
// Precision says which ("year", "month", "day" or "minute").
type Date struct {
	Value     string `json:"value"`
	Precision string `json:"precision"`
}

// Events is events.json.
type Events struct {
	Meta
	Events []Event `json:"events"`
}

// An Event is one event.
type Event struct {
	ID       string            `json:"id"`
	URL      string            `json:"url"`
	Title    string            `json:"title"`
	Titles   map[string]string `json:"titles,omitempty"` // translated titles, by language
	Start    Date              `json:"start"`
	End      *Date             `json:"end,omitempty"`
	Inferred string            `json:"inferred,omitempty"` // how the date was inferred
	Summary  string            `json:"summary"`            // the first paragraph, plain text
	Text     string            `json:"text"`               // the whole body, plain text
	Sources  []string          `json:"sources"`
	Places   []string          `json:"places"`
	Actors   []string          `json:"actors"`
	Mentions []string          `json:"mentions"` // entities the text links to
	Tags     []string          `json:"tags"`
	Quotes   []Quote           `json:"quotes"`
}

// A Quote is verbatim text from a source.
type Quote struct {
	Source string `json:"source"`
	Text   string `json:"text"`
	By     string `json:"by,omitempty"` // the entity quoted
}

// Sources is sources.json.
type Sources struct {
	Meta
	Sources []Source `json:"sources"`
}

// A Source is one source text.
type Source struct {
	ID        string            `json:"id"`
	URL       string            `json:"url"` // its page on the site
	Title     string            `json:"title"`
	Titles    map[string]string `json:"titles,omitempty"`
	Short     string            `json:"short,omitempty"`
	Publisher string            `json:"publisher"`
	Language  string            `json:"language"`
	Published Date              `json:"published"`
	// PublishedPrecision is how well the date of publication is known:
	// day, month or approximate, as the dossier's editors judged it.
	PublishedPrecision string   `json:"published_precision"`
	Inferred           string   `json:"inferred,omitempty"`
	Link               string   `json:"link,omitempty"` // where the text was published
	Mentions           []string `json:"mentions"`
	Summary            string   `json:"summary"`
}

// Entities is entities.json.
type Entities struct {
	Meta
	Entities []Entity `json:"entities"`
}

// An Entity is a person, organisation, place or other thing named.
type Entity struct {
	ID      string            `json:"id"`
	URL     string            `json:"url"`
	Name    string            `json:"name"`
	Names   map[string]string `json:"names,omitempty"`
	Kind    string            `json:"kind"`
	Short   string            `json:"short,omitempty"`
	Aliases []string          `json:"aliases"`
	Summary string            `json:"summary"`
}

// MembershipData is membership.json.
type MembershipData struct {
	Meta
	Organization string   `json:"organization"`
	Members      []Member `json:"members"`
}

// A Member is one member's periods of membership.
type Member struct {
	Member  string   `json:"member"`
	Periods []Period `json:"periods"`
}

// A Period is one period of membership; Left is nil while it lasts.
type Period struct {
	Joined  Date     `json:"joined"`
	How     string   `json:"how"`
	Left    *Date    `json:"left,omitempty"`
	Why     string   `json:"why,omitempty"`
	Sources []string `json:"sources"`
	Note    string   `json:"note,omitempty"`
}

// Files returns the data files of the dossier d, by site path. base is the
// site's absolute base URL, ending in "/"; locs holds the dossier as each
// other language sees it (content.Dossier.Localize), for translated titles;
// bodies holds every body of d converted, by file path: site.Site.Bodies,
// which the build has already.
func Files(d *content.Dossier, locs map[string]*content.Dossier, base string, bodies map[string]*markdown.Doc) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := Write(d, locs, base, bodies, func(name string, write func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		files[name] = buf.Bytes()
		return nil
	})
	return files, err
}

// Write hands the files Files returns to add, one by one, each with the
// function that writes it, which add may call more than once: the same
// bytes each time. No file is held whole: events.json alone is tens of
// megabytes for 10,000 events, which the output can take in two passes
// (one for its hash, one to write it) without holding it. The error is
// add's first, or the making's.
func Write(d *content.Dossier, locs map[string]*content.Dossier, base string, bodies map[string]*markdown.Doc, add func(name string, write func(io.Writer) error) error) error {
	g := gen{d: d, locs: locs, base: base, bodies: bodies}
	evs, err := g.events()
	if err != nil {
		return err
	}
	srcs, err := g.sources()
	if err != nil {
		return err
	}
	ents, err := g.entities()
	if err != nil {
		return err
	}
	bytesOf := func(b []byte) func(io.Writer) error {
		return func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		}
	}
	schema := func(name string) error {
		s := strings.TrimSuffix(name, ".json") + ".schema.json"
		if b, err := schemas.ReadFile("schema/" + s); err == nil {
			return add(Dir+s, bytesOf(b))
		}
		return nil
	}
	tl := g.timeline(evs)
	parts := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"events.json", func(w io.Writer) error {
			return writeList(w, Events{Meta: evs.Meta, Events: []Event{}}, "events", evs.Events)
		}},
		{"sources.json", func(w io.Writer) error {
			return writeList(w, Sources{Meta: g.meta("sources"), Sources: []Source{}}, "sources", srcs)
		}},
		{"entities.json", func(w io.Writer) error {
			return writeList(w, Entities{Meta: g.meta("entities"), Entities: []Entity{}}, "entities", ents)
		}},
		{"timeline.json", func(w io.Writer) error {
			head := tl
			head.Events = []TLSlide{}
			return writeList(w, head, "events", tl.Events)
		}},
	}
	if d.Membership != nil {
		m := g.membership()
		parts = append(parts, struct {
			name  string
			write func(io.Writer) error
		}{"membership.json", func(w io.Writer) error {
			b, err := encode(m)
			if err == nil {
				_, err = w.Write(b)
			}
			return err
		}})
	}
	for _, p := range parts {
		if err := add(Dir+p.name, p.write); err != nil {
			return fmt.Errorf("opendata: %s: %w", p.name, err)
		}
		if err := schema(p.name); err != nil {
			return err
		}
	}
	return add(Dir+"events.csv", func(w io.Writer) error { return writeCSV(w, evs.Events) })
}

type gen struct {
	d      *content.Dossier
	locs   map[string]*content.Dossier
	base   string
	bodies map[string]*markdown.Doc
}

func (g *gen) meta(name string) Meta {
	m := Meta{
		Title: g.d.Config.Title, Description: g.d.Config.Description,
		URL: g.base, Language: g.d.Config.Languages[0], CiteAs: g.d.Config.CiteAs,
		Schema: name + ".schema.json",
	}
	if l := g.d.Config.License; l != nil {
		m.License = &License{Name: l.Name, URL: l.URL}
	}
	return m
}

// doc returns the converted body of f.
func (g *gen) doc(f *content.File) (*markdown.Doc, error) {
	doc := g.bodies[f.Path]
	if doc == nil {
		return nil, fmt.Errorf("opendata: %s: no converted body", f.Path)
	}
	return doc, nil
}

// translated returns, by language, the text the current translations of a
// file give in place of orig; pick reads it from the localized dossier.
func (g *gen) translated(orig string, pick func(loc *content.Dossier) (string, *content.File)) map[string]string {
	var out map[string]string
	for _, lang := range slices.Sorted(maps.Keys(g.locs)) {
		loc := g.locs[lang]
		if loc == nil {
			continue
		}
		text, f := pick(loc)
		if f == nil || f.Status.State != content.Translated || text == "" || text == orig {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[lang] = text
	}
	return out
}

func (g *gen) events() (Events, error) {
	out := Events{Meta: g.meta("events"), Events: []Event{}}
	for _, e := range g.d.Events {
		doc, err := g.doc(&e.File)
		if err != nil {
			return out, err
		}
		v := Event{
			ID: e.ID, URL: g.base + "events/" + e.ID + "/", Title: e.Title,
			Start: date(e.Date.Start), Inferred: e.Inferred,
			Summary: doc.SummaryText, Text: doc.Text,
			Sources: ids(e.Sources), Places: ids(e.Places), Actors: ids(e.Actors),
			Mentions: mentions(doc), Tags: append([]string{}, e.Tags...), Quotes: []Quote{},
		}
		v.Titles = g.translated(e.Title, func(loc *content.Dossier) (string, *content.File) {
			if le := loc.Event(e.ID); le != nil {
				return le.Title, &le.File
			}
			return "", nil
		})
		if e.Date.IsRange() {
			end := date(e.Date.End)
			v.End = &end
		}
		for _, q := range e.Quotes {
			qv := Quote{Source: q.Source.ID, Text: q.Text}
			if q.By != nil {
				qv.By = q.By.ID
			}
			v.Quotes = append(v.Quotes, qv)
		}
		out.Events = append(out.Events, v)
	}
	return out, nil
}

func (g *gen) sources() ([]Source, error) {
	out := []Source{}
	for _, s := range g.d.Sources {
		doc, err := g.doc(&s.File)
		if err != nil {
			return nil, err
		}
		v := Source{
			ID: s.ID, URL: g.base + "sources/" + s.ID + "/", Title: s.Title, Short: s.Short,
			Publisher: s.Publisher, Language: s.Language, Published: date(s.Published.Date),
			Inferred: s.Published.Inferred, Link: s.URL, Mentions: ids(s.Mentions),
		}
		v.PublishedPrecision = s.Published.Precision
		v.Summary = doc.SummaryText
		v.Titles = g.translated(s.Title, func(loc *content.Dossier) (string, *content.File) {
			if ls := loc.Source(s.ID); ls != nil {
				return ls.Title, &ls.File
			}
			return "", nil
		})
		out = append(out, v)
	}
	return out, nil
}

func (g *gen) entities() ([]Entity, error) {
	out := []Entity{}
	for _, e := range g.d.Entities {
		doc, err := g.doc(&e.File)
		if err != nil {
			return nil, err
		}
		v := Entity{
			ID: e.ID, URL: g.base + "entities/" + e.ID + "/", Name: e.Name, Kind: e.Kind.Value,
			Short: e.Short, Aliases: append([]string{}, e.Aliases...),
		}
		v.Summary = doc.SummaryText
		v.Names = g.translated(e.Name, func(loc *content.Dossier) (string, *content.File) {
			if le := loc.Entity(e.ID); le != nil {
				return le.Name, &le.File
			}
			return "", nil
		})
		out = append(out, v)
	}
	return out, nil
}

func (g *gen) membership() MembershipData {
	m := g.d.Membership
	out := MembershipData{Meta: g.meta("membership"), Organization: m.Organization.ID, Members: []Member{}}
	for _, h := range m.Members {
		mv := Member{Member: h.Member.ID, Periods: []Period{}}
		for _, p := range h.Periods {
			pv := Period{Joined: date(p.Joined), How: p.How.Value, Why: p.Why.Value, Sources: ids(p.Sources), Note: p.Note}
			if !p.Left.IsZero() {
				left := date(p.Left)
				pv.Left = &left
			}
			mv.Periods = append(mv.Periods, pv)
		}
		out.Members = append(out.Members, mv)
	}
	return out
}

var precisions = map[content.Precision]string{content.Year: "year", content.Month: "month", content.Day: "day", content.Minute: "minute"}

func date(d content.Date) Date { return Date{Value: d.String(), Precision: precisions[d.Precision]} }

func ids(refs []content.Ref) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

// mentions are the entities a body links to, in order, once each.
func mentions(doc *markdown.Doc) []string {
	out := []string{}
	for _, t := range doc.Links {
		if t.Kind == "entities" && !slices.Contains(out, t.ID) {
			out = append(out, t.ID)
		}
	}
	return out
}

// encode writes v as indented JSON, without escaping <, > and &: the files
// are data, not HTML.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeList writes encode(v) to w, where v holds empty the list that its
// top-level field key holds in full in items: the list is written one
// element at a time, as encode would indent it, so that the file is never
// held whole (encode holds it three times over while it works: marshalled,
// indented, written).
func writeList[T any](w io.Writer, v any, key string, items []T) error {
	head, err := encode(v)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		_, err := w.Write(head)
		return err
	}
	// A newline in a string is written \n, so the key at the first
	// level of indentation is the field, wherever it stands.
	field := []byte("\n  " + strconv.Quote(key) + ": []")
	i := bytes.Index(head, field)
	if i < 0 {
		return fmt.Errorf("opendata: no list %q to write", key)
	}
	at := i + len(field) - 1 // the list's ]
	if _, err := w.Write(head[:at]); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ") // the elements are two levels deep
	for i, x := range items {
		buf.Reset()
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n    ")
		if err := enc.Encode(x); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // the newline Encode ends with
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, "\n  "); err != nil {
		return err
	}
	_, err = w.Write(head[at:])
	return err
}

// CSVHeader names the columns of events.csv.
var CSVHeader = []string{"id", "url", "title", "start", "start_precision", "end", "end_precision", "inferred", "summary", "sources", "places", "actors", "tags"}

// writeCSV writes events.csv to out: one row per event, lists of ids
// joined by ";" (ids never contain one). Quotes and the full text are in
// events.json.
func writeCSV(out io.Writer, events []Event) error {
	w := csv.NewWriter(out)
	w.Write(CSVHeader)
	for _, e := range events {
		var end Date
		if e.End != nil {
			end = *e.End
		}
		w.Write([]string{
			e.ID, e.URL, e.Title, e.Start.Value, e.Start.Precision, end.Value, end.Precision, e.Inferred, e.Summary,
			strings.Join(e.Sources, ";"), strings.Join(e.Places, ";"), strings.Join(e.Actors, ";"), strings.Join(e.Tags, ";"),
		})
	}
	w.Flush()
	return w.Error()
}
