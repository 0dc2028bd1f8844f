package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/markdown"
)

// timelineFiles is a small dossier for the timeline's tests: a period of
// five days of which three have no event, two sources, three entities
// and a background event.
var timelineFiles = map[string]string{
	"content/site.yaml": `title: Test
description: A test dossier.
base_url: https://example.org/
languages: [en]
period:
  start: 2022-01-02
  end: 2022-01-06
`,
	"content/sources/a.md":       "---\ntitle: Alpha report\npublisher: Alpha\nlanguage: en\npublished:\n  date: 2022-01-07\n  precision: day\n---\nAlpha [@a].\n",
	"content/sources/b.md":       "---\ntitle: Beta report\npublisher: Beta\nlanguage: en\npublished:\n  date: 2022-01-08\n  precision: day\n---\nBeta [@b].\n",
	"content/entities/almaty.md": "---\nname: Almaty\nkind: place\n---\n",
	"content/entities/pact.md":   "---\nname: The Pact\nkind: organization\n---\n",
	"content/entities/xu.md":     "---\nname: Xu\nkind: person\n---\n",
	"content/events/e1.md":       "---\ntitle: First\ndate: 2022-01-02\nplaces: [almaty]\nactors: [pact]\ntags: [fuel prices]\nsources: [a, b]\n---\nIt began [@a; @b].\n",
	"content/events/e2.md":       "---\ntitle: Second\ndate: 2022-01-02\ntags: [protests]\nsources: [a]\n---\nMore [@a].\n",
	"content/events/e3.md":       "---\ntitle: Third\ndate: 2022-01-05\nactors: [xu]\ntags: [protests]\nsources: [b]\n---\nXu spoke [@b].\n",
	"content/events/old.md":      "---\ntitle: Long ago\ndate: 1999\nsources: [a]\n---\nBefore [@a].\n",
}

