package sitegen

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/opendata"
)

// TestOpenData: a build writes the data files beside the pages, and prints
// site.yaml's licence and citation text in the footer of every page.
func TestOpenData(t *testing.T) {
	fsys := loadSite(t)
	files := mustBuild(t, fsys, Options{}).Files
	for _, name := range []string{"events.json", "events.schema.json", "events.csv", "sources.json", "entities.json", "timeline.json"} {
		if _, ok := files["data/"+name]; !ok {
			t.Errorf("no data/%s", name)
		}
	}
	if strings.Contains(string(files["index.html"]), `rel="license"`) {
		t.Error("a licence in the footer of a site without license:")
	}
	yaml := string(fsys["content/site.yaml"].Data)
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte(yaml + "license:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\ncite_as: \"Tiny dossier <2022>\"\n")}
	files = mustBuild(t, fsys, Options{}).Files
	for _, name := range []string{"index.html", "timeline/index.html", "sources/alpha/index.html"} {
		contains(t, files, name, `<p class="license"><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></p>`, `<p class="cite-as">Tiny dossier &lt;2022&gt;</p>`)
	}
	contains(t, files, "data/events.json", `"license": {`, `"cite_as": "Tiny dossier <2022>"`)
}

// TestCiteAsTranslated: site.<lang>.yaml may translate cite_as: for the
// pages of its language; the data keeps the original's.
func TestCiteAsTranslated(t *testing.T) {
	fsys := bilingual(t)
	site := append(fsys["content/site.yaml"].Data, "cite_as: Tiny dossier, 2022.\n"...)
	fsys["content/site.yaml"] = &fstest.MapFile{Data: site}
	fsys["content/site.vi.yaml"] = &fstest.MapFile{Data: []byte("translation_of: " + content.Hash(site) + "\ncite_as: Hồ sơ nhỏ, 2022.\n")}
	res := mustBuild(t, fsys, Options{Strict: true})
	contains(t, res.Files, "index.html", `<p class="cite-as">Tiny dossier, 2022.</p>`)
	contains(t, res.Files, "vi/index.html", `<p class="cite-as">Hồ sơ nhỏ, 2022.</p>`)
	contains(t, res.Files, "data/events.json", `"cite_as": "Tiny dossier, 2022."`)
}

// TestOpenDataFromSiteBodies: the data a build writes takes its text from
// the bodies the site converted (Site.Bodies): each event's summary is
// its body's first paragraph as plain text, and its text the whole body.
func TestOpenDataFromSiteBodies(t *testing.T) {
	// A preview's build, which keeps the bodies' text (site.Site.DropText).
	res, err := NewBuilder(Options{}).Build(bilingual(t))
	if err != nil {
		t.Fatal(err)
	}
	var evs opendata.Events
	if err := json.Unmarshal(res.Files["data/events.json"], &evs); err != nil {
		t.Fatal(err)
	}
	if len(evs.Events) != len(res.Dossier.Events) {
		t.Fatalf("%d events in the data, %d in the dossier", len(evs.Events), len(res.Dossier.Events))
	}
	for _, e := range evs.Events {
		doc := res.Site.Bodies[res.Dossier.Event(e.ID).Path]
		if e.Summary == "" || e.Summary != doc.SummaryText || e.Text != doc.Text {
			t.Errorf("%s: summary %q and text %q, the body's %q and %q", e.ID, e.Summary, e.Text, doc.SummaryText, doc.Text)
		}
	}
}
