package site

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/chart"
	"github.com/dossier-dev/dossier/internal/content"
)

func (b *builder) home(l linker) View {
	d := b.d
	doc := b.doc(&d.Home.File, l)
	h := &Home{Intro: b.html(&d.Home.File, l), Refs: b.cites(l, doc.Cited)}
	for _, f := range d.Home.Figures {
		fig := Figure{Value: f.Value, Label: f.Label, SingleSource: len(f.Sources) == 1, Corroborated: b.sourceCount(len(f.Sources))}
		if f.Disputed != nil {
			if x := d.Discrepancy(f.Disputed.ID); x != nil {
				fig.Disputed = &Link{Text: x.Title, Href: l.to("discrepancies/#" + x.ID)}
			}
		}
		for _, r := range f.Sources {
			fig.Cites = append(fig.Cites, b.cite(l, r.ID))
		}
		h.Figures = append(h.Figures, fig)
	}
	var inPeriod int
	for _, e := range d.Events {
		if !b.background(e) {
			inPeriod++
		}
	}
	period := d.Config.Period
	from, to := b.date(period.Start), b.date(period.End)
	h.Counts = []Figure{
		b.count(inPeriod, "home.count.events", from, to),
		b.count(len(d.Sources), "home.count.sources"),
		b.count(len(d.Entities), "home.count.entities"),
	}
	if d.Membership != nil {
		h.Counts = append(h.Counts, b.count(len(d.Membership.Members), "home.count.members", b.orgName()))
	}
	if len(d.Discrepancies) > 0 {
		h.Counts = append(h.Counts, b.count(len(d.Discrepancies), "home.count.discrepancies"))
	}
	for _, sec := range b.sections() {
		var blurb string
		switch sec {
		case "timeline":
			blurb = b.t("home.entry.timeline", from, to)
			if first, _, ok := b.backgroundYears(); ok {
				blurb = b.t("home.entry.timeline.background", from, to, b.date(content.Date{Year: first, Precision: content.Year}))
			}
		case "membership":
			blurb = b.t("home.entry.membership", b.orgName())
		default:
			blurb = b.t("home.entry." + sec)
		}
		h.Entries = append(h.Entries, Entry{Link: Link{Text: b.sectionTitle(sec), Href: l.to(sec + "/")}, Blurb: blurb})
	}
	h.Sections = pageSections(append(bodySections(doc),
		optional(len(h.Figures) > 0, Heading{"figures", b.t("home.figures")}),
		Heading{"explore", b.t("home.explore")},
		optional(len(h.Refs) > 0, Heading{"references", b.t("refs.title")}),
	)...)
	h.Sections.TOC = false // the home page is a way in; its headings get anchors only
	return h
}

// orgName is the short name of the organisation of membership.yaml.
func (b *builder) orgName() string {
	e := b.d.Entity(b.d.Membership.Organization.ID)
	if e == nil {
		return ""
	}
	return b.isolate(cmp.Or(e.Short, e.Name))
}

// backgroundYears returns the years the background events span.
func (b *builder) backgroundYears() (first, last int, ok bool) {
	for _, e := range b.d.Events {
		if b.background(e) {
			if !ok {
				first = e.Date.Start.Year
			}
			last, ok = max(last, e.Date.End.Year, e.Date.Start.Year), true
		}
	}
	return first, last, ok
}

// A timeline longer than maxListEvents events, or whose summaries add up
// to more than maxListBytes, is split into pages a phone loads comfortably.
const (
	maxListEvents = 300
	maxListBytes  = 512 << 10 // the summaries' HTML, about half the page's
)

// A timelinePart is one page of a split timeline: a year, a month of a
// crowded year, or the background (split by year if it is long too).
type timelinePart struct {
	slug, label string
	background  bool
	events      []*content.Event
}

