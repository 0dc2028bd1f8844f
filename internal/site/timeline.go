package site

// The timeline's reading aids, computed here so that templates only lay
// them out and tests reach them:
//
//   - two views of every page that lists days, full and compact (titles
//     and dates only), each its own page so that both work without
//     JavaScript; static/js/timeline.js switches in place and remembers;
//   - a strip of every day of the page's span, empty days included, with
//     the number of events each, linking to the day; events dated to a
//     month or a year only get a cell of their own, first in the month (or
//     before the year's months), so that the strip reaches every event;
//   - filters by actor, place, source and tag, each a link to the page
//     that lists its events (the entity's, the source's, a tag page), which
//     the script turns into a filter that narrows the list in place; the
//     filters chosen combine (an event must match them all) and are kept
//     in the page's address (?f=e:harbour-town&f=t:talks), so that a filtered
//     view can be shared and comes back on reload, back and forward;
//   - on a split timeline, a filter index of every event's part and keys
//     (TimelineIndexPath), loaded once a filter applies, by which the
//     script counts the matches of the whole timeline and links to the
//     other parts that have some, as Pagefind loads its filter index: the
//     parts' pages stay small however large the timeline;
//   - a tag page per tag, split like the timeline when it is long;
//   - corroboration: how many sources report each event.
//
// Everything is computed in one pass over the page's events (or over all
// events once per language): no per-event scan of all events.

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/dossier-dev/dossier/internal/content"
)

// A strip longer than maxStripDays days shows months instead: a day per
// cell would make a page of a long period mostly empty cells.
const maxStripDays = 400

// timelinePage is /timeline/ (part -1) or the page of part i of a split
// timeline, in the full or the compact view.
func (b *builder) timelinePage(l linker, i int, compact bool) View {
	d := b.d
	parts := b.timelineParts()
	t := &Timeline{Period: b.when(content.Span{Start: d.Config.Period.Start, End: d.Config.Period.End}), BackgroundTitle: b.bgTitle}
	t.Lede = b.t("timeline.lede", t.Period.Text, t.Period.EndText)
	if i < 0 {
		if parts != nil {
			// The list of parts says how many events each holds.
			t.Parts = b.partLinks(l, parts, -1)
			for k, p := range parts {
				t.Parts[k].Text = b.cellText(p.label, len(p.events))
			}
			return t
		}
		b.listing(l, t, d.Events, "timeline/", compact)
		return t
	}
	t.BackgroundTitle = parts[i].label
	t.Parts = b.partLinks(l, parts, i)
	b.listing(l, t, parts[i].events, "timeline/"+parts[i].slug+"/", compact)
	t.Part = i
	view := ""
	if compact {
		view = "compact/"
	}
	if i > 0 {
		t.Prev = &Link{Text: parts[i-1].label, Href: l.to("timeline/" + parts[i-1].slug + "/" + view)}
	}
	if i+1 < len(parts) {
		t.Next = &Link{Text: parts[i+1].label, Href: l.to("timeline/" + parts[i+1].slug + "/" + view)}
	}
	return t
}

// listing fills t with events, the page at site path page (a timeline
// page; its compact view is page+"compact/"): days, views, strip, filters.
func (b *builder) listing(l linker, t *Timeline, events []*content.Event, page string, compact bool) {
	t.Compact = compact
	t.Script = l.abs("js/timeline.js")
	b.days(l, t, events)
	t.Views = []NavLink{
		{Text: b.t("timeline.view.full"), Href: l.to(page), Current: !compact},
		{Text: b.t("timeline.view.compact"), Href: l.to(page + "compact/"), Current: compact},
	}
	unit := strings.TrimSuffix(strings.TrimPrefix(page, "timeline/"), "/")
	if unit == "" || unit[0] < '0' || unit[0] > '9' {
		unit = "" // the whole timeline, or the background
	}
	t.Strip = b.strip(events, unit)
	t.Filters = b.filters(l, events)
	b.filterText(l, t, len(events))
	b.backgroundSection(t)
}

