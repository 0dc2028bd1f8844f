package site_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/render"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/synth"
)

// The most a timeline page may hold: what a phone loads comfortably.
const (
	maxPageEvents = 300
	maxPageBytes  = 1 << 20
)

// TestTimelineAtTenThousandEvents builds the timeline of a generated
// dossier of 10,000 events (package synth; its first language only, which
// is what the timeline's size depends on) and renders its pages with the
// built-in templates: no page of the timeline, in either view, nor any
// tag page, holds more than maxPageEvents events or maxPageBytes bytes;
// every event is on exactly one page of each view, and on one page of
// each of its tags.
//
// It computes a whole site of 10,000 events, about 20 s of CPU: go test
// -short leaves it out.
func TestTimelineAtTenThousandEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("computes a site of 10,000 events; run without -short")
	}
	dir := t.TempDir()
	if err := synth.Generate(dir, synth.Options{Events: 10_000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	d, err := content.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	d.Config.Languages = d.Config.Languages[:1]
	cats, diags := i18n.Load(dossier.Theme(), d.Config.Languages)
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	s, err := site.New(d, nil, cats, markdown.New(), site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var pages []*site.Page
	for _, p := range s.Pages {
		if strings.HasPrefix(p.Path, "timeline/") {
			pages = append(pages, p)
		}
	}
	s.Pages, s.NotFound = pages, nil
	tmpl, diags := render.Load(dossier.Theme())
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}
	files, diags := tmpl.Render(s)
	if len(diags) > 0 {
		t.Fatal(diags.Err())
	}

	event := regexp.MustCompile(`<li class="event" id="([^"]+)"`)
	full, compact := map[string]int{}, map[string]int{}
	tagged := map[string]int{} // "tag page/event id" → times seen
	parts := 0
	for _, p := range pages {
		html := files[p.File()]
		if len(html) > maxPageBytes {
			t.Errorf("%s is %d bytes, more than %d", p.File(), len(html), maxPageBytes)
		}
		ids := event.FindAllSubmatch(html, -1)
		if len(ids) > maxPageEvents {
			t.Errorf("%s lists %d events, more than %d", p.File(), len(ids), maxPageEvents)
		}
		seen := full
		switch {
		case strings.HasPrefix(p.Path, "timeline/tags/"):
			tag, _, _ := strings.Cut(strings.TrimPrefix(p.Path, "timeline/tags/"), "/")
			for _, m := range ids {
				tagged[tag+"/"+string(m[1])]++
			}
			continue
		case strings.HasSuffix(p.Path, "/compact/"):
			seen = compact
		case len(ids) > 0:
			parts++
		}
		for _, m := range ids {
			seen[string(m[1])]++
		}
	}
	if parts < 2 {
		t.Fatalf("the timeline of 10,000 events has %d parts; it should be split", parts)
	}
	for _, e := range d.Events {
		if full[e.ID] != 1 || compact[e.ID] != 1 {
			t.Errorf("event %s is on %d pages of the full view and %d of the compact view; want one each", e.ID, full[e.ID], compact[e.ID])
		}
		for _, w := range e.Tags {
			slug := strings.ReplaceAll(strings.ToLower(w), " ", "-")
			if n := tagged[slug+"/"+e.ID]; n != 1 {
				t.Errorf("event %s is on %d pages of its tag %q; want one", e.ID, n, w)
			}
		}
	}
	if len(full) != len(d.Events) || len(compact) != len(d.Events) {
		t.Errorf("the timeline lists %d events in its full view and %d in its compact view; the dossier has %d", len(full), len(compact), len(d.Events))
	}
}
