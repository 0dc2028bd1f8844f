package sitegen

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/opendata"
	"github.com/dossier-dev/dossier/internal/theme"
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

// TestOpenDataFromSiteBodies: the data a build writes from the site's
// analysed bodies is the data of the bodies converted afresh.
func TestOpenDataFromSiteBodies(t *testing.T) {
	fsys := bilingual(t)
	res := mustBuild(t, fsys, Options{})
	d := res.Dossier
	bodies, err := opendata.Convert(d, markdown.New())
	if err != nil {
		t.Fatal(err)
	}
	vi, _, err := d.Localize(theme.Overlay(fsys, dossier.Theme()), "vi")
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := opendata.Files(d, map[string]*content.Dossier{"vi": vi}, res.Site.BaseURL, bodies)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fresh["data/events.json"]), `"summary": "`) || !strings.Contains(string(fresh["data/events.json"]), `"vi": "`) {
		t.Fatalf("events.json has no summary or no translated title:\n%s", fresh["data/events.json"])
	}
	for name, b := range fresh {
		if string(res.Files[name]) != string(b) {
			t.Errorf("%s differs between the site's bodies and a fresh conversion:\n%s\n---\n%s", name, res.Files[name], b)
		}
	}
}