// filterText says what the script writes as filters apply on a page of
// n events; on a page of a split timeline, it also links to the filter
// index, whose counts are the whole timeline's.
func (b *builder) filterText(l linker, t *Timeline, n int) {
	if len(t.Filters) == 0 {
		return
	}
	count := func(of int) string {
		return b.cat.Plural("timeline.filter.count", of, "{0}", b.cat.Number(of))
	}
	var digits strings.Builder
	for i := range 10 {
		digits.WriteString(b.cat.Number(i))
	}
	ft := &FilterText{
		Count: count(n), Remove: b.t("timeline.filter.remove", "{0}"),
		Active: b.t("timeline.filter.active"), Digits: digits.String(),
	}
	if parts := b.timelineParts(); parts != nil {
		ft.Count, ft.PageCount = count(len(b.d.Events)), ft.Count
		ft.Here, ft.Elsewhere = b.t("timeline.filter.here", "{0}"), b.t("timeline.filter.elsewhere")
		t.Index = l.to(TimelineIndexPath)
	}
	t.FilterText = ft
}

// backgroundSection labels the collapsed background of t, or opens it on
// a page that has nothing else.
func (b *builder) backgroundSection(t *Timeline) {
	n := 0
	for _, d := range t.Background {
		n += len(d.Events)
	}
	t.BackgroundOpen = len(t.Days) == 0
	t.BackgroundShow = b.cat.Plural("timeline.background.show", n, b.cat.Number(n))
}

// dayID is the fragment id of an event's day on the timeline: the date,
// or the year of a background event.
func (b *builder) dayID(e *content.Event) string {
	key := e.Date.Start.DateOnly()
	if b.background(e) {
		key = content.Date{Year: key.Year, Precision: content.Year}
	}
	return "d-" + key.String()
}

// indexTimeline computes what the timeline's pages share: its parts, the
// part of each event, the places, the tags' slugs and the background's
// title. pages calls it
// first, so that pages only read them.
func (b *builder) indexTimeline() {
	parts := b.timelineParts()
	b.partOf = make([]int, len(b.d.Events))
	for k, p := range parts {
		for _, pe := range p.events {
			b.partOf[b.eventIndex[pe]] = k
		}
	}
	b.placeIDs()
	b.tagSlug("")
	b.bgTitle = b.backgroundTitle()
}

// timelinePath is the site path of the timeline page that lists e.
func (b *builder) timelinePath(e *content.Event) string {
	parts := b.timelineParts()
	if parts == nil {
		return "timeline/"
	}
	return "timeline/" + parts[b.partOf[b.eventIndex[e]]].slug + "/"
}

// dayHref links to e's day on the timeline, from a page at l.
func (b *builder) dayHref(l linker, e *content.Event) string {
	return l.to(b.timelinePath(e)) + "#" + b.dayID(e)
}

// corroborated says how many sources report an event that two or more
// report; "" for one.
func (b *builder) corroborated(e *content.Event) string { return b.sourceCount(len(e.Sources)) }

// sourceCount says how many sources report an event or give a figure,
// when two or more do ("3 sources"); "" for one, which has its own quiet
// mark.
func (b *builder) sourceCount(n int) string {
	if n < 2 {
		return ""
	}
	return b.cat.Plural("event.sources.many", n, b.cat.Number(n))
}

// facets are the filter keys an event matches: the entities it involves,
// the sources it cites or lists, its tags.
func (b *builder) facets(e *content.Event) string {
	var s strings.Builder
	add := func(k string) {
		if s.Len() > 0 {
			s.WriteByte(' ')
		}
		s.WriteString(k)
	}
	for _, id := range b.entsOf[b.eventIndex[e]] {
		add("e:" + id)
	}
	for _, id := range b.eventRefs[e.ID] {
		add("s:" + id)
	}
	for i, w := range e.Tags {
		if !slices.Contains(e.Tags[:i], w) {
			add("t:" + b.tagSlug(w))
		}
	}
	return s.String()
}