// timelineParts splits the timeline into pages, or returns nil when one
// page holds it. It is computed once per language.
func (b *builder) timelineParts() []timelinePart {
	if b.parts != nil {
		return *b.parts
	}
	b.parts = new([]timelinePart)
	size := 0
	for _, e := range b.d.Events {
		size += len(b.bodies[e.Path].Summary)
	}
	if len(b.d.Events) <= maxListEvents && size <= maxListBytes {
		return nil
	}
	var period, background []*content.Event
	for _, e := range b.d.Events {
		if b.background(e) {
			background = append(background, e)
		} else {
			period = append(period, e)
		}
	}
	var parts []timelinePart
	// group adds one part per distinct key, in the order keys first occur.
	group := func(es []*content.Event, key func(*content.Event) (slug, label string), bg bool) {
		at := map[string]int{}
		for _, e := range es {
			slug, label := key(e)
			i, ok := at[slug]
			if !ok {
				i = len(parts)
				at[slug] = i
				parts = append(parts, timelinePart{slug: slug, label: label, background: bg})
			}
			parts[i].events = append(parts[i].events, e)
		}
	}
	if len(background) <= maxListEvents {
		title := b.backgroundTitle() // once: it reads every event
		group(background, func(*content.Event) (string, string) { return "background", title }, true)
	} else {
		group(background, func(e *content.Event) (string, string) {
			y := e.Date.Start.Year
			return fmt.Sprintf("background-%04d", y), b.t("timeline.background.year", y)
		}, true)
	}
	perYear := map[int]int{}
	for _, e := range period {
		perYear[e.Date.Start.Year]++
	}
	keys := map[[2]int][2]string{} // by year and month: formatted once each
	group(period, func(e *content.Event) (string, string) {
		d := e.Date.Start
		k := [2]int{d.Year, 0}
		if perYear[d.Year] > maxListEvents && d.Month > 0 {
			k[1] = d.Month
		}
		if key, ok := keys[k]; ok {
			return key[0], key[1]
		}
		key := [2]string{fmt.Sprintf("%04d", d.Year), b.date(content.Date{Year: d.Year, Precision: content.Year})}
		if k[1] > 0 {
			key = [2]string{fmt.Sprintf("%04d-%02d", d.Year, d.Month), b.date(content.Date{Year: d.Year, Month: d.Month, Precision: content.Month})}
		}
		keys[k] = key
		return key[0], key[1]
	}, false)
	// A part with more than a page holds (a crowded month, or a year of
	// background) is cut into pages of consecutive events.
	var cut []timelinePart
	for _, p := range parts {
		cs := b.chunks(p.events)
		if len(cs) == 1 {
			cut = append(cut, p)
			continue
		}
		for k, c := range cs {
			n := b.cat.Number(k + 1)
			cut = append(cut, timelinePart{slug: fmt.Sprintf("%s-%d", p.slug, k+1), label: b.t("timeline.part", p.label, b.t("timeline.page", n)), background: p.background, events: c})
		}
	}
	*b.parts = cut
	return cut
}

// backgroundTitle names the background section by the years it spans.
func (b *builder) backgroundTitle() string {
	first, last, ok := b.backgroundYears()
	switch {
	case !ok:
		return ""
	case first == last:
		return b.t("timeline.background.year", first)
	}
	return b.t("timeline.background", first, last)
}

// timeline is /timeline/: every day, or, for a timeline split into parts,
// the list of its parts (timelinePage).
func (b *builder) timeline(l linker) View { return b.timelinePage(l, -1, false) }

func (b *builder) partLinks(l linker, parts []timelinePart, current int) []NavLink {
	links := make([]NavLink, len(parts))
	for i, p := range parts {
		links[i] = NavLink{Text: p.label, Href: l.to("timeline/" + p.slug + "/"), Current: i == current}
	}
	return links
}

