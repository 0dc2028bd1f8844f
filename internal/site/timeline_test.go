package site

import (
	"fmt"
	"maps"
	"slices"
	"strings"
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
	s, err := New(d, nil, cats, markdown.New(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
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
