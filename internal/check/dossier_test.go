package check_test

import (
	"encoding/xml"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/check"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// TestRealDossier builds the real dossier for a GitHub Pages project site
// and checks it as readers get it: served under /dossier/, and the offline
// copy read from disk. Neither may have a single problem.
func TestRealDossier(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole dossier twice")
	}
	const baseURL = "https://example.github.io/dossier/"
	for _, tc := range []struct {
		name string
		opts sitegen.Options
		read check.Options
	}{
		{"served", sitegen.Options{BaseURL: baseURL}, check.Options{BasePath: "/dossier/"}},
		{"offline", sitegen.Options{BaseURL: baseURL, Offline: true}, check.Options{Offline: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sitegen.Build(os.DirFS("../.."), tc.opts)
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			fsys := fstest.MapFS{}
			for name, b := range res.Files {
				fsys[name] = &fstest.MapFile{Data: b}
			}
			rep, err := check.Site(fsys, tc.read)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				t.Errorf("%s", p)
			}
			pages := len(res.Site.Pages)
			if !tc.opts.Offline {
				pages++ // 404.html
			}
			if rep.Pages != pages || rep.Links < 20*pages || rep.Anchors == 0 {
				t.Errorf("checked %d pages, %d links, %d anchors; want %d pages and many links", rep.Pages, rep.Links, rep.Anchors, pages)
			}
			t.Logf("%d pages, %d links, %d anchors", rep.Pages, rep.Links, rep.Anchors)

			// Every event is in the feed of every language.
			for i, lang := range res.Site.Langs {
				name, prefix := "feed.xml", ""
				if i > 0 {
					name, prefix = lang+"/feed.xml", lang+"/"
				}
				var feed struct {
					Entries []struct {
						ID string `xml:"id"`
					} `xml:"entry"`
				}
				if err := xml.Unmarshal(res.Files[name], &feed); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				ids := map[string]bool{}
				for _, e := range feed.Entries {
					ids[e.ID] = true
				}
				for _, e := range res.Dossier.Events {
					if u := baseURL + prefix + "events/" + e.ID + "/"; !ids[u] {
						t.Errorf("%s has no entry %s", name, u)
					}
				}
				if len(feed.Entries) != len(res.Dossier.Events) {
					t.Errorf("%s has %d entries for %d events", name, len(feed.Entries), len(res.Dossier.Events))
				}
			}
		})
	}
}

// TestNoCitationMarkersInDescriptions: a page's description, its social
// card text and every feed entry are clean text, without the [1, 2] markers
// of citations.
func TestNoCitationMarkersInDescriptions(t *testing.T) {
	res, err := sitegen.Build(os.DirFS("../.."), sitegen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	marker := regexp.MustCompile(`\[\d+(, ?\d+)*\]`)
	meta := regexp.MustCompile(`<meta (?:name="description"|property="og:description") content="([^"]*)"`)
	n := 0
	for name, b := range res.Files {
		switch {
		case strings.HasSuffix(name, ".html"):
			for _, m := range meta.FindAllSubmatch(b, -1) {
				n++
				if marker.Match(m[1]) {
					t.Errorf("%s: description with a citation marker: %s", name, m[1])
				}
			}
		case strings.HasSuffix(name, "feed.xml"):
			var feed struct {
				Entries []struct {
					Summary string `xml:"summary"`
				} `xml:"entry"`
			}
			if err := xml.Unmarshal(b, &feed); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, e := range feed.Entries {
				n++
				if marker.MatchString(e.Summary) {
					t.Errorf("%s: entry summary with a citation marker: %s", name, e.Summary)
				}
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d descriptions and summaries checked", n)
	}
}