// days groups events into the days of t, and the background's years.
func (b *builder) days(l linker, t *Timeline, events []*content.Event) {
	for _, e := range events {
		item := b.eventItem(l, e)
		days := &t.Days
		key := e.Date.Start.DateOnly()
		if b.background(e) {
			days = &t.Background
			key = content.Date{Year: key.Year, Precision: content.Year}
		}
		id := "d-" + key.String()
		item.DayHref, item.Facets = "#"+id, b.facets(e)
		if n := len(*days); n > 0 && (*days)[n-1].ID == id {
			(*days)[n-1].Events = append((*days)[n-1].Events, item)
			continue
		}
		*days = append(*days, Day{When: b.when(content.Span{Start: key}), ID: id, Events: []EventItem{item}})
	}
}

func (b *builder) event(l linker, e *content.Event) View {
	d := b.d
	doc := b.doc(&e.File, l)
	v := &Event{EventItem: b.eventItem(l, e), Start: e.Date.Start.Time(), Body: b.html(&e.File, l)}
	for _, tag := range e.Tags {
		tv := b.tag(tag)
		tv.Href = l.to("timeline/tags/" + b.tagSlug(tag) + "/")
		v.Tags = append(v.Tags, tv)
	}
	v.Refs = b.refs(l, b.eventRefs[e.ID])
	for _, q := range e.Quotes {
		src := d.Source(q.Source.ID)
		qv := Quote{Text: q.Text, Lang: src.Language, Source: b.cite(l, q.Source.ID), Unverified: src.Original.Value == ""}
		if q.By != nil {
			by := b.entityLink(l, q.By.ID)
			qv.By = &by
		}
		v.Quotes = append(v.Quotes, qv)
	}
	for _, r := range e.Places {
		v.Places = append(v.Places, b.entityLink(l, r.ID))
	}
	for _, r := range e.Actors {
		v.Actors = append(v.Actors, b.entityLink(l, r.ID))
	}
	i := b.eventIndex[e]
	if i > 0 {
		p := b.eventLink(l, d.Events[i-1])
		v.Prev = &p
	}
	if i+1 < len(d.Events) {
		n := b.eventLink(l, d.Events[i+1])
		v.Next = &n
	}
	for _, r := range b.related(e, 4) {
		v.Related = append(v.Related, b.eventLink(l, r))
	}
	for _, x := range b.discByEvent[e.ID] {
		v.Discrepancies = append(v.Discrepancies, Link{Text: x.Title, Href: l.to("discrepancies/#" + x.ID)})
	}
	v.Sections = pageSections(append(bodySections(doc),
		optional(len(v.Quotes) > 0, Heading{"quotes", b.t("event.quotes")}),
		optional(len(v.Refs) > 0, Heading{"references", b.t("refs.title")}),
		Heading{"involved", b.t("event.involved")},
		optional(len(v.Discrepancies) > 0, Heading{"differ", b.t("event.discrepancies")}),
		optional(len(v.Related) > 0, Heading{"related", b.t("event.related")}),
	)...)
	return v
}

// refs is a reference list of sources, in the order of their numbers.
func (b *builder) refs(l linker, ids []string) []Ref {
	rs := make([]Ref, len(ids))
	for i, id := range ids {
		rs[i] = b.ref(l, id)
	}
	slices.SortFunc(rs, func(x, y Ref) int { return x.Num - y.Num })
	return rs
}

func (b *builder) ref(l linker, id string) Ref {
	s := b.d.Source(id)
	return Ref{
		Cite: b.cite(l, id), Publisher: b.publisher(s), Published: b.date(s.Published.Date),
		Inferred: s.Published.Inferred != "", Language: b.cat.LanguageName(s.Language),
	}
}

func (b *builder) publisher(s *content.Source) string {
	if s.Publisher == "unknown" {
		return b.t("source.publisher.unknown")
	}
	return s.Publisher
}