// strip lays out every day of the page's span with the number of its
// events. The span runs from the page's first dated day to its last,
// widened to the period's start and end, and cut to unit: the year
// ("2021") or month ("2021-03") of a part's page; "" for the whole
// timeline. The page of a crowded month cut in several ("2021-03-2")
// shows its own days.
//
// Events dated to a month only have a cell first in their month, and
// those dated to a year only a group of one cell before the year's
// months, where the list has them: every event is a cell's.
func (b *builder) strip(events []*content.Event, unit string) []StripGroup {
	counts := map[string]int{}
	undated := map[string]int{} // "2021-03", "2021": the events of a month or a year without a day
	var first, last time.Time
	for _, e := range events {
		s := e.Date.Start.DateOnly()
		if b.background(e) {
			continue
		}
		if s.Precision < content.Day {
			undated[s.String()]++
			continue
		}
		counts[s.String()]++
		if at := s.First(); first.IsZero() || at.Before(first) {
			first = at
		}
		if at := s.First(); at.After(last) {
			last = at
		}
	}
	if first.IsZero() {
		busiest := 0
		for _, n := range undated {
			busiest = max(busiest, n)
		}
		return b.undatedCells(nil, undated, busiest)
	}
	p := b.d.Config.Period
	from, to := first, last
	// A page cut from a crowded month (unit "2021-03-2") shows its own
	// days only; the others show the empty days of the period too.
	if len(unit) == 0 || len(unit) == len("2006") || len(unit) == len("2006-01") {
		if ps := p.Start.First(); ps.Before(from) {
			from = ps
		}
		if pe := p.End.Last(); pe.After(to) {
			to = pe
		}
	}
	if len(unit) == len("2006") || len(unit) == len("2006-01") {
		y, _ := strconv.Atoi(unit[:4])
		lo, hi := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		if len(unit) == len("2006-01") {
			m, _ := strconv.Atoi(unit[5:])
			lo = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			hi = lo.AddDate(0, 1, -1)
		}
		if from.Before(lo) {
			from = lo
		}
		if to.After(hi) {
			to = hi
		}
	}
	if to.Sub(from) > maxStripDays*24*time.Hour {
		return b.monthStrip(from, to, counts, undated)
	}
	busiest := 0
	for _, n := range counts {
		busiest = max(busiest, n)
	}
	for _, n := range undated {
		busiest = max(busiest, n)
	}
	var groups []StripGroup
	for at := from; !at.After(to); at = at.AddDate(0, 0, 1) {
		if len(groups) == 0 || at.Day() == 1 {
			month := content.Date{Year: at.Year(), Month: int(at.Month()), Precision: content.Month}
			groups = append(groups, StripGroup{Label: b.date(month), key: month.String()})
		}
		day := content.Date{Year: at.Year(), Month: int(at.Month()), Day: at.Day(), Precision: content.Day}
		key := day.String()
		c := StripCell{Label: b.cat.Number(at.Day()), Count: counts[key]}
		c.Text, c.Level, c.N = b.cellText(b.date(day), c.Count), level(c.Count, busiest), b.cat.Number(c.Count)
		if c.Count > 0 {
			c.Href = "#d-" + key
		}
		g := &groups[len(groups)-1]
		g.Cells = append(g.Cells, c)
	}
	return b.undatedCells(groups, undated, busiest)
}

// undatedCells puts the cell of each month's and each year's events
// without a day (undated, by "2021-03" or "2021") first in its group of
// groups, keyed by month ("2021-03", a day strip) or year ("2021", a
// month strip), or in a group of its own where groups lack it, and
// returns the groups in order.
func (b *builder) undatedCells(groups []StripGroup, undated map[string]int, busiest int) []StripGroup {
	if len(undated) == 0 {
		return groups
	}
	for _, key := range slices.Sorted(maps.Keys(undated)) {
		n := undated[key]
		var when content.Date
		when.Year, _ = strconv.Atoi(key[:4])
		when.Precision = content.Year
		if len(key) == len("2006-01") {
			when.Month, _ = strconv.Atoi(key[5:])
			when.Precision = content.Month
		}
		c := StripCell{
			Label: b.t("timeline.strip.undated"), Count: n, N: b.cat.Number(n), Level: level(n, busiest),
			Text: b.cellText(b.t("timeline.strip.undated.when", b.date(when)), n), Href: "#d-" + key, Undated: true,
		}
		i := slices.IndexFunc(groups, func(g StripGroup) bool { return g.key == key })
		if i < 0 {
			groups = append(groups, StripGroup{Label: b.date(when), key: key})
			i = len(groups) - 1
		}
		groups[i].Cells = slices.Insert(groups[i].Cells, 0, c)
	}
	// "2021" sorts before "2021-01", as the list has a year's events
	// without a month before its months.
	slices.SortStableFunc(groups, func(x, y StripGroup) int { return strings.Compare(x.key, y.key) })
	return groups
}

