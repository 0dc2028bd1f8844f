package content

import (
	"cmp"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/dossier-dev/dossier/internal/suggest"
	"golang.org/x/text/unicode/norm"
)

// validate checks ids, references and data, after every file decoded.
func (l *loader) validate() {
	d := l.d
	l.validateConfig()

	d.source = index(l, d.Sources, func(s *Source) *File { return &s.File })
	d.entity = index(l, d.Entities, func(e *Entity) *File { return &e.File })
	d.event = index(l, d.Events, func(e *Event) *File { return &e.File })
	d.page = index(l, d.Pages, func(p *Page) *File { return &p.File })
	d.disc = index(l, d.Discrepancies, func(x *Discrepancy) *File { return &x.File })
	for _, p := range d.Pages {
		if slices.Contains(ReservedPages, p.ID) {
			l.errorf(p.Path, 0, 0, "the page name %q is taken by the site's own /%s/ page; rename the file", p.ID, p.ID)
		}
	}

	for _, s := range d.Sources {
		if !l.broken[s.Path] {
			l.validateSource(s)
		}
	}
	for _, e := range d.Entities {
		if l.broken[e.Path] {
			continue
		}
		if e.Kind != "" && !slices.Contains(EntityKinds, e.Kind) { // a missing kind is reported already
			l.errorf(e.Path, 0, 0, "unknown kind %q; use one of %s", e.Kind, strings.Join(EntityKinds, ", "))
		}
	}
	for _, e := range d.Events {
		if !l.broken[e.Path] {
			l.validateEvent(e)
		}
	}
	for _, x := range d.Discrepancies {
		if !l.broken[x.Path] {
			l.validateDiscrepancy(x)
		}
	}
	if d.Home != nil {
		for _, f := range d.Home.Figures {
			refs(l, d.Home.Path, f.Sources, "source", d.source)
		}
	}
	l.validateMembership()

	slices.SortStableFunc(d.Events, func(a, b *Event) int {
		return cmp.Or(a.Date.Start.Compare(b.Date.Start), a.Date.End.Compare(b.Date.End), strings.Compare(a.ID, b.ID))
	})
	slices.SortStableFunc(d.Pages, func(a, b *Page) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.ID, b.ID))
	})
}

// index maps ids to values. Files in one directory cannot share a name, so
// duplicates arise only from names that differ in case on some systems.
func index[T any](l *loader, xs []*T, file func(*T) *File) map[string]*T {
	m := make(map[string]*T, len(xs))
	for _, x := range xs {
		f := file(x)
		if prev, ok := m[f.ID]; ok {
			l.errorf(f.Path, 0, 0, "duplicate id %q, also used by %s", f.ID, file(prev).Path)
			continue
		}
		m[f.ID] = x
	}
	slices.SortFunc(xs, func(a, b *T) int { return strings.Compare(file(a).ID, file(b).ID) })
	return m
}

// refs reports every reference in rs to an id missing from m.
func refs[T any](l *loader, p string, rs []Ref, kind string, m map[string]*T) {
	for _, r := range rs {
		ref(l, p, r, kind, m)
	}
}

func ref[T any](l *loader, p string, r Ref, kind string, m map[string]*T) bool {
	if _, ok := m[r.ID]; !ok {
		l.errorf(p, r.Line, r.Col, "unknown %s %q; %s", kind, r.ID, hint(r.ID, kind, keys(m)))
		return false
	}
	return true
}

func keys[T any](m map[string]*T) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// hint proposes the closest known id, or says where ids come from.
func hint(id, kind string, known []string) string {
	if best := suggest.Closest(id, known, len(id)/2+1); best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	dir := map[string]string{"source": "sources", "entity": "entities", "event": "events", "country": "entities"}[kind]
	return fmt.Sprintf("add content/%s/%s.md or use an existing id", dir, id)
}