// related returns up to n events sharing the most entities with e. Each
// shared entity counts by how rare it is, so that sharing the country
// that most events involve counts less than sharing a person. Scores are
// summed over the inverted index (eventsByEnt) into a slice by event
// position, and only the best n are kept, not every candidate sorted.
func (b *builder) related(e *content.Event, n int) []*content.Event {
	if b.relKept == nil {
		return b.relatedNow(e, n)
	}
	if ids, ok := b.relKept.get(e.ID, n); ok {
		out := make([]*content.Event, len(ids))
		for i, id := range ids {
			out[i] = b.d.Event(id)
		}
		return out
	}
	out := b.relatedNow(e, n)
	ids := make([]string, len(out))
	for i, r := range out {
		ids[i] = r.ID
	}
	b.relKept.put(e.ID, n, ids)
	return out
}

// relatedNow is related, computed.
func (b *builder) relatedNow(e *content.Event, n int) []*content.Event {
	sc, _ := b.relScratch.Get().(*relScratch)
	if sc == nil {
		sc = &relScratch{score: make([]float64, len(b.d.Events)), scored: make([]bool, len(b.d.Events))}
	}
	defer b.relScratch.Put(sc)
	total := float64(len(b.d.Events))
	score, scored, touched := sc.score, sc.scored, sc.touched[:0]
	self := b.eventIndex[e]
	for _, id := range b.eventEntities(e) {
		others := b.byEnt[id]
		w := math.Log(total / float64(len(others)))
		for _, i := range others {
			if i == self {
				continue
			}
			if !scored[i] {
				scored[i] = true
				touched = append(touched, i)
			}
			if b.bg[i] != b.bg[self] {
				score[i] += w / 3 // background history relates less to the episode, and the other way round
			} else {
				score[i] += w
			}
		}
	}
	better := func(x, y int) int {
		return cmp.Or(cmp.Compare(score[y], score[x]), cmp.Compare(b.rank[x], b.rank[y]))
	}
	var best []int // sorted, at most n
	for _, i := range touched {
		if score[i] <= 0.5 {
			continue
		}
		if len(best) == n && better(i, best[n-1]) >= 0 {
			continue
		}
		j, _ := slices.BinarySearchFunc(best, i, better)
		best = slices.Insert(best, j, i)
		if len(best) > n {
			best = best[:n]
		}
	}
	out := make([]*content.Event, len(best))
	for k, i := range best {
		out[k] = b.d.Events[i]
	}
	for _, i := range touched {
		score[i], scored[i] = 0, false
	}
	sc.touched = touched
	return out
}