// buildSite computes the site of files with the built-in catalogues.
func buildSite(t testing.TB, files map[string]string) *Site {
	t.Helper()
	d, cats := loadSite(t, files)
	s, err := New(d, nil, cats, markdown.New(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// loadSite loads the dossier of files, and the theme's catalogues of its
// languages.
func loadSite(t testing.TB, files map[string]string) (*content.Dossier, map[string]*i18n.Catalog) {
	t.Helper()
	m := fstest.MapFS{}
	for p, s := range files {
		m[p] = &fstest.MapFile{Data: []byte(s)}
	}
	d, err := content.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	cats, diags := i18n.Load(dossier.Theme(), d.Config.Languages)
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	return d, cats
}

// timelineAt returns the timeline view of the page at path.
func timelineAt(t *testing.T, s *Site, path string) *Timeline {
	t.Helper()
	for _, p := range s.Pages {
		if p.Path == path {
			v := p.View()
			tl, ok := v.(*Timeline)
			if !ok {
				t.Fatalf("%s is a %T, not a timeline", path, v)
			}
			return tl
		}
	}
	t.Fatalf("no page %s", path)
	return nil
}

func eventIDs(days []Day) []string {
	var ids []string
	for _, d := range days {
		for _, e := range d.Events {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// TestTimelineStrip: the strip has every day of the period, the empty
// ones included, with the number of events of each; only days with events
// link, to their day on the page.
func TestTimelineStrip(t *testing.T) {
	tl := timelineAt(t, buildSite(t, timelineFiles), "timeline/")
	if len(tl.Strip) != 1 || tl.Strip[0].Label != "January 2022" {
		t.Fatalf("strip groups = %+v, want one, January 2022", tl.Strip)
	}
	var labels, hrefs []string
	var counts, levels []int
	for _, c := range tl.Strip[0].Cells {
		labels, counts, levels, hrefs = append(labels, c.Label), append(counts, c.Count), append(levels, c.Level), append(hrefs, c.Href)
	}
	if want := []string{"2", "3", "4", "5", "6"}; !slices.Equal(labels, want) {
		t.Errorf("strip days = %v, want %v", labels, want)
	}
	if want := []int{2, 0, 0, 1, 0}; !slices.Equal(counts, want) {
		t.Errorf("strip counts = %v, want %v", counts, want)
	}
	if want := []int{4, 0, 0, 2, 0}; !slices.Equal(levels, want) {
		t.Errorf("strip levels = %v, want %v", levels, want)
	}
	if want := []string{"#d-2022-01-02", "", "", "#d-2022-01-05", ""}; !slices.Equal(hrefs, want) {
		t.Errorf("strip links = %v, want %v", hrefs, want)
	}
	if got := tl.Strip[0].Cells[1].Text; got != "3 January 2022: no events" {
		t.Errorf("an empty day reads %q", got)
	}
	if got := tl.Strip[0].Cells[0].Text; got != "2 January 2022: 2 events" {
		t.Errorf("a day with events reads %q", got)
	}
	// Every link of the strip leads to a day of the page.
	ids := map[string]bool{}
	for _, d := range tl.Days {
		ids["#"+d.ID] = true
	}
	for _, h := range hrefs {
		if h != "" && !ids[h] {
			t.Errorf("the strip links to %s, which is no day of the page", h)
		}
	}
}

// TestTimelineFilters: each filter counts the events whose facets hold
// its key (what the script matches), links to the page that lists them,
// and the groups sort the most frequent first.
func TestTimelineFilters(t *testing.T) {
	tl := timelineAt(t, buildSite(t, timelineFiles), "timeline/")
	got := map[string][]string{}
	hrefs := map[string]string{}
	for _, g := range tl.Filters {
		for _, f := range g.Filters {
			got[g.ID] = append(got[g.ID], f.Key)
			hrefs[f.Key] = f.Href
			n := 0
			for _, d := range append(slices.Clone(tl.Days), tl.Background...) {
				for _, e := range d.Events {
					if slices.Contains(strings.Fields(e.Facets), f.Key) {
						n++
					}
				}
			}
			if n != f.Count {
				t.Errorf("filter %s counts %d events; %d events have it", f.Key, f.Count, n)
			}
		}
	}
	want := map[string][]string{
		"actors":  {"e:pact", "e:xu"},
		"places":  {"e:almaty"},
		"sources": {"s:a", "s:b"},
		"tags":    {"t:protests", "t:fuel-prices"},
	}
	for g, keys := range want {
		if !slices.Equal(got[g], keys) {
			t.Errorf("filters %s = %v, want %v", g, got[g], keys)
		}
	}
	for key, href := range map[string]string{
		"e:almaty": "../entities/almaty/", "s:a": "../sources/a/", "t:fuel-prices": "tags/fuel-prices/",
	} {
		if hrefs[key] != href {
			t.Errorf("filter %s links to %q, want %q", key, hrefs[key], href)
		}
	}
}

// TestTimelineCorroboration: an event that two sources report says so;
// one that a single source reports is marked single, without a count.
func TestTimelineCorroboration(t *testing.T) {
	tl := timelineAt(t, buildSite(t, timelineFiles), "timeline/")
	items := map[string]EventItem{}
	for _, d := range tl.Days {
		for _, e := range d.Events {
			items[e.ID] = e
		}
	}
	if e := items["e1"]; e.Corroborated != "2 sources" || e.SingleSource {
		t.Errorf("e1 (two sources): Corroborated %q, SingleSource %v", e.Corroborated, e.SingleSource)
	}
	if e := items["e2"]; e.Corroborated != "" || !e.SingleSource {
		t.Errorf("e2 (one source): Corroborated %q, SingleSource %v", e.Corroborated, e.SingleSource)
	}
}

// TestTimelineViews: the compact view is a page of its own with every
// event of the full one, and each view links to the other.
func TestTimelineViews(t *testing.T) {
	s := buildSite(t, timelineFiles)
	full, compact := timelineAt(t, s, "timeline/"), timelineAt(t, s, "timeline/compact/")
	if full.Compact || !compact.Compact {
		t.Fatalf("Compact: full %v, compact %v", full.Compact, compact.Compact)
	}
	if a, b := eventIDs(full.Days), eventIDs(compact.Days); len(a) != 3 || !slices.Equal(a, b) {
		t.Errorf("full view lists %v, compact view %v", a, b)
	}
	if a, b := eventIDs(full.Background), eventIDs(compact.Background); !slices.Equal(a, []string{"old"}) || !slices.Equal(a, b) {
		t.Errorf("background: full view %v, compact view %v", a, b)
	}
	for _, tc := range []struct {
		tl      *Timeline
		hrefs   []string
		current int
	}{{full, []string{"./", "compact/"}, 0}, {compact, []string{"../", "./"}, 1}} {
		if len(tc.tl.Views) != 2 || tc.tl.Views[0].Href != tc.hrefs[0] || tc.tl.Views[1].Href != tc.hrefs[1] || !tc.tl.Views[tc.current].Current {
			t.Errorf("views = %+v, want links %v, the current %d", tc.tl.Views, tc.hrefs, tc.current)
		}
	}
}

// TestTimelineBackground: the background is collapsed behind a summary
// that counts it, and its events link to their year.
func TestTimelineBackground(t *testing.T) {
	tl := timelineAt(t, buildSite(t, timelineFiles), "timeline/")
	if tl.BackgroundOpen || tl.BackgroundShow != "Show 1 earlier event" {
		t.Errorf("background: open %v, summary %q", tl.BackgroundOpen, tl.BackgroundShow)
	}
	if len(tl.Background) != 1 || tl.Background[0].ID != "d-1999" || tl.Background[0].Events[0].DayHref != "#d-1999" {
		t.Errorf("background days = %+v", tl.Background)
	}
}

// TestTagPages: each tag has a page with its events; an event's page
// links to its tags' pages and back to its day on the timeline.
func TestTagPages(t *testing.T) {
	s := buildSite(t, timelineFiles)
	tl := timelineAt(t, s, "timeline/tags/protests/")
	if got := eventIDs(tl.Days); !slices.Equal(got, []string{"e2", "e3"}) {
		t.Errorf("the tag page lists %v, want e2, e3", got)
	}
	if !tl.Compact || tl.Views != nil || tl.Filters != nil {
		t.Errorf("a tag page: Compact %v, Views %v, Filters %v; want the compact list only", tl.Compact, tl.Views, tl.Filters)
	}
	if tl.Lede != "2 events tagged “protests”, in date order." {
		t.Errorf("tag page lede %q", tl.Lede)
	}
	timelineAt(t, s, "timeline/tags/fuel-prices/")
	for _, p := range s.Pages {
		if p.Path == "events/e3/" {
			v := p.View().(*Event)
			if v.DayHref != "../../timeline/#d-2022-01-05" {
				t.Errorf("the event page's day links to %q", v.DayHref)
			}
			if len(v.Tags) != 1 || v.Tags[0].Href != "../../timeline/tags/protests/" {
				t.Errorf("the event page's tags are %+v, want a link to ../../timeline/tags/protests/", v.Tags)
			}
			return
		}
	}
	t.Fatal("no page events/e3/")
}

func TestTagSlugs(t *testing.T) {
	b := &builder{d: &content.Dossier{Events: []*content.Event{
		{Tags: []string{"Fuel prices", "fuel-prices", "Đà Nẵng", "!!"}},
	}}}
	for w, want := range map[string]string{"Fuel prices": "fuel-prices", "fuel-prices": "fuel-prices-2", "Đà Nẵng": "đà-nẵng", "!!": "tag"} {
		if got := b.tagSlug(w); got != want {
			t.Errorf("tagSlug(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestTimelineCrowdedMonth: a month with more events than a page holds is
// cut into pages of consecutive events, each event on one of them, and
// each page's strip shows its own days.
func TestTimelineCrowdedMonth(t *testing.T) {
	files := maps.Clone(timelineFiles)
	files["content/site.yaml"] = strings.Replace(files["content/site.yaml"], "start: 2022-01-02", "start: 2021-03-01", 1)
	for i := range 320 {
		files[fmt.Sprintf("content/events/m%03d.md", i)] = fmt.Sprintf("---\ntitle: Event %d\ndate: 2021-03-%02d\nsources: [a]\n---\nIt happened [@a].\n", i, 1+i/11)
	}
	s := buildSite(t, files)
	seen := map[string]int{}
	for _, slug := range []string{"2021-03-1", "2021-03-2"} {
		tl := timelineAt(t, s, "timeline/"+slug+"/")
		ids := eventIDs(tl.Days)
		if len(ids) > maxListEvents {
			t.Errorf("part %s lists %d events", slug, len(ids))
		}
		for _, id := range ids {
			seen[id]++
		}
		days := map[string]bool{}
		for _, d := range tl.Days {
			days["#"+d.ID] = true
		}
		for _, g := range tl.Strip {
			for _, c := range g.Cells {
				if c.Href == "" || !days[c.Href] {
					t.Errorf("part %s: strip cell %s (%d events, link %q) is not one of its days", slug, c.Label, c.Count, c.Href)
				}
			}
		}
	}
	var parts []string
	for _, p := range timelineAt(t, s, "timeline/").Parts {
		parts = append(parts, p.Text)
	}
	if want := []string{"Background, 1999: 1 event", "March 2021: Page 1: 300 events", "March 2021: Page 2: 20 events", "2022: 3 events"}; !slices.Equal(parts, want) {
		t.Errorf("the timeline's parts are %q, want %q", parts, want)
	}
	for i := range 320 {
		if id := fmt.Sprintf("m%03d", i); seen[id] != 1 {
			t.Errorf("event %s is on %d parts, want 1", id, seen[id])
		}
	}
}

// TestTimelineStripUndated: events dated to a month or a year only have a
// cell of their own, first in their month or in a group of their year
// before its months, linking to where the list has them; with them every
// event of the page is a cell's.
func TestTimelineStripUndated(t *testing.T) {
	files := maps.Clone(timelineFiles)
	files["content/events/m1.md"] = "---\ntitle: Some day in January\ndate: 2022-01\nsources: [a]\n---\nIn January [@a].\n"
	files["content/events/m2.md"] = "---\ntitle: Another day in January\ndate: 2022-01\nsources: [b]\n---\nAlso in January [@b].\n"
	files["content/events/y1.md"] = "---\ntitle: Some time in 2022\ndate: 2022\nsources: [a]\n---\nThat year [@a].\n"
	tl := timelineAt(t, buildSite(t, files), "timeline/")
	var labels []string
	for _, g := range tl.Strip {
		labels = append(labels, g.Label)
	}
	if want := []string{"2022", "January 2022"}; !slices.Equal(labels, want) {
		t.Fatalf("strip groups %q, want %q", labels, want)
	}
	year, month := tl.Strip[0].Cells, tl.Strip[1].Cells
	if len(year) != 1 || !year[0].Undated || year[0].Count != 1 || year[0].Href != "#d-2022" || year[0].Label != "no day" || year[0].Text != "2022, day not known: 1 event" {
		t.Errorf("the year's cell: %+v", year)
	}
	if len(month) != 6 || !month[0].Undated || month[0].Count != 2 || month[0].Href != "#d-2022-01" || month[0].Text != "January 2022, day not known: 2 events" || month[1].Label != "2" || month[1].Undated {
		t.Errorf("the month's cells: %+v", month)
	}
	days := map[string]int{}
	for _, d := range tl.Days {
		days["#"+d.ID] = len(d.Events)
	}
	total := 0
	for _, g := range tl.Strip {
		for _, c := range g.Cells {
			total += c.Count
			if c.Href != "" && days[c.Href] != c.Count {
				t.Errorf("cell %s (%s) counts %d; the list has %d events at %s", c.Label, c.Text, c.Count, days[c.Href], c.Href)
			}
		}
	}
	if n := len(eventIDs(tl.Days)); total != n {
		t.Errorf("the strip's cells count %d events; the page has %d in the period", total, n)
	}
}

// TestTimelineMonthStripUndated: on a strip of months, a month's events
// without a day count in their month, and a year's without a month have a
// cell first in their year.
func TestTimelineMonthStripUndated(t *testing.T) {
	files := maps.Clone(timelineFiles)
	files["content/site.yaml"] = strings.Replace(files["content/site.yaml"], "start: 2022-01-02", "start: 2020-01-01", 1)
	files["content/events/m1.md"] = "---\ntitle: Some day in May\ndate: 2021-05\nsources: [a]\n---\nIn May [@a].\n"
	files["content/events/d1.md"] = "---\ntitle: A day in May\ndate: 2021-05-04\nsources: [a]\n---\nOn 4 May [@a].\n"
	files["content/events/y1.md"] = "---\ntitle: Some time in 2021\ndate: 2021\nsources: [a]\n---\nThat year [@a].\n"
	tl := timelineAt(t, buildSite(t, files), "timeline/")
	var y2021 *StripGroup
	for i := range tl.Strip {
		if tl.Strip[i].Label == "2021" {
			y2021 = &tl.Strip[i]
		}
	}
	if y2021 == nil || len(y2021.Cells) != 13 {
		t.Fatalf("strip %+v: want a group 2021 of a cell for the year and 12 months", tl.Strip)
	}
	if c := y2021.Cells[0]; !c.Undated || c.Count != 1 || c.Href != "#d-2021" {
		t.Errorf("2021's first cell: %+v", c)
	}
	if c := y2021.Cells[5]; c.Undated || c.Count != 2 || c.Href != "#d-2021-05" {
		t.Errorf("May 2021: %+v; want its 2 events, linking to those without a day, which come first", c)
	}
}

// TestTimelineFilterText: the script's words count the page's events,
// with a slot for the number it counts, and the page's digits; a page on
// its own has no index.
func TestTimelineFilterText(t *testing.T) {
	tl := timelineAt(t, buildSite(t, timelineFiles), "timeline/")
	ft := tl.FilterText
	if ft == nil || ft.Count != "{0} of 4 events" || ft.PageCount != "" || ft.Here != "" || ft.Remove != "Remove the filter {0}" || ft.Digits != "0123456789" {
		t.Errorf("filter text %+v", ft)
	}
	if tl.Index != "" {
		t.Errorf("a timeline on one page links to an index: %q", tl.Index)
	}
	if len(buildSite(t, timelineFiles).Files) != 0 {
		t.Error("a timeline on one page has a filter index")
	}
}

// TestTimelineIndex: the filter index of a split timeline gives each
// event the part whose page lists it, and each filter key exactly the
// events whose facets hold it, across parts; each part's page links to
// it and names its own part, and counts are the whole timeline's.
func TestTimelineIndex(t *testing.T) {
	files := maps.Clone(timelineFiles)
	files["content/site.yaml"] = strings.Replace(files["content/site.yaml"], "start: 2022-01-02", "start: 2021-03-01", 1)
	for i := range 320 {
		tags := "[protests]"
		if i%7 == 0 {
			tags = "[fuel prices]"
		}
		files[fmt.Sprintf("content/events/m%03d.md", i)] = fmt.Sprintf("---\ntitle: Event %d\ndate: 2021-03-%02d\nactors: [xu]\ntags: %s\nsources: [a]\n---\nIt happened [@a].\n", i, 1+i/11, tags)
	}
	s := buildSite(t, files)
	if len(s.Files) > 0 || len(s.Search) > 0 {
		t.Errorf("New made the indexes, which no page needs: %d files, %d search indexes", len(s.Files), len(s.Search))
	}
	s.MakeIndexes()
	s.MakeIndexes() // once
	js := s.Files[TimelineIndexPath]
	body, ok := strings.CutPrefix(string(js), "dossierTimelineIndex(")
	body, ok2 := strings.CutSuffix(body, ");\n")
	if !ok || !ok2 {
		t.Fatalf("%s is not a call of dossierTimelineIndex: %.80q", TimelineIndexPath, js)
	}
	var ix struct {
		Parts  [][2]string
		Labels []string
		Part   []int
		Keys   map[string]struct {
			T string
			E []int
		}
	}
	if err := json.Unmarshal([]byte(body), &ix); err != nil {
		t.Fatal(err)
	}
	root := timelineAt(t, s, "timeline/")
	if len(ix.Parts) != len(root.Parts) || len(ix.Labels) != len(root.Parts) {
		t.Fatalf("the index has %d parts; the timeline %d", len(ix.Parts), len(root.Parts))
	}
	// The events of each key, and the part of each event, as the parts'
	// pages list them: positions are the dossier's order of events.
	pos := map[string]int{}
	for _, p := range s.Pages {
		if v, ok := p.View().(*Event); ok {
			pos[v.ID] = len(pos)
		}
	}
	wantPart := make([]int, len(pos))
	wantKeys := map[string][]int{}
	for i, part := range root.Parts {
		want := [2]string{strings.TrimPrefix(part.Href, "../timeline/"), strings.TrimPrefix(part.Href, "../timeline/") + "compact/"}
		if ix.Parts[i] != want || ix.Labels[i] != strings.SplitN(part.Text, ": ", 2)[0] && !strings.HasPrefix(part.Text, ix.Labels[i]) {
			t.Errorf("index part %d: %v %q; the timeline's: %v %q", i, ix.Parts[i], ix.Labels[i], want, part.Text)
		}
		tl := timelineAt(t, s, "timeline/"+want[0])
		if tl.Index != "../filters.js" || tl.Part != i {
			t.Errorf("part %s: index %q, part %d; want ../filters.js, %d", want[0], tl.Index, tl.Part, i)
		}
		if tl.FilterText.Count != fmt.Sprintf("{0} of %d events", len(pos)) {
			t.Errorf("part %s counts %q; want the whole timeline's %d events", want[0], tl.FilterText.Count, len(pos))
		}
		for _, d := range append(slices.Clone(tl.Days), tl.Background...) {
			for _, e := range d.Events {
				wantPart[pos[e.ID]] = i
				for _, k := range strings.Fields(e.Facets) {
					wantKeys[k] = append(wantKeys[k], pos[e.ID])
				}
			}
		}
	}
	if !slices.Equal(ix.Part, wantPart) {
		t.Errorf("the index's parts of events differ from the pages'")
	}
	if len(ix.Keys) != len(wantKeys) {
		t.Errorf("the index has %d keys; the pages' events %d", len(ix.Keys), len(wantKeys))
	}
	for k, want := range wantKeys {
		slices.Sort(want)
		var got []int
		at := -1
		for _, gap := range ix.Keys[k].E {
			at += gap
			got = append(got, at)
		}
		if !slices.Equal(got, want) {
			t.Errorf("key %s: the index has events %v, the pages %v", k, got, want)
		}
	}
	if ix.Keys["e:xu"].T != "Xu" || ix.Keys["t:fuel-prices"].T != "fuel prices" {
		t.Errorf("key names: %q, %q", ix.Keys["e:xu"].T, ix.Keys["t:fuel-prices"].T)
	}
	again := buildSite(t, files)
	again.MakeIndexes()
	if again := again.Files[TimelineIndexPath]; !bytes.Equal(again, js) {
		t.Error("two builds write different indexes")
	}
}

// TestEntityGroupsAndFigures: the entities' index heads each kind with an
// anchored heading; a figure that several sources give says how many.
func TestEntityGroupsAndFigures(t *testing.T) {
	s := buildSite(t, timelineFiles)
	for _, p := range s.Pages {
		if v, ok := p.View().(*Entities); ok {
			var ids []string
			for _, g := range v.Groups {
				ids = append(ids, g.Heading().ID)
				if g.Heading().Text != g.Kind {
					t.Errorf("group %s: heading %q", g.Kind, g.Heading().Text)
				}
			}
			if want := []string{"person", "organization", "place"}; !slices.Equal(ids, want) {
				t.Errorf("entity groups' ids %v, want %v", ids, want)
			}
		}
	}
	b := &builder{cat: s.Catalogs["en"]}
	if got := b.sourceCount(3); got != "3 sources" {
		t.Errorf("sourceCount(3) = %q", got)
	}
	if got := b.sourceCount(1); got != "" {
		t.Errorf("sourceCount(1) = %q, want none: one source has its quiet mark", got)
	}
}

// TestMakeIndexesContext: indexes made with a context that is done, at
// once or after a few looks while they are made, are given up and left
// empty, with the context's error, once and for all; with a context never
// done they are MakeIndexes'.
func TestMakeIndexesContext(t *testing.T) {
	files := maps.Clone(timelineFiles)
	files["content/site.yaml"] = strings.Replace(files["content/site.yaml"], "start: 2022-01-02", "start: 2021-03-01", 1)
	for i := range 600 {
		files[fmt.Sprintf("content/events/m%03d.md", i)] = fmt.Sprintf("---\ntitle: Event %d\ndate: 2021-03-%02d\nactors: [xu]\ntags: [protests]\nsources: [a]\n---\nIt happened [@a].\n", i, 1+i/25)
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		what string
		ctx  context.Context
	}{
		{"done at once", canceled},
		{"done at its third look", &doneAfter{Context: context.Background(), looks: 2}},
	} {
		s := buildSite(t, files)
		if err := s.MakeIndexesContext(tc.ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", tc.what, err)
		}
		if err := s.MakeIndexesContext(context.Background()); !errors.Is(err, context.Canceled) || len(s.Search) > 0 || len(s.Files) > 0 {
			t.Errorf("%s, then again: %v; %d search indexes, %d files", tc.what, err, len(s.Search), len(s.Files))
		}
	}
	// Both indexes look while they take the events, every stopEvery.
	s := buildSite(t, files)
	never := &doneAfter{Context: context.Background(), looks: 1 << 30}
	if err := s.MakeIndexesContext(never); err != nil || len(s.Search) == 0 || len(s.Files[TimelineIndexPath]) == 0 {
		t.Errorf("never done: %v; %d search indexes, %d bytes of timeline index", err, len(s.Search), len(s.Files[TimelineIndexPath]))
	}
	if looks, want := never.n.Load(), 2*len(s.Langs)*((600+stopEvery-1)/stopEvery); int(looks) < want {
		t.Errorf("the indexes looked at the context %d times, want at least %d", looks, want)
	}
}

// TestNewContext: New with a context done at any of its looks returns the
// context's error and no Site; with one never done, it is New's site. It
// looks every stopEvery files while it analyses them, and every stopEvery
// events while it lists their pages, in each language.
func TestNewContext(t *testing.T) {
	files := maps.Clone(timelineFiles)
	files["content/site.yaml"] = strings.Replace(files["content/site.yaml"], "start: 2022-01-02", "start: 2021-03-01", 1)
	for i := range 2000 {
		files[fmt.Sprintf("content/events/m%04d.md", i)] = fmt.Sprintf("---\ntitle: Event %d\ndate: 2021-03-%02d\nactors: [xu]\nsources: [a]\n---\nIt happened [@a].\n", i, 1+i/100)
	}
	d, cats := loadSite(t, files)
	conv := markdown.New()
	never := &doneAfter{Context: context.Background(), looks: 1 << 30}
	s, err := New(d, nil, cats, conv, Options{Context: never})
	plain, perr := New(d, nil, cats, conv, Options{})
	if err != nil || perr != nil || len(s.Pages) != len(plain.Pages) {
		t.Fatalf("never done: %v; without a context: %v; %d pages, want %d", err, perr, len(s.Pages), len(plain.Pages))
	}
	looks := int(never.n.Load())
	per := func(n int) int { return (n + stopEvery - 1) / stopEvery }
	if want := len(s.Langs) * (per(len(d.Files())) + per(len(d.Events))); looks < want {
		t.Errorf("New looked at its context %d times, want at least %d", looks, want)
	}
	for _, n := range []int{0, 1, looks / 2, looks - 1} {
		s, err := New(d, nil, cats, conv, Options{Context: &doneAfter{Context: context.Background(), looks: int32(n)}})
		if !errors.Is(err, context.Canceled) || s != nil {
			t.Errorf("done at look %d of %d: %v, a site: %v; want context.Canceled and none", n+1, looks, err, s != nil)
		}
	}
}

// doneAfter is a context done once its Err was asked looks times.
type doneAfter struct {
	context.Context
	looks int32
	n     atomic.Int32
}

func (c *doneAfter) Err() error {
	if c.n.Add(1) > c.looks {
		return context.Canceled
	}
	return nil
}