func (l *loader) validateConfig() {
	c := &l.d.Config
	const p = Dir + "/site.yaml"
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || !u.IsAbs() || u.Host == "" {
			l.errorf(p, 0, 0, "base_url %q is not an absolute URL such as https://owner.github.io/repo/", c.BaseURL)
		}
	}
	seen := map[string]bool{}
	for _, lang := range c.Languages {
		if len(lang) != 2 || strings.ToLower(lang) != lang {
			l.errorf(p, 0, 0, "language %q: use a two-letter ISO 639-1 code such as en or vi", lang)
		}
		if seen[lang] {
			l.errorf(p, 0, 0, "language %q is listed twice", lang)
		}
		seen[lang] = true
	}
	if !c.Period.Start.IsZero() && !c.Period.End.IsZero() && c.Period.End.Compare(c.Period.Start) < 0 {
		l.errorf(p, c.Period.Line, c.Period.Col, "period ends before it starts")
	}
}

func (l *loader) validateSource(s *Source) {
	if len(s.Language) != 2 {
		l.errorf(s.Path, 0, 0, "language %q: use a two-letter ISO 639-1 code such as en or vi", s.Language)
	}
	pr := s.Published
	if !slices.Contains([]string{"day", "month", "approximate"}, pr.Precision) {
		l.errorf(s.Path, pr.Line, pr.Col, "published precision %q: use day, month or approximate", pr.Precision)
	}
	if pr.Precision == "day" && pr.Date.Precision != Day || pr.Precision == "month" && pr.Date.Precision < Month {
		l.errorf(s.Path, pr.Line, pr.Col, "published date %s is less precise than precision %q", pr.Date, pr.Precision)
	}
	if s.URL != "" {
		if u, err := url.Parse(s.URL); err != nil || !u.IsAbs() {
			l.errorf(s.Path, 0, 0, "url %q is not an absolute URL", s.URL)
		}
	}
	refs(l, s.Path, s.Mentions, "entity", l.d.entity)
	orig := path.Join(Dir, s.Original)
	if s.Original == "" {
		return
	}
	if !fs.ValidPath(orig) || !strings.HasPrefix(orig, Dir+"/") {
		l.errorf(s.Path, 0, 0, "original %q must be a path inside content/, such as originals/x.txt", s.Original)
		return
	}
	b, err := fs.ReadFile(l.fsys, orig)
	if err != nil {
		l.errorf(s.Path, 0, 0, "original %q cannot be read: %v; keep the original text at %s", s.Original, err, orig)
		return
	}
	s.OriginalText = string(normalizeNewlines(b))
}

func (l *loader) validateEvent(e *Event) {
	d := l.d
	refs(l, e.Path, e.Places, "entity", d.entity)
	refs(l, e.Path, e.Actors, "entity", d.entity)
	refs(l, e.Path, e.Sources, "source", d.source)
	if len(e.Sources) == 0 {
		l.errorf(e.Path, 0, 0, "sources is empty: every event cites at least one source")
	}
	for _, q := range e.Quotes {
		if q.By != nil {
			ref(l, e.Path, *q.By, "entity", d.entity)
		}
		if !ref(l, e.Path, q.Source, "source", d.source) {
			continue
		}
		if !slices.ContainsFunc(e.Sources, func(r Ref) bool { return r.ID == q.Source.ID }) {
			l.errorf(e.Path, q.Source.Line, q.Source.Col, "quote from %q, which is not in this event's sources; add it there", q.Source.ID)
		}
		l.checkQuote(e.Path, q.Pos, q.Source.ID, q.Text)
	}
	if end := d.Config.Period.End; !end.IsZero() && e.Date.Start.First().After(end.Last()) {
		l.errorf(e.Path, 0, 0, "date %s is after the period of the dossier, which ends %s (site.yaml)", e.Date, end)
	}
}

func (l *loader) checkQuote(p string, pos Pos, source, text string) {
	s := l.d.source[source]
	if s == nil || s.OriginalText == "" {
		return
	}
	if !ContainsQuote(s.OriginalText, text) {
		l.errorf(p, pos.Line, pos.Col, "quote not found in the original of %q (%s): copy it verbatim from there", source, path.Join(Dir, s.Original))
	}
}

