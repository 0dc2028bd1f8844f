package sitegen

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestOptionalSections removes membership.yaml, every discrepancy and
// home.md: the site still builds, without those pages or their menu
// entries, and its home page comes from site.yaml.
func TestOptionalSections(t *testing.T) {
	fsys := loadSite(t)
	delete(fsys, "content/membership.yaml")
	delete(fsys, "content/discrepancies/numbers.md")
	delete(fsys, "content/home.md")
	res := mustBuild(t, fsys, Options{})
	for _, p := range []string{"membership/index.html", "discrepancies/index.html"} {
		if _, ok := res.Files[p]; ok {
			t.Errorf("%s is built although the dossier has nothing for it", p)
		}
	}
	home := string(res.Files["index.html"])
	for _, bad := range []string{`href="membership/"`, `href="discrepancies/"`} {
		if strings.Contains(home, bad) {
			t.Errorf("the home page links to a section that does not exist: %s", bad)
		}
	}
	contains(t, res.Files, "index.html", "<h1>Tiny dossier</h1>", "A test dossier.", `href="timeline/"`)
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

// TestMenuOrderAndLabels: site.yaml's menu orders and renames sections.
func TestMenuOrderAndLabels(t *testing.T) {
	fsys := loadSite(t)
	cfg := string(fsys["content/site.yaml"].Data) + "menu:\n  - section: sources\n    label: The texts\n  - section: timeline\n"
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte(cfg)}
	res := mustBuild(t, fsys, Options{})
	home := string(res.Files["index.html"])
	nav := home[strings.Index(home, "<nav"):]
	nav = nav[:strings.Index(nav, "</nav>")]
	i, j := strings.Index(nav, ">The texts<"), strings.Index(nav, ">Timeline<")
	if i < 0 || j < 0 || i > j {
		t.Errorf("menu not in site.yaml's order with its label:\n%s", nav)
	}
	if strings.Contains(nav, "membership/") {
		t.Errorf("menu lists a section site.yaml's menu leaves out:\n%s", nav)
	}
	contains(t, res.Files, "sources/index.html", "<h1>The texts</h1>")
	// The section left out of the menu still has its page.
	contains(t, res.Files, "membership/index.html", "The Pact")
}

// TestUnverifiedQuotes: a source without an original builds, and its
// quotes say on the page that they could not be checked, with a warning.
func TestUnverifiedQuotes(t *testing.T) {
	fsys := loadSite(t)
	src := string(fsys["content/sources/alpha.md"].Data)
	var kept []string
	for _, ln := range strings.Split(src, "\n") {
		if !strings.HasPrefix(ln, "original:") {
			kept = append(kept, ln)
		}
	}
	fsys["content/sources/alpha.md"] = &fstest.MapFile{Data: []byte(strings.Join(kept, "\n"))}
	res := mustBuild(t, fsys, Options{})
	contains(t, res.Files, "events/protests-begin/index.html", `class="unverified"`, "could not be checked")
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].String(), "content/sources/alpha.md:1:1: 2 quote(s) from this source are published marked unverified") {
		t.Errorf("warnings = %v, want one for alpha's 2 quotes", res.Warnings)
	}
}

// TestSiteStrings: site.yaml's strings: replace the theme's wording on
// pages and in templates.
func TestSiteStrings(t *testing.T) {
	fsys := loadSite(t)
	cfg := string(fsys["content/site.yaml"].Data) + "strings:\n  home.count.sources: texts we read\n  nav.timeline: Day by day\n"
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte(cfg)}
	res := mustBuild(t, fsys, Options{})
	contains(t, res.Files, "index.html", "texts we read", ">Day by day<")
	contains(t, res.Files, "timeline/index.html", "<h1>Day by day</h1>")
}

// TestUncitedAndStrict: a paragraph without a citation is a warning at its
// line, and an error with Strict; a body citation of a source missing from
// sources: is an error.
func TestUncitedAndStrict(t *testing.T) {
	fsys := loadSite(t)
	ev := string(fsys["content/events/troops-arrive.md"].Data) + "\nA sentence in the site's own voice.\n"
	fsys["content/events/troops-arrive.md"] = &fstest.MapFile{Data: []byte(ev)}
	res := mustBuild(t, fsys, Options{})
	line := strings.Count(ev, "\n") // the sentence is on the last line
	want := fmt.Sprintf("content/events/troops-arrive.md:%d:1: this paragraph cites no source; cite the source of what it says as [@source-id], or move editorial text to a page of content/pages/", line)
	if len(res.Warnings) != 1 || res.Warnings[0].String() != want {
		t.Errorf("warnings = %v\nwant %s", res.Warnings, want)
	}
	if _, err := Build(fsys, Options{Strict: true}); err == nil || err.Error() != want {
		t.Errorf("strict build: %v\nwant %s", err, want)
	}
}

// TestPrintedPagesSayWhere: every page's footer carries, for print, the
// address it was retrieved from.
func TestPrintedPagesSayWhere(t *testing.T) {
	res := mustBuild(t, loadSite(t), Options{})
	contains(t, res.Files, "events/protests-begin/index.html",
		`<p class="print-only" data-printed="Printed on {0}.">Retrieved from https://example.org/tiny/events/protests-begin/.</p>`)
}
