package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/dossier-dev/dossier/internal/i18n"
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
		if why := l.reserved(p.ID); why != "" {
			l.errorf(p.Path, 1, 1, "the page name %q is taken by %s, and one would overwrite the other; rename the file", p.ID, why)
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
		if kinds := d.Config.Kinds(); e.Kind.Value != "" && !slices.Contains(kinds, e.Kind.Value) { // a missing kind is reported already
			l.errorf(e.Path, e.Kind.Line, e.Kind.Col, "unknown kind %q; use %s, or add it to entity_kinds in site.yaml", e.Kind.Value, oneOf(kinds))
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
			if f.Disputed != nil {
				ref(l, d.Home.Path, *f.Disputed, "discrepancy", d.disc)
			}
		}
	}
	l.validateMembership()

	l.sortEvents()
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
	draft := l.drafts[kindDirs[kind]+"/"+r.ID]
	if _, ok := m[r.ID]; !ok {
		if draft != "" {
			l.errorf(p, r.Line, r.Col, "%s %q is a draft (%s), left out of the site; publish it by removing draft: true, or remove this reference", kind, r.ID, draft)
			return false
		}
		l.errorf(p, r.Line, r.Col, "unknown %s %q; %s", kind, r.ID, hint(r.ID, kind, keys(m)))
		return false
	}
	if draft != "" && !l.isDraft(p) {
		l.warnf(p, r.Line, r.Col, "%s %q is a draft (%s): dossier build will refuse this reference until it is published", kind, r.ID, draft)
	}
	return true
}

// kindDirs names the directory of each kind of reference.
var kindDirs = map[string]string{"source": "sources", "entity": "entities", "event": "events", "country": "entities", "discrepancy": "discrepancies"}

// isDraft reports whether the file at p is a draft.
func (l *loader) isDraft(p string) bool {
	for _, d := range l.drafts {
		if d == p {
			return true
		}
	}
	return false
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
	return fmt.Sprintf("add content/%s/%s.md or use an existing id", kindDirs[kind], id)
}

// Sections are the pages the site makes of its content, in the default
// order of the main menu.
var sections = []string{"timeline", "membership", "sources", "entities", "discrepancies"}

// Sections returns the ids of the sections a menu may name.
func Sections() []string { return slices.Clone(sections) }

// reserved says what already uses the path /id/, or "" if nothing does.
func (l *loader) reserved(id string) string {
	switch {
	case slices.Contains(sections, id):
		return fmt.Sprintf("the site's own /%s/ page", id)
	case id == "search":
		return "the site's own /search/ page"
	case id == "events" || id == "css":
		return fmt.Sprintf("the site's own /%s/ directory", id)
	}
	for i, lang := range l.d.Config.Languages {
		if i > 0 && strings.ToLower(lang) == id {
			return fmt.Sprintf("the home page of the language %q", lang)
		}
	}
	if fi, err := fs.Stat(l.fsys, path.Join("static", id)); err == nil && fi.IsDir() {
		return fmt.Sprintf("the directory static/%s", id)
	}
	return ""
}