// monthStrip is the strip of a long span: a cell per month, grouped by
// year, each linking to its first day with events. The events of a month
// without a day count in their month; those of a year without a month
// have a cell first in their year.
func (b *builder) monthStrip(from, to time.Time, counts, undated map[string]int) []StripGroup {
	type month struct {
		n     int
		first string
	}
	months := map[[2]int]*month{}
	busiest := 0
	years := map[string]int{}
	counts = maps.Clone(counts)
	for key, n := range undated {
		if len(key) == len("2006") {
			years[key] = n
			busiest = max(busiest, n)
		} else {
			counts[key] += n
		}
	}
	for key, n := range counts {
		y, _ := strconv.Atoi(key[:4])
		mo, _ := strconv.Atoi(key[5:7])
		// A month without a day may lie outside the days' span.
		if at := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC); at.Before(from) {
			from = at
		} else if at.After(to) {
			to = at
		}
		m := months[[2]int{y, mo}]
		if m == nil {
			m = &month{}
			months[[2]int{y, mo}] = m
		}
		m.n += n
		// "2021-03" sorts before "2021-03-01", as in the list.
		if m.first == "" || key < m.first {
			m.first = key
		}
		busiest = max(busiest, m.n)
	}
	var groups []StripGroup
	for at := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !at.After(to); at = at.AddDate(0, 1, 0) {
		if len(groups) == 0 || at.Month() == time.January {
			year := content.Date{Year: at.Year(), Precision: content.Year}
			groups = append(groups, StripGroup{Label: b.date(year), key: year.String()})
		}
		c := StripCell{Label: b.cat.Number(int(at.Month()))}
		if m := months[[2]int{at.Year(), int(at.Month())}]; m != nil {
			c.Count, c.Href = m.n, "#d-"+m.first
		}
		c.Text = b.cellText(b.date(content.Date{Year: at.Year(), Month: int(at.Month()), Precision: content.Month}), c.Count)
		c.Level, c.N = level(c.Count, busiest), b.cat.Number(c.Count)
		g := &groups[len(groups)-1]
		g.Cells = append(g.Cells, c)
	}
	return b.undatedCells(groups, years, busiest)
}

func (b *builder) cellText(when string, n int) string {
	if n == 0 {
		return b.t("timeline.strip.none", when)
	}
	return b.cat.Plural("timeline.strip.count", n, when, b.cat.Number(n))
}

// level grades a count from 1 to 4 against the busiest cell's; 0 is none.
func level(n, busiest int) int {
	if n <= 0 || busiest <= 0 {
		return 0
	}
	return (4*n + busiest - 1) / busiest
}

// filters are the actors, places, sources and tags of events, each with
// the number of events it matches, most first.
func (b *builder) filters(l linker, events []*content.Event) []FilterGroup {
	groups := []FilterGroup{
		{ID: "actors", Label: b.t("event.actors")},
		{ID: "places", Label: b.t("event.places")},
		{ID: "sources", Label: b.sectionTitle("sources")},
		{ID: "tags", Label: b.t("event.tags")},
	}
	at := map[string][2]int{} // key: group, index in it
	for _, e := range events {
		b.eachFacet(l, e, func(g int, key string, link func() Filter) {
			if i, ok := at[key]; ok {
				groups[i[0]].Filters[i[1]].Count++
				return
			}
			f := link()
			f.Key, f.Count = key, 1
			at[key] = [2]int{g, len(groups[g].Filters)}
			groups[g].Filters = append(groups[g].Filters, f)
		})
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g.Filters) == 0 {
			continue
		}
		slices.SortStableFunc(g.Filters, func(x, y Filter) int {
			return cmp.Or(y.Count-x.Count, strings.Compare(x.Text, y.Text))
		})
		for i := range g.Filters {
			g.Filters[i].N = b.cat.Number(g.Filters[i].Count)
		}
		out = append(out, g)
	}
	return out
}