func (b *builder) membership(l linker) View {
	d := b.d
	org := b.orgName()
	m := &Membership{OrgName: org}
	if e := d.Entity(d.Membership.Organization.ID); e != nil {
		m.Organization = b.entityLink(l, e.ID)
	}
	var rows []chart.Row
	var refs []string
	citeOf := func(ids []content.Ref) []Cite {
		var cs []Cite
		for _, r := range ids {
			if !slices.Contains(refs, r.ID) {
				refs = append(refs, r.ID)
			}
			cs = append(cs, b.cite(l, r.ID))
		}
		return cs
	}
	members := slices.Clone(d.Membership.Members)
	slices.SortStableFunc(members, func(x, y content.MemberHistory) int {
		return cmp.Or(x.Periods[0].Joined.Compare(y.Periods[0].Joined), strings.Compare(d.Entity(x.Member.ID).Name, d.Entity(y.Member.ID).Name))
	})
	first, last := d.Config.Period.Start.Year, d.Config.Period.End.Year
	for _, c := range members {
		link := b.entityLink(l, c.Member.ID)
		row := MemberRow{Member: link}
		cr := chart.Row{Label: link.Text, Href: link.Href}
		for _, p := range c.Periods {
			mp := b.memberPeriod(p)
			mp.Sources = citeOf(p.Sources)
			row.Periods = append(row.Periods, mp)
			label := b.t("membership.bar.ongoing", b.isolate(link.Text), b.date(p.Joined))
			if !p.Left.IsZero() {
				label = b.t("membership.bar", b.isolate(link.Text), b.date(p.Joined), b.date(p.Left))
				last = max(last, p.Left.Year)
			}
			first = min(first, p.Joined.Year)
			cr.Periods = append(cr.Periods, chart.Period{From: chartTime(p.Joined), To: chartTime(p.Left), Label: label})
		}
		m.Rows = append(m.Rows, row)
		rows = append(rows, cr)
	}
	m.ChartTitle = b.t("membership.chart.title", org, first, last)
	m.ChartDesc = b.t("membership.chart.desc", b.date(content.Date{Year: first, Precision: content.Year}), b.date(content.Date{Year: last, Precision: content.Year}))
	m.Chart = chart.Layout(rows, chart.Options{Start: d.Config.Period.Start.First(), End: d.Config.Period.End.Last(),
		Legend: chart.Legend{Member: b.t("membership.legend.member"), Ongoing: b.t("membership.legend.ongoing"), Period: b.t("membership.legend.period")},
		Month: func(y int, mo time.Month) string {
			return b.date(content.Date{Year: y, Month: int(mo), Precision: content.Month})
		}, Year: b.cat.Number, RightToLeft: b.rtl()})
	for _, e := range d.Events {
		if b.background(e) {
			m.Milestones = append(m.Milestones, b.eventItem(l, e))
		}
	}
	m.Refs = b.cites(l, refs)
	m.Sections = pageSections(
		Heading{"table", b.t("membership.table")},
		optional(len(m.Milestones) > 0, Heading{"milestones", b.t("membership.milestones")}),
		optional(len(m.Refs) > 0, Heading{"references", b.t("refs.title")}),
	)
	m.Sections.TOC = false // the chart and the table are the page; its headings get anchors only
	return m
}

func (b *builder) memberPeriod(p content.MembershipPeriod) MemberPeriod {
	mp := MemberPeriod{
		Joined: b.when(content.Span{Start: p.Joined}), How: b.term("joining", p.How.Value),
		Note: p.Note, Current: p.Left.IsZero(),
	}
	if !p.Left.IsZero() {
		mp.Left = b.when(content.Span{Start: p.Left})
		mp.Why = b.term("leaving", p.Why.Value)
	}
	return mp
}

// term returns how pages name a vocabulary term: the site's label, or the
// theme's for a built-in term.
func (b *builder) term(list, id string) string {
	if t := b.d.Config.Term(list, id); t != nil && t.Label != "" {
		return t.Label
	}
	return b.t(termKeys[list] + id)
}

// plural returns the plural of an entity kind, the heading of its group.
func (b *builder) plural(kind string) string {
	if t := b.d.Config.Term("entity_kinds", kind); t != nil && t.Plural != "" {
		return t.Plural
	}
	return b.t("kind." + kind + ".plural")
}

// tag returns how pages show a tag: its label in site.yaml's tags, as
// translated for the page's language; otherwise the word itself, marked
// as being in the dossier's default language.
func (b *builder) tag(word string) Tag {
	t := b.d.Config.Term("tags", word)
	if t != nil && t.Label != "" && (t.Translated || b.lang == b.s.Langs[0]) {
		return Tag{Text: t.Label}
	}
	if b.lang == b.s.Langs[0] {
		return Tag{Text: word}
	}
	lbl := word
	if t != nil && t.Label != "" {
		lbl = t.Label
	}
	return Tag{Text: lbl, Lang: b.s.Langs[0]}
}

// termKeys are the catalogue key prefixes of each vocabulary's built-in
// terms.
var termKeys = map[string]string{
	"entity_kinds": "kind.", "topics": "topic.", "joining": "membership.how.", "leaving": "membership.why.",
}

// chartTime places a date on the chart; a date known only to the year is
// drawn at mid-year.
func chartTime(d content.Date) (t time.Time) {
	if d.IsZero() {
		return t
	}
	if d.Precision == content.Year {
		return d.First().AddDate(0, 6, 0)
	}
	return d.First()
}