// ContainsQuote reports whether quote occurs in text, ignoring differences
// of white space, quotation-mark style and Unicode normalisation.
func ContainsQuote(text, quote string) bool {
	q := normalizeQuote(quote)
	return q != "" && strings.Contains(normalizeQuote(text), q)
}

func normalizeQuote(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case '“', '”', '„', '‟', '«', '»', '"', '″':
			r = '"'
		case '‘', '’', '‚', '‛', '\'', '′':
			r = '\''
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func (l *loader) validateDiscrepancy(x *Discrepancy) {
	if !slices.Contains(Topics, x.Topic) {
		l.errorf(x.Path, 0, 0, "unknown topic %q; use one of %s", x.Topic, strings.Join(Topics, ", "))
	}
	refs(l, x.Path, x.Events, "event", l.d.event)
	if len(x.Claims) < 2 {
		l.errorf(x.Path, 0, 0, "a discrepancy needs at least two claims, from different sources")
	}
	for _, c := range x.Claims {
		if ref(l, x.Path, c.Source, "source", l.d.source) && c.Quote != "" {
			l.checkQuote(x.Path, c.Pos, c.Source.ID, c.Quote)
		}
	}
}

func (l *loader) validateMembership() {
	const p = Dir + "/membership.yaml"
	seen := map[string]bool{}
	for _, c := range l.d.Membership.Countries {
		if ref(l, p, c.Country, "country", l.d.entity) && !slices.Contains([]string{"country", ""}, l.d.entity[c.Country.ID].Kind) {
			l.errorf(p, c.Country.Line, c.Country.Col, "%q is a %s, not a country", c.Country.ID, l.d.entity[c.Country.ID].Kind)
		}
		if seen[c.Country.ID] {
			l.errorf(p, c.Line, c.Col, "%q is listed twice; put all its periods under one entry", c.Country.ID)
		}
		seen[c.Country.ID] = true
		if len(c.Periods) == 0 {
			l.errorf(p, c.Line, c.Col, "%q has no membership periods", c.Country.ID)
		}
		for i, m := range c.Periods {
			refs(l, p, m.Sources, "source", l.d.source)
			if !slices.Contains(JoinWays, m.How) {
				l.errorf(p, m.Line, m.Col, "how %q: use one of %s", m.How, strings.Join(JoinWays, ", "))
			}
			switch {
			case m.Left.IsZero() && m.Why != "":
				l.errorf(p, m.Line, m.Col, "why %q is given but left is not; add the date the country left", m.Why)
			case !m.Left.IsZero() && m.Why == "":
				l.errorf(p, m.Line, m.Col, "left is given but why is not; add why: one of %s", strings.Join(LeaveWays, ", "))
			case !m.Left.IsZero() && !slices.Contains(LeaveWays, m.Why):
				l.errorf(p, m.Line, m.Col, "why %q: use one of %s", m.Why, strings.Join(LeaveWays, ", "))
			}
			if !m.Left.IsZero() && m.Left.Compare(m.Joined) < 0 {
				l.errorf(p, m.Line, m.Col, "left %s is before joined %s", m.Left, m.Joined)
			}
			if i > 0 {
				prev := c.Periods[i-1]
				if prev.Left.IsZero() || m.Joined.Compare(prev.Left) < 0 {
					l.errorf(p, m.Line, m.Col, "period from %s overlaps the period before it (%s–%s); periods must be in order and not overlap", m.Joined, prev.Joined, orNow(prev.Left))
				}
			}
		}
	}
	slices.SortStableFunc(l.d.Membership.Countries, func(a, b CountryMembership) int {
		// by id; the membership page orders by date itself
		return strings.Compare(a.Country.ID, b.Country.ID)
	})
}

func orNow(d Date) string {
	if d.IsZero() {
		return "now"
	}
	return d.String()
}