// eachFacet calls add with each filter key of e, as facets lists them,
// its group (0 actors, 1 places, 2 sources, 3 tags) and a function that
// makes its filter, links relative to l.
func (b *builder) eachFacet(l linker, e *content.Event, add func(group int, key string, link func() Filter)) {
	places := b.placeIDs()
	for _, id := range b.entsOf[b.eventIndex[e]] {
		g := 0
		if places[id] {
			g = 1
		}
		add(g, "e:"+id, func() Filter { return Filter{Link: b.entityLink(l, id)} })
	}
	for _, id := range b.eventRefs[e.ID] {
		add(2, "s:"+id, func() Filter {
			s := b.d.Source(id)
			return Filter{Link: Link{Text: b.short(s), Href: l.to("sources/" + id + "/"), Title: s.Title}}
		})
	}
	for i, w := range e.Tags {
		if slices.Contains(e.Tags[:i], w) {
			continue
		}
		slug := b.tagSlug(w)
		add(3, "t:"+slug, func() Filter {
			tag := b.tag(w)
			return Filter{Link: Link{Text: tag.Text, Href: l.to("timeline/tags/" + slug + "/")}, Lang: tag.Lang}
		})
	}
}

// TimelineIndexPath is the site path, below each language's root, of the
// filter index of a split timeline (timelineIndex), which the script of
// its pages loads once a filter applies: a script, not JSON, since
// browsers load no JSON from file://.
const TimelineIndexPath = "timeline/filters.js"

// timelineIndex is the filter index of a split timeline: the part of each
// event, in the timeline's order, and the events of each filter key. A
// reader who filters one part so learns how many events of the whole
// timeline match, and in which parts. It is small next to the parts: a
// few numbers per event, without titles or summaries.
type timelineIndex struct {
	// Parts are each part's full and compact view, relative to the index.
	Parts  [][2]string          `json:"parts"`
	Labels []string             `json:"labels"`
	Part   []int                `json:"part"`
	Keys   map[string]*indexKey `json:"keys"`
}

// An indexKey is a filter key: its name, as the filters show it, and its
// events.
type indexKey struct {
	Text string `json:"t"`
	Lang string `json:"l,omitempty"`
	// Events are the positions of its events in Part, ascending, each
	// written as its gap from the one before (the first from -1): small
	// numbers, a short file.
	Events []int `json:"e"`
	last   int
}

// timelineIndexFile is the filter index of the language's timeline, as
// the script at its path; nil for a timeline on one page, whose page
// holds every event the filters match.
func (b *builder) timelineIndexFile(ctx context.Context) []byte {
	parts := b.timelineParts()
	if parts == nil || ctx.Err() != nil {
		return nil
	}
	l := linker{from: b.prefix + "timeline/", prefix: b.prefix, offline: b.s.Offline}
	ix := timelineIndex{Keys: map[string]*indexKey{}}
	for _, p := range parts {
		dir := "timeline/" + p.slug + "/"
		ix.Parts = append(ix.Parts, [2]string{l.to(dir), l.to(dir + "compact/")})
		ix.Labels = append(ix.Labels, p.label)
	}
	ix.Part = make([]int, 0, len(b.d.Events))
	for i, e := range b.d.Events {
		if i%stopEvery == 0 && ctx.Err() != nil {
			return nil
		}
		ix.Part = append(ix.Part, b.partOf[i])
		b.eachFacet(l, e, func(_ int, key string, link func() Filter) {
			k := ix.Keys[key]
			if k == nil {
				f := link()
				k = &indexKey{Text: f.Text, Lang: f.Lang, last: -1}
				ix.Keys[key] = k
			}
			k.Events = append(k.Events, i-k.last)
			k.last = i
		})
	}
	js, err := json.Marshal(ix)
	if err != nil {
		panic(err) // strings and numbers only
	}
	return slices.Concat([]byte("dossierTimelineIndex("), js, []byte(");\n"))
}

// placeIDs are the entities that some event names among its places: the
// filters list them as places, every other entity as an actor.
func (b *builder) placeIDs() map[string]bool {
	if b.places == nil {
		b.places = map[string]bool{}
		for _, e := range b.d.Events {
			for _, r := range e.Places {
				b.places[r.ID] = true
			}
		}
	}
	return b.places
}