func (b *builder) sourceRow(l linker, s *content.Source) SourceRow {
	return SourceRow{
		Num: b.s.numbers[s.ID], Short: b.short(s),
		Link:      Link{Text: s.Title, Href: l.page("sources", s.ID)},
		Publisher: b.publisher(s), Language: b.cat.LanguageName(s.Language),
		Published: b.date(s.Published.Date) + map[bool]string{true: " " + b.t("date.approximate"), false: ""}[s.Published.Precision == "approximate"],
		Inferred:  s.Published.Inferred, CitedBy: len(b.eventsBySrc[s.ID]),
	}
}

func (b *builder) sources(l linker) View {
	v := &Sources{}
	for _, s := range b.d.Sources {
		v.Rows = append(v.Rows, b.sourceRow(l, s))
	}
	slices.SortFunc(v.Rows, func(x, y SourceRow) int { return x.Num - y.Num })
	return v
}

func (b *builder) source(l linker, s *content.Source) View {
	d := b.d
	doc := b.doc(&s.File, l)
	v := &Source{SourceRow: b.sourceRow(l, s), URL: s.URL, Body: b.html(&s.File, l)}
	v.Refs = b.refs(l, doc.Cited)
	for _, e := range b.eventsBySrc[s.ID] {
		v.CitedBy = append(v.CitedBy, b.eventItem(l, e))
	}
	for _, id := range b.sourceEntities(s) {
		v.Mentions = append(v.Mentions, b.entityLink(l, id))
	}
	slices.SortFunc(v.Mentions, func(x, y Link) int { return strings.Compare(x.Text, y.Text) })
	// The events this source shares with each other source, in the order
	// of the source's events; the sources in the dossier's order.
	shared := map[string][]Link{}
	for _, e := range b.eventsBySrc[s.ID] {
		for _, id := range b.eventRefs[e.ID] {
			if id != s.ID {
				shared[id] = append(shared[id], b.eventLink(l, e))
			}
		}
	}
	for _, o := range d.Sources {
		if links := shared[o.ID]; len(links) > 0 {
			v.Agreements = append(v.Agreements, Agreement{Source: Link{Text: o.Title, Href: l.page("sources", o.ID)}, Events: links})
		}
	}
	for _, x := range b.discBySrc[s.ID] {
		dis := Disagreement{Discrepancy: Link{Text: x.Title, Href: l.to("discrepancies/#" + x.ID)}}
		var mine []string
		for _, c := range x.Claims {
			if c.Source.ID == s.ID {
				mine = append(mine, c.Claim)
			} else {
				dis.Others = append(dis.Others, b.claim(l, c))
			}
		}
		dis.Claim = strings.Join(mine, " ")
		v.Disagreements = append(v.Disagreements, dis)
	}
	v.Sections = pageSections(append(append([]Heading{{"summary", b.t("source.summary")}}, bodySections(doc)...),
		optional(len(v.Refs) > 0, Heading{"references", b.t("refs.title")}),
		Heading{"cited-by", b.t("source.cited-by", len(v.CitedBy))},
		optional(len(v.Mentions) > 0, Heading{"mentions", b.t("source.mentions")}),
		Heading{"agreements", b.t("source.agreements")},
		Heading{"disagreements", b.t("source.disagreements")},
	)...)
	return v
}

func (b *builder) claim(l linker, c content.Claim) ClaimView {
	s := b.d.Source(c.Source.ID)
	return ClaimView{Source: b.cite(l, c.Source.ID), Claim: c.Claim, Quote: c.Quote, Lang: s.Language, Unverified: s.Original.Value == ""}
}

func (b *builder) entities(l linker) View {
	v := &Entities{}
	for _, kind := range b.d.Config.Kinds() {
		g := EntityGroup{Kind: b.plural(kind), ID: slugify(kind)}
		for _, e := range b.d.Entities {
			if e.Kind.Value == kind {
				g.Entities = append(g.Entities, b.entityLink(l, e.ID))
			}
		}
		slices.SortFunc(g.Entities, func(x, y Link) int { return strings.Compare(x.Text, y.Text) })
		if len(g.Entities) > 0 {
			v.Groups = append(v.Groups, g)
		}
	}
	return v
}

