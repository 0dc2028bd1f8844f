package sitegen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestTimelineSplit builds the tiny site with many more events: 2021 has
// 320 (more than a page holds, so it is split by month), 2020 has 5, and
// 1999 is background. The timeline page then lists the parts; each part
// has its events, and every event is on exactly one part.
func TestTimelineSplit(t *testing.T) {
	m := loadSite(t)
	cfg := m["content/site.yaml"]
	cfg.Data = []byte(strings.Replace(string(cfg.Data), "start: 2022-01-02", "start: 2020-01-01", 1))
	var want []string
	add := func(id, date string) {
		m["content/events/"+id+".md"] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Event %s\ndate: %s\nsources: [alpha]\n---\nIt happened [@alpha].\n", id, date)}
		want = append(want, id)
	}
	for i := range 320 {
		add(fmt.Sprintf("many-%03d", i), fmt.Sprintf("2021-%02d-%02d", 1+i%12, 1+i%28))
	}
	for i := range 5 {
		add(fmt.Sprintf("few-%d", i), fmt.Sprintf("2020-03-%02d", 1+i))
	}
	add("early", "1999")
	res := mustBuild(t, m, Options{Strict: true})

	index := string(res.Files["timeline/index.html"])
	if strings.Contains(index, `class="day"`) {
		t.Error("the timeline of a split timeline lists days; it should list only its parts")
	}
	parts := regexp.MustCompile(`<li><a href="([^"]+)/">`).FindAllStringSubmatch(section(index, `aria-label="Parts of the timeline"`), -1)
	var slugs []string
	for _, p := range parts {
		slugs = append(slugs, p[1])
	}
	// The tiny site's own events are of 1992 (background) and 2022.
	wantSlugs := []string{"background", "2020"}
	for mo := 1; mo <= 12; mo++ {
		wantSlugs = append(wantSlugs, fmt.Sprintf("2021-%02d", mo))
	}
	wantSlugs = append(wantSlugs, "2022")
	if !slices.Equal(slugs, wantSlugs) {
		t.Fatalf("parts = %v, want %v", slugs, wantSlugs)
	}
	seen := map[string]string{}
	eventLink := regexp.MustCompile(`class="event-title"><a href="../../events/([a-z0-9-]+)/"`)
	for i, slug := range slugs {
		page := string(res.Files["timeline/"+slug+"/index.html"])
		if page == "" {
			t.Fatalf("no page for part %s", slug)
		}
		if !strings.Contains(page, `<a href="./" aria-current="page">`) {
			t.Errorf("part %s does not mark itself as current in the list of parts", slug)
		}
		for _, m := range eventLink.FindAllStringSubmatch(section(page, `<ol class="days">`), -1) {
			if prev, ok := seen[m[1]]; ok && prev != slug {
				t.Errorf("event %s is on parts %s and %s", m[1], prev, slug)
			}
			seen[m[1]] = slug
		}
		nav := section(page, `class="prevnext"`)
		if hasPrev := strings.Contains(nav, `rel="prev" href="../`+slugs[max(i-1, 0)]+`/"`); hasPrev != (i > 0) {
			t.Errorf("part %s: link to the previous part = %v, want %v", slug, hasPrev, i > 0)
		}
		if hasNext := strings.Contains(nav, `rel="next" href="../`+slugs[min(i+1, len(slugs)-1)]+`/"`); hasNext != (i < len(slugs)-1) {
			t.Errorf("part %s: link to the next part = %v, want %v", slug, hasNext, i < len(slugs)-1)
		}
	}
	for _, id := range want {
		if seen[id] == "" {
			t.Errorf("event %s is on no part of the timeline", id)
		}
	}
	if seen["many-000"] != "2021-01" || seen["few-0"] != "2020" || seen["early"] != "background" {
		t.Errorf("events on the wrong parts: many-000 on %s, few-0 on %s, early on %s", seen["many-000"], seen["few-0"], seen["early"])
	}
}

// TestTimelineNotSplit: a timeline of a few hundred events stays one page.
func TestTimelineNotSplit(t *testing.T) {
	m := loadSite(t)
	for i := range 290 {
		m[fmt.Sprintf("content/events/e-%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Event %d\ndate: 2021-%02d-01\nsources: [alpha]\n---\nIt happened [@alpha].\n", i, 1+i%12)}
	}
	res := mustBuild(t, m, Options{Strict: true})
	if got := strings.Count(string(res.Files["timeline/index.html"]), `<li class="event`); got != 293 {
		t.Errorf("the timeline lists %d events, want all 293", got)
	}
	for p := range res.Files {
		if strings.HasPrefix(p, "timeline/") && p != "timeline/index.html" && p != "timeline/compact/index.html" && !strings.HasSuffix(p, "/og.png") {
			t.Errorf("a timeline of 293 events has a part %s", p)
		}
	}
}

// section returns s from the first occurrence of start to the end of the
// next nav element, or "" without start.
func section(s, start string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, "</nav>"); j >= 0 {
		return s[:j]
	}
	return s
}