// httpURL reports whether s is an absolute http or https URL.
func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// CorrectionsHref is where the link of corrections: points: mailto: and
// the address, or the URL; "" when unset or neither.
func (c *Config) CorrectionsHref() string {
	v := c.Corrections.Value
	if httpURL(v) {
		return v
	}
	if a, err := mail.ParseAddress(v); err == nil && a.Name == "" && a.Address == v && !strings.ContainsAny(v, " <>") {
		return "mailto:" + v
	}
	return ""
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
	if lic := c.License; lic != nil && lic.URL != "" {
		if u, err := url.Parse(lic.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			l.errorf(p, lic.Line, lic.Col, "license: url %q is not an http(s) URL such as https://creativecommons.org/licenses/by/4.0/", lic.URL)
		}
	}
	for _, e := range c.Editors {
		if e.URL != "" && !httpURL(e.URL) {
			l.errorf(p, e.Line, e.Col, "editors: url %q of %s is not an http(s) URL such as https://example.org/about/", e.URL, e.Name)
		}
	}
	if w := c.Corrections; w.Value != "" && c.CorrectionsHref() == "" {
		l.errorf(p, w.Line, w.Col, "corrections: %q is neither an email address (editors@example.org) nor an http(s) URL (https://example.org/corrections/); write one of them", w.Value)
	}
	if w := c.CardFont; w.Value != "" {
		if fi, err := fs.Stat(l.fsys, w.Value); err != nil || !fi.Mode().IsRegular() || !fs.ValidPath(w.Value) {
			l.errorf(p, w.Line, w.Col, "card_font: no font file %q in the site's directory; give the path of a .ttf or .otf file from the directory that holds content/, such as fonts/NotoSansHebrew-Regular.ttf", w.Value)
		}
	}
	seen := map[string]bool{} // lower case: the tags name directories
	for _, w := range c.LangTags {
		if _, err := i18n.ParseTag(w.Value); err != nil {
			l.errorf(p, w.Line, w.Col, "languages: %v", err)
		} else if seen[strings.ToLower(w.Value)] {
			l.errorf(p, w.Line, w.Col, "languages: %q is listed twice; remove one", w.Value)
		}
		seen[strings.ToLower(w.Value)] = true
	}
	if !c.Period.Start.IsZero() && !c.Period.End.IsZero() && c.Period.End.Compare(c.Period.Start) < 0 {
		l.errorf(p, c.Period.Line, c.Period.Col, "period ends before it starts")
	}
	for _, list := range c.Vocabulary.lists() {
		ids := map[string]bool{}
		for _, t := range list.terms {
			switch {
			case ids[t.ID]:
				l.errorf(p, t.Line, t.Col, "%s: %q is listed twice", list.key, t.ID)
			case t.Label == "" && list.key != "tags" && !IsDefaultTerm(list.key, t.ID):
				l.errorf(p, t.Line, t.Col, "%s: %q needs a label, the text readers see; the built-in terms, which need none, are %s", list.key, t.ID, oneOf(DefaultTerms(list.key)))
			case list.key == "entity_kinds" && t.Plural == "" && !IsDefaultTerm(list.key, t.ID):
				l.errorf(p, t.Line, t.Col, "%s: %q needs a plural, the heading of its group on the entities page", list.key, t.ID)
			case list.key != "entity_kinds" && t.Plural != "":
				l.errorf(p, t.Line, t.Col, "%s: only entity kinds have a plural; remove it", list.key)
			}
			ids[t.ID] = true
		}
	}
	inMenu := map[string]bool{}
	for _, m := range c.Menu {
		if !slices.Contains(sections, m.Section) {
			l.errorf(p, m.Line, m.Col, "menu: unknown section %q; use %s", m.Section, oneOf(sections))
		}
		if inMenu[m.Section] {
			l.errorf(p, m.Line, m.Col, "menu: %q is listed twice", m.Section)
		}
		inMenu[m.Section] = true
	}
}

func (l *loader) validateSource(s *Source) {
	l.checkSource(s)
	l.readSourceOriginal(s)
}