func (b *builder) entity(l linker, e *content.Entity) View {
	doc := b.doc(&e.File, l)
	v := &Entity{Name: e.Name, Kind: b.term("entity_kinds", e.Kind.Value), Aliases: e.Aliases, Body: b.html(&e.File, l), Refs: b.cites(l, doc.Cited)}
	for _, ev := range b.eventsByEnt[e.ID] {
		v.Events = append(v.Events, b.eventItem(l, ev))
	}
	for _, s := range b.sourcesByEnt[e.ID] {
		v.Sources = append(v.Sources, Link{Text: s.Title, Href: l.page("sources", s.ID)})
	}
	if b.d.Membership != nil {
		v.MembershipTitle = b.t("entity.membership", b.orgName())
	}
	for _, c := range b.membersOf() {
		if c.Member.ID == e.ID {
			for _, p := range c.Periods {
				mp := b.memberPeriod(p)
				for _, r := range p.Sources {
					mp.Sources = append(mp.Sources, b.cite(l, r.ID))
				}
				v.Membership = append(v.Membership, mp)
			}
		}
	}
	v.Sections = pageSections(append(bodySections(doc),
		optional(len(v.Membership) > 0, Heading{"membership", v.MembershipTitle}),
		Heading{"events", b.t("entity.events", len(v.Events))},
		Heading{"sources", b.t("entity.sources", len(v.Sources))},
		optional(len(v.Refs) > 0, Heading{"references", b.t("refs.title")}),
	)...)
	return v
}

// membersOf returns the members of membership.yaml, none without it.
func (b *builder) membersOf() []content.MemberHistory {
	if b.d.Membership == nil {
		return nil
	}
	return b.d.Membership.Members
}

func (b *builder) discrepancies(l linker) View {
	v := &Discrepancies{}
	items := slices.Clone(b.d.Discrepancies)
	slices.SortStableFunc(items, func(x, y *content.Discrepancy) int {
		topics := b.d.Config.TopicIDs()
		return cmp.Or(cmp.Compare(slices.Index(topics, x.Topic.Value), slices.Index(topics, y.Topic.Value)), strings.Compare(x.ID, y.ID))
	})
	for _, x := range items {
		doc := b.doc(&x.File, l)
		dv := DiscrepancyView{ID: x.ID, Title: x.Title, Topic: b.term("topics", x.Topic.Value), Body: b.html(&x.File, l), Refs: b.cites(l, doc.Cited)}
		for _, c := range x.Claims {
			dv.Claims = append(dv.Claims, b.claim(l, c))
		}
		for _, r := range x.Events {
			dv.Events = append(dv.Events, b.eventLink(l, b.d.Event(r.ID)))
		}
		v.Items = append(v.Items, dv)
		v.Sections.List = append(v.Sections.List, Heading{x.ID + "-title", x.Title})
	}
	v.Sections = pageSections(v.Sections.List...)
	return v
}

func (b *builder) freePage(l linker, p *content.Page) View {
	doc := b.doc(&p.File, l)
	v := &FreePage{Body: b.html(&p.File, l), Refs: b.cites(l, doc.Cited)}
	if p.ID == AboutPage {
		eds, corr := b.editors()
		v.Colophon = &Colophon{Editors: eds, Corrections: corr, Data: b.dataLinks(l)}
	}
	v.Sections = pageSections(append(bodySections(doc),
		optional(v.Colophon != nil, Heading{"colophon", b.t("colophon.title")}),
		optional(len(v.Refs) > 0, Heading{"references", b.t("refs.title")}))...)
	return v
}

// AboutPage is the id of the free page that shows the editors, where to
// send corrections and the open data below its text.
const AboutPage = "about"