// tagSlug is the path segment of a tag's page: the word in lower case,
// letters and digits kept, other runs as "-"; a second tag that would
// have the same segment gets "-2", and so on, in the order of the tags'
// first use.
func (b *builder) tagSlug(word string) string {
	if b.tagSlugs == nil {
		b.tagSlugs = map[string]string{}
		taken := map[string]bool{}
		for _, e := range b.d.Events {
			for _, w := range e.Tags {
				if _, ok := b.tagSlugs[w]; ok {
					continue
				}
				base := slugify(w)
				s := base
				for n := 2; taken[s]; n++ {
					s = base + "-" + strconv.Itoa(n)
				}
				taken[s] = true
				b.tagSlugs[w] = s
			}
		}
	}
	return b.tagSlugs[word]
}

func slugify(w string) string {
	var s strings.Builder
	dash := false
	for _, r := range strings.ToLower(w) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && s.Len() > 0 {
				s.WriteByte('-')
			}
			s.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if s.Len() == 0 {
		return "tag"
	}
	return s.String()
}

// A tagPage is one page of a tag's events: a tag with many events has
// several, of at most maxListEvents events (and maxListBytes of
// summaries) each.
type tagPage struct {
	word, slug string
	page, of   int // 1-based
	events     []*content.Event
}

func (p tagPage) path() string {
	if p.page == 1 {
		return "timeline/tags/" + p.slug + "/"
	}
	return "timeline/tags/" + p.slug + "/" + strconv.Itoa(p.page) + "/"
}

// tagPages lists the pages of every tag, the tags in the order of their
// first use, each tag's events in timeline order.
func (b *builder) tagPages() []tagPage {
	var words []string
	byWord := map[string][]*content.Event{}
	for _, e := range b.d.Events {
		for i, w := range e.Tags {
			if slices.Contains(e.Tags[:i], w) {
				continue // a tag written twice
			}
			if _, ok := byWord[w]; !ok {
				words = append(words, w)
			}
			byWord[w] = append(byWord[w], e)
		}
	}
	var out []tagPage
	for _, w := range words {
		chunks := b.chunks(byWord[w])
		for i, c := range chunks {
			out = append(out, tagPage{word: w, slug: b.tagSlug(w), page: i + 1, of: len(chunks), events: c})
		}
	}
	return out
}

// chunks cuts events into runs that each fit a page.
func (b *builder) chunks(events []*content.Event) [][]*content.Event {
	var out [][]*content.Event
	start, size := 0, 0
	for i, e := range events {
		n := len(b.bodies[e.Path].Summary)
		if i > start && (i-start >= maxListEvents || size+n > maxListBytes) {
			out = append(out, events[start:i])
			start, size = i, 0
		}
		size += n
	}
	return append(out, events[start:])
}

// tagTitle is the title of a tag's page.
func (b *builder) tagTitle(p tagPage) string {
	title := b.t("timeline.tag", b.tag(p.word).Text)
	if p.page > 1 {
		title = b.t("timeline.part", title, b.t("timeline.page", b.cat.Number(p.page)))
	}
	return title
}

// tagView is a tag's page: its events, by day as on the timeline's
// compact view, with links to the tag's other pages.
func (b *builder) tagView(l linker, pages []tagPage, i int) View {
	p := pages[i]
	total := 0
	for _, q := range pages[i-p.page+1 : i-p.page+1+p.of] {
		total += len(q.events)
	}
	t := &Timeline{BackgroundTitle: b.bgTitle}
	t.Lede = b.cat.Plural("timeline.tag.lede", total, b.cat.Number(total), b.isolate(b.tag(p.word).Text))
	t.Script = l.abs("js/timeline.js")
	// Titles and dates, as the lists of an entity's or a source's events,
	// the other pages the timeline's filters lead to.
	t.Compact = true
	b.days(l, t, p.events)
	b.backgroundSection(t)
	if p.of > 1 {
		for _, q := range pages[i-p.page+1 : i-p.page+1+p.of] {
			t.Parts = append(t.Parts, NavLink{Text: b.t("timeline.page", b.cat.Number(q.page)), Href: l.to(q.path()), Current: q.page == p.page})
		}
		if p.page > 1 {
			t.Prev = &Link{Text: t.Parts[p.page-2].Text, Href: t.Parts[p.page-2].Href}
		}
		if p.page < p.of {
			t.Next = &Link{Text: t.Parts[p.page].Text, Href: t.Parts[p.page].Href}
		}
	}
	return t
}