// checkSource checks what a source's front matter says, but its
// original.
func (l *loader) checkSource(s *Source) {
	if w := s.LangTag; w.Value != "" { // a missing language is reported already
		if _, err := i18n.ParseTag(w.Value); err != nil {
			l.errorf(s.Path, w.Line, w.Col, "language: %v", err)
		}
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
}

// readSourceOriginal reads the original of a source, if it names one.
func (l *loader) readSourceOriginal(s *Source) {
	if s.Original.Value == "" {
		return // quotes from it are shown as unverified
	}
	orig := path.Join(Dir, s.Original.Value)
	if !fs.ValidPath(orig) || !strings.HasPrefix(orig, Dir+"/") {
		l.errorf(s.Path, s.Original.Line, s.Original.Col, "original %q must be a path inside content/, such as originals/x.txt", s.Original.Value)
		return
	}
	o, err := l.readOriginal(orig)
	re, isRead := isReadError(err)
	// A new source is a draft until its text is there: in the preview,
	// a missing or empty original is then a warning.
	report := l.errorf
	if s.Draft {
		report = l.warnf
	}
	switch {
	case isRead:
		l.errorf(orig, re.line, re.col, "%s", re.msg)
	case errors.Is(err, fs.ErrNotExist):
		report(s.Path, s.Original.Line, s.Original.Col, "original %q does not exist: keep a copy of the source's text at %s, or remove the original: key if there is none (its quotes are then marked unverified)", s.Original.Value, orig)
	case err != nil:
		l.errorf(s.Path, s.Original.Line, s.Original.Col, "original %q cannot be read (%v); keep a readable copy of the source's text at %s", s.Original.Value, errors.Unwrap(err), orig)
	case o.blank:
		report(s.Path, s.Original.Line, s.Original.Col, "original %q is empty, so no quote could be checked against it; paste the source's text into %s, or remove the original: key if there is no copy (its quotes are then marked unverified)", s.Original.Value, orig)
	default:
		s.OriginalText = o.text
		l.originals[s] = o
		return
	}
	l.noOriginal[s.ID] = true
}

// An original is the text of a source's original, and that text as
// quotes are looked for in it (normalizeQuote), made when first needed:
// a Cache keeps both for the next load.
type original struct {
	text  string
	blank bool // only white space

	once sync.Once
	norm string

	mu     sync.Mutex
	quotes map[string]bool // whether each quote looked for is in it
}

func (o *original) normalized() string {
	o.once.Do(func() { o.norm = normalizeQuote(o.text) })
	return o.norm
}

// readOriginal reads the original at name: as the last load read it,
// when its bytes are the same.
func (l *loader) readOriginal(name string) (*original, error) {
	raw, err := readRaw(l.fsys, name, MaxOriginalSize, nil)
	if err != nil {
		return nil, err
	}
	key := memoKey{name, "original"}
	if o, ok := l.opts.Cache.get(key, raw).(*original); ok {
		return o, nil
	}
	b, err := checkText(raw)
	if err != nil {
		return nil, err
	}
	o := &original{text: string(b), blank: len(bytes.TrimSpace(b)) == 0}
	l.opts.Cache.put(key, raw, o)
	return o, nil
}

func (l *loader) validateEvent(e *Event) {
	d := l.d
	l.placeEvent(e)
	refs(l, e.Path, e.Places, "entity", d.entity)
	refs(l, e.Path, e.Actors, "entity", d.entity)
	refs(l, e.Path, e.Sources, "source", d.source)
	if len(e.Sources) == 0 {
		report := l.errorf
		if e.Draft {
			report = l.warnf // a new event is a draft until its sources are known
		}
		report(e.Path, 0, 0, "sources is empty: every event cites at least one source")
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

// placeEvent writes the times of an event in the site's zone, which is
// how pages show them and how events are ordered. A time written without
// a zone is taken to be in the site's zone; if site.yaml names none, it is
// an error.
func (l *loader) placeEvent(e *Event) {
	loc := l.d.Config.Timezone.Loc
	if loc == nil {
		for _, x := range []Date{e.Date.Start, e.Date.End} {
			if x.Floating {
				l.errorf(e.Path, e.Date.Line, e.Date.Col, "date %s has a time but no time zone: add Z for UTC or the zone's offset from UTC, as in %s+01:00; or set timezone: in site.yaml, such as timezone: Europe/Paris, to read times in that zone", x, x)
				return
			}
		}
		return
	}
	e.Date = e.Date.In(loc)
	if e.Date.IsRange() {
		if err := e.Date.check(); err != nil {
			l.errorf(e.Path, e.Date.Line, e.Date.Col, "bad range %q: %v", e.Date, err)
		}
	}
}

// sortEvents puts the events in order (compareEvents). A load with a
// Cache first tries the order of the load before, which a save rarely
// changes: the events placed by their rank in it are taken if they are
// in order, which takes one pass over them rather than a sort. Since the
// order is total (ids differ), the events in order are the sort's result.
func (l *loader) sortEvents() {
	d := l.d
	if rank := l.opts.Cache.eventRanks(); len(rank) == len(d.Events) {
		placed := make([]*Event, len(d.Events))
		ok := true
		for _, e := range d.Events {
			i, found := rank[e.ID]
			if !found || placed[i] != nil {
				ok = false
				break
			}
			placed[i] = e
		}
		for i := 1; ok && i < len(placed); i++ {
			ok = compareEvents(placed[i-1], placed[i]) < 0
		}
		if ok {
			copy(d.Events, placed)
			return
		}
	}
	slices.SortStableFunc(d.Events, compareEvents)
	if l.opts.Cache != nil {
		rank := make(map[string]int, len(d.Events))
		for i, e := range d.Events {
			rank[e.ID] = i
		}
		l.opts.Cache.setEventRanks(rank)
	}
}

// compareEvents orders events by day; on one day by order, then those
// without a time before those with one, then by time; then by end and id.
func compareEvents(a, b *Event) int {
	return cmp.Or(
		a.Date.Start.DateOnly().Compare(b.Date.Start.DateOnly()),
		cmp.Compare(a.Order, b.Order),
		a.Date.Start.Compare(b.Date.Start),
		a.Date.End.Compare(b.Date.End),
		strings.Compare(a.ID, b.ID),
	)
}

func (l *loader) checkQuote(p string, pos Pos, source, text string) {
	s := l.d.source[source]
	if s == nil || s.Original.Value == "" || l.noOriginal[source] {
		return // no copy of the original: unverified, or reported already
	}
	if !l.quoted(s, text) {
		l.errorf(p, pos.Line, pos.Col, "quote not found in the original of %q (%s): copy it verbatim from there", source, path.Join(Dir, s.Original.Value))
	}
}

// quoted reports whether text is a quote of the original of s. An
// original a Cache keeps remembers the quotes looked for in it.
func (l *loader) quoted(s *Source, text string) bool {
	o := l.originals[s]
	if o == nil {
		q := normalizeQuote(text)
		return q != "" && strings.Contains(l.normalizedOriginal(s), q)
	}
	o.mu.Lock()
	found, ok := o.quotes[text]
	o.mu.Unlock()
	if ok {
		return found
	}
	q := normalizeQuote(text)
	found = q != "" && strings.Contains(o.normalized(), q)
	o.mu.Lock()
	if o.quotes == nil {
		o.quotes = map[string]bool{}
	}
	o.quotes[text] = found
	o.mu.Unlock()
	return found
}

// normalizedOriginal returns the original text of s as normalizeQuote
// makes it, computed once per source: a source quoted 100,000 times is
// normalised once, not 100,000 times.
func (l *loader) normalizedOriginal(s *Source) string {
	if t, ok := l.normOriginal[s.ID]; ok {
		return t
	}
	var t string
	if o := l.originals[s]; o != nil {
		t = o.normalized()
	} else {
		t = normalizeQuote(s.OriginalText)
	}
	l.normOriginal[s.ID] = t
	return t
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
	if topics := l.d.Config.TopicIDs(); !slices.Contains(topics, x.Topic.Value) {
		l.errorf(x.Path, x.Topic.Line, x.Topic.Col, "unknown topic %q; use %s, or add it to topics in site.yaml", x.Topic.Value, oneOf(topics))
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
	m := l.d.Membership
	if m == nil {
		return
	}
	if m.Organization.ID != "" {
		ref(l, p, m.Organization, "entity", l.d.entity)
	}
	join, leave := l.d.Config.JoinWays(), l.d.Config.LeaveWays()
	seen := map[string]bool{}
	for _, c := range m.Members {
		ref(l, p, c.Member, "entity", l.d.entity)
		if c.Member.ID == m.Organization.ID && c.Member.ID != "" {
			l.errorf(p, c.Member.Line, c.Member.Col, "%q is the organization itself; list its members", c.Member.ID)
		}
		if seen[c.Member.ID] {
			l.errorf(p, c.Line, c.Col, "%q is listed twice; put all its periods under one entry", c.Member.ID)
		}
		seen[c.Member.ID] = true
		if len(c.Periods) == 0 {
			l.errorf(p, c.Line, c.Col, "%q has no membership periods", c.Member.ID)
		}
		for i, mp := range c.Periods {
			refs(l, p, mp.Sources, "source", l.d.source)
			if mp.How.Value != "" && !slices.Contains(join, mp.How.Value) {
				l.errorf(p, mp.How.Line, mp.How.Col, "how %q: use %s, or add it to joining in site.yaml", mp.How.Value, oneOf(join))
			}
			switch {
			case mp.Left.IsZero() && mp.Why.Value != "":
				l.errorf(p, mp.Why.Line, mp.Why.Col, "why %q is given but left is not; add the date the member left", mp.Why.Value)
			case !mp.Left.IsZero() && mp.Why.Value == "":
				l.errorf(p, mp.Line, mp.Col, "left is given but why is not; add why: %s", oneOf(leave))
			case !mp.Left.IsZero() && !slices.Contains(leave, mp.Why.Value):
				l.errorf(p, mp.Why.Line, mp.Why.Col, "why %q: use %s, or add it to leaving in site.yaml", mp.Why.Value, oneOf(leave))
			}
			if !mp.Left.IsZero() && mp.Left.Compare(mp.Joined) < 0 {
				l.errorf(p, mp.Line, mp.Col, "left %s is before joined %s", mp.Left, mp.Joined)
			}
			if i > 0 {
				prev := c.Periods[i-1]
				if prev.Left.IsZero() || mp.Joined.Compare(prev.Left) < 0 {
					l.errorf(p, mp.Line, mp.Col, "period from %s overlaps the period before it (%s–%s); periods must be in order and not overlap", mp.Joined, prev.Joined, orNow(prev.Left))
				}
			}
		}
	}
	slices.SortStableFunc(m.Members, func(a, b MemberHistory) int {
		// by id; the membership page orders by date itself
		return strings.Compare(a.Member.ID, b.Member.ID)
	})
}

func orNow(d Date) string {
	if d.IsZero() {
		return "now"
	}
	return d.String()
}
